/**
 * Test helpers that drive programs under `bun --hot` for real: scratch copies, file edits,
 * output waits, free ports, and no process left behind.
 * @module
 */
export {BUN, HotProcess, REPO_ROOT, endAll, killGroup, startHot, type StartOptions} from "./hot-process.ts";
export {endWithThisProcess} from "./reaper.ts";
export {LineLog, WaitTimeout, type WaitOptions} from "./line-log.ts";
export {freePort} from "./ports.ts";
export {SocketClient, StreamClient, type Ending, type StreamEvent} from "./socket-client.ts";
export {ReconnectingStream} from "./reconnecting-stream.ts";
export {RedisServer, redisBinary, type RedisServerOptions} from "./redis-server.ts";
export {NginxServer, nginxBinary, opensslBinary} from "./nginx-server.ts";
export {KeepAliveConnection, keepAliveLoad, type Answer, type KeepAliveLoad, type LoadStats} from "./keep-alive-load.ts";
