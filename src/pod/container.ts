/**
 * Containers, their mounts and the security profile of a pod: the props every pattern and
 * workload in this library takes, and the one renderer that turns them into a pod spec.
 */
import { show } from '../plan/_show';
import * as k8s from '../../imports/k8s';
import { check, fail, oneOf } from '../_errors';
import { normalizeMountPath } from '../plan/hostpath';
import { dnsLabelProblem } from '../plan/names';
import { compareQuantities, parseQuantity, QUANTITY_HINT } from '../plan/quantity';
import { absolutePathProblem, PodVolume, relativePathProblem } from './volume';

/** When the kubelet pulls the image. */
export enum ImagePullPolicy {
  /** Pull on every container start (the registry must be reachable; layers already on the node are reused). */
  ALWAYS = 'Always',
  /** Pull only if the image is not on the node yet. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Use only an image already on the node (locally built images). */
  NEVER = 'Never',
}

/** A volume mounted into a container. */
export interface Mount {
  /** The volume to mount: the pod spec lists every volume its containers mount, once. */
  readonly volume: PodVolume;
  /** Absolute path in the container. */
  readonly path: string;
  /**
   * Mount the volume read-only in this container.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Mount only this relative path of the volume.
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/** Requests and limits, as Kubernetes quantities kept as written. */
export interface ContainerResources {
  /**
   * CPU the scheduler reserves for the container (`250m`, `1`).
   * @default - none
   */
  readonly cpuRequest?: string;
  /**
   * CPU the container is throttled at (`500m`, `2`).
   * @default - none
   */
  readonly cpuLimit?: string;
  /**
   * Memory the scheduler reserves for the container (`64Mi`).
   * @default - none
   */
  readonly memoryRequest?: string;
  /** A tmpfs (Memory emptyDir) written by this container counts against this limit. @default - none */
  readonly memoryLimit?: string;
}

/** A container of a pod made by this library: its image, command, resources and mounts. */
export interface ContainerProps {
  /** DNS-1123 label, unique in the pod. */
  readonly name: string;
  /** The image reference (`nginx:alpine`, `registry.example.com/app@sha256:...`). */
  readonly image: string;
  /**
   * The executable and its arguments, replacing the image's entrypoint.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments to the entrypoint (or to `command`), replacing the image's cmd.
   * @default - the image's cmd
   */
  readonly args?: string[];
  /** Environment variables; emitted sorted by name. @default - none */
  readonly env?: { [name: string]: string };
  /** Container ports (TCP). @default - none */
  readonly ports?: number[];
  /**
   * When the kubelet pulls the image.
   * @default - Kubernetes' default (Always for `:latest` or untagged images, else IfNotPresent)
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * CPU and memory requests and limits.
   * @default - none
   */
  readonly resources?: ContainerResources;
  /**
   * The volumes this container mounts; each is added to the pod's `volumes:` once.
   * @default - none
   */
  readonly mounts?: Mount[];
  /**
   * The uid this container runs as (e.g. 101 for nginx-unprivileged). Under a restricted profile
   * it overrides the profile's uid; under `SecurityProfile.IMAGE_DEFAULT` it is the only field of
   * the container's securityContext.
   * @default - the profile's runAsUser; with IMAGE_DEFAULT, the image's user
   */
  readonly runAsUser?: number;
  /**
   * The directory the command runs in (absolute).
   * @default - the image's working directory
   */
  readonly workingDir?: string;
}

/** Options of the restricted (hardened) profile. */
export interface RestrictedProfileOptions {
  /**
   * The uid the containers run as (non-root); a container's own `runAsUser` overrides it.
   * @default 1000
   */
  readonly runAsUser?: number;
  /**
   * The primary gid of the containers' processes.
   * @default 1000
   */
  readonly runAsGroup?: number;
  /**
   * The group that owns the pod's volumes, so a non-root writer can write a shared emptyDir.
   * @default 1000
   */
  readonly fsGroup?: number;
  /**
   * Mount every root filesystem read-only (give the image's writable dirs as emptyDirs).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/**
 * The pod's security context. This library does not force one: images such as `nginx:alpine`
 * or `luksa/fortune` run as root and write their root filesystem, and would never start under
 * cdk8s-plus-27's forced `runAsNonRoot` / `readOnlyRootFilesystem`.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export class SecurityProfile {
  /**
   * Set nothing: the image's own user and filesystem. Only a container's own `runAsUser`, if
   * given, is set. Meets Pod Security `baseline` unless a hostPath or privileges are added.
   */
  public static readonly IMAGE_DEFAULT = new SecurityProfile(false, {});

