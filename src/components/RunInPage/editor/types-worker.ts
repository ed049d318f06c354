/**
 * The editor's TypeScript Worker: the compiler, the declarations (a data file
 * written at build time by src/plugins/editor-types.ts, fetched by URL) and one example's
 * files. It starts on the editor's first focus; questions asked before its
 * declarations arrive wait for them.
 */
import typesUrl from '@generated/editor-types/default/editor-types.json';
import type {EditorTypes} from '../../../plugins/editor-types';
import {ExampleTypes} from './example-types';
import type {FromTypes, ToTypes} from './types-messages';

const scope = self as unknown as {postMessage(message: FromTypes): void; onmessage: ((event: MessageEvent<ToTypes>) => void) | null};
const declarations: Promise<EditorTypes> = fetch(typesUrl).then((response) => {
  if (!response.ok) throw new Error(`jopi-docs: the editor's declarations (${typesUrl}) answered ${response.status}; reload the page.`);
  return response.json() as Promise<EditorTypes>;
});
let service: Promise<ExampleTypes> | undefined;

scope.onmessage = ({data: message}) => {
  if (message.type === 'start') {
    service = declarations.then((types) => new ExampleTypes(types, message.files));
    return;
  }
  void service!.then((types) => {
    if (message.type === 'update') return types.update(message.path, message.text);
    try {
      const answer = message.question === 'errors' ? types.errors(message.path) : message.question === 'hover' ? types.hover(message.path, message.position) : types.completions(message.path, message.position);
      scope.postMessage({type: 'answer', id: message.id, answer});
    } catch (error) {
      // The editor must not wait for ever: it shows nothing for this question.
      console.error(`jopi-rewrite: the editor's TypeScript could not answer ${message.question} for ${message.path}:`, error);
      scope.postMessage({type: 'answer', id: message.id, answer: message.question === 'hover' ? null : []});
    }
  });
};
