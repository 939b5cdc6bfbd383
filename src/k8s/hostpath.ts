/**
 * hostPath facts shared by the validation rules, the warnings and the hostPath constructs:
 * the `type` values the API server accepts, and the node paths that hand a pod the node.
 */

/** The API server's hostPath types (`""` means no check before mounting). */
export const HOST_PATH_TYPES = [
  '',
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
] as const;

/** A node path that hands a pod (part of) the node, and how far the danger reaches. */
interface Sensitive {
  readonly path: string;
  readonly why: string;
  /** Everything below the path is as sensitive (`/etc/kubernetes/pki` under `/etc`). */
  readonly subtree: boolean;
  /** Mounted read-only it gives nothing away (public certificates, kernel images): only writing is a risk. */
  readonly readOnlySafe?: boolean;
  /** Not sensitive at all, though it lies below a sensitive path (the syslog socket under /dev). */
  readonly exempt?: boolean;
}

/**
 * Node paths that give a pod control of the node: the whole filesystem, its configuration and
 * credentials, the container runtime's socket, the kubelet's pod and credential store, the
 * kernel's interfaces. A path below a `subtree` entry is as sensitive, unless a narrower entry
 * says otherwise (the longest match decides); a path above one (`/var` above the Docker socket)
 * exposes it too. Narrower entries: what CSI node plugins and log agents mount by design
 * (a driver's own directory under /var/lib/kubelet/plugins, the syslog socket), and what is only
 * a risk when written (public CA certificates, SELinux policy, kernel images).
 */
const SENSITIVE: readonly Sensitive[] = [
  { path: '/', why: 'the whole node filesystem', subtree: false },
  { path: '/etc', why: 'the node configuration and credentials', subtree: true },
  { path: '/etc/ssl/certs', why: "the node's trusted CA certificates", subtree: true, readOnlySafe: true },
  { path: '/etc/pki', why: "the node's trusted CA certificates", subtree: true, readOnlySafe: true },
  {
    path: '/etc/ca-certificates',
    why: "the node's trusted CA certificates",
    subtree: true,
    readOnlySafe: true,
  },
  { path: '/etc/selinux', why: "the node's SELinux policy", subtree: true, readOnlySafe: true },
  { path: '/etc/localtime', why: "the node's time zone", subtree: false, readOnlySafe: true },
  { path: '/etc/machine-id', why: "the node's machine id", subtree: false, readOnlySafe: true },
  { path: '/etc/os-release', why: "the node's OS release", subtree: false, readOnlySafe: true },
  { path: '/var/run/docker.sock', why: 'the Docker socket: root on the node', subtree: false },
  { path: '/run/docker.sock', why: 'the Docker socket: root on the node', subtree: false },
  { path: '/var/run/containerd', why: 'the containerd socket: root on the node', subtree: true },
  { path: '/run/containerd', why: 'the containerd socket: root on the node', subtree: true },
  { path: '/var/run/crio', why: 'the CRI-O socket: root on the node', subtree: true },
  { path: '/run/crio', why: 'the CRI-O socket: root on the node', subtree: true },
  { path: '/var/lib/kubelet', why: "the kubelet's pods, volumes and credentials", subtree: true },
  // Every CSI volume's staging mount sits below plugins/; one driver's own directory holds only its socket.
  { path: '/var/lib/kubelet/plugins', why: "every CSI driver's sockets and staged volumes", subtree: false },
  {
    path: '/var/lib/kubelet/plugins_registry',
    why: 'the kubelet plugin registration sockets',
    subtree: true,
  },
  { path: '/var/lib/docker', why: "the container runtime's images and containers", subtree: true },
  { path: '/var/lib/containerd', why: "the container runtime's images and containers", subtree: true },
  { path: '/proc', why: 'the kernel and every process of the node', subtree: true },
  { path: '/sys', why: 'the kernel and devices of the node', subtree: true, readOnlySafe: true },
  { path: '/dev', why: 'the devices of the node', subtree: true },
  // Writing to it only logs on the node; bind-mounting it cannot replace the host's socket.
  { path: '/dev/log', why: "the node's syslog socket", subtree: false, exempt: true },
  { path: '/root', why: "the node's root home directory", subtree: true },
  { path: '/boot', why: "the node's kernel and boot loader", subtree: true, readOnlySafe: true },
];

/** Normalizes `/var//run/./docker.sock/` to `/var/run/docker.sock` (no `..` resolution: refused elsewhere). */
function normalize(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return '/' + parts.join('/');
}

/** What a host path exposes: why, and whether a read-only mount of it is harmless. */
export interface HostPathExposure {
  readonly why: string;
  readonly readOnlySafe: boolean;
}

/**
 * What mounting a host path exposes, or undefined. The longest entry at or above the path decides
 * (a `subtree: false` entry matches only itself, and a driver's directory below
 * /var/lib/kubelet/plugins is then not sensitive); a path above a sensitive one exposes it.
 */
export function hostPathExposure(path: string): HostPathExposure | undefined {
  const p = normalize(path);
  let best: Sensitive | undefined;
  for (const s of SENSITIVE) {
    const at = p === s.path;
    const below = s.path !== '/' && p.startsWith(s.path + '/');
    if (!at && !below) continue;
    if (best && best.path.length >= s.path.length) continue;
    best = s;
  }
  if (best) {
    if (best.exempt && p === best.path) return undefined;
    // Below an entry that covers only itself (a driver's own directory under plugins/): nothing more.
    return p === best.path || best.subtree
      ? { why: best.why, readOnlySafe: best.readOnlySafe === true }
      : undefined;
  }
  // Above a sensitive path: `/var` holds the Docker socket and the kubelet's directory.
  const inside = SENSITIVE.find(
    (s) => s.path !== '/' && p !== '/' && s.path.startsWith(p + '/') && !s.readOnlySafe,
  );
  return inside ? { why: `${inside.why} (${inside.path} is inside it)`, readOnlySafe: false } : undefined;
}

/**
 * Why a host path is sensitive, or undefined: {@link hostPathExposure}'s reason. The constructs
 * refuse such paths unless asked; the plan warns where a pod can write them (or read what leaks).
 */
export function sensitiveHostPathReason(path: string): string | undefined {
  return hostPathExposure(path)?.why;
}

/**
 * Node directories that hold the node's own things (kernel, modules, devices, sockets, logs,
 * configuration), not an application's data: every node has its own, by design.
 */
const NODE_SYSTEM_PATHS = [
  '/lib/modules',
  '/usr/lib/modules',
  '/lib/firmware',
  '/usr/src',
  '/run',
  '/var/run',
  '/var/log',
  '/var/lib/kubelet',
  '/etc',
  '/sys',
  '/dev',
  '/proc',
  '/boot',
];

/** True if the path is the node's own (see NODE_SYSTEM_PATHS) or sensitive. */
export function isNodeSystemPath(path: string): boolean {
  const p = normalize(path);
  return hostPathExposure(p) !== undefined || NODE_SYSTEM_PATHS.some((s) => p === s || p.startsWith(s + '/'));
}

/** True if some '/'-separated element of the path is `..` (the API server refuses such node and sub paths). */
export function hasBacksteps(path: string): boolean {
  return path.split('/').includes('..');
}

/**
 * `/data/`, `/data//`, `/data/.` and `data` are one mount point: the form used to find two mounts at
 * one path. A relative mountPath is made absolute by the kubelet (makeMounts: MakeAbsolutePath).
 */
export function normalizeMountPath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return '/' + parts.join('/');
}
