import type {HotProcess} from "hot-harness";

/** A test program whose every version prints `loaded <generation>` once its top level has run. */
export function version(n: number, body: string): string {
    return `import "jopi-node-space";\nconst g = NodeSpace.app.getGeneration();\n${body}\nconsole.log(\`loaded \${g} reload=\${NodeSpace.app.isHotReload()}\`); // version ${n}\n`;
}

/** Rewrites the program as its version `n` and waits until Bun has loaded it. */
export async function reloadTo(app: HotProcess, n: number, body: string): Promise<void> {
    app.write("index.ts", version(n, body));
    await app.stdout.waitFor(`loaded ${n} `);
}
