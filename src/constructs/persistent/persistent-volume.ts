/**
 * PersistentVolumes made by an admin ahead of time ("static provisioning"): a piece of
 * storage that outlives every pod and claim, bound on purpose to a claim.
 */
import { selfCheck, SelfCheckProps } from '../_self-check';
import { show } from '../../_show';
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { check, fail, oneOf } from '../../_errors';
import { checkedLabels, checkedMap } from '../../_maps';
import { HOST_PATH_TYPES, sensitiveHostPathReason } from '../../k8s/hostpath';
import { describeClass, mismatches, readClaim, readVolume } from '../../plan/match';
import { dnsLabelProblem, dnsSubdomainProblem, qualifiedNameProblem } from '../../k8s/names';
import { storageSizeProblem } from '../../k8s/quantity';
import { absolutePathProblem, HostPathType } from '../pod/volume';
import {
  clusterScoped,
  nonEmpty,
  renderAccessModes,
  renderVolumeMode,
  resolveName,
  plainManifest,
  registerManifest,
} from './_common';
import { protectionAnnotations } from './_protection';
import type { IClaim } from './claim-interface';
import { AccessMode, ReclaimPolicy, VolumeMode } from './modes';
import type { StorageClass } from './storage-class';

/** Props of {@link StaticPersistentVolume}. */
export interface StaticPersistentVolumeProps extends SelfCheckProps {
  /**
   * metadata.name, kept exactly (no hash suffix): claims and the storage plan refer to it.
   * @default - the construct id
   */
  readonly name?: string;
  /** The backing storage: exactly one source, from a `PersistentVolumeSource` factory. */
  readonly source: PersistentVolumeSource;
  /**
   * The size, as an exact Kubernetes quantity kept as written: `1G` is 10^9 bytes, `1Gi` is
   * 2^30, and a claim for `1Gi` does not fit a `1G` volume.
   * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
   */
  readonly capacity: string;
  /**
   * The modes the volume offers; a claim binds only if it asks for a subset.
   * ReadWriteOncePod must stand alone and needs a CSI source.
   * @default [AccessMode.READ_WRITE_ONCE]
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
   */
  readonly accessModes?: AccessMode[];
  /**
   * What happens to the data when the claim is deleted. Retain keeps it until an admin acts.
   * Recycle is deprecated and refused except for nfs and hostPath sources.
   * @default ReclaimPolicy.RETAIN
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming
   */
  readonly reclaimPolicy?: ReclaimPolicy;
  /**
   * Filesystem or raw block device (Block: not for nfs or hostPath).
   * @default - Filesystem (the API server's default; not emitted)
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#volume-mode
   */
  readonly volumeMode?: VolumeMode;
  /**
   * Mount options (`nfsvers=4.1`, `hard`); not supported for hostPath and local sources.
   * @default - none
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#mount-options
   */
  readonly mountOptions?: string[];
  /**
   * The class this volume belongs to; only claims of that class bind to it. Set this or
   * `storageClassName`, not both.
   * @default - no class: only claims with `storageClassName: ""` bind to it
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class
   */
  readonly storageClass?: StorageClass;
  /**
   * The class, by name, for a class made outside this app.
   * For a volume, an unset class and `""` mean the same (no class), and the API server drops
   * `""` from a volume when it stores it; so no class is emitted as no field, which keeps a
   * GitOps diff clean.
   * @default - no class
   */
  readonly storageClassName?: string;
  /**
   * Labels, matched by claim selectors.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * The nodes that can reach the storage; required for `local` sources. The zonal CSI
   * factories (`gcePdCsi` with a zone, `awsEbsCsi` with a zone) supply a zone affinity.
   * @default - the source's own (a zone for zonal disks), else any node
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#node-affinity
   */
  readonly nodeAffinity?: NodeAffinity;
  /**
   * Annotate the volume so Argo CD (`Prune=false,Delete=false`) and Flux (`prune: disabled`)
   * never delete it when it leaves the repository or its Application is deleted. Deleting a
   * bound volume is how GitOps loses data; set false only for throw-away volumes.
   * @default true
   */
  readonly pruneProtection?: boolean;
}

