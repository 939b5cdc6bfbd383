/**
 * Containers, their mounts and the security profile of a pod: the props every pattern and
 * workload in this library takes, and the one renderer that turns them into a pod spec.
 */
import { show } from '../../_show';
import * as k8s from '../../../imports/k8s';
import { check, fail, oneOf } from '../../_errors';
import { checkedLabels, checkedMap } from '../../_maps';
import { normalizeMountPath } from '../../k8s/hostpath';
import {
  dnsLabelProblem,
  dnsSubdomainProblem,
  labelValueProblem,
  qualifiedNameProblem,
} from '../../k8s/names';
import { compareQuantities, parseQuantity, QUANTITY_HINT } from '../../k8s/quantity';
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
  /**
   * More environment variables, as the Kubernetes API writes them: a `value`, or a `valueFrom` a
   * Secret key, a ConfigMap key, a pod field or a container resource. Emitted after `env`, in the
   * order given (a value may refer to an earlier variable as `$(NAME)`); a name may not be in both.
   * @default - none
   * @example [{ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-auth', key: 'password' } } }]
   */
  readonly envVars?: k8s.EnvVar[];
  /**
   * Every key of a ConfigMap or Secret as environment variables (`envFrom`).
   * @default - none
   */
  readonly envFrom?: k8s.EnvFromSource[];
  /**
   * Restart the container when this probe fails.
   * @default - none
   */
  readonly livenessProbe?: k8s.Probe;
  /**
   * Send the pod traffic (and count it ready for a rollout) only while this probe passes.
   * @default - none
   */
  readonly readinessProbe?: k8s.Probe;
  /**
   * Hold the other probes until this one passes once (slow starters such as databases on recovery).
   * @default - none
   */
  readonly startupProbe?: k8s.Probe;
  /**
   * postStart / preStop hooks (e.g. a clean shutdown before the pod's volumes are unmounted).
   * @default - none
   */
  readonly lifecycle?: k8s.Lifecycle;
  /**
   * The container's securityContext, merged over what the pod's `security` profile sets. A field
   * the restricted profile sets may only be repeated with the same value: the profile's promise
   * (Pod Security `restricted`) is not silently broken.
   * @default - the profile's
   */
  readonly securityContext?: k8s.SecurityContext;
}

/**
 * Pod-level fields of a workload or pattern's pods, as the Kubernetes API writes them.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec
 */
export interface PodOptions {
  /**
   * The service account the pods run as.
   * @default - the namespace's `default` account
   */
  readonly serviceAccountName?: string;
  /**
   * Mount the service account's API token into the containers.
   * @default - the service account's setting (true unless it says otherwise)
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Run only on nodes with these labels.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Node affinity and pod (anti-)affinity, passed through.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Node taints the pods tolerate.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Secrets (in the pod's namespace) holding registry credentials for the images.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Seconds between SIGTERM and SIGKILL when a pod stops: what a database needs to flush.
   * @default 30 (Kubernetes' default)
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * The PriorityClass of the pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Labels of the pods (the pod template's, for a workload), added to the object's; the
   * selector's labels may not be changed.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the pods (the pod template's, for a workload).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
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
  /**
   * Pod-level fields: service account, node selection, tolerations, pull secrets, grace period
   * (`labels` and `annotations` are the caller's, for the pod's metadata).
   * @default - none
   */
  readonly podOptions?: PodOptions;
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
    const env = renderEnv(object, field, c);
    const envFrom = c.envFrom?.map((e, i) => envFromSource(object, `${field}.envFrom[${i}]`, e));
    const probes = {
      livenessProbe: probe(object, `${field}.livenessProbe`, c.livenessProbe, true),
      readinessProbe: probe(object, `${field}.readinessProbe`, c.readinessProbe, false),
      startupProbe: probe(object, `${field}.startupProbe`, c.startupProbe, true),
    };
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
      // The kubelet mounts only Filesystem volumes; a Block one is a device (volumeDevices).
      if (m.volume.toJson().ephemeral?.volumeClaimTemplate?.spec.volumeMode === 'Block') {
        fail(
          object,
          `${mf}.volume`,
          `is ephemeral volume "${m.volume.name}" of volumeMode Block, a raw device that cannot be mounted at a path; use volumeMode Filesystem`,
        );
      }
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
      env,
      envFrom: envFrom?.length ? envFrom : undefined,
      ports: ports.length ? ports : undefined,
      resources: renderResources(object, `${field}.resources`, c.resources),
      ...probes,
      lifecycle: c.lifecycle,
      securityContext: containerSecurity(object, `${field}.securityContext`, security, c),
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
    ...renderPodOptions(object, parts.podOptions),
  };
}

