/**
 * Claims: a namespace's request for storage that outlives its pods. `StaticClaim` binds, on purpose, to volumes made ahead of time.
 */
import { contextKubernetesVersion, selfCheck, SelfCheckProps } from '../_self-check';
import { show } from '../../_show';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { check, fail, oneOf } from '../../_errors';
import { checkedLabels, checkedMap } from '../../_maps';
import { selectorProblem } from '../../plan/match';
import { volumeDriver } from '../../plan/snapshot';
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
  plainManifest,
  resolveNamespace,
  registerManifest,
} from './_common';
import { protectionAnnotations } from './_protection';
import { AccessMode, SelectorOperator, VolumeMode } from './modes';
import { ClaimMountOptions, IClaim, PlusVolumeOptions } from './claim-interface';
import { StaticPersistentVolume } from './persistent-volume';
import type { StorageClass } from './storage-class';
import type { CloneSourceFacts } from '../snapshot/_claim-facts';

/** What every claim of this library takes: {@link StaticClaimProps} and {@link DynamicClaimProps}. */
export interface ClaimBaseProps extends SelfCheckProps {
  /**
   * metadata.name, kept exactly: pods name it.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The namespace; always emitted, since a reserved volume's claimRef must carry it.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * The size requested, as an exact Kubernetes quantity kept as written (`10Gi`, `500M`). A
   * volume made ahead of time binds only if its capacity is at least this (`1Gi` does not fit a
   * `1G` volume); a provisioned volume is made this size.
   */
  readonly storage: string;
  /**
   * The access modes asked for: a volume made ahead of time binds only if it offers all of them,
   * and a provisioner must support them.
   * @default [AccessMode.READ_WRITE_ONCE]
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
   */
  readonly accessModes?: AccessMode[];
  /**
   * Filesystem or raw block device: a volume made ahead of time binds only if its volume mode is
   * the same, and a provisioner must support it.
   * @default - Filesystem (the API server's default; not emitted)
   */
  readonly volumeMode?: VolumeMode;
  /**
   * The claim's labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotate the claim so Argo CD (`Prune=false,Delete=false`) and Flux (`prune: disabled`)
   * never delete it when it leaves the repository or its Application is deleted: deleting a
   * claim releases its volume, and with a Delete reclaim policy deletes the data.
   * @default true
   */
  readonly pruneProtection?: boolean;
}

/** Props of {@link StaticClaim}. */
export interface StaticClaimProps extends ClaimBaseProps {
  /**
   * The class of the volumes to bind: only volumes of this class qualify. Set this or
   * `storageClassName`, not both.
   * @default - no class (`storageClassName: ""`)
   */
  readonly storageClass?: StorageClass;
  /**
   * The class, by name. The default, `""`, is emitted explicitly: it asks for volumes without
   * a class, whereas an unset class would get the cluster's default StorageClass at admission
   * and a dynamically provisioned volume instead of the one made for this claim.
   * @default ""
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1
   */
  readonly storageClassName?: string;
  /**
   * Reserve this volume: sets the claim's `spec.volumeName` and the volume's `spec.claimRef`
   * {name, namespace}, so neither binds anything else. Fails at construction if the volume
   * cannot take the claim (size, access modes, class, volume mode, selector).
   * @default - no reservation
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reserving-a-persistentvolume
   */
  readonly volume?: StaticPersistentVolume;
  /**
   * Bind only to volumes with these labels. With `volume` also set, the volume must match it.
   * With neither `volume` nor `selector`, the claim binds to any volume of its class that fits
   * (for the default class "", any class-less volume): allowed, but name the volume to be sure.
   * @default - no selector
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#selector
   */
  readonly selector?: ClaimSelector;
}

/**
 * A claim for a volume made ahead of time (static provisioning): class `""` by default, and
 * bound on purpose, to a given volume (`volume`) or to volumes with given labels (`selector`).
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#binding
 */
export class StaticClaim extends Construct implements IClaim {
  public readonly claimName: string;
  public readonly namespace: string;
  public readonly accessModes: AccessMode[];
  /** The request, exactly as given. */
  public readonly storage: string;
  /** The class asked for; `""` for class-less volumes. */
  public readonly storageClassName: string;
  /** The PersistentVolumeClaim this construct made. */
  public readonly apiObject: k8s.KubePersistentVolumeClaim;
  private readonly record: ClaimRecord;
  private readonly volumeMode?: string;
  private readonly volume?: StaticPersistentVolume;

