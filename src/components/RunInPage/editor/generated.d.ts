// The data file src/plugins/editor-types.ts writes, imported by the editor's Worker on first focus.
declare module '@generated/editor-types/default/editor-types.json' {
  import type {EditorTypes} from '../../../plugins/editor-types';
  const types: EditorTypes;
  export default types;
}
