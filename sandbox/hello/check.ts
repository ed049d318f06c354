import type {Check} from "../runner/check-harness.ts";

// Getting started: the site answers, and an edit is served by the next request, with no restart.
export default async (h: Check) => {
    await h.start();
    (await h.get("/")).expectStatus(200).expectHeader("content-type", "text/html; charset=utf-8").expectBody("<h1>Hello world!</h1>");

    await h.edit("index.ts", (src) => src.replace("Hello world!", "Hello Jopi!"), "change the text");
    (await h.get("/")).expectStatus(200).expectBody("<h1>Hello Jopi!</h1>");
};
