/**
 * What the pod patterns rely on about the images they run: tag, user, port, and the paths the
 * image writes. A pattern that hardens a pod (non-root, read-only root filesystem) must give
 * each of those paths a writable volume, or the pod never starts; these facts say which.
 */

/**
 * `luksa/fortune` (Kubernetes in Action): `fortuneloop.sh` runs `mkdir /var/htdocs` (it fails
 * harmlessly when a volume is mounted there) and then writes `/var/htdocs/index.html` every 10 s.
 * It writes nothing else, so it runs under any uid with a read-only root filesystem, as long
 * as /var/htdocs is writable by that uid. Only a `latest` tag is published for this variant.
 */
export const FORTUNE = {
  image: 'luksa/fortune',
  htdocs: '/var/htdocs',
} as const;

/** `nginx:alpine`: runs as root, listens on 80, writes /var/cache/nginx and /var/run. */
export const NGINX = {
  image: 'nginx:alpine',
  port: 80,
  htmlRoot: '/usr/share/nginx/html',
} as const;

/**
 * `nginxinc/nginx-unprivileged:alpine`: uid 101, listens on 8080, pid file and temp paths
 * under /tmp, cache under /var/cache/nginx. Its entrypoint's attempt to edit
 * /etc/nginx/conf.d/default.conf for IPv6 fails softly on a read-only root filesystem.
 */
export const NGINX_UNPRIVILEGED = {
  image: 'nginxinc/nginx-unprivileged:alpine',
  uid: 101,
  port: 8080,
  htmlRoot: '/usr/share/nginx/html',
  writablePaths: ['/var/cache/nginx', '/tmp'],
} as const;

/**
 * `alpine/git`: entrypoint `git` (with sh and openssh), runs as root, HOME=/root. Under another uid git dies
 * reading /root/.config/git (permission denied), so the clone container sets HOME to a
 * writable emptyDir. Pinned: the clone must be reproducible.
 */
export const ALPINE_GIT = {
  image: 'alpine/git:v2.47.2',
  /** `nobody`: a uid with a passwd entry, which ssh requires of its user. */
  nobody: 65534,
} as const;

/**
 * git-sync v4 (flags --repo, --ref, --root, --link, --period, --one-time): runs as uid 65533,
 * HOME=/tmp (it writes ~/.gitconfig), so a read-only root filesystem needs /tmp as an emptyDir.
 * It empties a --root that holds anything it did not create.
 */
export const GIT_SYNC = {
  image: 'registry.k8s.io/git-sync/git-sync:v4.5.1',
  uid: 65533,
  home: '/tmp',
} as const;
