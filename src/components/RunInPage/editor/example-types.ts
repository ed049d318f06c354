/**
 * The TypeScript language service over one example's files, as tsc sees them:
 * the example in /example/, the library's and Bun's declarations in
 * /node_modules/, tsconfig.json's options (all from src/plugins/editor-types.ts).
 * It runs in the editor's Worker (types-worker.ts); kept apart so that a test
 * can ask it what the editor would show.
 */
import ts from 'typescript';
import {createSystem, createVirtualTypeScriptEnvironment, type VirtualTypeScriptEnvironment} from '@typescript/vfs';
import type {EditorTypes} from '../../../plugins/editor-types';

/** An error as the editor underlines it. */
export type TypeError = {from: number; to: number; severity: 'error' | 'warning'; message: string; code: number};
/** What a hover shows: the type, then its documentation. */
export type TypeHover = {from: number; to: number; type: string; documentation: string};
/** One completion at a position. */
export type TypeCompletion = {label: string; kind: string; sortText: string};

const isProgram = (path: string) => /\.[cm]?tsx?$/.test(path);

/**
 * The service of one example; `update` follows the reader's edits.
 *
 * @example const types = new ExampleTypes(editorTypes, {'index.ts': source}); types.hover('index.ts', 10);
 * @see https://jopi-rewrite.dev/docs/getting-started#run-it-with-bun---hot
 */
export class ExampleTypes {
  private readonly env: VirtualTypeScriptEnvironment;

  constructor({files, options}: EditorTypes, example: Record<string, string>) {
    const map = new Map(Object.entries(files));
    for (const [path, text] of Object.entries(example)) map.set(`/example/${path}`, text);
    const roots = Object.keys(example).filter(isProgram).map((path) => `/example/${path}`);
    this.env = createVirtualTypeScriptEnvironment(createSystem(map), roots, ts, options as ts.CompilerOptions);
  }

  update(path: string, text: string): void {
    const file = `/example/${path}`;
    if (this.env.getSourceFile(file)) this.env.updateFile(file, text);
    else if (isProgram(path)) this.env.createFile(file, text);
    else this.env.sys.writeFile(file, text);
  }

  /** The errors tsc would give for this file: syntax, then types. */
  errors(path: string): TypeError[] {
    const file = `/example/${path}`;
    if (!isProgram(path)) return [];
    const service = this.env.languageService;
    return [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)].map((diagnostic) => ({
      from: diagnostic.start ?? 0,
      to: (diagnostic.start ?? 0) + (diagnostic.length ?? 0),
      severity: diagnostic.category === ts.DiagnosticCategory.Error ? 'error' : 'warning',
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      code: diagnostic.code,
    }));
  }

  hover(path: string, position: number): TypeHover | null {
    if (!isProgram(path)) return null;
    const info = this.env.languageService.getQuickInfoAtPosition(`/example/${path}`, position);
    if (!info) return null;
    return {
      from: info.textSpan.start,
      to: info.textSpan.start + info.textSpan.length,
      type: ts.displayPartsToString(info.displayParts),
      documentation: ts.displayPartsToString(info.documentation),
    };
  }

  completions(path: string, position: number): TypeCompletion[] {
    if (!isProgram(path)) return [];
    const found = this.env.languageService.getCompletionsAtPosition(`/example/${path}`, position, {});
    return (found?.entries ?? []).map(({name, kind, sortText}) => ({label: name, kind, sortText}));
  }
}
