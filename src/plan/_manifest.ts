/**
 * Safe readers over plain, untrusted manifests: every accessor tolerates null, wrong types
 * and missing fields, so the plan never throws on malformed input.
 */

import { gateEnabledByDefault } from '../k8s/feature-gates';
import type { KubernetesVersion } from '../k8s/versions';
import type { Finding, Severity } from './types';
import { describe } from '../_show';

export { describe } from '../_show';

export type Json = Record<string, unknown>;

/** The value as a plain object, or undefined. */
export function asRecord(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The value as an array, or an empty one. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value if it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Walks a path of object keys; undefined as soon as a step is not an object. Fixed arity, not a
 * rest parameter: it runs millions of times over 100 000 manifests, and a rest array per call is
 * a measurable share of the plan's allocations.
 */
export function get(value: unknown, k1: string, k2?: string, k3?: string, k4?: string, k5?: string): unknown {
  let cur = step(value, k1);
  if (k2 === undefined) return cur;
  cur = step(cur, k2);
  if (k3 === undefined) return cur;
  cur = step(cur, k3);
  if (k4 === undefined) return cur;
  cur = step(cur, k4);
  return k5 === undefined ? cur : step(cur, k5);
}

function step(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)[key]
    : undefined;
}

/** {@link get} for a path held in a list. */
export function getPath(value: unknown, keys: readonly string[]): unknown {
  let cur = value;
  for (const k of keys) {
    const r = asRecord(cur);
    if (!r) return undefined;
    cur = r[k];
  }
  return cur;
}

/** A string-to-string map (labels, annotations); non-string values are dropped. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const r = asRecord(value);
  if (r) {
    // Object.keys then a read per key is what Object.entries does, without a pair array per entry.
    for (const k of Object.keys(r)) {
      const v = r[k];
      if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}

/**
 * The built-in kinds (and the snapshot CRDs' kinds) that have no namespace: their findings name them
 * `Kind/name`. From the API's resource lists (`kubectl api-resources --namespaced=false`).
 */
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'DeviceClass',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceSlice',
  'RuntimeClass',
  'ServiceCIDR',
  'StorageClass',
  'StorageVersionMigration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
  'VolumeGroupSnapshotClass',
  'VolumeGroupSnapshotContent',
  'VolumeSnapshotClass',
  'VolumeSnapshotContent',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

export function kindOf(m: unknown): string {
  return asString(get(m, 'kind')) ?? '<no kind>';
}

export function nameOf(m: unknown): string {
  return metadataName(get(m, 'metadata'));
}

/** {@link nameOf}, given the object's metadata. */
export function metadataName(metadata: unknown): string {
  return objectName(metadata) ?? '<no name>';
}

/**
 * The object's name: metadata.name, or for an object created with only metadata.generateName the
 * prefix followed by `*`, standing for the random suffix the API server appends
 * (ObjectMeta.GenerateName; apiserver's rest.BeforeCreate calls names.SimpleNameGenerator).
 * Undefined when it has neither.
 */
export function objectName(metadata: unknown): string | undefined {
  const name = get(metadata, 'name');
  if (typeof name === 'string' && name !== '') return name;
  const prefix = get(metadata, 'generateName');
  return typeof prefix === 'string' && prefix !== '' ? `${prefix}*` : undefined;
}

/** The namespace of a namespaced object: `default` when unset. */
export function namespaceOf(m: unknown): string {
  return metadataNamespace(get(m, 'metadata'));
}

/** {@link namespaceOf}, given the object's metadata. */
export function metadataNamespace(metadata: unknown): string {
  return asString(get(metadata, 'namespace')) || 'default';
}

/** `Kind/name` for cluster-scoped objects, `Kind/namespace/name` for namespaced ones. */
export function refOf(m: unknown): string {
  const kind = kindOf(m);
  return refFor(kind, isClusterScoped(kind) ? '' : namespaceOf(m), nameOf(m));
}

