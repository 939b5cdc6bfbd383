/**
 * Safe readers over plain, untrusted manifests: every accessor tolerates null, wrong types
 * and missing fields, so the plan never throws on malformed input.
 */

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

/** Walks a dotted path of object keys; undefined as soon as a step is not an object. */
export function get(value: unknown, ...keys: string[]): unknown {
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
  if (r) for (const [k, v] of Object.entries(r)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Kinds this library reads that have no namespace. */
const CLUSTER_SCOPED = new Set(['PersistentVolume', 'StorageClass', 'Namespace', 'Node', 'CSIDriver', 'VolumeAttachment']);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

export function kindOf(m: unknown): string {
  return asString(get(m, 'kind')) ?? '<no kind>';
}

export function nameOf(m: unknown): string {
  return asString(get(m, 'metadata', 'name')) ?? '<no name>';
}

/** The namespace of a namespaced object: `default` when unset. */
export function namespaceOf(m: unknown): string {
  return asString(get(m, 'metadata', 'namespace')) || 'default';
}

/** `Kind/name` for cluster-scoped objects, `Kind/namespace/name` for namespaced ones. */
export function refOf(m: unknown): string {
  const kind = kindOf(m);
  return isClusterScoped(kind) ? `${kind}/${nameOf(m)}` : `${kind}/${namespaceOf(m)}/${nameOf(m)}`;
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

/** The pod spec of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob. */
export function podTemplateOf(m: unknown): PodTemplate | undefined {
  const kind = kindOf(m);
  const at = (path: string, replicas: number | undefined, perNode = false): PodTemplate | undefined => {
    const spec = asRecord(get(m, ...path.split('.')));
    return spec ? { spec, path, replicas, perNode } : undefined;
  };
  const replicas = (): number => {
    const r = get(m, 'spec', 'replicas');
    return typeof r === 'number' ? r : 1; // the API server defaults replicas to 1
  };
  switch (kind) {
    case 'Pod':
      return at('spec', 1);
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      return at('spec.template.spec', replicas());
    case 'DaemonSet':
      return at('spec.template.spec', undefined, true);
    case 'Job': {
      const p = get(m, 'spec', 'parallelism');
      return at('spec.template.spec', typeof p === 'number' ? p : 1);
    }
    case 'CronJob': {
      const p = get(m, 'spec', 'jobTemplate', 'spec', 'parallelism');
      return at('spec.jobTemplate.spec.template.spec', typeof p === 'number' ? p : 1);
    }
    default:
      return undefined;
  }
}