/**
 * The pod-level fields of {@link PodOptions}, checked as the API server checks them
 * (pkg/apis/core/validation/validation.go ValidatePodSpec).
 */
function renderPodOptions(object: string, o: PodOptions | undefined): Partial<k8s.PodSpec> {
  if (o === undefined || o === null) return {};
  if (typeof o !== 'object' || Array.isArray(o))
    fail(object, 'podOptions', `is ${show(o)}; expected an object of pod fields`);
  // ValidateServiceAccountName and the PriorityClass name: DNS-1123 subdomains.
  if (o.serviceAccountName !== undefined)
    check(object, 'spec.serviceAccountName', dnsSubdomainProblem(o.serviceAccountName));
  if (o.priorityClassName !== undefined)
    check(object, 'spec.priorityClassName', dnsSubdomainProblem(o.priorityClassName));
  const grace = o.terminationGracePeriodSeconds;
  if (grace !== undefined && !(Number.isInteger(grace) && grace >= 0)) {
    fail(
      object,
      'spec.terminationGracePeriodSeconds',
      `is ${show(grace)}; expected a whole number of seconds, 0 or more`,
    );
  }
  const pullSecrets = o.imagePullSecrets?.map((name, i) => {
    check(object, `spec.imagePullSecrets[${i}].name`, dnsSubdomainProblem(name));
    return { name };
  });
  const tolerations = o.tolerations?.map((t, i) => renderToleration(object, `spec.tolerations[${i}]`, t));
  return {
    serviceAccountName: o.serviceAccountName,
    automountServiceAccountToken: o.automountServiceAccountToken,
    nodeSelector: checkedLabels(object, 'spec.nodeSelector', o.nodeSelector),
    affinity: o.affinity,
    tolerations: tolerations?.length ? tolerations : undefined,
    imagePullSecrets: pullSecrets?.length ? pullSecrets : undefined,
    terminationGracePeriodSeconds: grace,
    priorityClassName: o.priorityClassName,
  };
}

/**
 * `env` (sorted) then `envVars` (as given), checked as validateEnv does: a name, and a value or
 * exactly one `valueFrom` source. New names are judged by the relaxed rule (any printable ASCII
 * but '=', RelaxedEnvironmentVariableValidation, on by default from 1.32 and GA in 1.34): the strict
 * rule would refuse names current clusters accept.
 */
function renderEnv(object: string, field: string, c: ContainerProps): k8s.EnvVar[] | undefined {
  const fromMap = Object.keys(c.env ?? {})
    .sort()
    .map((name): k8s.EnvVar => ({ name, value: c.env![name] }));
  const names = new Set(fromMap.map((e) => e.name));
  const more = (c.envVars ?? []).map((e, i): k8s.EnvVar => {
    const f = `${field}.envVars[${i}]`;
    if (e === null || typeof e !== 'object')
      fail(object, f, `is ${show(e)}; expected { name, value } or { name, valueFrom }`);
    check(object, `${f}.name`, envNameProblem(e.name));
    if (names.has(e.name)) {
      fail(
        object,
        `${f}.name`,
        `is "${e.name}", which ${Object.prototype.hasOwnProperty.call(c.env ?? {}, e.name) ? 'env' : 'another envVars entry'} already sets; Kubernetes would keep only the last one`,
      );
    }
    names.add(e.name);
    if (e.valueFrom !== undefined) {
      if (e.value !== undefined && e.value !== '')
        fail(object, `${f}.value`, 'is set with valueFrom; set one of value and valueFrom');
      const sources = (['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const).filter(
        (k) => e.valueFrom?.[k] !== undefined,
      );
      if (sources.length !== 1) {
        fail(
          object,
          `${f}.valueFrom`,
          `sets ${sources.length ? sources.join(' and ') : 'nothing'}; set exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef`,
        );
      }
      const ref = e.valueFrom.secretKeyRef ?? e.valueFrom.configMapKeyRef;
      if (ref) {
        const rf = `${f}.valueFrom.${sources[0]}`;
        check(object, `${rf}.name`, dnsSubdomainProblem(ref.name));
        check(object, `${rf}.key`, configKeyProblem(ref.key));
      }
    }
    return e;
  });
  const all = [...fromMap, ...more];
  return all.length ? all : undefined;
}

/** One `envFrom` entry: exactly one of configMapRef and secretRef (validateEnvFrom). */
function envFromSource(object: string, field: string, e: k8s.EnvFromSource): k8s.EnvFromSource {
  if (e === null || typeof e !== 'object')
    fail(object, field, `is ${show(e)}; expected { secretRef: { name } } or { configMapRef: { name } }`);
  const set = (['configMapRef', 'secretRef'] as const).filter((k) => e[k] !== undefined);
  if (set.length !== 1)
    fail(
      object,
      field,
      `sets ${set.length ? set.join(' and ') : 'neither'}; set exactly one of configMapRef and secretRef`,
    );
  check(object, `${field}.${set[0]}.name`, dnsSubdomainProblem(e[set[0]]!.name));
  if (e.prefix !== undefined && e.prefix !== '') check(object, `${field}.prefix`, envNameProblem(e.prefix));
  return e;
}

const RELAXED_ENV_NAME = /^[\x20-\x3C\x3E-\x7E]+$/;

function envNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !RELAXED_ENV_NAME.test(name))
    return `is ${show(name)}; an environment variable name is printable ASCII characters other than '=', at least one`;
  return undefined;
}

