/**
 * Pod volumes: the `volumes:` entries of a pod spec, made by typed static factories.
 * A PodVolume is a value (name + source), not a construct: the same one is mounted by
 * several containers, and the pod spec lists it once.
 */
import { show } from '../../_show';
import { ApiObject, JsonPatch } from 'cdk8s';
import * as k8s from '../../../imports/k8s';
import { check, fail, oneOf } from '../../_errors';
import { HOST_PATH_TYPES } from '../../k8s/hostpath';
import { dnsLabelProblem, dnsSubdomainProblem } from '../../k8s/names';
import { storageSizeProblem } from '../../k8s/quantity';
import { checkedLabels, checkedMap } from '../../_maps';
import { qualifiedNameProblem } from '../../k8s/names';
import { renderAccessModes, renderVolumeMode } from '../persistent/_modes';
import { AccessMode, VolumeMode } from '../persistent/modes';
// Type only: a runtime import would make pod/ and persistent/ load each other.
import type { StorageClass } from '../persistent/storage-class';
import { VolumeAttributesClass } from '../persistent/volume-attributes-class';

/** Where an emptyDir lives. */
export enum EmptyDirMedium {
  /** The node's disk (the default). */
  DISK = '',
  /** tmpfs: RAM-backed; what is written counts against the writing container's memory limit. */
  MEMORY = 'Memory',
}

/**
 * What the kubelet checks (or creates) at a hostPath before mounting it.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath-volume-types
 */
export enum HostPathType {
  /** No check before mounting (the API's `""`). */
  UNCHECKED = '',
  /** An empty directory is created at the path (mode 0755, owned by the kubelet) if nothing is there. */
  DIRECTORY_OR_CREATE = 'DirectoryOrCreate',
  /** A directory must exist at the path, or the pod does not start. */
  DIRECTORY = 'Directory',
  /** An empty file is created at the path (mode 0644, owned by the kubelet) if nothing is there; its directory must exist. */
  FILE_OR_CREATE = 'FileOrCreate',
  /** A file must exist at the path. */
  FILE = 'File',
  /** A UNIX socket must exist at the path. */
  SOCKET = 'Socket',
  /** A character device must exist at the path. */
  CHAR_DEVICE = 'CharDevice',
  /** A block device must exist at the path. */
  BLOCK_DEVICE = 'BlockDevice',
}

/** Options of {@link PodVolume.emptyDir}. */
export interface EmptyDirOptions {
  /**
   * Disk or RAM (tmpfs).
   * @default EmptyDirMedium.DISK
   */
  readonly medium?: EmptyDirMedium;
  /**
   * The most the volume may hold, as a Kubernetes quantity (`64Mi`, `1G`), kept as written.
   * @default - no limit (for Memory: bounded by the container's memory limit)
   */
  readonly sizeLimit?: string;
}

/** Options of {@link PodVolume.hostPath}. */
export interface HostPathOptions {
  /** Absolute path on the node. */
  readonly path: string;
  /** What must be at the path; required, so a missing directory fails loudly instead of being created. */
  readonly type: HostPathType;
}

/** One key of a ConfigMap or Secret projected to a file. */
export interface KeyToPath {
  /** The key in the ConfigMap or Secret. */
  readonly key: string;
  /** Relative path of the file in the volume. */
  readonly path: string;
  /**
   * File mode, 0 to 0o777.
   * @default - the volume's defaultMode
   */
  readonly mode?: number;
}

/** Options of {@link PodVolume.configMap}, and a ConfigMap source of a projected volume. */
export interface ConfigMapVolumeOptions {
  /** The ConfigMap's name, in the pod's namespace. */
  readonly configMapName: string;
  /**
   * The keys to project, each to its own file path; keys not listed are left out.
   * @default - every key, as a file named after it
   */
  readonly items?: KeyToPath[];
  /**
   * Mode of the files, 0 to 0o777 (ignored in a projected volume source: set the volume's).
   * @default 0o644
   */
  readonly defaultMode?: number;
  /**
   * Start the pod even when the ConfigMap (or a listed key) does not exist.
   * @default false - the pod waits until the ConfigMap exists
   */
  readonly optional?: boolean;
}