/** {@link refOf} from the parts already read (the namespace is ignored for cluster-scoped kinds). */
function refFor(kind: string, namespace: string, name: string): string {
  return isClusterScoped(kind) ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/** A workload's pod spec, where it sits, and how many pods may run it at once. */
export interface PodTemplate {
  readonly spec: Json;
  /** Field path of the pod spec, e.g. `spec.template.spec`. */
  readonly path: string;
  /** Replicas (Deployment, StatefulSet, ReplicaSet); `undefined` means one per node (DaemonSet) or unknown. */
  readonly replicas: number | undefined;
  /** True for a DaemonSet: one pod on every matching node. */
  readonly perNode: boolean;
}

/**
 * True if the object carries the annotations that stop Argo CD (`argocd.argoproj.io/sync-options:
 * Prune=false`) or Flux (`kustomize.toolkit.fluxcd.io/prune: disabled`) from deleting it when it
 * leaves the repository. The one reading of them: warnings, the change plan and the constructs agree.
 */
export function pruneProtected(m: unknown): boolean {
  const annotations = get(m, 'metadata', 'annotations');
  if (!asRecord(annotations)) return false; // most objects have none: no copy to make
  const a = stringMap(annotations);
  const argo = (a['argocd.argoproj.io/sync-options'] ?? '').split(',').map((s) => s.trim());
  return argo.includes('Prune=false') || a['kustomize.toolkit.fluxcd.io/prune'] === 'disabled';
}

/**
 * True if the object carries `helm.sh/resource-policy: keep`. Helm never deletes such an object: not
 * when a `helm upgrade` or rollback drops it from the chart (pkg/kube/client.go Update skips it), not
 * on `helm uninstall` (pkg/action/resource_policy.go filterManifestsToKeep; the value is compared
 * trimmed and lower-cased); Flux's helm-controller runs Helm, so it keeps it too. It is no prune
 * protection for Argo CD (it reads it as `Delete=false`, which applies only when the Application
 * is deleted: argoproj/argo-cd#13157, and #17819 where such objects are pruned), nor for Flux's
 * kustomize-controller or `kubectl apply --prune`: so it is not {@link pruneProtected}.
 */
export function helmKeep(m: unknown): boolean {
  const policy = get(m, 'metadata', 'annotations', 'helm.sh/resource-policy');
  return typeof policy === 'string' && policy.trim().toLowerCase() === 'keep';
}

/**
 * The claim the StatefulSet controller makes for claim template `template` of StatefulSet `set` at
 * `ordinal` (pkg/controller/statefulset/stateful_set_utils.go getPersistentVolumeClaimName:
 * `fmt.Sprintf("%s-%s-%d", claim.Name, set.Name, ordinal)`). The one place that spells these names:
 * binding, admission, warnings and the change plan agree.
 */
export function statefulSetClaimName(template: string, set: string, ordinal: number): string {
  return `${template}-${set}-${ordinal}`;
}

/**
 * A StatefulSet's first ordinal (stateful_set_utils.go getStartOrdinal): spec.ordinals.start when
 * the API server keeps the field, else 0. StatefulSetStartOrdinal (alpha 1.26, beta and on by
 * default 1.27, GA 1.31, gate removed 1.34) decides it: with the gate off,
 * dropStatefulSetDisabledFields clears spec.ordinals (src/k8s/feature-gates.ts). A value that is
 * not a whole number >= 0 counts as 0: validation reports it.
 */
export function statefulSetStartOrdinal(m: unknown, version: KubernetesVersion): number {
  if (gateEnabledByDefault('StatefulSetStartOrdinal', version) === false) return 0;
  const s = get(m, 'spec', 'ordinals', 'start');
  return typeof s === 'number' && Number.isSafeInteger(s) && s >= 0 ? s : 0;
}

/** The pod spec of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or CronJob. */
export function podTemplateOf(m: unknown): PodTemplate | undefined {
  return podTemplateOfKind(m, kindOf(m));
}

/** {@link podTemplateOf} when the kind is already known (the pre-pass reads it once). */
export function podTemplateOfKind(m: unknown, kind: string): PodTemplate | undefined {
  // Replicas are read before the spec, as they always were: with a throwing getter, the same read throws first.
  switch (kind) {
    case 'Pod':
      return podTemplate(get(m, 'spec'), 'spec', 1, false);
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'ReplicationController': {
      const r = get(m, 'spec', 'replicas');
      const replicas = typeof r === 'number' ? r : 1; // the API server defaults replicas to 1
      return podTemplate(get(m, 'spec', 'template', 'spec'), 'spec.template.spec', replicas, false);
    }
    case 'DaemonSet':
      return podTemplate(get(m, 'spec', 'template', 'spec'), 'spec.template.spec', undefined, true);
    case 'Job': {
      const p = get(m, 'spec', 'parallelism');
      return podTemplate(
        get(m, 'spec', 'template', 'spec'),
        'spec.template.spec',
        typeof p === 'number' ? p : 1,
        false,
      );
    }
    case 'CronJob': {
      const p = get(m, 'spec', 'jobTemplate', 'spec', 'parallelism');
      const spec = get(m, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
      return podTemplate(spec, 'spec.jobTemplate.spec.template.spec', typeof p === 'number' ? p : 1, false);
    }
    default:
      return undefined;
  }
}

function podTemplate(
  value: unknown,
  path: string,
  replicas: number | undefined,
  perNode: boolean,
): PodTemplate | undefined {
  const spec = asRecord(value);
  return spec ? { spec, path, replicas, perNode } : undefined;
}

/** Why a manifest cannot be read at all (not an object, or no kind, apiVersion or metadata.name), or undefined. */
export function manifestProblem(m: unknown): string | undefined {
  try {
    const r = asRecord(m);
    if (!r) return `is ${describe(m)}, not an object`;
    const kind = r.kind;
    const apiVersion = r.apiVersion;
    const name = objectName(get(r, 'metadata'));
    // The common case first, without building the list of what is missing.
    if (typeof kind === 'string' && kind !== '' && typeof apiVersion === 'string' && apiVersion !== '') {
      if (name !== undefined) return undefined;
    }
    const missing: string[] = [];
    if (typeof kind !== 'string' || kind === '') missing.push('kind');
    if (typeof apiVersion !== 'string' || apiVersion === '') missing.push('apiVersion');
    if (name === undefined) missing.push('metadata.name (or metadata.generateName)');
    return `has no string ${missing.join(', ')}`;
  } catch {
    return 'cannot be read (reading it throws)';
  }
}

/**
 * Runs `read`, or returns `fallback` if it throws. The accessors above never throw on JSON, but
 * objects handed in by code can (a Proxy, a getter): the plan must not crash on them.
 */
export function guard<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** One container of a pod spec, with where it sits. */
export interface ContainerRef {
  /** The container object (empty if the entry is not an object). */
  readonly container: Json;
  /** Which list: `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: 'containers' | 'initContainers' | 'ephemeralContainers';
  readonly index: number;
  /** Path relative to the pod spec, e.g. `containers[0]`. */
  readonly at: string;
  /** The container name, or `#<index>` when it has none. */
  readonly name: string;
}

/** Every container, init container and ephemeral container of a pod spec, in that order. */
export function containersOf(podSpec: unknown): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    asArray(get(podSpec, list)).forEach((c, index) => {
      const container = asRecord(c) ?? {};
      out.push({
        container,
        list,
        index,
        at: `${list}[${index}]`,
        name: asString(container.name) || `#${index}`,
      });
    });
  }
  return out;
}

