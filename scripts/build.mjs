/**
 * `npm run build`: compiles src/ to dist/src/ with tsc (tsconfig.build.json; imported JSON such as the risk
 * question set comes along), copies the card templates the app reads at run time to dist/cards/, and stamps
 * dist/ so `npm start` knows it is current.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const started = Date.now();
rmSync(path.join(dist, '.built'), { force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
mkdirSync(dist, { recursive: true });
rmSync(path.join(dist, 'cards'), { recursive: true, force: true });
cpSync(path.join(root, 'cards'), path.join(dist, 'cards'), { recursive: true });
writeFileSync(path.join(dist, '.built'), `${new Date().toISOString()}\n`);
console.error(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
