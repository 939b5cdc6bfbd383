/**
 * The volumes that came closest to a claim left Pending: scored and described by the checks of
 * FindMatchingVolume / checkVolumeSatisfyClaim (match.ts mismatches), and by who holds or reserves them.
 */
import { capacityTooSmall, isPrebound, mismatches, selectorMatches } from '../match';
import { Bucket, Claim, claimAttributesClass, Context, MAX_CANDIDATES, NEAR_MISSES, Vol } from './model';
import { claimLabel } from './text';
import { heldInCluster } from './bound';
import { claimBuckets, groupsFor, lowerBound, preboundVolumes } from './buckets';
import { reservationText } from './named';

export interface Candidate {
  readonly vol: Vol;
  readonly count: number;
  readonly rank: number;
  /** The single failed check, for the finding's field. */
  readonly only?: string;
}

/**
 * Up to three volumes that came closest, fewest failed checks first. Bounded: only volumes next
 * to the claim's request in its own buckets, in other-shape buckets of its class and in buckets
 * of other classes with its shape are looked at, a handful per bucket.
 */
export function nearMisses(ctx: Context, c: Claim): Candidate[] {
  const request = c.facts.request?.nanos ?? 0n;
  const seen = new Set<Vol>();
  const out: Candidate[] = [];
  const consider = (v: Vol): void => {
    if (out.length >= MAX_CANDIDATES || seen.has(v) || v.holder === c) return;
    seen.add(v);
    const { count, only } = scoreCandidate(ctx, c, v);
    out.push({ vol: v, count, only, rank: out.length });
  };
  // Volumes big enough first (taken, or failing the selector), then the largest ones too small.
  const around = (b: Bucket, below: number, from: number): void => {
    const lb = lowerBound(b.nanos, request);
    for (let i = lb; i < Math.min(b.vols.length, lb + from); i++) consider(b.vols[i]);
    for (let i = lb - 1; i >= Math.max(0, lb - below); i--) consider(b.vols[i]);
  };
  for (const v of preboundVolumes(ctx, c)) consider(v);
  for (const v of ctx.reservedNoNamespace.get(c.facts.name) ?? []) consider(v);
  const groups = groupsFor(ctx, c.mask);
  for (const { bucket } of claimBuckets(ctx, c)) if (bucket) around(bucket, 2, 4);
  let budget = 8;
  for (const b of ctx.bucketsByClass.get(c.claimClass) ?? []) {
    if (budget-- <= 0) break;
    if (
      b.volumeMode !== c.facts.volumeMode ||
      !groups.includes(b.mask) ||
      b.attributesClass !== claimAttributesClass(ctx, c)
    )
      around(b, 1, 2);
  }
  budget = 8;
  for (const g of groups) {
    for (const b of ctx.bucketsByShape.get(`${c.facts.volumeMode}\0${g}`) ?? []) {
      if (budget-- <= 0) break;
      if (b.storageClass !== c.claimClass) around(b, 1, 2);
    }
  }
  if (out.length < NEAR_MISSES) {
    budget = 4;
    for (const b of ctx.buckets.values()) {
      if (budget-- <= 0) break;
      around(b, 1, 1);
    }
  }
  return out.sort((a, b) => a.count - b.count || a.rank - b.rank).slice(0, NEAR_MISSES);
}

/** Counts failed checks cheaply (no text), as mismatches() would list them, plus a taken volume. */
function scoreCandidate(ctx: Context, c: Claim, v: Vol): { count: number; only?: string } {
  let count = 0;
  let last: string | undefined; // the last check failed: the only one when count is 1
  if (
    v.nanos === undefined ||
    (c.facts.request && capacityTooSmall(v.facts.capacity!, c.facts.request, false))
  ) {
    count++;
    last = 'capacity';
  }
  if ((v.mask & c.mask) !== c.mask) {
    count++;
    last = 'modes';
  }
  // A volume reserved for the claim is taken whatever its class and labels (FindMatchingVolume).
  const prebound = v.reserved && isPrebound(v.facts, c.facts);
  if (!prebound && v.facts.storageClassName !== c.claimClass) {
    count++;
    last = 'class';
  }
  if (v.facts.volumeMode !== c.facts.volumeMode) {
    count++;
    last = 'volumeMode';
  }
  if (ctx.attributesClasses && v.facts.attributesClass !== c.facts.attributesClass) {
    count++;
    last = 'attributesClass';
  }
  if (!prebound && c.facts.selector && !selectorMatches(c.facts.selector, v.facts.labels)) {
    count++;
    last = 'selector';
  }
  if (!(v.holder === undefined || v.holder === c) || (v.reserved && !prebound)) {
    count++;
    last = 'holder';
  }
  return { count, only: count === 1 ? last : undefined };
}

export function candidateProblems(ctx: Context, c: Claim, v: Vol): string[] {
  const prebound = isPrebound(v.facts, c.facts);
  // A volume reserved for the claim is taken whatever its class and labels: only size and volumeMode count.
  const problems = mismatches(c.facts, v.facts, {
    claimClass: prebound ? v.facts.storageClassName : c.claimClass,
    checkSelector: !prebound,
    checkAttributesClass: ctx.attributesClasses,
  });
  if (v.holder && v.holder !== c && heldInCluster(ctx, v)) {
    problems.push(`it is already bound in the cluster to claim ${claimLabel(v.holder)}`);
  } else if (v.holder && v.holder !== c) {
    problems.push(
      `it binds to claim ${claimLabel(v.holder)}${v.holder.facts.volumeName === v.facts.name ? ', which names it' : ''}, ` +
        'which this plan processes first',
    );
  } else if (v.reserved && !prebound) {
    problems.push(reservationText(v, c));
  }
  if (problems.length === 0 && ctx.volumesByName.get(v.facts.name) !== v)
    problems.push('its name is a duplicate');
  return problems;
}
