/**
 * StorageClasses: how volumes are provisioned on demand for claims that name the class.
 */
import { selfCheck, SelfCheckProps } from '../_self-check';
import { show } from '../../_show';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { check, fail, oneOf } from '../../_errors';
import { checkedLabels, checkedMap } from '../../_maps';
import { dnsSubdomainProblem } from '../../k8s/names';
import { clusterScoped, nonEmpty, resolveName, sortMap } from './_object';
import { AccessMode, ReclaimPolicy, VolumeBindingMode, VolumeMode } from './modes';

/** Props of {@link StorageClass}. */
export interface StorageClassProps extends SelfCheckProps {
  /**
   * metadata.name, kept exactly: claims name it.
   * @default - the construct id
   */
  readonly name?: string;
  /** Who makes the volumes, and with which parameters. */
  readonly provisioner: Provisioner;
  /**
   * What happens to a provisioned volume (and its disk) when its claim is deleted. Retain keeps
   * the data until an admin deletes the volume; opt into Delete for scratch data only.
   * Recycle is refused (the API server does not accept it for a class).
   * @default ReclaimPolicy.RETAIN
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy
   */
  readonly reclaimPolicy?: ReclaimPolicy;
  /**
   * When volumes are provisioned. WaitForFirstConsumer waits for the pod's scheduling, so a
   * zonal disk is made in the pod's zone and a local volume on the pod's node; Immediate
   * provisions at once, possibly in a zone where the pod cannot run.
   * @default - WaitForFirstConsumer for local and zonal disks (gcePdCsi, awsEbsCsi); Immediate otherwise
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
   */
  readonly volumeBindingMode?: VolumeBindingMode;
  /**
   * Whether claims of this class may be resized by editing their request.
   * @default false
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#expanding-persistent-volumes-claims
   */
  readonly allowVolumeExpansion?: boolean;
  /**
   * Mount options of the provisioned volumes.
   * @default - none
   */
  readonly mountOptions?: string[];
  /**
   * Make this the cluster's default class (annotation
   * `storageclass.kubernetes.io/is-default-class: "true"`): claims with no storageClassName
   * get it at admission. Have at most one default class.
   * @default false
   * @see https://kubernetes.io/docs/tasks/administer-cluster/change-default-storage-class/
   */
  readonly isDefault?: boolean;
  /**
   * The class's labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A StorageClass. Cluster-scoped.
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/
 */
export class StorageClass extends Construct {
  /** metadata.name. */
  public readonly name: string;
  /** Who makes the volumes, and with which parameters. */
  public readonly provisioner: Provisioner;
  /** What happens to a provisioned volume when its claim is deleted (always emitted). */
  public readonly reclaimPolicy: ReclaimPolicy;
  /** When volumes are provisioned: the prop, else the provisioner's default (always emitted). */
  public readonly volumeBindingMode: VolumeBindingMode;
  /** The StorageClass this construct made. */
  public readonly apiObject: k8s.KubeStorageClass;

