import type {Check} from "../runner/check-harness.ts";

// Security: a website reads a request body up to its maxBodyBytes; a larger one answers 413 with a
// message that says the limit and how to raise it, logs nothing, and the website goes on serving.
export default async (h: Check) => {
    await h.start();

    (await h.post("/notes", "Buy milk.")).expectStatus(200).expectBody("Saved a note of 9 characters.");
    (await h.post("/notes", "x".repeat(5000))).expectStatus(413).expectBody(
        /^jopi-rewrite: the request body of POST 127\.0\.0\.1:\d+\/notes is larger than 1024 bytes \(maxBodyBytes of http:\/\/127\.0\.0\.1:\d+\); send less, or raise maxBodyBytes\.$/,
    );
    (await h.post("/notes", "x".repeat(1024))).expectStatus(200).expectBody("Saved a note of 1024 characters.");
    await h.sleep(200);
    h.expectCount(/notes/, 0, "lines logged about the refused note: a client's mistake is not a server error", {stream: "stderr"});
};
