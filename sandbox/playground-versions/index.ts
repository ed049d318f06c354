import "jopi-node-space"; // Installs the NodeSpace global (the page's playground provides it).

if (NodeSpace.app.isHotReload()) {
    console.log(`reload: version #${NodeSpace.app.getGeneration()} is running`);
} else {
    console.log("first start: version #1");
}

const loads = NodeSpace.app.keepOnHotReload("loads", () => ({count: 0}));
loads.count++;
console.log(`this code was loaded ${loads.count} time(s)`);

// Cancelled if the next version runs within 3 s.
NodeSpace.timer.newTimeout(3000, () => console.log("3 s without a reload"));

// Uncomment this line: from the next save on, the count starts over each time.
// NodeSpace.app.clearHotReloadKey("loads");
