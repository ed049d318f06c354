/**
 * The commands an example may be run with (`command` in examples.json) or run beside it in a check
 * (`h.run`): the packages' `bin` entries. A module of its own because the page's bundle of the
 * harness needs it and must not load the index parser, which reads files.
 */
export const COMMANDS = ["jopi-rewrite"];