  /**
   * Meets Pod Security `restricted`: non-root uid, no privilege escalation, all capabilities
   * dropped, RuntimeDefault seccomp, read-only root filesystem. The image must run as that uid.
   */
  public static restricted(options: RestrictedProfileOptions = {}): SecurityProfile {
    options = options ?? {};
    for (const k of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
      const v = options[k];
      if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
        fail('SecurityProfile.restricted', k, `is ${v}; expected a non-root id (a whole number above 0)`);
      }
    }
    return new SecurityProfile(true, options);
  }

  private constructor(
    /** True for the restricted profile. */
    public readonly isRestricted: boolean,
    private readonly options: RestrictedProfileOptions,
  ) {}

  /** The pod-level securityContext, or undefined. */
  public podSecurityContext(): k8s.PodSecurityContext | undefined {
    if (!this.isRestricted) return undefined;
    return {
      runAsNonRoot: true,
      runAsUser: this.options.runAsUser ?? 1000,
      runAsGroup: this.options.runAsGroup ?? 1000,
      fsGroup: this.options.fsGroup ?? 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }

  /** A container's securityContext, or undefined; `runAsUser` is the container's own. */
  public containerSecurityContext(runAsUser?: number): k8s.SecurityContext | undefined {
    // The image's user unless the container names one: a runAsUser given is never dropped.
    if (!this.isRestricted) return runAsUser === undefined ? undefined : { runAsUser };
    return {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: this.options.readOnlyRootFilesystem ?? true,
      runAsUser,
    };
  }
}

/** What a pod spec is made of. */
export interface PodSpecParts {
  /** The containers, at least one, with unique names. */
  readonly containers: ContainerProps[];
  /**
   * Containers run to completion, in order, before the containers start (e.g. a git clone).
   * @default - none
   */
  readonly initContainers?: ContainerProps[];
  /**
   * The security context of the pod and its containers.
   * @default SecurityProfile.IMAGE_DEFAULT
   */
  readonly security?: SecurityProfile;
  /** Volumes no container mounts (rare; e.g. for a sidecar added later). @default - none */
  readonly volumes?: PodVolume[];
}

/**
 * Renders a pod spec: containers, init containers, and every mounted volume listed once, in
 * the order first mounted. Fails, naming `object`, on duplicate container names, two mounts at
 * one path, relative mount paths, and two different volumes with one name.
 */
export function renderPodSpec(object: string, parts: PodSpecParts): k8s.PodSpec {
  const security = parts.security ?? SecurityProfile.IMAGE_DEFAULT;
  if (!parts.containers?.length) fail(object, 'containers', 'is empty; a pod needs at least one container');
  const volumes = new Map<string, PodVolume>();
  const addVolume = (v: PodVolume, field: string) => {
    const seen = volumes.get(v.name);
    if (seen && !seen.sameAs(v)) {
      fail(
        object,
        field,
        `names volume "${v.name}", but another volume of that name has a different source; give each volume its own name`,
      );
    }
    volumes.set(v.name, v);
  };
  const names = new Set<string>();
  const render = (c: ContainerProps, field: string): k8s.Container => {
    check(object, `${field}.name`, dnsLabelProblem(c?.name));
    if (names.has(c.name))
      fail(object, `${field}.name`, `is "${c.name}", which another container of this pod already uses`);
    names.add(c.name);
    if (typeof c.image !== 'string' || c.image.trim() === '') {
      fail(object, `${field}.image`, `is ${show(c.image)}; expected an image reference such as nginx:alpine`);
    }
    if (c.imagePullPolicy !== undefined)
      oneOf(object, `${field}.imagePullPolicy`, c.imagePullPolicy, Object.values(ImagePullPolicy));
    // With runAsNonRoot, uid 0 never starts (the kubelet refuses it).
    if (c.runAsUser !== undefined && !(Number.isInteger(c.runAsUser) && c.runAsUser > 0)) {
      fail(
        object,
        `${field}.runAsUser`,
        `is ${c.runAsUser}; expected a non-root uid (a whole number above 0)`,
      );
    }
    for (const name of Object.keys(c.env ?? {})) {
      if (!ENV_NAME.test(name))
        fail(
          object,
          `${field}.env`,
          `has name ${show(name)}; an environment variable name has letters, digits, '_', '-' and '.', and does not start with a digit`,
        );
    }
    const paths = new Set<string>();
    const volumeMounts = (c.mounts ?? []).map((m, i): k8s.VolumeMount => {
      const mf = `${field}.volumeMounts[${i}]`;
      if (!(m?.volume instanceof PodVolume))
        fail(
          object,
          `${mf}.volume`,
          'is not a PodVolume; make one with PodVolume.emptyDir(), .hostPath(), ...',
        );
      check(object, `${mf}.mountPath`, absolutePathProblem(m.path));
      const normalized = normalizeMountPath(m.path);
      if (paths.has(normalized))
        fail(object, `${mf}.mountPath`, `is "${m.path}", where this container already mounts another volume`);
      paths.add(normalized);
      if (m.subPath !== undefined) check(object, `${mf}.subPath`, relativePathProblem(m.subPath));
      addVolume(m.volume, `${mf}.volume`);
      return {
        name: m.volume.name,
        mountPath: m.path,
        readOnly: m.readOnly || undefined,
        subPath: m.subPath,
      };
    });
    const ports = (c.ports ?? []).map((p, i) => {
      if (!(Number.isInteger(p) && p >= 1 && p <= 65535))
        fail(object, `${field}.ports[${i}]`, `is ${p}; expected a port from 1 to 65535`);
      return { containerPort: p };
    });
    return {
      name: c.name,
      image: c.image,
      imagePullPolicy: c.imagePullPolicy,
      command: c.command,
      args: c.args,
      workingDir: c.workingDir,
      env:
        c.env &&
        Object.keys(c.env)
          .sort()
          .map((name) => ({ name, value: c.env![name] })),
      ports: ports.length ? ports : undefined,
      resources: renderResources(object, `${field}.resources`, c.resources),
      securityContext: security.containerSecurityContext(c.runAsUser),
      volumeMounts: volumeMounts.length ? volumeMounts : undefined,
    };
  };
  const initContainers = (parts.initContainers ?? []).map((c, i) => render(c, `initContainers[${i}]`));
  const containers = parts.containers.map((c, i) => render(c, `containers[${i}]`));
  (parts.volumes ?? []).forEach((v, i) => addVolume(v, `volumes[${i}]`));
  // A downward API file reading a container's resource fails at start if no such container.
  for (const v of volumes.values()) {
    const json = v.toJson();
    const items = [
      ...(json.downwardApi?.items ?? []),
      ...(json.projected?.sources ?? []).flatMap((s) => s.downwardApi?.items ?? []),
    ];
    for (const item of items) {
      const container = item.resourceFieldRef?.containerName;
      if (container !== undefined && !names.has(container)) {
        fail(
          object,
          `volumes.${v.name}`,
          `reads resource ${item.resourceFieldRef!.resource} of container "${container}", which this pod does not have (containers: ${[...names].join(', ')})`,
        );
      }
    }
  }
  return {
    securityContext: security.podSecurityContext(),
    initContainers: initContainers.length ? initContainers : undefined,
    containers,
    volumes: volumes.size ? [...volumes.values()].map((v) => v.toJson()) : undefined,
  };
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function renderResources(
  object: string,
  field: string,
  r: ContainerResources | undefined,
): k8s.ResourceRequirements | undefined {
  if (!r) return undefined;
  const q = (key: keyof ContainerResources) => {
    const v = r[key];
    if (v === undefined) return undefined;
    const parsed = parseQuantity(v);
    if (!parsed) fail(object, `${field}.${key}`, `is ${show(v)}, which is not ${QUANTITY_HINT}`);
    if (parsed.nanos < 0n)
      fail(object, `${field}.${key}`, `is ${show(v)}; a resource quantity may not be negative`);
    return parsed;
  };
  // The API server refuses a request above its limit.
  for (const [req, lim] of [
    ['cpuRequest', 'cpuLimit'],
    ['memoryRequest', 'memoryLimit'],
  ] as const) {
    const request = q(req);
    const limit = q(lim);
    if (request && limit && compareQuantities(request, limit) > 0) {
      fail(
        object,
        `${field}.${req}`,
        `is ${show(request.text)}, above ${lim} ${show(limit.text)}; a request may not exceed its limit`,
      );
    }
  }
  const quantity = (key: keyof ContainerResources) =>
    r[key] === undefined ? undefined : k8s.Quantity.fromString(r[key]!);
  const requests = { cpu: quantity('cpuRequest'), memory: quantity('memoryRequest') };
  const limits = { cpu: quantity('cpuLimit'), memory: quantity('memoryLimit') };
  const some = (o: Record<string, unknown>) =>
    Object.values(o).some((v) => v !== undefined) ? o : undefined;
  return { requests: some(requests) as any, limits: some(limits) as any };
}
