/**
 * The volume index the search runs over (pkg/controller/volume/persistentvolume/index.go findByClaim,
 * allPossibleMatchingAccessModes): access-mode groups, buckets sorted by capacity with a next-free
 * union-find and a label index, and the volumes a claimRef reserves for a claim (IsVolumeBoundToClaim).
 */
import { LabelSelector, isPrebound, selectorMatches, selectorProblem } from '../match';
import {
  Bucket,
  bucketKey,
  Claim,
  claimAttributesClass,
  Context,
  GroupBucket,
  isEmptySelector,
  LabelIndex,
  LabelList,
  popcount,
  push,
  Vol,
} from './model';

/** Volumes whose claimRef reserves them for this claim (IsVolumeBoundToClaim). */
export function preboundVolumes(ctx: Context, c: Claim): readonly Vol[] {
  if (c.prebound) return c.prebound;
  const candidates = ctx.reservedFor.get(c.key);
  c.prebound = candidates ? candidates.filter((v) => isPrebound(v.facts, c.facts)) : NONE;
  return c.prebound;
}

const NONE: readonly Vol[] = [];

/** The claim's access-mode groups in search order, each with its bucket; shared by claims of one shape. */
export function claimBuckets(ctx: Context, c: Claim): readonly GroupBucket[] {
  if (c.groupBuckets) return c.groupBuckets;
  const vac = claimAttributesClass(ctx, c);
  const shape = bucketKey(c.claimClass, c.facts.volumeMode, c.mask, vac);
  let list = ctx.shapeCache.get(shape);
  if (!list) {
    list = groupsFor(ctx, c.mask).map((group) => ({
      group,
      bucket: ctx.buckets.get(bucketKey(c.claimClass, c.facts.volumeMode, group, vac)),
    }));
    ctx.shapeCache.set(shape, list);
  }
  c.groupBuckets = list;
  return list;
}

/** allPossibleMatchingAccessModes: every indexed mode set containing the requested ones, fewest modes first. */
export function groupsFor(ctx: Context, mask: number): number[] {
  let groups = ctx.groupCache.get(mask);
  if (!groups) {
    // Sets of equal size come in no fixed order in the controller; here by bit value (RWO+ROX before RWO+RWX).
    groups = ctx.masks.filter((m) => (m & mask) === mask).sort((a, b) => popcount(a) - popcount(b) || a - b);
    ctx.groupCache.set(mask, groups);
  }
  return groups;
}

function isFree(v: Vol): boolean {
  return v.holder === undefined && !v.reserved;
}

/**
 * The first index >= i whose entry is free, skipping taken entries through `next` with path
 * compression. Taking is never undone, so an entry found taken is linked past for good.
 */
function firstFree(next: Int32Array, i: number, free: (index: number) => boolean): number {
  const end = next.length - 1;
  let r = i;
  while (r < end) {
    const n = next[r];
    if (n !== r) {
      r = n;
    } else if (free(r)) {
      break;
    } else {
      next[r] = r + 1;
      r++;
    }
  }
  while (i < r) {
    const n = next[i];
    next[i] = r;
    i = n;
  }
  return r;
}