/** A ConfigMap or Secret key (IsConfigMapKey): letters, digits, '-', '_', '.', at most 253. */
function configKeyProblem(key: unknown): string | undefined {
  if (
    typeof key !== 'string' ||
    !/^[-._a-zA-Z0-9]+$/.test(key) ||
    key.length > 253 ||
    key === '.' ||
    key === '..'
  )
    return `is ${show(key)}; expected a key of letters, digits, '-', '_' and '.' (at most 253 characters)`;
  return undefined;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/**
 * A probe, checked as validateProbe and validateHandler do: exactly one handler, counts not
 * negative, and successThreshold 1 for liveness and startup probes (validateContainers).
 */
function probe(object: string, field: string, p: k8s.Probe | undefined, onlyOneSuccess: boolean) {
  if (p === undefined) return undefined;
  if (p === null || typeof p !== 'object')
    fail(object, field, `is ${show(p)}; expected a probe such as { exec: { command: [...] } }`);
  const handlers = PROBE_HANDLERS.filter((k) => p[k] !== undefined);
  if (handlers.length !== 1) {
    fail(
      object,
      field,
      `sets ${handlers.length ? handlers.join(' and ') : 'no handler'}; set exactly one of ${PROBE_HANDLERS.join(', ')}`,
    );
  }
  if (p.exec && !p.exec.command?.length)
    fail(object, `${field}.exec.command`, 'is empty; give the command to run, e.g. ["pg_isready"]');
  for (const k of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
    'terminationGracePeriodSeconds',
  ] as const) {
    const v = p[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0))
      fail(object, `${field}.${k}`, `is ${show(v)}; expected a whole number, 0 or more`);
  }
  if (onlyOneSuccess && p.successThreshold !== undefined && p.successThreshold !== 1)
    fail(object, `${field}.successThreshold`, `is ${p.successThreshold}; it must be 1 for this probe`);
  return p;
}

/**
 * The profile's container securityContext with the container's own merged over it. Under the
 * restricted profile a field it sets may only be repeated with the same value.
 */
