/**
 * The check runtime of the docs page: each program in a Worker of the page (the site's
 * src/components/RunInPage), reached through it instead of a socket. The harness and the
 * checks are the same as under Bun; only starting programs and sending requests differ.
 * @module
 */
// The clients only, not hot-harness's entry: this file is bundled into the docs page.
import {SocketClient, StreamClient, type SocketLike, type StreamOpener} from "hot-harness/socket-client";
import {ReconnectingStream} from "hot-harness/reconnecting-stream";
import type {Answer, CheckRuntime, RunningProgram, SendRequest, SocketOptions, StartRequest} from "./check-runtime.ts";

/** A program the page runs: a RunningProgram that is also the way to reach its ports. */
export interface PageProgramLike extends RunningProgram {
    send(url: string, request: SendRequest): Promise<Answer>;
    /** A WebSocket to a port of the program: an object that behaves as a browser's. */
    socket(url: string): SocketLike;
    stream: StreamOpener;
}

/**
 * Starts programs with `startProgram` and sends each request to the one started last, as the
 * runner's requests reach the one process listening on the check's port.
 *
 * @example const runtime = new PageRuntime((request) => new PageProgram(request));
 */
export class PageRuntime implements CheckRuntime {
    private current: PageProgramLike | undefined;

    constructor(private readonly startProgram: (request: StartRequest) => PageProgramLike) {}

    start(request: StartRequest): RunningProgram {
        this.current = this.startProgram(request);
        return this.current;
    }

    send(url: string, request: SendRequest): Promise<Answer> {
        return this.program().then((program) => program.send(url, request));
    }

    openSocket(url: string, options: SocketOptions = {}): Promise<SocketClient> {
        // The page's sockets carry no subprotocol, so no session can be offered on them.
        if (options.resume) return Promise.reject(new Error("a resumable socket needs a real server's sessions, which the page does not run: mark the example notInPage"));
        return this.program().then((program) => SocketClient.connect(url, undefined, program.socket(url)));
    }

    openStream(url: string): Promise<StreamClient> {
        return this.program().then((program) => StreamClient.connect(url, {}, (to, init) => program.stream(to, init)));
    }

    followStream(url: string): Promise<ReconnectingStream> {
        return this.program().then((program) => ReconnectingStream.connect(url, (to, init) => program.stream(to, init)));
    }

    private program(): Promise<PageProgramLike> {
        return this.current ? Promise.resolve(this.current) : Promise.reject(new Error("no program was started"));
    }
}