  constructor(scope: Construct, id: string, props: StorageClassProps) {
    super(scope, id);
    props = props ?? ({} as StorageClassProps); // from JavaScript: no props fails on the first required field
    this.name = resolveName('StorageClass', id, props?.name);
    const at = `StorageClass/${this.name}`;
    if (!(props.provisioner instanceof Provisioner)) {
      fail(
        at,
        'provisioner',
        'is not set; give one from Provisioner.gcePdCsi(), .awsEbsCsi(), .local(), .nfsCsi() or .custom()',
      );
    }
    this.provisioner = props.provisioner;
    const p = this.provisioner;
    this.reclaimPolicy = props.reclaimPolicy ?? ReclaimPolicy.RETAIN;
    oneOf(at, 'reclaimPolicy', this.reclaimPolicy, [ReclaimPolicy.RETAIN, ReclaimPolicy.DELETE]);
    this.volumeBindingMode = props.volumeBindingMode ?? p._defaultBindingMode;
    oneOf(at, 'volumeBindingMode', this.volumeBindingMode, Object.values(VolumeBindingMode));
    if (
      p._needsWaitForFirstConsumer &&
      this.volumeBindingMode !== VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER
    ) {
      fail(
        at,
        'volumeBindingMode',
        `is "${this.volumeBindingMode}" with provisioner ${p.name}; local volumes need WaitForFirstConsumer, so the claim binds on the node the pod is scheduled to`,
      );
    }
    // From JavaScript a string 'false' is truthy: it would be written as the default-class annotation
    // "true", which is valid YAML, so no rule of the plan could catch it afterwards. The type is checked here.
    if (props.isDefault !== undefined && typeof props.isDefault !== 'boolean') {
      fail(
        at,
        'isDefault',
        `is ${show(props.isDefault)}; expected true or false (a boolean): it decides the annotation storageclass.kubernetes.io/is-default-class [field-type]`,
      );
    }
    const parameters = p._render(at);
    this.apiObject = new k8s.KubeStorageClass(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: checkedLabels(at, 'metadata.labels', props.labels),
        annotations: props.isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : undefined,
      },
      provisioner: p.name,
      parameters: nonEmpty(parameters),
      reclaimPolicy: this.reclaimPolicy,
      volumeBindingMode: this.volumeBindingMode,
      allowVolumeExpansion: props.allowVolumeExpansion,
      mountOptions: props.mountOptions?.length ? [...props.mountOptions] : undefined,
    });
    clusterScoped(this.apiObject);
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    selfCheck(this, props.ignoreChecks);
  }

  /**
   * Why a claim of this class with these modes can never be provisioned, or undefined.
   * @internal
   */
  public _claimProblem(accessModes: readonly string[], volumeMode: string | undefined): string | undefined {
    const p = this.provisioner;
    if (
      p._singleNodeDisk &&
      accessModes.includes(AccessMode.READ_WRITE_MANY) &&
      (volumeMode ?? VolumeMode.FILESYSTEM) === VolumeMode.FILESYSTEM
    ) {
      return `asks for ReadWriteMany, but class "${this.name}" (${p.name}) makes disks that attach read-write to one node; use a ReadWriteMany class (NFS, Filestore, EFS), or ReadWriteOnce`;
    }
    return undefined;
  }
}

/**
 * Who provisions volumes for a StorageClass, with typed parameters. Parameters are emitted
 * sorted by key.
 */
export class Provisioner {
  /**
   * Compute Engine persistent disks through the GKE PD CSI driver (`pd.csi.storage.gke.io`).
   * Zonal disks default to WaitForFirstConsumer.
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver
   */
  public static gcePdCsi(options: GcePdCsiProvisionerOptions = {}): Provisioner {
    options = options ?? {};
    return new Provisioner('pd.csi.storage.gke.io', { wait: true, singleNodeDisk: true }, (at) => {
      const out: Record<string, string> = {};
      if (options.type !== undefined) out.type = diskType(at, 'parameters.type', options.type);
      if (options.replication !== undefined) {
        oneOf(at, 'parameters.replication-type', options.replication, Object.values(GcePdReplication));
        out['replication-type'] = options.replication;
      }
      if (options.fsType !== undefined) out['csi.storage.k8s.io/fstype'] = fsType(at, options.fsType);
      if (options.kmsKeyName !== undefined)
        out['disk-encryption-kms-key'] = nonEmptyString(
          at,
          'parameters.disk-encryption-kms-key',
          options.kmsKeyName,
        );
      return out;
    });
  }

