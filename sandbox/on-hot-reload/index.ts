import "jopi-node-space"; // Needed here: nothing else installs the NodeSpace global.

// Runs once, when the next version of this file is loaded.
// highlight-next-line
NodeSpace.app.onHotReload(() => { console.log("Hot reloading !") });

console.log("Loaded: save this file to reload it.");
