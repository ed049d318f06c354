import {JopiServer, WebSite} from "jopi-rewrite";
// No `import "jopi-node-space"` here: importing jopi-rewrite installs the NodeSpace global.

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

myWebSite.onGET("/", req => {
    // highlight-next-line
    return req.htmlResponse("This is version #", NodeSpace.app.getGeneration(), " of the code");
});

// highlight-next-line
NodeSpace.app.onHotReload(() => { console.log("Hot reloading !") });
