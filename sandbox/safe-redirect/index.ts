import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

// After signing in, go back where the visitor came from: /login?next=/account.
// `next` comes from the request, so anyone can write a link with ?next=//evil.example.
myWebSite.onGET("/login", req => {
    const next = req.searchParams.get("next") ?? "/";
    try {
        // highlight-next-line
        return req.redirectResponse(next);
    } catch {
        // redirectResponse refuses targets on another website (and javascript: ones): go home instead.
        return req.redirectResponse("/");
    }
});

// Leaving the website on purpose says so.
// highlight-next-line
myWebSite.onGET("/docs", req => req.redirectResponse("https://bun.sh/docs", {external: true}));
