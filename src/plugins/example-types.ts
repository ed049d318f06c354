/**
 * The types that a docs page shows over the names of its examples: twoslash
 * asks the TypeScript language service, at build time, about every identifier
 * of every sandbox file, against the real declarations (the workspace
 * packages' sources and bun-types, with the repository's tsconfig.json).
 *
 * Only names declared by jopi-rewrite, jopi-node-space or bun-types are kept:
 * each kept name is a tab stop on the page, and the reader's own variables
 * (`server`, `req`) would multiply them without telling anything the library
 * does. A type error, or a name the compiler cannot resolve, throws, naming
 * the file, line and column: a page must not show code that does not compile.
 *
 * All files go through one twoslash call (`// @filename:` sections): one
 * program and one type checker for all of them, where a call per file built a
 * new checker over bun-types each time, about three times the CPU.
 *
 * Run in its own process by example-types-job.ts (`bun src/plugins/example-types.ts`
 * reads the files as JSON on stdin and writes the hovers as JSON on stdout).
 */
import path from 'node:path';
import ts from 'typescript';
import {createTwoslasher} from 'twoslash';

/** One file to type: its title (`sandbox/<slug>/<file>`, relative to the site) and text. */
export type TypedFile = {title: string; source: string};

/** A name of a file with its type: 0-based line and column in the file as written, and its length. */
export type TypeHover = {line: number; character: number; length: number; text: string};

const TYPED_EXTENSIONS = new Set(['.ts', '.tsx']);

/** Where a name must be declared for the page to show its type. */
const LIBRARY_DECLARATIONS = ['/library/jopi-rewrite/', '/library/jopi-node-space/', '/node_modules/bun-types/'];

/** True for a file twoslash types (TypeScript); the others are shown without hovers. */
export function isTyped(title: string): boolean {
  return TYPED_EXTENSIONS.has(path.extname(title).toLowerCase());
}

/**
 * tsconfig.json's options, less the DOM library: an example runs in Bun, whose
 * web APIs bun-types declares, so a name that only a browser has is an error
 * here, as it would be when the example runs. Leaving lib.dom.d.ts out also
 * takes about a third off the typing's CPU time.
 */
function compilerOptions(siteDir: string): ts.CompilerOptions {
  const configPath = path.join(siteDir, 'tsconfig.json');
  const {config, error} = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(`[example-types] ${configPath}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const options = ts.parseJsonConfigFileContent(config, ts.sys, siteDir).options;
  return {...options, lib: options.lib?.filter((lib) => !/^lib\.dom\b/.test(lib))};
}

function lineAndColumn(text: string, offset: number): {line: number; character: number} {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return {line, character: offset - (before.lastIndexOf('\n') + 1)};
}

/**
 * The hovers of each TypeScript file, by title. Throws on the first file with
 * a type error, naming every error of it as `file:line:column`.
 *
 * @example exampleTypes(siteDir, [{title: 'sandbox/hello/index.ts', source}])['sandbox/hello/index.ts'][0].text
 * @see https://jopi-rewrite.dev/docs/verifying-the-docs#types-on-every-example
 */
export function exampleTypes(siteDir: string, files: TypedFile[]): Record<string, TypeHover[]> {
  const typed = files.filter((file) => isTyped(file.title));
  // Each file is a section `// @filename: <title>` followed by its text, unchanged.
  let code = '';
  const sections = typed.map((file) => {
    const header = code.length;
    code += `// @filename: ${file.title}\n`;
    const start = code.length;
    code += file.source.endsWith('\n') ? file.source : `${file.source}\n`;
    return {file, header, start, filepath: path.join(siteDir, file.title)};
  });
  const sectionAt = (offset: number) => sections.filter((section) => section.header <= offset).at(-1)!;

  const twoslasher = createTwoslasher({vfsRoot: siteDir, compilerOptions: compilerOptions(siteDir)});
  const languageService = () => [...twoslasher.getCacheMap()!.values()][0]!.languageService;
  // Asked while twoslash holds the files: afterwards they are no longer in its program.
  const fromLibrary = (_name: string, start: number) => {
    const section = sectionAt(start);
    const definitions = languageService().getDefinitionAtPosition(section.filepath, start - section.header) ?? [];
    return definitions.some((definition) => LIBRARY_DECLARATIONS.some((folder) => definition.fileName.includes(folder)));
  };
  const result = twoslasher(code, 'ts', {
    handbookOptions: {keepNotations: true, noErrorValidation: true},
    shouldGetHoverInfo: fromLibrary,
  });

  if (result.errors.length > 0) {
    const lines = result.errors.map((error) => {
      const section = sectionAt(error.start);
      const at = lineAndColumn(section.file.source, error.start - section.start);
      return `  ${section.file.title}:${at.line + 1}:${at.character + 1}: TS${error.code} ${error.text}`;
    });
    throw new Error(
      `[example-types] ${lines.length === 1 ? 'an example does' : 'examples do'} not compile against the library's declarations:\n` +
        `${lines.join('\n')}\nFix the example (npm run typecheck shows the same errors), then build again.`,
    );
  }

  const byTitle: Record<string, TypeHover[]> = Object.fromEntries(typed.map((file) => [file.title, []]));
  for (const hover of result.hovers) {
    const section = sectionAt(hover.start);
    if (hover.start < section.start) continue;
    const at = lineAndColumn(section.file.source, hover.start - section.start);
    byTitle[section.file.title]!.push({...at, length: hover.length, text: hover.text});
  }
  return byTitle;
}

if (import.meta.main) {
  const files = (await Bun.stdin.json()) as TypedFile[];
  try {
    process.stdout.write(JSON.stringify(exampleTypes(process.cwd(), files)));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
