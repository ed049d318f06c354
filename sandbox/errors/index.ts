import {BadRequestError, JopiServer, WebSite} from "jopi-rewrite";

const server = new JopiServer();
const myWebSite = server.addWebsite(new WebSite("http://127.0.0.1:3000"));
server.startServer();

// A bug: the visitor gets a bare 500 page; the details go to the log, with the stack.
myWebSite.onGET("/broken", () => {
    // highlight-next-line
    throw new Error("the database is down");
});

// The visitor's mistake: a BadRequestError answers 400 with its message, and logs nothing.
myWebSite.onGET("/product/:id", req => {
    const id = Number(req.urlParams.id);
    // highlight-next-line
    if (!Number.isInteger(id)) throw new BadRequestError("The product id must be a number.");
    return req.textResponse("Product #", id);
});
