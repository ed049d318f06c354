// The Socket.IO side of the sessions benchmark, run by pm2 in cluster mode: connectionStateRecovery
// on, one room per client (the client names it in its handshake), a numbered message to each
// client's room every 50 ms, with the in-memory adapter (ADAPTER=memory) or the Redis Streams
// adapter (ADAPTER=redis-streams). WebSocket transport only: without sticky sessions, long
// polling cannot work under a cluster at all.
//
// The numbers are kept in Redis (INCR per room), not in a process: a client that reconnects to the
// other process keeps one sequence, so a gap in what it receives is a message that was numbered,
// sent and never delivered. Who sends for which room depends on what the adapter can reach:
// - in-memory: a process reaches only its own sockets, so it sends to the rooms of the sessions it
//   holds, connected or disconnected but still recoverable here (what recovery would replay);
// - Redis Streams: any process reaches every client, so room i is sent by instance i % 2 through
//   the adapter wherever the client is, and the stream keeps what a client away misses. pm2 reload
//   starts the new instance before it stops the old one: a lease in Redis lets one of them send at
//   a time, or two senders would interleave their numbers and the client see them out of order.
import {createServer} from "node:http";
import {createAdapter} from "@socket.io/redis-streams-adapter";
import {createClient} from "redis";
import {Server} from "socket.io";

const SEND_EVERY_MS = 50;
const KEEP_MS = 120_000;
const instance = Number(process.env.NODE_APP_INSTANCE ?? 0);
const streams = process.env.ADAPTER === "redis-streams";
const now = () => performance.timeOrigin + performance.now();

const counters = createClient({url: process.env.REDIS_URL});
await counters.connect();
let adapter;
if (streams) {
    const adapterClient = createClient({url: process.env.REDIS_URL});
    await adapterClient.connect();
    adapter = createAdapter(adapterClient, {maxLen: 100_000});
}

const http = createServer((req, res) => res.end("ready"));
const io = new Server(http, {transports: ["websocket"], adapter, connectionStateRecovery: {maxDisconnectionDuration: KEEP_MS, skipMiddlewares: true}});
// room -> when its last session here disconnected (0 while connected); in-memory adapter only.
const held = new Map();

io.on("connection", (socket) => {
    const room = String(socket.handshake.auth.room);
    if (!socket.recovered) socket.join(room);
    held.set(room, 0);
    socket.on("disconnect", () => held.set(room, Date.now()));
});

function roomsToSend() {
    if (streams) return Array.from({length: Number(process.env.ROOMS)}, (_, i) => i).filter((i) => i % 2 === instance).map(String);
    const expired = Date.now() - KEEP_MS;
    for (const [room, since] of held) if (since && since < expired) held.delete(room);
    return [...held.keys()];
}

const lease = `sender:${instance}`;
const token = String(process.pid);
async function holdsLease() {
    if ((await counters.set(lease, token, {NX: true, PX: 500})) === "OK") return true;
    return (await counters.get(lease)) === token && (await counters.pExpire(lease, 500)) === 1;
}

const sender = setInterval(async () => {
    if (streams && !(await holdsLease())) return;
    const rooms = roomsToSend();
    if (rooms.length === 0) return;
    // Commands of one turn go to Redis as one pipeline.
    const numbers = await Promise.all(rooms.map((room) => counters.incr(`seq:${room}`)));
    rooms.forEach((room, i) => io.to(room).emit("m", numbers[i], now()));
}, SEND_EVERY_MS);

// pm2 reload sends SIGINT, then SIGKILL 1.6 s later. The process stops numbering messages (nobody
// would deliver them), hands its lease over, and closes the server, which ends each socket with a
// reason that keeps its session for recovery ("server shutting down"); the adapter stores the
// sessions without telling when it is done, so the process waits a second before it exits.
process.on("SIGINT", async () => {
    clearInterval(sender);
    if ((await counters.get(lease)) === token) await counters.del(lease);
    io.close();
    setTimeout(() => process.exit(0), 1000);
});

http.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready on", process.env.PORT));
