/**
 * What every claim of this library offers a workload (`IClaim`: StaticClaim, DynamicClaim), and
 * the options of mounting one. Apart from the claims themselves, so a volume can name the claim it
 * is reserved for without importing the claim constructs, which import the volume.
 */
import { Construct, IConstruct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import type { PodVolume } from '../pod/volume';
import { AccessMode } from './modes';

/** A PersistentVolumeClaim that pods can mount. */
export interface IClaim extends IConstruct {
  /** The claim's metadata.name. */
  readonly claimName: string;
  /** The claim's namespace; pods mounting it must be in the same one. */
  readonly namespace: string;
  /** The access modes the claim asks for. */
  readonly accessModes: AccessMode[];
  /** The PersistentVolumeClaim object (both claims of this library make a KubePersistentVolumeClaim). */
  readonly apiObject: k8s.KubePersistentVolumeClaim;
  /**
   * The claim as a pod volume, to mount with `Mount` in this library's workloads.
   * @param volumeName the volume's name in the pod spec (a DNS-1123 label)
   */
  toPodVolume(volumeName: string, options?: ClaimMountOptions): PodVolume;
  /**
   * The claim as a `Volume` of the app's cdk8s-plus package (cdk8s-plus-27 to -34), for
   * `kplus.Deployment` / `kplus.StatefulSet` containers: `options.plusPackage` if set, else the
   * line the app's package.json names, else the only one installed (`CdkPlus.packageName()`
   * tells which). The package is loaded on the first call only.
   *
   * Typed `any` on purpose: each cdk8s-plus line has its own, nominal `Volume` class, and this
   * library cannot name the app's one; `any` lets `container.mount('/data', claim.toPlusVolume())`
   * type-check against whichever line the app uses, with no cast.
   *
   * cdk8s-plus-32 (2.5 and later), -33 and -34 drop the pod volumes of a StatefulSet without
   * volumeClaimTemplates (cdk8s-team/cdk8s#2760); loading such a line here puts them back for
   * every StatefulSet of that line, whatever the scope.
   * @param scope where the Volume construct is made (default: the claim); one volume name in one
   * scope serves one claim (pass each workload as the scope to reuse a name)
   * @returns a `Volume` of the app's cdk8s-plus package
   */
  toPlusVolume(scope?: Construct, options?: PlusVolumeOptions): any;
}

/** How a pod mounts a claim. */
export interface ClaimMountOptions {
  /**
   * Mount the claim read-only in every container of the pod.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Options of a claim's cdk8s-plus volume. */
export interface PlusVolumeOptions {
  /**
   * The volume's name in the pod spec: a DNS-1123 label (lowercase letters, digits and '-', at
   * most 63), used for one claim per scope.
   * @default - `pvc-<claim name>`, as cdk8s-plus names it
   */
  readonly volumeName?: string;
  /**
   * The npm package of the cdk8s-plus line whose workloads mount the volume, e.g.
   * `cdk8s-plus-34`; resolved from the app's directory, so the Volume is of the very package the
   * app imports. A name rather than the module object, so every jsii language can set it.
   * @default - the line the app's package.json names among the installed ones, else the only
   * one installed; of several, the one the app has loaded; an error if that is not one
   */
  readonly plusPackage?: string;
  /**
   * Force read-only mounts.
   * @default false
   */
  readonly readOnly?: boolean;
}
