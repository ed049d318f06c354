import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1:3000"));

// A path parameter: /user/42 gives req.urlParams.id === "42".
// highlight-next-line
site.onGET("/user/:id", req => {
    return req.jsonResponse({id: req.urlParams.id, tab: req.searchParams.get("tab")});
});

// A wildcard: everything after /files/ lands in req.urlParams.path.
// highlight-next-line
site.onGET("/files/**:path", req => {
    return req.textResponse("You asked for the file ", req.urlParams.path);
});

// A POST with a JSON body. A body that isn't JSON gets a 400 by itself.
site.onPOST("/api/greet", async req => {
    const {name} = await req.json<{name: string}>();
    return req.jsonResponse({greeting: `Hello ${name}!`}, {status: 201});
});

// Every other path answers 404 Not Found.

server.startServer();
