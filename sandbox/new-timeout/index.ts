import "jopi-node-space"; // Needed here: nothing else installs the NodeSpace global.

const version = NodeSpace.app.getGeneration();
console.log(`Version #${version} loaded`);

// Fires in 2 s, unless the code reloads first: then it is cancelled along with the old code.
// highlight-next-line
NodeSpace.timer.newTimeout(2000, () => { console.log(`Version #${version}: 2 s without a reload`) });
