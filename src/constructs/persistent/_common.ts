/**
 * Helpers shared by the persistent-storage constructs: the access-mode rules (from _modes.ts) and
 * object helpers (from _object.ts), the claim <-> pod volume registry the workloads read, and the lazy bridge to the
 * app's cdk8s-plus line.
 */
import { Construct, IConstruct } from 'constructs';
import { PodVolume } from '../pod/volume';
import type { PlusVolumeOptions } from './claim-interface';
import { AccessMode } from './modes';
import { choosePlusPackage, loadPlus } from './_plus';

/** The access-mode and volume-mode rules (src/persistent/_modes.ts). */
export { renderAccessModes, renderVolumeMode } from './_modes';

/** Names, namespaces and plain manifests of the objects (src/persistent/_object.ts). */
export {
  clusterScoped,
  nonEmpty,
  plainManifest,
  registerManifest,
  resolveName,
  resolveNamespace,
  sortMap,
} from './_object';

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
 * The claim as a Volume of the app's cdk8s-plus line (see _plus.ts for which). The module is
 * loaded here, on first use, so an app that never calls this does not pay its ~0.1 s import.
 * The same scope, options and line give the same Volume object; the line is part of the id, so
 * volumes of two lines in one scope do not collide.
 */
export function plusVolume(
  owner: Construct,
  claimName: string,
  scope: Construct | undefined,
  options: PlusVolumeOptions = {},
): any {
  const object = `PersistentVolumeClaim/${claimName}`;
  const name = choosePlusPackage(object, options.plusPackage);
  const k = loadPlus(object, name);
  const s = scope ?? owner;
  const volumeName = options.volumeName ?? `pvc-${claimName}`;
  const line = name.slice('cdk8s-'.length); // plus-34
  const id = `PlusVolume-${volumeName}${options.readOnly ? '-ro' : ''}-${line}`;
  if (s instanceof k.StatefulSet) keepStatefulSetVolumes(s);
  const existing = s.node.tryFindChild(id);
  if (existing) return existing;
  const claim = k.PersistentVolumeClaim.fromClaimName(s, `${id}-Claim`, claimName);
  return k.Volume.fromPersistentVolumeClaim(s, id, claim, { name: volumeName, readOnly: options.readOnly });
}

const keptVolumes = new WeakSet<object>();

/**
 * cdk8s-plus-32 from 2.5.0, -33 and -34 drop every pod volume of a StatefulSet that has no
 * volumeClaimTemplates (`StatefulSet._filterPodSpecVolumes` returns undefined; cdk8s-team/cdk8s
 * #2760 and #2858, fix proposed in cdk8s-team/cdk8s-plus #6750): the claim's volumeMount is
 * emitted without its volume, which the API server rejects. For a StatefulSet given as the
 * scope, this restores upstream's intended behaviour on that one object: without templates,
 * keep the pod spec's volumes. Lines without the method (27 ... 31) are left alone.
 */
function keepStatefulSetVolumes(sts: any): void {
  const filter = sts._filterPodSpecVolumes;
  if (typeof filter !== 'function' || keptVolumes.has(sts)) return;
  keptVolumes.add(sts);
  sts._filterPodSpecVolumes = function (this: any, podSpec: { volumes?: unknown[] }) {
    return this.volumeClaimTemplates ? filter.call(this, podSpec) : podSpec.volumes;
  };
}
