/**
 * The binding predictor: which PersistentVolume each claim binds to, which claims a
 * StorageClass provisions, and which stay Pending and why. It follows the 1.27 PV controller
 * (pkg/controller/volume/persistentvolume: syncUnboundClaim, index.go findByClaim and
 * allPossibleMatchingAccessModes; component-helpers FindMatchingVolume; checkVolumeSatisfyClaim),
 * the scheduler's volume binder for WaitForFirstConsumer classes, and the DefaultStorageClass
 * admission plugin, over plain manifests. The specification is the Kubernetes docs page
 * "Persistent Volumes" (Binding, Reserving a PersistentVolume, Class, Access Modes).
 *
 * Offline, all objects are applied together and the controller's event order is unknown, so
 * claims are processed in a fixed order: claims naming a volume (spec.volumeName), then claims
 * that a volume's claimRef reserves something for, then the rest; each group by namespace/name.
 *
 * Scale: volumes are indexed by (class, volumeMode, access-mode set), each bucket sorted by
 * capacity; a claim binary-searches for the first volume big enough and skips volumes already
 * taken with a "next free" union-find, so 100 000 claims over 100 000 volumes need no
 * all-pairs loop. Selector claims scan from the lower bound through a per-bucket label index.
 *
 * What exists in the cluster (options.cluster: StorageClasses, PersistentVolumes and claims as
 * `kubectl get -o yaml` prints them, status included) is bound against but never judged: its
 * classes are known unless the manifests define the same name, its default class is the default
 * when neither the manifests nor options.defaultStorageClass name one, its volumes are candidates
 * (a Bound one is taken, a claimRef keeps the rest as it keeps the manifests' volumes: a Released
 * volume's claimRef carries its deleted claim's uid, so the controller never rebinds it), and a
 * manifest claim that exists in the cluster is that claim: its uid and class are the cluster's,
 * and if it is Bound it keeps its volume. A manifest object of the same name is the one applied.
 */
import {
  asArray,
  asRecord,
  asString,
  get,
  indexManifests,
  ManifestEntry,
  ManifestIndex,
  nameOf,
  namespaceOf,
  podTemplateOf,
  refOf,
  statefulSetClaimName,
  statefulSetStartOrdinal,
  stringMap,
} from './_manifest';
import {
  ClaimFacts,
  LabelSelector,
  VolumeFacts,
  capacityTooSmall,
  describeClass,
  isPrebound,
  mismatches,
  readClaim,
  readVolume,
  selectorMatches,
  selectorProblem,
} from './match';
import { namedLikeCsiDriver, provisionerState } from '../k8s/volume-plugins';
import { gateEnabledByDefault } from '../k8s/feature-gates';
import { EphemeralClaim, ephemeralClaims, ephemeralConflict, ephemeralNote } from './ephemeral';
import { DEFAULT_KUBERNETES_VERSION, KubernetesVersion } from '../k8s/versions';
import { describeBytes } from '../k8s/quantity';
import { ClaimOutcome, ClaimPlan, Finding, PlanOptions, Severity } from './types';

/** Access modes as index bits, in the order v1helper.GetAccessModesAsString lists them. */
const MODE_BITS: Readonly<Record<string, number>> = {
  ReadWriteOnce: 1,
  ReadOnlyMany: 2,
  ReadWriteMany: 4,
  ReadWriteOncePod: 8,
};
const MODE_NAMES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
/** Expanding a StatefulSet beyond this many ordinals tells nothing new and costs memory. */
const MAX_REPLICAS = 100_000;
/** Pending reasons list at most this many volumes, */
const NEAR_MISSES = 3;
/** chosen among at most this many looked at. */
const MAX_CANDIDATES = 32;

interface StorageClassInfo {
  readonly name: string;
  readonly provisioner: string;
  readonly waitForFirstConsumer: boolean;
  /** The minor its in-tree provisioner was removed in, when the target version no longer has it. */
  readonly removedSince: string | undefined;
}

