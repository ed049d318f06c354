/**
 * Names available inside ```tsx live code blocks (theme-live-codeblock), which
 * run in the reader's browser only: the built HTML holds "Loading..." for them,
 * so they suit UI demos, never the server examples (those live in sandbox/).
 * Add a name here to make it usable in every live block.
 *
 * Blocks marked ```tsx live hotReload are the hot-reload playground
 * (src/components/HotPlayground): their code also sees `NodeSpace`, `console`
 * and the timer functions of the version it runs as, given by the playground.
 */
import React from 'react';

const ReactLiveScope: Record<string, unknown> = {
  React,
  ...React,
};

export default ReactLiveScope;
