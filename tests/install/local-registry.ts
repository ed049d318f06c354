/**
 * A throwaway npm registry on a loopback port, for installing the packed libraries exactly as a
 * user installs published ones (`npm install jopi-rewrite`, an alias to the scoped package)
 * without publishing them. It serves the given tarballs under their published names and passes
 * every other request to the public registry, so their dependencies come from where a user's do.
 * @module
 */
import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {basename} from "node:path";
import type {Tarball} from "../../pack/stage.ts";

const UPSTREAM = "https://registry.npmjs.org";

/** Packuments by package name, and tarball bytes by URL path. */
interface Served {
    packuments: Map<string, unknown>;
    files: Map<string, Uint8Array<ArrayBuffer>>;
}

function serve(tarballs: Tarball[], origin: string): Served {
    const served: Served = {packuments: new Map(), files: new Map()};
    for (const {name, version, path: file} of tarballs) {
        const bytes = new Uint8Array(readFileSync(file));
        const path = `/${name}/-/${basename(file)}`;
        served.files.set(path, bytes);
        served.packuments.set(name, {
            name,
            "dist-tags": {latest: version},
            versions: {
                [version]: {
                    ...JSON.parse(manifestOf(bytes)),
                    _id: `${name}@${version}`,
                    dist: {
                        tarball: `${origin}${path}`,
                        shasum: createHash("sha1").update(bytes).digest("hex"),
                        integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
                    },
                },
            },
        });
    }
    return served;
}

/** The `package/package.json` entry of a packed tarball (ustar: 512-byte headers, then the data). */
function manifestOf(tgz: Uint8Array<ArrayBuffer>): string {
    const tar = Bun.gunzipSync(tgz);
    const text = new TextDecoder();
    for (let offset = 0; offset + 512 <= tar.length; ) {
        const name = text.decode(tar.subarray(offset, offset + 100)).replace(/\0.*$/s, "");
        const size = parseInt(text.decode(tar.subarray(offset + 124, offset + 136)).replace(/\0.*$/s, "").trim() || "0", 8);
        if (name === "package/package.json") return text.decode(tar.subarray(offset + 512, offset + 512 + size));
        offset += 512 + Math.ceil(size / 512) * 512;
    }
    throw new Error("local registry: a tarball has no package/package.json");
}

/**
 * Starts the registry; `stop()` closes it.
 *
 * @example const registry = startLocalRegistry(tarballs); // npm install --registry registry.url ...
 */
export function startLocalRegistry(tarballs: Tarball[]): {url: string; stop: () => void} {
    let served: Served | undefined;
    const server = Bun.serve({
        hostname: "127.0.0.1",
        port: 0,
        async fetch(request) {
            const {pathname} = new URL(request.url);
            const name = decodeURIComponent(pathname.slice(1));
            const file = served!.files.get(pathname);
            if (file) return new Response(file, {headers: {"content-type": "application/octet-stream"}});
            const packument = served!.packuments.get(name);
            // no-store: a later run reuses the npm cache, and must not get this run's metadata.
            if (packument) return Response.json(packument, {headers: {"cache-control": "no-store"}});
            const upstream = await fetch(`${UPSTREAM}${pathname}`, {headers: {accept: request.headers.get("accept") ?? "application/json"}});
            return new Response(await upstream.arrayBuffer(), {status: upstream.status, headers: {"content-type": upstream.headers.get("content-type") ?? "application/json"}});
        },
    });
    const url = `http://127.0.0.1:${server.port}/`;
    served = serve(tarballs, url.slice(0, -1));
    return {url, stop: () => void server.stop(true)};
}