/** Options of {@link PodVolume.secret}, and a Secret source of a projected volume. */
export interface SecretVolumeOptions {
  /** The Secret's name, in the pod's namespace. */
  readonly secretName: string;
  /**
   * The keys to project, each to its own file path; keys not listed are left out.
   * @default - every key, as a file named after it
   */
  readonly items?: KeyToPath[];
  /**
   * Mode of the files, 0 to 0o777 (ignored in a projected volume source: set the volume's).
   * @default 0o644
   */
  readonly defaultMode?: number;
  /**
   * Start the pod even when the Secret (or a listed key) does not exist.
   * @default false - the pod waits until the Secret exists
   */
  readonly optional?: boolean;
}

/** A downward API file: a pod field (`metadata.labels`) or a container resource (`limits.memory`). */
export interface DownwardApiFile {
  /** Relative path of the file. */
  readonly path: string;
  /**
   * A pod field: metadata.name, .namespace, .uid, .labels, .annotations, or one label or
   * annotation (`metadata.labels['app']`); volumes take no status or spec fields.
   * @default - none; set exactly one of fieldPath and resource
   */
  readonly fieldPath?: string;
  /** A container resource: limits.cpu, requests.memory, ... (then containerName is required). @default - none */
  readonly resource?: string;
  /** Container whose resource is read. @default - required with resource */
  readonly containerName?: string;
  /**
   * Mode of the file, 0 to 0o777.
   * @default - the volume's defaultMode
   */
  readonly mode?: number;
}

/** Options of {@link PodVolume.downwardApi}, and a downward API source of a projected volume. */
export interface DownwardApiVolumeOptions {
  /** The files: at least one. */
  readonly items: DownwardApiFile[];
  /**
   * Mode of the files, 0 to 0o777 (ignored in a projected volume source: set the volume's).
   * @default 0o644
   */
  readonly defaultMode?: number;
}

/** One source of a projected volume: set exactly one field. */
export interface ProjectionSource {
  /**
   * Keys of a ConfigMap as files.
   * @default - none
   */
  readonly configMap?: ConfigMapVolumeOptions;
  /**
   * Keys of a Secret as files.
   * @default - none
   */
  readonly secret?: SecretVolumeOptions;
  /**
   * Pod fields and container resources as files.
   * @default - none
   */
  readonly downwardApi?: DownwardApiVolumeOptions;
  /** A bound service account token, for this audience. @default - none */
  readonly serviceAccountToken?: ServiceAccountTokenProjection;
}

/** A bound service account token written to a file of a projected volume, and rotated by the kubelet. */
export interface ServiceAccountTokenProjection {
  /** Relative path of the token file in the volume. */
  readonly path: string;
  /**
   * The audience the token is for; its recipient must check it.
   * @default - the API server's audience
   */
  readonly audience?: string;
  /**
   * How long the token is valid, in seconds (at least 600); the kubelet renews it before it expires.
   * @default 3600
   */
  readonly expirationSeconds?: number;
}

/** Options of {@link PodVolume.projected}. */
export interface ProjectedVolumeOptions {
  /** The sources, at least one, each setting exactly one field. */
  readonly sources: ProjectionSource[];
  /**
   * Mode of the files of every source, 0 to 0o777.
   * @default 0o644
   */
  readonly defaultMode?: number;
}

