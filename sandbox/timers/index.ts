import "jopi-node-space"; // Needed here: nothing else installs the NodeSpace global.

const myRandom = Math.trunc(Math.random() * 1_000_000);
const timerId = setInterval(() => { console.log("Timer ", myRandom) }, 1000);

// A reload does not stop timers. Without this line, each reload adds one more.
// highlight-next-line
NodeSpace.app.onHotReload(() => { clearInterval(timerId) });
