// Requests no polite client sends, built from parts so that 10,000 of them cover the combinations.
const methods = ["GET", "BREW", "get", "G E T", "X".repeat(5000), "DELETE", "POST", "\u0000GET", "PROPFIND", "CONNECT"];
const paths = [
    "/", "/../../etc/passwd", "/%", "/%zz", "/user/%E0%A4%A", "/user/%00", "/" + "a".repeat(70_000), "//", "*",
    "http://evil.example/", "/?" + "&x".repeat(3000), "/user/..%2f..%2fetc", "/\u00ff\u00fe", "/nowhere/at/all", "/cached?q=%",
];
const hosts = ["127.0.0.1:PORT", "unknown.example", "", "127.0.0.1:99999", "[::1]", "a".repeat(10_000), "127.0.0.1:PORT\r\nHost: other"];
const extras = [
    "",
    "Content-Length: 5\r\n\r\nhello",
    "Content-Length: abc\r\n",
    "Content-Length: -1\r\n",
    "Content-Length: 5\r\nContent-Length: 6\r\n",
    "Transfer-Encoding: chunked\r\n\r\nzz\r\nnot hex\r\n",
    "X-Huge: " + "h".repeat(200_000) + "\r\n",
    Array.from({length: 300}, (_, i) => `X-Many-${i}: ${i}\r\n`).join(""),
    "No colon here\r\n",
    "Bad\u0000Header: x\r\n",
];
const versions = ["HTTP/1.1", "HTTP/1.0", "HTTP/9.9", "HTTP/1.1 extra", ""];

/** The `index`-th odd request, deterministic, with `PORT` replaced. */
export function oddRequest(index: number, port: number): string {
    if (index % 97 === 0) return "\r\n\r\n";
    if (index % 89 === 0) return String.fromCharCode(...Array.from({length: 64}, (_, i) => (i * 37 + index) % 256));
    const method = methods[index % methods.length]!;
    const path = paths[Math.floor(index / methods.length) % paths.length]!;
    const host = hosts[Math.floor(index / 7) % hosts.length]!.replaceAll("PORT", String(port));
    const extra = extras[Math.floor(index / 3) % extras.length]!;
    const version = versions[Math.floor(index / 11) % versions.length]!;
    const hostLine = host ? `Host: ${host}\r\n` : "";
    const end = extra.includes("\r\n\r\n") ? "" : "\r\n";
    return `${method} ${path} ${version}\r\n${hostLine}Connection: close\r\n${extra}${end}`;
}