/** Where the pod template's metadata sits, given its spec path (`spec.template.spec` -> `spec.template.metadata`). */
export function podMetadataPath(specPath: string): string {
  return specPath.replace(/spec$/, 'metadata');
}

/** The namespace/name key of a namespaced object, for maps. */
export function nsKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Collects the findings of one object: every rule reports through it, so `object` is set in one place. */
export class FindingSink {
  // Assigned in the constructor, not declared as class fields: transpilers that define class
  // fields with a helper call make that per object, and the plan makes one sink per manifest.
  declare readonly object: string;
  declare readonly findings: Finding[];

  /** `into`: the list to append to (a module's own, saving a copy per object); a new one if unset. */
  constructor(object: string, into?: Finding[]) {
    this.object = object;
    this.findings = into ?? [];
  }

  add(severity: Severity, rule: string, field: string | undefined, message: string): void {
    this.findings.push(
      field === undefined
        ? { severity, rule, object: this.object, message }
        : { severity, rule, object: this.object, field, message },
    );
  }
  error(rule: string, field: string | undefined, message: string): void {
    this.add('error', rule, field, message);
  }
  warning(rule: string, field: string | undefined, message: string): void {
    this.add('warning', rule, field, message);
  }
  info(rule: string, field: string | undefined, message: string): void {
    this.add('info', rule, field, message);
  }
}

/** Drops findings identical in every field, keeping the first: each problem is reported once. */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  // Duplicates can only share an object, and most objects have one or two findings: compare within
  // the object's own, and build the joined key (a string per finding) only for objects with many.
  const byObject = new Map<string, Finding | Finding[] | Set<string>>();
  const out: Finding[] = [];
  for (const f of findings) {
    const same = byObject.get(f.object);
    if (same === undefined) {
      byObject.set(f.object, f);
    } else if (same instanceof Set) {
      const key = findingKey(f);
      if (same.has(key)) continue;
      same.add(key);
    } else if (!Array.isArray(same)) {
      if (sameFinding(f, same)) continue;
      byObject.set(f.object, [same, f]);
    } else {
      if (same.some((g) => sameFinding(f, g))) continue;
      if (same.length < DEDUPE_SCAN) same.push(f);
      else byObject.set(f.object, new Set([...same, f].map(findingKey)));
    }
    out.push(f);
  }
  return out;
}

