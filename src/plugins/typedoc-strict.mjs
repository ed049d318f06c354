// TypeDoc plugin for the API pages that docusaurus-plugin-typedoc writes to
// docs/api. Plain .mjs because TypeDoc loads plugins with Node's import().
import fs from 'node:fs';
import {Application, Converter, ReflectionKind, RendererEvent} from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  // docusaurus-plugin-typedoc only logs TypeDoc's problems, and the API pages
  // of an earlier run would stay in the git-ignored docs/api. Start empty, so
  // that a failed run leaves no sidebar file and sidebars.ts stops the build...
  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    fs.rmSync(app.options.getValue('out'), {recursive: true, force: true});
  });

  // ...and refuse to render after a warning: an entry point that matches no
  // file or a broken {@link} would otherwise publish an incomplete API.
  app.renderer.on(RendererEvent.BEGIN, () => {
    if (app.logger.hasErrors() || app.logger.hasWarnings()) {
      throw new Error('TypeDoc reported the problems above; fix them so that the API pages are complete.');
    }
  });

  // Name each module after its package folder ("jopi-rewrite") instead of the
  // entry point's path ("library/jopi-rewrite/src/implementation"): shorter
  // sidebar labels and URLs.
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      module.name = /(?:^|\/)([^/]+)\/src(?:\/|$)/.exec(module.name)?.[1] ?? module.name;
    }
  });
}
