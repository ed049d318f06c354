import "jopi-node-space"; // Needed here: nothing else installs the NodeSpace global.

// highlight-start
if (NodeSpace.app.isHotReload()) {
    console.log(`Hot reload: version #${NodeSpace.app.getGeneration()} of the code is running`);
} else {
    console.log("First start: version #1 of the code is running");
}
// highlight-end
