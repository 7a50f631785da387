import { createHash, hash } from 'node:crypto';

/**
 * The hashing rules of the evidence log, shared by the writer, `verify`, proofs and the
 * standalone verifier (scripts/verify-evidence-proof.mjs repeats them in plain JavaScript):
 * canonical JSON in the style of RFC 8785 (keys sorted by UTF-16 code units, no whitespace,
 * ECMAScript number formatting), and a Merkle tree exactly as RFC 9162 (Certificate
 * Transparency 2.0) defines it: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Deterministic JSON: the same value always gives the same bytes. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonical JSON has no NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const shape = shapeOf(value);
  let out = '{';
  for (let i = 0; i < shape.keys.length; i++) out += shape.prefixes[i]! + canonicalJson(value[shape.keys[i]!]!);
  return `${out}}`;
}

/**
 * The sorted keys of an object and their `"key":` prefixes, remembered per key list: every record
 * has the same fields in the same order, so sorting and quoting them once (not per record) is
 * enough. A remembered list is used only when the object's own keys are exactly that list.
 */
interface Shape {
  own: string[];
  keys: string[];
  prefixes: string[];
}
const shapes: Shape[] = [];
function shapeOf(value: { [key: string]: JsonValue }): Shape {
  const own = Object.keys(value);
  search: for (const shape of shapes) {
    if (shape.own.length !== own.length) continue;
    for (let i = 0; i < own.length; i++) if (shape.own[i] !== own[i]) continue search;
    return shape;
  }
  // Default sort compares UTF-16 code units, as RFC 8785 requires.
  const keys = [...own].sort();
  const shape = { own, keys, prefixes: keys.map((k, i) => `${i ? ',' : ''}${JSON.stringify(k)}:`) };
  // Records and seal bodies are a handful of shapes; other objects are not worth keeping.
  if (own.length >= 8 && shapes.length < 16) shapes.push(shape);
  return shape;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The Merkle leaf hash of a record: SHA-256(0x00 || canonical JSON), hex. */
export function leafHash(value: JsonValue): string {
  return createHash('sha256').update(Buffer.from([0])).update(canonicalJson(value), 'utf8').digest('hex');
}

const NODE_INPUT = Buffer.alloc(65, 1);
function nodeHash(left: Buffer, right: Buffer): Buffer {
  // One shared input buffer (0x01 || left || right) and a one-shot hash: a seal hashes n − 1 nodes.
  left.copy(NODE_INPUT, 1);
  right.copy(NODE_INPUT, 33);
  return hash('sha256', NODE_INPUT, 'buffer') as unknown as Buffer;
}

/** Largest power of two strictly smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function subtreeRoot(leaves: Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leaves[from]!;
  const k = split(n);
  return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/** MTH(D[n]) over leaf hashes (hex), as hex. */
export function merkleRoot(leafHashes: string[]): string {
  if (leafHashes.length === 0) return sha256Hex('');
  return subtreeRoot(leafHashes.map((h) => Buffer.from(h, 'hex')), 0, leafHashes.length).toString('hex');
}

/**
 * merkleRoot computed a leaf at a time, yielding to the event loop every `step` leaves, so that
 * sealing tens of thousands of records never holds up the thread that proxies. Perfect subtrees
 * are kept on a stack and merged when two of the same size meet; folding the stack from the
 * right at the end gives exactly RFC 9162's MTH (its split at the largest power of two).
 */
export async function merkleRootInSteps(leafHashes: string[], step = 512): Promise<string> {
  if (leafHashes.length === 0) return sha256Hex('');
  const sizes: number[] = [];
  const hashes: Buffer[] = [];
  for (let i = 0; i < leafHashes.length; i++) {
    let size = 1;
    let node: Buffer = Buffer.from(leafHashes[i]!, 'hex');
    while (sizes.length && sizes[sizes.length - 1] === size) {
      sizes.pop();
      node = nodeHash(hashes.pop()!, node);
      size *= 2;
    }
    sizes.push(size);
    hashes.push(node);
    if ((i + 1) % step === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  let root = hashes.pop()!;
  while (hashes.length) root = nodeHash(hashes.pop()!, root);
  return root.toString('hex');
}

/** The audit path PATH(m, D[n]) of RFC 9162 §2.1.3.1: sibling hashes from the leaf up, hex. */
export function auditPath(leafHashes: string[], index: number): string[] {
  if (index < 0 || index >= leafHashes.length) throw new Error('leaf index out of range');
  const leaves = leafHashes.map((h) => Buffer.from(h, 'hex'));
  const path: Buffer[] = [];
  const walk = (m: number, from: number, to: number): void => {
    const n = to - from;
    if (n === 1) return;
    const k = split(n);
    if (m < k) {
      walk(m, from, from + k);
      path.push(subtreeRoot(leaves, from + k, to));
    } else {
      walk(m - k, from + k, to);
      path.push(subtreeRoot(leaves, from, from + k));
    }
  };
  walk(index, 0, leaves.length);
  return path.map((b) => b.toString('hex'));
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when the proof is malformed. */
export function rootFromAuditPath(leaf: string, index: number, treeSize: number, path: string[]): string | null {
  if (index < 0 || index >= treeSize) return null;
  let fn = index;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leaf, 'hex');
  for (const hex of path) {
    const p = Buffer.from(hex, 'hex');
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r.toString('hex') : null;
}

/** A salted commitment to a personal value (what the leaf hash covers instead of the value). */
export function commitmentOf(value: string, salt: string): string {
  return createHash('sha256').update(`padu-evidence-commit\u0000${salt}\u0000${value}`, 'utf8').digest('hex');
}
