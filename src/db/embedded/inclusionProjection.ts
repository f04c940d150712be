/**
 * A fast path for the commonest projection: plain inclusion of fields (`{ a: 1, 'b.c': 1, _id: 0 }`). Fields keep
 * the document's order, as MongoDB returns them. Anything it cannot answer exactly as MongoDB would (an operator,
 * an exclusion, an array or a non-document value along a dotted path) returns undefined and the caller uses mingo.
 */
import type { Document } from 'bson';
import { isPlainObject } from './paths.js';

/** The included paths as a tree: `true` takes the whole value, a nested tree takes parts of a sub-document. */
type PathTree = Map<string, PathTree | true>;

const included = (value: unknown) => value === 1 || value === true;

/** The projection as a path tree, or undefined when it is not plain inclusion. */
export function inclusionTree(projection: Document): PathTree | undefined {
  const tree: PathTree = new Map();
  let includeId = true;
  for (const [path, value] of Object.entries(projection)) {
    if (path === '_id' && (value === 0 || value === false)) {
      includeId = false;
      continue;
    }
    if (!included(value) || path.startsWith('$') || path.includes('$')) return undefined;
    const parts = path.split('.');
    let node = tree;
    for (const [i, part] of parts.entries()) {
      const existing = node.get(part);
      // A path inside another included path is a collision MongoDB refuses; let mingo answer.
      if (existing === true || (i === parts.length - 1 && existing)) return undefined;
      if (i === parts.length - 1) {
        node.set(part, true);
        break;
      }
      const next: PathTree = existing ?? new Map();
      node.set(part, next);
      node = next;
    }
  }
  if (tree.size === 0) return undefined;
  if (includeId && !tree.has('_id')) tree.set('_id', true);
  return tree;
}

/** The document reduced to the tree's paths; undefined when only mingo can say what MongoDB would return. */
export function pickPaths(doc: Document, tree: PathTree): Document | undefined {
  const out: Document = {};
  for (const key of Object.keys(doc)) {
    const node = tree.get(key);
    if (!node) continue;
    const value = doc[key];
    if (node === true) {
      out[key] = value;
    } else if (isPlainObject(value)) {
      const inner = pickPaths(value, node);
      if (!inner) return undefined;
      out[key] = inner;
    } else if (value !== undefined) {
      return undefined;
    }
  }
  return out;
}