/** Options of {@link PodVolume.persistentVolumeClaim}. */
export interface PersistentVolumeClaimVolumeOptions {
  /** The claim's name, in the pod's namespace. */
  readonly claimName: string;
  /**
   * Mount the claim read-only in every container.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Options of {@link PodVolume.ephemeral}: the claim made for each pod. */
export interface EphemeralVolumeOptions {
  /** The size of each pod's claim, as an exact Kubernetes quantity kept as written (`1Gi`). */
  readonly storage: string;
  /**
   * The class that provisions it. Set this or `storageClassName`.
   * @default - the cluster's default class
   */
  readonly storageClass?: StorageClass;
  /**
   * The class by name.
   * @default - the cluster's default class
   */
  readonly storageClassName?: string;
  /**
   * The claim's access modes.
   * @default [AccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: AccessMode[];
  /**
   * Filesystem or raw block device.
   * @default - Filesystem (not emitted)
   */
  readonly volumeMode?: VolumeMode;
  /**
   * Labels of the claim.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the claim.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * The VolumeAttributesClass of each pod's claim, by name. Set this or `volumeAttributesClass`.
   * Kept by the API server only where the VolumeAttributesClass feature is on (by default from 1.34).
   * @default - none (the driver's defaults)
   */
  readonly volumeAttributesClassName?: string;
  /**
   * The VolumeAttributesClass, when it is one of this app: its driver must be the provisioner of `storageClass`.
   * @default - none (the driver's defaults)
   */
  readonly volumeAttributesClass?: VolumeAttributesClass;
}

/** Options of {@link PodVolume.csi}: a CSI inline (ephemeral) volume. */
export interface CsiVolumeOptions {
  /** The CSI driver's name (`secrets-store.csi.k8s.io`); its CSIDriver must allow `Ephemeral` volumes. */
  readonly driver: string;
  /**
   * Driver-specific attributes, passed to NodePublishVolume.
   * @default - none
   */
  readonly volumeAttributes?: { [key: string]: string };
  /**
   * Mount the volume read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * The filesystem type (`ext4`), when the driver formats one.
   * @default - the driver's choice
   */
  readonly fsType?: string;
  /**
   * A Secret in the pod's namespace passed to NodePublishVolume (credentials for the driver).
   * @default - none
   */
  readonly nodePublishSecretName?: string;
}

/** Options of {@link PodVolume.image}. */
export interface ImageVolumeOptions {
  /** The OCI image or artifact whose files the volume holds (`registry.example.com/models:v1`). */
  readonly reference: string;
  /**
   * When the kubelet pulls it: `Always`, `IfNotPresent` or `Never`.
   * @default - Always for `:latest` or no tag, else IfNotPresent
   */
  readonly pullPolicy?: string;
}

/**
 * A volume of a pod spec (the `volumes:` entry: a name and one source), made by static factories
 * and mounted by containers through their `mounts`. A value, not a construct: the same PodVolume
 * mounted by several containers is listed once in the pod spec.
 */
export class PodVolume {
  /**
   * Scratch space shared by the pod's containers; created empty when the pod starts and
   * deleted with it.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
   */
  public static emptyDir(name: string, options: EmptyDirOptions = {}): PodVolume {
    const at = volumeRef(name);
    options = options ?? {}; // null, from JavaScript, means the defaults too
    if (options.medium !== undefined)
      oneOf(at, 'emptyDir.medium', options.medium, Object.values(EmptyDirMedium));
    // The API server refuses a negative limit; a zero one gets the pod evicted on its first write.
    if (options.sizeLimit !== undefined)
      check(at, 'emptyDir.sizeLimit', storageSizeProblem(options.sizeLimit));
    const emptyDir: k8s.EmptyDirVolumeSource = {
      ...(options.medium ? { medium: options.medium } : {}),
      ...(options.sizeLimit !== undefined ? { sizeLimit: k8s.Quantity.fromString(options.sizeLimit) } : {}),
    };
    return new PodVolume(name, { emptyDir }, 'emptyDir');
  }

  /**
   * A file or directory of the node. Prefer read-only mounts; sensitive paths are refused
   * by the hostPath constructs unless allowed explicitly.
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
   */
  public static hostPath(name: string, options: HostPathOptions): PodVolume {
    const at = volumeRef(name);
    check(at, 'hostPath.path', absolutePathProblem(options?.path));
    oneOf(at, 'hostPath.type', options.type, HOST_PATH_TYPES);
    return new PodVolume(name, { hostPath: { path: options.path, type: options.type } }, 'hostPath');
  }

  /** The keys of a ConfigMap as files. @see https://kubernetes.io/docs/concepts/storage/volumes/#configmap */
  public static configMap(name: string, options: ConfigMapVolumeOptions): PodVolume {
    const at = volumeRef(name);
    check(at, 'configMap.name', dnsSubdomainProblem(options?.configMapName));
    return new PodVolume(
      name,
      { configMap: keyedSource(at, 'configMap', options, options.configMapName) },
      'configMap',
    );
  }

