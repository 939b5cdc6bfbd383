/**
 * Snapshots, restores and clones: the VolumeSnapshot objects of the CSI snapshot controller
 * (kubernetes-csi/external-snapshotter) and the claims that start from data (spec.dataSource /
 * spec.dataSourceRef), judged as the API server, the snapshot controller and the CSI
 * external-provisioner judge them. Rules:
 *
 * - `snapshot-invalid`: the CRDs' create-time x-kubernetes-validations (CEL) rules, which the
 *   structural schema (api-schema.ts) does not express;
 * - `data-source-invalid`: the API server's validateDataSource / validateDataSourceRef;
 * - `data-source-refused`: a restore or clone the external-provisioner (or, for an in-tree class,
 *   the PV controller) refuses (size, volume mode, driver, namespace);
 * - `data-source-ignored`: a claim with a data source that binds an existing volume, so is not filled;
 * - `snapshot-class-driver`, `snapshot-source-not-csi`, `snapshot-class-default-missing`,
 *   `snapshot-class-default-multiple`: a snapshot the snapshot controller cannot take;
 * - `snapshot-deletion-delete`: deletionPolicy Delete, which deletes the stored snapshot with its
 *   object (as reclaim-delete for volumes).
 *
 * What depends on objects the files do not show (a class or a grant on the cluster, a provisioner
 * flag) is a warning naming the assumption, never an error.
 */
import { gateEnabledByDefault, gateState } from '../k8s/feature-gates';
import { namedLikeCsiDriver, PROVISIONERS, provisionerState, VOLUME_SOURCES } from '../k8s/volume-plugins';
import { KubernetesVersion } from '../k8s/versions';
import {
  asArray,
  asRecord,
  asString,
  FindingSink,
  get,
  guard,
  Json,
  ManifestEntry,
  ManifestIndex,
  nsKey,
  pruneProtected,
  statefulSetClaimName,
  statefulSetStartOrdinal,
} from './_manifest';
import { dnsLabelProblem, dnsSubdomainProblem } from '../k8s/names';
import { compareQuantities, parseQuantity } from '../k8s/quantity';
import { ClaimPlan, Finding } from './types';

const SNAPSHOT_GROUP = 'snapshot.storage.k8s.io';
const SNAPSHOT_V1 = `${SNAPSHOT_GROUP}/v1`;
const GROUP_SNAPSHOT_GROUP = 'groupsnapshot.storage.k8s.io';
const DEFAULT_CLASS_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';
const PROVISIONER = 'kubernetes-csi/external-provisioner pkg/controller/controller.go';

/** A claim of the manifests (a PersistentVolumeClaim, or one a StatefulSet's template makes). */
interface ClaimFacts {
  readonly namespace: string;
  readonly name: string;
  readonly storage?: string;
  readonly volumeMode: string;
}

/** What the plan knows of the CSI driver behind a claim's volume. */
export interface DriverFacts {
  /** The CSI driver (a CSI provisioner, or a PersistentVolume's spec.csi.driver). */
  readonly driver?: string;
  /** Not a CSI volume: the in-tree provisioner or volume source, and whether CSI migration moves it to a driver. */
  readonly inTree?: {
    readonly what: string;
    readonly migratedTo?: string;
    readonly provisions?: boolean;
    /** The gate of a CSI migration that is off by default but not locked, where the plugin still provisions. */
    readonly migrationGate?: string;
    /** The CSI driver that migration hands the plugin's volumes to. */
    readonly migrationDriver?: string;
  };
  /** Where the answer comes from, for messages. */
  readonly via: string;
}

interface SnapshotClassFacts {
  readonly ref: string;
  readonly name: string;
  readonly driver?: string;
  readonly isDefault: boolean;
}

interface SnapshotFacts {
  readonly ref: string;
  readonly namespace: string;
  readonly name: string;
  readonly claimName?: string;
  readonly contentName?: string;
  readonly className?: string;
  /** Annotated against a GitOps prune (Argo CD Prune=false, Flux prune: disabled). */
  readonly pruneProtected: boolean;
}

interface Facts {
  readonly version: KubernetesVersion;
  readonly classes: Map<string, Json>;
  readonly volumes: Map<string, Json>;
  readonly claims: Map<string, ClaimFacts>;
  /** The first claim each StatefulSet template makes, by namespace/set/template. */
  readonly templateClaims: Map<string, ClaimFacts>;
  readonly plans: Map<string, ClaimPlan>;
  readonly snapshotClasses: Map<string, SnapshotClassFacts>;
  /** The snapshot classes of each driver, in the manifests' order. */
  readonly classesByDriver: Map<string, SnapshotClassFacts[]>;
  readonly snapshots: Map<string, SnapshotFacts>;
  /** Classes named by a dynamic VolumeSnapshot without GitOps prune protection. */
  readonly unprotectedClasses: Set<string>;
  readonly contents: Map<string, Json>;
  readonly grants: Json[];
  /** Names the manifests show to be CSI drivers: CSIDriver objects, snapshot classes' drivers, CSI volumes' drivers. */
  readonly csiDrivers: Set<string>;
}

/** The findings of this module over manifests read by the pre-pass; `claims` is the binding prediction. Never throws. */
export function snapshotFindings(
  index: ManifestIndex,
  claims: readonly ClaimPlan[],
  version: KubernetesVersion,
): Finding[] {
  const findings: Finding[] = [];
  const facts = guard(() => readFacts(index, claims, version), undefined);
  if (!facts) return findings;
  for (const e of index.entries) {
    if (e.problem || e.unread) continue;
    const m = e.manifest as Json;
    const out = new FindingSink(e.ref, findings);
    guard(() => judge(out, e, m, facts), undefined);
  }
  return findings;
}