/**
 * A PersistentVolume made ahead of time. Cluster-scoped: it has no namespace.
 * Reserve it for one claim with `reserveFor(claim)`, or from the claim (`StaticClaim`'s
 * `volume`), which also sets the claim's `spec.volumeName`.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/
 */
export class StaticPersistentVolume extends Construct {
  /** metadata.name. */
  public readonly name: string;
  /** The capacity, exactly as given. */
  public readonly capacity: string;
  /** The access modes the volume offers. */
  public readonly accessModes: AccessMode[];
  /** The class name; `""` when the volume has no class. */
  public readonly storageClassName: string;
  /** What happens to the data when the claim is deleted. */
  public readonly reclaimPolicy: ReclaimPolicy;
  /** The PersistentVolume this construct made. */
  public readonly apiObject: k8s.KubePersistentVolume;
  private readonly object: string;
  private claimRef?: { name: string; namespace: string };

  constructor(scope: Construct, id: string, props: StaticPersistentVolumeProps) {
    super(scope, id);
    props = props ?? ({} as StaticPersistentVolumeProps); // from JavaScript: no props fails on the first required field
    this.name = resolveName('PersistentVolume', id, props?.name);
    const at = (this.object = `PersistentVolume/${this.name}`);
    const source = props.source;
    if (!(source instanceof PersistentVolumeSource)) {
      fail(
        at,
        'source',
        'is not set; give one PersistentVolumeSource (nfs, hostPath, local, iscsi, csi, ...)',
      );
    }
    check(at, 'spec.capacity.storage', storageSizeProblem(props.capacity));
    this.capacity = props.capacity;
    this.accessModes = renderAccessModes(at, 'spec.accessModes', props.accessModes) as AccessMode[];
    if (this.accessModes.includes(AccessMode.READ_WRITE_ONCE_POD) && !source._csi) {
      fail(
        at,
        'spec.accessModes',
        `is [ReadWriteOncePod] with a ${source.sourceType} source; Kubernetes supports ReadWriteOncePod only for CSI volumes: use a csi source, or ReadWriteOnce`,
      );
    }
    this.reclaimPolicy = props.reclaimPolicy ?? ReclaimPolicy.RETAIN;
    oneOf(at, 'spec.persistentVolumeReclaimPolicy', this.reclaimPolicy, Object.values(ReclaimPolicy));
    // Recycle: the plan's recycle-deprecated rule judges it, through the self-check at the end.
    const volumeMode = renderVolumeMode(at, 'spec.volumeMode', props.volumeMode);
    if (volumeMode === VolumeMode.BLOCK && !source._block) {
      fail(
        at,
        'spec.volumeMode',
        `is "Block" with a ${source.sourceType} source, which has no raw block support; use Filesystem`,
      );
    }
    if (props.mountOptions?.length && !source._mountOptions) {
      fail(
        at,
        'spec.mountOptions',
        `is [${props.mountOptions.join(', ')}] with a ${source.sourceType} source, which does not support mount options; remove them`,
      );
    }
    if (props.storageClass && props.storageClassName !== undefined) {
      fail(at, 'spec.storageClassName', 'is set twice (storageClass and storageClassName); set one');
    }
    this.storageClassName = props.storageClass?.name ?? props.storageClassName ?? '';
    if (this.storageClassName !== '')
      check(at, 'spec.storageClassName', dnsSubdomainProblem(this.storageClassName));
    const affinity = props.nodeAffinity ?? source._defaultNodeAffinity;
    if (source._needsNodeAffinity && !affinity) {
      fail(
        at,
        'spec.nodeAffinity',
        'is not set; a local volume lives on one node, so name it: nodeAffinity: NodeAffinity.hostnames([...])',
      );
    }
    if (props.nodeAffinity !== undefined && !(props.nodeAffinity instanceof NodeAffinity)) {
      fail(
        at,
        'spec.nodeAffinity',
        'is not a NodeAffinity; make one with NodeAffinity.hostnames() or .matchLabel()',
      );
    }

    const resource: k8s.KubePersistentVolumeProps = {
      metadata: {
        name: this.name,
        labels: checkedLabels(at, 'metadata.labels', props.labels),
        annotations: nonEmpty(protectionAnnotations(props.pruneProtection)),
      },
      spec: {
        capacity: { storage: k8s.Quantity.fromString(this.capacity) },
        accessModes: [...this.accessModes],
        persistentVolumeReclaimPolicy: this.reclaimPolicy,
        storageClassName: this.storageClassName || undefined,
        volumeMode,
        mountOptions: props.mountOptions?.length ? [...props.mountOptions] : undefined,
        nodeAffinity: affinity?._render(at, 'spec.nodeAffinity'),
        // Lazy: a claim made after this volume may still reserve it.
        claimRef: lazy(
          () => this.claimRef && { name: this.claimRef.name, namespace: this.claimRef.namespace },
        ),
        ...source._render(at),
      },
    };
    this.apiObject = new k8s.KubePersistentVolume(this, 'Resource', resource);
    registerManifest(this.apiObject, () => k8s.KubePersistentVolume.manifest(resource));
    clusterScoped(this.apiObject);
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    selfCheck(this, props.ignoreChecks, source._accepted);
  }