  /**
   * EBS volumes through the AWS EBS CSI driver (`ebs.csi.aws.com`). Defaults to
   * WaitForFirstConsumer (an EBS volume lives in one zone).
   * @see https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md
   */
  public static awsEbsCsi(options: AwsEbsCsiProvisionerOptions = {}): Provisioner {
    options = options ?? {};
    return new Provisioner('ebs.csi.aws.com', { wait: true, singleNodeDisk: true }, (at) => {
      const out: Record<string, string> = {};
      const type = options.type === undefined ? undefined : diskType(at, 'parameters.type', options.type);
      if (type !== undefined) out.type = type;
      if (options.iops !== undefined) {
        positiveInt(at, 'parameters.iops', options.iops);
        if (type !== undefined && !['io1', 'io2', 'gp3'].includes(type)) {
          fail(
            at,
            'parameters.iops',
            `is ${options.iops} with type ${type}; only io1, io2 and gp3 volumes take provisioned IOPS`,
          );
        }
        out.iops = String(options.iops);
      }
      if (options.throughput !== undefined) {
        positiveInt(at, 'parameters.throughput', options.throughput);
        if (type !== 'gp3') {
          fail(
            at,
            'parameters.throughput',
            `is ${options.throughput} with type ${type ?? 'unset'}; only gp3 volumes take a throughput (MiB/s): set type EbsVolumeType.GP3`,
          );
        }
        out.throughput = String(options.throughput);
      }
      if (options.kmsKeyId !== undefined && options.encrypted !== true) {
        fail(
          at,
          'parameters.kmsKeyId',
          'is set, but encrypted is not true; a KMS key only applies to encrypted volumes: set encrypted: true',
        );
      }
      if (options.encrypted !== undefined) {
        if (typeof options.encrypted !== 'boolean')
          fail(at, 'parameters.encrypted', `is ${show(options.encrypted)}; expected true or false`);
        out.encrypted = String(options.encrypted);
      }
      if (options.kmsKeyId !== undefined)
        out.kmsKeyId = nonEmptyString(at, 'parameters.kmsKeyId', options.kmsKeyId);
      if (options.fsType !== undefined) out['csi.storage.k8s.io/fstype'] = fsType(at, options.fsType);
      return out;
    });
  }

  /**
   * Local volumes made ahead of time (`kubernetes.io/no-provisioner`): nothing is provisioned;
   * claims of the class bind to existing local PersistentVolumes of the class. Forces
   * WaitForFirstConsumer, so the claim binds a volume on the node the pod is scheduled to.
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#local
   */
  public static local(): Provisioner {
    return new Provisioner('kubernetes.io/no-provisioner', { wait: true, needsWait: true }, () => ({}));
  }

  /**
   * Subdirectories of an NFS export, through csi-driver-nfs (`nfs.csi.k8s.io`): ReadWriteMany.
   * @see https://github.com/kubernetes-csi/csi-driver-nfs/blob/master/docs/driver-parameters.md
   */
  public static nfsCsi(options: NfsCsiProvisionerOptions): Provisioner {
    return new Provisioner('nfs.csi.k8s.io', {}, (at) => {
      const o = options ?? ({} as NfsCsiProvisionerOptions);
      if (typeof o.server !== 'string' || !/^[A-Za-z0-9.\-:[\]]+$/.test(o.server)) {
        fail(
          at,
          'parameters.server',
          `is ${show(o.server)}; expected a host name or IP address of the NFS server`,
        );
      }
      if (typeof o.share !== 'string' || !o.share.startsWith('/')) {
        fail(at, 'parameters.share', `is ${show(o.share)}; expected the exported path, such as /exports`);
      }
      const out: Record<string, string> = { server: o.server, share: o.share };
      if (o.subDir !== undefined) {
        if (
          typeof o.subDir !== 'string' ||
          o.subDir === '' ||
          o.subDir.startsWith('/') ||
          o.subDir.split('/').includes('..')
        ) {
          fail(
            at,
            'parameters.subDir',
            `is ${show(o.subDir)}; expected a relative path such as \${pvc.metadata.namespace}/\${pvc.metadata.name}`,
          );
        }
        out.subDir = o.subDir;
      }
      if (o.mountPermissions !== undefined) {
        if (!(
          Number.isInteger(o.mountPermissions) &&
          o.mountPermissions >= 0 &&
          o.mountPermissions <= 0o777
        )) {
          fail(
            at,
            'parameters.mountPermissions',
            `is ${o.mountPermissions}; expected a file mode from 0 to 0o777`,
          );
        }
        out.mountPermissions = '0' + o.mountPermissions.toString(8); // the driver parses it as octal
      }
      return out;
    });
  }

