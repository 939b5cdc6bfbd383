/**
 * VolumeSnapshotClass, VolumeSnapshot and VolumeSnapshotContent of the CSI snapshot controller
 * (kubernetes-csi/external-snapshotter, snapshot.storage.k8s.io/v1), on the L1 bindings that
 * `npm run import` generates from the vendored CRDs (imports/snapshot-crds/).
 * @see https://kubernetes.io/docs/concepts/storage/volume-snapshots/
 */
import { Construct } from 'constructs';
import * as snap from '../../../imports/snapshot.storage.k8s.io';
import { check, fail, oneOf } from '../../_errors';
import { checkedLabels } from '../../_maps';
import { contextKubernetesVersion, refuseUnlessIgnored, selfCheck, SelfCheckProps } from '../_self-check';
import { judgeSnapshotSource, SnapshotSource } from '../../plan/snapshot';
import { dnsLabelProblem, dnsSubdomainProblem } from '../../k8s/names';
import { show } from '../../_show';
import { clusterScoped, resolveName, resolveNamespace } from '../persistent/_common';
import { IClaim } from '../persistent/claim-interface';
import { claimDriver, cloneSourceFacts } from './_claim-facts';
import { VolumeMode } from '../persistent/modes';

/** The annotation that makes a VolumeSnapshotClass its driver's default (external-snapshotter utils.IsDefaultSnapshotClassAnnotation). */
export const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';

/** What happens to the storage system's snapshot when its VolumeSnapshotContent is deleted. */
export enum SnapshotDeletionPolicy {
  /** The snapshot in the storage system is kept (the default here: nothing is deleted unasked). */
  RETAIN = 'Retain',
  /** The snapshot in the storage system is deleted with the VolumeSnapshotContent. */
  DELETE = 'Delete',
}

function checkDriver(at: string, field: string, driver: unknown): string {
  // The CSI driver name rules of the API server's CSIDriver validation: a DNS-1123 subdomain of at
  // most 63 characters (pkg/apis/storage/validation ValidateCSIDriverName).
  if (typeof driver !== 'string' || driver === '')
    fail(at, field, `is ${show(driver)}; expected the CSI driver's name, e.g. "pd.csi.storage.gke.io"`);
  check(at, field, dnsSubdomainProblem(driver));
  if (driver.length > 63)
    fail(at, field, `is "${driver}" (${driver.length} characters); a CSI driver name has at most 63`);
  return driver;
}

function checkParameters(
  at: string,
  parameters: { [key: string]: string } | undefined,
): { [key: string]: string } | undefined {
  if (parameters === undefined) return undefined;
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))
    fail(at, 'parameters', `is ${show(parameters)}; expected a map of strings`);
  for (const [k, v] of Object.entries(parameters)) {
    if (typeof v !== 'string') fail(at, `parameters.${k}`, `is ${show(v)}; expected a string`);
  }
  return Object.keys(parameters).length ? { ...parameters } : undefined;
}

/** Props of {@link VolumeSnapshotClass}. */
export interface VolumeSnapshotClassProps extends SelfCheckProps {
  /** The object's name. @default - the construct id */
  readonly name?: string;
  /** The CSI driver that takes the snapshots, e.g. `pd.csi.storage.gke.io`: the provisioner of the claims' StorageClass. */
  readonly driver: string;
  /**
   * What happens to the storage system's snapshot when the VolumeSnapshotContent is deleted.
   * @default SnapshotDeletionPolicy.RETAIN - a pruned or deleted VolumeSnapshot loses no data
   */
  readonly deletionPolicy?: SnapshotDeletionPolicy;
  /** Driver-specific parameters, passed to the driver's CreateSnapshot. @default - none */
  readonly parameters?: { [key: string]: string };
  /**
   * Whether this is the default class for its driver: VolumeSnapshots with no class of a claim of
   * this driver use it. Emitted as the `snapshot.storage.kubernetes.io/is-default-class` annotation.
   * @default false
   */
  readonly isDefault?: boolean;
  /** Labels. @default - none */
  readonly labels?: { [key: string]: string };
}

