/**
 * Pod volumes: the `volumes:` entries of a pod spec, made by typed static factories.
 * A PodVolume is a value (name + source), not a construct: the same one is mounted by
 * several containers, and the pod spec lists it once.
 */
import { show } from '../plan/_show';
import * as k8s from '../../imports/k8s';
import { check, fail, oneOf } from '../_errors';
import { HOST_PATH_TYPES } from '../plan/hostpath';
import { dnsLabelProblem, dnsSubdomainProblem } from '../plan/names';
import { storageSizeProblem } from '../plan/quantity';

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