  /** The namespace/name of the claim this volume is reserved for, if any. */
  public get reservedFor(): string | undefined {
    return this.claimRef && `${this.claimRef.namespace}/${this.claimRef.name}`;
  }

  /**
   * Reserves this volume for one claim: sets `spec.claimRef` {name, namespace}, so no other
   * claim can bind it. Fails if the claim cannot bind this volume (size, access modes,
   * class, volume mode, selector) or the volume is reserved for another claim.
   * Prefer `StaticClaim`'s `volume` prop, which also sets the claim's `spec.volumeName`.
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reserving-a-persistentvolume
   */
  public reserveFor(claim: IClaim): void {
    const problems = this._reserve(claim);
    if (problems.length) {
      fail(
        this.object,
        'spec.claimRef',
        `would reserve it for PersistentVolumeClaim ${claim.namespace}/${claim.claimName}, which it cannot bind: ${problems.join('; ')}`,
      );
    }
  }

  /**
   * Reserves for `claim` and returns why the claim cannot bind this volume (empty if it can).
   * @internal
   */
  public _reserve(claim: IClaim): string[] {
    const ref = { name: claim.claimName, namespace: claim.namespace };
    if (this.claimRef && (this.claimRef.name !== ref.name || this.claimRef.namespace !== ref.namespace)) {
      return [
        `it is already reserved for ${this.reservedFor} (spec.claimRef); a volume binds exactly one claim`,
      ];
    }
    const claimJson = plainManifest(claim.apiObject);
    const c = readClaim(claimJson);
    if (c.storageClassName === undefined) {
      return [
        `the claim sets no storageClassName, so the cluster's default class is written into it at admission, and the volume's class is ${describeClass(this.storageClassName)}`,
      ];
    }
    const problems = mismatches(c, readVolume(plainManifest(this.apiObject)), {
      claimClass: c.storageClassName,
      // Stricter than the controller, which ignores the selector of a claim naming its volume:
      // a selector given alongside the volume must agree with it.
      checkSelector: true,
      // A claim naming its volume is checked in whole bytes (checkVolumeSatisfyClaim).
      wholeBytes: c.volumeName !== undefined,
    });
    if (problems.length === 0) this.claimRef = ref;
    return problems;
  }
}

/**
 * The storage behind a PersistentVolume: exactly one, from a static factory.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#types-of-persistent-volumes
 */
export class PersistentVolumeSource {
  /**
   * A directory or file of one node. For single-node test clusters: the data stays on that
   * node, and any pod on it sees the same files. Paths that hand a pod the node (`/`, `/etc`,
   * the runtime socket, `/var/lib/kubelet`, ...) are refused unless `allowSensitivePath`.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
   */
  public static hostPath(
    path: string,
    type: HostPathType,
    options: HostPathSourceOptions = {},
  ): PersistentVolumeSource {
    const source = new PersistentVolumeSource('hostPath', { recyclable: true }, (at) => {
      check(at, 'spec.hostPath.path', absolutePathProblem(path));
      oneOf(at, 'spec.hostPath.type', type, HOST_PATH_TYPES);
      const why = sensitiveHostPathReason(path);
      if (why && !options.allowSensitivePath) {
        fail(
          at,
          'spec.hostPath.path',
          `is "${path}", which exposes ${why}; use another directory, or set allowSensitivePath if this is really meant`,
        );
      }
      return { hostPath: { path, type } };
    });
    if (options?.allowSensitivePath === true)
      source._accepted = { 'hostpath-sensitive': 'allowSensitivePath: true on the hostPath source' };
    return source;
  }

