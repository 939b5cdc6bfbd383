/**
 * Helpers shared by the persistent-storage constructs: the access-mode rules (from _modes.ts) and
 * object helpers (from _object.ts), the claim <-> pod volume registry the workloads read, and the lazy bridge to the
 * app's cdk8s-plus line.
 */
import { Construct, IConstruct } from 'constructs';
import { PodVolume } from '../pod/volume';
import type { PlusVolumeOptions } from './claim-interface';
import { AccessMode } from './modes';
import { check, fail } from '../../_errors';
import { dnsLabelProblem } from '../../k8s/names';
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
 * The same scope, claim, options and line give the same Volume object; the claim and the line are
 * part of the id, so volumes of two claims, or of two lines, in one scope do not collide. One
 * volumeName in one scope for two claims is refused: a pod mounting both would get one of them.
 */
export function plusVolume(
  owner: Construct,
  claimName: string,
  scope: Construct | undefined,
  options: PlusVolumeOptions = {},
): any {
  const object = `PersistentVolumeClaim/${claimName}`;
  options = options ?? {};
  const volumeName = options.volumeName ?? `pvc-${claimName}`;
  if (options.volumeName !== undefined) {
    check(object, VOLUME_NAME, dnsLabelProblem(options.volumeName));
  } else {
    const problem = dnsLabelProblem(volumeName);
    if (problem) fail(object, VOLUME_NAME, `is unset, and its default ${problem}; set options.volumeName`);
  }
  const name = choosePlusPackage(object, options.plusPackage);
  const k = loadPlus(object, name);
  const s = scope ?? owner;
  const claimOf = plusVolumeNames.get(s) ?? new Map<string, string>();
  plusVolumeNames.set(s, claimOf);
  const taken = claimOf.get(volumeName);
  if (taken !== undefined && taken !== claimName) {
    fail(
      object,
      VOLUME_NAME,
      `is "${volumeName}", which this scope (${s.node.path || 'the app'}) already uses for claim ${taken}; a pod's volume names are unique, so give each claim its own volumeName, or pass each workload as the scope`,
    );
  }
  claimOf.set(volumeName, claimName);
  const line = name.slice('cdk8s-'.length); // plus-34
  const id = `PlusVolume-${claimName}-${volumeName}${options.readOnly ? '-ro' : ''}-${line}`;
  const existing = s.node.tryFindChild(id);
  if (existing) return existing;
  const claim = k.PersistentVolumeClaim.fromClaimName(s, `${id}-Claim`, claimName);
  return k.Volume.fromPersistentVolumeClaim(s, id, claim, { name: volumeName, readOnly: options.readOnly });
}

const VOLUME_NAME = 'toPlusVolume options.volumeName';

/** The claim each volume name of a scope is for, across toPlusVolume calls. */
const plusVolumeNames = new WeakMap<IConstruct, Map<string, string>>();