/**
 * A VolumeSnapshotClass: which CSI driver takes snapshots, and with what deletion policy.
 * @see https://kubernetes.io/docs/concepts/storage/volume-snapshot-classes/
 */
export class VolumeSnapshotClass extends Construct {
  /** The class's metadata.name, as VolumeSnapshots name it in `volumeSnapshotClassName`. */
  public readonly name: string;
  /** The CSI driver that takes the snapshots. */
  public readonly driver: string;
  /** What happens to the snapshot in the storage system when its VolumeSnapshotContent is deleted. */
  public readonly deletionPolicy: SnapshotDeletionPolicy;
  /** Whether the class is its driver's default (the is-default-class annotation). */
  public readonly isDefault: boolean;
  /** The VolumeSnapshotClass object. */
  public readonly apiObject: snap.VolumeSnapshotClass;

  constructor(scope: Construct, id: string, props: VolumeSnapshotClassProps) {
    super(scope, id);
    props = props ?? ({} as VolumeSnapshotClassProps);
    this.name = resolveName('VolumeSnapshotClass', id, props.name);
    const at = `VolumeSnapshotClass/${this.name}`;
    this.driver = checkDriver(at, 'driver', props.driver);
    this.deletionPolicy = props.deletionPolicy ?? SnapshotDeletionPolicy.RETAIN;
    oneOf(at, 'deletionPolicy', this.deletionPolicy, Object.values(SnapshotDeletionPolicy));
    this.isDefault = props.isDefault ?? false;
    this.apiObject = new snap.VolumeSnapshotClass(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: checkedLabels(at, 'metadata.labels', props.labels),
        annotations: this.isDefault ? { [DEFAULT_SNAPSHOT_CLASS_ANNOTATION]: 'true' } : undefined,
      },
      driver: this.driver,
      deletionPolicy: this.deletionPolicy as string as snap.VolumeSnapshotClassDeletionPolicy,
      parameters: checkParameters(at, props.parameters),
    });
    clusterScoped(this.apiObject);
    selfCheck(this, props.ignoreChecks);
  }
}

/** Props of {@link VolumeSnapshotContent}. */
export interface VolumeSnapshotContentProps extends SelfCheckProps {
  /** The object's name. @default - the construct id */
  readonly name?: string;
  /** The CSI driver that made the snapshot. */
  readonly driver: string;
  /** The snapshot's id in the storage system (what the driver's CreateSnapshot returned). */
  readonly snapshotHandle: string;
  /**
   * The VolumeSnapshot that binds this content: its name and namespace. Both are required
   * (the CRD's rule "both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set").
   */
  readonly volumeSnapshotName: string;
  /** The namespace of that VolumeSnapshot. */
  readonly volumeSnapshotNamespace: string;
  /**
   * What happens to the storage system's snapshot when this object is deleted.
   * @default SnapshotDeletionPolicy.RETAIN
   */
  readonly deletionPolicy?: SnapshotDeletionPolicy;
  /** The class the snapshot belongs to. @default - none */
  readonly volumeSnapshotClass?: VolumeSnapshotClass;
  /**
   * The volume mode of the volume the snapshot was taken of. A restore into another mode is refused
   * by the CSI provisioner (--prevent-volume-mode-conversion) unless the content allows it.
   * @default - not stated
   */
  readonly sourceVolumeMode?: VolumeMode;
  /** Labels. @default - none */
  readonly labels?: { [key: string]: string };
}

/**
 * A pre-provisioned VolumeSnapshotContent: a snapshot that exists in the storage system, made
 * known to the cluster and bound to one VolumeSnapshot (static provisioning of snapshots).
 * @see https://kubernetes.io/docs/concepts/storage/volume-snapshots/#static
 */
