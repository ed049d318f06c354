/**
 * How a ```tsx live hotReload block's code becomes something the playground
 * can run as a version; kept apart from index.tsx (which needs the theme) so
 * that tests/hot-playground.test.ts can check it.
 */

/** A live block is a hot-reload playground when its meta holds this word: ```tsx live hotReload */
export const HOT_RELOAD_META = 'hotReload';

export function isHotPlayground(metastring: string | undefined): boolean {
  return (metastring ?? '').split(/\s+/).includes(HOT_RELOAD_META);
}

/**
 * What react-live evaluates for the reader's `code` (its transformCode): an element whose
 * `program` is the code as the body of an async function (top-level await works, as in a Bun
 * module) receiving the names of runtime.ts's ProgramScope, and whose `source` is the text that
 * identifies the version.
 *
 * No JSX here, and the code starts on the first line: a syntax error is then reported at the
 * reader's line, where a JSX attribute would make the compiler report the attribute instead.
 */
/** `import "jopi-node-space";` on a line of its own, with an optional comment after it. */
const NODE_SPACE_IMPORT = /^import\s+["']jopi-node-space["'];?[ \t]*(\/\/[^\n]*)?$/gm;

export function wrapProgram(code: string): string {
  // The sandbox file imports jopi-node-space for Bun; here the scope gives NodeSpace. The line
  // is emptied, not removed, so that errors keep the reader's line numbers.
  const body = code.replace(NODE_SPACE_IMPORT, '');
  const names = '{console, NodeSpace, setInterval, setTimeout, clearInterval, clearTimeout}';
  return `React.createElement(HotRun, {program: async function (${names}) {${body}\n}, source: ${JSON.stringify(code)}})`;
}
