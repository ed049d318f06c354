/**
 * One sidebar: the guide pages in reading order, then the API reference that
 * docusaurus-plugin-typedoc generates into docs/api (with its own sidebar file)
 * each time the site starts or builds.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {SidebarsConfig} from '@docusaurus/plugin-content-docs';
import {guidePages} from './src/guide-pages';

type SidebarItems = SidebarsConfig[string];

// Written by the typedoc plugin before the docs plugin reads this file; a
// require, not an import, because the file does not exist until then.
const apiSidebar = './docs/api/typedoc-sidebar.cjs';
if (!fs.existsSync(path.join(__dirname, apiSidebar))) {
  throw new Error(`${apiSidebar} is missing: TypeDoc did not generate the API pages. See its errors above (an entry point in docusaurus.config.ts that moved?).`);
}
const apiItems = require(apiSidebar) as SidebarItems;

const sidebars: SidebarsConfig = {
  docs: [
    ...guidePages,
    {
      type: 'category',
      label: 'API reference',
      link: {type: 'doc', id: 'api/index'},
      items: apiItems,
    },
  ],
};

export default sidebars;
