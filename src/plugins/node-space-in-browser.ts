/**
 * Local Docusaurus plugin: lets the site bundle the real jopi-node-space for
 * the hot-reload playground (src/components/HotPlayground).
 *
 * The package is TypeScript source in library/jopi-node-space, reached through
 * the workspace symlink; the bundler resolves the symlink to that folder, out
 * of node_modules, so Docusaurus's own TypeScript loader already compiles it.
 * The one thing to change is `import.meta.url` (see import-meta-url-loader.cjs):
 * left alone, it would put the build machine's path in the published bundle.
 */
import path from 'node:path';
import type {Plugin} from '@docusaurus/types';

export default function nodeSpaceInBrowserPlugin(): Plugin {
  return {
    name: 'node-space-in-browser',
    configureWebpack() {
      return {
        module: {
          rules: [
            {
              test: /[\\/]jopi-node-space[\\/]src[\\/][^\\/]+\.ts$/,
              enforce: 'pre',
              use: [{loader: path.join(__dirname, 'import-meta-url-loader.cjs')}],
            },
          ],
        },
      };
    },
  };
}
