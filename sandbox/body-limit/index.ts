import {JopiServer, WebSite} from "jopi-rewrite";

// Every website reads at most 1 MiB of a request's body by default. This one takes short notes,
// so it asks for less: a larger body answers 413, and is never read into memory whole.
const server = new JopiServer();
// highlight-next-line
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000", {maxBodyBytes: 1024}));
server.startServer();

myWebSite.onPOST("/notes", async req => {
    const note = await req.text();
    return req.textResponse(`Saved a note of ${note.length} characters.`);
});
