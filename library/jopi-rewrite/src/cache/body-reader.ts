/**
 * Reading a response body into memory without ever holding more than the cache could store:
 * a client or an upstream can send a body of any size, and the cache must not become the way
 * to exhaust the process's memory.
 * @module
 */

function replay(chunks: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
        start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk);
        },
        async pull(controller) {
            const read = await reader.read();
            if (read.done) controller.close();
            else controller.enqueue(read.value);
        },
        cancel(reason) {
            return reader.cancel(reason);
        },
    });
}

/**
 * The bytes of `chunks` (`total` in all) in one array, joined with web APIs only: the library also
 * runs in a browser page, which has no Buffer.
 *
 * @example concat([new Uint8Array([1]), new Uint8Array([2])], 2); // Uint8Array [1, 2]
 * @see https://jopi-rewrite.dev/docs/security#limits
 */
export function concat(chunks: Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
    const first = chunks[0];
    // Bun hands out chunks over plain ArrayBuffers; the check only keeps the types honest.
    if (chunks.length === 1 && first!.buffer instanceof ArrayBuffer) return first as Uint8Array<ArrayBuffer>;
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
    }
    return bytes;
}

/**
 * Reads a response's body if it is at most `limit` bytes. Otherwise gives back a response that
 * still sends the whole body (the part read so far, then the rest, streamed), reading no further.
 *
 * @example const read = await readBodyUpTo(response, 1024 * 1024); if (read instanceof Response) return read;
 * @see https://jopi-rewrite.dev/docs/in-memory-cache
 */
export async function readBodyUpTo(response: Response, limit: number): Promise<Uint8Array<ArrayBuffer> | Response> {
    if (response.bodyUsed) {
        throw new TypeError(
            "jopi-rewrite: the response given to the cache has a body that was already read. " +
                "Hand the response to the cache before reading it, or pass response.clone().",
        );
    }
    // fetch() decodes gzip and br bodies but leaves the encoded length in Content-Length, so that
    // length says nothing of the bytes read then (a 1 MB gzip body can decode to 1 GB).
    const coding = response.headers.get("content-encoding");
    const declared = coding === null || coding === "identity" ? Number(response.headers.get("content-length") ?? Number.NaN) : Number.NaN;
    if (declared > limit) return response;
    // A declared length bounds the read already, and lets Bun read the body in one piece.
    if (declared >= 0) return new Uint8Array(await response.arrayBuffer());
    if (!response.body) return new Uint8Array(0);

    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
        chunks.push(read.value);
        total += read.value.byteLength;
        if (total > limit) {
            const {status, statusText, headers} = response;
            return new Response(replay(chunks, reader), {status, statusText, headers});
        }
    }
    return concat(chunks, total);
}