export class VolumeSnapshotContent extends Construct {
  /** The content's metadata.name (cluster-scoped). */
  public readonly name: string;
  /** The CSI driver that made the snapshot. */
  public readonly driver: string;
  /** What happens to the snapshot in the storage system when this content is deleted. */
  public readonly deletionPolicy: SnapshotDeletionPolicy;
  /** The VolumeSnapshot this content is reserved for. */
  public readonly volumeSnapshotName: string;
  /** The namespace of the VolumeSnapshot this content is reserved for. */
  public readonly volumeSnapshotNamespace: string;
  /** The VolumeSnapshotContent object. */
  public readonly apiObject: snap.VolumeSnapshotContent;
  /** spec.sourceVolumeMode, when given: the mode of the volume snapshotted. @internal */
  public readonly _sourceVolumeMode?: string;

  constructor(scope: Construct, id: string, props: VolumeSnapshotContentProps) {
    super(scope, id);
    props = props ?? ({} as VolumeSnapshotContentProps);
    this.name = resolveName('VolumeSnapshotContent', id, props.name);
    const at = `VolumeSnapshotContent/${this.name}`;
    this.driver = checkDriver(at, 'spec.driver', props.driver);
    if (typeof props.snapshotHandle !== 'string' || props.snapshotHandle === '')
      fail(
        at,
        'spec.source.snapshotHandle',
        `is ${show(props.snapshotHandle)}; expected the snapshot's id in the storage system`,
      );
    check(at, 'spec.volumeSnapshotRef.name', dnsSubdomainProblem(props.volumeSnapshotName));
    check(at, 'spec.volumeSnapshotRef.namespace', dnsLabelProblem(props.volumeSnapshotNamespace));
    this.volumeSnapshotName = props.volumeSnapshotName;
    this.volumeSnapshotNamespace = props.volumeSnapshotNamespace;
    this.deletionPolicy = props.deletionPolicy ?? SnapshotDeletionPolicy.RETAIN;
    oneOf(at, 'spec.deletionPolicy', this.deletionPolicy, Object.values(SnapshotDeletionPolicy));
    if (props.sourceVolumeMode !== undefined)
      oneOf(at, 'spec.sourceVolumeMode', props.sourceVolumeMode, Object.values(VolumeMode));
    if (props.volumeSnapshotClass !== undefined && props.volumeSnapshotClass.driver !== this.driver)
      fail(
        at,
        'spec.volumeSnapshotClassName',
        `is "${props.volumeSnapshotClass.name}", whose driver is "${props.volumeSnapshotClass.driver}", not this content's driver "${this.driver}"; use a class of the same driver`,
      );
    this._sourceVolumeMode = props.sourceVolumeMode;
    this.apiObject = new snap.VolumeSnapshotContent(this, 'Resource', {
      metadata: { name: this.name, labels: checkedLabels(at, 'metadata.labels', props.labels) },
      spec: {
        deletionPolicy: this.deletionPolicy as string as snap.VolumeSnapshotContentSpecDeletionPolicy,
        driver: this.driver,
        source: { snapshotHandle: props.snapshotHandle },
        sourceVolumeMode: props.sourceVolumeMode as string | undefined,
        volumeSnapshotClassName: props.volumeSnapshotClass?.name,
        volumeSnapshotRef: { name: this.volumeSnapshotName, namespace: this.volumeSnapshotNamespace },
      },
    });
    clusterScoped(this.apiObject);
    selfCheck(this, props.ignoreChecks);
  }
}

