/**
 * Loads the app's bundle (dist/src/index.cjs) with V8's code cache. Node 20 compiles a file afresh at every start
 * (Node 22's module.enableCompileCache is not in Node 20), and compiling the 11 MB bundle was a third of the
 * cold start. The build evaluates the bundle once, starts and stops the app on an in-memory store (main.ts's
 * warmUp), and saves the code V8 compiled for both (index.cjs.cache); a start hands it back to V8, so neither the
 * top level nor the start's own functions are compiled at start. A cache V8 refuses (another Node version, or other V8 flags) is ignored: the bundle is
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

/** Evaluates the bundle as CommonJS and returns its exports and the script (whose compiled code the build saves). */
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
  return { exports: module.exports, script };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv.includes('--write-cache')) {
  const { exports, script } = loadBundle({ writeCache: true });
  // A start and stop first, so that the saved code covers the start's own functions as well as the top level.
  await exports.warmUp();
  writeFileSync(`${CACHE}.tmp`, script.createCachedData());
  renameSync(`${CACHE}.tmp`, CACHE);
  process.exit(0);
}