interface Vol {
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

interface Claim {
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

/** A bucket's volumes by label (see {@link labelIndex}). */
interface LabelIndex {
  /** Label key -> the volumes carrying it, whatever the value (for Exists). */
  readonly present: Map<string, LabelList>;
  /** Label key -> value -> the volumes carrying that pair. */
  readonly values: Map<string, Map<string, LabelList>>;
}

interface LabelList {
  /** Bucket positions of volumes carrying the label, ascending. */
  readonly positions: Int32Array;
  readonly next: Int32Array;
}

interface Bucket {
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
  /** {@link indexedTerm} by selector key: claims share a few selectors, and the lists never change. */
  terms?: Map<string, LabelList[] | undefined>;
  /** Selector searches: `selector\0lowerBound` -> the position to resume from. */
  readonly resume: Map<string, number>;
}

/** What options.cluster says exists, beyond its classes and volumes (see {@link readCluster}). */
interface ClusterState {
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
interface ClusterClaim {
  readonly uid?: string;
  /** The class admission gave it (or it named), if any. */
  readonly storageClassName?: string;
  /** spec.volumeName of a claim whose status.phase is Bound. */
  readonly boundTo?: string;
}

interface Context {
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

/**
 * Predicts the binding of every claim (PersistentVolumeClaims and StatefulSet claim templates)
 * to the PersistentVolumes and StorageClasses among the manifests. Never throws.
 */
export function predictBindings(
  manifests: readonly unknown[],
  options?: PlanOptions,
): { claims: ClaimPlan[]; findings: Finding[] } {
  return predictIndexed(indexManifests(manifests), options);
}

/** {@link predictBindings} over manifests already read by the pre-pass (planStorage). */
export function predictIndexed(
  index: ManifestIndex,
  options?: PlanOptions,
  version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
): { claims: ClaimPlan[]; findings: Finding[] } {
  const opts: PlanOptions = asRecord(options) ? (options as PlanOptions) : {};
  const findings: Finding[] = [];
  const ctx = buildContext(index, opts, findings, version);
  const ephemeral = ephemeralClaims(index, version);
  const claims = collectClaims(index, ctx, version, ephemeral);
  // Claims already bound in the cluster keep their volume, before anything else binds.
  if (ctx.cluster) {
    const existing = claims.filter((c) => !c.plan && ctx.cluster?.claims.get(c.key)?.boundTo !== undefined);
    for (const c of sortClaims(existing)) bindExisting(ctx, c);
  }

  // Claims naming a volume first, then claims a claimRef reserves a volume for, then the rest.
  const named: Claim[] = [];
  const reservedFor: Claim[] = [];
  const rest: Claim[] = [];
  for (const c of claims) {
    if (c.plan) continue; // rejected by the API server: nothing to bind
    if (c.facts.volumeName !== undefined) named.push(c);
    else if (preboundVolumes(ctx, c).length > 0) reservedFor.push(c);
    else rest.push(c);
  }
  for (const c of sortClaims(named)) {
    bindNamed(ctx, c);
    // Volumes reserved for this claim other than the one it names stay unused.
    const p = c.plan as ClaimPlan;
    const note = bypassNote(
      ctx,
      c,
      preboundVolumes(ctx, c),
      p.volume ? ctx.volumesByName.get(p.volume) : undefined,
      c.facts.volumeName,
    );
    if (note) c.plan = { ...p, reason: p.reason + note };
  }
  for (const c of sortClaims(reservedFor)) bindSearched(ctx, c);
  for (const c of sortClaims(rest)) bindSearched(ctx, c);

  reportVolumes(ctx, claims);
  noteDataSources(index, claims, ephemeral);
  checkAttributesClasses(index, ctx, claims, ephemeral, version);
  noteEphemeral(claims, ephemeral);
  return { claims: claims.map((c) => c.plan as ClaimPlan), findings: groupReplicaFindings(findings, claims) };
}

/**
 * Claims made from data (spec.dataSourceRef, else spec.dataSource): the reason says where a new
 * volume's data comes from, and that a claim binding an existing volume gets no restore or clone
 * (FindMatchingVolume does not read the data source; src/plan/snapshot.ts warns of it).
 */
function noteDataSources(index: ManifestIndex, claims: Claim[], ephemeral: readonly EphemeralClaim[]): void {
  const sources = new Map<string, string>(); // `${object}|${fieldPrefix}` -> "VolumeSnapshot snap"
  const describe = (spec: unknown): string | undefined => {
    const ref = asRecord(get(spec, 'dataSourceRef')) ?? asRecord(get(spec, 'dataSource'));
    const kind = asString(ref?.kind);
    const name = asString(ref?.name);
    return kind && name ? `${kind} ${name}` : undefined;
  };
  for (const e of index.claimSources) {
    if (e.unread || e.problem) continue;
    readSafely(() => {
      if (e.kind === 'PersistentVolumeClaim') {
        const d = describe(get(e.manifest, 'spec'));
        if (d) sources.set(`${e.ref}|`, d);
      } else if (e.kind === 'StatefulSet') {
        asArray(get(e.manifest, 'spec', 'volumeClaimTemplates')).forEach((t, i) => {
          const d = describe(get(t, 'spec'));
          if (d) sources.set(`${e.ref}|spec.volumeClaimTemplates[${i}].`, d);
        });
      }
    });
  }
  for (const ec of ephemeral) {
    readSafely(() => {
      const d = describe(get(ec.template, 'spec'));
      if (d) sources.set(`${ec.object}|${ec.fieldPrefix}`, d);
    });
  }
  if (sources.size === 0) return;
  for (const c of claims) {
    const d = sources.get(`${c.object}|${c.fieldPrefix}`);
    const p = c.plan;
    if (!d || !p || p.outcome === 'pending') continue;
    const note =
      p.volume !== undefined
        ? ` Its data source (${d}) is not used: a claim that binds an existing volume is neither restored nor cloned.`
        : ` The new volume starts with the data of ${d} (the CSI provisioner restores or clones it).`;
    c.plan = { ...p, reason: p.reason + note };
  }
}

/** Generic ephemeral claims: the reason says whose claim it is and that it goes with the pod. */
function noteEphemeral(claims: Claim[], ephemeral: readonly EphemeralClaim[]): void {
  if (ephemeral.length === 0) return;
  // By claim and place: a StatefulSet's replicas share the place, and a PVC manifest may share the name.
  const byClaim = new Map<string, EphemeralClaim>();
  for (const ec of ephemeral) byClaim.set(`${ec.namespace}\0${ec.name}|${ec.object}|${ec.fieldPrefix}`, ec);
  for (const c of claims) {
    const ec = c.plan && byClaim.get(`${c.key}|${c.object}|${c.fieldPrefix}`);
    if (ec && c.plan) c.plan = { ...c.plan, reason: c.plan.reason + ephemeralNote(ec) };
  }
}

/**
 * spec.volumeAttributesClassName of the claims a class provisions. The CSI external-provisioner
 * reads the VolumeAttributesClass before CreateVolume (prepareProvision in
 * kubernetes-csi/external-provisioner pkg/controller/controller.go): a class it cannot get leaves the
 * claim Pending (ProvisioningNoChange, retried), and one whose driverName is not the provisioner's
 * fails it ("VAC <name> referenced in PVC is for driver <d> which does not match driver name <p>").
 * Judged only where the VolumeAttributesClass gate is on by default (1.34+): before, the API server
 * drops the field on create (version-rules.ts warns of that).
 */
function checkAttributesClasses(
  index: ManifestIndex,
  ctx: Context,
  claims: Claim[],
  ephemeral: readonly EphemeralClaim[],
  version: KubernetesVersion,
): void {
  if (!gateEnabledByDefault('VolumeAttributesClass', version)) return;
  const named = new Map<string, string>(); // `${object}|${fieldPrefix}` -> class name
  const note = (place: string, spec: unknown): void => {
    const n = asString(get(spec, 'volumeAttributesClassName'));
    if (n) named.set(place, n);
  };
  for (const e of index.claimSources) {
    if (e.unread || e.problem) continue;
    readSafely(() => {
      if (e.kind === 'PersistentVolumeClaim') note(`${e.ref}|`, get(e.manifest, 'spec'));
      else if (e.kind === 'StatefulSet')
        asArray(get(e.manifest, 'spec', 'volumeClaimTemplates')).forEach((t, i) =>
          note(`${e.ref}|spec.volumeClaimTemplates[${i}].`, get(t, 'spec')),
        );
    });
  }
  for (const ec of ephemeral)
    readSafely(() => note(`${ec.object}|${ec.fieldPrefix}`, get(ec.template, 'spec')));
  if (named.size === 0) return;
  // The classes' drivers: the manifests', and the cluster's (options.cluster) unless the manifests define the name.
  const drivers = new Map<string, string>();
  const addClass = (m: unknown): void =>
    readSafely(() => {
      const name = asString(get(m, 'metadata', 'name'));
      if (get(m, 'kind') === 'VolumeAttributesClass' && name && !drivers.has(name))
        drivers.set(name, asString(get(m, 'driverName')) ?? '');
    });
  // CSIDriver objects: evidence that a provisioner is a CSI driver (see namedLikeCsiDriver).
  const csiDrivers = new Set<string>();
  const addCsiDriver = (m: unknown): void =>
    readSafely(() => {
      const name = asString(get(m, 'metadata', 'name'));
      if (get(m, 'kind') === 'CSIDriver' && name) csiDrivers.add(name);
    });
  for (const e of index.entries) {
    if (e.unread || e.kind === 'VolumeAttributesClass') addClass(e.manifest);
    if (e.unread || e.kind === 'CSIDriver') addCsiDriver(e.manifest);
  }
  readSafely(() => {
    for (const m of asArray(ctx.options.cluster)) {
      addClass(m);
      addCsiDriver(m);
      for (const item of asArray(get(m, 'items'))) {
        addClass(item);
        addCsiDriver(item);
      }
    }
  });
  for (const c of claims) {
    const vac = named.get(`${c.object}|${c.fieldPrefix}`);
    const p = c.plan;
    // Only a volume the provisioner makes: binding an existing volume provisions nothing.
    if (!vac || !p || p.volume !== undefined || (p.outcome !== 'provisioned' && p.outcome !== 'waiting'))
      continue;
    const field = `${c.fieldPrefix}spec.volumeAttributesClassName`;
    const driver = drivers.get(vac);
    if (driver === undefined) {
      ctx.findings.push({
        severity: 'warning',
        rule: 'attributes-class-missing',
        object: c.object,
        field,
        message: messageFor(
          c,
          `names VolumeAttributesClass "${vac}", which is not in the manifests: if it does not exist on the cluster either, ` +
            `the CSI provisioner cannot read it and the claim stays Pending until it does`,
        ),
      });
      continue;
    }
    const provisioner = ctx.classes.get(c.claimClass)?.provisioner;
    // An in-tree name (kubernetes.io/...) may be migrated to a CSI driver of another name: not judged.
    if (!provisioner || provisioner.startsWith('kubernetes.io/') || provisioner === driver) continue;
    const text =
      `names VolumeAttributesClass "${vac}" of driver ${driver}, but its class ${c.claimClass} is provisioned by ${provisioner}: ` +
      `the CSI provisioner refuses it ("VAC ${vac} referenced in PVC is for driver ${driver} which does not match driver name ${provisioner}") ` +
      `and the claim stays Pending; name a VolumeAttributesClass of ${provisioner}`;
    // Only the CSI external-provisioner reads the class (prepareProvision); another provisioner
    // (local-path, nfs-subdir) ignores it and provisions: an error only for a known CSI driver.
    if (!csiDrivers.has(provisioner) && !namedLikeCsiDriver(provisioner)) {
      ctx.findings.push({
        severity: 'warning',
        rule: 'attributes-class-driver-mismatch',
        object: c.object,
        field,
        message: messageFor(
          c,
          `names VolumeAttributesClass "${vac}" of driver ${driver}, but its class ${c.claimClass} is provisioned by ${provisioner}: ` +
            `if ${provisioner} is a CSI driver (no CSIDriver object of it is in the manifests), the CSI provisioner refuses the claim and it stays Pending; ` +
            `a provisioner that is not CSI ignores the VolumeAttributesClass; name a VolumeAttributesClass of ${provisioner}`,
        ),
      });
      continue;
    }
    ctx.findings.push({
      severity: 'error',
      rule: 'attributes-class-driver-mismatch',
      object: c.object,
      field,
      message: messageFor(c, text),
    });
    c.plan = { ...p, outcome: 'pending', volume: undefined, reason: `stays Pending: it ${text}.` };
  }
}

/**
 * One finding per cause: the claims of a StatefulSet's template that fail for the same reason are
 * reported once, naming the first few (`claims data-db-0, data-db-1 and 3 more: stays Pending: ...`).
 * Findings are grouped by object, rule, field, severity and their text with the claim's own name masked.
 */
function groupReplicaFindings(findings: Finding[], claims: readonly Claim[]): Finding[] {
  let templated = false;
  for (const c of claims) if (c.fromTemplate) templated = true;
  if (!templated) return findings;
  const groups = new Map<string, { first: number; names: string[] }>();
  const out: Array<Finding | undefined> = [];
  for (const f of findings) {
    const m = /^claim ([^:\s]+): /.exec(f.message);
    if (!m) {
      out.push(f);
      continue;
    }
    const name = m[1];
    const text = f.message.slice(m[0].length);
    const key = [f.object, f.rule, f.field ?? '', f.severity, text.split(name).join('\u0000')].join('\u0001');
    const g = groups.get(key);
    if (g) {
      g.names.push(name);
      continue;
    }
    groups.set(key, { first: out.length, names: [name] });
    out.push(f);
  }
  for (const g of groups.values()) {
    if (g.names.length < 2) continue;
    const f = out[g.first] as Finding;
    const shown = g.names.slice(0, 3).join(', ');
    const more = g.names.length > 3 ? ` and ${g.names.length - 3} more` : '';
    const text = f.message.slice(`claim ${g.names[0]}: `.length);
    out[g.first] = { ...f, message: `claims ${shown}${more} (${g.names.length} replicas): ${text}` };
  }
  return out.filter((f): f is Finding => f !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Reading the manifests

function buildContext(
  index: ManifestIndex,
  options: PlanOptions,
  findings: Finding[],
  version: KubernetesVersion,
): Context {
  const classes = new Map<string, StorageClassInfo>();
  const defaults: string[] = [];
  const volumesByName = new Map<string, Vol>();
  const volumes: Vol[] = [];
  // An unread entry (its getters threw in the pre-pass) is read here again, and skipped if that throws.
  for (const e of index.classes) {
    try {
      const m = e.manifest;
      if ((e.unread ? asString(get(m, 'kind')) : e.kind) !== 'StorageClass') continue;
      const name = e.unread ? asString(get(m, 'metadata', 'name')) : e.name;
      if (!name || classes.has(name)) continue;
      const provisioner = asString(get(m, 'provisioner')) ?? '';
      classes.set(name, {
        name,
        provisioner,
        waitForFirstConsumer: get(m, 'volumeBindingMode') === 'WaitForFirstConsumer',
        // An in-tree provisioner gone in this version (source-removed on the class says so).
        removedSince: provisioner ? removedSince(provisioner, version) : undefined,
      });
      const annotations = stringMap(get(m, 'metadata', 'annotations'));
      if (DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true')) defaults.push(name);
    } catch {
      // skipped: validate reports objects it cannot read
    }
  }
  for (const e of index.volumes) {
    try {
      const m = e.manifest;
      if ((e.unread ? asString(get(m, 'kind')) : e.kind) !== 'PersistentVolume') continue;
      const name = e.unread ? asString(get(m, 'metadata', 'name')) : e.name;
      if (!name || volumesByName.has(name)) continue; // validate reports nameless and duplicate objects
      const facts = readVolume(m);
      const nanos = facts.capacity && facts.capacity.nanos > 0n ? facts.capacity.nanos : undefined;
      const vol: Vol = {
        facts,
        ref: e.unread ? refOf(m) : e.ref,
        mask: modeMask(facts.accessModes).mask,
        nanos,
        reserved: !!facts.claimRef,
        holder: undefined, // set when bound; present from the start, so volumes keep one shape
        sizeRank: 0,
        cluster: undefined,
      };
      volumesByName.set(name, vol);
      volumes.push(vol);
    } catch {
      // skipped: validate reports objects it cannot read
    }
  }
  // What exists in the cluster: after the manifests, so a manifest object of the same name wins.
  const cluster = readCluster(options);
  const clusterDefaults: Array<{ name: string; created: number }> = [];
  if (cluster) {
    for (const m of cluster.classes) {
      readSafely(() => {
        const name = asString(get(m, 'metadata', 'name'));
        if (!name || classes.has(name)) return;
        const provisioner = asString(get(m, 'provisioner')) ?? '';
        classes.set(name, {
          name,
          provisioner,
          waitForFirstConsumer: get(m, 'volumeBindingMode') === 'WaitForFirstConsumer',
          removedSince: provisioner ? removedSince(provisioner, version) : undefined,
        });
        const annotations = stringMap(get(m, 'metadata', 'annotations'));
        if (DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true')) {
          const created = Date.parse(asString(get(m, 'metadata', 'creationTimestamp')) ?? '');
          clusterDefaults.push({ name, created: Number.isNaN(created) ? 0 : created });
        }
      });
    }
    for (const m of cluster.volumes) {
      readSafely(() => {
        const name = asString(get(m, 'metadata', 'name'));
        if (!name || volumesByName.has(name)) return;
        const facts = readVolume(m);
        const phase = asString(get(m, 'status', 'phase')) ?? '';
        const nanos = facts.capacity && facts.capacity.nanos > 0n ? facts.capacity.nanos : undefined;
        const vol: Vol = {
          facts,
          ref: `PersistentVolume/${name}`,
          mask: modeMask(facts.accessModes).mask,
          nanos,
          // Bound is taken (its claimRef names the claim that has it); otherwise the claimRef decides,
          // as the controller's syncVolume does.
          reserved: !!facts.claimRef || phase === 'Bound',
          holder: undefined,
          sizeRank: 0,
          cluster: phase,
        };
        volumesByName.set(name, vol);
        volumes.push(vol);
      });
    }
  }

  // DefaultStorageClass admission takes the newest of several defaults, ties by name; offline
  // there are no creation times, so name order decides.
  defaults.sort(compareStrings);
  let defaultClass: Context['defaultClass'];
  if (defaults.length > 0) {
    defaultClass = { name: defaults[0], source: 'annotation' };
    for (const other of defaults.slice(1)) {
      findings.push({
        severity: 'warning',
        rule: 'default-class-multiple',
        object: `StorageClass/${other}`,
        field: 'metadata.annotations',
        message:
          `StorageClass "${other}" is annotated as the default class, and so is "${defaults[0]}". ` +
          'With several defaults the API server gives unset claims the newest one; this plan assumes ' +
          `"${defaults[0]}" (the first by name). Keep one default.`,
      });
    }
  }
  let fromOptions: unknown;
  readSafely(() => (fromOptions = options.defaultStorageClass));
  if (!defaultClass) {
    if (typeof fromOptions === 'string' && fromOptions !== '')
      defaultClass = { name: fromOptions, source: 'options' };
  }
  if (!defaultClass && typeof fromOptions !== 'string' && clusterDefaults.length > 0) {
    // GetDefaultClass: the newest of several defaults, ties by name.
    clusterDefaults.sort((a, b) => b.created - a.created || compareStrings(a.name, b.name));
    defaultClass = { name: clusterDefaults[0].name, source: 'cluster' };
  }
  const clusterNoDefault = !defaultClass && fromOptions !== '' && !!cluster?.state.hasClasses;
  const noDefaultClass = !defaultClass && (fromOptions === '' || clusterNoDefault);

  const buckets = new Map<string, Bucket>();
  const attributesClasses = gateEnabledByDefault('VolumeAttributesClass', version) === true;
  const reservedFor = new Map<string, Vol[]>();
  const reservedNoNamespace = new Map<string, Vol[]>();
  const maskSet = new Set<number>();
  const sizes = new Map<bigint, number>(); // capacity -> its rank among all capacities
  for (const v of volumes) {
    maskSet.add(v.mask);
    const ref = v.facts.claimRef;
    if (ref?.name) {
      if (ref.namespace) push(reservedFor, `${ref.namespace}\0${ref.name}`, v);
      else push(reservedNoNamespace, ref.name, v);
    }
    if (v.nanos === undefined) continue; // the API server rejects it: it never binds
    sizes.set(v.nanos, 0);
    const vac = attributesClasses ? v.facts.attributesClass : '';
    const key = bucketKey(v.facts.storageClassName, v.facts.volumeMode, v.mask, vac);
    let b = buckets.get(key);
    if (!b) {
      b = {
        storageClass: v.facts.storageClassName,
        volumeMode: v.facts.volumeMode,
        mask: v.mask,
        attributesClass: vac,
        vols: [],
        nanos: [],
        next: new Int32Array(0),
        labels: undefined,
        terms: undefined,
        resume: new Map(),
      };
      buckets.set(key, b);
    }
    b.vols.push(v);
  }
  const bucketsByClass = new Map<string, Bucket[]>();
  const bucketsByShape = new Map<string, Bucket[]>();
  // Volumes come in a few sizes: rank those once, and sort the volumes by rank and name.
  [...sizes.keys()].sort(compareBig).forEach((n, i) => sizes.set(n, i));
  for (const v of volumes) if (v.nanos !== undefined) v.sizeRank = sizes.get(v.nanos) as number;
  const sorted = [...buckets.entries()].sort(([a], [b]) => compareStrings(a, b));
  for (const [key, b] of sorted) {
    b.vols.sort((x, y) => x.sizeRank - y.sizeRank || compareStrings(x.facts.name, y.facts.name));
    const next = new Int32Array(b.vols.length + 1);
    for (let i = 0; i <= b.vols.length; i++) next[i] = i;
    const full: Bucket = { ...b, nanos: b.vols.map((v) => v.nanos as bigint), next };
    buckets.set(key, full);
    push(bucketsByClass, full.storageClass, full);
    push(bucketsByShape, `${full.volumeMode}\0${full.mask}`, full);
  }
  return {
    options,
    classes,
    defaultClass,
    noDefaultClass,
    volumesByName,
    volumes,
    buckets,
    bucketsByClass,
    bucketsByShape,
    masks: [...maskSet].sort((a, b) => a - b),
    groupCache: new Map(),
    shapeCache: new Map(),
    selectors: new Map(),
    reservedFor,
    reservedNoNamespace,
    findings,
    bypassed: new Set(),
    cluster: cluster && { ...cluster.state, noDefault: clusterNoDefault },
    attributesClasses,
  };
}

/**
 * options.cluster split by kind (a List's items read as objects of their own), or undefined when
 * the option is not a list (plan.ts reports that). The cluster's claims are read into a map;
 * StorageClasses and PersistentVolumes are returned for buildContext. Never throws.
 */
function readCluster(
  options: PlanOptions,
): { classes: unknown[]; volumes: unknown[]; state: ClusterState } | undefined {
  let list: unknown;
  readSafely(() => (list = options.cluster));
  if (!Array.isArray(list)) return undefined;
  const classes: unknown[] = [];
  const volumes: unknown[] = [];
  const claims = new Map<string, ClusterClaim>();
  const add = (m: unknown, depth: number): void =>
    readSafely(() => {
      const kind = asString(get(m, 'kind'));
      const items = get(m, 'items');
      if (kind?.endsWith('List') && Array.isArray(items) && depth === 0) {
        for (const item of items) add(item, 1);
      } else if (kind === 'StorageClass') {
        classes.push(m);
      } else if (kind === 'PersistentVolume') {
        volumes.push(m);
      } else if (kind === 'PersistentVolumeClaim') {
        const name = asString(get(m, 'metadata', 'name'));
        if (!name) return;
        const key = `${namespaceOf(m)}\0${name}`;
        if (claims.has(key)) return;
        const volumeName = asString(get(m, 'spec', 'volumeName')) || undefined;
        const storageClassName = readClaim(m).storageClassName;
        claims.set(key, {
          uid: asString(get(m, 'metadata', 'uid')) || undefined,
          storageClassName,
          boundTo: get(m, 'status', 'phase') === 'Bound' ? volumeName : undefined,
        });
      }
    });
  for (const m of list) add(m, 0);
  return {
    classes,
    volumes,
    state: { claims, hasClasses: classes.length > 0, hasVolumes: volumes.length > 0 },
  };
}

function collectClaims(
  index: ManifestIndex,
  ctx: Context,
  version: KubernetesVersion,
  ephemeral: readonly EphemeralClaim[],
): Claim[] {
  // Which pod-bearing workload mounts which claim, to say whether a waiting claim has a consumer.
  const consumers = new Map<string, string>();
  for (const e of index.workloads) {
    readSafely(() => {
      const m = e.manifest;
      const tpl = e.unread ? podTemplateOf(m) : e.template;
      if (!tpl) return;
      for (const v of asArray(tpl.spec.volumes)) {
        const claimName = asString(get(v, 'persistentVolumeClaim', 'claimName'));
        if (!claimName) continue;
        const key = `${e.unread ? namespaceOf(m) : e.namespace}\0${claimName}`;
        if (!consumers.has(key)) consumers.set(key, e.unread ? refOf(m) : e.ref);
      }
    });
  }

  // A PersistentVolumeClaim manifest wins over a StatefulSet template claim of the same name: the
  // StatefulSet controller uses an existing claim rather than creating its own. Only StatefulSets
  // ask, so the set is built at the first one.
  let pvcKeys: Set<string> | undefined;
  const claimManifestKeys = (): Set<string> => {
    if (pvcKeys) return pvcKeys;
    const keys = new Set<string>();
    for (const e of index.claims) {
      readSafely(() => {
        const m = e.manifest;
        if (!e.unread) {
          if (e.kind === 'PersistentVolumeClaim' && e.name) keys.add(`${e.namespace}\0${e.name}`);
        } else if (get(m, 'kind') === 'PersistentVolumeClaim' && asString(get(m, 'metadata', 'name'))) {
          keys.add(`${namespaceOf(m)}\0${nameOf(m)}`);
        }
      });
    }
    pvcKeys = keys;
    return keys;
  };

  const claims: Claim[] = [];
  const seen = new Set<string>();
  const add = (
    facts: ClaimFacts,
    object: string,
    fieldPrefix: string,
    fromTemplate: boolean,
    consumer?: string,
  ) => {
    const key = `${facts.namespace}\0${facts.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    claims.push(
      makeClaim(
        ctx,
        facts,
        key,
        claims.length,
        object,
        fieldPrefix,
        fromTemplate,
        consumer ?? consumers.get(key),
      ),
    );
  };
  const readOne = (e: ManifestEntry): void => {
    const m = e.manifest;
    const kind = e.unread ? get(m, 'kind') : e.kind;
    if (kind === 'PersistentVolumeClaim') {
      if (e.unread) {
        if (!asString(get(m, 'metadata', 'name'))) return;
        add(readClaim(m), refOf(m), '', false);
      } else if (e.name) {
        add(readClaim(m, e.namespace), e.ref, '', false);
      }
    } else if (kind === 'StatefulSet') {
      const setName = e.unread ? asString(get(m, 'metadata', 'name')) : e.name;
      if (!setName) return;
      const namespace = e.unread ? namespaceOf(m) : e.namespace;
      const setRef = e.unread ? refOf(m) : e.ref;
      const pvcKeys = claimManifestKeys();
      const replicas = statefulSetReplicas(m);
      const templates = asArray(get(m, 'spec', 'volumeClaimTemplates'));
      if (replicas > MAX_REPLICAS && templates.length > 0) {
        ctx.findings.push({
          severity: 'info',
          rule: 'statefulset-replicas-capped',
          object: setRef,
          field: 'spec.replicas',
          message: `spec.replicas is ${replicas}; the binding plan covers the first ${MAX_REPLICAS} ordinals only.`,
        });
      }
      templates.forEach((tpl, i) => {
        const tplName = asString(get(tpl, 'metadata', 'name'));
        if (!asRecord(tpl) || !tplName) return;
        const base = readClaim(tpl, namespace);
        // Ordinals start at spec.ordinals.start (StatefulSetStartOrdinal), so do the claims' names.
        const start = statefulSetStartOrdinal(m, version);
        for (let k = 0; k < Math.min(replicas, MAX_REPLICAS); k++) {
          const name = statefulSetClaimName(tplName, setName, start + k);
          if (pvcKeys.has(`${namespace}\0${name}`)) continue;
          add({ ...base, name }, setRef, `spec.volumeClaimTemplates[${i}].`, true, setRef);
        }
      });
    }
  };
  for (const e of index.claimSources) {
    try {
      readOne(e);
    } catch {
      // skipped: validate reports objects it cannot read
    }
  }
  let pvcByKey: Map<string, unknown> | undefined; // the claims' manifests, built at the first conflict
  // Generic ephemeral volumes: the claim the ephemeral volume controller makes per pod (ephemeral.ts).
  // A claim of the manifests with that name is not used for the pod (VolumeIsForPod): it binds as
  // itself, and the pod never starts.
  for (const ec of ephemeral) {
    readSafely(() => {
      const key = `${ec.namespace}\0${ec.name}`;
      if (ec.pod !== undefined && claimManifestKeys().has(key)) {
        if (!pvcByKey) {
          pvcByKey = new Map();
          for (const e of index.claims)
            if (!e.unread && e.kind === 'PersistentVolumeClaim' && e.name)
              pvcByKey.set(`${e.namespace}\0${e.name}`, e.manifest);
        }
        ctx.findings.push(ephemeralConflict(ec, pvcByKey.get(key)));
        return;
      }
      add(
        { ...readClaim(ec.template, ec.namespace), name: ec.name },
        ec.object,
        ec.fieldPrefix,
        true,
        ec.object,
      );
    });
  }
  return claims;
}

/**
 * Reads one manifest. JSON never makes the readers throw, but objects handed in by code can (a
 * throwing getter, a Proxy): such a manifest is skipped rather than crashing the plan.
 */
function readSafely(read: () => void): void {
  try {
    read();
  } catch {
    // skipped: validate reports objects it cannot read
  }
}

function statefulSetReplicas(m: unknown): number {
  const r = get(m, 'spec', 'replicas');
  if (r === undefined || r === null) return 1; // the API server defaults replicas to 1
  if (typeof r !== 'number' || !Number.isFinite(r)) return 1; // validate reports it
  return Math.max(0, Math.floor(r));
}

function makeClaim(
  ctx: Context,
  facts: ClaimFacts,
  key: string,
  order: number,
  object: string,
  fieldPrefix: string,
  fromTemplate: boolean,
  consumer: string | undefined,
): Claim {
  const existing = ctx.cluster?.claims.get(key);
  if (existing) {
    // The claim as it exists: its uid (a claimRef's uid matches it), and the class admission gave it
    // when the manifest sets none (applying a manifest without the field keeps it).
    const uid = facts.uid ?? existing.uid;
    const storageClassName = facts.storageClassName ?? existing.storageClassName;
    if (uid !== facts.uid || storageClassName !== facts.storageClassName)
      facts = { ...facts, uid, storageClassName };
  }
  let selectorKey: string | undefined;
  if (facts.selector) {
    selectorKey = JSON.stringify(facts.selector);
    const shared = ctx.selectors.get(selectorKey);
    if (!shared) ctx.selectors.set(selectorKey, facts.selector);
    else if (shared !== facts.selector) facts = { ...facts, selector: shared };
  }
  const own = facts.storageClassName;
  const def = ctx.defaultClass?.name;
  const { mask, unknown } = modeMask(facts.accessModes);
  const claim: Claim = {
    facts,
    key,
    order,
    object,
    fieldPrefix,
    fromTemplate,
    mask,
    unknownModes: unknown,
    claimClass: own ?? def ?? '',
    classOrigin: own !== undefined ? 'claim' : def !== undefined ? 'default' : 'none',
    consumer,
    selectorKey,
    // Set later, but present from the start: every claim keeps one shape (hidden class), so the
    // search's property reads stay monomorphic and optimized code is not thrown away.
    plan: undefined,
    groupBuckets: undefined,
    prebound: undefined,
  };
  const rejected = rejection(facts, unknown);
  if (rejected) {
    // validate reports the object itself; the plan only records that nothing binds.
    claim.plan = plan(claim, 'pending', `the API server rejects this claim: ${rejected}, so it never binds.`);
  }
  return claim;
}

/** What makes the API server refuse the claim outright (validate reports these as errors). */
function rejection(facts: ClaimFacts, unknownModes: readonly string[]): string | undefined {
  if (!facts.request) return 'spec.resources.requests.storage is missing or not a quantity';
  if (facts.request.nanos <= 0n)
    return `spec.resources.requests.storage ${facts.request.text} is not greater than zero`;
  if (facts.accessModes.length === 0) return 'spec.accessModes is empty';
  if (unknownModes.length > 0)
    return `spec.accessModes has ${unknownModes.map((m) => `"${m}"`).join(', ')}, not an access mode`;
  if (facts.accessModes.includes('ReadWriteOncePod') && facts.accessModes.length > 1) {
    return 'ReadWriteOncePod cannot be combined with other access modes';
  }
  // ValidatePersistentVolumeClaimSpec validates the selector (ValidateLabelSelector) too.
  const selector = facts.selector ? selectorProblem(facts.selector) : undefined;
  if (selector) return `spec.selector: ${selector}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Claims bound in the cluster: syncBoundClaim keeps the binding.

function bindExisting(ctx: Context, c: Claim): void {
  const name = ctx.cluster?.claims.get(c.key)?.boundTo as string;
  const v = ctx.volumesByName.get(name);
  if (v && !v.holder) v.holder = c;
  c.plan = plan(
    c,
    'bound',
    `already bound in the cluster to volume "${name}" (the claim's status.phase is Bound and its spec.volumeName ` +
      `is "${name}"): the controller keeps an existing binding, and no other claim can take the volume.`,
    name,
  );
}

/** True if the volume's holder is a claim already bound to it in the cluster (no sync order decides it). */
function heldInCluster(ctx: Context, v: Vol): boolean {
  return !!v.holder && ctx.cluster?.claims.get(v.holder.key)?.boundTo === v.facts.name;
}

// ---------------------------------------------------------------------------------------------
// Claims that name their volume (spec.volumeName): syncUnboundClaim's second branch.

function bindNamed(ctx: Context, c: Claim): void {
  const name = c.facts.volumeName as string;
  const field = 'spec.volumeName';
  const v = ctx.volumesByName.get(name);
  if (!v) {
    pending(
      ctx,
      c,
      'warning',
      'claim-pending',
      field,
      ctx.cluster?.hasVolumes
        ? `it names volume "${name}" in spec.volumeName, which is neither among the manifests nor in the cluster; ` +
            'it stays Pending until a PersistentVolume of that name exists.'
        : `it names volume "${name}" in spec.volumeName, which is not among the manifests; ` +
            'it stays Pending until a PersistentVolume of that name exists (it may exist in the cluster).',
    );
    return;
  }
  if (v.nanos === undefined) {
    pending(
      ctx,
      c,
      'error',
      'claim-pending',
      field,
      `it names volume "${name}", which the API server rejects (its spec.capacity.storage is missing, not a ` +
        'quantity or not positive), so that volume never exists.',
    );
    return;
  }
  const checks = {
    claimClass: c.claimClass,
    checkSelector: false,
    wholeBytes: true,
    checkAttributesClass: ctx.attributesClasses,
  };
  if (!v.facts.claimRef) {
    if (v.holder && heldInCluster(ctx, v)) {
      pending(
        ctx,
        c,
        'error',
        'claim-pending',
        field,
        `volume "${name}" is already bound in the cluster to claim ${claimLabel(v.holder)}; a volume binds to one claim only.`,
      );
      return;
    }
    if (v.holder) {
      pending(
        ctx,
        c,
        'error',
        'claim-competing',
        field,
        `volume "${name}" is also named by claim ${claimLabel(v.holder)}, which this plan binds first ` +
          '(in a cluster whichever claim the controller syncs first wins); a volume binds to one claim only.',
      );
      return;
    }
    const problems = mismatches(c.facts, v.facts, checks);
    if (problems.length > 0) {
      pending(
        ctx,
        c,
        'error',
        'claim-pending',
        field,
        `it names volume "${name}", which cannot take it (the controller reports "Cannot bind to requested volume"): ` +
          `${problems.join('; ')}.${classHint(c, v)}`,
      );
      return;
    }
    v.holder = c;
    c.plan = plan(
      c,
      'bound',
      `binds to volume "${name}" named in spec.volumeName: its size, class, volumeMode and access modes fit` +
        `${c.facts.selector ? ' (a claim naming its volume ignores its selector)' : ''}.${unsetClassNote(ctx, c)}`,
      name,
    );
    unsetClassWarning(ctx, c, name);
    return;
  }
  if (isPrebound(v.facts, c.facts)) {
    // Both sides name each other: the controller completes the binding without checking the volume.
    v.holder = c;
    const problems = mismatches(c.facts, v.facts, checks);
    let reason = `binds to volume "${name}": the claim names it in spec.volumeName and its spec.claimRef names the claim.`;
    if (problems.length > 0) {
      reason += ` The controller does not check a binding made on both sides, although ${problems.join('; ')}.`;
      ctx.findings.push({
        severity: 'warning',
        rule: 'claim-bound-mismatch',
        object: c.object,
        field: c.fieldPrefix + field,
        message: messageFor(c, `binds to volume "${name}" although ${problems.join('; ')}.`),
      });
    }
    c.plan = plan(c, 'bound', reason, name);
    return;
  }
  pending(
    ctx,
    c,
    'error',
    'claim-pending',
    field,
    `it names volume "${name}", but ${reservationText(v, c)}.`,
  );
}

/** Why a volume with a claimRef is not this claim's. */
function reservationText(v: Vol, c: Claim): string {
  const inCluster = v.cluster !== undefined ? clusterReservationText(v, c) : undefined;
  if (inCluster) return inCluster;
  const ref = v.facts.claimRef ?? {};
  if (!ref.name) return 'its spec.claimRef names no claim, so it is reserved for none';
  if (!ref.namespace) {
    return ref.name === c.facts.name
      ? `its spec.claimRef names "${ref.name}" without a namespace, which matches no claim: set spec.claimRef.namespace to "${c.facts.namespace}"`
      : `its spec.claimRef names "${ref.name}" without a namespace, which matches no claim`;
  }
  if (ref.name === c.facts.name && ref.namespace === c.facts.namespace && ref.uid) {
    return (
      `its spec.claimRef carries uid "${ref.uid}": only the claim that had that uid matches, ` +
      'and a claim created from these manifests gets a new one (remove the uid)'
    );
  }
  return `it is reserved by its spec.claimRef for claim ${ref.namespace}/${ref.name}`;
}

/**
 * Why a volume of the cluster is not this claim's, where its status says more than its claimRef:
 * Bound (taken by its claim), Released or Failed with its deleted claim's uid (never rebound), or a
 * claimRef whose uid is not the claim's uid in the cluster. Undefined: {@link reservationText} says it.
 */
function clusterReservationText(v: Vol, c: Claim): string | undefined {
  const ref = v.facts.claimRef;
  const claim = ref?.name
    ? `claim ${ref.namespace ?? ''}/${ref.name}${ref.uid ? ` with uid "${ref.uid}"` : ''}`
    : undefined;
  if (v.cluster === 'Bound')
    return `it is Bound in the cluster${claim ? ` to ${claim}` : ''}, so no other claim can take it`;
  if (!ref?.uid) return undefined;
  if (v.cluster === 'Released' || v.cluster === 'Failed') {
    return (
      `it is ${v.cluster} in the cluster: its spec.claimRef still names ${claim ?? 'its deleted claim'}, and the ` +
      `controller does not bind a ${v.cluster} volume to another claim (an administrator deletes it, or removes ` +
      'spec.claimRef to make it Available)'
    );
  }
  if (!ref.name || !ref.namespace) return undefined;
  const mine = ref.name === c.facts.name && ref.namespace === c.facts.namespace;
  return (
    `its spec.claimRef in the cluster reserves it for ${claim}` +
    (mine ? ', a uid this claim does not have (a claim created from these manifests gets a new one)' : '')
  );
}

// ---------------------------------------------------------------------------------------------
// Claims without spec.volumeName: findBestMatchForClaim, then provisioning.

function bindSearched(ctx: Context, c: Claim): void {
  const sc = c.claimClass === '' ? undefined : ctx.classes.get(c.claimClass);
  // IsDelayBindingMode: only a class found with WaitForFirstConsumer delays binding.
  const delay = !!sc?.waitForFirstConsumer;
  const prebound = preboundVolumes(ctx, c);
  const found = controllerSearch(ctx, c, prebound, delay);
  if (found) {
    found.vol.holder = c;
    const name = found.vol.facts.name;
    let reason = found.prebound
      ? `binds to volume "${name}", whose spec.claimRef reserves it for this claim (the controller takes a reserved ` +
        'volume before any other and checks only its size, volumeMode and access modes, not its class or labels)'
      : `binds to volume "${name}" (${describeVolume(found.vol)}): the smallest available volume of class ` +
        `${describeClass(c.claimClass)} that fits the request ${c.facts.request?.text} in the first access-mode ` +
        `group [${modesText(found.group)}] that has one`;
    if (delay && found.prebound) reason += '; a reserved volume binds at once even with WaitForFirstConsumer';
    reason +=
      '.' + unsetClassNote(ctx, c) + classOriginNote(ctx, c) + bypassNote(ctx, c, prebound, found.vol);
    c.plan = plan(c, 'bound', reason, name);
    if (!found.prebound) unsetClassWarning(ctx, c, name);
    return;
  }
  const bypass = bypassNote(ctx, c, prebound, undefined);
  if (delay && sc) {
    // The scheduler's binder (FindMatchingVolume with a node): the smallest fitting volume of the
    // class across all access-mode sets, when a pod using the claim is scheduled.
    const chosen = schedulerSearch(ctx, c);
    if (chosen) {
      chosen.holder = c;
      c.plan = plan(
        c,
        'waiting',
        `StorageClass "${sc.name}" has volumeBindingMode WaitForFirstConsumer: the scheduler binds a static volume ` +
          `when a pod using the claim is scheduled, and would choose "${chosen.facts.name}" (${describeVolume(chosen)}), ` +
          `the smallest that fits, if the pod's node satisfies the volume's node affinity. ${consumerNote(c)}${bypass}`,
        chosen.facts.name,
      );
      return;
    }
  }
  provisionOrPend(ctx, c, sc, delay, bypass);
}

function provisionOrPend(
  ctx: Context,
  c: Claim,
  sc: StorageClassInfo | undefined,
  delay: boolean,
  bypass: string,
): void {
  const prefix = 'no static volume fits';
  if (c.claimClass === '') {
    const definite = c.classOrigin === 'claim' || ctx.noDefaultClass;
    const why = definite
      ? c.classOrigin === 'claim'
        ? 'the claim asks for no class (storageClassName ""), so it can only bind to a class-less volume and is never provisioned'
        : ctx.cluster?.noDefault
          ? 'the claim sets no storageClassName and the cluster has no default StorageClass (none of its StorageClasses ' +
            'is annotated as default), so it can only bind to a class-less volume and is never provisioned'
          : 'the claim sets no storageClassName and the cluster has no default StorageClass (options.defaultStorageClass ' +
            'is ""), so it can only bind to a class-less volume and is never provisioned'
      : 'the claim sets no storageClassName and no default StorageClass is known (none is annotated in the manifests ' +
        'and options.defaultStorageClass is unset), so it can only bind to a class-less volume; if the cluster has a ' +
        'default class, admission sets it and that class provisions the claim instead';
    // A warning either way: the plan sees only the manifests' volumes, and the cluster may hold one that fits.
    pendingWithNearMisses(
      ctx,
      c,
      'warning',
      `no class-less volume ${among(ctx)} fits: ${why}.${definite ? ' ' + outsideVolumes(ctx) : ''}`,
      bypass,
    );
    return;
  }
  if (c.facts.selector) {
    pendingWithNearMisses(
      ctx,
      c,
      'warning',
      `${prefix}, and a claim with spec.selector cannot be provisioned dynamically (provisioners refuse a selector` +
        `${isEmptySelector(c.facts.selector) ? ', even an empty one' : ''}). ${outsideVolumes(ctx)}`,
      bypass,
      'spec.selector',
    );
    return;
  }
  if (sc) {
    if (sc.removedSince !== undefined) {
      // No finding on the claim: the class's source-removed error is the one cause.
      c.plan = plan(
        c,
        'pending',
        `stays Pending: no static volume fits, and StorageClass "${sc.name}" has provisioner ${sc.provisioner}, ` +
          `removed from Kubernetes in ${sc.removedSince}: nothing provisions its claims.${bypass}`,
      );
      return;
    }
    if (sc.provisioner === NO_PROVISIONER) {
      pendingWithNearMisses(
        ctx,
        c,
        'warning',
        `${prefix}, and StorageClass "${sc.name}" has provisioner ${NO_PROVISIONER}: it provisions nothing, ` +
          `only pre-made (local) volumes of the class can bind. ${outsideVolumes(ctx)}`,
        bypass,
        'spec.storageClassName',
      );
      return;
    }
    const lost = lostTo(ctx, c);
    if (delay) {
      c.plan = plan(
        c,
        'waiting',
        `StorageClass "${sc.name}" has volumeBindingMode WaitForFirstConsumer: ${provisionerText(sc)} provisions the ` +
          `volume when the first pod using the claim is scheduled. ${consumerNote(c)}${lost}${bypass}`,
      );
      return;
    }
    c.plan = plan(
      c,
      'provisioned',
      `no free static volume fits, so StorageClass "${sc.name}" (${provisionerText(sc)}, ` +
        `volumeBindingMode Immediate) provisions a new volume.${classOriginNote(ctx, c)}${lost}${bypass}`,
    );
    return;
  }
  if (ctx.defaultClass?.source === 'options' && c.claimClass === ctx.defaultClass.name) {
    c.plan = plan(
      c,
      'provisioned',
      `${prefix}, so the cluster's default StorageClass "${c.claimClass}" (given in the options; not among the ` +
        'manifests) provisions a new volume, assuming it has a provisioner; if its volumeBindingMode is ' +
        `WaitForFirstConsumer, only once a pod using the claim is scheduled.${lostTo(ctx, c)}${bypass}`,
    );
    return;
  }
  pendingWithNearMisses(
    ctx,
    c,
    'warning',
    ctx.cluster?.hasClasses
      ? `${prefix}, and StorageClass "${c.claimClass}" is neither among the manifests nor in the cluster: the claim ` +
          'stays Pending until the class exists.'
      : `${prefix}, and StorageClass "${c.claimClass}" is not among the manifests: if it exists in the cluster it may ` +
          'provision the claim, otherwise the claim stays Pending. Plan the claim together with the file that defines the ' +
          "class (or, if it is the cluster's default class, name it with --default-storage-class).",
    bypass,
    'spec.storageClassName',
  );
}

interface Found {
  readonly vol: Vol;
  readonly group: number;
  readonly prebound: boolean;
}

/**
 * findByClaim: access-mode groups from the fewest modes up; in each, a volume reserved for the
 * claim (if big enough and of its volumeMode; class and selector are not checked) is returned
 * before anything else, then the smallest free volume of the claim's class, volumeMode and
 * selector. With delayed binding only the reserved volume counts.
 */
function controllerSearch(
  ctx: Context,
  c: Claim,
  prebound: readonly Vol[],
  delay: boolean,
): Found | undefined {
  const request = c.facts.request?.nanos ?? 0n;
  for (const { group: g, bucket } of claimBuckets(ctx, c)) {
    let best: Vol | undefined;
    for (const v of prebound) {
      if (
        v.mask !== g ||
        v.nanos === undefined ||
        v.nanos < request ||
        v.facts.volumeMode !== c.facts.volumeMode ||
        (ctx.attributesClasses && v.facts.attributesClass !== c.facts.attributesClass)
      )
        continue;
      if (!best || compareVols(v, best) < 0) best = v;
    }
    if (best) return { vol: best, group: g, prebound: true };
    if (delay || !bucket) continue;
    const v = searchBucket(bucket, c, request);
    if (v) return { vol: v, group: g, prebound: false };
  }
  return undefined;
}

/** The scheduler path: the smallest free fitting volume of the class over every access-mode set that fits. */
function schedulerSearch(ctx: Context, c: Claim): Vol | undefined {
  const request = c.facts.request?.nanos ?? 0n;
  let best: Vol | undefined;
  for (const { bucket } of claimBuckets(ctx, c)) {
    const v = bucket && searchBucket(bucket, c, request);
    if (v && (!best || compareVols(v, best) < 0)) best = v;
  }
  return best;
}

/** Volumes whose claimRef reserves them for this claim (IsVolumeBoundToClaim). */
function preboundVolumes(ctx: Context, c: Claim): readonly Vol[] {
  if (c.prebound) return c.prebound;
  const candidates = ctx.reservedFor.get(c.key);
  c.prebound = candidates ? candidates.filter((v) => isPrebound(v.facts, c.facts)) : NONE;
  return c.prebound;
}

const NONE: readonly Vol[] = [];

interface GroupBucket {
  readonly group: number;
  /** The volumes of the claim's class and volumeMode with exactly this access-mode set. */
  readonly bucket?: Bucket;
}

/** The claim's access-mode groups in search order, each with its bucket; shared by claims of one shape. */
function claimBuckets(ctx: Context, c: Claim): readonly GroupBucket[] {
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
function groupsFor(ctx: Context, mask: number): number[] {
  let groups = ctx.groupCache.get(mask);
  if (!groups) {
    // Sets of equal size come in no fixed order in the controller; here by bit value (RWO+ROX before RWO+RWX).
    groups = ctx.masks.filter((m) => (m & mask) === mask).sort((a, b) => popcount(a) - popcount(b) || a - b);
    ctx.groupCache.set(mask, groups);
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------
// The bucket search

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

function lowerBound(nanos: readonly bigint[], request: bigint): number {
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
function searchBucket(b: Bucket, c: Claim, request: bigint): Vol | undefined {
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

// ---------------------------------------------------------------------------------------------
// Pending claims: why, and which volumes came closest

interface Candidate {
  readonly vol: Vol;
  readonly count: number;
  readonly rank: number;
  /** The single failed check, for the finding's field. */
  readonly only?: string;
}

/**
 * The assumption of every claim left Pending by the search: the plan knows only the manifests'
 * volumes, and a cluster may already hold one that fits (a warning, never an error).
 */
const OUTSIDE_VOLUMES =
  'The plan sees only the volumes in the manifests: the claim binds only if the cluster already has a volume that fits.';

/** {@link OUTSIDE_VOLUMES}, or with options.cluster, what it says then. */
function outsideVolumes(ctx: Context): string {
  return ctx.cluster?.hasVolumes
    ? "The plan sees the manifests' volumes and the cluster's: the claim binds only once a volume that fits is added."
    : OUTSIDE_VOLUMES;
}

/** Where the plan looked for volumes. */
function among(ctx: Context): string {
  return ctx.cluster?.hasVolumes ? 'among the manifests or in the cluster' : 'among the manifests';
}

function pendingWithNearMisses(
  ctx: Context,
  c: Claim,
  severity: Severity,
  why: string,
  bypass: string,
  field?: string,
): void {
  const near = nearMisses(ctx, c);
  const competitor = near.find(
    (n) =>
      n.count === 1 &&
      n.vol.holder &&
      n.vol.holder !== c &&
      n.only === 'holder' &&
      !heldInCluster(ctx, n.vol),
  );
  let reason = why;
  if (near.length === 0) {
    reason += ctx.volumes.length === 0 ? ` There is no PersistentVolume ${among(ctx)}.` : '';
  } else {
    reason +=
      ' Closest volumes: ' +
      near.map((n) => `"${n.vol.facts.name}" (${candidateProblems(ctx, c, n.vol).join('; ')})`).join(', ') +
      '.';
  }
  reason += bypass;
  const rule = competitor ? 'claim-competing' : 'claim-pending';
  const onlyField = near.length > 0 && near[0].count === 1 ? FIELD_OF[near[0].only ?? ''] : undefined;
  // Which of two claims wins a volume is the controller's sync order, and the loser may find another
  // volume in the cluster: the same severity as any claim that the manifests' volumes do not satisfy.
  pending(ctx, c, severity, rule, field ?? onlyField, reason);
}

const FIELD_OF: Readonly<Record<string, string>> = {
  capacity: 'spec.resources.requests.storage',
  modes: 'spec.accessModes',
  class: 'spec.storageClassName',
  volumeMode: 'spec.volumeMode',
  selector: 'spec.selector',
};

/**
 * Up to three volumes that came closest, fewest failed checks first. Bounded: only volumes next
 * to the claim's request in its own buckets, in other-shape buckets of its class and in buckets
 * of other classes with its shape are looked at, a handful per bucket.
 */
function nearMisses(ctx: Context, c: Claim): Candidate[] {
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

function candidateProblems(ctx: Context, c: Claim, v: Vol): string[] {
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

/** A free volume of the claim's own shape that another claim took, to name the competitor. */
function lostTo(ctx: Context, c: Claim): string {
  const request = c.facts.request?.nanos ?? 0n;
  let best: Vol | undefined;
  for (const { bucket: b } of claimBuckets(ctx, c)) {
    if (!b) continue;
    const lb = lowerBound(b.nanos, request);
    for (let i = lb; i < Math.min(b.vols.length, lb + 4); i++) {
      const v = b.vols[i];
      if (!v.holder || v.holder === c || v.reserved || heldInCluster(ctx, v)) continue;
      if (c.facts.selector && !selectorMatches(c.facts.selector, v.facts.labels)) continue;
      if (!best || compareVols(v, best) < 0) best = v;
      break;
    }
  }
  return best && best.holder
    ? ` Volume "${best.facts.name}" would fit, but it binds to claim ${claimLabel(best.holder)}, which this plan processes first.`
    : '';
}

/** Notes on volumes reserved for this claim that it does not get, and why. */
function bypassNote(
  ctx: Context,
  c: Claim,
  prebound: readonly Vol[],
  chosen: Vol | undefined,
  namedVolume?: string,
): string {
  // Most claims have no volume reserved for them at all: say nothing without building a list.
  const noNamespace =
    ctx.reservedNoNamespace.size > 0 ? ctx.reservedNoNamespace.get(c.facts.name) : undefined;
  const named = ctx.reservedFor.size > 0 ? ctx.reservedFor.get(c.key) : undefined;
  if (prebound.length === 0 && noNamespace === undefined && named === undefined) return '';
  const notes: string[] = [];
  for (const v of prebound) {
    // A volume the API server rejects never exists; the named volume has its own reason.
    if (v === chosen || v.nanos === undefined || v.facts.name === namedVolume) continue;
    const name = v.facts.name;
    let why: string;
    if (namedVolume !== undefined) why = `the claim names volume "${namedVolume}" in spec.volumeName`;
    else if (v.nanos < (c.facts.request?.nanos ?? 0n))
      why = `its capacity ${describeBytes(v.facts.capacity!)} is smaller than the request ${describeBytes(c.facts.request!)}`;
    else if (v.facts.volumeMode !== c.facts.volumeMode)
      why = `its volumeMode ${v.facts.volumeMode} is not the claim's ${c.facts.volumeMode}`;
    else if ((v.mask & c.mask) !== c.mask)
      why = `its access modes [${v.facts.accessModes.join(', ')}] do not include all of the requested [${c.facts.accessModes.join(', ')}]`;
    else if (chosen)
      why =
        `the controller searches access-mode sets from the fewest modes up and finds "${chosen.facts.name}" ` +
        `in [${modesText(chosen.mask)}] before reaching [${modesText(v.mask)}]`;
    else why = `the claim does not get it`;
    notes.push(` Volume "${name}" is reserved for this claim by its spec.claimRef but is not used: ${why}.`);
    if (v.cluster !== undefined) continue; // the cluster's objects get no findings
    ctx.bypassed.add(v);
    ctx.findings.push({
      severity: 'warning',
      rule: 'prebound-bypassed',
      object: v.ref,
      field: 'spec.claimRef',
      message:
        `it is reserved for claim ${c.facts.namespace}/${c.facts.name}, which does not bind to it (${why}); ` +
        'the volume stays Available and reserved, unusable by other claims.',
    });
  }
  for (const v of noNamespace ?? []) {
    if (v.facts.claimRef?.namespace) continue;
    notes.push(
      ` Volume "${v.facts.name}" has a spec.claimRef naming "${c.facts.name}" without a namespace, so it never binds ` +
        `to this claim (set spec.claimRef.namespace to "${c.facts.namespace}").`,
    );
  }
  for (const v of named ?? []) {
    if (v.facts.claimRef?.uid && !isPrebound(v.facts, c.facts) && v.cluster !== undefined) {
      notes.push(
        ` Volume "${v.facts.name}" is ${v.cluster ? v.cluster + ' ' : ''}in the cluster with a spec.claimRef naming this claim with uid ` +
          `"${v.facts.claimRef.uid}", which this claim does not have in the cluster objects given, so it never binds to it.`,
      );
    } else if (v.facts.claimRef?.uid && !isPrebound(v.facts, c.facts)) {
      notes.push(
        ` Volume "${v.facts.name}" has a spec.claimRef naming this claim with uid "${v.facts.claimRef.uid}", which a ` +
          'claim created from these manifests does not have, so it never binds to it.',
      );
    }
  }
  return notes.join('');
}

// ---------------------------------------------------------------------------------------------
// Volumes nobody binds

function reportVolumes(ctx: Context, claims: readonly Claim[]): void {
  // Claims by key, built at the first reserved volume that asks: most volumes have no claimRef.
  let byKey: Map<string, Claim> | undefined;
  const claimOf = (key: string): Claim | undefined => {
    if (!byKey) {
      byKey = new Map();
      for (const c of claims) byKey.set(c.key, c);
    }
    return byKey.get(key);
  };
  for (const v of ctx.volumes) {
    // validate reports an unreadable capacity; the cluster's volumes get no findings
    if (v.holder || v.nanos === undefined || v.cluster !== undefined) continue;
    const ref = v.facts.claimRef;
    let message: string;
    if (!ref) {
      message = 'no claim among the manifests binds to it; it stays Available.';
    } else if (!ref.name) {
      message = 'its spec.claimRef names no claim, so no claim can bind to it.';
    } else if (!ref.namespace) {
      message = `its spec.claimRef names claim "${ref.name}" without a namespace, so no claim can ever bind to it.`;
    } else {
      const c = claimOf(`${ref.namespace}\0${ref.name}`);
      if (ctx.bypassed.has(v)) continue; // prebound-bypassed already says why
      if (c && isPrebound(v.facts, c.facts)) {
        message =
          `it is reserved by its spec.claimRef for claim ${ref.namespace}/${ref.name}, which does not bind to it ` +
          `(${c.plan?.outcome ?? 'pending'}); no other claim can bind to it.`;
      } else if (c && ref.uid) {
        message =
          `its spec.claimRef carries uid "${ref.uid}", which claim ${ref.namespace}/${ref.name} created from these ` +
          'manifests does not have, so no claim can bind to it.';
      } else {
        message =
          `it is reserved by its spec.claimRef for claim ${ref.namespace}/${ref.name}, which is not among the manifests; ` +
          'no other claim can bind to it.';
      }
    }
    ctx.findings.push({ severity: 'info', rule: 'volume-unclaimed', object: v.ref, message });
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function plan(c: Claim, outcome: ClaimOutcome, reason: string, volume?: string): ClaimPlan {
  const namespace = c.facts.namespace;
  const name = c.facts.name;
  const storageClass = c.claimClass;
  // A literal per case rather than spreads of temporary objects; fields in the JSON's order.
  if (volume !== undefined) {
    return storageClass !== ''
      ? { namespace, name, outcome, volume, storageClass, reason }
      : { namespace, name, outcome, volume, reason };
  }
  return storageClass !== ''
    ? { namespace, name, outcome, storageClass, reason }
    : { namespace, name, outcome, reason };
}

function pending(
  ctx: Context,
  c: Claim,
  severity: Severity,
  rule: string,
  field: string | undefined,
  reason: string,
): void {
  c.plan = plan(c, 'pending', `stays Pending: ${reason}`);
  ctx.findings.push({
    severity,
    rule,
    object: c.object,
    ...(field !== undefined ? { field: c.fieldPrefix + field } : {}),
    message: messageFor(c, `stays Pending: ${reason}`),
  });
}

function messageFor(c: Claim, text: string): string {
  return c.fromTemplate ? `claim ${c.facts.name}: ${text}` : text;
}

function claimLabel(c: Claim): string {
  return `${c.facts.namespace}/${c.facts.name}`;
}

function describeVolume(v: Vol): string {
  const where =
    v.cluster === undefined ? '' : v.cluster ? `, in the cluster (${v.cluster})` : ', in the cluster';
  return `${v.facts.capacity?.text}, class ${describeClass(v.facts.storageClassName)}, [${v.facts.accessModes.join(', ')}]${where}`;
}

function provisionerText(sc: StorageClassInfo): string {
  return sc.provisioner ? `provisioner ${sc.provisioner}` : 'its provisioner';
}

function consumerNote(c: Claim): string {
  return c.consumer
    ? `${c.consumer} mounts it, so that happens once its pod is scheduled.`
    : 'No pod among the manifests mounts it, so it stays Pending until one does.';
}

function classOriginNote(ctx: Context, c: Claim): string {
  if (c.classOrigin !== 'default' || !ctx.defaultClass) return '';
  return ctx.defaultClass.source === 'annotation'
    ? ` The claim sets no storageClassName, so admission gives it the default class "${c.claimClass}".`
    : ` The claim sets no storageClassName, so admission gives it the cluster's default class "${c.claimClass}".`;
}

/**
 * A claim bound to a class-less volume only because no default StorageClass is known: on a cluster
 * with one, the DefaultStorageClass admission plugin (plugin/pkg/admission/storage/storageclass/setdefault)
 * gives the claim that class, and checkVolumeSatisfyClaim then refuses the class-less volume
 * ("storageClassName does not match"). A warning: it depends on the cluster, which the options settle.
 */
/** The minor an in-tree provisioner was removed in, if it is removed in `version`. */
function removedSince(provisioner: string, version: KubernetesVersion): string | undefined {
  const s = provisionerState(provisioner, version);
  return s?.state === 'removed' ? s.since : undefined;
}

function unsetClassWarning(ctx: Context, c: Claim, volume: string): void {
  if (c.classOrigin !== 'none' || ctx.noDefaultClass) return;
  ctx.findings.push({
    severity: 'warning',
    rule: 'claim-class-unset',
    object: c.object,
    field: c.fieldPrefix + 'spec.storageClassName',
    message: messageFor(
      c,
      `binds to volume "${volume}" only if the cluster has no default StorageClass: the claim sets no ` +
        'storageClassName, so on a cluster with a default class admission gives it that class and it no longer ' +
        `matches the class-less volume "${volume}" (it stays Pending). Set storageClassName: "" to bind it ` +
        "either way, or state the cluster's default (--default-storage-class NAME, or none).",
    ),
  });
}

function unsetClassNote(ctx: Context, c: Claim): string {
  return c.classOrigin === 'none' && !ctx.noDefaultClass
    ? ' The claim sets no storageClassName and no default StorageClass is known; if the cluster has one, admission ' +
        'sets it and the claim no longer matches class-less volumes (set storageClassName: "" to keep this binding).'
    : '';
}

function classHint(c: Claim, v: Vol): string {
  return c.classOrigin === 'default' && v.facts.storageClassName !== c.claimClass
    ? ` The claim sets no storageClassName, so admission gave it the default class "${c.claimClass}"; set ` +
        `storageClassName: ${v.facts.storageClassName === '' ? '""' : `"${v.facts.storageClassName}"`} to bind this volume.`
    : '';
}

function isEmptySelector(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}

function modeMask(modes: readonly string[]): { mask: number; unknown: readonly string[] } {
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

/** Every access-mode set as text, by mask: reasons name one per claim. */
const MODES_TEXT = Array.from({ length: 16 }, (_, mask) =>
  MODE_NAMES.filter((__, i) => mask & (1 << i)).join(', '),
);

function modesText(mask: number): string {
  return MODES_TEXT[mask];
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
}

function bucketKey(storageClass: string, volumeMode: string, mask: number, attributesClass: string): string {
  return `${storageClass}\0${volumeMode}\0${mask}\0${attributesClass}`;
}

/** The attributes class the controller compares for this claim ("" where it compares none). */
function claimAttributesClass(ctx: Context, c: Claim): string {
  return ctx.attributesClasses ? c.facts.attributesClass : '';
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compareVols(a: Vol, b: Vol): number {
  return compareBig(a.nanos ?? 0n, b.nanos ?? 0n) || compareStrings(a.facts.name, b.facts.name);
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code-unit order, not locale order: the same everywhere. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Claims in namespace/name order, digit runs compared as numbers so StatefulSet ordinals go
 * 0, 1, 2, ..., 10 as the controller creates them. Sort keys are built once: comparing names
 * digit by digit inside the sort costs more than the whole search at 100 000 claims.
 */
function sortClaims(claims: Claim[]): Claim[] {
  // Claims share a few namespaces: their keys are made once each.
  const namespaceKeys = new Map<string, string>();
  let nul = false;
  const keyed = claims.map((c) => {
    let ns = namespaceKeys.get(c.facts.namespace);
    if (ns === undefined) namespaceKeys.set(c.facts.namespace, (ns = naturalKey(c.facts.namespace)));
    const name = naturalKey(c.facts.name);
    if (ns.includes('\0') || name.includes('\0')) nul = true;
    return { c, ns, name, joined: '' };
  });
  // The order is that of the joined key `ns\0name\0key`: compared part by part, with no string
  // per claim, unless a part holds a NUL (an invalid name), where only the joined key gives it.
  if (nul) {
    for (const x of keyed) x.joined = `${x.ns}\0${x.name}\0${x.c.key}`;
    keyed.sort((a, b) => compareStrings(a.joined, b.joined));
  } else {
    keyed.sort(
      (a, b) =>
        compareStrings(a.ns, b.ns) || compareStrings(a.name, b.name) || compareStrings(a.c.key, b.c.key),
    );
  }
  return keyed.map((x) => x.c);
}

/**
 * A digit run becomes '0', a character for its length without leading zeros, then its digits:
 * shorter numbers sort first, equal lengths by digits, and a run still sorts against other
 * characters as a digit would. A scan, not a regular expression with a replacer function (a
 * call back into JavaScript per digit run), as the key of every claim is made once per plan.
 */
function naturalKey(s: string): string {
  let out = '';
  let from = 0; // start of the text not yet copied
  for (let i = 0; i < s.length; i++) {
    if (!isDigit(s.charCodeAt(i))) continue;
    let end = i + 1;
    while (end < s.length && isDigit(s.charCodeAt(end))) end++;
    let start = i;
    while (start < end - 1 && s.charCodeAt(start) === 48) start++; // leading zeros, keeping one digit
    const length = end - start;
    out +=
      s.slice(from, i) + '0' + String.fromCharCode(0x100 + Math.min(length, 0xfe00)) + s.slice(start, end);
    from = end;
    i = end - 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
