/**
 * Thrown for a request the client got wrong (a body that isn't JSON, a path with broken
 * percent-encoding): the website answers 400 with the message, and logs nothing.
 *
 * @example throw new BadRequestError("the id must be a number");
 * @see https://jopi-rewrite.dev/docs/getting-started#errors
 */
export class BadRequestError extends Error {
    override name = "BadRequestError";
}

/** `GET 127.0.0.1:3000/path`: how errors and logs name a request. */
export function describeRequest(request: Request): string {
    const url = new URL(request.url);
    return `${request.method} ${url.host}${url.pathname}`;
}
