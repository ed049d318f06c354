/**
 * The shape of bench/results/latest.json, as `npm run bench` (bench/run-all.ts)
 * writes it, and the number formats the Performance page uses.
 *
 * tests/e2e/performance-page.ts assigns the committed file to BenchResults, so
 * `npm run typecheck:docs` fails if the bench and the page stop agreeing.
 */

export interface MachineInfo {
  cpus: number;
  /** Absent when Node cannot name the CPU. */
  cpuModel?: string;
  memoryGB: number;
  /** `bun --version` of the Bun binary the Bun contenders ran on. */
  bun: string;
  /** `node --version` of the node binary the `node --watch` contender ran on (not the Node.js version Bun reports about itself). */
  node: string;
  /** Installed versions of the frameworks compared with jopi-rewrite. */
  hono: string;
  elysia: string;
  /** A hash of the machine's name and hardware, to tell whether a check runs where the bench ran; absent in a record made before it was taken. */
  fingerprint?: string;
}

export interface ThroughputResults {
  /** scenario -> server -> requests per second of one core, each round */
  rounds: Record<string, Record<string, number[]>>;
  /** scenario -> server -> median of the rounds */
  medians: Record<string, Record<string, number>>;
  /** scenario -> server -> its figure over raw Bun.serve's, measured at the same time, each round */
  ratios: Record<string, Record<string, number[]>>;
  /** scenario -> server -> median of those ratios */
  ratioMedians: Record<string, Record<string, number>>;
  /** scenario -> server -> the median of its ratios with its 95% interval; absent from results written before intervals. */
  ratioIntervals?: Record<string, Record<string, Interval>>;
  /** raw Bun.serve against a second copy of itself, on the plain route: the method's own noise. */
  control: {ratios: number[]; median: number; interval?: Interval};
  /** Seconds of load per pair; absent from results written before it was recorded (2 s then). */
  roundSeconds?: number;
  /**
   * wrk's largest CPU share of its core (one wrk, and the two of a pair together), its pipeline
   * depth, and raw Bun.serve's plain route alone on its core, pipelined and not.
   */
  generator: {wrkCpuMax: number; wrkPairCpuMax: number; pipelineDepth: number; aloneRawRps: number; unpipelinedRawRps: number};
}

export interface UnderLoadResult {
  name: string;
  requests: number;
  failed: number;
  non2xx: number;
  longestGapMs: number;
  rps: number;
  edits: number;
}

/** The kinds of client of the restart bench (bench/restart-load.ts), all running at once. */
export type RestartClientKind = 'keep-alive GET' | 'connection per request' | 'keep-alive POST, 4 KB';

/** What one kind of client saw over the restarts, from its own process. */
export interface RestartClientResult {
  /** A RestartClientKind; a string here, as the bench's JSON file reads back. */
  kind: string;
  clients: number;
  /** Complete answers. */
  requests: number;
  /** Requests without a complete answer (refused, reset, closed under them), never retried. */
  failed: number;
  non2xx: number;
  longestGapMs: number;
  rps: number;
  /** The load process's CPU time over the run's wall time, in cores: near 1, this client was the limit. */
  cpuShare: number;
  /** Failed requests by cause: ECONNRESET, ECONNREFUSED, "connection closed by the server"... */
  errors: Partial<Record<string, number>>;
}

/**
 * Restarts under load (bench/rolling-restart.ts), one way of restarting. The top-level figures are
 * the keep-alive GET clients'; `clients` has every kind.
 */
export interface RestartResult {
  name: string;
  restarts: number;
  requests: number;
  failed: number;
  non2xx: number;
  longestGapMs: number;
  rps: number;
  seconds: number;
  /** Absent from results written before connection-per-request and POST clients were measured. */
  clients?: RestartClientResult[];
  /** net.ipv4.tcp_migrate_req where the contender ran, read after its run; null where the kernel has none. */
  tcpMigrateReq?: number | null;
  /** "namespace": a private network namespace with the setting made for the run; "host": the host's own, and why (a string, as the JSON file reads back). */
  network?: {kind: string; reason?: string};
}

