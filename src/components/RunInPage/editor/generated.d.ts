// The data file src/plugins/editor-types.ts writes: the bundler emits it as a file and gives its URL.
declare module '@generated/editor-types/default/editor-types.json' {
  const url: string;
  export default url;
}
