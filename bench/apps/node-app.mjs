import {createServer} from "node:http";

createServer((req, res) => res.end("VERSION")).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready on", process.env.PORT));