/** Above this many findings on one object, dedupeFindings looks them up by key rather than comparing each. */
const DEDUPE_SCAN = 16;

function sameFinding(a: Finding, b: Finding): boolean {
  return (
    a.message === b.message &&
    a.rule === b.rule &&
    a.severity === b.severity &&
    (a.field ?? '') === (b.field ?? '')
  );
}

function findingKey(f: Finding): string {
  return [f.severity, f.rule, f.object, f.field ?? '', f.message].join('\u0000');
}

// ---------------------------------------------------------------------------------------------
// The pre-pass: what every module reads first of every manifest, read once.

/** One manifest as {@link indexManifests} read it. */
export interface ManifestEntry {
  /** The manifest as given. */
  readonly manifest: unknown;
  /** Its position in the list. */
  readonly position: number;
  /** {@link manifestProblem}: why it cannot be read at all, or undefined. */
  readonly problem: string | undefined;
  /**
   * Reading the fields below threw (a getter or a Proxy handed in by code): they are then empty,
   * and each module reads this manifest itself, under its own guard, as it would without the index.
   */
  readonly unread: boolean;
  /** {@link kindOf}. */
  readonly kind: string;
  /** metadata.name if it is a string (unlike {@link nameOf}, no placeholder). */
  readonly name: string | undefined;
  /** {@link namespaceOf}. */
  readonly namespace: string;
  /** {@link refOf}. */
  readonly ref: string;
  /** {@link podTemplateOf}. */
  readonly template: PodTemplate | undefined;
}

/**
 * The manifests read once for all modules (planStorage's pre-pass): each module used to re-read
 * every manifest's kind, reference, namespace and pod template, and to walk the whole list to find
 * the few kinds it cares about. Lists by kind keep the manifests' order; an unread entry is in
 * every one of them, so a module meets it where it would have, and reads it itself.
 */
export interface ManifestIndex {
  readonly manifests: readonly unknown[];
  readonly entries: readonly ManifestEntry[];
  readonly volumes: readonly ManifestEntry[];
  readonly claims: readonly ManifestEntry[];
  readonly classes: readonly ManifestEntry[];
  /** Entries with a pod template (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob). */
  readonly workloads: readonly ManifestEntry[];
  /** PersistentVolumeClaims and StatefulSets, in the manifests' order: where claims come from. */
  readonly claimSources: readonly ManifestEntry[];
}

/** Reads every manifest once. Never throws. */
export function indexManifests(manifests: readonly unknown[]): ManifestIndex {
  const list = Array.isArray(manifests) ? manifests : [];
  const index = {
    manifests: list,
    entries: [] as ManifestEntry[],
    volumes: [] as ManifestEntry[],
    claims: [] as ManifestEntry[],
    classes: [] as ManifestEntry[],
    workloads: [] as ManifestEntry[],
    claimSources: [] as ManifestEntry[],
  };
  for (let position = 0; position < list.length; position++) {
    const e = readEntry(list[position], position);
    index.entries.push(e);
    if (e.unread) {
      index.volumes.push(e);
      index.claims.push(e);
      index.classes.push(e);
      index.workloads.push(e);
      index.claimSources.push(e);
      continue;
    }
    switch (e.kind) {
      case 'PersistentVolume':
        index.volumes.push(e);
        break;
      case 'PersistentVolumeClaim':
        index.claims.push(e);
        index.claimSources.push(e);
        break;
      case 'StorageClass':
        index.classes.push(e);
        break;
      case 'StatefulSet':
        index.claimSources.push(e);
        break;
    }
    if (e.template) index.workloads.push(e);
  }
  return index;
}

function readEntry(manifest: unknown, position: number): ManifestEntry {
  const problem = manifestProblem(manifest);
  try {
    const kind = kindOf(manifest);
    const metadata = get(manifest, 'metadata');
    const name = objectName(metadata);
    const namespace = metadataNamespace(metadata);
    const ref = refFor(kind, namespace, name ?? '<no name>');
    const template = podTemplateOfKind(manifest, kind);
    return { manifest, position, problem, unread: false, kind, name, namespace, ref, template };
  } catch {
    return {
      manifest,
      position,
      problem,
      unread: true,
      kind: '',
      name: undefined,
      namespace: '',
      ref: '',
      template: undefined,
    };
  }
}
