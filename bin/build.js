// Finds the compiled code for bin/taskmaster.js and bin/taskmasterd.js. TASKMASTER_DIST points at
// another build (tests use their own); the default is ../dist beside bin/. `npm run build` makes
// CommonJS bundles, loaded with require(); a bare tsc build has only the ES module tree, loaded with
// import(), which works the same and only starts slower.
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');
const { pathToFileURL } = require('node:url');

const dist = resolve(__dirname, process.env.TASKMASTER_DIST || '../dist');
const bundled = existsSync(resolve(dist, 'bundle/taskmaster.cjs'));

/** Where one program's code is: its bundle (`bundle`.cjs), else `modulePath` in the module tree. */
function compiledPath(bundle, modulePath) {
  return bundled ? resolve(dist, 'bundle', `${bundle}.cjs`) : resolve(dist, modulePath);
}

/** Loads one program's code; a missing or broken build is a rejection. */
async function loadCompiled(bundle, modulePath) {
  const path = compiledPath(bundle, modulePath);
  return bundled ? require(path) : import(pathToFileURL(path).href);
}

module.exports = { compiledPath, loadCompiled };
