/**
 * Reads a V8 heap snapshot of the compiled app (dist/src/index.cjs, one bundle) and says which package holds what:
 * retained sizes over the dominator tree, each object charged to the nearest dominator that belongs to one package.
 * A function belongs to the package its source came from (the bundle's source map), and a function scope
 * (context) to the package of the functions that close over it; a scope shared by functions of several
 * packages (the bundle's top-level scope) belongs to none. What no package holds alone is shown by kind.
 * Dominators: Cooper, Harvey & Kennedy, "A Simple, Fast Dominance Algorithm" (2001); weak edges do not retain.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  locations: number[];
  strings: string[];
}

interface SourceMap {
  sources: string[];
  mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** For each generated line, its segments' start columns and source indexes (the source map's VLQ mappings). */
function decodeSources(map: SourceMap): Array<{ columns: number[]; sources: number[] }> {
  const lines: Array<{ columns: number[]; sources: number[] }> = [];
  let source = 0;
  for (const line of map.mappings.split(';')) {
    const columns: number[] = [];
    const sources: number[] = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0]!;
      if (values.length > 1) source += values[1]!;
      columns.push(column);
      sources.push(source);
    }
    lines.push({ columns, sources });
  }
  return lines;
}

/** The package a source file belongs to, or 'the app (src/)'. */
function packageOf(source: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  return match ? match[1]! : /(^|\/)src\//.test(source) ? 'the app (src/)' : source;
}

export interface HeapSummary {
  totalBytes: number;
  byPackage: Array<{ owner: string; bytes: number }>;
}

