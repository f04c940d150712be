/**
 * `npm run build`: bundles the app (src/main.ts and everything it imports) into one CommonJS file,
 * dist/src/index.cjs, with esbuild; saves V8's compiled code for it (scripts/bundle.mjs); and stamps dist/ so
 * `npm start` knows it is current. Type checking is `npm run typecheck`, not the build.
 *
 * Why a bundle: started from files, the app loads about 3,000 modules, and resolving and reading them was most of
 * its cold start. Kept outside the bundle (EXTERNAL) and loaded from node_modules: native code (@resvg/resvg-js,
 * dtrace-provider) and the packages the app loads only on first use (vega, vega-lite, exceljs, botbuilder-dialogs),
 * so they stay out of a start that does not need them. Files read by path stay where they are: cards/,
 * templates/ and date-holidays' data (src/domain/calendar/gbHolidays.ts), so node_modules must be installed.
 * The bundle sits two folders below the root, as src/<folder>/<module>.ts does, so the app's
 * `new URL('../../cards/', import.meta.url)` finds the same cards/ and templates/ in both. CommonJS, because
 * only a script (not an ES module) can be given V8's code cache in Node 20.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

export const EXTERNAL = ['@resvg/resvg-js', 'dtrace-provider', 'botbuilder-dialogs', 'vega', 'vega-lite', 'exceljs'];

/**
 * teams-ai's Application imports its sign-in support, which loads botbuilder-dialogs and with it the text
 * recognisers of every language (about half of the start's CPU). The assistant configures no sign-in, and these
 * modules use botbuilder-dialogs only inside functions, so their `require` becomes a proxy that loads the real
 * module on first use: sign-in still works if it is ever configured.
 */
const LAZY = [
  { importer: /teams-ai[\\/]lib[\\/]authentication[\\/][^\\/]+\.js$/, modules: ['botbuilder-dialogs', './TeamsBotSsoPrompt'] },
];

const lazyRequires = {
  name: 'lazy-requires',
  setup(plugin) {
    for (const { importer, modules } of LAZY) {
      plugin.onLoad({ filter: importer }, async ({ path: file }) => {
        const { readFile } = await import('node:fs/promises');
        let source = await readFile(file, 'utf8');
        for (const name of modules) {
          source = source.replaceAll(`require("${name}")`, `__lazyRequire(() => require("${name}"))`);
        }
        return { contents: source, loader: 'js', resolveDir: path.dirname(file) };
      });
    }
  },
};

/**
 * bson and zod ship an ES module and a CommonJS build. The app imports one and its dependencies (the MongoDB
 * driver, teams-ai) require the other, which would bundle both: two copies of the code, and each bson copy holds
 * its own 17 MB serialisation buffer. Every importer gets the CommonJS build, as `require` would.
 */
const ONE_BUILD = /^(bson|zod)(\/.*)?$/;

const oneBuild = {
  name: 'one-build',
  setup(plugin) {
    plugin.onResolve({ filter: ONE_BUILD }, (args) => {
      if (args.kind === 'require-call') return undefined;
      return plugin.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, importer: args.importer });
    });
  },
};

// `import.meta.url` is the bundle's own URL. `__lazyRequire` loads a module on the first read of one of its exports.
const banner = [
  "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;",
  'const __lazyRequire = (load) => { let real; const get = () => (real ??= load());',
  '  return new Proxy({}, { get: (_, key) => get()[key], has: (_, key) => key in get(), ownKeys: () => Reflect.ownKeys(get()),',
  '    getOwnPropertyDescriptor: (_, key) => { const d = Reflect.getOwnPropertyDescriptor(get(), key); return d && { ...d, configurable: true }; } }); };',
].join('\n');

/**
 * esbuild escapes non-ASCII characters in strings but leaves a few in regular expressions. One such character makes
 * V8 hold the whole source as two-byte text, twice the size (about 10 MB more), so each is written as its \u escape,
 * which means the same in a regular expression, a string or an identifier.
 */
const WRAPPER = '(function (exports, require, module, __filename, __dirname, __import) {';

function asciiOnly(file) {
  const source = readFileSync(file, 'utf8');
  if (/\\[^\x00-\x7f]/.test(source)) throw new Error(`${file}: a non-ASCII character after a backslash; escape it by hand`);
  const ascii = source.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // import() of a package kept outside the bundle goes through the loader's own import(): V8 drops a script's
  // dynamic-import callback when the script comes from the code cache.
  const escaped = ascii.replace(/\bimport\("/g, '__import("');
  if (/\bimport\(/.test(escaped)) throw new Error(`${file}: an import() of a computed name; the bundle loader cannot serve it`);
  // Wrapped here as Node wraps a CommonJS module (and __import), so that loading it need not copy 11 MB of text.
  writeFileSync(file, `${WRAPPER}${escaped}\n})`);
}

export async function buildDist() {
  const started = Date.now();
  rmSync(path.join(dist, '.built'), { force: true });
  rmSync(path.join(dist, 'src'), { recursive: true, force: true });
  rmSync(path.join(dist, 'cards'), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/src/index.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    define: { 'import.meta.url': '__bundleUrl' },
    target: 'node20',
    sourcemap: true,
    external: EXTERNAL,
    banner: { js: banner },
    plugins: [lazyRequires, oneBuild],
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: false,
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(path.join(dist, 'meta.json'), JSON.stringify(result.metafile));
  asciiOnly(path.join(dist, 'src', 'index.cjs'));
  const cached = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs'), '--write-cache'], { stdio: 'inherit' });
  if (cached.status !== 0) throw new Error('evaluating the bundle to save its compiled code failed');
  writeFileSync(path.join(dist, '.built'), `${new Date().toISOString()}\n`);
  console.error(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildDist();