export function lowerBound(nanos: readonly bigint[], request: bigint): number {
  let lo = 0;
  let hi = nanos.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (nanos[mid] < request) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBoundInt(values: Int32Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The smallest free volume in the bucket with capacity >= request that the claim's selector accepts. */
export function searchBucket(b: Bucket, c: Claim, request: bigint): Vol | undefined {
  const lb = lowerBound(b.nanos, request);
  const selector = c.facts.selector;
  const freeAt = (i: number): boolean => isFree(b.vols[i]);
  if (!selector || isEmptySelector(selector)) {
    const i = firstFree(b.next, lb, freeAt);
    return i < b.vols.length ? b.vols[i] : undefined;
  }
  if (selectorProblem(selector)) return undefined;
  // Labels never change and a taken volume stays taken, so a search with the same selector and
  // lower bound resumes where the last one stopped (StatefulSet ordinals share both).
  const key = selectorKey(c);
  const resumeKey = `${key}\0${lb}`;
  const from = b.resume.get(resumeKey) ?? lb;
  const found = searchSelected(b, selector, key, from, freeAt);
  b.resume.set(resumeKey, found);
  return found < b.vols.length ? b.vols[found] : undefined;
}

/** The first position >= from holding a free volume the selector accepts, or the bucket size. */
function searchSelected(
  b: Bucket,
  selector: LabelSelector,
  key: string,
  from: number,
  freeAt: (i: number) => boolean,
): number {
  const lists = indexedTerm(b, selector, key);
  if (lists === undefined) {
    // No term to index by (only NotIn / DoesNotExist): walk the free volumes from the lower bound.
    for (let i = firstFree(b.next, from, freeAt); i < b.vols.length; i = firstFree(b.next, i + 1, freeAt)) {
      if (selectorMatches(selector, b.vols[i].facts.labels)) return i;
    }
    return b.vols.length;
  }
  // Every volume the selector accepts is in one of the lists (the term is required), so scanning
  // each list up to the best position found so far misses none.
  let best = b.vols.length;
  for (const l of lists) {
    const freeIn = (i: number): boolean => isFree(b.vols[l.positions[i]]);
    for (let i = firstFree(l.next, lowerBoundInt(l.positions, from), freeIn); i < l.positions.length;) {
      const pos = l.positions[i];
      if (pos >= best) break;
      if (selectorMatches(selector, b.vols[pos].facts.labels)) {
        best = pos;
        break;
      }
      i = firstFree(l.next, i + 1, freeIn);
    }
  }
  return best;
}

function selectorKey(c: Claim): string {
  return c.selectorKey ?? 'null';
}

/**
 * The label lists to scan for the most selective indexable term of the selector (a matchLabels
 * pair, an In expression or an Exists expression): `[]` when some term matches no volume in the
 * bucket, undefined when no term can be indexed.
 */
function indexedTerm(b: Bucket, selector: LabelSelector, key: string): LabelList[] | undefined {
  if (!b.terms) b.terms = new Map();
  if (b.terms.has(key)) return b.terms.get(key);
  const lists = findIndexedTerm(labelIndex(b), selector);
  b.terms.set(key, lists);
  return lists;
}

function findIndexedTerm(index: LabelIndex, selector: LabelSelector): LabelList[] | undefined {
  let best: LabelList[] | undefined;
  let bestSize = Infinity;
  const consider = (lists: LabelList[]): void => {
    const size = lists.reduce((n, l) => n + l.positions.length, 0);
    if (size < bestSize) {
      best = lists;
      bestSize = size;
    }
  };
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    const l = index.values.get(k)?.get(v);
    if (!l) return [];
    consider([l]);
  }
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'In') {
      const byValue = index.values.get(e.key);
      const lists = [...new Set(e.values ?? [])]
        .map((v) => byValue?.get(v))
        .filter((l): l is LabelList => !!l);
      if (lists.length === 0) return [];
      consider(lists);
    } else if (e.operator === 'Exists') {
      const l = index.present.get(e.key);
      if (!l) return [];
      consider([l]);
    }
  }
  return best;
}

/** Built on first use: label key (and value) to the bucket positions carrying it, by nested maps, not joined keys. */
function labelIndex(b: Bucket): LabelIndex {
  if (b.labels) return b.labels;
  const present = new Map<string, number[]>();
  const values = new Map<string, Map<string, number[]>>();
  for (let pos = 0; pos < b.vols.length; pos++) {
    const labels = b.vols[pos].facts.labels;
    for (const k of Object.keys(labels)) {
      push(present, k, pos);
      let byValue = values.get(k);
      if (!byValue) values.set(k, (byValue = new Map()));
      push(byValue, labels[k], pos);
    }
  }
  const index: LabelIndex = { present: new Map(), values: new Map() };
  for (const [k, positions] of present) {
    index.present.set(k, labelList(positions));
    const byValue = new Map<string, LabelList>();
    for (const [v, at] of values.get(k) as Map<string, number[]>) byValue.set(v, labelList(at));
    index.values.set(k, byValue);
  }
  b.labels = index;
  return index;
}

function labelList(positions: readonly number[]): LabelList {
  const next = new Int32Array(positions.length + 1);
  for (let i = 0; i <= positions.length; i++) next[i] = i;
  return { positions: Int32Array.from(positions), next };
}