function containerSecurity(
  object: string,
  field: string,
  security: SecurityProfile,
  c: ContainerProps,
): k8s.SecurityContext | undefined {
  const own = c.securityContext;
  if (own !== undefined && (own === null || typeof own !== 'object' || Array.isArray(own)))
    fail(object, field, `is ${show(own)}; expected a securityContext object`);
  if (own?.runAsUser !== undefined && c.runAsUser !== undefined && own.runAsUser !== c.runAsUser) {
    fail(
      object,
      `${field}.runAsUser`,
      `is ${own.runAsUser}, but the container's runAsUser is ${c.runAsUser}; set one of them`,
    );
  }
  const base = security.containerSecurityContext(c.runAsUser ?? own?.runAsUser);
  if (!own) return base;
  if (security.isRestricted && base) {
    for (const [k, v] of Object.entries(base)) {
      const mine = (own as Record<string, unknown>)[k];
      if (v !== undefined && mine !== undefined && JSON.stringify(mine) !== JSON.stringify(v)) {
        fail(
          object,
          `${field}.${k}`,
          `is ${show(mine)}, but the restricted security profile sets ${show(v)}; drop it, or use SecurityProfile.IMAGE_DEFAULT`,
        );
      }
    }
  }
  return { ...base, ...own };
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

/** How a toleration matches a taint's value. */
export enum TolerationOperator {
  /** The taint's value must equal the toleration's. */
  EQUAL = 'Equal',
  /** Any value (and, without a key, any taint). */
  EXISTS = 'Exists',
}

/** What a taint does to pods that do not tolerate it. */
export enum TaintEffect {
  /** New pods are not scheduled on the node; running pods stay. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node if it can. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Also evicts running pods. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * The API server's toleration rules, checked before apply
 * (pkg/apis/core/validation/validation.go ValidateTolerations).
 */
export function renderToleration(
  object: string,
  field: string,
  t: { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number },
): k8s.Toleration {
  if (t === null || typeof t !== 'object')
    fail(object, field, `is ${show(t)}; expected a toleration such as { key, operator, effect }`);
  const operator = t.operator ?? TolerationOperator.EQUAL;
  oneOf(object, `${field}.operator`, operator, Object.values(TolerationOperator) as string[]);
  if (t.key !== undefined && t.key !== '') {
    const keyProblem = qualifiedNameProblem(t.key);
    if (keyProblem) fail(object, `${field}.key`, keyProblem);
  } else if (operator !== TolerationOperator.EXISTS) {
    fail(
      object,
      `${field}.operator`,
      `is "${operator}" with no key; a toleration without a key must use operator Exists (it then tolerates every taint)`,
    );
  }
  if (t.value !== undefined && t.value !== '') {
    if (operator === TolerationOperator.EXISTS)
      fail(object, `${field}.value`, `is "${t.value}", but operator Exists takes no value`);
    check(object, `${field}.value`, labelValueProblem(t.value));
  }
  if (t.effect !== undefined)
    oneOf(object, `${field}.effect`, t.effect, Object.values(TaintEffect) as string[]);
  if (t.tolerationSeconds !== undefined) {
    if (t.effect !== TaintEffect.NO_EXECUTE) {
      fail(
        object,
        `${field}.tolerationSeconds`,
        `is ${t.tolerationSeconds}, but only a NoExecute toleration has tolerationSeconds; set effect NoExecute`,
      );
    }
    if (!Number.isInteger(t.tolerationSeconds))
      fail(
        object,
        `${field}.tolerationSeconds`,
        `is ${t.tolerationSeconds}; expected a whole number of seconds`,
      );
  }
  return {
    key: t.key || undefined,
    operator,
    value: t.value || undefined,
    effect: t.effect,
    tolerationSeconds: t.tolerationSeconds,
  };
}

/**
 * The pods' metadata from `podOptions`: `labels` merged with the object's own labels (the ones
 * that select the pods may not be changed: the selector would stop matching), and `annotations`
 * (keys are qualified names, ValidateAnnotations).
 */
export function podTemplateMetadata(
  object: string,
  labels: { [key: string]: string } | undefined,
  selector: { [key: string]: string },
  options: PodOptions | undefined,
): { labels?: { [key: string]: string }; annotations?: { [key: string]: string } } {
  const extra = checkedLabels(object, 'podOptions.labels', options?.labels) ?? {};
  for (const [key, value] of Object.entries(extra)) {
    if (key in selector && selector[key] !== value) {
      fail(
        object,
        `podOptions.labels.${key}`,
        `is "${value}", but the pods are selected by ${key}: "${selector[key]}"; drop it or change the selector labels`,
      );
    }
  }
  const merged: { [key: string]: string } = { ...(labels ?? {}), ...extra, ...selector };
  const sorted = Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((k) => [k, merged[k]]),
  );
  const annotations = checkedMap(
    object,
    'podOptions.annotations',
    options?.annotations,
    qualifiedNameProblem,
  );
  return {
    labels: Object.keys(sorted).length ? sorted : undefined,
    annotations: annotations && Object.keys(annotations).length ? annotations : undefined,
  };
}
