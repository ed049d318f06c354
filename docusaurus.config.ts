/**
 * Docusaurus 3 site of Jopi Rewrite. Principle: the docs must never lie, so
 * every code example comes from sandbox/ (see src/plugins/sandbox-examples.ts)
 * and anything broken (link, anchor, image, missing transcript) fails the build.
 *
 * `docusaurus build` does not type-check this file: `npm run typecheck:docs` does.
 */
import type {Config} from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import type {PluginOptions as SearchLocalOptions} from '@easyops-cn/docusaurus-search-local';
import {fileURLToPath} from 'node:url';
import {darkCodeTheme, lightCodeTheme} from './src/code-themes';
import remarkExampleData from './src/plugins/remark-example-data';
import {sandboxDirOf} from './src/plugins/sandbox-examples';
import {guidePages} from './src/guide-pages';
import {afterPaintTemplate} from './src/page-template';
import docusaurusTemplate from '@docusaurus/core/lib/ssg/ssgTemplate.html.js';

const repositoryUrl = 'https://github.com/jopi-rewrite/jopi-docs';

const config: Config = {
  title: 'Jopi Rewrite',
  tagline: 'A Bun web library whose hot reload never drops a connection',
  favicon: 'img/favicon.svg',
  url: 'https://jopi-rewrite.dev',
  baseUrl: '/',

  // Scripts start after the first paint: see src/page-template.ts.
  ssrTemplate: afterPaintTemplate(docusaurusTemplate),

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: {
    hooks: {
      onBrokenMarkdownLinks: 'throw',
      onBrokenMarkdownImages: 'throw',
    },
  },

  // v4 turns on Docusaurus Faster (Rspack, SWC, Lightning CSS), which needs
  // @docusaurus/faster. With it, HTML comments in .mdx are errors: use {/* */}.
  future: {v4: true},

  i18n: {defaultLocale: 'en', locales: ['en']},

  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: 'docs',
          sidebarPath: './sidebars.ts',
          // Each <Example> gets its data as an import into its page's own chunk.
          beforeDefaultRemarkPlugins: [[remarkExampleData, {sandboxDir: sandboxDirOf(fileURLToPath(new URL('.', import.meta.url)))}]],
          // Generated API pages have no source file in the repository to edit.
          editUrl: ({docPath}) =>
            docPath.startsWith('api/') ? undefined : `${repositoryUrl}/edit/main/docs/${docPath}`,
        },
        blog: false,
        theme: {customCss: './src/css/custom.css'},
      } satisfies Preset.Options,
    ],
  ],

  themes: [
    // ```tsx live blocks, run in the browser only; extra names: src/theme/ReactLiveScope.
    // Their editor and compiler load when the reader reaches them: src/theme/Playground.
    '@docusaurus/theme-live-codeblock',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        indexBlog: false,
        docsRouteBasePath: 'docs',
        language: ['en'],
        // Off: with it, every page load walks the whole article with mark.js
        // (twice, to remove marks that are not there), a long task on a phone
        // for a page of examples, and mark.js sits in every page's bundle.
        highlightSearchTermsOnTargetPage: false,
      } satisfies Partial<SearchLocalOptions>,
    ],
  ],

  plugins: [
    // Reads sandbox/examples.json, its files and transcripts, one data file per <Example>.
    './src/plugins/sandbox-examples.ts',
    // The files and checks the "Run in the browser" panels load when opened.
    './src/plugins/in-page-examples.ts',
    // The declarations the in-page editor's TypeScript Worker loads on its first focus.
    './src/plugins/editor-types.ts',
    // Bundles the real jopi-node-space for the hot-reload playground.
    './src/plugins/node-space-in-browser.ts',
    // Keeps Prism out of every page's first script: hydrated code blocks keep the server's colours.
    './src/plugins/prism-on-demand.ts',
    [
      // Writes docs/api (git-ignored) before the docs plugin reads docs/.
      'docusaurus-plugin-typedoc',
      {
        // Each package's entry file re-exports its implementation as consts (it is
        // loaded once per process), which TypeDoc shows as bare variables;
        // implementation.ts exports the same names as the real classes and
        // functions. tests/docs-index.test.ts checks the names match.
        entryPoints: ['library/jopi-rewrite/src/implementation.ts', 'library/jopi-node-space/src/implementation.ts'],
        tsconfig: './tsconfig.json',
        // Paths from the repository root, for the "Defined in" links.
        displayBasePath: '.',
        out: 'docs/api',
        name: 'API reference',
        // Module names, and a TypeDoc warning fails the build (see the file).
        plugin: ['./src/plugins/typedoc-strict.mjs'],
        // "Defined in" links on a fixed branch, so builds do not depend on git remotes.
        disableGit: true,
        sourceLinkTemplate: `${repositoryUrl}/blob/main/{path}#L{line}`,
        // Type errors are `npm run typecheck`'s business; the docs build should
        // not stop because a sandbox file is half written.
        skipErrorChecking: true,
        excludePrivate: true,
        excludeInternal: true,
        readme: 'none',
        sidebar: {pretty: true},
      },
    ],
    [
      // llms.txt and llms-full.txt, written from the docs' Markdown sources at
      // build time: guide pages first, then the API. It reads the .mdx source,
      // so an <Example> appears there as its tag, without the code.
      'docusaurus-plugin-llms',
      {
        includeOrder: [...guidePages.map((id) => `${id}.{md,mdx}`), 'api/**'],
        includeUnmatchedLast: true,
        excludeImports: true,
        removeDuplicateHeadings: true,
        preserveComponents: ['Example'],
      },
    ],
  ],

  themeConfig: {
    navbar: {
      title: 'Jopi Rewrite',
      // No alt text: the title beside it says the same, and a screen reader would say it twice.
      logo: {src: 'img/favicon.svg'},
      items: [
        {type: 'docSidebar', sidebarId: 'docs', position: 'left', label: 'Docs'},
        {to: '/docs/api/', label: 'API', position: 'left'},
        {href: repositoryUrl, label: 'GitHub', position: 'right'},
      ],
    },
    footer: {
      style: 'dark',
      links: [
        {
          title: 'Docs',
          items: [
            {label: 'Getting started', to: '/docs/getting-started'},
            {label: 'Verifying the docs', to: '/docs/verifying-the-docs'},
            {label: 'API reference', to: '/docs/api/'},
          ],
        },
      ],
      copyright: `Jopi Rewrite. Every code example on this site is run in CI.`,
    },
    colorMode: {respectPrefersColorScheme: true},
    prism: {
      // GitHub and Dracula, tuned to 4.5:1 for every token (src/code-themes.test.ts).
      theme: lightCodeTheme,
      darkTheme: darkCodeTheme,
      // ts, tsx, js, json, markdown, css, html ship with prism-react-renderer.
      additionalLanguages: ['bash'],
    },
    liveCodeBlock: {playgroundPosition: 'bottom'},
  } satisfies Preset.ThemeConfig,
};

export default config;
