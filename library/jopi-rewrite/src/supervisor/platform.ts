/**
 * Where several workers can share a port. The supervisor's workers all listen with `reusePort`, and
 * only Linux spreads a port's new connections across the processes listening on it. On macOS and
 * the BSDs, the last process to listen takes them all; on Windows, a second listener fails or takes
 * the port over. There, N workers would be one worker serving and N-1 idle, or a failed start.
 * @module
 */

/** The answer of workersAllowed: yes, or no and why, in a line for the user. */
export type WorkersAllowed = {allowed: true} | {allowed: false; reason: string};

/** Whether the kernel of `platform` (a process.platform) spreads one port's connections across processes. */
export const sharesPorts = (platform: string): boolean => platform === "linux";

/**
 * Whether `workers` workers may serve one port on `platform`: any number on Linux, one elsewhere.
 * @example workersAllowed("darwin", 2); // {allowed: false, reason: "jopi-rewrite: --workers 2 needs ..."}
 * @see https://jopi-rewrite.dev/docs/production#one-worker-outside-linux
 */
export function workersAllowed(platform: string, workers: number): WorkersAllowed {
    if (workers <= 1 || sharesPorts(platform)) return {allowed: true};
    return {
        allowed: false,
        reason: `jopi-rewrite: --workers ${workers} needs Linux: on ${platform}, processes listening with reusePort do not share a port's connections (the last one takes them all, or fails to listen), so ${workers - 1} of ${workers} workers would serve nothing. Run one worker (--workers 1), and for more, put a proxy in front of several supervisors on different ports.`,
    };
}

/**
 * How many workers to run when --workers is not given: one per core where they can share a port, else one.
 * @example defaultWorkers("linux", 8); // 8
 * @see https://jopi-rewrite.dev/docs/production#workers
 */
export const defaultWorkers = (platform: string, cores: number): number => (sharesPorts(platform) ? cores : 1);
