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

/**
 * Node paths that give a pod control of the node: the whole filesystem, its configuration
 * and credentials, the container runtime's socket, the kubelet's pod and credential store,
 * the kernel's interfaces. Each is matched with everything below it.
 */
const SENSITIVE: ReadonlyArray<readonly [string, string]> = [
  ['/', 'the whole node filesystem'],
  ['/etc', 'the node configuration and credentials'],
  ['/var/run/docker.sock', 'the Docker socket: root on the node'],
  ['/run/docker.sock', 'the Docker socket: root on the node'],
  ['/var/run/containerd', 'the containerd socket: root on the node'],
  ['/run/containerd', 'the containerd socket: root on the node'],
  ['/var/run/crio', 'the CRI-O socket: root on the node'],
  ['/run/crio', 'the CRI-O socket: root on the node'],
  ['/var/lib/kubelet', "the kubelet's pods, volumes and credentials"],
  ['/var/lib/docker', "the container runtime's images and containers"],
  ['/var/lib/containerd', "the container runtime's images and containers"],
  ['/proc', 'the kernel and every process of the node'],
  ['/sys', 'the kernel and devices of the node'],
  ['/dev', 'the devices of the node'],
  ['/root', "the node's root home directory"],
  ['/boot', "the node's kernel and boot loader"],
];

/** Normalizes `/var//run/./docker.sock/` to `/var/run/docker.sock` (no `..` resolution: refused elsewhere). */
function normalize(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return '/' + parts.join('/');
}

/**
 * Why a host path is sensitive, or undefined. `/` matches only itself; the others match
 * themselves and everything below them (`/etc/kubernetes/pki` is under `/etc`).
 */
export function sensitiveHostPathReason(path: string): string | undefined {
  const p = normalize(path);
  for (const [root, why] of SENSITIVE) {
    if (root === '/' ? p === '/' : p === root || p.startsWith(root + '/')) return why;
  }
  return undefined;
}

/** True if some '/'-separated element of the path is `..` (the API server refuses such node and sub paths). */
export function hasBacksteps(path: string): boolean {
  return path.split('/').includes('..');
}

/** `/data/`, `/data//` and `/data/.` are one mount point: the form used to find two mounts at one path. */
export function normalizeMountPath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return (path.startsWith('/') ? '/' : '') + parts.join('/');
}
