/**
 * What a `ResumableWebSocket` has as any WebSocket has it: the ready states, `onopen`, `onmessage`,
 * `onerror` and `onclose`, and listeners typed by event. Only web APIs here: it runs in a page as in Bun.
 * @module
 */

/** The ready states, as a WebSocket numbers them. */
export const CONNECTING = 0, OPEN = 1, CLOSING = 2, CLOSED = 3;

/** The events of a `ResumableWebSocket`, as those of a WebSocket. */
export interface ResumableWebSocketEventMap {
    open: Event;
    message: MessageEvent;
    error: Event;
    close: CloseEvent;
}

type Listener<Self, E extends Event> = (this: Self, event: E) => unknown;
// Spelled out: the DOM library's name for it is not in a Bun app's types.
type AnyListener = ((event: Event) => unknown) | {handleEvent(event: Event): unknown} | null;
type Handler<Self, E extends Event> = ((this: Self, event: E) => unknown) | null;

/**
 * An EventTarget with a WebSocket's ready states and events; `Self` is the socket the handlers get as `this`.
 * @example class ResumableWebSocket extends SocketEvents<ResumableWebSocket> {}
 * @see https://jopi-rewrite.dev/docs/long-lived-connections#the-client
 */
export class SocketEvents<Self> extends EventTarget {
    static readonly CONNECTING = CONNECTING;
    static readonly OPEN = OPEN;
    static readonly CLOSING = CLOSING;
    static readonly CLOSED = CLOSED;
    readonly CONNECTING = CONNECTING;
    readonly OPEN = OPEN;
    readonly CLOSING = CLOSING;
    readonly CLOSED = CLOSED;
    onopen: Handler<Self, Event> = null;
    onmessage: Handler<Self, MessageEvent> = null;
    onerror: Handler<Self, Event> = null;
    onclose: Handler<Self, CloseEvent> = null;

    constructor() {
        super();
        for (const type of ["open", "message", "error", "close"] as const) {
            this.addEventListener(type, (event) => (this[`on${type}`] as Handler<unknown, Event>)?.call(this, event));
        }
    }

    override addEventListener<K extends keyof ResumableWebSocketEventMap>(type: K, listener: Listener<Self, ResumableWebSocketEventMap[K]>, options?: boolean | AddEventListenerOptions): void;
    override addEventListener(type: string, listener: AnyListener, options?: boolean | AddEventListenerOptions): void;
    override addEventListener(type: string, listener: AnyListener, options?: boolean | AddEventListenerOptions): void {
        super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
    }

    override removeEventListener<K extends keyof ResumableWebSocketEventMap>(type: K, listener: Listener<Self, ResumableWebSocketEventMap[K]>, options?: boolean | EventListenerOptions): void;
    override removeEventListener(type: string, listener: AnyListener, options?: boolean | EventListenerOptions): void;
    override removeEventListener(type: string, listener: AnyListener, options?: boolean | EventListenerOptions): void {
        super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
    }
}
