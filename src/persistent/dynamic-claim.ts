/**
 * A claim whose volume a StorageClass provisions on demand.
 */
import type * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { check, fail } from '../_errors';
import { checkedLabels } from '../_maps';
import { dnsSubdomainProblem } from '../plan/names';
import { storageSizeProblem } from '../plan/quantity';
import { PodVolume } from '../pod/volume';
import {
  addReadWriteOncePodValidation,
  ClaimRecord,
  claimPodVolume,
  newClaimRecord,
  nonEmpty,
  plusVolume,
  renderAccessModes,
  renderVolumeMode,
  resolveName,
  resolveNamespace,
  registerManifest,
} from './_common';
import { protectionAnnotations } from './_protection';
import { ClaimBaseProps, ClaimMountOptions, ClaimSelector, IClaim, PlusVolumeOptions } from './claim';
import { AccessMode } from './modes';
import { StorageClass } from './storage-class';

/** Props of {@link DynamicClaim}. */
export interface DynamicClaimProps extends ClaimBaseProps {
  /**
   * The class that provisions the volume. Set this or `storageClassName`, not both. A
   * `Provisioner.local()` class provisions nothing: the claim binds an existing local volume
   * of that class, on the node its pod is scheduled to.
   * @default - the cluster's default class (no storageClassName emitted)
   */
  readonly storageClass?: StorageClass;
  /**
   * The class, by name, for a class made outside this app (`standard-rwo`, `gp3`). `""` is
   * refused: that asks for a class-less volume made ahead of time; use `StaticClaim`.
   * @default - the cluster's default class (no storageClassName emitted)
   * @see https://kubernetes.io/docs/concepts/storage/dynamic-provisioning/#defaulting-behavior
   */
  readonly storageClassName?: string;
  /**
   * Not supported, and an error when set: a claim with a selector is never provisioned
   * dynamically, so it would stay Pending. Present so that a selector carried over from a
   * static claim fails with that explanation instead of being dropped in silence.
   * @default - none
   */
  readonly selector?: ClaimSelector;
}

/**
 * A claim provisioned on demand by a StorageClass (dynamic provisioning).
 * @see https://kubernetes.io/docs/concepts/storage/dynamic-provisioning/
 */
export class DynamicClaim extends Construct implements IClaim {
  public readonly claimName: string;
  public readonly namespace: string;
  public readonly accessModes: AccessMode[];
  /** The request, exactly as given. */
  public readonly storage: string;
  /** The class named, or undefined for the cluster's default class. */
  public readonly storageClassName?: string;
  /** The PersistentVolumeClaim this construct made. */
  public readonly apiObject: k8s.KubePersistentVolumeClaim;
  private readonly record: ClaimRecord;

  constructor(scope: Construct, id: string, props: DynamicClaimProps) {
    super(scope, id);
    props = props ?? ({} as DynamicClaimProps); // from JavaScript: no props fails on the first required field
    this.claimName = resolveName('PersistentVolumeClaim', id, props?.name);
    const at = `PersistentVolumeClaim/${this.claimName}`;
    this.namespace = resolveNamespace(this, at, props.namespace);
    if (props.selector !== undefined) {
      fail(
        at,
        'spec.selector',
        'is set, but a claim with a selector is never provisioned dynamically (it would stay Pending); use StaticClaim to select volumes made ahead of time',
      );
    }
    check(at, 'spec.resources.requests.storage', storageSizeProblem(props.storage));
    this.storage = props.storage;
    this.accessModes = renderAccessModes(at, 'spec.accessModes', props.accessModes) as AccessMode[];
    const volumeMode = renderVolumeMode(at, 'spec.volumeMode', props.volumeMode);
    if (props.storageClass !== undefined && props.storageClassName !== undefined) {
      fail(at, 'spec.storageClassName', 'is set twice (storageClass and storageClassName); set one');
    }
    if (props.storageClass !== undefined && !(props.storageClass instanceof StorageClass)) {
      fail(
        at,
        'spec.storageClassName',
        'has a storageClass that is not a StorageClass; pass the object, or its name as storageClassName',
      );
    }
    if (props.storageClassName === '') {
      fail(
        at,
        'spec.storageClassName',
        'is "", which asks for a class-less volume made ahead of time and is never provisioned; use StaticClaim, or name a class',
      );
    }
    this.storageClassName = props.storageClass?.name ?? props.storageClassName;
    if (this.storageClassName !== undefined)
      check(at, 'spec.storageClassName', dnsSubdomainProblem(this.storageClassName));
    const classProblem = props.storageClass?._claimProblem(this.accessModes, volumeMode);
    if (classProblem) fail(at, 'spec.accessModes', classProblem);

    const resource: k8s.KubePersistentVolumeClaimProps = {
      metadata: {
        name: this.claimName,
        namespace: this.namespace,
        labels: checkedLabels(at, 'metadata.labels', props.labels),
        annotations: nonEmpty(protectionAnnotations(props.pruneProtection)),
      },
      spec: {
        accessModes: [...this.accessModes],
        resources: { requests: { storage: k8s.Quantity.fromString(this.storage) } },
        storageClassName: this.storageClassName,
        volumeMode,
      },
    };
    this.apiObject = new k8s.KubePersistentVolumeClaim(this, 'Resource', resource);
    registerManifest(this.apiObject, () => k8s.KubePersistentVolumeClaim.manifest(resource));
    this.record = newClaimRecord(at, this.claimName, this.namespace, this.accessModes);
    addReadWriteOncePodValidation(this, this.record);
  }

  public toPodVolume(volumeName: string, options: ClaimMountOptions = {}): PodVolume {
    return claimPodVolume(this.record, volumeName, options?.readOnly);
  }

  public toPlusVolume(scope?: Construct, options?: PlusVolumeOptions): kplus.Volume {
    return plusVolume(this, this.claimName, scope, options);
  }
}
