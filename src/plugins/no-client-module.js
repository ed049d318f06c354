// Stands in for a client module that src/plugins/prism-on-demand.ts takes out of the first script.
export {};
