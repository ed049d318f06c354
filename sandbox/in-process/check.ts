import type {Check} from "../runner/check-harness.ts";

// Testing without a socket: site.fetch() and server.fetch() answer requests in-process, as the
// server would, without startServer().
export default async (h: Check) => {
    await h.start({ready: /^200 /});
    await h.expectLine('404 Not Found: no website for host "example.com" on port 3000.');
    h.expectCount(/^Website started/, 0, "lines saying a website started: no port was opened");
};