  constructor(scope: Construct, id: string, props: StaticClaimProps) {
    super(scope, id);
    props = props ?? ({} as StaticClaimProps); // from JavaScript: no props fails on the first required field
    this.claimName = resolveName('PersistentVolumeClaim', id, props?.name);
    const at = `PersistentVolumeClaim/${this.claimName}`;
    this.namespace = resolveNamespace(this, at, props.namespace);
    check(at, 'spec.resources.requests.storage', storageSizeProblem(props.storage));
    this.storage = props.storage;
    this.accessModes = renderAccessModes(at, 'spec.accessModes', props.accessModes) as AccessMode[];
    const volumeMode = renderVolumeMode(at, 'spec.volumeMode', props.volumeMode);
    this.volumeMode = volumeMode;
    if (props.storageClass && props.storageClassName !== undefined) {
      fail(at, 'spec.storageClassName', 'is set twice (storageClass and storageClassName); set one');
    }
    this.storageClassName = props.storageClass?.name ?? props.storageClassName ?? '';
    if (typeof this.storageClassName !== 'string') {
      fail(
        at,
        'spec.storageClassName',
        `is ${show(this.storageClassName)}; expected a class name, or "" for no class`,
      );
    }
    if (this.storageClassName !== '')
      check(at, 'spec.storageClassName', dnsSubdomainProblem(this.storageClassName));
    const selector = props.selector === undefined ? undefined : renderSelector(at, props.selector);
    const volume = props.volume;
    if (volume !== undefined && !(volume instanceof StaticPersistentVolume)) {
      fail(at, 'spec.volumeName', 'is not a StaticPersistentVolume; pass the volume object to reserve');
    }

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
        selector,
        volumeName: volume?.name,
      },
    };
    this.apiObject = new k8s.KubePersistentVolumeClaim(this, 'Resource', resource);
    registerManifest(this.apiObject, () => k8s.KubePersistentVolumeClaim.manifest(resource));

    if (volume) {
      const problems = volume._reserve(this);
      if (problems.length) {
        fail(
          at,
          'spec.volumeName',
          `is "${volume.name}", but PersistentVolume/${volume.name} cannot bind this claim: ${problems.join('; ')}`,
        );
      }
      this.volume = volume;
    }
    this.record = newClaimRecord(at, this.claimName, this.namespace, this.accessModes);
    addReadWriteOncePodValidation(this, this.record);
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    selfCheck(this, props.ignoreChecks);
  }

  /** What a clone or snapshot of this claim is judged against (ClaimDataSource, VolumeSnapshot). @internal */
  public _cloneSourceFacts(): CloneSourceFacts {
    // A static claim's volume is made ahead of time: its driver is the volume's, not told by the
    // class. Known when the claim reserves it, read from it as the plan reads a bound volume.
    const volume = this.volume
      ? volumeDriver(this.volume.name, plainManifest(this.volume.apiObject), contextKubernetesVersion(this))
      : undefined;
    return { volumeMode: this.volumeMode, storageClassName: this.storageClassName, volume };
  }

  public toPodVolume(volumeName: string, options: ClaimMountOptions = {}): PodVolume {
    return claimPodVolume(this.record, volumeName, options?.readOnly);
  }

  public toPlusVolume(scope?: Construct, options?: PlusVolumeOptions): any {
    return plusVolume(this, this.claimName, scope, options);
  }
}

/**
 * Which volumes a claim may bind: all of `matchLabels` and all of `matchExpressions` must hold.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export interface ClaimSelector {
  /**
   * Labels the volume must have, with these values.
   * @default - none
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Expressions over the volume's labels (`zone In [a, b]`, `tier Exists`).
   * @default - none
   */
  readonly matchExpressions?: SelectorRequirement[];
}

/** One expression of a label selector: a key, an operator and values. */
export interface SelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label's value is matched against `values`. */
  readonly operator: SelectorOperator;
  /**
   * Required (non-empty) for In and NotIn; must be empty for Exists and DoesNotExist.
   * @default - none
   */
  readonly values?: string[];
}

/**
 * A label selector; the label and operator rules are the plan's (selectorProblem). An empty
 * selector is refused here: it would match every volume, which is never what a static claim means.
 */
function renderSelector(at: string, s: ClaimSelector): k8s.LabelSelector {
  // Keys and values are checked below (selectorProblem); here only that cdk8s can render them.
  const labels = checkedMap(at, 'spec.selector.matchLabels', s?.matchLabels) ?? {};
  const exprs = s?.matchExpressions ?? [];
  if (Object.keys(labels).length === 0 && exprs.length === 0) {
    fail(
      at,
      'spec.selector',
      'is empty, which matches every volume; give matchLabels or matchExpressions, or leave the selector out',
    );
  }
  exprs.forEach((e, i) =>
    oneOf(at, `spec.selector.matchExpressions[${i}].operator`, e?.operator, Object.values(SelectorOperator)),
  );
  const selector = {
    matchLabels: Object.keys(labels).length ? labels : undefined,
    matchExpressions: exprs.length
      ? exprs.map((e) => ({
          key: e.key,
          operator: e.operator,
          values: e.values?.length ? [...e.values] : undefined,
        }))
      : undefined,
  };
  const problem = selectorProblem(selector);
  if (problem) fail(at, 'spec.selector', `is invalid: ${problem}`);
  return selector;
}
