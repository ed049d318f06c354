// react-dom ships no types and the site has no need of @types/react-dom but
// this: src/code-colours.test.ts renders prism-react-renderer's Highlight.
declare module 'react-dom/server' {
  export function renderToStaticMarkup(element: import('react').ReactElement): string;
}
