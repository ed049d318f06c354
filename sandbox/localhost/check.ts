import type {Check} from "../runner/check-harness.ts";

// Getting started: localhost is this machine. The one website declared as 127.0.0.1 answers to
// localhost and [::1] too; another host name still gets the 404; with two websites for this
// machine on the port, localhost gets a 404 that names them.
export default async (h: Check) => {
    await h.start();
    const host = (name: string) => ({headers: {host: `${name}:${h.port}`}});

    (await h.get("/", host("localhost"))).expectStatus(200).expectBody(`<h1>Hello! You asked for localhost:${h.port}</h1>`);
    (await h.get("/", host("[::1]"))).expectStatus(200).expectBody(`<h1>Hello! You asked for [::1]:${h.port}</h1>`);
    for (const other of ["localhost.example.com", "a.localhost", "127.0.0.2"]) {
        (await h.get("/", host(other))).expectStatus(404).expectBody(`Not Found: no website for host "${other}" on port ${h.port}.`);
    }

    await h.edit("index.ts", (src) => src.replace("server.startServer();", 'server.addWebsite(new WebSite("http://[::1]:3000"));\nserver.startServer();'), "add a second website for this machine, at [::1]");
    (await h.get("/", host("localhost"))).expectStatus(404).expectBody(
        `Not Found: no website for host "localhost" on port ${h.port}. 2 websites on this port answer for this machine: http://127.0.0.1:${h.port}, http://[::1]:${h.port}. Use one of their host names.`,
    );
    (await h.get("/", host("127.0.0.1"))).expectStatus(200).expectBody(`<h1>Hello! You asked for 127.0.0.1:${h.port}</h1>`);
};