  /**
   * A disk, partition or directory of one node, with node affinity (required), so pods using
   * it are scheduled there. Pair with a `Provisioner.local()` class (WaitForFirstConsumer).
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#local
   */
  public static local(path: string, fsType?: string): PersistentVolumeSource {
    return new PersistentVolumeSource(
      'local',
      { needsNodeAffinity: true, block: true, mountOptions: false },
      (at) => {
        check(at, 'spec.local.path', absolutePathProblem(path));
        return { local: { path, fsType: fsTypeOf(at, 'spec.local.fsType', fsType) } };
      },
    );
  }

  /**
   * An NFS export: readable and writable from many nodes (ReadWriteMany).
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#nfs
   */
  public static nfs(server: string, path: string, readOnly?: boolean): PersistentVolumeSource {
    return new PersistentVolumeSource('nfs', { recyclable: true, block: false }, (at) => {
      if (typeof server !== 'string' || !/^[A-Za-z0-9.\-:[\]]+$/.test(server)) {
        fail(
          at,
          'spec.nfs.server',
          `is ${show(server)}; expected a host name or IP address, such as nfs.example.com or 10.0.0.5`,
        );
      }
      check(at, 'spec.nfs.path', absolutePathProblem(path));
      return { nfs: { server, path, readOnly: readOnly || undefined } };
    });
  }

  /**
   * An iSCSI LUN. With CHAP, name the Secret holding the credentials.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#iscsi
   */
  public static iscsi(options: IscsiSourceOptions): PersistentVolumeSource {
    return new PersistentVolumeSource('iscsi', { block: true }, (at) => {
      const o = options ?? ({} as IscsiSourceOptions);
      if (typeof o.targetPortal !== 'string' || !/^[A-Za-z0-9.\-:[\]]+$/.test(o.targetPortal)) {
        fail(
          at,
          'spec.iscsi.targetPortal',
          `is ${show(o.targetPortal)}; expected host or host:port, such as 10.0.0.10:3260`,
        );
      }
      if (typeof o.iqn !== 'string' || !IQN.test(o.iqn)) {
        fail(
          at,
          'spec.iscsi.iqn',
          `is ${show(o.iqn)}; expected an iSCSI qualified name such as iqn.2001-04.com.example:storage.disk1 (or eui. / naa. form)`,
        );
      }
      if (!(Number.isInteger(o.lun) && o.lun >= 0 && o.lun <= 255)) {
        fail(at, 'spec.iscsi.lun', `is ${show(o.lun)}; expected a whole number from 0 to 255`);
      }
      if (
        o.initiatorName !== undefined &&
        !(typeof o.initiatorName === 'string' && IQN.test(o.initiatorName))
      ) {
        fail(
          at,
          'spec.iscsi.initiatorName',
          `is ${show(o.initiatorName)}; expected an iSCSI qualified name such as iqn.2001-04.com.example:node1 (or eui. / naa. form)`,
        );
      }
      if ((o.chapAuthDiscovery || o.chapAuthSession) && !o.secret) {
        fail(
          at,
          'spec.iscsi.secretRef',
          'is not set, but CHAP authentication is on; give the Secret holding the CHAP credentials',
        );
      }
      return {
        iscsi: {
          targetPortal: o.targetPortal,
          iqn: o.iqn,
          lun: o.lun,
          portals: o.portals?.length ? [...o.portals] : undefined,
          fsType: fsTypeOf(at, 'spec.iscsi.fsType', o.fsType),
          readOnly: o.readOnly || undefined,
          chapAuthDiscovery: o.chapAuthDiscovery || undefined,
          chapAuthSession: o.chapAuthSession || undefined,
          initiatorName: o.initiatorName,
          secretRef: o.secret && secretRef(at, 'spec.iscsi.secretRef', o.secret),
        },
      };
    });
  }

