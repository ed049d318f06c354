import type {Check} from "../runner/check-harness.ts";

// keepOnHotReload: the counter object is handed to the new version of the code, so the count
// goes on after a reload instead of starting again at 0.
export default async (h: Check) => {
    await h.start();
    (await h.get("/")).expectStatus(200).expectBody("Is request #0");
    (await h.get("/")).expectBody("Is request #1");

    await h.edit("index.ts", (src) => src.replace('"Is request #"', '"This is request #"'), "reword the page");
    await h.expectLine("Hot reloading !");
    (await h.get("/")).expectBody("This is request #2");
};
