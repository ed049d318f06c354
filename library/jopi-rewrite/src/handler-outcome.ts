/**
 * What becomes of a route handler's work: its path parameters decoded, its result checked to be a
 * Response, and its error answered (400, 413 or 500) so that the server keeps serving.
 * @module
 */
import {BadRequestError, describeRequest} from "./errors.ts";
import {PayloadTooLargeError} from "./limits.ts";
import {error500Response, textResponse} from "./replies.ts";

/**
 * Decodes the path parameters rou3 found, in place: the object is made per request.
 * @example decodeParams({name: "caf%C3%A9"}); // {name: "café"}
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export function decodeParams(params: Record<string, string>): Record<string, string> {
    for (const name in params) {
        const value = params[name]!;
        if (!value.includes("%")) continue;
        try {
            params[name] = decodeURIComponent(value);
        } catch {
            throw new BadRequestError(`The path has invalid percent-encoding in ${JSON.stringify(value)}.`);
        }
    }
    return params;
}

/**
 * The handler's result, if it is a Response; else a TypeError that says what to return.
 * @example return checked(await handler(req));
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export function checked(response: unknown): Response {
    if (response instanceof Response) return response;
    throw new TypeError(`jopi-rewrite: the handler returned ${typeof response}, not a Response; return req.htmlResponse(...) or another reply.`);
}

/**
 * The answer to a handler that threw: 400 for a bad request, 413 for a body past its limit, else 500
 * (logged with the method, host and path).
 * @example handle(request).catch((error) => failed(request, error));
 * @see https://jopi-rewrite.dev/docs/getting-started
 */
export function failed(request: Request, error: unknown): Response {
    if (error instanceof BadRequestError) return textResponse(error.message, {status: 400});
    // Closed after the answer: the rest of the body, unread, must never be parsed as a next request.
    if (error instanceof PayloadTooLargeError) return textResponse(error.message, {status: 413, headers: {connection: "close"}});
    // Two calls: Bun prints an error's code frame, which must not run on into the message's line.
    console.error(`jopi-rewrite: ${describeRequest(request)} failed; answered 500.`);
    console.error(error);
    return error500Response();
}
