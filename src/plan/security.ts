/**
 * The Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards,
 * as enforced by k8s.io/pod-security-admission at policy version 1.27) over a plain pod spec:
 * which level a pod meets, and the concrete fields that keep it from the next one. Every
 * pattern of this library reports its level, so "it starts with this image" and "it is hardened"
 * are both visible. Never throws.
 */
import {
  asArray,
  asRecord,
  asString,
  ContainerRef,
  containersOf,
  describe,
  FindingSink,
  get,
  getPath,
  indexManifests,
  Json,
  ManifestIndex,
  podMetadataPath,
  podTemplateOf,
  refOf,
  stringMap,
} from './_manifest';
import { Finding } from './types';
import { POD_VOLUME_SOURCES, volumeSourcesOf } from './validate';

export type PodSecurityLevelName = 'privileged' | 'baseline' | 'restricted';

export interface PodSecurityResult {
  /** The highest level the pod meets. */
  readonly level: PodSecurityLevelName;
  /** What breaks the baseline level, one concrete field each (paths relative to the pod spec). */
  readonly notBaseline: string[];
  /** What breaks the checks restricted adds on top of baseline (relative paths). */
  readonly notRestricted: string[];
}

/** Capabilities baseline lets a container add (the container runtime's default set). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Namespaced sysctls baseline allows at policy version 1.27. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
]);

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
/** The only volume types restricted allows: none reaches the node. */
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
/** The list in the reason, built once: pods that fail the check are many in a big input. */
const RESTRICTED_VOLUMES_TEXT = [...RESTRICTED_VOLUMES].join(', ');
const SECCOMP_OK = ['RuntimeDefault', 'Localhost'];

/** The pod as the checks see it. */
interface PodView {
  readonly spec: Json;
  /** The pod-level securityContext (empty if unset). */
  readonly sc: Json;
  readonly containers: readonly ContainerRef[];
  /** Each container's securityContext (empty if unset), read once: every check looks at it. */
  readonly containerContexts: readonly Json[];
  readonly annotations: Readonly<Record<string, string>>;
  /** spec.os.name windows: exempt from the Linux-only restricted checks (policy 1.25+). */
  readonly windows: boolean;
}

type Check = (p: PodView) => string[];

const NO_CONTEXT: Json = Object.freeze({});

function sc(c: ContainerRef): Json {
  return asRecord(c.container.securityContext) ?? NO_CONTEXT;
}

/** `containers[0].securityContext.privileged`, with the container name for readers. */
function at(c: ContainerRef, field: string): string {
  return `${c.at}.securityContext.${field} (container "${c.name}")`;
}

/** Runs a per-container check over every container, init container and ephemeral container. */
function eachContainer(p: PodView, check: (c: ContainerRef, csc: Json) => string | undefined): string[] {
  const out: string[] = [];
  for (let i = 0; i < p.containers.length; i++) {
    const r = check(p.containers[i], p.containerContexts[i]);
    if (r !== undefined) out.push(r);
  }
  return out;
}

const hostProcess: Check = (p) => [
  ...(get(p.sc, 'windowsOptions', 'hostProcess') === true
    ? ['securityContext.windowsOptions.hostProcess is true']
    : []),
  ...eachContainer(p, (c, csc) =>
    get(csc, 'windowsOptions', 'hostProcess') === true
      ? `${at(c, 'windowsOptions.hostProcess')} is true`
      : undefined,
  ),
];

const hostNamespaces: Check = (p) =>
  ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => p.spec[k] === true).map((k) => `${k} is true`);

const privileged: Check = (p) =>
  eachContainer(p, (c, csc) => (csc.privileged === true ? `${at(c, 'privileged')} is true` : undefined));

const baselineCapabilities: Check = (p) =>
  eachContainer(p, (c, csc) => {
    const extra = asArray(get(csc, 'capabilities', 'add')).filter(
      (x) => typeof x !== 'string' || !BASELINE_CAPABILITIES.has(x),
    );
    return extra.length
      ? `${at(c, 'capabilities.add')} has ${extra.map(describe).join(', ')}, beyond the default set`
      : undefined;
  });

