import {brotliCompressSync, constants} from "node:zlib";

/** The page every throughput server answers: about 10 KB of HTML, so that compression matters. */
export const page = `<!doctype html><html><head><title>Bench</title></head><body>${Array.from(
    {length: 200},
    (_, i) => `<p>Paragraph ${i}: the quick brown fox jumps over the lazy dog.</p>`,
).join("\n")}</body></html>`;

export const port = Number(process.env.PORT ?? 3000);

/**
 * The page compressed once, as jopi-rewrite's cache does it (gzip level 6, brotli quality 5), for
 * the servers that do by hand what the cache does.
 */
export const compressed = {
    gzip: Bun.gzipSync(page, {level: 6}),
    br: brotliCompressSync(page, {params: {[constants.BROTLI_PARAM_QUALITY]: 5}}),
    etag: `"${Bun.hash(page).toString(16)}"`,
};
