import {createServer} from "node:net";

/**
 * A TCP port that is free on 127.0.0.1 right now, chosen by the kernel, so that parallel tests
 * and checks never fight over a fixed number and no root is needed.
 */
export function freePort(): Promise<number> {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            const port = typeof address === "object" && address ? address.port : 0;
            server.close(() => resolvePort(port));
        });
    });
}
