/**
 * The commands an example may be run with, apart from index-file.ts: the check harness needs
 * this list in the page too, and index-file.ts reads the disk, which a page's bundle cannot.
 * @module
 */

/** The commands an example may be run with: the packages' `bin` entries. */
export const COMMANDS = ["jopi-rewrite"];