/** Props of {@link VolumeSnapshot}. Set exactly one of `claim`, `claimName` and `content`. */
export interface VolumeSnapshotProps extends SelfCheckProps {
  /** The object's name. @default - the construct id */
  readonly name?: string;
  /** The namespace. @default - the chart's namespace */
  readonly namespace?: string;
  /** The claim of this app to snapshot (same namespace). @default - none */
  readonly claim?: IClaim;
  /** The claim to snapshot, by name, in the snapshot's namespace (e.g. `data-postgres-0` of a StatefulSet). @default - none */
  readonly claimName?: string;
  /** A pre-provisioned snapshot to bind. @default - none */
  readonly content?: VolumeSnapshotContent;
  /**
   * The snapshot class.
   * @default - the default class of the claim's driver (none emitted)
   */
  readonly volumeSnapshotClass?: VolumeSnapshotClass;
  /** The snapshot class by name, for a class made outside this app. @default - see volumeSnapshotClass */
  readonly volumeSnapshotClassName?: string;
  /** Labels. @default - none */
  readonly labels?: { [key: string]: string };
}

/**
 * A VolumeSnapshot: a point-in-time copy of a claim's volume, taken by its CSI driver, or a
 * pre-provisioned snapshot bound through a VolumeSnapshotContent. Restore it into a new claim with
 * `ClaimDataSource.fromSnapshot()`.
 * @see https://kubernetes.io/docs/concepts/storage/volume-snapshots/
 */
export class VolumeSnapshot extends Construct {
  /** The snapshot's metadata.name, as a restored claim's dataSource names it. */
  public readonly name: string;
  /** The snapshot's namespace: a claim restored from it must be in the same one (or use a ReferenceGrant). */
  public readonly namespace: string;
  /** The claim snapshotted, by name, when the snapshot is of a claim. */
  public readonly sourceClaimName?: string;
  /** The claim snapshotted, when it is a claim of this app. */
  public readonly sourceClaim?: IClaim;
  /** The snapshot class, by name, when one is set (else the driver's default class). */
  public readonly volumeSnapshotClassName?: string;
  /** The VolumeSnapshot object. */
  public readonly apiObject: snap.VolumeSnapshot;
  /**
   * What a restore of this snapshot is judged against (the plan's data-source rules): the CSI driver
   * of its content when this app tells it (the content's, the provisioner of the snapshotted claim's
   * class, or the snapshot class's), and the mode of the volume snapshotted.
   * @internal
   */
  public readonly _restoreSource: Omit<SnapshotSource, 'name' | 'takenOf'>;