  /**
   * Any provisioner, by name, with its parameters as given. Binding mode defaults to Immediate.
   */
  public static custom(name: string, parameters: { [key: string]: string } = {}): Provisioner {
    return new Provisioner(name, {}, (at) => {
      check(at, 'provisioner', qualifiedNameProblem(name));
      return checkedMap(
        at,
        'parameters',
        parameters ?? {},
        (k) => (k === '' ? 'is ""; a parameter name may not be empty' : undefined),
        (v) => (typeof v === 'string' ? undefined : `is ${show(v)}; StorageClass parameters are strings`),
      )!;
    });
  }

  /** @internal */ public readonly _defaultBindingMode: VolumeBindingMode;
  /** @internal */ public readonly _needsWaitForFirstConsumer: boolean;
  /** @internal */ public readonly _singleNodeDisk: boolean;

  private constructor(
    /** The provisioner's name, as written in the StorageClass. */
    public readonly name: string,
    traits: { wait?: boolean; needsWait?: boolean; singleNodeDisk?: boolean },
    private readonly renderParameters: (at: string) => Record<string, string>,
  ) {
    this._defaultBindingMode = traits.wait
      ? VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER
      : VolumeBindingMode.IMMEDIATE;
    this._needsWaitForFirstConsumer = traits.needsWait ?? false;
    this._singleNodeDisk = traits.singleNodeDisk ?? false;
  }

  /**
   * The parameters, validated and sorted by key.
   * @internal
   */
  public _render(at: string): Record<string, string> {
    return sortMap(this.renderParameters(at));
  }
}

/** A Compute Engine disk type. */
export class GcePdDiskType {
  /** `pd-standard`: a standard (HDD) persistent disk. */
  public static readonly STANDARD = new GcePdDiskType('pd-standard');
  /** `pd-balanced`: an SSD persistent disk balancing cost and performance. */
  public static readonly BALANCED = new GcePdDiskType('pd-balanced');
  /** `pd-ssd`: a performance SSD persistent disk. */
  public static readonly SSD = new GcePdDiskType('pd-ssd');
  /** `pd-extreme`: an SSD persistent disk with provisioned IOPS. */
  public static readonly EXTREME = new GcePdDiskType('pd-extreme');
  /** Any other type (e.g. `hyperdisk-balanced`). */
  public static custom(value: string): GcePdDiskType {
    return new GcePdDiskType(value);
  }
  private constructor(
    /** The type's name, as the `type` parameter of the class (`pd-balanced`). */
    public readonly value: string,
  ) {}
}

/** Whether a Compute Engine disk is replicated across two zones. */
export enum GcePdReplication {
  /** A zonal disk. */
  NONE = 'none',
  /** A regional disk, synchronously replicated to two zones of the region. */
  REGIONAL_PD = 'regional-pd',
}

/** An EBS volume type. */
export class EbsVolumeType {
  /** `gp2`: general purpose SSD, previous generation (IOPS grow with size). */
  public static readonly GP2 = new EbsVolumeType('gp2');
  /** `gp3`: general purpose SSD (IOPS and throughput set apart from size). */
  public static readonly GP3 = new EbsVolumeType('gp3');
  /** `io1`: provisioned IOPS SSD. */
  public static readonly IO1 = new EbsVolumeType('io1');
  /** `io2`: provisioned IOPS SSD, higher durability. */
  public static readonly IO2 = new EbsVolumeType('io2');
  /** `sc1`: cold HDD, for infrequently read data. */
  public static readonly SC1 = new EbsVolumeType('sc1');
  /** `st1`: throughput-optimized HDD. */
  public static readonly ST1 = new EbsVolumeType('st1');
  /** Any other type. */
  public static custom(value: string): EbsVolumeType {
    return new EbsVolumeType(value);
  }
  private constructor(
    /** The type's name, as the `type` parameter of the class (`gp3`). */
    public readonly value: string,
  ) {}
}

