import {afterEach, expect, test} from "bun:test";
import {connect} from "node:net";
import {endAll} from "hot-harness";
import {mb, rssOf, startServerProcess} from "./process-memory.ts";
import {rawRequest} from "./raw-http.ts";

afterEach(endAll);

// Two websites on one port: the port's cap (Bun's maxRequestBodySize) is the larger limit, 8 MiB,
// so a body between 1 and 8 MiB for the small website is stopped by its body helpers.
const app = `import {JopiServer, WebSite} from "jopi-rewrite";
const server = new JopiServer();
const small = server.addWebsite(new WebSite("http://127.0.0.1"));
const large = server.addWebsite(new WebSite("http://localhost", {maxBodyBytes: 8 * 1024 * 1024}));
for (const site of [small, large]) {
    site.onPOST("/text", async (req) => req.textResponse(\`read \${(await req.text()).length}\`));
    site.onPOST("/json", async (req) => req.jsonResponse(await req.json()));
    site.onPOST("/form", async (req) => req.textResponse(String((await req.formData()).get("a"))));
}
server.startServer();
`;

interface Answer {
    /** 0 when the connection was reset before an answer could be read. */
    status: number;
    body: string;
    /** Body bytes the client managed to send before the answer came. */
    sent: number;
}

/**
 * POSTs `total` bytes, announced by Content-Length or as a chunked body (no length to check
 * first), 1 MiB at a time, as a client that streams an upload does;
 * stops sending as soon as the answer arrives (or the server closes), and reads the whole answer.
 * A server that answers early and closes while the upload is still coming resets the connection
 * (TCP does so when unread bytes are discarded), which may cost the client the answer: status 0.
 * With `finish: false`, a chunked body is left without its last chunk: the client waits for the answer.
 */
function post(port: number, host: string, path: string, total: number, framing: "length" | "chunked", {finish = true} = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
        const socket = connect(port, "127.0.0.1");
        let received = "";
        let sent = 0;
        let answered = false;
        const chunk = Buffer.alloc(2 ** 20, "x");
        socket.on("data", (data) => {
            received += data.toString("latin1");
            answered = true;
        });
        socket.on("error", () => {});
        socket.on("close", () => {
            const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
            if (!match && received !== "") return reject(new Error(`not an HTTP answer after ${sent} bytes sent: ${JSON.stringify(received)}`));
            resolve({status: Number(match?.[1] ?? 0), body: received.slice(received.indexOf("\r\n\r\n") + 4), sent});
        });
        socket.on("connect", async () => {
            const length = framing === "length" ? `Content-Length: ${total}` : "Transfer-Encoding: chunked";
            socket.write(`POST ${path} HTTP/1.1\r\nHost: ${host}\r\n${length}\r\nConnection: close\r\n\r\n`);
            while (sent < total && !answered && !socket.destroyed) {
                const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
                const flushed = framing === "length" ? socket.write(part) : socket.write(`${part.length.toString(16)}\r\n`) && socket.write(part) && socket.write("\r\n");
                sent += part.length;
                if (!flushed) await new Promise((drained) => socket.once("drain", drained).once("close", drained));
            }
            if (framing === "chunked" && finish && !answered && !socket.destroyed) socket.write("0\r\n\r\n");
        });
    });
}

const tooLarge = (method: string, host: string, path: string, limit: number, origin: string) =>
    `jopi-rewrite: the request body of ${method} ${host}${path} is larger than ${limit} bytes (maxBodyBytes of ${origin}); send less, or raise maxBodyBytes.`;

// The port refuses 120 MB announced by Content-Length itself (past its 8 MiB cap); chunked, with no
// length announced, the body helper of the 1 MiB website stops reading at its limit.
for (const framing of ["length", "chunked"] as const) {
    test(`four concurrent 120 MB uploads (${framing}) to a 1 MiB website are cut off after a few MB (413, or a reset while still sending) and leave the server's memory flat`, async () => {
        const {app: server, port} = await startServerProcess(app);
        const before = rssOf(server.child.pid);
        const answers = await Promise.all(Array.from({length: 4}, () => post(port, `127.0.0.1:${port}`, "/text", 120 * 2 ** 20, framing)));
        const after = rssOf(server.child.pid);
        console.log(`server RSS: ${mb(before)} before, ${mb(after)} after four 120 MB uploads (${framing}; sent ${answers.map((a) => mb(a.sent)).join(", ")}; answers ${answers.map((a) => a.status)})`);
        for (const answer of answers) {
            expect([0, 413]).toContain(answer.status);
            if (answer.status === 413 && framing === "chunked") expect(answer.body).toBe(tooLarge("POST", `127.0.0.1:${port}`, "/text", 1_048_576, `http://127.0.0.1:${port}`));
            // Cut off: a server that read on would take all 120 MB.
            expect(answer.sent).toBeLessThan(16 * 2 ** 20);
        }
        expect(after - before).toBeLessThan(64 * 2 ** 20);
        // A chunked upload is refused by the helper, which answers before it closes. A client still
        // sending may miss that answer (a reset); one that has stopped just past the limit reads it.
        if (framing === "chunked") {
            const waiting = await post(port, `127.0.0.1:${port}`, "/text", 2 ** 20 + 1024, framing, {finish: false});
            expect(waiting).toMatchObject({status: 413, body: tooLarge("POST", `127.0.0.1:${port}`, "/text", 1_048_576, `http://127.0.0.1:${port}`)});
        }
    }, 120_000);
}

test("each website reads up to its own maxBodyBytes; text, json and formData alike; the port refuses past the largest", async () => {
    const {app: server, port} = await startServerProcess(app);
    const json = JSON.stringify({big: "y".repeat(2 * 2 ** 20)});
    const ask = (host: string, path: string, body: string, type: string) =>
        fetch(`http://127.0.0.1:${port}${path}`, {method: "POST", headers: {host: `${host}:${port}`, "content-type": type}, body});
    const small = await ask("127.0.0.1", "/json", json, "application/json");
    expect([small.status, await small.text()]).toEqual([413, tooLarge("POST", `127.0.0.1:${port}`, "/json", 1_048_576, `http://127.0.0.1:${port}`)]);
    const form = await ask("127.0.0.1", "/form", `a=${"z".repeat(2 * 2 ** 20)}`, "application/x-www-form-urlencoded");
    expect(form.status).toBe(413);
    const large = await ask("localhost", "/json", json, "application/json");
    expect([large.status, (await large.json()).big.length]).toEqual([200, 2 * 2 ** 20]);
    expect((await ask("localhost", "/form", "a=1", "application/x-www-form-urlencoded")).status).toBe(200);
    // Chunked, with no Content-Length to check first: the helper counts as it reads.
    expect(await post(port, `localhost:${port}`, "/text", 3 * 2 ** 20, "chunked")).toMatchObject({status: 200, body: `read ${3 * 2 ** 20}`});
    // Refused at 1 MiB while the client still sends: the 413 arrives, or the close resets the connection first.
    expect([413, 0]).toContain((await post(port, `127.0.0.1:${port}`, "/text", 3 * 2 ** 20, "chunked")).status);
    // Past the port's cap (4 x 8 MiB), Bun itself refuses, before any handler runs.
    const announced = `POST /text HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Length: ${40 * 2 ** 20}\r\n\r\n`;
    expect(await rawRequest(port, [announced])).toEqual({status: 413});
    // The server keeps serving.
    expect(await (await ask("127.0.0.1", "/text", "small", "text/plain")).text()).toBe("read 5");
    expect(server.stderr.lines.filter((line) => line.includes("failed"))).toEqual([]);
}, 120_000);
