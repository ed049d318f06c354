import type {Check} from "../runner/check-harness.ts";

// Errors: a handler that throws gets a generic 500 and the error goes to the log, with the request
// that failed; a BadRequestError gets a 400 with its message and no log; the site goes on serving.
export default async (h: Check) => {
    // Bun prints the lines of code around the throw right after the message: not shown here.
    h.normalize(/(answered 500\.)\s+\d+ \|.*$/, "$1");
    await h.start();

    (await h.get("/broken")).expectStatus(500).expectBody("Internal Server Error");
    await h.expectLine(/^jopi-rewrite: GET 127\.0\.0\.1:\d+\/broken failed; answered 500\./, {stream: "stderr"});
    await h.expectLine("error: the database is down", {stream: "stderr"});

    (await h.get("/product/abc")).expectStatus(400).expectBody("The product id must be a number.");
    (await h.get("/product/7")).expectStatus(200).expectBody("Product #7");
    await h.sleep(200);
    h.expectCount(/\/product\//, 0, "lines logged about /product/abc: the visitor's mistake is not a server error", {stream: "stderr"});
};