export function summariseHeap(snapshotFile: string, bundleMapFile: string): HeapSummary {
  const snap = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot;
  const map = JSON.parse(readFileSync(bundleMapFile, 'utf8')) as SourceMap;
  const lines = decodeSources(map);
  const { meta } = snap.snapshot;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const typeOffset = meta.node_fields.indexOf('type');
  const sizeOffset = meta.node_fields.indexOf('self_size');
  const edgeCountOffset = meta.node_fields.indexOf('edge_count');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const weak = edgeTypes.indexOf('weak');
  const elementEdge = edgeTypes.indexOf('element');
  const hiddenEdge = edgeTypes.indexOf('hidden');
  const nameOffset = meta.node_fields.indexOf('name');
  const closureType = nodeTypes.indexOf('closure');
  const count = snap.nodes.length / nodeFields;

  // Edges out of each node, as node ordinals.
  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0, e = 0; n < count; n++) {
    firstEdge[n] = e;
    e += snap.nodes[n * nodeFields + edgeCountOffset]! * edgeFields;
  }
  firstEdge[count] = snap.edges.length;
  const target = (e: number) => snap.edges[e + 2]! / nodeFields;
  const isWeak = (e: number) => snap.edges[e] === weak;

  // Depth-first post-order from the root (node 0), without recursion.
  const order = new Int32Array(count).fill(-1);
  const postOrder = new Uint32Array(count);
  let visited = 0;
  const stack: number[] = [0];
  const cursor = new Uint32Array(count);
  const seen = new Uint8Array(count);
  seen[0] = 1;
  cursor[0] = firstEdge[0]!;
  while (stack.length > 0) {
    const n = stack[stack.length - 1]!;
    if (cursor[n]! < firstEdge[n + 1]!) {
      const e = cursor[n]!;
      cursor[n] = e + edgeFields;
      if (isWeak(e)) continue;
      const to = target(e);
      if (!seen[to]) {
        seen[to] = 1;
        cursor[to] = firstEdge[to]!;
        stack.push(to);
      }
    } else {
      stack.pop();
      order[n] = visited;
      postOrder[visited++] = n;
    }
  }

  // Predecessors of each reachable node.
  const predecessorCount = new Uint32Array(count + 1);
  for (let n = 0; n < count; n++) {
    if (order[n]! < 0) continue;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += edgeFields) if (!isWeak(e)) predecessorCount[target(e) + 1]!++;
  }
  for (let n = 0; n < count; n++) predecessorCount[n + 1]! += predecessorCount[n]!;
  const predecessors = new Uint32Array(predecessorCount[count]!);
  const filled = predecessorCount.slice(0, count);
  for (let n = 0; n < count; n++) {
    if (order[n]! < 0) continue;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += edgeFields) if (!isWeak(e)) predecessors[filled[target(e)]!++] = n;
  }

  // Immediate dominators, iterated to a fixed point in reverse post-order.
  const idom = new Int32Array(count).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (order[a]! < order[b]!) a = idom[a]!;
      while (order[b]! < order[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = visited - 2; i >= 0; i--) {
      const n = postOrder[i]!;
      let dominator = -1;
      for (let p = predecessorCount[n]!; p < predecessorCount[n + 1]!; p++) {
        const from = predecessors[p]!;
        if (idom[from]! < 0) continue;
        dominator = dominator < 0 ? from : intersect(from, dominator);
      }
      if (dominator >= 0 && idom[n] !== dominator) {
        idom[n] = dominator;
        changed = true;
      }
    }
  }

  // Owners: functions from the bundle by their source; scopes by the functions that close over them.
  const byScript = new Map<number, number>();
  for (let i = 0; i < snap.locations.length; i += 4) byScript.set(snap.locations[i + 1]!, (byScript.get(snap.locations[i + 1]!) ?? 0) + 1);
  const bundleScript = [...byScript].sort((a, b) => b[1] - a[1])[0]?.[0];
  const owner = new Array<string | undefined>(count);
  const unmapped: number[] = [];
  for (let i = 0; i < snap.locations.length; i += 4) {
    if (snap.locations[i + 1] !== bundleScript) continue;
    const n = snap.locations[i]! / nodeFields;
    const line = lines[snap.locations[i + 2]!];
    if (!line || line.columns.length === 0) continue;
    const column = snap.locations[i + 3]!;
    if (column < line.columns[0]!) {
      unmapped.push(n);
      continue;
    }
    let lo = 0;
    let hi = line.columns.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (line.columns[mid]! <= column) lo = mid;
      else hi = mid - 1;
    }
    owner[n] = packageOf(map.sources[line.sources[lo]!] ?? '?');
  }
  const SHARED = '(shared scope)';
  const nameOf = (n: number) => snap.strings[snap.nodes[n * nodeFields + nameOffset]!]!;
  const edgeName = (e: number) => snap.strings[snap.edges[e + 1]!];
  const edgeNamed = (n: number, name: string): number | undefined => {
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += edgeFields) if (snap.edges[e] !== elementEdge && snap.edges[e] !== hiddenEdge && edgeName(e) === name) return target(e);
    return undefined;
  };
  // esbuild's runtime (__commonJS, __esm, __toESM…) has no source: the closures it makes for each bundled module,
  // which hold that module's exports, belong to the package of the module function they wrap (`cb` / `fn`).
  for (const n of unmapped) {
    if (snap.nodes[n * nodeFields + typeOffset] !== closureType) continue;
    const scope = edgeNamed(n, 'context');
    const wrapped = scope === undefined ? undefined : (edgeNamed(scope, 'cb') ?? edgeNamed(scope, 'fn'));
    if (wrapped === undefined) continue;
    if (snap.nodes[wrapped * nodeFields + typeOffset] === closureType) owner[n] = owner[wrapped];
    else for (let e = firstEdge[wrapped]!; e < firstEdge[wrapped + 1]! && !owner[n]; e += edgeFields) owner[n] = owner[target(e)];
  }
  const claim = (n: number, by: string) => {
    owner[n] = owner[n] === undefined || owner[n] === by ? by : SHARED;
  };
  for (let n = 0; n < count; n++) {
    const by = owner[n];
    if (snap.nodes[n * nodeFields + typeOffset] !== closureType || !by) continue;
    // Its scope, and the scopes around that one, up to a scope that functions of another package share too.
    for (let scope = edgeNamed(n, 'context'); scope !== undefined && owner[scope] !== SHARED; scope = edgeNamed(scope, 'previous')) {
      if (snap.nodes[scope * nodeFields + typeOffset] === closureType) break;
      claim(scope, by);
    }
    // Its compiled code (the function's shared info, with its bytecode).
    const shared = edgeNamed(n, 'shared');
    if (shared !== undefined) claim(shared, by);
  }
  // The bundle's script and its source text (wrapped by scripts/bundle.mjs, then the banner of scripts/build.mjs).
  for (let n = 0; n < count; n++) {
    const type = nodeTypes[snap.nodes[n * nodeFields + typeOffset]!];
    const name = nameOf(n);
    if ((type === 'code' && name.endsWith('dist/src/index.cjs')) || (type === 'string' && name.startsWith('(function (exports, require, module, __filename, __dirname, __import) {var __bundleUrl'))) {
      owner[n] = "(the bundle's source text)";
    }
  }

  // Each object goes to its nearest owned dominator (parents come before children in reverse post-order).
  const charged = new Array<string>(count);
  const totals = new Map<string, number>();
  let totalBytes = 0;
  for (let i = visited - 1; i >= 0; i--) {
    const n = postOrder[i]!;
    const own = owner[n];
    // A shared scope stops the charge: what it holds is not one package's.
    const chargedTo = own === SHARED ? '' : (own ?? (n === 0 ? '' : charged[idom[n]!]!));
    charged[n] = chargedTo;
    const size = snap.nodes[n * nodeFields + sizeOffset]!;
    totalBytes += size;
    const key = chargedTo || `(no one package: ${nodeTypes[snap.nodes[n * nodeFields + typeOffset]!]})`;
    totals.set(key, (totals.get(key) ?? 0) + size);
  }
  return { totalBytes, byPackage: [...totals].map(([o, bytes]) => ({ owner: o, bytes })).sort((a, b) => b.bytes - a.bytes) };
}