  /**
   * Any CSI driver's existing volume, by its handle.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#csi
   */
  public static csi(options: CsiSourceOptions): PersistentVolumeSource {
    return new PersistentVolumeSource('csi', { csi: true }, (at) => renderCsi(at, options));
  }

  /**
   * An existing Compute Engine persistent disk through the GKE PD CSI driver
   * (`pd.csi.storage.gke.io`), the replacement of the in-tree gcePersistentDisk. The handle is
   * `projects/<project>/zones/<zone>/disks/<disk>` (or `regions/<region>` for a regional disk).
   * A zonal disk gets a `topology.kubernetes.io/zone` node affinity, so pods land where the
   * disk can attach.
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/preexisting-pd
   */
  public static gcePdCsi(options: GcePdCsiSourceOptions): PersistentVolumeSource {
    const o = options ?? ({} as GcePdCsiSourceOptions);
    const affinity = o.zone ? NodeAffinity.zones([o.zone]) : undefined;
    return new PersistentVolumeSource('csi', { csi: true, defaultNodeAffinity: affinity }, (at) => {
      if (typeof o.diskName !== 'string' || !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(o.diskName)) {
        fail(
          at,
          'spec.csi.volumeHandle',
          `has disk name ${show(o.diskName)}; a Compute Engine disk name is 1-63 lowercase letters, digits and '-', starting with a letter`,
        );
      }
      if (o.zone !== undefined && o.region !== undefined) {
        fail(
          at,
          'spec.csi.volumeHandle',
          `has both zone "${o.zone}" and region "${o.region}"; give zone for a zonal disk or region for a regional one`,
        );
      }
      for (const [k, v] of [
        ['project', o.project],
        ['zone', o.zone],
        ['region', o.region],
      ] as const) {
        if (v !== undefined && !/^[a-z][-a-z0-9]*[a-z0-9]$/.test(v)) {
          fail(
            at,
            'spec.csi.volumeHandle',
            `has ${k} ${show(v)}; expected a Google Cloud ${k} id such as ${k === 'project' ? 'my-project' : k === 'zone' ? 'europe-west1-b' : 'europe-west1'}`,
          );
        }
      }
      // UNSPECIFIED is what Kubernetes' own CSI migration writes; the driver fills in its project, or finds the zone.
      const project = o.project ?? 'UNSPECIFIED';
      const location = o.region !== undefined ? `regions/${o.region}` : `zones/${o.zone ?? 'UNSPECIFIED'}`;
      return renderCsi(at, {
        driver: 'pd.csi.storage.gke.io',
        volumeHandle: `projects/${project}/${location}/disks/${o.diskName}`,
        fsType: o.fsType,
        readOnly: o.readOnly,
      });
    });
  }

  /**
   * An existing EBS volume through the AWS EBS CSI driver (`ebs.csi.aws.com`), the
   * replacement of the in-tree awsElasticBlockStore. Give `zone` so pods land where the
   * volume can attach.
   * @see https://github.com/kubernetes-sigs/aws-ebs-csi-driver/tree/master/examples/kubernetes/static-provisioning
   */
  public static awsEbsCsi(options: AwsEbsCsiSourceOptions): PersistentVolumeSource {
    const o = options ?? ({} as AwsEbsCsiSourceOptions);
    const affinity = o.zone ? NodeAffinity.zones([o.zone]) : undefined;
    return new PersistentVolumeSource('csi', { csi: true, defaultNodeAffinity: affinity }, (at) => {
      checkEbsVolumeId(at, 'spec.csi.volumeHandle', o.volumeId);
      return renderCsi(at, {
        driver: 'ebs.csi.aws.com',
        volumeHandle: o.volumeId,
        fsType: o.fsType,
        readOnly: o.readOnly,
      });
    });
  }

  /**
   * In-tree GCE persistent disk.
   * @deprecated The in-tree gcePersistentDisk plugin was removed in Kubernetes 1.28; the field
   * only works through CSI migration with the PD CSI driver installed. Use `gcePdCsi`.
   */
  public static gcePersistentDisk(
    pdName: string,
    fsType?: string,
    readOnly?: boolean,
  ): PersistentVolumeSource {
    return new PersistentVolumeSource('gcePersistentDisk', { block: true }, (at) => {
      if (typeof pdName !== 'string' || !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(pdName)) {
        fail(at, 'spec.gcePersistentDisk.pdName', `is ${show(pdName)}; expected a Compute Engine disk name`);
      }
      return {
        gcePersistentDisk: {
          pdName,
          fsType: fsTypeOf(at, 'spec.gcePersistentDisk.fsType', fsType),
          readOnly: readOnly || undefined,
        },
      };
    });
  }

