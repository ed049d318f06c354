// The types of `index.js` and `browser.ts`, which both export the implementation: the same names, documented there.
export * from "./implementation.ts";
