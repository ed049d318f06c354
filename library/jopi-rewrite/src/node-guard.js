// The entry Node.js gets (the "node" condition of package.json). The library serves with Bun.serve
// and loads its TypeScript through Bun, so under Node the real entry fails with an error that names
// neither Bun nor the fix; this says both in one line. The version is the one `engines.bun` gives.
console.error(`jopi-rewrite: this package runs on Bun (>= 1.2.9), not Node.js ${process.version}. Run your app with bun (https://bun.sh).`);
process.exit(1);