/** `jopi-rewrite serve` with 2 workers against 1 (bench/workers.ts). */
export interface WorkersResult {
  /** Each round: requests per second (wrk) and per CPU-second of the workers, 1 worker and 2. */
  rounds: {oneRps: number; twoRps: number; onePerCpu: number; twoPerCpu: number}[];
  /** Medians over the rounds of 2 workers' figure over 1 worker's. */
  rpsRatio: number;
  perCpuRatio: number;
  /** The same with their 95% intervals; absent from results written before intervals. */
  rpsInterval?: Interval;
  perCpuInterval?: Interval;
  /** wrk's largest share of its core: near 1, the load generator was the limit. */
  wrkCpuMax: number;
  cores: number;
}

export interface LatencyResult {
  name: string;
  minMs: number;
  medianMs: number;
  p95Ms: number;
  samples: number[];
}

export interface MemoryMark {
  reloads: number;
  rssMB: number;
  heapMB: number;
}

export interface MemoryResult {
  name: string;
  marks: MemoryMark[];
}

export interface CommandCost {
  name: string;
  seconds: number;
  peakMB: number;
  ok: boolean;
}

/**
 * A median over rounds and its 95% confidence interval, from a seeded bootstrap over the rounds
 * (bench/interval.ts): the same rounds always give the same interval.
 */
export interface Interval {
  median: number;
  low: number;
  high: number;
  rounds: number;
}

/** PASS: the whole interval meets the target; FAIL: the whole interval misses it; UNSETTLED: the target lies inside it. */
export type Verdict = 'PASS' | 'FAIL' | 'UNSETTLED';

export interface TargetResult {
  target: string;
  value: string;
  /** True only for a PASS. */
  pass: boolean;
  /** A Verdict (a string here, as the JSON file reads back); absent from results written before intervals, where `pass` says PASS or FAIL. */
  verdict?: string;
  /** The interval a ratio target was judged on; absent for counts (0 failed...) and from older results. */
  interval?: Interval;
}

/** The verdict of a target, from results of any age. */
export function targetVerdict(target: TargetResult): Verdict {
  if (target.verdict === 'PASS' || target.verdict === 'FAIL' || target.verdict === 'UNSETTLED') return target.verdict;
  return target.pass ? 'PASS' : 'FAIL';
}

/**
 * "0.97x (0.95-0.99)": a median and its 95% interval, as the bench prints it and the page shows it.
 * @example formatInterval({median: 0.9712, low: 0.95, high: 0.99, rounds: 12}) // "0.97x (0.95-0.99)"
 * @see https://jopi-rewrite.dev/docs/performance#how-sure-a-figure-is
 */
export function formatInterval({median, low, high}: Interval, digits = 2, unit = 'x'): string {
  return `${median.toFixed(digits)}${unit} (${low.toFixed(digits)}-${high.toFixed(digits)})`;
}

/** 200 WebSockets and 50 event streams open while the app is rewritten: what the clients saw. */
export interface LongLivedResult {
  name: string;
  reloads: number;
  sockets: number;
  streams: number;
  /** Sockets the server closed (each reopened by its client). */
  socketsClosed: number;
  messagesSent: number;
  /** Numbered messages sent and never echoed. */
  messagesLost: number;
  /** 99th percentile of send -> echo, during the edits. */
  p99Ms: number;
  /** Streams that ended (each reopened by its client). */
  streamsClosed: number;
  events: number;
  /** Gaps in the event numbers of a stream. */
  eventsLost: number;
}

/** WebSocket echoes per CPU second of the server, jopi-rewrite and raw Bun.serve loaded at the same time, each round. */
export interface SocketRateResult {
  jopiRates: number[];
  rawRates: number[];
  ratios: number[];
  ratioMedian: number;
  /** Absent from results written before intervals. */
  interval?: Interval;
}

/** What the clients of one kind (WebSockets or event streams) saw in one run of the sessions benchmark. */
export interface SessionCounts {
  clients: number;
  received: number;
  /** Numbers never received (gaps), less those that came late. */
  lost: number;
  duplicated: number;
  /** Messages older than one already received. */
  outOfOrder: number;
  /** Connections after each client's first. */
  reconnects: number;
  /** Reconnections that got a new session instead of the client's own. */
  notRecovered: number;
  /** Clients that received nothing in the last second of the run. */
  stalled: number;
  /** 99th percentile of send -> receive, every message. */
  p99Ms: number;
  /** The same, messages sent while a restart ran; null in a run without restarts. */
  p99DuringRestartsMs: number | null;
  /** The most reconnections within any 1 s. */
  peakReconnectsPerSecond: number;
}

