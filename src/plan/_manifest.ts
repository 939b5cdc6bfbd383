/**
 * Safe readers over plain, untrusted manifests: every accessor tolerates null, wrong types
 * and missing fields, so the plan never throws on malformed input.
 */

import type { Finding, Severity } from './types';

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
const CLUSTER_SCOPED = new Set([
  'PersistentVolume',
  'StorageClass',
  'Namespace',
  'Node',
  'CSIDriver',
  'VolumeAttachment',
]);

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

/**
 * A short, safe rendering of any value for messages: strings quoted (long ones cut), numbers
 * as written, objects and lists only by shape. Never JSON.stringify untrusted objects: a cyclic
 * or 10 000-deep value would throw.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 100 ? value.slice(0, 97) + '...' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === undefined) return 'unset';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Why a manifest cannot be read at all (not an object, or no kind, apiVersion or metadata.name), or undefined. */
export function manifestProblem(m: unknown): string | undefined {
  return guard(() => {
    const r = asRecord(m);
    if (!r) return `is ${describe(m)}, not an object`;
    const missing: string[] = [];
    if (typeof r.kind !== 'string' || r.kind === '') missing.push('kind');
    if (typeof r.apiVersion !== 'string' || r.apiVersion === '') missing.push('apiVersion');
    const name = get(r, 'metadata', 'name');
    if (typeof name !== 'string' || name === '') missing.push('metadata.name');
    return missing.length ? `has no string ${missing.join(', ')}` : undefined;
  }, 'cannot be read (reading it throws)');
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
  readonly findings: Finding[] = [];
  constructor(readonly object: string) {}

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
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = [f.severity, f.rule, f.object, f.field ?? '', f.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