  /** The keys of a Secret as files (tmpfs on the node). @see https://kubernetes.io/docs/concepts/storage/volumes/#secret */
  public static secret(name: string, options: SecretVolumeOptions): PodVolume {
    const at = volumeRef(name);
    check(at, 'secret.secretName', dnsSubdomainProblem(options?.secretName));
    const { name: secretName, ...rest } = keyedSource(at, 'secret', options, options.secretName);
    return new PodVolume(name, { secret: { secretName, ...rest } }, 'secret');
  }

  /** Pod fields and container resources as files. @see https://kubernetes.io/docs/concepts/storage/volumes/#downwardapi */
  public static downwardApi(name: string, options: DownwardApiVolumeOptions): PodVolume {
    const at = volumeRef(name);
    return new PodVolume(name, { downwardApi: downwardSource(at, 'downwardAPI', options) }, 'downwardAPI');
  }

  /** Several ConfigMaps, Secrets, downward API files and tokens in one directory. @see https://kubernetes.io/docs/concepts/storage/projected-volumes/ */
  public static projected(name: string, options: ProjectedVolumeOptions): PodVolume {
    const at = volumeRef(name);
    if (!options?.sources?.length) fail(at, 'projected.sources', 'is empty; give at least one source');
    const sources = options.sources.map((s, i): k8s.VolumeProjection => {
      const field = `projected.sources[${i}]`;
      const set = (['configMap', 'secret', 'downwardApi', 'serviceAccountToken'] as const).filter(
        (k) => s?.[k],
      );
      if (set.length !== 1) {
        fail(
          at,
          field,
          `sets ${set.length ? set.join(' and ') : 'nothing'}; set exactly one of configMap, secret, downwardApi, serviceAccountToken`,
        );
      }
      if (s.configMap)
        return {
          configMap: keyedSource(
            at,
            `${field}.configMap`,
            { ...s.configMap, defaultMode: undefined },
            s.configMap.configMapName,
          ),
        };
      if (s.secret)
        return {
          secret: keyedSource(
            at,
            `${field}.secret`,
            { ...s.secret, defaultMode: undefined },
            s.secret.secretName,
          ),
        };
      if (s.downwardApi)
        return { downwardApi: { items: downwardSource(at, `${field}.downwardAPI`, s.downwardApi).items } };
      const t = s.serviceAccountToken!;
      check(at, `${field}.serviceAccountToken.path`, relativePathProblem(t.path));
      if (
        t.expirationSeconds !== undefined &&
        !(Number.isInteger(t.expirationSeconds) && t.expirationSeconds >= 600)
      ) {
        fail(
          at,
          `${field}.serviceAccountToken.expirationSeconds`,
          `is ${t.expirationSeconds}; expected a whole number of seconds, at least 600`,
        );
      }
      return {
        serviceAccountToken: { path: t.path, audience: t.audience, expirationSeconds: t.expirationSeconds },
      };
    });
    return new PodVolume(
      name,
      { projected: { sources, defaultMode: fileMode(at, 'projected.defaultMode', options.defaultMode) } },
      'projected',
    );
  }

  /** A PersistentVolumeClaim, by name. Prefer a claim construct's own `toPodVolume()`. */
  public static persistentVolumeClaim(name: string, options: PersistentVolumeClaimVolumeOptions): PodVolume {
    const at = volumeRef(name);
    check(at, 'persistentVolumeClaim.claimName', dnsSubdomainProblem(options?.claimName));
    return new PodVolume(
      name,
      { persistentVolumeClaim: { claimName: options.claimName, readOnly: options.readOnly || undefined } },
      'persistentVolumeClaim',
    );
  }

