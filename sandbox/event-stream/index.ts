import {JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

// A sales dashboard: the browser opens /sales with EventSource and keeps it open.
// highlight-next-line
myWebSite.onGET("/sales", req => req.eventStream({channel: "sales", retryMs: 2000}));

// Every sale posted here is pushed to every open dashboard, through the "sales" channel: the
// streams opened by an older version of this file send what this version publishes.
myWebSite.onPOST("/sale", async req => {
    const sale = await req.json<{item: string; price: number}>();
    // highlight-next-line
    myWebSite.publishEvent("sales", {event: "sale", data: `${sale.item} sold for ${sale.price} EUR`});
    return req.textResponse("recorded");
});