const hostPathVolumes: Check = (p) =>
  asArray(p.spec.volumes).flatMap((v, i) =>
    asRecord(get(v, 'hostPath'))
      ? [
          `volumes[${i}].hostPath is set (volume ${describe(get(v, 'name'))}, path ${describe(get(v, 'hostPath', 'path'))})`,
        ]
      : [],
  );

const hostPorts: Check = (p) =>
  p.containers.flatMap((c) =>
    asArray(c.container.ports).flatMap((port, j) => {
      const hp = get(port, 'hostPort');
      return hp !== undefined && hp !== null && hp !== 0
        ? [`${c.at}.ports[${j}].hostPort is ${describe(hp)} (container "${c.name}")`]
        : [];
    }),
  );

const appArmor: Check = (p) => [
  ...Object.entries(p.annotations)
    .filter(
      ([k, v]) =>
        k.startsWith(APPARMOR_ANNOTATION) &&
        v !== '' &&
        v !== 'runtime/default' &&
        !v.startsWith('localhost/'),
    )
    .map(
      ([k, v]) => `metadata.annotations["${k}"] is "${v}" (allowed: runtime/default, localhost/<profile>)`,
    ),
  ...(get(p.sc, 'appArmorProfile', 'type') === 'Unconfined'
    ? ['securityContext.appArmorProfile.type is "Unconfined"']
    : []),
  ...eachContainer(p, (c, csc) =>
    get(csc, 'appArmorProfile', 'type') === 'Unconfined'
      ? `${at(c, 'appArmorProfile.type')} is "Unconfined"`
      : undefined,
  ),
];

function seLinuxProblems(opts: unknown, where: string): string[] {
  const o = asRecord(opts);
  if (!o) return [];
  const out: string[] = [];
  const type = o.type ?? '';
  if (typeof type !== 'string' || !SELINUX_TYPES.has(type))
    out.push(`${where}.type is ${describe(type)} (allowed: container_t, container_init_t, container_kvm_t)`);
  if (o.user !== undefined && o.user !== '') out.push(`${where}.user is ${describe(o.user)} (must be unset)`);
  if (o.role !== undefined && o.role !== '') out.push(`${where}.role is ${describe(o.role)} (must be unset)`);
  return out;
}

const seLinux: Check = (p) => [
  ...seLinuxProblems(p.sc.seLinuxOptions, 'securityContext.seLinuxOptions'),
  ...p.containers.flatMap((c, i) =>
    seLinuxProblems(p.containerContexts[i].seLinuxOptions, `${c.at}.securityContext.seLinuxOptions`).map(
      (r) => `${r} (container "${c.name}")`,
    ),
  ),
];

const procMount: Check = (p) =>
  eachContainer(p, (c, csc) =>
    csc.procMount !== undefined && csc.procMount !== null && csc.procMount !== 'Default'
      ? `${at(c, 'procMount')} is ${describe(csc.procMount)} (must be Default)`
      : undefined,
  );

const seccompBaseline: Check = (p) => [
  ...(get(p.sc, 'seccompProfile', 'type') === 'Unconfined'
    ? ['securityContext.seccompProfile.type is "Unconfined"']
    : []),
  ...eachContainer(p, (c, csc) =>
    get(csc, 'seccompProfile', 'type') === 'Unconfined'
      ? `${at(c, 'seccompProfile.type')} is "Unconfined"`
      : undefined,
  ),
];

const sysctls: Check = (p) =>
  asArray(p.sc.sysctls).flatMap((s, i) => {
    const name = get(s, 'name');
    return typeof name === 'string' && SAFE_SYSCTLS.has(name)
      ? []
      : [`securityContext.sysctls[${i}].name is ${describe(name)}, not a safe sysctl`];
  });

const volumeTypes: Check = (p) =>
  asArray(p.spec.volumes).flatMap((v, i) =>
    volumeSourcesOf(v, POD_VOLUME_SOURCES)
      .filter((s) => !RESTRICTED_VOLUMES.has(s))
      .map(
        (s) =>
          `volumes[${i}] (${describe(get(v, 'name'))}) is ${s}; restricted allows only ${RESTRICTED_VOLUMES_TEXT}`,
      ),
  );

