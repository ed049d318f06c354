// The data file src/plugins/in-page-examples.ts writes, imported when a panel opens.
declare module '@generated/in-page-examples/default/in-page-examples.json' {
  import type {InPageExamples} from '../../plugins/in-page-examples';
  const examples: InPageExamples;
  export default examples;
}
