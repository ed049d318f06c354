import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const site = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
site.onGET("/hello/:name", req => req.textResponse("Hello ", req.urlParams.name, "!"));

// No server.startServer(): no port is opened, yet the website answers.
// site.origin is the website's URL, with the port PORT may have set.
// highlight-next-line
const res = await site.fetch(new Request(`${site.origin}/hello/Ada`));
console.log(res.status, await res.text());

// server.fetch() chooses the website by host and port, as the sockets do.
// highlight-next-line
const other = await server.fetch(new Request("http://example.com:3000/"));
console.log(other.status, await other.text());
