import type {Check} from "../runner/check-harness.ts";

// "The only shared area is globalThis": after a reload, a module's variables start over, while
// what the code put on globalThis is still there.
export default async (h: Check) => {
    await h.start();
    (await h.get("/")).expectStatus(200).expectBody("module variable: 1, globalThis: 1");
    (await h.get("/")).expectBody("module variable: 2, globalThis: 2");

    await h.save("index.ts", "save it: a reload");
    (await h.get("/")).expectBody("module variable: 1, globalThis: 3");
};
