/**
 * Which `Location` a redirect may send. A redirect target often comes from the request
 * (`?next=/account`), and a browser reads `//evil.com`, `/\evil.com` and `\\evil.com` as another
 * website, drops tabs, line breaks and leading spaces before reading a URL, and runs a
 * `javascript:` URL: all ways for a link to this website to lead elsewhere.
 * @module
 */

// C0 controls, DEL and spaces at either end: browsers drop them, so "\t//evil.com" reads as "//evil.com".
const HIDDEN = /[\x00-\x1f\x7f]|^ | $/;
// Two slashes, in either direction, start a URL of another host in every browser.
const OTHER_HOST = /^[/\\]{2}/;
const SCHEME = /^([a-z][a-z\d+.-]*):/i;
const RUNS_CODE = new Set(["javascript", "data", "vbscript"]);

function refused(target: string, why: string, what: string): TypeError {
    const shown = JSON.stringify(target.length > 100 ? `${target.slice(0, 100)}…` : target);
    return new TypeError(`jopi-rewrite: redirectResponse(${shown}) refused: ${why}; ${what}.`);
}

/**
 * Throws a `TypeError` for a redirect target that is not a path of this website: one that leads to
 * another website (`//x`, `/\x`, `\\x`, `https://x`), unless `external` is true, and always one with
 * a `javascript:`, `data:` or `vbscript:` scheme, or with control characters or surrounding spaces.
 *
 * @example checkRedirectTarget("/account", false); // fine
 * @example checkRedirectTarget("//evil.com", false); // throws
 * @see https://jopi-rewrite.dev/docs/getting-started#replies
 */
export function checkRedirectTarget(target: string, external: boolean): void {
    if (HIDDEN.test(target)) {
        throw refused(target, "the target has control characters or surrounding spaces, which browsers drop before reading it", "percent-encode them, as encodeURI does");
    }
    const scheme = SCHEME.exec(target)?.[1]!.toLowerCase();
    if (scheme !== undefined && RUNS_CODE.has(scheme)) {
        throw refused(target, `a ${scheme}: target runs code or shows a page of the attacker's choosing`, "redirect to a path of this website, or to an http(s) URL with {external: true}");
    }
    if (!external && (scheme !== undefined || OTHER_HOST.test(target))) {
        throw refused(target, "the target leads to another website, an open redirect when it comes from the request", 'redirect to a path of this website, like "/account", or pass {external: true} when leaving the website is meant');
    }
}
