import type {Check} from "../runner/check-harness.ts";

const LINE = "initMemoryCache({clearOnHotReload: true});";

// The memory cache is kept across reloads by default; initMemoryCache({clearOnHotReload: true})
// empties it at each reload, the one that turns it on included. Shown by commenting, then
// uncommenting, the line in the copy.
export default async (h: Check) => {
    h.label(/^< (.*\d{1,2}[:.]\d{2}[:.]\d{2}.*)$/, "date");
    // toLocaleString() counts in seconds: before each reload that should give a new page, one
    // second passes, so that a new page always shows a new date.
    let pageMadeAt = 0;
    const secondPassed = () => h.sleep(Math.max(0, 1100 - (Date.now() - pageMadeAt)));

    await h.edit("index.ts", (src) => src.replace(LINE, `// ${LINE}`), "comment out initMemoryCache: the default, the cache is kept");
    await h.start();
    const first = (await h.get("/")).expectStatus(200);
    pageMadeAt = Date.now();
    (await h.get("/")).expectBody(first.text);
    await h.save("index.ts", "save it: a reload");
    (await h.get("/")).expectBody(first.text);
    h.note("= the same page after the reload: the cache was kept");

    await secondPassed();
    await h.edit("index.ts", (src) => src.replace(`// ${LINE}`, LINE), "uncomment initMemoryCache: the cache is emptied at each reload");
    const second = (await h.get("/")).expectStatus(200);
    pageMadeAt = Date.now();
    h.claim(second.text !== first.text, "a new page: this very reload emptied the cache", {expected: "another date", actual: second.text});
    (await h.get("/")).expectBody(second.text);

    await secondPassed();
    await h.save("index.ts", "save it again: a reload");
    const third = (await h.get("/")).expectStatus(200);
    h.claim(third.text !== second.text, "a new page again: emptied at each reload", {expected: "another date", actual: third.text});
};
