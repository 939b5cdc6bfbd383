/**
 * The binding predictor's model: claims, volumes, classes and the buckets the PV controller's volume
 * index (pkg/controller/volume/persistentvolume/index.go) keys by class, volumeMode and access-mode
 * set; the constants, keys and orders every step shares.
 */
import { ClaimFacts, LabelSelector, VolumeFacts } from '../match';
import { ClaimPlan, Finding, PlanOptions } from '../types';

/** Access modes as index bits, in the order v1helper.GetAccessModesAsString lists them. */
const MODE_BITS: Readonly<Record<string, number>> = {
  ReadWriteOnce: 1,
  ReadOnlyMany: 2,
  ReadWriteMany: 4,
  ReadWriteOncePod: 8,
};
export const MODE_NAMES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
export const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
/** Expanding a StatefulSet beyond this many ordinals tells nothing new and costs memory. */
export const MAX_REPLICAS = 100_000;
/** Pending reasons list at most this many volumes, */
export const NEAR_MISSES = 3;
/** chosen among at most this many looked at. */
export const MAX_CANDIDATES = 32;

export interface StorageClassInfo {
  readonly name: string;
  readonly provisioner: string;
  readonly waitForFirstConsumer: boolean;
  /** The minor its in-tree provisioner was removed in, when the target version no longer has it. */
  readonly removedSince: string | undefined;
}

export interface Vol {
  readonly facts: VolumeFacts;
  readonly ref: string;
  readonly mask: number;
  /** Capacity in nano-units; undefined when unreadable or not positive (the API server rejects it). */
  readonly nanos?: bigint;
  /** spec.claimRef is set: only the claim it names (if any) can have it. */
  readonly reserved: boolean;
  /** The claim that binds to it (or would, at scheduling). */
  holder?: Claim;
  /** The capacity's rank among all capacities, so bucket sorts compare numbers, not bigints. */
  sizeRank: number;
  /** A volume of options.cluster: its status.phase (`''` when it has none); undefined for the manifests' volumes. */
  readonly cluster?: string;
}

export interface Claim {
  readonly facts: ClaimFacts;
  readonly key: string;
  readonly order: number;
  /** The manifest findings point at: the claim itself, or the StatefulSet of a claim template. */
  readonly object: string;
  /** Field path prefix of the claim's own fields inside `object` (`` or `spec.volumeClaimTemplates[0].`). */
  readonly fieldPrefix: string;
  /** True for StatefulSet template claims: messages then name the claim. */
  readonly fromTemplate: boolean;
  readonly mask: number;
  readonly unknownModes: readonly string[];
  /** The class after admission: its own, the default one when unset, else "". */
  readonly claimClass: string;
  readonly classOrigin: 'claim' | 'default' | 'none';
  readonly consumer?: string;
  plan?: ClaimPlan;
  /** The selector's JSON: a cache key (see Context.selectors); undefined without a selector. */
  readonly selectorKey?: string;
  groupBuckets?: readonly GroupBucket[];
  prebound?: readonly Vol[];
}

/** A bucket's volumes by label (see labelIndex in buckets.ts). */
export interface LabelIndex {
  /** Label key -> the volumes carrying it, whatever the value (for Exists). */
  readonly present: Map<string, LabelList>;
  /** Label key -> value -> the volumes carrying that pair. */
  readonly values: Map<string, Map<string, LabelList>>;
}

export interface LabelList {
  /** Bucket positions of volumes carrying the label, ascending. */
  readonly positions: Int32Array;
  readonly next: Int32Array;
}

export interface Bucket {
  readonly storageClass: string;
  readonly volumeMode: string;
  readonly mask: number;
  /** The volumes' volumeAttributesClassName where the controller compares it (Context.attributesClasses), else "". */
  readonly attributesClass: string;
  /** Sorted by capacity, then name. */
  readonly vols: Vol[];
  readonly nanos: bigint[];
  /** Union-find "next free position" over `vols`; next[vols.length] is the sentinel. */
  readonly next: Int32Array;
  labels?: LabelIndex;
  /** indexedTerm (buckets.ts) by selector key: claims share a few selectors, and the lists never change. */
  terms?: Map<string, LabelList[] | undefined>;
  /** Selector searches: `selector\0lowerBound` -> the position to resume from. */
  readonly resume: Map<string, number>;
}

