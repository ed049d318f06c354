// Rspack/webpack loader used by src/plugins/node-space-in-browser.ts. Plain
// CommonJS because the bundler require()s loaders in Node.
//
// A bundler replaces `import.meta.url` with the file:// path of the module on
// the machine that builds, which would publish that path in the site's
// JavaScript. jopi-node-space only needs a string that tells its copies apart,
// so the module's path inside the repository is used instead.
const path = require('node:path');

module.exports = function importMetaUrlLoader(source) {
  const relative = path.relative(this.rootContext, this.resourcePath).split(path.sep).join('/');
  return source.replaceAll('import.meta.url', JSON.stringify(`bundle:${relative}`));
};