  /**
   * In-tree AWS EBS volume.
   * @deprecated The in-tree awsElasticBlockStore plugin was removed in Kubernetes 1.27; the
   * field only works through CSI migration with the EBS CSI driver installed. Use `awsEbsCsi`.
   */
  public static awsElasticBlockStore(
    volumeId: string,
    fsType?: string,
    readOnly?: boolean,
  ): PersistentVolumeSource {
    return new PersistentVolumeSource('awsElasticBlockStore', { block: true }, (at) => {
      checkEbsVolumeId(at, 'spec.awsElasticBlockStore.volumeID', volumeId);
      return {
        awsElasticBlockStore: {
          volumeId,
          fsType: fsTypeOf(at, 'spec.awsElasticBlockStore.fsType', fsType),
          readOnly: readOnly || undefined,
        },
      };
    });
  }

  /** @internal */ public readonly _csi: boolean;
  /** @internal */ public readonly _recyclable: boolean;
  /** @internal */ public readonly _block: boolean;
  /** @internal */ public readonly _mountOptions: boolean;
  /** @internal */ public readonly _needsNodeAffinity: boolean;
  /** @internal */ public readonly _defaultNodeAffinity?: NodeAffinity;
  /** @internal What the source's own opt-ins accept on purpose (rule id -> reason), for the self-check and the plan. */
  public _accepted: { [ruleId: string]: string } = {};

  private constructor(
    /** The source's field in the PersistentVolume spec (`nfs`, `hostPath`, `csi`, ...). */
    public readonly sourceType: string,
    traits: SourceTraits,
    /** @internal */ public readonly _render: (at: string) => Partial<k8s.PersistentVolumeSpec>,
  ) {
    this._csi = traits.csi ?? false;
    this._recyclable = traits.recyclable ?? false;
    this._block = traits.block ?? traits.csi ?? false;
    this._mountOptions = traits.mountOptions ?? sourceType !== 'hostPath';
    this._needsNodeAffinity = traits.needsNodeAffinity ?? false;
    this._defaultNodeAffinity = traits.defaultNodeAffinity;
  }
}

/**
 * Which nodes can reach a volume: one term whose requirements all hold.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#node-affinity
 */
export class NodeAffinity {
  /** The nodes with these names (label `kubernetes.io/hostname`). */
  public static hostnames(hostnames: string[]): NodeAffinity {
    return NodeAffinity.matchLabel('kubernetes.io/hostname', hostnames);
  }

  /** The nodes in these zones (label `topology.kubernetes.io/zone`). */
  public static zones(zones: string[]): NodeAffinity {
    return NodeAffinity.matchLabel('topology.kubernetes.io/zone', zones);
  }

  /** The nodes whose label `key` has one of `values`. */
  public static matchLabel(key: string, values: string[]): NodeAffinity {
    return new NodeAffinity([{ key, values: Array.isArray(values) ? [...values] : values }]);
  }

  private constructor(private readonly requirements: ReadonlyArray<{ key: string; values: string[] }>) {}

  /** This affinity, and also label `key` in `values` (both must hold). */
  public andMatchLabel(key: string, values: string[]): NodeAffinity {
    return new NodeAffinity([
      ...this.requirements,
      { key, values: Array.isArray(values) ? [...values] : values },
    ]);
  }

  /** @internal */
  public _render(at: string, field: string): k8s.VolumeNodeAffinity {
    const matchExpressions = this.requirements.map((r, i) => {
      const f = `${field}.required.nodeSelectorTerms[0].matchExpressions[${i}]`;
      check(at, `${f}.key`, qualifiedNameProblem(r.key));
      if (
        !Array.isArray(r.values) ||
        r.values.length === 0 ||
        r.values.some((v) => typeof v !== 'string' || v === '')
      ) {
        fail(at, `${f}.values`, `is ${show(r.values)}; expected at least one non-empty label value`);
      }
      return { key: r.key, operator: 'In', values: [...r.values] };
    });
    return { required: { nodeSelectorTerms: [{ matchExpressions }] } };
  }
}

