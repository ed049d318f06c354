import {createServer} from "node:http";

// The restart bench's app: a page to GET, and a POST that reads its whole body before answering.
createServer((req, res) => {
    if (req.method !== "POST") return res.end("VERSION");
    let length = 0;
    req.on("data", (chunk) => (length += chunk.length));
    req.on("end", () => res.end(`${length} bytes`));
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready on", process.env.PORT));