function judge(out: FindingSink, e: ManifestEntry, m: Json, facts: Facts): void {
  const group = (asString(m.apiVersion) ?? '').split('/')[0];
  if (group === SNAPSHOT_GROUP || group === GROUP_SNAPSHOT_GROUP) {
    // v1beta1 of the snapshot CRDs is no longer served: api-schema.ts reports it, and it is never created.
    if (group === SNAPSHOT_GROUP && m.apiVersion !== SNAPSHOT_V1) return;
    celRules(out, e.kind, m);
    if (e.kind === 'VolumeSnapshot') snapshotRules(out, e, facts);
    if (e.kind === 'VolumeSnapshotClass' || e.kind === 'VolumeSnapshotContent')
      deletionRule(out, e, m, facts);
    return;
  }
  if (e.kind === 'PersistentVolumeClaim') {
    const claim = facts.claims.get(nsKey(e.namespace, e.name ?? ''));
    dataSourceRules(out, 'spec', get(m, 'spec'), e.namespace, claim ? [claim] : [], facts, '');
  } else if (e.kind === 'StatefulSet') {
    asArray(get(m, 'spec', 'volumeClaimTemplates')).forEach((t, i) => {
      const tpl = asString(get(t, 'metadata', 'name'));
      const made =
        tpl === undefined ? undefined : facts.templateClaims.get(templateKey(e.namespace, e.name ?? '', tpl));
      dataSourceRules(
        out,
        `spec.volumeClaimTemplates[${i}].spec`,
        get(t, 'spec'),
        e.namespace,
        made ? [made] : [],
        facts,
        TEMPLATE_CLAIMS_SUFFIX,
      );
    });
  }
}

function templateKey(namespace: string, set: string, template: string): string {
  return `${namespace}/${set}/${template}`;
}

// ---------------------------------------------------------------------------------------------
// The facts, read once.

function readFacts(
  index: ManifestIndex,
  claimPlans: readonly ClaimPlan[],
  version: KubernetesVersion,
): Facts {
  const facts: Facts = {
    version,
    classes: new Map(),
    volumes: new Map(),
    claims: new Map(),
    templateClaims: new Map(),
    plans: new Map(),
    snapshotClasses: new Map(),
    classesByDriver: new Map(),
    snapshots: new Map(),
    unprotectedClasses: new Set(),
    contents: new Map(),
    grants: [],
    csiDrivers: new Set(),
  };
  for (const c of claimPlans) {
    if (asRecord(c) && typeof c.namespace === 'string' && typeof c.name === 'string')
      facts.plans.set(nsKey(c.namespace, c.name), c);
  }
  for (const e of index.entries) {
    if (e.problem || e.unread || e.name === undefined) continue;
    const m = e.manifest as Json;
    switch (e.kind) {
      case 'StorageClass':
        facts.classes.set(e.name, m);
        break;
      case 'PersistentVolume':
        facts.volumes.set(e.name, m);
        {
          const csi = asString(get(m, 'spec', 'csi', 'driver'));
          if (csi) facts.csiDrivers.add(csi);
        }
        break;
      case 'CSIDriver':
        facts.csiDrivers.add(e.name);
        break;
      case 'PersistentVolumeClaim':
        facts.claims.set(nsKey(e.namespace, e.name), claimFacts(e.namespace, e.name, get(m, 'spec')));
        break;
      case 'StatefulSet': {
        const replicas = get(m, 'spec', 'replicas');
        const n = typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 0 ? replicas : 1;
        const start = statefulSetStartOrdinal(m, version);
        for (const t of asArray(get(m, 'spec', 'volumeClaimTemplates'))) {
          const tpl = asString(get(t, 'metadata', 'name'));
          if (!tpl) continue;
          // Capped: a claim per replica is enough to judge, and 10 000 replicas need not mean 10 000 entries.
          for (let i = start; i < start + Math.min(n, 100); i++) {
            const name = statefulSetClaimName(tpl, e.name, i);
            const c = claimFacts(e.namespace, name, get(t, 'spec'));
            facts.claims.set(nsKey(e.namespace, name), c);
            if (i === start) facts.templateClaims.set(templateKey(e.namespace, e.name, tpl), c);
          }
        }
        break;
      }
      case 'VolumeSnapshotClass':
        if (m.apiVersion !== SNAPSHOT_V1) break;
        {
          const c: SnapshotClassFacts = {
            ref: e.ref,
            name: e.name,
            driver: asString(m.driver),
            isDefault: get(m, 'metadata', 'annotations', DEFAULT_CLASS_ANNOTATION) === 'true',
          };
          // A name given twice is one object: the later document replaces the earlier (as an apply
          // does; duplicate-object says so), so classesByDriver is built from this map afterwards.
          facts.snapshotClasses.set(e.name, c);
          if (c.driver !== undefined) facts.csiDrivers.add(c.driver);
          break;
        }
      case 'VolumeSnapshot':
        if (m.apiVersion !== SNAPSHOT_V1) break;
        facts.snapshots.set(nsKey(e.namespace, e.name), {
          ref: e.ref,
          namespace: e.namespace,
          name: e.name,
          claimName: asString(get(m, 'spec', 'source', 'persistentVolumeClaimName')),
          contentName: asString(get(m, 'spec', 'source', 'volumeSnapshotContentName')),
          className: asString(get(m, 'spec', 'volumeSnapshotClassName')),
          pruneProtected: pruneProtected(m),
        });
        {
          const s = facts.snapshots.get(nsKey(e.namespace, e.name)) as SnapshotFacts;
          if (s.className !== undefined && s.contentName === undefined && !s.pruneProtected)
            facts.unprotectedClasses.add(s.className);
        }
        break;
      case 'VolumeSnapshotContent':
        if (m.apiVersion === SNAPSHOT_V1) facts.contents.set(e.name, m);
        break;
      case 'ReferenceGrant':
        if (groupOf(m) === 'gateway.networking.k8s.io') facts.grants.push(m);
        break;
    }
  }
  for (const c of facts.snapshotClasses.values()) {
    if (c.driver === undefined) continue;
    const list = facts.classesByDriver.get(c.driver);
    if (list) list.push(c);
    else facts.classesByDriver.set(c.driver, [c]);
  }
  return facts;
}

function groupOf(m: Json): string {
  return (asString(m.apiVersion) ?? '').split('/')[0];
}

function claimFacts(namespace: string, name: string, spec: unknown): ClaimFacts {
  const storage = get(spec, 'resources', 'requests', 'storage');
  return {
    namespace,
    name,
    storage: typeof storage === 'string' || typeof storage === 'number' ? String(storage) : undefined,
    volumeMode: asString(get(spec, 'volumeMode')) ?? 'Filesystem', // SetDefaults_PersistentVolumeClaimSpec
  };
}