/** What options.cluster says exists, beyond its classes and volumes (see readCluster in read.ts). */
export interface ClusterState {
  /** The cluster's claims by `namespace\0name`. */
  readonly claims: Map<string, ClusterClaim>;
  /** The cluster objects hold StorageClasses: their list, and so whether one is the default, is complete. */
  readonly hasClasses: boolean;
  /** The cluster objects hold PersistentVolumes: reasons then say the plan saw the cluster's volumes. */
  readonly hasVolumes: boolean;
  /** No default class is known because none of the cluster's StorageClasses is annotated (not the options' ""). */
  readonly noDefault?: boolean;
}

/** A claim as it exists in the cluster. */
export interface ClusterClaim {
  readonly uid?: string;
  /** The class admission gave it (or it named), if any. */
  readonly storageClassName?: string;
  /** spec.volumeName of a claim whose status.phase is Bound. */
  readonly boundTo?: string;
}

export interface Context {
  readonly options: PlanOptions;
  readonly classes: Map<string, StorageClassInfo>;
  readonly defaultClass?: {
    readonly name: string;
    /** A class of the manifests annotated default, the options, or a class of the cluster annotated default. */
    readonly source: 'annotation' | 'options' | 'cluster';
  };
  /**
   * The options say the cluster has no default StorageClass (`defaultStorageClass: ''`), or the
   * cluster's StorageClasses (options.cluster) have none annotated; and none is annotated in the manifests.
   */
  readonly noDefaultClass: boolean;
  /** What options.cluster holds; undefined without it (the plan then sees only the manifests). */
  readonly cluster?: ClusterState;
  readonly volumesByName: Map<string, Vol>;
  readonly volumes: Vol[];
  readonly buckets: Map<string, Bucket>;
  /** Buckets of one class, for near misses. */
  readonly bucketsByClass: Map<string, Bucket[]>;
  /** Buckets by volumeMode and access-mode set across classes, for near misses. */
  readonly bucketsByShape: Map<string, Bucket[]>;
  /** Every access-mode set present among the volumes (the controller's index keys). */
  readonly masks: number[];
  readonly groupCache: Map<number, number[]>;
  /** Claim shape (class, volumeMode, modes) -> its groups and buckets. */
  readonly shapeCache: Map<string, readonly GroupBucket[]>;
  /**
   * One selector object per distinct selector (by its JSON): claims share a few, and selector
   * checks (selectorProblem, and the search's caches) are made once per object.
   */
  readonly selectors: Map<string, LabelSelector>;
  /** Volumes whose claimRef names a namespace and a name, by `namespace\0name`. */
  readonly reservedFor: Map<string, Vol[]>;
  /** Volumes whose claimRef has a name but no namespace, by name. */
  readonly reservedNoNamespace: Map<string, Vol[]>;
  readonly findings: Finding[];
  /** Volumes already reported as reserved for a claim that does not take them. */
  readonly bypassed: Set<Vol>;
  /**
   * The VolumeAttributesClass gate is on by default in this version: the controller then binds a
   * claim only to a volume of the same spec.volumeAttributesClassName (match.ts checkAttributesClass),
   * so buckets are split by it.
   */
  readonly attributesClasses: boolean;
}

export interface GroupBucket {
  readonly group: number;
  /** The volumes of the claim's class and volumeMode with exactly this access-mode set. */
  readonly bucket?: Bucket;
}

export function isEmptySelector(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}

export function modeMask(modes: readonly string[]): { mask: number; unknown: readonly string[] } {
  let mask = 0;
  let unknown: string[] | undefined; // nearly always none: no list then
  for (const m of modes) {
    const bit = Object.prototype.hasOwnProperty.call(MODE_BITS, m) ? MODE_BITS[m] : 0;
    if (bit) mask |= bit;
    else (unknown ??= []).push(m);
  }
  return { mask, unknown: unknown ?? NO_MODES };
}

const NO_MODES: readonly string[] = [];

export function popcount(n: number): number {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
}

export function bucketKey(
  storageClass: string,
  volumeMode: string,
  mask: number,
  attributesClass: string,
): string {
  return `${storageClass}\0${volumeMode}\0${mask}\0${attributesClass}`;
}

/** The attributes class the controller compares for this claim ("" where it compares none). */
export function claimAttributesClass(ctx: Context, c: Claim): string {
  return ctx.attributesClasses ? c.facts.attributesClass : '';
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compareVols(a: Vol, b: Vol): number {
  return compareBig(a.nanos ?? 0n, b.nanos ?? 0n) || compareStrings(a.facts.name, b.facts.name);
}

export function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code-unit order, not locale order: the same everywhere. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