  constructor(scope: Construct, id: string, props: VolumeSnapshotProps) {
    super(scope, id);
    props = props ?? ({} as VolumeSnapshotProps);
    this.name = resolveName('VolumeSnapshot', id, props.name);
    const at = `VolumeSnapshot/${this.name}`;
    this.namespace = resolveNamespace(this, at, props.namespace);
    const sources = [props.claim, props.claimName, props.content].filter((s) => s !== undefined).length;
    // The CRD's rule on spec.source: "exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set".
    if (sources !== 1)
      fail(
        at,
        'spec.source',
        `has ${sources} sources (claim, claimName, content); exactly one of a claim and a pre-provisioned VolumeSnapshotContent must be set`,
      );
    if (props.claim !== undefined) {
      // A snapshot's source claim is read in the snapshot's own namespace (the CRD has no namespace field for it).
      if (props.claim.namespace !== this.namespace)
        fail(
          at,
          'spec.source.persistentVolumeClaimName',
          `is claim "${props.claim.claimName}" of namespace "${props.claim.namespace}"; a VolumeSnapshot snapshots a claim of its own namespace "${this.namespace}"`,
        );
      this.sourceClaim = props.claim;
      this.sourceClaimName = props.claim.claimName;
    } else if (props.claimName !== undefined) {
      check(at, 'spec.source.persistentVolumeClaimName', dnsSubdomainProblem(props.claimName));
      this.sourceClaimName = props.claimName;
    } else {
      const c = props.content!;
      if (!(c instanceof VolumeSnapshotContent))
        fail(
          at,
          'spec.source.volumeSnapshotContentName',
          'has a content that is not a VolumeSnapshotContent of this library',
        );
      if (c.volumeSnapshotName !== this.name || c.volumeSnapshotNamespace !== this.namespace)
        fail(
          at,
          'spec.source.volumeSnapshotContentName',
          `is "${c.name}", which is reserved for VolumeSnapshot ${c.volumeSnapshotNamespace}/${c.volumeSnapshotName}, not ${this.namespace}/${this.name}; the snapshot controller binds the two only when each names the other`,
        );
    }
    if (props.volumeSnapshotClass !== undefined && props.volumeSnapshotClassName !== undefined)
      fail(
        at,
        'spec.volumeSnapshotClassName',
        'is set twice (volumeSnapshotClass and volumeSnapshotClassName); set one',
      );
    if (props.volumeSnapshotClassName !== undefined) {
      // The CRD's rule: "volumeSnapshotClassName must not be the empty string when set".
      if (props.volumeSnapshotClassName === '')
        fail(
          at,
          'spec.volumeSnapshotClassName',
          'is ""; name a class, or leave it unset for the default class of the driver',
        );
      check(at, 'spec.volumeSnapshotClassName', dnsSubdomainProblem(props.volumeSnapshotClassName));
    }
    this.volumeSnapshotClassName = props.volumeSnapshotClass?.name ?? props.volumeSnapshotClassName;
    const klass = props.volumeSnapshotClass;
    const source = props.claim;
    // What the plan knows of the snapshotted claim's volume (src/plan/snapshot.ts driverOf): its
    // reserved volume's driver, else its class's provisioner.
    const version = contextKubernetesVersion(this);
    const sourceFacts = cloneSourceFacts(source);
    const sourceDriver = claimDriver(sourceFacts, version);
    // snapshot-source-not-csi (only a CSI driver takes snapshots) and snapshot-class-driver (the
    // class's driver must be the volume's), judged by the plan's own code where this app tells both.
    const driver = sourceDriver?.driver;
    if (source !== undefined)
      for (const finding of judgeSnapshotSource(
        `VolumeSnapshot/${this.namespace}/${this.name}`,
        source.claimName,
        sourceDriver,
        klass,
      ))
        refuseUnlessIgnored(this, finding, props.ignoreChecks);
    if (klass !== undefined && props.content !== undefined && props.content.driver !== klass.driver)
      fail(
        at,
        'spec.volumeSnapshotClassName',
        `is "${klass.name}", whose driver "${klass.driver}" is not the driver "${props.content.driver}" of content ${props.content.name}; use a class of that driver`,
      );
    // As the plan reads a VolumeSnapshot (src/plan/snapshot.ts snapshotSource): a pre-provisioned
    // content's driver; else the snapshotted claim's, or the class's, with which the snapshot
    // controller makes the content.
    const claimMode = sourceFacts ? (sourceFacts.volumeMode ?? 'Filesystem') : undefined;
    this._restoreSource = props.content
      ? {
          driver: props.content.driver,
          via: `its VolumeSnapshotContent ${props.content.name}`,
          sourceVolumeMode: props.content._sourceVolumeMode,
        }
      : driver !== undefined || klass === undefined
        ? {
            driver,
            via: source ? `its claim ${source.claimName}` : '',
            sourceVolumeMode: claimMode,
          }
        : { driver: klass.driver, via: `its VolumeSnapshotClass ${klass.name}`, sourceVolumeMode: claimMode };
    this.apiObject = new snap.VolumeSnapshot(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: checkedLabels(at, 'metadata.labels', props.labels),
      },
      spec: {
        source:
          this.sourceClaimName !== undefined
            ? { persistentVolumeClaimName: this.sourceClaimName }
            : { volumeSnapshotContentName: props.content!.name },
        volumeSnapshotClassName: this.volumeSnapshotClassName,
      },
    });
    selfCheck(this, props.ignoreChecks);
  }
}
