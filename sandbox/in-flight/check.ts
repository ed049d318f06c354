import type {Check} from "../runner/check-harness.ts";

// "Ongoing connections are not interrupted": a request in flight during a reload finishes with
// the old code, while the requests that arrive after the reload get the new code.
export default async (h: Check) => {
    await h.start();
    (await h.get("/")).expectBody("Answered by version 1");

    const slow = h.get("/slow");
    await h.sleep(300); // Time for the request to reach its handler.
    h.note("> GET /slow is in flight: its handler waits 2 s before answering");
    await h.edit("index.ts", (src) => src.replace('"version 1"', '"version 2"'), "version 2, while /slow is in flight");

    (await h.get("/")).expectStatus(200).expectBody("Answered by version 2");
    (await slow).expectStatus(200).expectBody("Slow page answered by version 1");
    h.note("= the request in flight was not dropped: it finished with the code it started with");
};
