/**
 * Local Docusaurus plugin: Prism is evaluated when a code block is first drawn
 * in the browser, not when a page loads.
 *
 * The classic theme loads Prism, with the site's extra languages, from a client
 * module: that runs in the page's first script, before hydration, on every
 * page. Building Prism's grammars (each `insertBefore` walks every language)
 * took about a quarter of that script's evaluation on a phone, for nothing: a
 * page that React hydrates keeps the server's highlighted HTML
 * (src/theme/CodeBlock/Content). The client module is replaced by an empty
 * one; src/theme/CodeBlock/Content/highlighted.tsx adds the languages to Prism
 * when a block is drawn anew, on the server or after a link is followed.
 */
import path from 'node:path';
import type {Plugin} from '@docusaurus/types';

export default function prismOnDemandPlugin(): Plugin {
  return {
    name: 'prism-on-demand',
    configureWebpack(_config, _isServer, {currentBundler}) {
      const {NormalModuleReplacementPlugin} = currentBundler.instance;
      return {
        plugins: [
          new NormalModuleReplacementPlugin(
            /[\\/]@docusaurus[\\/]theme-classic[\\/]lib[\\/]prism-include-languages\.js$/,
            path.join(__dirname, 'no-client-module.js'),
          ),
        ],
      };
    },
  };
}