/** One way of running the sessions benchmark's app (bench/sessions.ts). */
export interface SessionsRun {
  name: string;
  restarts: number;
  seconds: number;
  sockets: SessionCounts;
  /** Absent for Socket.IO, which has no event streams. */
  streams?: SessionCounts;
}

/** Resumable sessions across rolling restarts, against Socket.IO's connectionStateRecovery under pm2 reload. */
export interface SessionsResult {
  runs: SessionsRun[];
  /** Messages received per CPU-second of the workers, sessions on and off, loaded at the same time, each round. */
  rate: {resumeRates: number[]; plainRates: number[]; ratios: number[]; ratioMedian: number; interval?: Interval};
}

/** A flood of unique query strings on a cached route (bench/cache-flood.ts). */
export interface CacheFloodResult {
  /** The plain page, rendered at each request without the cache. */
  pageBytes: number;
  /** Each round: requests per CPU-second of the flooded cached route over those of the same handler without cache. */
  ratios: number[];
  ratioMedian: number;
  /** Absent from results written before intervals. */
  interval?: Interval;
  /** Medians of the rounds, requests per CPU-second. */
  cachedPerCpu: number;
  uncachedPerCpu: number;
  /** Share of the requests for 100 popular pages, read during the flood, answered from the cache. */
  popularHitRatio: number;
  popularAsked: number;
  cache: {entriesAfterFill: number; entries: number; evictions: number};
  /**
   * The same flood against the shared tier (Redis), popular pages counted from its first tier;
   * with the keys left in Redis. Absent from results written before it was measured.
   */
  shared?: {ratios: number[]; ratioMedian: number; interval?: Interval; cachedPerCpu: number; uncachedPerCpu: number; popularHitRatio: number; popularAsked: number; redisKeys: number; firstTierEntries: number};
}

export interface BenchResults {
  /** ISO 8601, UTC. */
  date: string;
  machine: MachineInfo;
  throughput: ThroughputResults;
  underLoad: UnderLoadResult[];
  /** Absent from runs made before `jopi-rewrite serve` existed. */
  restarts?: RestartResult[];
  workers?: WorkersResult;
  latency: LatencyResult[];
  /**
   * Each turn's median reload latency of the first contender over the second's (jopi-rewrite over
   * raw bun --hot, turns taken alternately), with its 95% interval; absent from results written before intervals.
   */
  latencyRatio?: {ratios: number[]; interval: Interval};
  /** The shared cache tier's figures over raw Bun.serve's, each round, with their intervals; absent from results written before they were kept. */
  sharedCache?: {rounds: Record<string, number[]>; intervals: Record<string, Interval>};
  memory: MemoryResult[];
  docs: CommandCost[];
  /** Absent from results written before long-lived connections were measured. */
  longLived?: {underReloads: LongLivedResult[]; rate: SocketRateResult};
  /** Absent from results written before the cache flood was measured. */
  cacheFlood?: CacheFloodResult;
  /** Absent from results written before resumable sessions were measured. */
  sessions?: SessionsResult;
  targets: TargetResult[];
}

/** 43708 -> "43,708"; the same on the server and in every browser (no locale involved). */
export function formatInt(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A figure with `digits` decimals, thousands grouped: 1234.56 -> "1,234.6". */
export function formatDecimal(value: number, digits = 1): string {
  const sign = value < 0 ? '-' : '';
  const [whole, fraction] = Math.abs(value).toFixed(digits).split('.');
  return `${sign}${formatInt(Number(whole))}${fraction ? `.${fraction}` : ''}`;
}

/** "2026-11-24T03:18:30.417Z" -> "2026-11-24 03:18 UTC". */
export function formatDate(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/** The servers of a throughput scenario table, in the order of their first appearance. */
export function serversOf(medians: ThroughputResults['medians']): string[] {
  const servers: string[] = [];
  for (const byServer of Object.values(medians)) {
    for (const server of Object.keys(byServer)) if (!servers.includes(server)) servers.push(server);
  }
  return servers;
}

/** Distinct mark positions (reload counts) of the memory results, ascending. */
export function memoryMarks(memory: MemoryResult[]): number[] {
  return [...new Set(memory.flatMap((result) => result.marks.map((mark) => mark.reloads)))].sort((a, b) => a - b);
}