const privilegeEscalation: Check = (p) =>
  p.windows
    ? []
    : eachContainer(p, (c, csc) =>
        csc.allowPrivilegeEscalation === false
          ? undefined
          : `${at(c, 'allowPrivilegeEscalation')} is ${describe(csc.allowPrivilegeEscalation)}; must be false`,
      );

const runAsNonRoot: Check = (p) => {
  const pod = p.sc.runAsNonRoot;
  return [
    ...(pod === false ? ['securityContext.runAsNonRoot is false'] : []),
    ...eachContainer(p, (c, csc) => {
      const own = csc.runAsNonRoot;
      if (own === false) return `${at(c, 'runAsNonRoot')} is false`;
      if (own === true || pod === true) return undefined;
      return own === undefined && pod === undefined
        ? `${at(c, 'runAsNonRoot')} is unset, and so is the pod's securityContext.runAsNonRoot; one must be true`
        : `${at(c, 'runAsNonRoot')} is ${describe(own)}, and the pod's securityContext.runAsNonRoot is ${describe(pod)}; one must be true`;
    }),
  ];
};

const runAsUser: Check = (p) => [
  ...(p.sc.runAsUser === 0 ? ['securityContext.runAsUser is 0 (root)'] : []),
  ...eachContainer(p, (c, csc) => (csc.runAsUser === 0 ? `${at(c, 'runAsUser')} is 0 (root)` : undefined)),
];

const seccompRestricted: Check = (p) => {
  if (p.windows) return [];
  const podType = get(p.sc, 'seccompProfile', 'type');
  const podOk = typeof podType === 'string' && SECCOMP_OK.includes(podType);
  return [
    ...(podType !== undefined && !podOk
      ? [`securityContext.seccompProfile.type is ${describe(podType)}; must be RuntimeDefault or Localhost`]
      : []),
    ...eachContainer(p, (c, csc) => {
      const type = get(csc, 'seccompProfile', 'type');
      // Unset, the container takes the pod's type; the pod's own reason (above) names a bad one.
      if (type === undefined)
        return podOk
          ? undefined
          : podType === undefined
            ? `${at(c, 'seccompProfile.type')} is unset, and so is the pod's securityContext.seccompProfile; one must be RuntimeDefault or Localhost`
            : `${at(c, 'seccompProfile.type')} is unset, so the pod's ${describe(podType)} applies; one must be RuntimeDefault or Localhost`;
      return typeof type === 'string' && SECCOMP_OK.includes(type)
        ? undefined
        : `${at(c, 'seccompProfile.type')} is ${describe(type)}; must be RuntimeDefault or Localhost`;
    }),
  ];
};

const restrictedCapabilities: Check = (p) =>
  p.windows
    ? []
    : p.containers.flatMap((c, i) => {
        const caps = asRecord(p.containerContexts[i].capabilities) ?? NO_CONTEXT;
        const out: string[] = [];
        if (!asArray(caps.drop).includes('ALL'))
          out.push(`${at(c, 'capabilities.drop')} is ${describe(caps.drop)}; must include ALL`);
        const extra = asArray(caps.add).filter((x) => x !== 'NET_BIND_SERVICE');
        if (extra.length)
          out.push(
            `${at(c, 'capabilities.add')} has ${extra.map(describe).join(', ')}; only NET_BIND_SERVICE may be added`,
          );
        return out;
      });

const BASELINE_CHECKS: readonly Check[] = [
  hostProcess,
  hostNamespaces,
  privileged,
  baselineCapabilities,
  hostPathVolumes,
  hostPorts,
  appArmor,
  seLinux,
  procMount,
  seccompBaseline,
  sysctls,
];

const RESTRICTED_CHECKS: readonly Check[] = [
  volumeTypes,
  privilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompRestricted,
  restrictedCapabilities,
];

/**
 * The Pod Security Standards level a pod spec meets. `podMetadata` (the pod's or the template's
 * metadata) is read for AppArmor annotations; without it those are not checked.
 */