/** The CSI driver behind a claim of the manifests, as far as the manifests tell. */
function driverOf(facts: Facts, namespace: string, name: string): DriverFacts | undefined {
  const plan = facts.plans.get(nsKey(namespace, name));
  if (!plan) return undefined;
  if (plan.volume !== undefined) {
    const pv = facts.volumes.get(plan.volume);
    return pv ? volumeDriver(plan.volume, pv, facts.version) : undefined;
  }
  // A Pending claim has no volume to judge (binding reports it); a no-provisioner class's claims bind
  // static volumes of any kind, perhaps on the cluster: what they get is not known here.
  if (plan.storageClass === undefined || plan.outcome === 'pending') return undefined;
  const sc = facts.classes.get(plan.storageClass);
  return classDriver(plan.storageClass, sc ? asString(sc.provisioner) : undefined, facts.version);
}

/**
 * The driver behind PersistentVolume `name` (its manifest `pv`): its spec.csi.driver, or the in-tree
 * volume source it has (and the CSI driver its migration hands it to in `version`); undefined for
 * a volume of no known source. The plan and the constructs (a StaticClaim's reserved volume) both
 * read a volume through it.
 */
export function volumeDriver(name: string, pv: unknown, version: KubernetesVersion): DriverFacts | undefined {
  const csi = asString(get(pv, 'spec', 'csi', 'driver'));
  if (csi) return { driver: csi, via: `its volume ${name} (spec.csi.driver)` };
  const key = VOLUME_SOURCES.find((s) => asRecord(get(pv, 'spec', s.key)) !== undefined);
  if (!key) return undefined;
  const migrated = migratedDriver(key.history, version);
  return { inTree: { what: `${key.key} volume`, migratedTo: migrated }, via: `its volume ${name}` };
}

/**
 * The driver that provisions a claim's volume, from its StorageClass `storageClass` of provisioner
 * `provisioner`: a CSI driver (any name outside kubernetes.io/), or an in-tree provisioner (its
 * state in `version`); undefined for no provisioner or kubernetes.io/no-provisioner, whose claims
 * bind volumes made ahead of time.
 */
export function classDriver(
  storageClass: string,
  provisioner: string | undefined,
  version: KubernetesVersion,
): DriverFacts | undefined {
  if (!provisioner || provisioner === 'kubernetes.io/no-provisioner') return undefined;
  const via = `its class "${storageClass}"`;
  if (!provisioner.startsWith('kubernetes.io/')) return { driver: provisioner, via };
  const state = provisionerState(provisioner, version);
  // An in-tree plugin that provisions by itself: not migrated, not removed (no-provisioner never provisions).
  const provisions = state?.state === 'available' || state?.state === 'deprecated';
  const gate = provisions && state?.gate ? gateState(state.gate, version) : undefined;
  const migrationGate = gate && !gate.enabledByDefault && !gate.locked ? state?.gate : undefined;
  return {
    inTree: {
      what: `in-tree provisioner ${provisioner}`,
      migratedTo: state?.state === 'migrated' ? state.csiDriver : undefined,
      provisions,
      ...(migrationGate ? { migrationGate, migrationDriver: migrationDriverOf(provisioner) } : {}),
    },
    via,
  };
}

/** The CSI driver an in-tree provisioner's migration hands its volumes to, in any minor of the tables. */
function migrationDriverOf(provisioner: string): string | undefined {
  return PROVISIONERS.find((p) => p.name === provisioner)?.history.find((span) => span.csiDriver)?.csiDriver;
}

function migratedDriver(
  history: ReadonlyArray<{ since: string; state: string; csiDriver?: string }>,
  version: KubernetesVersion,
): string | undefined {
  let found: { state: string; csiDriver?: string } | undefined;
  for (const span of history) if (minor(span.since) <= minor(version)) found = span;
  return found?.state === 'migrated' ? found.csiDriver : undefined;
}

function minor(v: string): number {
  return Number(v.split('.')[1] ?? 0);
}

// ---------------------------------------------------------------------------------------------
// snapshot-invalid: the CRDs' x-kubernetes-validations that hold on create.

/** CEL has(): the field is present (a null is dropped from a structural object before validation). */
function has(value: unknown, key: string): boolean {
  const r = asRecord(value);
  return r !== undefined && r[key] !== undefined && r[key] !== null;
}

const CRDS = 'kubernetes-csi/external-snapshotter client/config/crd';

/**
 * The create-time CEL rules of the snapshot and group-snapshot CRDs (the `oldSelf` ones are
 * transition rules, judged only on update). Messages are the CRDs' own.
 */
