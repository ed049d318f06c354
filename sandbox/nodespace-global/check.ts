import type {Check} from "../runner/check-harness.ts";

// NodeSpace is there with only `import ... from "jopi-rewrite"`: no import of jopi-node-space.
export default async (h: Check) => {
    h.claim(!/^import "jopi-node-space"/m.test(h.read("index.ts")), "index.ts does not import jopi-node-space");
    await h.start();
    (await h.get("/")).expectStatus(200).expectBody("This is version #1 of the code");

    await h.save("index.ts", "save it: a reload");
    await h.expectLine("Hot reloading !");
    (await h.get("/")).expectBody("This is version #2 of the code");
};