/** Options of {@link Provisioner.gcePdCsi} (`pd.csi.storage.gke.io`). */
export interface GcePdCsiProvisionerOptions {
  /**
   * The disk type.
   * @default - the driver's default (pd-standard)
   */
  readonly type?: GcePdDiskType;
  /**
   * Regional disks survive a zone outage.
   * @default - the driver's default (none: zonal)
   */
  readonly replication?: GcePdReplication;
  /**
   * The filesystem made on the disks (`ext4`, `xfs`).
   * @default - the driver's default (ext4)
   */
  readonly fsType?: string;
  /** A Cloud KMS key for customer-managed encryption. @default - Google-managed encryption */
  readonly kmsKeyName?: string;
}

/** Options of {@link Provisioner.awsEbsCsi} (`ebs.csi.aws.com`). */
export interface AwsEbsCsiProvisionerOptions {
  /**
   * The volume type.
   * @default - the driver's default (gp3)
   */
  readonly type?: EbsVolumeType;
  /** Provisioned IOPS (io1, io2, gp3). @default - the type's default */
  readonly iops?: number;
  /** Throughput in MiB/s (gp3 only). @default - gp3's default (125) */
  readonly throughput?: number;
  /**
   * Encrypt the volumes.
   * @default - the driver's default (not encrypted, unless the account encrypts by default)
   */
  readonly encrypted?: boolean;
  /** The KMS key of encrypted volumes. @default - the account's default EBS key */
  readonly kmsKeyId?: string;
  /**
   * The filesystem made on the volumes (`ext4`, `xfs`).
   * @default - the driver's default (ext4)
   */
  readonly fsType?: string;
}

/** Options of {@link Provisioner.nfsCsi} (`nfs.csi.k8s.io`): a subdirectory of an NFS share per volume. */
export interface NfsCsiProvisionerOptions {
  /** The NFS server's host name or IP address. */
  readonly server: string;
  /** The exported path under which volumes are made as subdirectories. */
  readonly share: string;
  /**
   * The subdirectory of each volume; may use `${pvc.metadata.name}`, `${pvc.metadata.namespace}`, `${pv.metadata.name}`.
   * @default - the volume's name
   */
  readonly subDir?: string;
  /**
   * The mode the driver chmods the mounted directory to, e.g. 0o777.
   * @default - the driver's default (no chmod)
   */
  readonly mountPermissions?: number;
}

function diskType(at: string, field: string, type: { value: string }): string {
  // A plain string is accepted too, for JavaScript callers.
  const v: unknown = typeof type === 'string' ? type : type?.value;
  if (typeof v !== 'string' || !/^[a-z0-9][-a-z0-9]*$/.test(v)) {
    fail(at, field, `is ${show(v)}; expected a disk type such as pd-balanced or gp3`);
  }
  return v;
}

function fsType(at: string, value: string): string {
  if (!/^[a-z0-9]+$/.test(value)) {
    fail(
      at,
      'parameters.csi.storage.k8s.io/fstype',
      `is ${show(value)}; expected a filesystem type such as ext4 or xfs`,
    );
  }
  return value;
}

function nonEmptyString(at: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    fail(at, field, `is ${show(value)}; expected a non-empty string`);
  return value;
}

function positiveInt(at: string, field: string, n: number): void {
  if (!(Number.isInteger(n) && n > 0)) fail(at, field, `is ${n}; expected a whole number above 0`);
}

/** A Kubernetes qualified name: optional DNS-subdomain prefix and '/', then at most 63 of [A-Za-z0-9-_.]. */
function qualifiedNameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '')
    return `is ${show(value)}; expected a provisioner name such as example.com/nfs`;
  const parts = value.split('/');
  const name = parts.pop()!;
  if (parts.length > 1) return `is "${value}"; a provisioner name has at most one '/'`;
  if (parts.length === 1) {
    const prefix = dnsSubdomainProblem(parts[0]);
    if (prefix) return `is "${value}"; its prefix ${prefix}`;
  }
  if (name.length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)) {
    return `is "${value}"; the part after '/' must be at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}
