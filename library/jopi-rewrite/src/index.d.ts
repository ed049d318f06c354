// The types of `index.js`, which re-exports the kept implementation: the same names, documented there.
export * from "./implementation.ts";