  /**
   * A generic ephemeral volume: a claim made for each pod (named `<pod>-<volume>`), provisioned
   * like any claim, and deleted with the pod. Scratch space with a size, a class and snapshots,
   * unlike an emptyDir. Checked as validateEphemeralVolumeSource and
   * ValidatePersistentVolumeClaimTemplate do (pkg/apis/core/validation/validation.go).
   * @see https://kubernetes.io/docs/concepts/storage/ephemeral-volumes/#generic-ephemeral-volumes
   */
  public static ephemeral(name: string, options: EphemeralVolumeOptions): PodVolume {
    const at = volumeRef(name);
    const f = 'ephemeral.volumeClaimTemplate';
    if (options === null || typeof options !== 'object')
      fail(at, f, `is ${show(options)}; expected options with at least storage, e.g. { storage: '1Gi' }`);
    check(at, `${f}.spec.resources.requests.storage`, storageSizeProblem(options.storage));
    const accessModes = renderAccessModes(at, `${f}.spec.accessModes`, options.accessModes);
    const volumeMode = renderVolumeMode(at, `${f}.spec.volumeMode`, options.volumeMode);
    if (options.storageClass !== undefined && options.storageClassName !== undefined)
      fail(at, `${f}.spec.storageClassName`, 'is set twice (storageClass and storageClassName); set one');
    const sc = options.storageClass;
    if (sc !== undefined && typeof (sc as any)?._claimProblem !== 'function') {
      fail(
        at,
        `${f}.spec.storageClassName`,
        'has a storageClass that is not a StorageClass; pass the object, or its name as storageClassName',
      );
    }
    const storageClassName = sc?.name ?? options.storageClassName;
    if (storageClassName !== undefined)
      check(at, `${f}.spec.storageClassName`, dnsSubdomainProblem(storageClassName));
    const classProblem = sc?._claimProblem(accessModes, volumeMode);
    if (classProblem) fail(at, `${f}.spec.accessModes`, classProblem);
    const volumeAttributesClassName = VolumeAttributesClass._claimField(
      at,
      options.volumeAttributesClass,
      options.volumeAttributesClassName,
      sc?.provisioner.name,
      `${f}.spec.volumeAttributesClassName`,
    );
    const labels = checkedLabels(at, `${f}.metadata.labels`, options.labels);
    const annotations = checkedMap(
      at,
      `${f}.metadata.annotations`,
      options.annotations,
      qualifiedNameProblem,
    );
    const metadata =
      labels || annotations
        ? {
            labels: labels && Object.keys(labels).length ? labels : undefined,
            annotations: annotations && Object.keys(annotations).length ? annotations : undefined,
          }
        : undefined;
    return new PodVolume(
      name,
      {
        ephemeral: {
          volumeClaimTemplate: {
            metadata,
            spec: {
              accessModes,
              storageClassName,
              volumeMode,
              resources: { requests: { storage: k8s.Quantity.fromString(options.storage) } },
              // Not in the L1 type (imports/k8s.ts predates it): addImageVolumes writes it into the JSON.
              ...(volumeAttributesClassName !== undefined ? { volumeAttributesClassName } : {}),
            },
          },
        },
      },
      'ephemeral',
    );
  }

  /**
   * A CSI inline volume: the driver makes it for the pod and removes it with the pod (secrets
   * stores, per-pod caches). Only a driver whose CSIDriver lists `Ephemeral` in
   * volumeLifecycleModes serves it; the plan cannot see the drivers installed.
   * Checked as validateCSIVolumeSource (pkg/apis/core/validation/validation.go).
   * @see https://kubernetes.io/docs/concepts/storage/ephemeral-volumes/#csi-ephemeral-volumes
   */
  public static csi(name: string, options: CsiVolumeOptions): PodVolume {
    const at = volumeRef(name);
    check(at, 'csi.driver', csiDriverNameProblem(options?.driver));
    const volumeAttributes = checkedMap(at, 'csi.volumeAttributes', options.volumeAttributes);
    if (options.nodePublishSecretName !== undefined)
      check(at, 'csi.nodePublishSecretRef.name', dnsSubdomainProblem(options.nodePublishSecretName));
    if (options.fsType !== undefined && (typeof options.fsType !== 'string' || options.fsType === ''))
      fail(
        at,
        'csi.fsType',
        `is ${show(options.fsType)}; expected a filesystem type such as ext4, or leave it out`,
      );
    return new PodVolume(
      name,
      {
        csi: {
          driver: options.driver,
          readOnly: options.readOnly || undefined,
          fsType: options.fsType,
          volumeAttributes:
            volumeAttributes && Object.keys(volumeAttributes).length ? volumeAttributes : undefined,
          nodePublishSecretRef:
            options.nodePublishSecretName !== undefined ? { name: options.nodePublishSecretName } : undefined,
        },
      },
      'csi',
    );
  }

