/** The page every throughput server answers: about 10 KB of HTML, so that compression matters. */
export const page = `<!doctype html><html><head><title>Bench</title></head><body>${Array.from(
    {length: 200},
    (_, i) => `<p>Paragraph ${i}: the quick brown fox jumps over the lazy dog.</p>`,
).join("\n")}</body></html>`;

export const port = Number(process.env.PORT ?? 3000);
