import "jopi-node-space"; // Installs the NodeSpace global (the page's playground provides it).

const counter = NodeSpace.app.keepOnHotReload("counter", () => ({ticks: 0}));

NodeSpace.timer.newInterval(1000, () => {
    counter.ticks++;
    console.log(`tick #${counter.ticks}`);
});

NodeSpace.app.onHotReload(() => {
    console.log("onHotReload: my version is being replaced");
});
