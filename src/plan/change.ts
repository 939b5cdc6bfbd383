/**
 * The change plan: what applying `next` over `previous` does, as the API server's update validation,
 * the PersistentVolumeClaimResize admission plugin, the controllers and a pruning GitOps tool
 * (Argo CD, Flux, `kubectl apply --prune`) perform it.
 *
 * Objects are matched by API group (not version: `apps/v1beta2` and `apps/v1` name the same stored
 * object), kind, namespace (`default` when unset; none for cluster-scoped kinds) and name. An object
 * only in `next` is created; one in both is updated (or unchanged); one only in `previous` is deleted,
 * as a pruning tool deletes it, unless it carries the prune protection this library writes
 * (`argocd.argoproj.io/sync-options: Prune=false`, `kustomize.toolkit.fluxcd.io/prune: disabled`);
 * Helm's `helm.sh/resource-policy: keep` protects only from Helm, so a loss it alone guards is a
 * warning. An object named by `metadata.generateName` alone is created anew by every apply: never
 * matched, never deleted.
 *
 * Comparison reads the manifests as the API server would hold them: fields the server owns are
 * ignored (status, metadata.resourceVersion/uid/generation/creationTimestamp/managedFields, the
 * last-applied annotation); empty maps and lists equal absent ones (apimachinery's
 * Semantic.DeepEqual, and the protobuf round trip of storage); an absent field equals its API default
 * where that decides a verdict (a claim's volumeMode, a StorageClass's reclaimPolicy, a StatefulSet's
 * podManagementPolicy, pod defaults such as restartPolicy and imagePullPolicy); quantities compare by
 * value (`1Gi` = `1024Mi`). Fields the server sets after creation are read from the previous binding
 * plan: the class DefaultStorageClass admission gave a claim without one, the volume the PV controller
 * bound it to.
 *
 * Each rule below cites the Kubernetes function it follows (kubernetes/kubernetes, read at the 1.34 to
 * 1.36 development snapshots; version differences are stated where the rule applies them). What the
 * plan cannot see (a StorageClass not among the manifests, the cluster's default class, the name of a
 * provisioned volume) gives a warning naming the assumption, never a silent pass.
 *
 * Never throws: an object that cannot be read is not judged (the plan reports it elsewhere).
 */
import { gateEnabledByDefault } from '../k8s/feature-gates';
import {
  DEFAULT_KUBERNETES_VERSION,
  KubernetesVersion,
  parseKubernetesVersion,
  versionIndex,
} from '../k8s/versions';
import type { RuleDeclaration } from '../rules/rule';
import {
  asArray,
  asRecord,
  asString,
  describe,
  FindingSink,
  get,
  isClusterScoped,
  Json,
  ManifestEntry,
  ManifestIndex,
  helmKeep,
  nsKey,
  pruneProtected,
  statefulSetClaimName,
  statefulSetStartOrdinal,
} from './_manifest';
import { compareQuantities, describeBytes, parseQuantity, ParsedQuantity } from '../k8s/quantity';
import { ChangeAction, ClaimPlan, Finding, ObjectChange, PlanOptions } from './types';

export type { ChangeAction, ObjectChange } from './types';
import { PV_SOURCES } from './validate';

// ---------------------------------------------------------------------------------------------
// Public data

/** The change plan: one entry per object, and the findings of the change. */
export interface ChangePlan {
  /** One entry per object: the next manifests' objects in their order, then the deleted ones in the previous manifests' order. */
  readonly changes: ObjectChange[];
  /** Findings of the update (the shape of every plan finding), on the object concerned; a deleted object by its old name. */
  readonly findings: Finding[];
}

// ---------------------------------------------------------------------------------------------
// The rules

const UPDATE_IMMUTABLE_RULE = 'update-immutable';
const CLAIM_SHRINK_RULE = 'claim-shrink';
const CLAIM_RESIZE_UNSUPPORTED_RULE = 'claim-resize-unsupported';
const DELETE_DATA_LOSS_RULE = 'delete-data-loss';
const CLAIM_RENAMED_RULE = 'claim-renamed';
const SCALE_DOWN_DELETES_RULE = 'statefulset-scale-down-deletes';
const RECLAIM_TO_DELETE_RULE = 'reclaim-policy-to-delete';

/**
 * The rules of the change plan. Groups: `api-server` (the update is refused), `admission`
 * (PersistentVolumeClaimResize), `data-safety` (what the applied change does to data).
 */
