/**
 * Names available inside ```tsx live code blocks (theme-live-codeblock), which
 * run in the reader's browser only: the built HTML holds "Loading..." for them,
 * so they suit UI demos, never the server examples (those live in sandbox/).
 * Add a name here to make it usable in every live block.
 */
import React from 'react';

const ReactLiveScope: Record<string, unknown> = {
  React,
  ...React,
};

export default ReactLiveScope;