export function podSecurityLevel(podSpec: unknown, podMetadata?: unknown): PodSecurityResult {
  const spec = asRecord(podSpec) ?? {};
  const containers = containersOf(spec);
  const view: PodView = {
    spec,
    sc: asRecord(spec.securityContext) ?? NO_CONTEXT,
    containers,
    containerContexts: containers.map(sc),
    annotations: stringMap(get(podMetadata, 'annotations')),
    windows: asString(get(spec, 'os', 'name')) === 'windows',
  };
  const notBaseline = BASELINE_CHECKS.flatMap((check) => check(view));
  const notRestricted = RESTRICTED_CHECKS.flatMap((check) => check(view));
  const level = notBaseline.length ? 'privileged' : notRestricted.length ? 'baseline' : 'restricted';
  return { level, notBaseline, notRestricted };
}

/** One `info` finding per workload: the level it meets and the fields that keep it from the next. */
export function podSecurityFindings(manifests: readonly unknown[]): Finding[] {
  return podSecurityIndexed(indexManifests(manifests));
}

/** {@link podSecurityFindings} over manifests already read by the pre-pass (planStorage): only workloads. */
export function podSecurityIndexed(index: ManifestIndex): Finding[] {
  const findings: Finding[] = [];
  // The pods of an app are mostly alike, so most messages repeat: the plan holds one copy of
  // each, not one per pod (5 000 fortune pods: about 2 MB less held until the report is written).
  const messages = new Map<string, string>();
  for (const e of index.workloads) {
    const m = e.manifest;
    try {
      if (e.problem) continue;
      const tpl = e.unread ? podTemplateOf(m) : e.template;
      if (!tpl) continue;
      const metadata = getPath(m, podMetadataPath(tpl.path).split('.'));
      const r = podSecurityLevel(tpl.spec, metadata);
      const out = new FindingSink(e.unread ? refOf(m) : e.ref);
      const message =
        r.level === 'restricted'
          ? 'meets the Pod Security Standard "restricted" (the most hardened level)'
          : r.level === 'baseline'
            ? `meets the Pod Security Standard "baseline"; not "restricted" because (under ${tpl.path}): ${summarize(r.notRestricted)}`
            : `meets only the Pod Security Standard "privileged" (no restrictions); not "baseline" because (under ${tpl.path}): ${summarize(r.notBaseline)}`;
      let shared = messages.get(message);
      if (shared === undefined) messages.set(message, (shared = message));
      out.info('pod-security', tpl.path, shared);
      findings.push(...out.findings);
    } catch {
      // validate.ts reports what cannot be read; the level is only information.
    }
  }
  return findings;
}

const PER_CONTAINER =
  /^(?:initContainers|containers|ephemeralContainers)\[\d+\]\.(securityContext\.[\w.]+) \(container "([^"]*)"\) (.*)$/;

/**
 * A reason's requirement (the key it is grouped by) and its container, if it names one. The
 * same reasons recur across the pods of an app (same container names, same defaults), so the
 * parse is remembered, as quantities are.
 */
function groupOf(reason: string): { key: string; container?: string } {
  let g = groupMemo.get(reason);
  if (g === undefined) {
    const m = PER_CONTAINER.exec(reason);
    g = m
      ? {
          key: `${m[1]} ${m[3].replace(/, and so is the pod's securityContext\.[\w.]+;/, ' in the container and the pod;')}`,
          container: m[2],
        }
      : { key: reason };
    if (groupMemo.size >= 10_000) groupMemo.clear();
    groupMemo.set(reason, g);
  }
  return g;
}
const groupMemo = new Map<string, { key: string; container?: string }>();

/**
 * One line per requirement, not per container: "securityContext.allowPrivilegeEscalation is
 * unset; must be false (containers a, b)" instead of the same sentence for every container.
 */
function summarize(reasons: readonly string[]): string {
  // A pod-level reason and its containers' reasons can share a key ("securityContext.runAsUser is
  // 0 (root)" at both levels): the group then says the pod too, or a reader fixing the containers
  // alone would not reach the level.
  const groups = new Map<string, { pod: boolean; containers: string[] }>();
  for (const reason of reasons) {
    const { key, container } = groupOf(reason);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { pod: false, containers: [] }));
    if (container === undefined) group.pod = true;
    else group.containers.push(container);
  }
  return [...groups]
    .map(([key, { pod, containers }]) => {
      if (!containers.length) return key;
      const who = `container${containers.length > 1 ? 's' : ''} ${containers.join(', ')}`;
      return `${key} (${pod ? `the pod and ${who}` : who})`;
    })
    .join('; ');
}
