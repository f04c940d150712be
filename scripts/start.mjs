/**
 * `npm start`: runs the compiled app from dist/, building it first (`npm run build`) when dist/ is missing or
 * older than any source file, package.json, package-lock.json (the bundle holds the packages), tsconfig.json or the build
 * script. Plain JavaScript, so that starting needs no TypeScript loader at run time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.built');
const entry = path.join(root, 'dist', 'src', 'index.cjs');

/** The newest modification time among the inputs of the build. */
function newestInput() {
  let newest = 0;
  const visit = (target) => {
    const info = statSync(target);
    if (info.isDirectory()) for (const name of readdirSync(target)) visit(path.join(target, name));
    else newest = Math.max(newest, info.mtimeMs);
  };
  for (const input of ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs', 'scripts/bundle.mjs']) visit(path.join(root, input));
  return newest;
}

const current = existsSync(stamp) && existsSync(entry) && statSync(stamp).mtimeMs >= newestInput();
if (!current) {
  console.error('dist/ is missing or out of date: building it first (npm run build).');
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
// `--build-only`: make dist/ current and stop (the benchmarks use it so that a timed start does not build).
if (!process.argv.includes('--build-only')) {
  const { loadBundle } = await import('./bundle.mjs');
  await loadBundle().exports.main();
}