function celRules(out: FindingSink, kind: string, m: Json): void {
  const spec = get(m, 'spec');
  if (asRecord(spec) === undefined) return; // the schema reports a missing or malformed spec
  const exactlyOne = (field: string, a: string, b: string, message: string): void => {
    const src = get(spec, field);
    if (asRecord(src) === undefined) return;
    const n = (has(src, a) ? 1 : 0) + (has(src, b) ? 1 : 0);
    if (n !== 1)
      out.error(
        'snapshot-invalid',
        `spec.${field}`,
        `${n === 0 ? `sets neither ${a} nor ${b}` : `sets both ${a} and ${b}`}; the CRD refuses it: "${message}" (${CRDS}, x-kubernetes-validations)`,
      );
  };
  const nonEmpty = (field: string, message: string): void => {
    if (get(spec, field) === '')
      out.error(
        'snapshot-invalid',
        `spec.${field}`,
        `is ""; the CRD refuses it: "${message}": name a class, or leave the field out for the driver's default class (${CRDS}, x-kubernetes-validations)`,
      );
  };
  const bothRef = (field: string, message: string): void => {
    const ref = get(spec, field);
    if (asRecord(ref) === undefined) return;
    const missing = ['name', 'namespace'].filter((k) => !has(ref, k));
    if (missing.length)
      out.error(
        'snapshot-invalid',
        `spec.${field}`,
        `has no ${missing.join(' and no ')}; the CRD refuses it: "${message}" (${CRDS}, x-kubernetes-validations)`,
      );
  };
  switch (kind) {
    case 'VolumeSnapshot':
      exactlyOne(
        'source',
        'persistentVolumeClaimName',
        'volumeSnapshotContentName',
        'exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set',
      );
      nonEmpty('volumeSnapshotClassName', 'volumeSnapshotClassName must not be the empty string when set');
      break;
    case 'VolumeSnapshotContent':
      exactlyOne(
        'source',
        'volumeHandle',
        'snapshotHandle',
        'exactly one of volumeHandle and snapshotHandle must be set',
      );
      bothRef(
        'volumeSnapshotRef',
        'both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set',
      );
      break;
    case 'VolumeGroupSnapshot':
      exactlyOne(
        'source',
        'selector',
        'volumeGroupSnapshotContentName',
        'exactly one of selector and volumeGroupSnapshotContentName must be set',
      );
      nonEmpty(
        'volumeGroupSnapshotClassName',
        'volumeGroupSnapshotClassName must not be the empty string when set',
      );
      break;
    case 'VolumeGroupSnapshotContent':
      exactlyOne(
        'source',
        'volumeHandles',
        'groupSnapshotHandles',
        'exactly one of volumeHandles and groupSnapshotHandles must be set',
      );
      bothRef(
        'volumeGroupSnapshotRef',
        'both volumeGroupSnapshotRef.name and volumeGroupSnapshotRef.namespace must be set',
      );
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// VolumeSnapshot: class, driver, source.

function snapshotRules(out: FindingSink, e: ManifestEntry, facts: Facts): void {
  const snap = facts.snapshots.get(nsKey(e.namespace, e.name ?? ''));
  if (!snap || snap.claimName === undefined || snap.contentName !== undefined) return; // pre-provisioned: no class needed
  const claim = snap.claimName;
  const d = facts.claims.has(nsKey(snap.namespace, claim))
    ? driverOf(facts, snap.namespace, claim)
    : undefined;
  const klass = snap.className !== undefined ? facts.snapshotClasses.get(snap.className) : undefined;
  for (const f of judgeSnapshotSource(out.object, claim, d, klass)) out.findings.push(f);
  // A class named: judgeSnapshotSource said all there is. Unset: the driver's default class is taken.
  const driver = d?.driver;
  if (d?.inTree || snap.className !== undefined || driver === undefined) return;
  // common-controller SetDefaultSnapshotClass: the one class of the driver annotated default;
  // none, or more than one, and the snapshot fails.
  const ofDriver = facts.classesByDriver.get(driver) ?? [];
  const defaults = ofDriver.filter((c) => c.isDefault);
  if (defaults.length > 1)
    out.error(
      'snapshot-class-default-multiple',
      'spec.volumeSnapshotClassName',
      `is unset, and ${defaults.length} VolumeSnapshotClasses of driver "${driver}" are marked default (${names(defaults)}); the snapshot controller then refuses to pick one and the snapshot fails: name the class, or keep one default`,
    );
  else if (defaults.length === 0)
    out.warning(
      'snapshot-class-default-missing',
      'spec.volumeSnapshotClassName',
      `is unset, and no VolumeSnapshotClass of driver "${driver}" (claim ${claim}, ${d!.via}) among the manifests is marked default (annotation ${DEFAULT_CLASS_ANNOTATION}: "true")${ofDriver.length ? `; ${names(ofDriver)} ${ofDriver.length > 1 ? 'are' : 'is'} not` : ''}: unless the cluster has a default class of that driver, the snapshot fails; name the class`,
    );
}

/**
 * snapshot-source-not-csi and snapshot-class-driver on a VolumeSnapshot (`object`) of claim `claim`,
 * whose volume's driver is `d` (as {@link volumeDriver} or {@link classDriver} tell it), taken with
 * `klass` when it names one. The plan and the VolumeSnapshot construct both judge through it.
 */
export function judgeSnapshotSource(
  object: string,
  claim: string,
  d: DriverFacts | undefined,
  klass?: { readonly name: string; readonly driver?: string },
): Finding[] {
  const out = new FindingSink(object);
  if (d?.inTree) {
    sourceNotCsi(out, claim, d.inTree, d.via);
    return out.findings;
  }
  // external-snapshotter common-controller: the content is made with the class's driver, and only
  // that driver's csi-snapshotter acts on it, with the volume handle of another driver's volume.
  const driver = d?.driver;
  if (klass?.driver !== undefined && driver !== undefined && klass.driver !== driver)
    out.error(
      'snapshot-class-driver',
      'spec.volumeSnapshotClassName',
      `is "${klass.name}", whose driver "${klass.driver}" is not the CSI driver "${driver}" of claim ${claim} (${d!.via}); the snapshot is never taken: use a VolumeSnapshotClass of driver "${driver}"`,
    );
  return out.findings;
}

function sourceNotCsi(
  out: FindingSink,
  claim: string,
  inTree: NonNullable<DriverFacts['inTree']>,
  via: string,
): void {
  // The snapshot controller takes snapshots of CSI volumes only: common-controller
  // pvDriverFromSnapshot, "snapshotting non-CSI volumes is not supported". A migrated in-tree volume
  // keeps its in-tree PersistentVolume source, so it is a warning: the verdict hangs on the versions run.
  if (inTree.migratedTo === undefined)
    out.error(
      'snapshot-source-not-csi',
      'spec.source.persistentVolumeClaimName',
      `snapshots claim ${claim}, whose volume is not a CSI volume (${inTree.what}, from ${via}); only a CSI driver takes VolumeSnapshots, so the snapshot never becomes ready: snapshot a claim of a CSI StorageClass`,
    );
  else
    out.warning(
      'snapshot-source-not-csi',
      'spec.source.persistentVolumeClaimName',
      `snapshots claim ${claim}, whose volume is an in-tree one (${inTree.what}, from ${via}); only a CSI driver takes VolumeSnapshots, which works here only if CSI migration hands the volume to ${inTree.migratedTo} and its snapshotter supports migrated volumes: prefer a class of ${inTree.migratedTo}`,
    );
}

/** The classes' names, the first few then a count: a message stays short with a thousand classes. */
function names(classes: readonly SnapshotClassFacts[]): string {
  const shown = classes.slice(0, 5).map((c) => c.name);
  return classes.length > 5 ? `${shown.join(', ')} and ${classes.length - 5} more` : shown.join(', ');
}

function deletionRule(out: FindingSink, e: ManifestEntry, m: Json, facts: Facts): void {
  if (e.kind === 'VolumeSnapshotClass') {
    if (m.deletionPolicy !== 'Delete') return;
    const unprotected = facts.unprotectedClasses.has(e.name ?? '');
    out.info(
      'snapshot-deletion-delete',
      'deletionPolicy',
      `deletionPolicy is "Delete": deleting a VolumeSnapshot of this class (kubectl delete, a namespace deletion, a GitOps prune) deletes the snapshot in the storage system${unprotected ? ', and a VolumeSnapshot of the manifests that uses it has no prune protection' : ''}; use Retain for snapshots you keep (a backup)`,
    );
  } else if (get(m, 'spec', 'deletionPolicy') === 'Delete') {
    out.info(
      'snapshot-deletion-delete',
      'spec.deletionPolicy',
      'spec.deletionPolicy is "Delete": deleting this content, or the VolumeSnapshot bound to it (kubectl delete, a GitOps prune), deletes the snapshot in the storage system; use Retain for a snapshot you keep',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Claims with a data source.

/** One of the two data-source fields of a claim spec, read. */
export interface SourceRef {
  readonly field: 'dataSource' | 'dataSourceRef';
  readonly apiGroup?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

function sourceRef(spec: unknown, field: 'dataSource' | 'dataSourceRef'): SourceRef | undefined {
  const raw = asRecord(get(spec, field));
  if (!raw) return undefined;
  return {
    field,
    apiGroup: asString(raw.apiGroup),
    kind: asString(raw.kind),
    name: asString(raw.name),
    namespace: asString(raw.namespace),
  };
}

/** A claim as the data-source rules read it: the claim made, a clone's source, or the claim a snapshot is taken of. */
export interface DataSourceClaim {
  readonly name: string;
  /** spec.resources.requests.storage as written; undefined when not known. */
  readonly storage?: string;
  /** spec.volumeMode, defaulted (Filesystem); undefined when not known, which leaves the mode unjudged. */
  readonly volumeMode?: string;
}

/** A VolumeSnapshot a claim is restored from, as far as it is known. */
export interface SnapshotSource {
  readonly name: string;
  /** The CSI driver of its VolumeSnapshotContent, when known. */
  readonly driver?: string;
  /** Where `driver` comes from, for messages (e.g. `its claim data`). */
  readonly via: string;
  /** The mode of the volume it was taken of (the content's spec.sourceVolumeMode, or its claim's mode). */
  readonly sourceVolumeMode?: string;
  /** The claim it is taken of, when known (a dynamic snapshot). */
  readonly takenOf?: DataSourceClaim;
}

/**
 * What the data-source rules need to know beyond the claim's spec: the plan reads it from the
 * manifests (and the binding prediction), a construct from the objects it holds.
 */
export interface DataSourceWorld {
  /** The Kubernetes minor judged for. */
  readonly version: KubernetesVersion;
  /** The claim's namespace. */
  readonly namespace: string;
  /** Names known to be CSI drivers, besides those named as CSI drivers are. */
  readonly csiDrivers: ReadonlySet<string>;
  /** The existing PersistentVolume the claim is predicted to bind, if any (then it is not filled from its source). */
  readonly boundVolume?: string;
  /** What provisions the claim's volume, when known. */
  readonly target?: DriverFacts;
  /** True when a ReferenceGrant in `sourceNamespace` lets claims of the namespace read `source`. */
  granted(sourceNamespace: string, source: SourceRef): boolean;
  /** A claim of the namespace (a clone's source), with the driver of its volume, when known. */
  claim(name: string): (DataSourceClaim & { readonly driver?: DriverFacts }) | undefined;
  /** A VolumeSnapshot of the namespace (a restore's source), when known. */
  snapshot(name: string): SnapshotSource | undefined;
}

/** The suffix of the messages on a StatefulSet's claim template. */
export const TEMPLATE_CLAIMS_SUFFIX = ' (in every claim the StatefulSet controller makes from this template)';

/**
 * The rules data-source-invalid, data-source-refused and data-source-ignored on one claim spec
 * (`spec`, at field path `at` of object `object`, e.g. `spec` or
 * `spec.volumeClaimTemplates[0].spec`): the findings the plan reports, for the claim `claim` it
 * makes (the first claim of a template), with `world` telling what is known of the other objects.
 * The plan and the constructs (ClaimDataSource) both judge through it. Never throws.
 */
export function judgeDataSource(
  object: string,
  spec: unknown,
  claim: DataSourceClaim | undefined,
  world: DataSourceWorld,
  at = 'spec',
  suffix = '',
): Finding[] {
  const out = new FindingSink(object);
  guard(() => judgeSpec(out, at, spec, claim, world, suffix), undefined);
  return out.findings;
}

function dataSourceRules(
  out: FindingSink,
  at: string,
  spec: unknown,
  namespace: string,
  made: readonly ClaimFacts[],
  facts: Facts,
  suffix: string,
): void {
  if (!sourceRef(spec, 'dataSource') && !sourceRef(spec, 'dataSourceRef')) return;
  judgeSpec(out, at, spec, made[0], worldOf(facts, namespace, made[0]), suffix);
}

/** What the manifests tell of the objects around a claim of `namespace` that makes `first`. */
function worldOf(facts: Facts, namespace: string, first: ClaimFacts | undefined): DataSourceWorld {
  return {
    version: facts.version,
    namespace,
    csiDrivers: facts.csiDrivers,
    boundVolume: first ? facts.plans.get(nsKey(namespace, first.name))?.volume : undefined,
    target: first ? driverOf(facts, namespace, first.name) : undefined,
    granted: (sourceNs, src) => facts.grants.some((g) => grants(g, sourceNs, namespace, src)),
    claim: (name) => {
      const c = facts.claims.get(nsKey(namespace, name));
      return c && { ...c, driver: driverOf(facts, namespace, c.name) };
    },
    snapshot: (name) => {
      const snap = facts.snapshots.get(nsKey(namespace, name));
      return snap && snapshotSource(facts, snap);
    },
  };
}

/** A VolumeSnapshot of the manifests as a restore's source. */
function snapshotSource(facts: Facts, snap: SnapshotFacts): SnapshotSource {
  if (snap.contentName !== undefined) {
    const content = facts.contents.get(snap.contentName);
    return {
      name: snap.name,
      driver: content ? asString(get(content, 'spec', 'driver')) : undefined,
      via: `its VolumeSnapshotContent ${snap.contentName}`,
      sourceVolumeMode:
        (content ? asString(get(content, 'spec', 'sourceVolumeMode')) : undefined) || undefined,
    };
  }
  const source =
    snap.claimName !== undefined ? facts.claims.get(nsKey(snap.namespace, snap.claimName)) : undefined;
  const driver = source ? driverOf(facts, snap.namespace, source.name)?.driver : undefined;
  if (driver !== undefined || snap.className === undefined)
    return {
      name: snap.name,
      driver,
      via: source ? `its claim ${source.name}` : '',
      sourceVolumeMode: source?.volumeMode,
      takenOf: source,
    };
  // The snapshot controller makes a dynamic snapshot's content with its class's driver
  // (external-snapshotter pkg/common-controller createSnapshotContent: Driver: class.Driver).
  const klass = facts.snapshotClasses.get(snap.className);
  return {
    name: snap.name,
    driver: klass?.driver,
    via: `its VolumeSnapshotClass ${snap.className}`,
    sourceVolumeMode: source?.volumeMode,
    takenOf: source,
  };
}

function judgeSpec(
  out: FindingSink,
  at: string,
  spec: unknown,
  claim: DataSourceClaim | undefined,
  world: DataSourceWorld,
  suffix: string,
): void {
  let ds = sourceRef(spec, 'dataSource');
  const written = sourceRef(spec, 'dataSourceRef');
  if (!ds && !written) return;
  // The API server prepares a claim before validating it (persistentvolumeclaim strategy
  // PrepareForCreate; the StatefulSet controller's claims go through it too). DropDisabledFields:
  // with CrossNamespaceVolumeDataSource off (alpha, off by default), a dataSourceRef naming a
  // namespace is cleared whole, so validation never sees it (field-gated reports the drop).
  const dsr =
    written?.namespace && gateEnabledByDefault('CrossNamespaceVolumeDataSource', world.version) !== true
      ? undefined
      : written;
  if (written && !dsr && suffix !== '')
    // field-gated reports the drop on a claim's own spec, not in a StatefulSet template.
    out.warning(
      'data-source-invalid',
      `${at}.dataSourceRef.namespace`,
      `is "${written.namespace}": a dataSourceRef naming a namespace needs the feature gate CrossNamespaceVolumeDataSource, which Kubernetes ${world.version} leaves off by default; unless the cluster turns it on, the API server clears the whole dataSourceRef (DropDisabledFields) and the claim is ${ds ? 'made from dataSource alone' : 'created empty'}${suffix}`,
    );
  if (!dsr && ds && !pvcOrSnapshot(ds)) {
    // EnforceDataSourceBackwardsCompatibility: without a dataSourceRef, a dataSource other than a
    // core PersistentVolumeClaim or a snapshot.storage.k8s.io VolumeSnapshot is silently dropped
    // before validation: the claim is accepted and provisioned empty. Not refused, so a warning.
    out.warning(
      'data-source-invalid',
      `${at}.dataSource`,
      `is ${describeRef(ds)}: without a dataSourceRef the API server keeps dataSource only for a PersistentVolumeClaim (core group) or a VolumeSnapshot (apiGroup ${SNAPSHOT_GROUP}) and silently drops anything else (EnforceDataSourceBackwardsCompatibility), so the claim is created empty; ${ds.kind === 'VolumeSnapshot' && !ds.apiGroup ? `add apiGroup: ${SNAPSHOT_GROUP}` : "set the apiGroup and kind of a snapshot or claim, or name a volume populator's source in dataSourceRef"}${suffix}`,
    );
    ds = undefined;
    if (!written) return;
  }
  if (!ds && !dsr) return;
  let invalid = false;
  const bad = (field: string, message: string): void => {
    invalid = true;
    out.error('data-source-invalid', `${at}.${field}`, `${message}${suffix}`);
  };
  // pkg/apis/core/validation ValidatePersistentVolumeClaimSpec: validateDataSource, validateDataSourceRef.
  for (const r of [ds, dsr]) {
    if (!r) continue;
    const f = r.field;
    if (!r.name) bad(`${f}.name`, `is required: ${f} names the source object (validateDataSource)`);
    if (!r.kind)
      bad(
        `${f}.kind`,
        `is required: ${f} names the source's kind, e.g. VolumeSnapshot or PersistentVolumeClaim`,
      );
    const group = r.apiGroup ?? '';
    if (group !== '') {
      const problem = dnsSubdomainProblem(group);
      if (problem) bad(`${f}.apiGroup`, `is "${group}": ${problem}`);
    }
    if (group === '' && r.kind && r.kind !== 'PersistentVolumeClaim')
      bad(
        `${f}.kind`,
        `is "${r.kind}" with no apiGroup; of the core group only PersistentVolumeClaim is a data source (a VolumeSnapshot needs apiGroup: ${SNAPSHOT_GROUP})`,
      );
    if (f === 'dataSourceRef' && r.namespace) {
      // ValidateNameFunc(ValidateNamespaceName): a DNS-1123 label.
      const problem = dnsLabelProblem(r.namespace);
      if (problem) bad(`${f}.namespace`, problem);
    }
  }
  if (dsr?.namespace) {
    if (ds)
      bad(
        'dataSource',
        'may not be specified when dataSourceRef.namespace is specified: a source in another namespace is named by dataSourceRef alone',
      );
  } else if (ds && dsr && !sameRef(ds, dsr)) {
    bad(
      'dataSource',
      `must match dataSourceRef: dataSource is ${describeRef(ds)}, dataSourceRef is ${describeRef(dsr)}; set one of them (the API server copies it to the other)`,
    );
  }
  if (invalid) return;
  // What the claim is made from: dataSourceRef when set (the API server copies dataSource into it).
  const src = dsr ?? ds;
  // A claim naming its volume binds it: nothing provisions it (external-provisioner shouldProvision
  // skips a claim with spec.volumeName), so no restore or clone is made.
  const namesVolume = typeof get(spec, 'volumeName') === 'string' && get(spec, 'volumeName') !== '';
  if (src) refusedRules(out, at, src, claim, world, suffix, namesVolume);
}

/** pvcutil dataSourceIsPvcOrSnapshot: the two sources dataSource keeps without a dataSourceRef. */
function pvcOrSnapshot(r: SourceRef): boolean {
  const group = r.apiGroup ?? '';
  return (
    (r.kind === 'PersistentVolumeClaim' && group === '') ||
    (r.kind === 'VolumeSnapshot' && group === SNAPSHOT_GROUP)
  );
}

/**
 * True when `driver` is known to be a CSI driver (the manifests show a CSIDriver object, a snapshot
 * class or a CSI volume of it), or it is named as most CSI drivers are (`<x>.csi.<domain>` or
 * `csi.<domain>`; Longhorn's driver.longhorn.io and TopoLVM's topolvm.io are not). A provisioner not
 * known to be CSI may be one of sig-storage-lib-external-provisioner (local-path, nfs-subdir, OpenEBS
 * local), which does not make the external-provisioner's data-source checks.
 */
function knownCsi(world: DataSourceWorld, driver: string): boolean {
  return world.csiDrivers.has(driver) || namedLikeCsiDriver(driver);
}

/**
 * isDataSourceEqualDataSourceRef (pkg/apis/core/validation): reflect.DeepEqual of the *string
 * apiGroups, so `apiGroup: ""` and no apiGroup differ, though both mean the core group elsewhere.
 */
function sameRef(a: SourceRef, b: SourceRef): boolean {
  return a.apiGroup === b.apiGroup && a.kind === b.kind && a.name === b.name;
}

function describeRef(r: SourceRef): string {
  return `${r.apiGroup ? `${r.apiGroup}/` : ''}${r.kind ?? '<no kind>'} ${r.name ?? '<no name>'}`;
}

/** data-source-refused: a restore or clone the CSI external-provisioner refuses, for the claim the spec makes. */
function refusedRules(
  out: FindingSink,
  at: string,
  src: SourceRef,
  first: DataSourceClaim | undefined,
  world: DataSourceWorld,
  suffix: string,
  namesVolume: boolean,
): void {
  const namespace = world.namespace;
  const sourceNs = src.namespace || namespace;
  if (sourceNs !== namespace) {
    // external-provisioner (CrossNamespaceVolumeDataSource): a ReferenceGrant in the source's
    // namespace must allow claims of this namespace to read the source.
    if (!world.granted(sourceNs, src))
      out.warning(
        'data-source-refused',
        `${at}.dataSourceRef.namespace`,
        `is "${sourceNs}": the CSI provisioner restores or clones from another namespace only when a ReferenceGrant (gateway.networking.k8s.io) in "${sourceNs}" lets PersistentVolumeClaims of "${namespace}" read ${src.kind} ${src.name}; none among the manifests does: unless the cluster has one, the claim stays Pending${suffix}`,
      );
    return; // the source is not this namespace's: nothing below can be read
  }
  if (!first) return;
  const restoreOrClone =
    (src.kind === 'PersistentVolumeClaim' && (src.apiGroup ?? '') === '') ||
    (src.kind === 'VolumeSnapshot' && src.apiGroup === SNAPSHOT_GROUP);
  if (world.boundVolume !== undefined && restoreOrClone) {
    // The PV controller binds a claim to a matching existing volume whatever its data source
    // (FindMatchingVolume does not read it); only a provisioned volume is restored or cloned.
    out.warning(
      'data-source-ignored',
      `${at}.${src.field}`,
      `names ${src.kind} ${src.name}, but claim ${first.name} is predicted to bind the existing volume ${world.boundVolume}: a claim that binds an existing volume is neither restored nor cloned, so it gets that volume's data, not ${src.name}'s; give the claim a class that provisions (and no matching volume), or drop the data source${suffix}`,
    );
    return;
  }
  const target = world.target;
  if (target?.inTree?.provisions) {
    // pkg/controller/volume/persistentvolume provisionClaimOperation: "plugin %q is not a CSI
    // plugin. Only CSI plugin can provision a claim with a datasource". Where the plugin's CSI
    // migration is behind a gate that is off by default but not locked (portworx until 1.30), a
    // cluster that turns it on provisions through the CSI driver, which restores and clones.
    const gate = target.inTree.migrationGate;
    const message = `is provisioned by the ${target.inTree.what} (${target.via}), which is not a CSI plugin; the PV controller provisions a claim with a data source only through a CSI driver ("Only CSI plugin can provision a claim with a datasource")`;
    if (gate)
      out.warning(
        'data-source-refused',
        `${at}.storageClassName`,
        `${message}, unless the cluster turns on ${gate} (off by default in ${world.version}) so that ${target.inTree.migrationDriver ?? 'its CSI driver'} provisions it: use a class of a CSI driver${suffix}`,
      );
    else
      out.error(
        'data-source-refused',
        `${at}.storageClassName`,
        `${message}: use a class of a CSI driver${suffix}`,
      );
    return;
  }
  const want = parseQuantity(first.storage);
  // The size and mode checks below are the CSI external-provisioner's: certain only when the plan
  // sees the claim provisioned by a CSI driver. Otherwise (a class not among the manifests, one of
  // no provisioner, an external provisioner not known to be CSI) a warning naming that assumption.
  const csiTarget = target?.driver !== undefined && knownCsi(world, target.driver);
  const assumed = csiTarget
    ? ''
    : target?.driver !== undefined
      ? ` (if "${target.driver}" is a CSI driver: the manifests do not show it is, and a provisioner that is not one does not make these checks)`
      : " (if a CSI driver provisions the claim: the manifests do not show its class's provisioner)";
  const refuse = (field: string, message: string): void => {
    if (csiTarget) out.error('data-source-refused', field, `${message}${suffix}`);
    else out.warning('data-source-refused', field, `${message}${assumed}${suffix}`);
  };
  if (src.kind === 'PersistentVolumeClaim' && (src.apiGroup ?? '') === '') {
    if (src.name === first.name) {
      // getPVCSource needs the source bound ("volume name is empty in source PVC"), and a claim
      // that clones itself is bound only once it is provisioned: a CSI provisioner waits for ever.
      // A claim naming its volume is bound, not provisioned; a provisioner that is not CSI
      // (sig-storage-lib-external-provisioner) does not read the data source and provisions it empty.
      if (namesVolume) return;
      refuse(
        `${at}.${src.field}`,
        `names claim ${first.name} itself: the CSI provisioner clones only a bound source claim, and this claim is bound only once it is provisioned, so it stays Pending (${PROVISIONER} getPVCSource: "volume name is empty in source PVC"); name another claim`,
      );
      return;
    }
    const source = world.claim(src.name ?? '');
    if (!source) return;
    const have = parseQuantity(source.storage);
    // getPVCSource: "error, new PVC request must be greater than or equal in size to the specified PVC data source".
    if (want && have && compareQuantities(want, have) < 0)
      refuse(
        `${at}.resources.requests.storage`,
        `is "${first.storage}", less than the "${source.storage}" of the cloned claim ${source.name}; the CSI provisioner refuses a clone smaller than its source (${PROVISIONER} getPVCSource): request at least ${source.storage}`,
      );
    // getPVCSource compares with the source's volume, whose mode is its claim's: a provisioned volume
    // takes the claim's mode, and the PV controller binds only volumes of the claim's mode.
    if (
      source.volumeMode !== undefined &&
      first.volumeMode !== undefined &&
      source.volumeMode !== first.volumeMode
    )
      refuse(
        `${at}.volumeMode`,
        `is "${first.volumeMode}", but the cloned claim ${source.name} is "${source.volumeMode}"; the CSI provisioner clones only within one volume mode (${PROVISIONER} getPVCSource): use "${source.volumeMode}"`,
      );
    const from = source.driver;
    // getPVCSource: a source volume without spec.csi ("claim in dataSource not bound or invalid"):
    // an in-tree or non-CSI volume (NFS, hostPath, local, a migrated in-tree disk: its PV keeps the
    // in-tree source) is not cloned by any CSI driver.
    if (from?.inTree && target?.driver)
      refuse(
        `${at}.dataSource`,
        `names claim ${source.name}, whose volume is not a CSI volume (${from.inTree.what}, from ${from.via}); the CSI provisioner clones only a volume with spec.csi of its own driver (${PROVISIONER} getPVCSource: "claim in dataSource not bound or invalid"): clone a claim of a "${target.driver}" class, or copy the data with a job`,
      );
    if (from?.driver && target?.driver && from.driver !== target.driver)
      refuse(
        `${at}.storageClassName`,
        `provisions with "${target.driver}" (${target.via}), but the cloned claim ${source.name}'s volume is of "${from.driver}" (${from.via}); a CSI driver clones only its own volumes (${PROVISIONER} getPVCSource): use a class of "${from.driver}"`,
      );
    return;
  }
  if (src.kind === 'VolumeSnapshot' && src.apiGroup === SNAPSHOT_GROUP) {
    const snap = world.snapshot(src.name ?? '');
    if (!snap) return;
    const source = snap.takenOf;
    if (source) {
      const have = parseQuantity(source.storage);
      // getSnapshotSource: "requested volume size %d is less than the size %d for the source
      // snapshot", against status.restoreSize, which the CSI driver reports (CreateSnapshot
      // size_bytes): the source volume's size for block drivers (host path, EBS, PD), but a driver
      // may report less (the data's size) or none. Not visible here: always a warning.
      if (want && have && compareQuantities(want, have) < 0)
        out.warning(
          'data-source-refused',
          `${at}.resources.requests.storage`,
          `is "${first.storage}", less than the "${source.storage}" of claim ${source.name} that VolumeSnapshot ${snap.name} is taken of; the CSI provisioner refuses a restore smaller than the snapshot's restoreSize (${PROVISIONER} getSnapshotSource), which block-storage drivers report as the source volume's size (a driver that reports less accepts it): request at least ${source.storage}${suffix}`,
        );
    }
    const mode = snap.sourceVolumeMode;
    if (mode && first.volumeMode !== undefined && mode !== first.volumeMode)
      modeChange(out, at, first.volumeMode, mode, snap.name, suffix);
    if (snap.driver && target?.driver && snap.driver !== target.driver)
      refuse(
        `${at}.storageClassName`,
        `provisions with "${target.driver}" (${target.via}), but VolumeSnapshot ${snap.name} is of driver "${snap.driver}" (${snap.via}); the CSI provisioner restores only its own driver's snapshots (${PROVISIONER} getSnapshotSource: the content's driver must be the class's provisioner): use a class of "${snap.driver}"`,
      );
  }
}

function modeChange(
  out: FindingSink,
  at: string,
  want: string,
  have: string,
  snapshot: string,
  suffix: string,
): void {
  // getSnapshotSource with --prevent-volume-mode-conversion (default true since external-provisioner
  // v4): a restore into another volume mode is refused unless the content carries the annotation
  // snapshot.storage.kubernetes.io/allow-volume-mode-change. A flag and an annotation the files do not
  // show: a warning.
  out.warning(
    'data-source-refused',
    `${at}.volumeMode`,
    `is "${want}", but VolumeSnapshot ${snapshot} was taken of a "${have}" volume; the CSI provisioner (--prevent-volume-mode-conversion, on by default since v4) refuses the restore unless its VolumeSnapshotContent is annotated snapshot.storage.kubernetes.io/allow-volume-mode-change: "true": use "${have}"${suffix}`,
  );
}

/** True when ReferenceGrant `g` in `sourceNs` lets claims of `claimNs` read the source. */
function grants(g: Json, sourceNs: string, claimNs: string, src: SourceRef): boolean {
  if ((asString(get(g, 'metadata', 'namespace')) ?? 'default') !== sourceNs) return false;
  const from = asArray(get(g, 'spec', 'from')).some(
    (f) =>
      (get(f, 'group') ?? '') === '' &&
      get(f, 'kind') === 'PersistentVolumeClaim' &&
      get(f, 'namespace') === claimNs,
  );
  const to = asArray(get(g, 'spec', 'to')).some(
    (t) =>
      (get(t, 'group') ?? '') === (src.apiGroup ?? '') &&
      get(t, 'kind') === src.kind &&
      (get(t, 'name') === undefined || get(t, 'name') === src.name),
  );
  return from && to;
}
