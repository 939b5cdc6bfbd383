/**
 * Helpers shared by the persistent-storage constructs: access-mode and namespace rules, the
 * claim <-> pod volume registry the workloads read, and the lazy cdk8s-plus-27 bridge.
 */
import { show } from '../plan/_show';
import type * as kplus from 'cdk8s-plus-27';
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { check, fail, oneOf } from '../_errors';
import { dnsLabelProblem, dnsSubdomainProblem } from '../plan/names';
import { PodVolume } from '../pod/volume';
import type { PlusVolumeOptions } from './claim';
import { AccessMode, VolumeMode } from './modes';

/** The access modes as wire strings, validated: at least one, known, no duplicates, ReadWriteOncePod alone. */
export function renderAccessModes(object: string, field: string, modes: AccessMode[] | undefined): string[] {
  const list = modes ?? [AccessMode.READ_WRITE_ONCE];
  if (!Array.isArray(list) || list.length === 0) {
    fail(object, field, `is ${show(list)}; give at least one access mode (usually ReadWriteOnce)`);
  }
  list.forEach((m, i) => oneOf(object, `${field}[${i}]`, m, Object.values(AccessMode)));
  const seen = new Set<string>();
  for (const m of list) {
    if (seen.has(m)) fail(object, field, `lists ${m} twice; give each access mode once`);
    seen.add(m);
  }
  if (list.includes(AccessMode.READ_WRITE_ONCE_POD) && list.length > 1) {
    fail(
      object,
      field,
      `is [${list.join(', ')}]; ReadWriteOncePod cannot be combined with other access modes (the API server rejects it)`,
    );
  }
  return [...list];
}

export function renderVolumeMode(
  object: string,
  field: string,
  mode: VolumeMode | undefined,
): string | undefined {
  if (mode === undefined) return undefined;
  oneOf(object, field, mode, Object.values(VolumeMode));
  return mode;
}

/**
 * The namespace a namespaced object of this library lives in: the prop, else the chart's,
 * else `default`. It is always emitted, so a claimRef, a pod and its claim cannot drift apart
 * when someone applies the YAML with `kubectl -n`.
 */
export function resolveNamespace(scope: Construct, object: string, namespace: string | undefined): string {
  const ns = namespace ?? Chart.of(scope).namespace ?? 'default';
  // A namespace name is a DNS-1123 label (no dots), as the plan and the API server check it.
  check(object, 'metadata.namespace', dnsLabelProblem(ns));
  return ns;
}

/** The object's name: the prop, else the construct id; a DNS-1123 subdomain, kept exactly. */
export function resolveName(kind: string, id: string, name: string | undefined): string {
  const n = name ?? id;
  check(`${kind}/${n}`, 'metadata.name', dnsSubdomainProblem(n));
  return n;
}

/** What the workloads need to know of a claim mounted through a PodVolume. */
export interface ClaimRecord {
  readonly object: string;
  readonly claimName: string;
  readonly namespace: string;
  readonly accessModes: readonly string[];
  /** Who mounts it: `Deployment/web (3 pods)`, for the ReadWriteOncePod check at synth. */
  readonly users: Array<{ readonly workload: string; readonly pods: number }>;
}

const byPodVolume = new WeakMap<PodVolume, ClaimRecord>();

/** A PodVolume for the claim, remembered so a workload can check namespace and access modes. */
export function claimPodVolume(
  record: ClaimRecord,
  volumeName: string,
  readOnly: boolean | undefined,
): PodVolume {
  const v = PodVolume.persistentVolumeClaim(volumeName, { claimName: record.claimName, readOnly });
  byPodVolume.set(v, record);
  return v;
}

export function claimOfPodVolume(v: PodVolume): ClaimRecord | undefined {
  return byPodVolume.get(v);
}

/** A new, empty record for a claim. */
export function newClaimRecord(
  object: string,
  claimName: string,
  namespace: string,
  modes: string[],
): ClaimRecord {
  return { object, claimName, namespace, accessModes: modes, users: [] };
}

/**
 * Synth-time check of a ReadWriteOncePod claim: it serves exactly one pod in the cluster, so
 * a second workload or a second replica stays Pending forever. Needs the whole app (a later
 * workload may mount the claim), so it runs as a construct validation.
 */
export function addReadWriteOncePodValidation(scope: IConstruct, record: ClaimRecord): void {
  // The modes are fixed at construction: other claims need no validation (nor its memory).
  if (!record.accessModes.includes(AccessMode.READ_WRITE_ONCE_POD)) return;
  scope.node.addValidation({
    validate: () => {
      const pods = record.users.reduce((n, u) => n + u.pods, 0);
      if (pods <= 1) return [];
      const who = record.users
        .map((u) => `${u.workload} (${u.pods} pod${u.pods === 1 ? '' : 's'})`)
        .join(', ');
      return [
        `${record.object}: spec.accessModes is [ReadWriteOncePod], but ${who} mount it; only one pod in the cluster can ever use it, the others stay Pending`,
      ];
    },
  });
}

/**
 * The claim as a cdk8s-plus-27 Volume. cdk8s-plus-27 is loaded here, on first use, so an app
 * that never calls this does not pay its ~0.1 s import. The same scope and options give the
 * same Volume object.
 */
export function plusVolume(
  owner: Construct,
  claimName: string,
  scope: Construct | undefined,
  options: PlusVolumeOptions = {},
): kplus.Volume {
  const k: typeof import('cdk8s-plus-27') = require('cdk8s-plus-27');
  const s = scope ?? owner;
  const volumeName = options.volumeName ?? `pvc-${claimName}`;
  const id = `PlusVolume-${volumeName}${options.readOnly ? '-ro' : ''}`;
  const existing = s.node.tryFindChild(id);
  if (existing) return existing as kplus.Volume;
  const claim = k.PersistentVolumeClaim.fromClaimName(s, `${id}-Claim`, claimName);
  return k.Volume.fromPersistentVolumeClaim(s, id, claim, { name: volumeName, readOnly: options.readOnly });
}

/** A copy of a string map with its keys sorted, so the output is the same whatever the insertion order. */
export function sortMap(map: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const k of Object.keys(map).sort()) out[k] = map[k];
  return out;
}

/** The map, or undefined when it is empty (so no empty `annotations: {}` is emitted). */
export function nonEmpty(map: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(map).length ? map : undefined;
}

/**
 * cdk8s stamps the chart's namespace on every object; a cluster-scoped one (PersistentVolume,
 * StorageClass) must not carry one, so it is patched out.
 */
export function clusterScoped(obj: ApiObject): void {
  if (Chart.of(obj).namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}

/**
 * The plain manifest of an object of this library, from its props, without cdk8s's resolve:
 * the construction-time checks (a claim reserving a volume) read it, and resolving every
 * volume and claim once more cost 10 % of a synth. Falls back to toJson() for other objects.
 */
const manifests = new WeakMap<ApiObject, () => unknown>();

export function registerManifest(obj: ApiObject, manifest: () => unknown): void {
  manifests.set(obj, manifest);
}

export function plainManifest(obj: ApiObject): unknown {
  const manifest = manifests.get(obj);
  return manifest ? manifest() : obj.toJson();
}