/** Options of {@link PersistentVolumeSource.hostPath}. */
export interface HostPathSourceOptions {
  /**
   * Allow a path that exposes the node (`/`, `/etc`, `/var/run/docker.sock`, `/var/lib/kubelet`, ...).
   * @default false
   */
  readonly allowSensitivePath?: boolean;
}

/** A Secret in a given namespace (PersistentVolumes are cluster-scoped, so the namespace is required). */
export interface SecretRef {
  /** The Secret's name. */
  readonly name: string;
  /** The Secret's namespace. */
  readonly namespace: string;
}

/** Options of {@link PersistentVolumeSource.iscsi}. */
export interface IscsiSourceOptions {
  /** host or host:port of the target (port 3260 by default). */
  readonly targetPortal: string;
  /** The target's iSCSI qualified name. */
  readonly iqn: string;
  /** The LUN number, 0 to 255. */
  readonly lun: number;
  /**
   * The filesystem of the LUN (`ext4`, `xfs`), created if the LUN is blank.
   * @default - the kubelet's default (ext4)
   */
  readonly fsType?: string;
  /**
   * Mount the LUN read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /** Further portals for multipath. @default - none */
  readonly portals?: string[];
  /** CHAP authentication of discovery. @default false */
  readonly chapAuthDiscovery?: boolean;
  /** CHAP authentication of the session. @default false */
  readonly chapAuthSession?: boolean;
  /** The Secret with the CHAP credentials; required with CHAP. @default - none */
  readonly secret?: SecretRef;
  /** A custom initiator name. @default - the node's */
  readonly initiatorName?: string;
}

/** Options of {@link PersistentVolumeSource.csi}. */
export interface CsiSourceOptions {
  /** The CSI driver's name, as registered (`ebs.csi.aws.com`). */
  readonly driver: string;
  /** The driver's id of the existing volume. */
  readonly volumeHandle: string;
  /**
   * The filesystem to mount the volume as (`ext4`, `xfs`).
   * @default - the driver's default
   */
  readonly fsType?: string;
  /** Driver-specific attributes; emitted sorted by key. @default - none */
  readonly volumeAttributes?: { [key: string]: string };
  /**
   * Attach the volume read-only (the readOnly flag of the driver's ControllerPublishVolume call).
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * The Secret passed to the driver's NodePublishVolume call.
   * @default - none
   */
  readonly nodePublishSecretRef?: SecretRef;
  /**
   * The Secret passed to the driver's NodeStageVolume call.
   * @default - none
   */
  readonly nodeStageSecretRef?: SecretRef;
  /**
   * The Secret passed to the driver's ControllerPublishVolume and ControllerUnpublishVolume calls.
   * @default - none
   */
  readonly controllerPublishSecretRef?: SecretRef;
  /**
   * The Secret passed to the driver's ControllerExpandVolume call.
   * @default - none
   */
  readonly controllerExpandSecretRef?: SecretRef;
  /**
   * The Secret passed to the driver's NodeExpandVolume call.
   * @default - none
   */
  readonly nodeExpandSecretRef?: SecretRef;
}

