/**
 * A claim whose volume a StorageClass provisions on demand.
 */
import { contextKubernetesVersion, selfCheck } from '../_self-check';
import { refOf } from '../../plan/_manifest';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { check, fail } from '../../_errors';
import { checkedLabels } from '../../_maps';
import { dnsSubdomainProblem } from '../../k8s/names';
import { storageSizeProblem } from '../../k8s/quantity';
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
import { ClaimBaseProps, ClaimSelector } from './claim';
import { ClaimMountOptions, IClaim, PlusVolumeOptions } from './claim-interface';
import { AccessMode } from './modes';
import { StorageClass } from './storage-class';
import { CloneSourceFacts } from '../snapshot/_claim-facts';
import { ClaimDataSource } from '../snapshot/data-source';
import { VolumeAttributesClass } from './volume-attributes-class';
import { ApiObject, JsonPatch } from 'cdk8s';

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
  /**
   * Start the volume with data: restore a snapshot (`ClaimDataSource.fromSnapshot`), clone a
   * claim (`ClaimDataSource.fromClaim`), or fill it by a volume populator. The class's CSI driver
   * does the copy; it is immutable once the claim exists.
   * @default - an empty volume
   */
  readonly dataSource?: ClaimDataSource;
  /**
   * The VolumeAttributesClass whose attributes (IOPS, throughput) the driver gives the volume, by
   * name. Set this or `volumeAttributesClass`, not both. Kept by the API server only where the
   * VolumeAttributesClass feature is on (by default from Kubernetes 1.34).
   * @default - none (the driver's defaults)
   * @see https://kubernetes.io/docs/concepts/storage/volume-attributes-classes/
   */
  readonly volumeAttributesClassName?: string;
  /**
   * The VolumeAttributesClass, when it is one of this app: its driver must be the provisioner of
   * `storageClass` (the CSI external-provisioner refuses the claim otherwise).
   * @default - none (the driver's defaults)
   */
  readonly volumeAttributesClass?: VolumeAttributesClass;
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
  /** The class, when it is a StorageClass of this app. */
  public readonly storageClass?: StorageClass;
  /** The volume mode emitted, or undefined for the default (Filesystem). */
  public readonly volumeMode?: string;
  /** The VolumeAttributesClass named, or undefined. */
  public readonly volumeAttributesClassName?: string;
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
    this.storageClass = props.storageClass;
    this.volumeMode = volumeMode;
    if (props.dataSource !== undefined && !(props.dataSource instanceof ClaimDataSource))
      fail(
        at,
        'spec.dataSource',
        'is not a ClaimDataSource; use ClaimDataSource.fromSnapshot(), fromClaim() or fromPopulator()',
      );
    const dataSource = props.dataSource?._render({
      at,
      field: 'spec.dataSource',
      namespace: this.namespace,
      storage: this.storage,
      volumeMode,
      provisioner: props.storageClass?.provisioner.name,
      storageClassName: this.storageClassName,
      object: refOf({
        kind: 'PersistentVolumeClaim',
        metadata: { name: this.claimName, namespace: this.namespace },
      }),
      claimName: this.claimName,
      version: contextKubernetesVersion(this),
      scope: this,
      ignoreChecks: props.ignoreChecks,
    });

    this.volumeAttributesClassName = VolumeAttributesClass._claimField(
      at,
      props.volumeAttributesClass,
      props.volumeAttributesClassName,
      props.storageClass?.provisioner.name,
    );

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
        dataSource: dataSource?.dataSource,
        dataSourceRef: dataSource?.dataSourceRef,
      },
    };
    this.apiObject = new k8s.KubePersistentVolumeClaim(this, 'Resource', resource);
    const vac = this.volumeAttributesClassName;
    if (vac !== undefined) addClaimAttributesClass(this.apiObject, '/spec', vac);
    registerManifest(this.apiObject, () => {
      const m = k8s.KubePersistentVolumeClaim.manifest(resource);
      return vac === undefined ? m : { ...m, spec: { ...m.spec, volumeAttributesClassName: vac } };
    });
    this.record = newClaimRecord(at, this.claimName, this.namespace, this.accessModes);
    addReadWriteOncePodValidation(this, this.record);
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    // allowCrossNamespace is the opt-in to the gated dataSourceRef.namespace: the plan's field-gated
    // warning is accepted with that reason.
    const implied: { [rule: string]: string } = dataSource?.dataSourceRef?.namespace
      ? {
          'field-gated':
            'ClaimDataSource allowCrossNamespace: the cluster runs CrossNamespaceVolumeDataSource',
          ...dataSource.implied,
        }
      : {};
    selfCheck(this, props.ignoreChecks, implied);
  }

  /** What a clone or snapshot of this claim is judged against (ClaimDataSource, VolumeSnapshot). @internal */
  public _cloneSourceFacts(): CloneSourceFacts {
    return {
      volumeMode: this.volumeMode,
      provisioner: this.storageClass?.provisioner.name,
      storageClassName: this.storageClassName,
    };
  }

  public toPodVolume(volumeName: string, options: ClaimMountOptions = {}): PodVolume {
    return claimPodVolume(this.record, volumeName, options?.readOnly);
  }

  public toPlusVolume(scope?: Construct, options?: PlusVolumeOptions): any {
    return plusVolume(this, this.claimName, scope, options);
  }
}

/**
 * Adds spec.volumeAttributesClassName at `specPath` to `obj`'s JSON: the L1 bindings of
 * imports/k8s.ts predate the field and drop it even from a JSON patch, so the patch is applied to
 * what they return (as for image volumes).
 */
function addClaimAttributesClass(obj: ApiObject, specPath: string, name: string): void {
  const toJson = obj.toJson.bind(obj);
  obj.toJson = () => JsonPatch.apply(toJson(), JsonPatch.add(`${specPath}/volumeAttributesClassName`, name));
}
