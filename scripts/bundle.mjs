/**
 * Loads the app's bundle (dist/src/index.cjs) with V8's code cache. Node 20 compiles a file afresh at every start
 * (Node 22's module.enableCompileCache is not in Node 20), and compiling the 11 MB bundle was a third of the
 * cold start. The build evaluates the bundle once and saves the code V8 compiled (index.cjs.cache); a start
 * hands it back to V8. A cache V8 refuses (another Node version, or other V8 flags) is ignored: the bundle is
 * then compiled as usual. `node scripts/bundle.mjs --write-cache` is the build's step.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = path.join(root, 'dist', 'src', 'index.cjs');
const CACHE = `${BUNDLE}.cache`;

/** Evaluates the bundle as CommonJS and returns its exports; with `writeCache`, saves V8's code for the next start. */
export function loadBundle({ writeCache = false } = {}) {
  // The build wrote the bundle as one function expression: (function (exports, require, module, __filename, __dirname, __import) {…}).
  const source = readFileSync(BUNDLE, 'latin1');
  const cachedData = !writeCache && existsSync(CACHE) ? readFileSync(CACHE) : undefined;
  const script = new vm.Script(source, {
    filename: BUNDLE,
    cachedData,
  });
  const module = { exports: {} };
  // import() of the packages kept outside the bundle (vega, exceljs…) is this module's, resolved from the root.
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, path.dirname(BUNDLE), (specifier) => import(specifier));
  if (writeCache) {
    writeFileSync(`${CACHE}.tmp`, script.createCachedData());
    renameSync(`${CACHE}.tmp`, CACHE);
  }
  return module.exports;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv.includes('--write-cache')) {
  loadBundle({ writeCache: true });
  process.exit(0);
}