/** Options of {@link PersistentVolumeSource.gcePdCsi}: an existing Compute Engine persistent disk. */
export interface GcePdCsiSourceOptions {
  /** The Compute Engine disk's name. */
  readonly diskName: string;
  /**
   * The disk's project.
   * @default - `UNSPECIFIED`: the driver uses its own project (as Kubernetes' CSI migration does)
   */
  readonly project?: string;
  /**
   * The zone of a zonal disk; also sets the volume's node affinity to that zone.
   * @default - `UNSPECIFIED` (the driver looks the disk up), unless `region` is set
   */
  readonly zone?: string;
  /**
   * The region of a regional (replicated) disk, instead of `zone`.
   * @default - a zonal disk
   */
  readonly region?: string;
  /**
   * The filesystem to mount the disk as (`ext4`, `xfs`).
   * @default - the driver's default (ext4)
   */
  readonly fsType?: string;
  /**
   * Attach and mount the disk read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Options of {@link PersistentVolumeSource.awsEbsCsi}: an existing EBS volume. */
export interface AwsEbsCsiSourceOptions {
  /** The EBS volume id, `vol-` and 8 or 17 hex digits. */
  readonly volumeId: string;
  /**
   * The volume's availability zone; sets the volume's node affinity to it.
   * @default - no node affinity
   */
  readonly zone?: string;
  /**
   * The filesystem to mount the volume as (`ext4`, `xfs`).
   * @default - the driver's default (ext4)
   */
  readonly fsType?: string;
  /**
   * Attach and mount the volume read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

interface SourceTraits {
  readonly csi?: boolean;
  readonly recyclable?: boolean;
  readonly block?: boolean;
  readonly mountOptions?: boolean;
  readonly needsNodeAffinity?: boolean;
  readonly defaultNodeAffinity?: NodeAffinity;
}

function renderCsi(at: string, o: CsiSourceOptions): Partial<k8s.PersistentVolumeSpec> {
  // The API server's CSI driver name rule: at most 63 characters, alphanumerics, '-' and '.'.
  if (
    typeof o?.driver !== 'string' ||
    o.driver.length > 63 ||
    !/^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(o.driver)
  ) {
    fail(
      at,
      'spec.csi.driver',
      `is ${show(o?.driver)}; expected a CSI driver name such as ebs.csi.aws.com (at most 63 characters)`,
    );
  }
  if (typeof o.volumeHandle !== 'string' || o.volumeHandle.trim() === '') {
    fail(at, 'spec.csi.volumeHandle', `is ${show(o.volumeHandle)}; expected the driver's id of the volume`);
  }
  const ref = (name: keyof CsiSourceOptions) => {
    const v = o[name] as SecretRef | undefined;
    return v && secretRef(at, `spec.csi.${name}`, v);
  };
  return {
    csi: {
      driver: o.driver,
      volumeHandle: o.volumeHandle,
      fsType: fsTypeOf(at, 'spec.csi.fsType', o.fsType),
      readOnly: o.readOnly || undefined,
      volumeAttributes: nonEmpty(checkedMap(at, 'spec.csi.volumeAttributes', o.volumeAttributes) ?? {}),
      nodePublishSecretRef: ref('nodePublishSecretRef'),
      nodeStageSecretRef: ref('nodeStageSecretRef'),
      controllerPublishSecretRef: ref('controllerPublishSecretRef'),
      controllerExpandSecretRef: ref('controllerExpandSecretRef'),
      nodeExpandSecretRef: ref('nodeExpandSecretRef'),
    },
  };
}

function secretRef(at: string, field: string, ref: SecretRef): k8s.SecretReference {
  check(at, `${field}.name`, dnsSubdomainProblem(ref?.name));
  // A namespace name is a DNS-1123 label.
  check(at, `${field}.namespace`, dnsLabelProblem(ref?.namespace));
  return { name: ref.name, namespace: ref.namespace };
}

/** An iSCSI qualified name: iqn.yyyy-mm.naming-authority[:unique], eui.<16 hex>, naa.<16 or 32 hex>. */
const IQN = /^(iqn\.\d{4}-\d{2}\.[^\s]+|eui\.[0-9A-Fa-f]{16}|naa\.[0-9A-Fa-f]{16,32})$/;

function fsTypeOf(at: string, field: string, fsType: string | undefined): string | undefined {
  if (fsType !== undefined && !/^[a-z0-9]+$/.test(fsType)) {
    fail(at, field, `is ${show(fsType)}; expected a filesystem type such as ext4 or xfs`);
  }
  return fsType;
}

function checkEbsVolumeId(at: string, field: string, volumeId: unknown): void {
  if (typeof volumeId !== 'string' || !/^vol-([0-9a-f]{8}|[0-9a-f]{17})$/.test(volumeId)) {
    fail(at, field, `is ${show(volumeId)}; expected an EBS volume id: vol- and 8 or 17 hex digits`);
  }
}

/** A Lazy value, typed as what it produces (resolved when the manifest is rendered). */
function lazy<T>(produce: () => T): T {
  return Lazy.any({ produce }) as T;
}
