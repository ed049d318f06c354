import "jopi-node-space"; // Needed here: nothing else installs the NodeSpace global.

const myRandom = Math.trunc(Math.random() * 1_000_000);
let ticks = 0;

// Like setInterval(fn, 1000), with the delay first, and stopped by itself at the next reload.
// highlight-next-line
NodeSpace.timer.newInterval(1000, () => {
    console.log("Timer (newInterval)", myRandom);
    // Returning false stops the timer: this one ticks three times at most.
    if (++ticks === 3) return false;
});