  /**
   * An image volume: the files of an OCI image or artifact, read-only (models, static content,
   * tools), pulled by the kubelet. Kubernetes 1.31 added it behind the ImageVolume gate, off by
   * default until 1.35 (beta, on) and GA in 1.36: the constructs judge it for the Kubernetes minor
   * of the context value `cdk8s-volumes:kubernetesVersion`, as the storage plan does, and refuse it
   * where the API server would drop it. The node's container runtime must support image volumes.
   * Checked as validateImageVolumeSource (pkg/apis/core/validation/validation.go).
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/image-volumes/
   */
  public static image(name: string, options: ImageVolumeOptions): PodVolume {
    const at = volumeRef(name);
    if (typeof options?.reference !== 'string' || options.reference.trim() === '')
      fail(
        at,
        'image.reference',
        `is ${show(options?.reference)}; expected an image reference such as registry.example.com/models:v1`,
      );
    if (options.pullPolicy !== undefined)
      oneOf(at, 'image.pullPolicy', options.pullPolicy, ['Always', 'IfNotPresent', 'Never']);
    // imports/k8s.ts predates the field: the constructs add it to their objects as a JSON patch
    // (addImageVolumes), which the schema of each target minor then judges.
    const image = { reference: options.reference, pullPolicy: options.pullPolicy };
    return new PodVolume(name, { image } as Omit<k8s.Volume, 'name'>, 'image');
  }

  /** The volume's name in the pod spec. */
  public readonly name: string;
  /** The source's field name in the pod spec (`emptyDir`, `hostPath`, `persistentVolumeClaim`, ...). */
  public readonly sourceType: string;
  private readonly source: Omit<k8s.Volume, 'name'>;

  private constructor(name: string, source: Omit<k8s.Volume, 'name'>, sourceType: string) {
    check(volumeRef(name), 'name', dnsLabelProblem(name));
    this.name = name;
    this.source = source;
    this.sourceType = sourceType;
  }

  /** The `volumes:` entry. */
  public toJson(): k8s.Volume {
    return { name: this.name, ...this.source };
  }

  /** True if both give the same `volumes:` entry (the same volume, mounted twice). */
  public sameAs(other: PodVolume): boolean {
    return JSON.stringify(this.toJson()) === JSON.stringify(other.toJson());
  }
}

/** ValidateCSIDriverName: at most 63 characters, a DNS-1123 subdomain once lowercased. */
function csiDriverNameProblem(driver: unknown): string | undefined {
  if (typeof driver !== 'string' || driver === '')
    return `is ${show(driver)}; expected the CSI driver's name, such as secrets-store.csi.k8s.io`;
  if (driver.length > 63)
    return `is "${driver}" (${driver.length} characters); a CSI driver name has at most 63`;
  const problem = dnsSubdomainProblem(driver.toLowerCase());
  return problem && `is "${driver}"; a CSI driver name is a DNS-1123 subdomain (lowercased)`;
}

function volumeRef(name: string): string {
  return `volume "${name}"`;
}

export function absolutePathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '')
    return `is ${show(path)}; expected an absolute path such as /var/log`;
  if (!path.startsWith('/')) return `is "${path}"; expected an absolute path (starting with /)`;
  if (path.split('/').includes('..')) return `is "${path}"; a path may not contain '..'`;
  return undefined;
}

export function relativePathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '')
    return `is ${show(path)}; expected a relative file path such as config/app.yaml`;
  if (path.startsWith('/')) return `is "${path}"; expected a relative path (not starting with /)`;
  if (path.split('/').includes('..')) return `is "${path}"; a path may not contain '..'`;
  return undefined;
}

function fileMode(at: string, field: string, mode: number | undefined): number | undefined {
  if (mode !== undefined && !(Number.isInteger(mode) && mode >= 0 && mode <= 0o777)) {
    fail(at, field, `is ${mode}; expected a file mode from 0 to 0o777 (511)`);
  }
  return mode;
}

function keyedSource(
  at: string,
  field: string,
  options: { items?: KeyToPath[]; defaultMode?: number; optional?: boolean },
  name: string,
): { name: string; items?: k8s.KeyToPath[]; defaultMode?: number; optional?: boolean } {
  const items = options.items?.map((item, i) => {
    check(at, `${field}.items[${i}].path`, relativePathProblem(item.path));
    if (!item.key) fail(at, `${field}.items[${i}].key`, `is ${show(item.key)}; expected the key to project`);
    return { key: item.key, path: item.path, mode: fileMode(at, `${field}.items[${i}].mode`, item.mode) };
  });
  return {
    name,
    items,
    defaultMode: fileMode(at, `${field}.defaultMode`, options.defaultMode),
    optional: options.optional,
  };
}