export const CHANGE_RULES: readonly RuleDeclaration[] = [
  {
    id: UPDATE_IMMUTABLE_RULE,
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'api-server',
    summary: 'An update changes a field the API server does not let change after creation.',
    why:
      'The API server validates every update against the stored object and refuses it when an immutable field ' +
      "differs: a claim's spec (but the request of a bound claim), a PersistentVolume's source, volumeMode and set " +
      "nodeAffinity, a StorageClass's parameters, provisioner, reclaimPolicy and volumeBindingMode, a StatefulSet's " +
      'spec beyond replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and ' +
      'minReadySeconds (and revisionHistoryLimit from 1.34), the selector of a Deployment, ReplicaSet or DaemonSet, ' +
      "a Job's template, completions and selector, a Pod's spec beyond images, activeDeadlineSeconds and added " +
      'tolerations. The apply fails, and a GitOps sync retries it for ever. A warning when the verdict depends on ' +
      'what the plan cannot see (the default class a claim got, the name of a provisioned volume).',
    remediation:
      'Revert the field, or replace the object on purpose: for a claim, a new claim cloned from the old one ' +
      '(dataSource); for a StatefulSet, `kubectl delete statefulset <name> --cascade=orphan` and apply again (its pods ' +
      'and claims stay); for a StorageClass, a new class.',
    source:
      'kubernetes pkg/apis/core/validation: ValidatePersistentVolumeClaimUpdate, ValidatePersistentVolumeUpdate, ' +
      'ValidatePodUpdate; pkg/apis/storage/validation ValidateStorageClassUpdate; pkg/apis/apps/validation ' +
      'ValidateStatefulSetUpdate; pkg/registry/apps/{deployment,replicaset,daemonset}/strategy.go ValidateUpdate ' +
      '(ValidateImmutableField on spec.selector); pkg/apis/batch/validation ValidateJobSpecUpdate, ' +
      'validatePodTemplateUpdate; kubernetes/kubernetes#68737',
    kinds: [
      'PersistentVolumeClaim',
      'PersistentVolume',
      'StorageClass',
      'StatefulSet',
      'Deployment',
      'ReplicaSet',
      'DaemonSet',
      'Job',
      'Pod',
    ],
  },
  {
    id: CLAIM_SHRINK_RULE,
    severity: 'error',
    group: 'api-server',
    summary: "An update lowers a claim's storage request.",
    why:
      'A volume never shrinks: the API server refuses a request below the previous one ("field can not be less ' +
      'than previous value"; from 1.32, with RecoverVolumeExpansionFailure, below status.capacity, which is at ' +
      'least the previous request once an expansion has completed).',
    remediation: 'Keep the request, or copy the data to a new, smaller claim and switch the workload to it.',
    source:
      'kubernetes pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimUpdate; KEP-1790 ' +
      '(RecoverVolumeExpansionFailure)',
    kinds: ['PersistentVolumeClaim'],
  },
  {
    id: CLAIM_RESIZE_UNSUPPORTED_RULE,
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'admission',
    summary: 'An update grows a claim that cannot be expanded.',
    why:
      'Only a bound claim may grow, and the PersistentVolumeClaimResize admission plugin lets it grow only when its ' +
      'StorageClass (never "") exists and has allowVolumeExpansion: true; otherwise the API server refuses the update. ' +
      'A warning when the class is not among the manifests, or the claim names none and the default class is unknown.',
    remediation:
      'Set allowVolumeExpansion: true on the class (it may change) if its driver can expand volumes; a class-less ' +
      'static volume is grown by its administrator, then the claim is replaced.',
    source:
      'kubernetes plugin/pkg/admission/storage/persistentvolume/resize/admission.go (Validate, allowResize); ' +
      'pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimUpdate',
    kinds: ['PersistentVolumeClaim'],
  },
  {
    id: DELETE_DATA_LOSS_RULE,
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'data-safety',
    summary: 'An object left out of the manifests is pruned, and a volume and its data are deleted with it.',
    why:
      'A pruning apply (Argo CD, Flux, kubectl apply --prune) deletes what is no longer in the repository. Deleting a ' +
      'claim whose volume has reclaim policy Delete (a StorageClass default) deletes the volume and its data; so does ' +
      'deleting a StatefulSet with persistentVolumeClaimRetentionPolicy.whenDeleted: Delete, a Namespace holding ' +
      'claims, or a PersistentVolume with reclaim policy Delete (HonorPVReclaimPolicy, on from 1.31). A warning when ' +
      "the class's reclaim policy is not among the manifests, or when the object carries only Helm's " +
      'helm.sh/resource-policy: keep (Helm keeps it; Argo CD, Flux kustomize-controller and kubectl apply --prune ' +
      'prune it).',
    remediation:
      'Keep the object, or annotate it argocd.argoproj.io/sync-options: Prune=false (Argo CD) or ' +
      'kustomize.toolkit.fluxcd.io/prune: disabled (Flux) before removing it; use reclaimPolicy: Retain for data you keep.',
    source:
      'Kubernetes docs "Persistent Volumes" (Reclaiming, Delete); pkg/controller/volume/persistentvolume ' +
      'reclaimVolume; pkg/controller/statefulset (StatefulSetAutoDeletePVC); KEP-2644 HonorPVReclaimPolicy; Argo CD ' +
      'sync options (Prune=false); Flux kustomize-controller (prune: disabled); Helm pkg/kube/client.go Update and ' +
      'pkg/action/resource_policy.go (helm.sh/resource-policy: keep); argoproj/argo-cd#17819',
    kinds: ['PersistentVolumeClaim', 'StatefulSet', 'PersistentVolume', 'Namespace'],
  },
  {
    id: CLAIM_RENAMED_RULE,
    severity: 'warning',
    group: 'data-safety',
    summary: 'A workload is switched to a new claim: it starts on a new, empty volume.',
    why:
      'A renamed claim is a deleted claim and a new one: the new one gets a new volume, empty unless it is a clone or ' +
      "restore (dataSource), and the workload's data stays behind with the old claim (or goes with it). A renamed " +
      'StatefulSet claim template, or a renamed StatefulSet, does the same to every replica.',
    remediation:
      'Keep the claim name; or create the new claim as a clone of the old one (dataSource: {kind: ' +
      'PersistentVolumeClaim, name: <old>}) or from a VolumeSnapshot, and keep the old one until the data is checked.',
    source:
      'Kubernetes docs "Persistent Volumes" (Binding, Volume Cloning); pkg/controller/statefulset getPersistentVolumeClaimName',
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'],
  },
  {
    id: SCALE_DOWN_DELETES_RULE,
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'data-safety',
    summary: 'A StatefulSet scale-down under whenScaled: Delete deletes the claims of the removed replicas.',
    why:
      'With persistentVolumeClaimRetentionPolicy.whenScaled: Delete the StatefulSet controller deletes the claims of ' +
      'the ordinals it removes; with reclaim policy Delete their volumes and data go too, and a later scale-up gets ' +
      'new, empty volumes. A warning when the volumes are kept (Released) or their policy is unknown.',
    remediation:
      'Set whenScaled: Retain (the default), or back up the data of those replicas before scaling down.',
    source:
      'kubernetes pkg/controller/statefulset stateful_set_utils.go (isCondemned, updateClaimOwnerRefForSetAndPod); ' +
      'KEP-1847 StatefulSetAutoDeletePVC',
    kinds: ['StatefulSet'],
  },
  {
    id: RECLAIM_TO_DELETE_RULE,
    severity: 'warning',
    group: 'data-safety',
    summary: "An update changes a PersistentVolume's reclaim policy to Delete.",
    why:
      'The reclaim policy of a volume may change, and Delete means deleting its claim (kubectl delete, a namespace ' +
      'deletion, a GitOps prune) deletes the volume and its data.',
    remediation: 'Keep Retain for data you keep; change it only when the data may go.',
    source:
      'kubernetes pkg/apis/core/validation ValidatePersistentVolumeUpdate (the policy is mutable); docs "Persistent Volumes" (Reclaiming)',
    kinds: ['PersistentVolume'],
  },
];

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Judges the update from `previous` to `next` (both read by the pre-pass), given the binding plans
 * of both (`nextClaims`, `previousClaims`: predictIndexed's claims; the previous one may be a
 * function, called only when a verdict needs it: a change that touches no claim's spec, no claim
 * deletion and no StatefulSet's claims never binds the previous manifests). `options` gives the Kubernetes
 * minor (`kubernetesVersion`, default the newest) and what the cluster's default StorageClass is
 * (`defaultStorageClass`, as for planStorage). Never throws.
 */
export function planChanges(
  previous: ManifestIndex,
  next: ManifestIndex,
  nextClaims: readonly ClaimPlan[],
  previousClaims: readonly ClaimPlan[] | (() => readonly ClaimPlan[]),
  options: PlanOptions = {},
): ChangePlan {
  const opts = safeOptions(options);
  const version = parseKubernetesVersion(opts.kubernetesVersion) ?? DEFAULT_KUBERNETES_VERSION;
  const ctx: Ctx = {
    version,
    defaultStorageClass: opts.defaultStorageClass,
    prev: side(previous, previousClaims, 'previous', version),
    next: side(next, nextClaims, 'next', version),
    findings: [],
    deletedNamespaces: new Set(),
  };
  const changes: ObjectChange[] = [];
  // Namespaces pruned with everything in them, first: their claims are reported on the namespace.
  for (const [key, e] of ctx.prev.byKey) {
    if (e.kind === 'Namespace' && !ctx.next.byKey.has(key) && protectedSafely(e.manifest) === false && e.name)
      ctx.deletedNamespaces.add(e.name);
  }
  // Previous objects a next one matched: a set of entries (hashed by identity) spares the deletion
  // pass a second lookup of every key string in the other side's map (bench/change-plan.js).
  const matched = new Set<ManifestEntry>();
  for (const [key, ne] of ctx.next.byKey) {
    const pe = ctx.prev.byKey.get(key);
    if (pe) matched.add(pe);
    changes.push(pe ? judgeSafely(ctx, pe, ne) : created(ctx, ne));
  }
  for (const pe of ctx.prev.byKey.values()) {
    if (!matched.has(pe)) changes.push(deleted(ctx, pe));
  }
  return { changes, findings: ctx.findings };
}

function safeOptions(options: unknown): PlanOptions {
  try {
    const r = asRecord(options);
    if (!r) return {};
    const kubernetesVersion = asString(r.kubernetesVersion);
    const defaultStorageClass = asString(r.defaultStorageClass);
    return {
      ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
      ...(defaultStorageClass !== undefined ? { defaultStorageClass } : {}),
    };
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------------
// The two sides

interface Side {
  readonly index: ManifestIndex;
  /** The target Kubernetes minor (it decides whether spec.ordinals.start counts). */
  readonly version: KubernetesVersion;
  /** Readable objects by match key (group, kind, namespace, name); the last of duplicates wins, as a second apply does. */
  readonly byKey: Map<string, ManifestEntry>;
  /** The binding plan by namespace/name: read on first use (see planChanges). */
  readonly claims: Map<string, ClaimPlan>;
  /** StorageClass and PersistentVolume manifests by name. */
  readonly classes: Map<string, Json>;
  readonly volumes: Map<string, Json>;
  /** PVC manifests by namespace/name. */
  readonly claimManifests: Map<string, Json>;
  /** What pods of the manifests mount (workload volumes; StatefulSet template claims by name), built on first use. */
  consumed?: { readonly volumes: Set<string>; readonly templates: Map<string, TemplateClaim[]> };
}

interface Ctx {
  readonly version: KubernetesVersion;
  readonly defaultStorageClass?: string;
  readonly prev: Side;
  readonly next: Side;
  readonly findings: Finding[];
  /** Names of Namespaces this change prunes. */
  readonly deletedNamespaces: Set<string>;
  /** StatefulSets this change deletes, by namespace; previous claims by namespace: built on first use. */
  deletedSets?: Map<string, ManifestEntry[]>;
  claimsByNamespace?: Map<string, ClaimPlan[]>;
}

/** API groups that were renamed: the same stored object under an older group. */
const GROUP_ALIASES: Readonly<Record<string, string>> = { extensions: 'apps' };
const MOVED_FROM_EXTENSIONS = new Set(['Deployment', 'DaemonSet', 'ReplicaSet']);

function groupOf(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return GROUP_ALIASES[group] !== undefined && MOVED_FROM_EXTENSIONS.has(kind) ? GROUP_ALIASES[group] : group;
}

function matchKey(e: ManifestEntry): string {
  const apiVersion = asString(get(e.manifest, 'apiVersion')) ?? '';
  const group = groupOf(apiVersion, e.kind);
  const name = e.name ?? '';
  // The pre-pass's ref (`Kind/namespace/name`, `Kind/name` when cluster-scoped) already names the
  // object uniquely when no part holds a separator; reusing it spares building and hashing a new
  // string per object (bench/change-plan.js: building the two sides was a fifth to two fifths of the change plan).
  // Such keys hold no NUL before the group, so they never meet the joined form below (which starts
  // with two NULs) nor a generated name's `\u0001` key.
  if (plainPart(e.kind) && plainPart(e.namespace) && plainPart(name) && group.indexOf('\u0000') < 0)
    return group === '' ? e.ref : `${e.ref}\u0000${group}`;
  return `\u0000\u0000${[group, e.kind, isClusterScoped(e.kind) ? '' : e.namespace, name].join('\u0000')}`;
}

/** A key part with none of the separators `/`, NUL and `\u0001`. */
function plainPart(s: string): boolean {
  return s.indexOf('/') < 0 && s.indexOf('\u0000') < 0 && s.indexOf('\u0001') < 0;
}

/** True when the object has metadata.generateName and no metadata.name (the pre-pass names it `<prefix>*`). */
function generatedName(e: ManifestEntry): boolean {
  const name = get(e.manifest, 'metadata', 'name');
  return typeof name !== 'string' || name === '';
}

function side(
  index: ManifestIndex,
  claims: readonly ClaimPlan[] | (() => readonly ClaimPlan[]),
  role: 'previous' | 'next',
  version: KubernetesVersion,
): Side {
  const s: Side = {
    index,
    version,
    byKey: new Map(),
    claims: undefined as unknown as Map<string, ClaimPlan>, // defined below, read on first use
    classes: new Map(),
    volumes: new Map(),
    claimManifests: new Map(),
  };
  for (const e of index.entries) {
    if (e.problem || e.unread || e.name === undefined) continue;
    try {
      if (generatedName(e)) {
        // metadata.generateName without a name: every create makes a new object with a random
        // suffix (apiserver rest.BeforeCreate, names.SimpleNameGenerator), so it never matches an
        // object of the other side: in the next manifests it is created again, and the one created
        // before is no object the manifests name, so no prune deletes it by name. A key of its own.
        if (role === 'next') s.byKey.set(`\u0001${e.position}`, e);
        continue;
      }
      s.byKey.set(matchKey(e), e);
      const m = e.manifest as Json;
      if (e.kind === 'StorageClass') s.classes.set(e.name, m);
      else if (e.kind === 'PersistentVolume') s.volumes.set(e.name, m);
      else if (e.kind === 'PersistentVolumeClaim') s.claimManifests.set(nsKey(e.namespace, e.name), m);
    } catch {
      // a manifest whose apiVersion cannot be read is not judged
    }
  }
  let byName: Map<string, ClaimPlan> | undefined;
  Object.defineProperty(s, 'claims', {
    get(): Map<string, ClaimPlan> {
      if (byName) return byName;
      byName = new Map();
      let list: unknown;
      try {
        list = typeof claims === 'function' ? claims() : claims;
      } catch {
        list = []; // a binding that throws leaves the plan without it: fates are then unknown
      }
      for (const c of Array.isArray(list) ? (list as ClaimPlan[]) : []) {
        try {
          if (typeof c.namespace === 'string' && typeof c.name === 'string')
            byName.set(nsKey(c.namespace, c.name), c);
        } catch {
          // a plan entry that cannot be read is skipped
        }
      }
      return byName;
    },
  });
  return s;
}

/** A StatefulSet claim template, as {@link claimSource} finds it. */
interface TemplateClaim {
  readonly prefix: string;
  readonly template: unknown;
  readonly namespace: string;
  readonly start: number;
  readonly end: number;
}

/** What pods of the side's manifests mount, and its StatefulSets' claim templates: read on first use. */
function mounts(s: Side): NonNullable<Side['consumed']> {
  if (s.consumed) return s.consumed;
  const volumes = new Set<string>();
  const templates = new Map<string, TemplateClaim[]>();
  for (const e of s.byKey.values()) {
    try {
      if (e.template) {
        for (const v of asArray(e.template.spec.volumes)) {
          const claim = asString(get(v, 'persistentVolumeClaim', 'claimName'));
          if (claim) volumes.add(nsKey(e.namespace, claim));
        }
      }
      if (e.kind === 'StatefulSet' && e.name) {
        const { start, replicas } = ordinals(e.manifest, s.version);
        for (const t of asArray(get(e.manifest, 'spec', 'volumeClaimTemplates'))) {
          const name = asString(get(t, 'metadata', 'name'));
          if (!name) continue;
          const prefix = `${name}-${e.name}-`;
          const key = nsKey(e.namespace, prefix);
          const list = templates.get(key) ?? [];
          list.push({ prefix, template: t, namespace: e.namespace, start, end: start + replicas });
          templates.set(key, list);
        }
      }
    } catch {
      // skipped
    }
  }
  s.consumed = { volumes, templates };
  return s.consumed;
}

/** The StatefulSet claim template a planned claim comes from (`<template>-<set>-<ordinal>`), if any. */
function templateOf(s: Side, plan: ClaimPlan): TemplateClaim | undefined {
  const m = /^(.*-)(0|[1-9]\d{0,15})$/.exec(plan.name);
  if (!m) return undefined;
  const ordinal = Number(m[2]);
  return mounts(s)
    .templates.get(nsKey(plan.namespace, m[1]))
    ?.find((t) => ordinal >= t.start && ordinal < t.end);
}

/** Whether a pod of the side's manifests mounts the claim (a workload's volume, or a StatefulSet's own template claim). */
function claimConsumed(s: Side, plan: ClaimPlan): boolean {
  return mounts(s).volumes.has(nsKey(plan.namespace, plan.name)) || templateOf(s, plan) !== undefined;
}

/**
 * True when the claim's class is the cluster's default, which the plan does not know: the claim (or
 * its template) names no class, no StorageClass of the manifests is annotated default, and the
 * defaultStorageClass option is unset. Whether it was provisioned, and what its volume's reclaim
 * policy is, then depend on that class.
 */
function classUnknown(ctx: Ctx, s: Side, plan: ClaimPlan | undefined): boolean {
  if (
    !plan ||
    plan.storageClass !== undefined ||
    plan.volume !== undefined ||
    ctx.defaultStorageClass !== undefined
  )
    return false;
  const body = s.claimManifests.get(nsKey(plan.namespace, plan.name)) ?? templateOf(s, plan)?.template;
  if (body === undefined) return false;
  return (
    get(body, 'spec', 'storageClassName') === undefined &&
    get(body, 'metadata', 'annotations', BETA_CLASS_ANNOTATION) === undefined
  );
}

// ---------------------------------------------------------------------------------------------
// Creations, deletions, updates

function created(ctx: Ctx, ne: ManifestEntry): ObjectChange {
  const change = base(ne, 'create');
  try {
    if (ne.kind === 'StatefulSet') renamedStatefulSet(ctx, ne);
  } catch {
    // not judged
  }
  return change;
}

function base(e: ManifestEntry, action: ChangeAction, fields?: string[], data?: string): ObjectChange {
  const apiVersion = asString(get(e.manifest, 'apiVersion')) ?? '';
  // Assigned, not spread: one entry per object, so this literal is made tens of thousands of times.
  const change: { -readonly [K in keyof ObjectChange]: ObjectChange[K] } = {
    object: e.ref,
    apiVersion,
    action,
  };
  if (fields !== undefined && fields.length > 0) change.fields = fields;
  if (data !== undefined) change.data = data;
  return change;
}

/** {@link pruneProtected}; undefined when reading the annotations throws (the object is then not judged). */
function protectedSafely(m: unknown): boolean | undefined {
  try {
    return pruneProtected(m);
  } catch {
    return undefined;
  }
}

const PRUNE_HINT =
  'keep it, or annotate it argocd.argoproj.io/sync-options: Prune=false (Argo CD) or kustomize.toolkit.fluxcd.io/prune: disabled (Flux) before removing it';

function deleted(ctx: Ctx, pe: ManifestEntry): ObjectChange {
  const inDeletedNamespace = !isClusterScoped(pe.kind) && ctx.deletedNamespaces.has(pe.namespace);
  const protection = protectedSafely(pe.manifest);
  if (protection === undefined) return base(pe, 'delete');
  if (protection && !inDeletedNamespace) return base(pe, 'unchanged', undefined, 'kept: prune protection');
  const note = protection ? "its prune protection does not stop its namespace's deletion; " : '';
  const before = ctx.findings.length;
  const change = deletedChange(ctx, pe, inDeletedNamespace, note);
  if (!inDeletedNamespace && keptByHelm(pe.manifest)) helmKeepWarnings(ctx, pe, before);
  return change;
}

/** {@link helmKeep}, false when reading the annotation throws. */
function keptByHelm(m: unknown): boolean {
  try {
    return helmKeep(m);
  } catch {
    return false;
  }
}

/**
 * `helm.sh/resource-policy: keep` stops Helm (and Flux's helm-controller) from deleting the object,
 * but not an Argo CD prune, Flux's kustomize-controller or kubectl apply --prune (see helmKeep):
 * which tool applies the manifests is not in them, so the data loss is a warning naming that
 * assumption, not an error.
 */
function helmKeepWarnings(ctx: Ctx, pe: ManifestEntry, from: number): void {
  for (let i = from; i < ctx.findings.length; i++) {
    const f = ctx.findings[i];
    if (f.object !== pe.ref || f.rule !== DELETE_DATA_LOSS_RULE) continue;
    ctx.findings[i] = {
      ...f,
      severity: 'warning',
      message: `${f.message}. ${HELM_KEEP_NOTE}`,
    };
  }
}

const HELM_KEEP_NOTE =
  'It carries helm.sh/resource-policy: keep, so Helm (helm upgrade, Flux helm-controller) keeps it, but an Argo CD prune, Flux kustomize-controller and kubectl apply --prune do not honour that annotation';

function deletedChange(ctx: Ctx, pe: ManifestEntry, inDeletedNamespace: boolean, note: string): ObjectChange {
  try {
    switch (pe.kind) {
      case 'PersistentVolumeClaim':
        return base(pe, 'delete', undefined, note + deletedClaim(ctx, pe, inDeletedNamespace));
      case 'StatefulSet':
        return base(pe, 'delete', undefined, note + deletedStatefulSet(ctx, pe, inDeletedNamespace));
      case 'PersistentVolume':
        return base(pe, 'delete', undefined, deletedVolume(ctx, pe));
      case 'Namespace':
        return base(pe, 'delete', undefined, deletedNamespace(ctx, pe));
      default:
        return base(pe, 'delete', undefined, inDeletedNamespace ? note + NAMESPACE_NOTE : undefined);
    }
  } catch {
    return base(pe, 'delete');
  }
}

const NAMESPACE_NOTE = 'deleted with its namespace (see the Namespace)';

function deletedClaim(ctx: Ctx, pe: ManifestEntry, inDeletedNamespace: boolean): string {
  const name = pe.name as string;
  const fate = claimFate(ctx, ctx.prev.claims.get(nsKey(pe.namespace, name)));
  if (!inDeletedNamespace) {
    const out = new FindingSink(pe.ref, ctx.findings);
    const text = `the claim is no longer among the manifests, so a pruning apply (Argo CD, Flux, kubectl apply --prune) deletes it: ${fate.single}`;
    if (fate.kind === 'deleted') out.error(DELETE_DATA_LOSS_RULE, undefined, `${text}; ${PRUNE_HINT}`);
    else if (fate.kind === 'unknown') out.warning(DELETE_DATA_LOSS_RULE, undefined, `${text}; ${PRUNE_HINT}`);
  }
  return inDeletedNamespace ? `${fate.single}; ${NAMESPACE_NOTE}` : fate.single;
}

function deletedStatefulSet(ctx: Ctx, pe: ManifestEntry, inDeletedNamespace: boolean): string {
  const name = pe.name as string;
  const m = pe.manifest;
  const whenDeleted =
    asString(get(m, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted')) ?? 'Retain';
  const claims = setClaims(m, name, ordinals(m, ctx.version), MAX_FATES);
  if (claims.total === 0) return 'it has no claim templates: no claim is deleted';
  const listed = nameList(claims.names, claims.total);
  if (whenDeleted !== 'Delete') {
    return `its ${claimsAre(listed, claims.total)} kept (persistentVolumeClaimRetentionPolicy.whenDeleted: ${whenDeleted})`;
  }
  const fates = claims.names.map((c) => claimFate(ctx, ctx.prev.claims.get(nsKey(pe.namespace, c))));
  const text = `${claimsAre(listed, claims.total)} deleted with it (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete): ${pluralFate(claims.names, fates, claims.total)}`;
  if (!inDeletedNamespace) {
    const out = new FindingSink(pe.ref, ctx.findings);
    const message = `the StatefulSet is no longer among the manifests, so a pruning apply deletes it, and its ${text}; ${PRUNE_HINT}, or set whenDeleted: Retain first`;
    const kind = worstFate(fates);
    if (kind === 'deleted')
      out.error(DELETE_DATA_LOSS_RULE, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted', message);
    else if (kind === 'unknown')
      out.warning(DELETE_DATA_LOSS_RULE, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted', message);
  }
  return inDeletedNamespace ? `${text}; ${NAMESPACE_NOTE}` : text;
}

function deletedVolume(ctx: Ctx, pe: ManifestEntry): string {
  const name = pe.name as string;
  const policy = asString(get(pe.manifest, 'spec', 'persistentVolumeReclaimPolicy')) ?? 'Retain';
  if (policy !== 'Delete') {
    return `the storage is kept (reclaimPolicy ${policy}); the object goes once no claim is bound to it (kubernetes.io/pv-protection)`;
  }
  const out = new FindingSink(pe.ref, ctx.findings);
  // HonorPVReclaimPolicy (KEP-2644): with it, the PV controller and external-provisioner delete the
  // storage of a Delete volume even when the PersistentVolume object is deleted before its claim.
  if (gateEnabledByDefault('HonorPVReclaimPolicy', ctx.version)) {
    const data = `the volume ${name} and its data are deleted (reclaimPolicy Delete), once no claim is bound to it`;
    out.error(
      DELETE_DATA_LOSS_RULE,
      'spec.persistentVolumeReclaimPolicy',
      `the PersistentVolume is no longer among the manifests, so a pruning apply deletes it: ${data} (HonorPVReclaimPolicy); ${PRUNE_HINT}, or set reclaimPolicy Retain first`,
    );
    return data;
  }
  const data = `the object is deleted once no claim is bound to it; before Kubernetes 1.31 (HonorPVReclaimPolicy off) its storage is then left behind, not deleted, and no claim can reach the data`;
  out.warning(
    DELETE_DATA_LOSS_RULE,
    'spec.persistentVolumeReclaimPolicy',
    `the PersistentVolume (reclaimPolicy Delete) is no longer among the manifests, so a pruning apply deletes it: ${data}; ${PRUNE_HINT}`,
  );
  return data;
}

function deletedNamespace(ctx: Ctx, pe: ManifestEntry): string {
  const ns = pe.name as string;
  const names: string[] = [];
  const fates: Fate[] = [];
  if (!ctx.claimsByNamespace) {
    ctx.claimsByNamespace = new Map();
    for (const c of ctx.prev.claims.values()) {
      const list = ctx.claimsByNamespace.get(c.namespace) ?? [];
      list.push(c);
      ctx.claimsByNamespace.set(c.namespace, list);
    }
  }
  const claims = ctx.claimsByNamespace.get(ns) ?? [];
  const total = claims.length;
  for (const c of claims.slice(0, MAX_FATES)) {
    names.push(c.name);
    fates.push(claimFate(ctx, c));
  }
  if (total === 0) return 'everything in it is deleted; it holds no claims of the manifests';
  const text = `everything in it is deleted whatever its objects' own prune protection, ${total === 1 ? 'claim' : 'claims'} ${nameList(names, total)} too: ${pluralFate(names, fates, total)}`;
  const kind = worstFate(fates);
  const out = new FindingSink(pe.ref, ctx.findings);
  const message = `the Namespace is no longer among the manifests, so a pruning apply deletes it: ${text}; ${PRUNE_HINT}`;
  if (kind === 'deleted') out.error(DELETE_DATA_LOSS_RULE, undefined, message);
  else if (kind === 'unknown') out.warning(DELETE_DATA_LOSS_RULE, undefined, message);
  return text;
}

function judgeSafely(ctx: Ctx, pe: ManifestEntry, ne: ManifestEntry): ObjectChange {
  try {
    return judgeUpdate(ctx, pe, ne);
  } catch {
    return base(ne, 'update');
  }
}

function judgeUpdate(ctx: Ctx, pe: ManifestEntry, ne: ManifestEntry): ObjectChange {
  const whole = diff(ne.kind, pe.manifest, ne.manifest, '', '');
  if (whole.total === 0) return base(ne, 'unchanged');
  const fields = whole.paths.slice(0, MAX_FIELDS);
  if (whole.total > MAX_FIELDS) fields.push(`and ${whole.total - MAX_FIELDS} more`);
  const u: Update = {
    ctx,
    pe,
    ne,
    a: pe.manifest as Json,
    b: ne.manifest as Json,
    out: new FindingSink(ne.ref, ctx.findings),
  };
  let data: string | undefined;
  switch (ne.kind) {
    case 'PersistentVolumeClaim':
      data = claimUpdate(u);
      break;
    case 'PersistentVolume':
      data = volumeUpdate(u);
      break;
    case 'StorageClass':
      classUpdate(u);
      break;
    case 'StatefulSet':
      data = statefulSetUpdate(u);
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      selectorUpdate(u);
      break;
    case 'Job':
      jobUpdate(u);
      break;
    case 'Pod':
      podUpdate(u);
      break;
  }
  if (ne.template && ne.kind !== 'Pod') data = joinData(data, workloadClaimSwitch(u));
  return base(ne, 'update', fields, data);
}

interface Update {
  readonly ctx: Ctx;
  readonly pe: ManifestEntry;
  readonly ne: ManifestEntry;
  readonly a: Json;
  readonly b: Json;
  readonly out: FindingSink;
}

function joinData(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined ? b : b === undefined ? a : `${a}; ${b}`;
}

// ---------------------------------------------------------------------------------------------
// PersistentVolumeClaim: ValidatePersistentVolumeClaimUpdate, then PersistentVolumeClaimResize

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/**
 * ValidatePersistentVolumeClaimUpdate (pkg/apis/core/validation/validation.go): the spec is
 * immutable, except that a claim without volumeName may get one once, a class may be set on a claim
 * that had none (validateStorageClassUpgradeFromNil/FromAnnotation), and a bound claim
 * (status.phase Bound, copied from the stored object) may change resources.requests.storage and
 * volumeAttributesClassName (with the VolumeAttributesClass gate, on by default from 1.34; before,
 * the field is dropped on create and update, so a change of it is no change). The request may not
 * go below the previous one (below status.capacity with RecoverVolumeExpansionFailure, on by default
 * from 1.32). Then the PersistentVolumeClaimResize admission plugin
 * (plugin/pkg/admission/storage/persistentvolume/resize/admission.go Validate, allowResize) lets a
 * request grow only when the old claim is Bound and its class (GetPersistentVolumeClaimClass: the
 * beta annotation, else storageClassName; never "") is the same before and after, exists, and has
 * allowVolumeExpansion: true.
 */
function claimUpdate(u: Update): string | undefined {
  const { ctx, a, b, out } = u;
  // Labels or annotations only: no rule below applies, and the previous binding is not needed.
  if (
    sameJson(a.spec, b.spec, 0) &&
    get(a, 'metadata', 'annotations', BETA_CLASS_ANNOTATION) ===
      get(b, 'metadata', 'annotations', BETA_CLASS_ANNOTATION)
  )
    return undefined;
  const ns = u.ne.namespace;
  const name = u.ne.name as string;
  const plan = ctx.prev.claims.get(nsKey(ns, name));
  const bound = claimBound(ctx.prev, plan);
  const message = pvcImmutableMessage(ctx.version);
  const refused = (field: string, before: unknown, after: unknown, hint = '') =>
    out.error(
      UPDATE_IMMUTABLE_RULE,
      field,
      `${changedText(field, before, after)}: ${refusal('ValidatePersistentVolumeClaimUpdate', message)}${hint}`,
    );

  const sa = asRecord(a.spec) ?? {};
  const sb = asRecord(b.spec) ?? {};
  const oldAnn = asString(get(a, 'metadata', 'annotations', BETA_CLASS_ANNOTATION));
  const newAnn = asString(get(b, 'metadata', 'annotations', BETA_CLASS_ANNOTATION));
  const oldSc = asString(sa.storageClassName);
  const newSc = asString(sb.storageClassName);
  // validateStorageClassUpgradeFromAnnotation: the class moves from the beta annotation to the field.
  const fromAnnotation =
    oldAnn !== undefined &&
    oldSc === undefined &&
    newSc === oldAnn &&
    (newAnn === undefined || newAnn === oldAnn);
  if (!fromAnnotation && (newAnn ?? '') !== (oldAnn ?? '')) {
    const field = `metadata.annotations["${BETA_CLASS_ANNOTATION}"]`;
    out.error(
      UPDATE_IMMUTABLE_RULE,
      field,
      `${changedText(field, oldAnn, newAnn)}: ${refusal('ValidatePersistentVolumeClaimUpdate (ValidateImmutableAnnotation)', 'field is immutable')}`,
    );
  }
  if (!fromAnnotation) claimClassChange(u, plan, oldSc, newSc, oldAnn, refused);
  claimVolumeNameChange(u, plan, refused);

  for (const key of unionKeys(sa, sb)) {
    if (key === 'storageClassName' || key === 'volumeName' || key === 'resources') continue;
    if (key === 'volumeAttributesClassName') {
      claimAttributesClassChange(u, bound, refused);
      continue;
    }
    const d = diff('PersistentVolumeClaim', sa[key], sb[key], `spec.${key}`, `spec.${key}`);
    if (d.total > 0) refused(`spec.${key}`, sa[key], sb[key], CLAIM_REPLACE_HINT);
  }
  // resources: only requests.storage may change, and only on a bound claim.
  const ra = asRecord(sa.resources) ?? {};
  const rb = asRecord(sb.resources) ?? {};
  for (const key of unionKeys(ra, rb)) {
    const field = `spec.resources.${key}`;
    if (key !== 'requests') {
      if (diff('PersistentVolumeClaim', ra[key], rb[key], field, field).total > 0)
        refused(field, ra[key], rb[key]);
      continue;
    }
    const qa = asRecord(ra.requests) ?? {};
    const qb = asRecord(rb.requests) ?? {};
    for (const r of unionKeys(qa, qb)) {
      if (r === 'storage') continue;
      const f = `${field}.${r}`;
      if (diff('PersistentVolumeClaim', qa[r], qb[r], f, f).total > 0) refused(f, qa[r], qb[r]);
    }
  }
  return claimRequestChange(u, plan, bound);
}

const CLAIM_REPLACE_HINT =
  '; a claim keeps its spec for life: create a new claim (a clone with dataSource: {kind: PersistentVolumeClaim, name: <this claim>}) and move the workload to it';

function claimClassChange(
  u: Update,
  plan: ClaimPlan | undefined,
  oldSc: string | undefined,
  newSc: string | undefined,
  oldAnn: string | undefined,
  refused: (field: string, before: unknown, after: unknown, hint?: string) => void,
): void {
  const field = 'spec.storageClassName';
  if (oldSc === newSc) return;
  if (oldSc !== undefined) {
    refused(field, oldSc, newSc, CLAIM_REPLACE_HINT);
    return;
  }
  // The manifest had no class: the stored claim holds the one DefaultStorageClass admission gave it
  // (none when the beta annotation names one, or the cluster has no default class).
  if (oldAnn !== undefined) {
    // validateStorageClassUpgradeFromNil: allowed when the field takes the annotation's class.
    if (newSc !== oldAnn) refused(field, oldAnn, newSc, CLAIM_REPLACE_HINT);
    return;
  }
  const given = plan?.storageClass;
  if (given !== undefined) {
    if (newSc !== given)
      u.out.error(
        UPDATE_IMMUTABLE_RULE,
        field,
        `spec.storageClassName is set to ${brief(newSc)}, but the stored claim holds "${given}", the default class admission gave it at creation: ${refusal('ValidatePersistentVolumeClaimUpdate', pvcImmutableMessage(u.ctx.version))}${CLAIM_REPLACE_HINT}`,
      );
    return;
  }
  if (u.ctx.defaultStorageClass === '') return; // no default class: nil -> set is allowed (validateStorageClassUpgradeFromNil)
  u.out.warning(
    UPDATE_IMMUTABLE_RULE,
    field,
    `spec.storageClassName is set to ${brief(newSc)} on a claim created without one: the API server accepts it only if the claim got no default class at creation, or got exactly this one; the plan does not know the cluster's default StorageClass (set the defaultStorageClass option, "" for none). Otherwise it refuses the update (ValidatePersistentVolumeClaimUpdate: "${pvcImmutableMessage(u.ctx.version)}")`,
  );
}

function claimVolumeNameChange(
  u: Update,
  plan: ClaimPlan | undefined,
  refused: (field: string, before: unknown, after: unknown, hint?: string) => void,
): void {
  const field = 'spec.volumeName';
  const oldV = asString(get(u.a, 'spec', 'volumeName')) || undefined;
  const newV = asString(get(u.b, 'spec', 'volumeName')) || undefined;
  if (oldV === newV) return;
  if (oldV !== undefined) {
    refused(field, oldV, newV);
    return;
  }
  // "volumeName changes are allowed once": the PV controller sets it when it binds the claim.
  if (!plan || !claimBound(u.ctx.prev, plan)) return;
  if (plan.volume !== undefined) {
    if (plan.volume !== newV)
      u.out.error(
        UPDATE_IMMUTABLE_RULE,
        field,
        `spec.volumeName is set to ${brief(newV)}, but the claim is bound to "${plan.volume}" (set by the PV controller): ${refusal('ValidatePersistentVolumeClaimUpdate', pvcImmutableMessage(u.ctx.version))}`,
      );
    return;
  }
  u.out.warning(
    UPDATE_IMMUTABLE_RULE,
    field,
    `spec.volumeName is set to ${brief(newV)} on a claim bound to the volume provisioned for it, whose name (pvc-<uid>) the plan cannot see: unless ${brief(newV)} is that volume, the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${pvcImmutableMessage(u.ctx.version)}")`,
  );
}

function claimAttributesClassChange(
  u: Update,
  bound: boolean,
  refused: (field: string, before: unknown, after: unknown, hint?: string) => void,
): void {
  // Gate off (default before 1.34): DropDisabledFields clears the field on create and on update
  // (unless the stored claim uses it), so a change is no change; field-gated reports the field.
  if (!gateEnabledByDefault('VolumeAttributesClass', u.ctx.version)) return;
  const field = 'spec.volumeAttributesClassName';
  const before = get(u.a, 'spec', 'volumeAttributesClassName');
  const after = get(u.b, 'spec', 'volumeAttributesClassName');
  if (before === after) return;
  if (!bound) {
    refused(field, before, after, ' (it may change only on a bound claim)');
    return;
  }
  if (typeof before !== 'string' || (after !== undefined && after !== '')) return;
  // Clearing the class is refused once one has been applied to the volume: with the gate on by
  // default (1.34, GA), ValidatePersistentVolumeClaimUpdate refuses nil or "" only when the stored
  // claim's status.currentVolumeAttributesClassName is set ("update to nil is forbidden when
  // status.currentVolumeAttributesClassName is not nil"), so a modification that never took
  // effect can be cancelled. The status is in the cluster, not in the manifests: unless the
  // previous object carries it (`--cluster`, `kubectl get -o yaml`), the verdict is a warning.
  const what = after === undefined ? 'nil' : 'empty string';
  const message = `update to ${what} is forbidden when status.currentVolumeAttributesClassName is not nil`;
  const current = get(u.a, 'status', 'currentVolumeAttributesClassName');
  // A live object's status has a phase; `status: {}` (as kubectl --dry-run prints) says nothing.
  const live = typeof get(u.a, 'status', 'phase') === 'string';
  if (typeof current === 'string') {
    u.out.error(
      UPDATE_IMMUTABLE_RULE,
      field,
      `${changedText(field, before, after)}: ${refusal('ValidatePersistentVolumeClaimUpdate', message)}`,
    );
  } else if (!live) {
    u.out.warning(
      UPDATE_IMMUTABLE_RULE,
      field,
      `${changedText(field, before, after)}: once a class has been applied to the volume (status.currentVolumeAttributesClassName, which the plan cannot see), ${refusal('ValidatePersistentVolumeClaimUpdate', message)}; clearing it is allowed only while no class has taken effect`,
    );
  }
}

function claimRequestChange(u: Update, plan: ClaimPlan | undefined, bound: boolean): string | undefined {
  const field = 'spec.resources.requests.storage';
  const before = parseQuantity(get(u.a, 'spec', 'resources', 'requests', 'storage'));
  const after = parseQuantity(get(u.b, 'spec', 'resources', 'requests', 'storage'));
  if (!before || !after) return undefined; // a request that does not parse: the validation reports it
  const cmp = compareQuantities(after, before);
  if (cmp === 0) return undefined;
  const sizes = sizesText(before, after);
  if (cmp < 0) {
    const recovery = gateEnabledByDefault('RecoverVolumeExpansionFailure', u.ctx.version);
    u.out.error(
      CLAIM_SHRINK_RULE,
      field,
      `spec.resources.requests.storage shrinks from ${sizes}: ${refusal('ValidatePersistentVolumeClaimUpdate', recovery ? 'field can not be less than status.capacity' : 'field can not be less than previous value')}${recovery ? '; a lower request is accepted only above status.capacity, to recover from a failed expansion' : ''}; a volume never shrinks: keep ${before.text}, or copy the data to a new, smaller claim`,
    );
    return undefined;
  }
  const grows = `spec.resources.requests.storage grows from ${sizes}`;
  if (classUnknown(u.ctx, u.ctx.prev, plan)) {
    u.out.warning(
      CLAIM_RESIZE_UNSUPPORTED_RULE,
      field,
      `${grows}; the claim names no StorageClass and the plan does not know the default class it got (set the defaultStorageClass option): PersistentVolumeClaimResize accepts the update only if that class provisioned the claim and has allowVolumeExpansion: true, else the API server refuses it ("${RESIZE_REFUSAL}")`,
    );
    return undefined;
  }
  if (!bound && !classMissing(u.ctx, plan)) {
    u.out.error(
      CLAIM_RESIZE_UNSUPPORTED_RULE,
      field,
      `${grows}, but the claim is not bound (${plan ? plan.outcome : 'not planned'}): the API server refuses the update (ValidatePersistentVolumeClaimUpdate: "${pvcImmutableMessage(u.ctx.version)}"; PersistentVolumeClaimResize: "Only bound persistent volume claims can be expanded"); change the request before the claim is created, or once it is bound`,
    );
    return undefined;
  }
  const className = claimClassName(u.a, plan);
  const classNow = claimClassName(u.b, plan);
  if (!className || !classNow) {
    u.out.error(
      CLAIM_RESIZE_UNSUPPORTED_RULE,
      field,
      `${grows}, but the claim has no StorageClass (storageClassName ""): ${refusal('PersistentVolumeClaimResize', RESIZE_REFUSAL)}; a class-less (static) volume is grown by its administrator, then bound to a new claim`,
    );
    return undefined;
  }
  if (classNow !== className) return undefined; // the class change itself is refused (update-immutable)
  const sc = u.ctx.next.classes.get(className) ?? u.ctx.prev.classes.get(className);
  if (!sc) {
    u.out.warning(
      CLAIM_RESIZE_UNSUPPORTED_RULE,
      field,
      `${grows}, and StorageClass ${className} is not among the manifests: the API server accepts the update only if the claim is bound and the class has allowVolumeExpansion: true, else it refuses it (PersistentVolumeClaimResize: "${RESIZE_REFUSAL}")`,
    );
    return undefined;
  }
  const expand = sc.allowVolumeExpansion;
  if (expand !== true) {
    u.out.error(
      CLAIM_RESIZE_UNSUPPORTED_RULE,
      field,
      `${grows}, but StorageClass ${className} does not allow volume expansion (allowVolumeExpansion is ${describe(expand)}): ${refusal('PersistentVolumeClaimResize', RESIZE_REFUSAL)}; set allowVolumeExpansion: true on the class (it may change) if its driver can expand volumes`,
    );
    return undefined;
  }
  return `the volume grows from ${before.text} to ${after.text}; the data is kept`;
}

const RESIZE_REFUSAL =
  'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize';

/**
 * GetPersistentVolumeClaimClass of the stored claim: the beta annotation, else storageClassName,
 * else the class admission gave it (the binding plan's); undefined when that is unknown.
 */
function claimClassName(m: unknown, plan: ClaimPlan | undefined): string | undefined {
  const ann = asString(get(m, 'metadata', 'annotations', BETA_CLASS_ANNOTATION));
  if (ann !== undefined) return ann;
  const sc = asString(get(m, 'spec', 'storageClassName'));
  if (sc !== undefined) return sc;
  return plan?.storageClass;
}

/** Whether the stored claim is Bound: bound or provisioned, or waiting for a pod the manifests run. */
function claimBound(s: Side, plan: ClaimPlan | undefined): boolean {
  if (!plan) return false;
  if (plan.outcome === 'bound' || plan.outcome === 'provisioned') return true;
  return plan.outcome === 'waiting' && claimConsumed(s, plan);
}

/**
 * True for a claim the binding plan leaves Pending only because its StorageClass is not among the
 * manifests: on the cluster the class may exist and have provisioned it.
 */
function classMissing(ctx: Ctx, plan: ClaimPlan | undefined): boolean {
  return (
    plan !== undefined &&
    plan.outcome === 'pending' &&
    plan.volume === undefined &&
    plan.storageClass !== undefined &&
    !ctx.prev.classes.has(plan.storageClass)
  );
}

/** The ValidatePersistentVolumeClaimUpdate message: it names volumeAttributesClassName from 1.29 (the field's alpha). */
function pvcImmutableMessage(version: KubernetesVersion): string {
  return at(version, '1.29')
    ? 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'
    : 'spec is immutable after creation except resources.requests for bound claims';
}

function sizesText(before: ParsedQuantity, after: ParsedQuantity): string {
  return before.format === after.format && unit(before.text) === unit(after.text)
    ? `${before.text} to ${after.text}`
    : `${describeBytes(before)} to ${describeBytes(after)}`;
}

function unit(text: string): string {
  return /[A-Za-z]+$/.exec(text)?.[0] ?? '';
}

// ---------------------------------------------------------------------------------------------
// PersistentVolume: ValidatePersistentVolumeUpdate

/**
 * ValidatePersistentVolumeUpdate (pkg/apis/core/validation/validation.go): the volume source is
 * immutable ("spec.persistentvolumesource is immutable after creation"; a CSI
 * controllerExpandSecretRef may be added), so is volumeMode, and a nodeAffinity once set
 * (validatePvNodeAffinity; MutablePVNodeAffinity, alpha from 1.35, is off by default in every minor
 * judged). volumeAttributesClassName may not go from a value to none (with the VolumeAttributesClass
 * gate, on by default from 1.34). Capacity, access modes, class, claimRef, mount options and the
 * reclaim policy may change; a change of the reclaim policy to Delete is warned about.
 */
function volumeUpdate(u: Update): string | undefined {
  const { a, b, out, ctx } = u;
  const sa = asRecord(a.spec) ?? {};
  const sb = asRecord(b.spec) ?? {};
  for (const source of PV_SOURCES) {
    if (sa[source] === undefined && sb[source] === undefined) continue;
    let after = sb[source];
    // "if oldPV does not have ControllerExpandSecretRef then allow it to be set"
    if (source === 'csi' && get(sa.csi, 'controllerExpandSecretRef') === undefined && asRecord(after)) {
      const rest: Json = { ...(after as Json) };
      delete rest.controllerExpandSecretRef;
      after = rest;
    }
    const field = `spec.${source}`;
    if (diff('PersistentVolume', sa[source], after, field, field).total > 0) {
      out.error(
        UPDATE_IMMUTABLE_RULE,
        field,
        `${changedText(field, sa[source], sb[source])}: ${refusal('ValidatePersistentVolumeUpdate', 'spec.persistentvolumesource is immutable after creation')}; a volume's storage is fixed: create a new PersistentVolume`,
      );
    }
  }
  const mode = diff('PersistentVolume', sa.volumeMode, sb.volumeMode, 'spec.volumeMode', 'spec.volumeMode');
  if (mode.total > 0) {
    out.error(
      UPDATE_IMMUTABLE_RULE,
      'spec.volumeMode',
      `${changedText('spec.volumeMode', sa.volumeMode ?? 'Filesystem', sb.volumeMode ?? 'Filesystem')}: ${refusal('ValidatePersistentVolumeUpdate (ValidateImmutableField)', 'field is immutable')}`,
    );
  }
  if (!isEmpty(sa.nodeAffinity)) {
    const d = diff(
      'PersistentVolume',
      sa.nodeAffinity,
      sb.nodeAffinity,
      'spec.nodeAffinity',
      'spec.nodeAffinity',
    );
    if (d.total > 0 && !gateEnabledByDefault('MutablePVNodeAffinity', ctx.version)) {
      out.error(
        UPDATE_IMMUTABLE_RULE,
        'spec.nodeAffinity',
        `${changedText('spec.nodeAffinity', sa.nodeAffinity, sb.nodeAffinity)}: ${refusal('ValidatePersistentVolumeUpdate (validatePvNodeAffinity)', 'field is immutable')}; a node affinity may be added to a volume that has none, not changed (MutablePVNodeAffinity, alpha from 1.35, is off by default)`,
      );
    }
  }
  if (gateEnabledByDefault('VolumeAttributesClass', ctx.version)) {
    const before = sa.volumeAttributesClassName;
    const after = sb.volumeAttributesClassName;
    if (typeof before === 'string' && (after === undefined || after === null)) {
      out.error(
        UPDATE_IMMUTABLE_RULE,
        'spec.volumeAttributesClassName',
        `${changedText('spec.volumeAttributesClassName', before, after)}: ${refusal('ValidatePersistentVolumeUpdate', 'update from non-nil value to nil is forbidden')}`,
      );
    }
  }
  const policyBefore = asString(sa.persistentVolumeReclaimPolicy) ?? 'Retain';
  const policyAfter = asString(sb.persistentVolumeReclaimPolicy) ?? 'Retain';
  if (policyAfter === 'Delete' && policyBefore !== 'Delete') {
    const data = 'deleting the claim bound to it now deletes the volume and its data';
    out.warning(
      RECLAIM_TO_DELETE_RULE,
      'spec.persistentVolumeReclaimPolicy',
      `persistentVolumeReclaimPolicy changes from ${policyBefore} to Delete: ${data} (kubectl delete, a namespace deletion, a GitOps prune); keep Retain for data you keep`,
    );
    return data;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// StorageClass: ValidateStorageClassUpdate

/**
 * ValidateStorageClassUpdate (pkg/apis/storage/validation/validation.go): parameters ("updates to
 * parameters are forbidden."), provisioner ("updates to provisioner are forbidden."), reclaimPolicy
 * ("updates to reclaimPolicy are forbidden."; defaulted to Delete) and volumeBindingMode
 * (ValidateImmutableField; defaulted to Immediate) are immutable. allowVolumeExpansion, mountOptions
 * and allowedTopologies may change.
 */
function classUpdate(u: Update): void {
  const { a, b, out } = u;
  const checks: ReadonlyArray<[string, string, string]> = [
    ['parameters', 'ValidateStorageClassUpdate', 'updates to parameters are forbidden.'],
    ['provisioner', 'ValidateStorageClassUpdate', 'updates to provisioner are forbidden.'],
    ['reclaimPolicy', 'ValidateStorageClassUpdate', 'updates to reclaimPolicy are forbidden.'],
    ['volumeBindingMode', 'ValidateStorageClassUpdate (ValidateImmutableField)', 'field is immutable'],
  ];
  for (const [key, fn, message] of checks) {
    if (diff('StorageClass', a[key], b[key], key, key, a, b).total === 0) continue;
    const dflt = CLASS_DEFAULTS[key];
    out.error(
      UPDATE_IMMUTABLE_RULE,
      key,
      `${changedText(key, a[key] ?? dflt, b[key] ?? dflt)}: ${refusal(fn, message)}; volumes already provisioned keep the old settings: create a class with a new name for new claims`,
    );
  }
}

const CLASS_DEFAULTS: Readonly<Record<string, string>> = {
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'Immediate',
};

// ---------------------------------------------------------------------------------------------
// StatefulSet: ValidateStatefulSetUpdate, and what the controller does to claims

/**
 * ValidateStatefulSetUpdate (pkg/apis/apps/validation/validation.go): after copying replicas,
 * template, updateStrategy, minReadySeconds, ordinals and persistentVolumeClaimRetentionPolicy (and
 * revisionHistoryLimit, from the 1.34 message on) from the old object, the specs must be equal, so
 * volumeClaimTemplates, serviceName, selector and podManagementPolicy are fixed
 * (kubernetes/kubernetes#68737). The controller then deletes the claims of removed ordinals under
 * whenScaled: Delete.
 */
function statefulSetUpdate(u: Update): string | undefined {
  const { a, b, out, ctx } = u;
  const sa = asRecord(a.spec) ?? {};
  const sb = asRecord(b.spec) ?? {};
  const set = u.ne.name as string;
  const message = statefulSetMessage(ctx.version);
  for (const key of unionKeys(sa, sb)) {
    if (STATEFULSET_MUTABLE.has(key)) continue;
    if (key === 'revisionHistoryLimit' && at(ctx.version, '1.34')) continue;
    const field = `spec.${key}`;
    if (key === 'volumeClaimTemplates') {
      claimTemplatesUpdate(u, asArray(sa[key]), asArray(sb[key]), set, message);
      continue;
    }
    if (diff('StatefulSet', sa[key], sb[key], field, field, sa, sb).total === 0) continue;
    const change = changedText(
      field,
      sa[key] ?? defaultFor('StatefulSet', field, sa),
      sb[key] ?? defaultFor('StatefulSet', field, sb),
    );
    if (key === 'revisionHistoryLimit' && ctx.version === '1.33') {
      out.warning(
        UPDATE_IMMUTABLE_RULE,
        field,
        `${change}: the API server refuses it up to 1.32 and accepts it from 1.34 (whose ValidateStatefulSetUpdate lists 'revisionHistoryLimit'); the plan has not confirmed 1.33`,
      );
      continue;
    }
    out.error(
      UPDATE_IMMUTABLE_RULE,
      field,
      `${change}: ${refusal('ValidateStatefulSetUpdate', message)}${STATEFULSET_RECREATE_HINT(set)}`,
    );
  }
  return scaleDown(u, set);
}

const STATEFULSET_MUTABLE = new Set([
  'replicas',
  'template',
  'updateStrategy',
  'minReadySeconds',
  'ordinals',
  'persistentVolumeClaimRetentionPolicy',
]);

const STATEFULSET_RECREATE_HINT = (set: string) =>
  `; to change it, recreate the StatefulSet: kubectl delete statefulset ${set} --cascade=orphan, then apply (pods and claims stay)`;

function statefulSetMessage(version: KubernetesVersion): string {
  return at(version, '1.34')
    ? "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    : "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
}

function claimTemplatesUpdate(
  u: Update,
  before: unknown[],
  after: unknown[],
  set: string,
  message: string,
): void {
  const { out } = u;
  const { start, replicas } = ordinals(u.a, u.ctx.version);
  const n = Math.max(before.length, after.length);
  let reported = 0;
  for (let i = 0; i < n && reported < MAX_FINDINGS_PER_OBJECT; i++) {
    const field = `spec.volumeClaimTemplates[${i}]`;
    const pattern = 'spec.volumeClaimTemplates[*]';
    const d = diff('StatefulSet', before[i], after[i], field, pattern);
    if (d.total === 0) continue;
    reported++;
    const oldName = asString(get(before[i], 'metadata', 'name'));
    const newName = asString(get(after[i], 'metadata', 'name'));
    const refusedText = refusal('ValidateStatefulSetUpdate', message);
    if (i >= before.length || i >= after.length) {
      const what = i >= before.length ? `is added (${brief(newName)})` : `is removed (${brief(oldName)})`;
      out.error(
        UPDATE_IMMUTABLE_RULE,
        field,
        `${field} ${what}: ${refusedText}; claim templates are fixed for the StatefulSet's life (kubernetes/kubernetes#68737)${STATEFULSET_RECREATE_HINT(set)}`,
      );
      continue;
    }
    const first = d.paths[0];
    const what =
      d.total === 1
        ? changedText(first, valueAt(u.a, first), valueAt(u.b, first))
        : `${field} (${brief(oldName)}) changes ${d.total} fields (${nameList(d.paths, d.total)})`;
    const growth = templateGrowth(before[i], after[i]);
    const hint =
      growth && oldName && replicas > 0
        ? `; to grow the claims, resize each claim (${setClaimNames(oldName, set, start, replicas)}; its class must allow expansion), then recreate the StatefulSet with the new size: kubectl delete statefulset ${set} --cascade=orphan, then apply`
        : STATEFULSET_RECREATE_HINT(set);
    out.error(
      UPDATE_IMMUTABLE_RULE,
      d.total === 1 ? first : field,
      `${what}: ${refusedText}; claim templates are fixed for the StatefulSet's life (kubernetes/kubernetes#68737)${hint}`,
    );
    if (oldName && newName && oldName !== newName && replicas > 0) {
      const olds = setClaimNames(oldName, set, start, replicas);
      const news = setClaimNames(newName, set, start, replicas);
      out.warning(
        CLAIM_RENAMED_RULE,
        `${field}.metadata.name`,
        `claim template ${oldName} is renamed ${newName}: if the StatefulSet is recreated to force it, its pods get new empty claims ${news} and the data stays in ${olds}`,
      );
    }
  }
}

/** True when a template's only change that matters is a larger storage request. */
function templateGrowth(before: unknown, after: unknown): boolean {
  const qa = parseQuantity(get(before, 'spec', 'resources', 'requests', 'storage'));
  const qb = parseQuantity(get(after, 'spec', 'resources', 'requests', 'storage'));
  return qa !== undefined && qb !== undefined && compareQuantities(qb, qa) > 0;
}

/**
 * The StatefulSet controller deletes the claims of the ordinals it removes when the (new)
 * persistentVolumeClaimRetentionPolicy.whenScaled is Delete (StatefulSetAutoDeletePVC: beta and on
 * by default from 1.27, GA 1.32): on a scale-down, or when spec.ordinals.start moves.
 */
function scaleDown(u: Update, set: string): string | undefined {
  const before = ordinals(u.a, u.ctx.version);
  const after = ordinals(u.b, u.ctx.version);
  const removed = removedOrdinals(before, after);
  if (removed.count === 0) return undefined;
  const templates = asArray(get(u.a, 'spec', 'volumeClaimTemplates'))
    .map((t) => asString(get(t, 'metadata', 'name')))
    .filter((t): t is string => !!t);
  if (templates.length === 0) return undefined;
  const total = removed.count * templates.length;
  const names: string[] = [];
  for (const ord of removed.first) {
    for (const t of templates) if (names.length < MAX_FATES) names.push(statefulSetClaimName(t, set, ord));
  }
  const listed = nameList(names, total);
  const whenScaled =
    asString(get(u.b, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled')) ?? 'Retain';
  const field = after.replicas !== before.replicas ? 'spec.replicas' : 'spec.ordinals.start';
  const how =
    after.replicas !== before.replicas
      ? `spec.replicas goes from ${before.replicas} to ${after.replicas}`
      : `spec.ordinals.start moves from ${before.start} to ${after.start}`;
  if (whenScaled !== 'Delete') {
    return `${claimsAre(`${listed} of the removed replicas`, total)} kept (whenScaled: ${whenScaled}) and reused by a later scale-up`;
  }
  const fates = names.map((c) => claimFate(u.ctx, u.ctx.prev.claims.get(nsKey(u.ne.namespace, c))));
  const kind = worstFate(fates);
  const fate = `${pluralFate(names, fates, total)}; a later scale-up gets new empty volumes`;
  const data = `${claimsAre(listed, total)} deleted with ${total === 1 ? 'its pod' : 'their pods'}: ${fate}`;
  const message = `${how} under persistentVolumeClaimRetentionPolicy.whenScaled: Delete: the StatefulSet controller deletes the claims of the removed replicas with their pods, ${listed}: ${fate}. Set whenScaled: Retain to keep them`;
  if (kind === 'deleted') u.out.error(SCALE_DOWN_DELETES_RULE, field, message);
  else if (kind !== 'none') u.out.warning(SCALE_DOWN_DELETES_RULE, field, message);
  return data;
}

interface Ordinals {
  readonly start: number;
  readonly replicas: number;
}

/** The first ordinal ({@link statefulSetStartOrdinal} in the target version) and spec.replicas (default 1), as whole numbers. */
function ordinals(m: unknown, version: KubernetesVersion): Ordinals {
  const r = get(m, 'spec', 'replicas');
  return {
    start: statefulSetStartOrdinal(m, version),
    replicas: typeof r === 'number' && Number.isSafeInteger(r) && r >= 0 ? r : 1,
  };
}

/** The ordinals in `before` and not in `after`: how many, and the first few. */
function removedOrdinals(before: Ordinals, after: Ordinals): { count: number; first: number[] } {
  const first: number[] = [];
  let count = 0;
  const inAfter = (o: number) => o >= after.start && o < after.start + after.replicas;
  // Two ranges: the removed ordinals are at most two runs; count them without walking huge ranges.
  const end = before.start + before.replicas;
  const runs: Array<[number, number]> = [
    [before.start, Math.min(end, after.start)],
    [Math.max(before.start, after.start + after.replicas), end],
  ];
  for (const [lo, hi] of runs) {
    if (hi <= lo) continue;
    count += hi - lo;
    for (let o = lo; o < hi && first.length < MAX_FATES; o++) if (!inAfter(o)) first.push(o);
  }
  return { count, first };
}

/** The claims of a StatefulSet's templates for its ordinals: the first `limit` names and the total. */
function setClaims(
  m: unknown,
  set: string,
  range: Ordinals,
  limit: number,
): { names: string[]; total: number } {
  const templates = asArray(get(m, 'spec', 'volumeClaimTemplates'))
    .map((t) => asString(get(t, 'metadata', 'name')))
    .filter((t): t is string => !!t);
  const names: string[] = [];
  for (let o = range.start; o < range.start + range.replicas && names.length < limit; o++) {
    for (const t of templates) if (names.length < limit) names.push(statefulSetClaimName(t, set, o));
  }
  return { names, total: range.replicas * templates.length };
}

function setClaimNames(template: string, set: string, start: number, replicas: number): string {
  const names: string[] = [];
  for (let o = start; o < start + replicas && names.length < 3; o++)
    names.push(statefulSetClaimName(template, set, o));
  return nameList(names, replicas);
}

/** A StatefulSet created in the namespace of one this change deletes, with the same claim templates: a rename. */
function renamedStatefulSet(ctx: Ctx, ne: ManifestEntry): void {
  const templates = templateNames(ne.manifest);
  if (templates.length === 0) return;
  if (!ctx.deletedSets) {
    ctx.deletedSets = new Map();
    for (const [key, pe] of ctx.prev.byKey) {
      if (pe.kind !== 'StatefulSet' || ctx.next.byKey.has(key)) continue;
      const list = ctx.deletedSets.get(pe.namespace) ?? [];
      list.push(pe);
      ctx.deletedSets.set(pe.namespace, list);
    }
  }
  for (const pe of ctx.deletedSets.get(ne.namespace) ?? []) {
    const old = templateNames(pe.manifest);
    if (!templates.some((t) => old.includes(t))) continue;
    const oldSet = pe.name as string;
    const newSet = ne.name as string;
    const t = templates.find((x) => old.includes(x)) as string;
    const { start, replicas } = ordinals(ne.manifest, ctx.version);
    const before = ordinals(pe.manifest, ctx.version);
    const whenDeleted =
      asString(get(pe.manifest, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted')) ?? 'Retain';
    new FindingSink(ne.ref, ctx.findings).warning(
      CLAIM_RENAMED_RULE,
      'metadata.name',
      `StatefulSet ${newSet} replaces ${oldSet} (deleted by this change) with the same claim template ${t}: its pods get new empty claims ${setClaimNames(t, newSet, start, replicas)}, and the data stays in ${setClaimNames(t, oldSet, before.start, before.replicas)}${whenDeleted === 'Delete' ? ', which whenDeleted: Delete deletes with it' : ''}; keep the StatefulSet's name to keep its claims`,
    );
    return;
  }
}

function templateNames(m: unknown): string[] {
  return asArray(get(m, 'spec', 'volumeClaimTemplates'))
    .map((t) => asString(get(t, 'metadata', 'name')))
    .filter((t): t is string => !!t);
}

// ---------------------------------------------------------------------------------------------
// Deployment, ReplicaSet, DaemonSet, Job, Pod

/**
 * pkg/registry/apps/{deployment,replicaset,daemonset}/strategy.go ValidateUpdate: for every API
 * version but the removed extensions/v1beta1 and apps/v1beta1/v1beta2, spec.selector is immutable
 * (apivalidation.ValidateImmutableField: "field is immutable"); ValidateDeploymentUpdate,
 * ValidateReplicaSetUpdate and ValidateDaemonSetUpdate let the rest of the spec change.
 */
function selectorUpdate(u: Update): void {
  const field = 'spec.selector';
  const before = get(u.a, 'spec', 'selector');
  const after = get(u.b, 'spec', 'selector');
  if (diff(u.ne.kind, before, after, field, field).total === 0) return;
  u.out.error(
    UPDATE_IMMUTABLE_RULE,
    field,
    `${changedText(field, before, after)}: ${refusal(`Validate${u.ne.kind}Update (strategy ValidateUpdate: ValidateImmutableField)`, 'field is immutable')}; to change it, delete the ${u.ne.kind} and create it again (kubectl delete --cascade=orphan keeps its pods until the new one adopts them)`,
  );
}

/**
 * ValidateJobSpecUpdate (pkg/apis/batch/validation/validation.go): selector, completionMode,
 * podFailurePolicy, backoffLimitPerIndex, managedBy and successPolicy are immutable; completions too,
 * except for an Indexed Job changing it with parallelism (validateCompletions, ElasticIndexedJob: on
 * by default from 1.27); and the pod template (validatePodTemplateUpdate: "field is immutable"),
 * except node affinity, node selector, tolerations, labels, annotations and scheduling gates of a
 * Job suspended before it started (AllowMutableSchedulingDirectives; the plan takes a Job whose
 * previous manifest says suspend: true as never started). CronJob: ValidateCronJobUpdate lets every
 * field change.
 */
function jobUpdate(u: Update): void {
  const { a, b, out } = u;
  const sa = asRecord(a.spec) ?? {};
  const sb = asRecord(b.spec) ?? {};
  for (const key of [
    'selector',
    'completionMode',
    'podFailurePolicy',
    'backoffLimitPerIndex',
    'managedBy',
    'successPolicy',
  ]) {
    const field = `spec.${key}`;
    if (diff('Job', sa[key], sb[key], field, field, sa, sb).total > 0)
      out.error(
        UPDATE_IMMUTABLE_RULE,
        field,
        `${changedText(field, sa[key], sb[key])}: ${refusal('ValidateJobSpecUpdate (ValidateImmutableField)', 'field is immutable')}${JOB_HINT}`,
      );
  }
  if (diff('Job', sa.completions, sb.completions, 'spec.completions', 'spec.completions', sa, sb).total > 0) {
    const indexed = sa.completionMode === 'Indexed' && sb.completionMode === 'Indexed';
    if (!indexed) {
      out.error(
        UPDATE_IMMUTABLE_RULE,
        'spec.completions',
        `${changedText('spec.completions', sa.completions, sb.completions)}: ${refusal('ValidateJobSpecUpdate (validateCompletions)', 'field is immutable')}${JOB_HINT}`,
      );
    } else if (sb.completions !== sb.parallelism) {
      out.error(
        UPDATE_IMMUTABLE_RULE,
        'spec.completions',
        `${changedText('spec.completions', sa.completions, sb.completions)}: ${refusal('ValidateJobSpecUpdate (validateCompletions)', 'can only be modified in tandem with spec.parallelism')}`,
      );
    }
  }
  const d = diff('Job', sa.template, sb.template, 'spec.template', 'spec.template');
  if (d.total === 0) return;
  const suspended = sa.suspend === true;
  const fixed = suspended
    ? d.paths.filter(
        (p) => !SCHEDULING_DIRECTIVES.some((s) => p === s || p.startsWith(`${s}.`) || p.startsWith(`${s}[`)),
      )
    : d.paths;
  if (fixed.length === 0 && d.total <= d.paths.length) return;
  const first = fixed[0] ?? d.paths[0];
  out.error(
    UPDATE_IMMUTABLE_RULE,
    'spec.template',
    `spec.template changes (${first}${d.total > 1 ? ` and ${d.total - 1} more` : ''}): ${refusal('ValidateJobSpecUpdate (validatePodTemplateUpdate)', 'field is immutable')}${suspended ? '; a suspended Job may change only the scheduling directives of its template' : ''}${JOB_HINT}`,
  );
}

const JOB_HINT =
  "; a Job's pods are fixed once it exists: delete the Job and create it again (a new name, or Argo CD's Replace=true / a hook)";

const SCHEDULING_DIRECTIVES = [
  'spec.template.spec.nodeSelector',
  'spec.template.spec.tolerations',
  'spec.template.spec.affinity.nodeAffinity',
  'spec.template.spec.schedulingGates',
  'spec.template.metadata.labels',
  'spec.template.metadata.annotations',
];

const POD_UPDATABLE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/**
 * ValidatePodUpdate (pkg/apis/core/validation/validation.go): containers and init containers may not
 * be added or removed ("pod updates may not add or remove containers"); activeDeadlineSeconds may be
 * set or lowered, not raised or removed; tolerations may only be added; scheduling gates only removed;
 * terminationGracePeriodSeconds may go from negative to 1; images may change. Any other spec change
 * is refused (updatablePodSpecFields). Resources change only through the resize subresource (1.33+).
 */
function podUpdate(u: Update): void {
  const { a, b, out } = u;
  const sa = asRecord(a.spec) ?? {};
  const sb = asRecord(b.spec) ?? {};
  for (const list of ['containers', 'initContainers']) {
    if (asArray(sa[list]).length !== asArray(sb[list]).length) {
      out.error(
        UPDATE_IMMUTABLE_RULE,
        `spec.${list}`,
        `spec.${list} goes from ${asArray(sa[list]).length} to ${asArray(sb[list]).length}: ${refusal('ValidatePodUpdate (ValidateContainerUpdates)', 'pod updates may not add or remove containers')}${POD_HINT}`,
      );
      return;
    }
  }
  const deadlineBefore = sa.activeDeadlineSeconds;
  const deadlineAfter = sb.activeDeadlineSeconds;
  if (typeof deadlineBefore === 'number' && deadlineAfter === undefined) {
    out.error(
      UPDATE_IMMUTABLE_RULE,
      'spec.activeDeadlineSeconds',
      `${changedText('spec.activeDeadlineSeconds', deadlineBefore, deadlineAfter)}: ${refusal('ValidatePodUpdate', 'must not update from a positive integer to nil value')}`,
    );
  } else if (
    typeof deadlineBefore === 'number' &&
    typeof deadlineAfter === 'number' &&
    deadlineAfter > deadlineBefore
  ) {
    out.error(
      UPDATE_IMMUTABLE_RULE,
      'spec.activeDeadlineSeconds',
      `${changedText('spec.activeDeadlineSeconds', deadlineBefore, deadlineAfter)}: ${refusal('ValidatePodUpdate', 'must be less than or equal to previous value')}`,
    );
  }
  // validateOnlyAddedTolerations: every old toleration must still be there (its tolerationSeconds may change).
  // Compared pairwise: at most MAX_TOLERATIONS of each, so a huge list stays cheap.
  const tolerationsAfter = asArray(sb.tolerations).slice(0, MAX_TOLERATIONS).map(withoutSeconds);
  const lost = asArray(sa.tolerations)
    .slice(0, MAX_TOLERATIONS)
    .findIndex((t) => !tolerationsAfter.some((x) => diff('Pod', withoutSeconds(t), x, '', '').total === 0));
  if (lost >= 0) {
    out.error(
      UPDATE_IMMUTABLE_RULE,
      'spec.tolerations',
      `spec.tolerations[${lost}] (${brief(asArray(sa.tolerations)[lost])}) is removed or changed: ${refusal('ValidatePodUpdate (validateOnlyAddedTolerations)', 'existing toleration can not be modified except its tolerationSeconds')}`,
    );
  }
  // validateOnlyDeletedSchedulingGates: no gate may be added.
  const gatesBefore = new Set(asArray(sa.schedulingGates).map((g) => asString(get(g, 'name'))));
  asArray(sb.schedulingGates).forEach((g, i) => {
    const gate = asString(get(g, 'name'));
    if (!gatesBefore.has(gate)) {
      out.error(
        UPDATE_IMMUTABLE_RULE,
        `spec.schedulingGates[${i}].name`,
        `spec.schedulingGates[${i}] (${brief(gate)}) is added: ${refusal('ValidatePodUpdate (validateOnlyDeletedSchedulingGates)', `only deletion is allowed, but found new scheduling gate '${gate ?? ''}'`)}`,
      );
    }
  });
  let reported = 0;
  for (const key of unionKeys(sa, sb)) {
    if (POD_MUNGED.has(key) || reported >= MAX_FINDINGS_PER_OBJECT) continue;
    const field = `spec.${key}`;
    const before = sa[key];
    let after = sb[key];
    if (key === 'containers' || key === 'initContainers') {
      after = withImagesOf(after, before);
    } else if (
      key === 'terminationGracePeriodSeconds' &&
      typeof before === 'number' &&
      before < 0 &&
      after === 1
    ) {
      continue;
    }
    const d = diff('Pod', before, after, field, field, sa, sb);
    if (d.total === 0) continue;
    reported++;
    const first = d.paths[0];
    out.error(
      UPDATE_IMMUTABLE_RULE,
      first,
      `${changedText(first, valueAt(a, first), valueAt(b, first))}: ${refusal('ValidatePodUpdate', POD_UPDATABLE)}${POD_HINT}`,
    );
  }
}

const MAX_TOLERATIONS = 256;
const POD_MUNGED = new Set(['activeDeadlineSeconds', 'tolerations', 'schedulingGates']);
const POD_HINT =
  '; a bare Pod is fixed once created: delete it and create it again, or run it under a Deployment';

function withoutSeconds(t: unknown): unknown {
  const r = asRecord(t);
  if (!r) return t;
  const rest: Json = { ...r };
  delete rest.tolerationSeconds;
  return rest;
}

/** The new containers with the old images: images may change (ValidatePodUpdate munges them). */
function withImagesOf(list: unknown, old: unknown): unknown {
  const before = asArray(old);
  return asArray(list).map((c, i) => {
    const r = asRecord(c);
    return r ? { ...r, image: get(before[i], 'image') } : c;
  });
}

// ---------------------------------------------------------------------------------------------
// A workload switched to another claim

/**
 * A workload whose pod volume now names another claim: a new claim (not among the previous
 * manifests' claims) gets a new volume, empty unless it is a clone or restore (dataSource or
 * dataSourceRef) or binds the very volume the old claim had.
 */
function workloadClaimSwitch(u: Update): string | undefined {
  const ta = u.pe.template;
  const tb = u.ne.template;
  if (!ta || !tb) return undefined;
  const oldByVolume = new Map<string, string>();
  for (const v of asArray(ta.spec.volumes)) {
    const name = asString(get(v, 'name'));
    const claim = asString(get(v, 'persistentVolumeClaim', 'claimName'));
    if (name && claim) oldByVolume.set(name, claim);
  }
  const ns = u.ne.namespace;
  const notes: string[] = [];
  asArray(tb.spec.volumes).forEach((v, i) => {
    const name = asString(get(v, 'name'));
    const claim = asString(get(v, 'persistentVolumeClaim', 'claimName'));
    const was = name ? oldByVolume.get(name) : undefined;
    if (!name || !claim || !was || was === claim) return;
    if (u.ctx.prev.claims.has(nsKey(ns, claim))) return; // an existing claim: its data comes along
    const m = u.ctx.next.claimManifests.get(nsKey(ns, claim));
    if (m && (asRecord(get(m, 'spec', 'dataSource')) || asRecord(get(m, 'spec', 'dataSourceRef')))) return;
    const oldVolume = u.ctx.prev.claims.get(nsKey(ns, was))?.volume;
    if (oldVolume !== undefined && u.ctx.next.claims.get(nsKey(ns, claim))?.volume === oldVolume) return;
    const oldGoes = !u.ctx.next.claims.has(nsKey(ns, was));
    const data = `the pods start on the new empty claim ${claim}`;
    notes.push(data);
    u.out.warning(
      CLAIM_RENAMED_RULE,
      `${tb.path}.volumes[${i}].persistentVolumeClaim.claimName`,
      `pod volume ${name} now mounts claim ${claim} instead of ${was}: ${claim} is new, so ${data}; the data stays with ${was}${oldGoes ? ', which this change deletes (see its own finding)' : ''}. To keep the data, keep the claim name, or create ${claim} as a clone (dataSource: {kind: PersistentVolumeClaim, name: ${was}})`,
    );
  });
  return notes.length ? notes.join('; ') : undefined;
}

// ---------------------------------------------------------------------------------------------
// What happens to a claim's volume when the claim is deleted

interface Fate {
  /** `deleted` (the volume and data go), `kept` (Released with its data), `none` (no volume yet), `unknown`. */
  readonly kind: 'deleted' | 'kept' | 'none' | 'unknown';
  /** The sentence for one claim. */
  readonly single: string;
  /** The reason in parentheses, shared by claims with the same fate. */
  readonly cause: string;
}

/** At most this many claims are named and looked up per finding; the rest are counted. */
const MAX_FATES = 50;

/**
 * What deleting the claim does to its volume: the PV controller's reclaimVolume applies the
 * volume's reclaim policy (a dynamically provisioned volume has its class's, Delete by default
 * (SetDefaults_StorageClass); a PersistentVolume manifest without one has Retain
 * (SetDefaults_PersistentVolume)).
 */
function claimFate(ctx: Ctx, plan: ClaimPlan | undefined): Fate {
  if (classUnknown(ctx, ctx.prev, plan)) {
    return {
      kind: 'unknown',
      single:
        "if the default StorageClass provisioned it, its volume is deleted with its data under that class's reclaimPolicy Delete (the default); the plan does not know the default class (set the defaultStorageClass option)",
      cause: 'the default StorageClass is unknown',
    };
  }
  if (!plan || (!claimBound(ctx.prev, plan) && !classMissing(ctx, plan))) {
    return { kind: 'none', single: 'it has no volume yet, so no data is lost', cause: 'no volume yet' };
  }
  if (plan.volume !== undefined) {
    const pv = ctx.prev.volumes.get(plan.volume);
    const policy = asString(get(pv, 'spec', 'persistentVolumeReclaimPolicy')) ?? 'Retain';
    const cause = `PersistentVolume ${plan.volume} reclaimPolicy ${policy}`;
    if (policy === 'Delete')
      return {
        kind: 'deleted',
        single: `the volume ${plan.volume} and its data are deleted (${cause})`,
        cause,
      };
    if (policy === 'Recycle')
      return {
        kind: 'deleted',
        single: `the volume ${plan.volume} is scrubbed for reuse, its data deleted (${cause})`,
        cause,
      };
    return {
      kind: 'kept',
      single: `the volume ${plan.volume} is kept with its data, Released (${cause}); no new claim binds it until its claimRef is cleared`,
      cause,
    };
  }
  const className = plan.storageClass;
  if (className === undefined) {
    return {
      kind: 'unknown',
      single:
        'the volume provisioned for it is deleted with its data if its class has reclaimPolicy Delete (the default); the plan does not know its class',
      cause: 'class unknown',
    };
  }
  const sc = ctx.prev.classes.get(className) ?? ctx.next.classes.get(className);
  if (!sc) {
    const cause = `StorageClass ${className} is not among the manifests; Delete is the default`;
    return {
      kind: 'unknown',
      single: `the volume provisioned for it is deleted with its data if StorageClass ${className} has reclaimPolicy Delete (the default; the class is not among the manifests)`,
      cause,
    };
  }
  const policy = asString(sc.reclaimPolicy) ?? 'Delete';
  const cause = `StorageClass ${className} reclaimPolicy ${policy}${sc.reclaimPolicy === undefined ? ', the default' : ''}`;
  if (policy === 'Delete')
    return {
      kind: 'deleted',
      single: `the volume provisioned for it and its data are deleted (${cause})`,
      cause,
    };
  return {
    kind: 'kept',
    single: `the volume provisioned for it is kept with its data, Released (${cause})`,
    cause,
  };
}

const FATE_ORDER = { deleted: 0, unknown: 1, kept: 2, none: 3 } as const;

function worstFate(fates: readonly Fate[]): Fate['kind'] {
  let worst: Fate['kind'] = 'none';
  for (const f of fates) if (FATE_ORDER[f.kind] < FATE_ORDER[worst]) worst = f.kind;
  return worst;
}

/** The fates of claims (`names`, of `total` claims) in one clause, grouped by kind and cause. */
function pluralFate(names: readonly string[], fates: readonly Fate[], total: number): string {
  if (total === 1 && fates.length === 1) return fates[0].single;
  const groups = new Map<string, { fate: Fate; names: string[] }>();
  fates.forEach((f, i) => {
    const key = `${f.kind}\u0000${f.cause}`;
    const g = groups.get(key);
    if (g) g.names.push(names[i]);
    else groups.set(key, { fate: f, names: [names[i]] });
  });
  if (groups.size === 1) {
    const { fate } = [...groups.values()][0];
    switch (fate.kind) {
      case 'deleted':
        return `their volumes and data are deleted (${fate.cause})`;
      case 'kept':
        return `their volumes are kept with the data, Released (${fate.cause})`;
      case 'unknown':
        return `their volumes are deleted with the data if their class has reclaimPolicy Delete (${fate.cause})`;
      default:
        return 'they have no volume yet';
    }
  }
  const parts: string[] = [];
  let rest = 0;
  for (const { fate, names: group } of groups.values()) {
    // Each claim's volume may have a fate of its own: a message lists the first few groups only.
    if (parts.length >= MAX_FATE_GROUPS) {
      rest += group.length;
      continue;
    }
    const who = nameList(group, group.length);
    switch (fate.kind) {
      case 'deleted':
        parts.push(`${who}: volume and data deleted (${fate.cause})`);
        break;
      case 'kept':
        parts.push(`${who}: volume kept with its data, Released (${fate.cause})`);
        break;
      case 'unknown':
        parts.push(
          `${who}: volume deleted with its data if its class has reclaimPolicy Delete (${fate.cause})`,
        );
        break;
      default:
        parts.push(`${who}: no volume yet`);
    }
  }
  if (rest > 0) parts.push(`and ${rest} more ${rest === 1 ? 'claim' : 'claims'} with other fates`);
  return parts.join('; ');
}

/** Groups of claims with one fate listed in a message; the rest are counted. */
const MAX_FATE_GROUPS = 5;

/** `claim a is` or `claims a, b are`. */
function claimsAre(listed: string, total: number): string {
  return total === 1 ? `claim ${listed} is` : `claims ${listed} are`;
}

/** `a, b, c and 4 more`, or `a, b` when all are shown. */
function nameList(names: readonly string[], total: number): string {
  const shown = names.slice(0, 3);
  return total > shown.length ? `${shown.join(', ')} and ${total - shown.length} more` : shown.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Comparing manifests as the API server holds them

/** Changed field paths listed per object. */
const MAX_FIELDS = 20;
/** Findings of one rule kind per object at most (one per changed field). */
const MAX_FINDINGS_PER_OBJECT = 10;
/** Paths a diff keeps (it counts the rest). */
const MAX_PATHS = 100;
/** Nodes a diff visits and nesting it follows before it calls the rest changed: bounded on any input. */
const MAX_NODES = 20_000;
const MAX_DEPTH = 64;

interface Diff {
  readonly paths: string[];
  total: number;
  nodes: number;
}

/** Fields the server owns, or that matching already settles: never a change. */
const IGNORED = new Set([
  'apiVersion',
  'kind',
  'status',
  'metadata.name',
  'metadata.namespace',
  'metadata.resourceVersion',
  'metadata.uid',
  'metadata.generation',
  'metadata.creationTimestamp',
  'metadata.managedFields',
  'metadata.selfLink',
  'metadata.deletionTimestamp',
  'metadata.deletionGracePeriodSeconds',
  'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
  // Claim templates are stored as claims: their type fields and status are not compared.
  'spec.volumeClaimTemplates[*].apiVersion',
  'spec.volumeClaimTemplates[*].kind',
  'spec.volumeClaimTemplates[*].status',
]);

/**
 * The changed leaf paths between `a` and `b` (at `path`, whose pattern, with `[*]` for indices, is
 * `pattern`), as Semantic.DeepEqual compares stored objects: empty maps and lists equal absent ones,
 * quantities compare by value, an absent field equals its API default. `holderA`/`holderB` are the
 * objects holding `a` and `b`, for defaults that depend on a sibling.
 */
function diff(
  kind: string,
  a: unknown,
  b: unknown,
  path: string,
  pattern: string,
  holderA?: unknown,
  holderB?: unknown,
): Diff {
  const d: Diff = { paths: [], total: 0, nodes: 0 };
  if (path !== '' && isEmpty(a) !== isEmpty(b)) {
    const dflt = defaultFor(kind, pattern, isEmpty(a) ? holderA : holderB);
    if (dflt !== undefined && sameLeaf(dflt, isEmpty(a) ? b : a, pattern)) return d;
  }
  try {
    walk(d, kind, a, b, path, pattern, 0);
  } catch {
    record(d, path || '<object>');
  }
  return d;
}

function record(d: Diff, path: string): void {
  d.total++;
  if (d.paths.length < MAX_PATHS) d.paths.push(path);
}

function walk(
  d: Diff,
  kind: string,
  a: unknown,
  b: unknown,
  path: string,
  pattern: string,
  depth: number,
): void {
  if (a === b) return;
  if (++d.nodes > MAX_NODES || depth > MAX_DEPTH) {
    record(d, path);
    return;
  }
  const ea = isEmpty(a);
  const eb = isEmpty(b);
  if (ea && eb) return;
  const ra = asRecord(a);
  const rb = asRecord(b);
  if ((ra || rb) && (ra || ea) && (rb || eb)) {
    const x = ra ?? {};
    const y = rb ?? {};
    for (const k of Object.keys(x)) walkKey(d, kind, x, y, k, path, pattern, depth);
    for (const k of Object.keys(y))
      if (!Object.prototype.hasOwnProperty.call(x, k)) walkKey(d, kind, x, y, k, path, pattern, depth);
    return;
  }
  const la = Array.isArray(a) ? a : ea ? [] : undefined;
  const lb = Array.isArray(b) ? b : eb ? [] : undefined;
  if (la && lb) {
    const n = Math.max(la.length, lb.length);
    for (let i = 0; i < n; i++) {
      if (d.nodes > MAX_NODES) {
        record(d, path);
        return;
      }
      if (i >= la.length || i >= lb.length) {
        d.nodes++;
        record(d, `${path}[${i}]`);
      } else {
        walk(d, kind, la[i], lb[i], `${path}[${i}]`, `${pattern}[*]`, depth + 1);
      }
    }
    return;
  }
  if (!sameLeaf(a, b, pattern)) record(d, path);
}

function walkKey(
  d: Diff,
  kind: string,
  x: Json,
  y: Json,
  k: string,
  path: string,
  pattern: string,
  depth: number,
): void {
  const va = x[k];
  const vb = y[k];
  // Most fields of an updated object are as they were: settle those without building their paths
  // (the profile of bench/change-plan.js: path strings were most of the comparison's time).
  if (va === vb || sameJson(va, vb, 0)) return;
  let step = STEPS.get(k);
  if (step === undefined) {
    step = IDENT.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
    if (STEPS.size < MAX_STEPS) STEPS.set(k, step);
  }
  if (path === '' && step.charCodeAt(0) === 46) step = k; // no leading '.'
  const p = path + step;
  const pt = pattern + step;
  if (IGNORED.has(pt)) return;
  const ea = isEmpty(va);
  if (ea !== isEmpty(vb)) {
    const dflt = defaultFor(kind, pt, ea ? x : y);
    if (dflt !== undefined && sameLeaf(dflt, ea ? vb : va, pt)) return;
  }
  walk(d, kind, va, vb, p, pt, depth + 1);
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Path steps by key (`.spec`, `["app.kubernetes.io/name"]`): keys repeat across objects. */
const STEPS = new Map<string, string>();
const MAX_STEPS = 10_000;
/** Deeper than this, sameJson answers "not known equal" and walk compares (and bounds) it. */
const SAME_DEPTH = 32;

/**
 * Strict structural equality of two JSON values: the same keys, lists and leaves. Equal values are
 * no change under any of the rules below (defaults and quantities only matter for values that
 * differ); false is only "compare them field by field", so it gives up on deep or odd values.
 */
function sameJson(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > SAME_DEPTH)
    return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameJson((a as Json)[k], (b as Json)[k], depth + 1)) return false;
  }
  return true;
}

/** null, undefined, an empty list or an empty map: what Semantic.DeepEqual and storage treat as unset. */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') {
    for (const _ in v as object) return false;
    return Object.keys(v as object).length === 0;
  }
  return false;
}

const QUANTITY_PATH = /(?:^|\.)(?:requests|limits|capacity|hard|overhead)(?:\.[A-Za-z_$][\w$]*|\[".*"\])$/;

function sameLeaf(a: unknown, b: unknown, pattern: string): boolean {
  if (a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)))
    return true;
  if (QUANTITY_PATH.test(pattern)) {
    const qa = parseQuantity(a);
    const qb = parseQuantity(b);
    return qa !== undefined && qb !== undefined && compareQuantities(qa, qb) === 0;
  }
  return false;
}

// --- API defaults (pkg/apis/*/v1/defaults.go), where a manifest that spells one out is no change

type DefaultFn = (holder: Json) => unknown;
const always =
  (v: unknown): DefaultFn =>
  () =>
    v;

/** Pod spec defaults (SetDefaults_PodSpec, SetDefaults_Container, volume sources), relative to the pod spec. */
const POD_SPEC_DEFAULTS: Readonly<Record<string, DefaultFn>> = {
  restartPolicy: always('Always'),
  dnsPolicy: always('ClusterFirst'),
  schedulerName: always('default-scheduler'),
  terminationGracePeriodSeconds: always(30),
  enableServiceLinks: always(true),
  'containers[*].terminationMessagePath': always('/dev/termination-log'),
  'containers[*].terminationMessagePolicy': always('File'),
  'containers[*].imagePullPolicy': (c) => pullPolicyFor(c.image),
  'containers[*].ports[*].protocol': always('TCP'),
  'initContainers[*].terminationMessagePath': always('/dev/termination-log'),
  'initContainers[*].terminationMessagePolicy': always('File'),
  'initContainers[*].imagePullPolicy': (c) => pullPolicyFor(c.image),
  'volumes[*].configMap.defaultMode': always(420),
  'volumes[*].secret.defaultMode': always(420),
  'volumes[*].downwardAPI.defaultMode': always(420),
  'volumes[*].projected.defaultMode': always(420),
  'volumes[*].hostPath.type': always(''),
};

const POD_SPEC_PATHS: Readonly<Record<string, string>> = {
  Pod: 'spec.',
  Deployment: 'spec.template.spec.',
  StatefulSet: 'spec.template.spec.',
  DaemonSet: 'spec.template.spec.',
  ReplicaSet: 'spec.template.spec.',
  ReplicationController: 'spec.template.spec.',
  Job: 'spec.template.spec.',
  CronJob: 'spec.jobTemplate.spec.template.spec.',
};

/** Object defaults by kind and field pattern. */
const KIND_DEFAULTS: Readonly<Record<string, Readonly<Record<string, DefaultFn>>>> = {
  PersistentVolumeClaim: { 'spec.volumeMode': always('Filesystem') },
  PersistentVolume: {
    'spec.volumeMode': always('Filesystem'),
    'spec.persistentVolumeReclaimPolicy': always('Retain'),
  },
  StorageClass: { reclaimPolicy: always('Delete'), volumeBindingMode: always('Immediate') },
  StatefulSet: {
    'spec.replicas': always(1),
    'spec.podManagementPolicy': always('OrderedReady'),
    'spec.revisionHistoryLimit': always(10),
    'spec.minReadySeconds': always(0),
    'spec.serviceName': always(''),
    'spec.updateStrategy.type': always('RollingUpdate'),
    'spec.updateStrategy.rollingUpdate.partition': always(0),
    'spec.persistentVolumeClaimRetentionPolicy.whenDeleted': always('Retain'),
    'spec.persistentVolumeClaimRetentionPolicy.whenScaled': always('Retain'),
    'spec.volumeClaimTemplates[*].spec.volumeMode': always('Filesystem'),
  },
  Deployment: {
    'spec.replicas': always(1),
    'spec.revisionHistoryLimit': always(10),
    'spec.progressDeadlineSeconds': always(600),
    'spec.strategy.type': always('RollingUpdate'),
  },
  DaemonSet: { 'spec.revisionHistoryLimit': always(10), 'spec.updateStrategy.type': always('RollingUpdate') },
  ReplicaSet: { 'spec.replicas': always(1) },
  Job: {
    // SetDefaults_Job: both unset -> both 1; parallelism unset -> 1.
    'spec.completions': (spec) =>
      spec.parallelism === undefined || spec.parallelism === null ? 1 : undefined,
    'spec.parallelism': always(1),
    'spec.backoffLimit': always(6),
    'spec.completionMode': always('NonIndexed'),
    'spec.suspend': always(false),
  },
  CronJob: {
    'spec.concurrencyPolicy': always('Allow'),
    'spec.suspend': always(false),
    'spec.successfulJobsHistoryLimit': always(3),
    'spec.failedJobsHistoryLimit': always(1),
  },
};

function defaultFor(kind: string, pattern: string, holder: unknown): unknown {
  const h = asRecord(holder) ?? {};
  const own = KIND_DEFAULTS[kind]?.[pattern];
  if (own) return own(h);
  const prefix = POD_SPEC_PATHS[kind];
  if (prefix !== undefined && pattern.startsWith(prefix)) {
    const fn = POD_SPEC_DEFAULTS[pattern.slice(prefix.length)];
    if (fn) return fn(h);
  }
  return undefined;
}

/** SetDefaults_Container: Always for `:latest` or no tag, else IfNotPresent (a digest counts as a tag). */
function pullPolicyFor(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon < 0 ? '' : image.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

// ---------------------------------------------------------------------------------------------
// Messages

/**
 * The keys of `a`, then those only in `b`: at most MAX_KEYS, so a spec with thousands of keys (no
 * real one has 40) gives bounded findings.
 */
function unionKeys(a: Json, b: Json): string[] {
  const keys = Object.keys(a).slice(0, MAX_KEYS);
  for (const k of Object.keys(b)) {
    if (keys.length >= MAX_KEYS) break;
    if (!Object.prototype.hasOwnProperty.call(a, k)) keys.push(k);
  }
  return keys;
}

const MAX_KEYS = 64;

function changedText(field: string, before: unknown, after: unknown): string {
  if (isEmpty(after) && !isEmpty(before)) return `${field} is removed (was ${brief(before)})`;
  if (isEmpty(before) && !isEmpty(after)) return `${field} is set to ${brief(after)} (was unset)`;
  const b = brief(before);
  const a = brief(after);
  if (!(asRecord(before) || Array.isArray(before)) || (b !== describe(before) && a !== describe(after)))
    return `${field} changed from ${b} to ${a}`;
  // Too large to show whole: name the first field that differs.
  const d = diff('', before, after, field, field);
  const first = d.paths[0] ?? field;
  const rel = first.slice(field.length);
  const more = d.total > 1 ? `, and ${d.total - 1} more` : '';
  return `${field} changed (${first} from ${brief(valueAt(before, rel))} to ${brief(valueAt(after, rel))}${more})`;
}

function refusal(fn: string, message: string): string {
  return `the API server refuses the update (${fn}: "${message}")`;
}

/** The value at a dotted field path (as the diff writes them) of a manifest. */
function valueAt(m: unknown, path: string): unknown {
  let cur: unknown = m;
  const re = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(path)) !== null) {
    if (match[1] !== undefined) cur = asRecord(cur)?.[match[1]];
    else if (match[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(match[2])] : undefined;
    else cur = asRecord(cur)?.[JSON.parse(match[3]) as string];
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** A short, safe rendering: small values in JSON form, larger ones by shape (never unbounded). */
function brief(value: unknown): string {
  const budget = { left: 24 };
  const text = render(value, 0, budget);
  return text !== undefined && text.length <= 80 ? text : describe(value);
}

function render(v: unknown, depth: number, budget: { left: number }): string | undefined {
  if (--budget.left < 0 || depth > 3) return undefined;
  if (v === undefined) return 'unset';
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (Array.isArray(v)) {
    const parts: string[] = [];
    for (const x of v) {
      const s = render(x, depth + 1, budget);
      if (s === undefined) return undefined;
      parts.push(s);
    }
    return `[${parts.join(', ')}]`;
  }
  const r = asRecord(v);
  if (!r) return undefined;
  const parts: string[] = [];
  for (const k of Object.keys(r)) {
    const s = render(r[k], depth + 1, budget);
    if (s === undefined) return undefined;
    parts.push(`${k}: ${s}`);
  }
  return `{${parts.join(', ')}}`;
}

function at(version: KubernetesVersion, from: KubernetesVersion): boolean {
  return versionIndex(version) >= versionIndex(from);
}