const DOWNWARD_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.labels',
  'metadata.annotations',
];
const DOWNWARD_RESOURCES = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
];

function downwardSource(
  at: string,
  field: string,
  options: DownwardApiVolumeOptions,
): k8s.DownwardApiVolumeSource {
  if (!options?.items?.length) fail(at, `${field}.items`, 'is empty; give at least one file');
  const items = options.items.map((f, i): k8s.DownwardApiVolumeFile => {
    check(at, `${field}.items[${i}].path`, relativePathProblem(f.path));
    if (!!f.fieldPath === !!f.resource) {
      fail(
        at,
        `${field}.items[${i}]`,
        'must set exactly one of fieldPath (e.g. metadata.labels) and resource (e.g. limits.memory)',
      );
    }
    // The API server's rules for downward API volume files (not env vars): fewer pod fields,
    // and a resource must name its container.
    if (
      f.fieldPath &&
      !DOWNWARD_FIELDS.includes(f.fieldPath) &&
      !/^metadata\.(labels|annotations)\['[^']+'\]$/.test(f.fieldPath)
    ) {
      fail(
        at,
        `${field}.items[${i}].fieldPath`,
        `is ${show(f.fieldPath)}; a downward API volume supports ${DOWNWARD_FIELDS.join(', ')}, metadata.labels['<key>'] and metadata.annotations['<key>']`,
      );
    }
    if (f.resource) {
      if (
        !DOWNWARD_RESOURCES.includes(f.resource) &&
        !/^(limits|requests)\.hugepages-\S+$/.test(f.resource)
      ) {
        fail(
          at,
          `${field}.items[${i}].resource`,
          `is ${show(f.resource)}; expected one of ${DOWNWARD_RESOURCES.join(', ')} or limits.hugepages-<size>`,
        );
      }
      check(
        at,
        `${field}.items[${i}].containerName`,
        f.containerName === undefined
          ? 'is required with resource in a volume: name the container whose resource is read'
          : dnsLabelProblem(f.containerName),
      );
    }
    return {
      path: f.path,
      fieldRef: f.fieldPath ? { fieldPath: f.fieldPath } : undefined,
      resourceFieldRef: f.resource ? { resource: f.resource, containerName: f.containerName } : undefined,
      mode: fileMode(at, `${field}.items[${i}].mode`, f.mode),
    };
  });
  return { items, defaultMode: fileMode(at, `${field}.defaultMode`, options.defaultMode) };
}

/**
 * Adds the image volumes of `spec` (at `specPath`, e.g. `/spec/template/spec`) to `obj`'s JSON, and
 * the volumeAttributesClassName of its ephemeral volumes' claim templates.
 * The L1 bindings of imports/k8s.ts predate these fields and drop them, even from a JSON patch (their
 * toJson filters the patched result), so the patch is applied to what they return.
 */
export function addImageVolumes(obj: ApiObject, spec: k8s.PodSpec, specPath: string): void {
  const patches = (spec.volumes ?? []).flatMap((v, i) => {
    const vac = (v.ephemeral?.volumeClaimTemplate?.spec as { volumeAttributesClassName?: string } | undefined)
      ?.volumeAttributesClassName;
    if (vac !== undefined)
      return [
        JsonPatch.add(
          `${specPath}/volumes/${i}/ephemeral/volumeClaimTemplate/spec/volumeAttributesClassName`,
          vac,
        ),
      ];
    const image = (v as { image?: { reference: string; pullPolicy?: string } }).image;
    if (!image) return [];
    const value = image.pullPolicy
      ? { pullPolicy: image.pullPolicy, reference: image.reference }
      : { reference: image.reference };
    return [JsonPatch.add(`${specPath}/volumes/${i}/image`, value)];
  });
  if (!patches.length) return;
  const toJson = obj.toJson.bind(obj);
  obj.toJson = () => JsonPatch.apply(toJson(), ...patches);
}
