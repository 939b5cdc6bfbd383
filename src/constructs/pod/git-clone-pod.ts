/**
 * A git repository in a pod, the replacement for the deprecated `gitRepo` volume (disabled
 * by default from Kubernetes 1.33): an init container clones the repository into an emptyDir
 * that the pod's containers mount, and an optional git-sync sidecar keeps it up to date.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#gitrepo
 */
import { selfCheck, SelfCheckProps } from '../_self-check';
import { show } from '../../_show';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { check, fail } from '../../_errors';
import { dnsLabelProblem } from '../../k8s/names';
import { ALPINE_GIT, GIT_SYNC, NGINX, NGINX_UNPRIVILEGED } from './_images';
import { NODE_PATHS_ELSEWHERE, patternRef, podMetadata, podService, refuseHostPathMounts } from './_pattern';
import {
  ContainerProps,
  Mount,
  PodOptions,
  podTemplateMetadata,
  renderPodSpec,
  SecurityProfile,
} from './container';
import { PodServiceOptions } from './service';
import { EmptyDirMedium, PodVolume, addImageVolumes, relativePathProblem } from './volume';

/** Props of {@link GitRepoVolume}. */
export interface GitRepoVolumeProps {
  /**
   * The repository: `https://host/path`, `ssh://[user@]host/path`, `user@host:path` or
   * `file:///path`. Credentials never go in the URL (the manifest would carry them).
   */
  readonly repository: string;
  /**
   * The branch, tag or full commit sha to check out (a short sha is taken for a ref name).
   * @default 'HEAD' - the remote's default branch
   */
  readonly revision?: string;
  /**
   * The subdirectory of the repository that consumers see.
   * @default - the whole repository
   */
  readonly directory?: string;
  /**
   * The emptyDir's name in the pod; the clone and sync containers are named after it
   * (`<name>-clone`, `<name>-sync`), and so is the emptyDir used as their HOME (`<name>-tmp`):
   * a DNS-1123 label of at most 57 characters, so that those are labels too.
   * @default 'git-repo'
   */
  readonly volumeName?: string;
  /**
   * Where the emptyDir holding the clone lives (MEMORY is tmpfs: counted against the memory
   * limit of the container that writes it).
   * @default EmptyDirMedium.DISK
   */
  readonly medium?: EmptyDirMedium;
  /**
   * The most the clone may take, as a quantity kept as written (`256Mi`).
   * @default - no limit
   */
  readonly sizeLimit?: string;
  /**
   * The image of the one-shot clone (it needs `sh` and `git`). Unused with `sync`: git-sync
   * then does the first clone too (`--one-time`), because git-sync v4 empties a `--root` that
   * holds anything it did not create.
   * @default 'alpine/git:v2.47.2'
   */
  readonly image?: string;
  /**
   * Keep the clone in sync with a git-sync sidecar. Consumers then see the repository at the
   * symlink `<mount>/<link>` (see `servedPath()`), which git-sync flips atomically.
   * @default - cloned once, when the pod starts
   * @see https://github.com/kubernetes/git-sync
   */
  readonly sync?: GitSyncOptions;
  /**
   * The Secret holding the SSH private key (key `ssh`) and the host keys (key `known_hosts`),
   * mounted into the clone and sync containers at /etc/git-secret (git-sync's default);
   * required for ssh repositories, which need both. The clone then runs as `nobody` (65534)
   * and git-sync as its own user (65533) under a restricted profile: ssh refuses to run as
   * a uid without a passwd entry.
   * @default - none: https and file repositories
   */
  readonly sshKeySecretName?: string;
  /**
   * Volumes the clone and sync containers mount besides the repository (e.g. the claim
   * that holds a `file:///` repository). hostPath volumes are refused.
   * @default - none
   */
  readonly cloneMounts?: Mount[];
}

/** What GitRepoVolume names after its volumeName: the clone and sync containers, and the HOME and SSH key volumes. */
const DERIVED_SUFFIXES = ['-clone', '-sync', '-tmp', '-ssh'];
/** The longest volumeName whose derived names are still DNS-1123 labels (at most 63 characters). */
const MAX_VOLUME_NAME = 63 - Math.max(...DERIVED_SUFFIXES.map((x) => x.length));

/**
 * The problem of a GitRepoVolume volumeName that is a DNS-1123 label but too long for the names made
 * from it (one that is no label at all is refused as the emptyDir's name, by PodVolume).
 */
function volumeNameProblem(name: unknown): string | undefined {
  if (dnsLabelProblem(name) !== undefined) return undefined;
  const n = name as string;
  if (n.length > MAX_VOLUME_NAME)
    return `is "${n}" (${n.length} characters); it also names the containers <volumeName>-clone and <volumeName>-sync and the volumes <volumeName>-tmp and <volumeName>-ssh, each a DNS-1123 label of at most 63 characters, so it has at most ${MAX_VOLUME_NAME}`;
  return undefined;
}

/**
 * The pieces that put a git repository into any pod: the emptyDir, the init container that
 * fills it, and (with `sync`) the git-sync sidecar. Mount it into consumers with `mount()`.
 * Use it with `GitClonePod`, with this library's workloads (the pieces are `ContainerProps` and
 * `PodVolume`s), or with an L1 pod spec through `toPodSpecFragment()` and `toVolumeMountJson()`.
 *
 * Without sync, the clone is a worktree without `.git` (the git dir sits beside it in the
 * volume), and consumers mount it with a subPath: they see exactly the repository (or
 * `directory`). With sync, consumers mount the whole volume, read the symlink, and must not
 * serve the volume's root, which holds the repository's `.git`.
 *
 * Runs under either security profile: the clone sets HOME to an emptyDir at /tmp, so git
 * needs nothing of its root filesystem and runs as any uid.
 */
export class GitRepoVolume {
  /** The repository URL. */
  public readonly repository: string;
  /** The branch, tag or commit checked out. */
  public readonly revision: string;
  /** The subdirectory consumers see, if any. */
  public readonly directory?: string;
  /** The emptyDir the repository is cloned into. */
  public readonly volume: PodVolume;
  /** The emptyDir used as the clone's and sync's HOME and /tmp. */
  public readonly homeVolume: PodVolume;
  /** The init container that clones the repository before the consumers start. */
  public readonly initContainer: ContainerProps;
  /** The git-sync sidecar, if `sync` was given. */
  public readonly sidecar?: ContainerProps;
  /** The symlink (relative to the mount) consumers read with sync, if `sync` was given. */
  public readonly link?: string;
  /** The Secret volume with the SSH key, if `sshKeySecretName` was given. */
  public readonly sshVolume?: PodVolume;

  constructor(props: GitRepoVolumeProps) {
    const volumeName = props?.volumeName ?? 'git-repo';
    const object = `GitRepoVolume/${volumeName}`;
    check(object, 'volumeName', volumeNameProblem(volumeName));
    check(object, 'repository', repositoryProblem(props?.repository));
    const revision = props.revision ?? 'HEAD';
    check(object, 'revision', revisionProblem(revision));
    let directory: string | undefined;
    if (props.directory !== undefined) {
      check(object, 'directory', directoryProblem(props.directory));
      directory = props.directory.replace(/\/+$/, '');
    }
    if (props.image !== undefined && props.sync !== undefined) {
      fail(
        object,
        'image',
        `is "${props.image}", but with sync git-sync does the first clone; set sync.image instead`,
      );
    }
    const ssh = SSH_FORMS.some((f) => f.test(props.repository));
    if (ssh && props.sshKeySecretName === undefined) {
      fail(
        object,
        'sshKeySecretName',
        `is not set, but ssh repository "${props.repository}" needs a key and known hosts; name the Secret that holds them (keys ssh and known_hosts)`,
      );
    }
    if (!ssh && props.sshKeySecretName !== undefined) {
      fail(
        object,
        'sshKeySecretName',
        `is "${props.sshKeySecretName}", but repository "${props.repository}" is not an ssh URL; remove it`,
      );
    }
    (props.cloneMounts ?? []).forEach((m, i) => {
      if (m?.volume instanceof PodVolume && m.volume.sourceType === 'hostPath') {
        fail(
          object,
          `cloneMounts[${i}].volume`,
          `is hostPath volume "${m.volume.name}"; the clone may not mount node paths`,
        );
      }
    });
    this.repository = props.repository;
    this.revision = revision;
    this.directory = directory;
    this.volume = PodVolume.emptyDir(volumeName, { medium: props.medium, sizeLimit: props.sizeLimit });
    this.homeVolume = PodVolume.emptyDir(`${volumeName}-tmp`);
    const mounts: Mount[] = [
      { volume: this.volume, path: CLONE_ROOT },
      { volume: this.homeVolume, path: '/tmp' },
    ];
    if (props.sshKeySecretName !== undefined) {
      // 0444: readable by the non-root git-sync user without fsGroup; only the git containers
      // mount it. The clone copies the key to a 0600 file, since ssh run as root (the key's
      // owner) refuses a key others can read.
      this.sshVolume = PodVolume.secret(`${volumeName}-ssh`, {
        secretName: props.sshKeySecretName,
        defaultMode: 0o444,
      });
      mounts.push({ volume: this.sshVolume, path: SSH_DIR, readOnly: true });
    }
    mounts.push(...(props.cloneMounts ?? []));

    if (props.sync === undefined) {
      this.initContainer = {
        name: `${volumeName}-clone`,
        image: props.image ?? ALPINE_GIT.image,
        // Values reach the script as positional parameters, never spliced into its text.
        command: ['sh', '-c', CLONE_SCRIPT],
        args: ['git-clone', CLONE_ROOT, this.repository, this.revision, this.directory ?? ''],
        env: { HOME: '/tmp' },
        runAsUser: ssh ? ALPINE_GIT.nobody : undefined,
        mounts,
      };
      return;
    }

    const sync = props.sync;
    const period = sync.period ?? '60s';
    check(object, 'sync.period', durationProblem(period));
    this.link = sync.link ?? 'current';
    check(object, 'sync.link', linkProblem(this.link));
    const image = sync.image ?? GIT_SYNC.image;
    const flags = [
      `--repo=${this.repository}`,
      `--ref=${this.revision}`,
      `--root=${CLONE_ROOT}`,
      `--link=${this.link}`,
    ];
    if (ssh) flags.push('--ssh');
    // git-sync's own user: it has a passwd entry (ssh needs one) and HOME=/tmp.
    const base = { image, mounts, runAsUser: GIT_SYNC.uid };
    this.initContainer = { ...base, name: `${volumeName}-clone`, args: [...flags, '--one-time'] };
    this.sidecar = { ...base, name: `${volumeName}-sync`, args: [...flags, `--period=${period}`] };
  }

  /**
   * Mounts the repository into a consumer container at `path`: read-only by default, with a
   * subPath to the clone (and `directory`) without sync, or the whole volume with sync.
   */
  public mount(path: string, options: GitRepoMountOptions = {}): Mount {
    return {
      volume: this.volume,
      path,
      readOnly: options?.readOnly ?? true,
      subPath: this.link === undefined ? [CHECKOUT_DIR, this.directory].filter(Boolean).join('/') : undefined,
    };
  }

  /** Where a consumer that mounted the repository at `mountPath` finds its files. */
  public servedPath(mountPath: string): string {
    if (this.link === undefined) return mountPath;
    return [mountPath.replace(/\/+$/, ''), this.link, this.directory].filter(Boolean).join('/');
  }

  /**
   * The pieces as L1 JSON for a `KubePod`, `KubeDeployment`, ... pod spec (or a JSON patch of
   * a cdk8s-plus workload): `initContainers`, `containers` (the sidecar, or none) and `volumes`.
   * Merge them into your spec; the pod-level security context stays yours.
   */
  public toPodSpecFragment(security: SecurityProfile = SecurityProfile.IMAGE_DEFAULT): k8s.PodSpec {
    const spec = renderPodSpec(`GitRepoVolume/${this.volume.name}`, {
      containers: [this.initContainer, ...(this.sidecar ? [this.sidecar] : [])],
      security,
    });
    return {
      initContainers: spec.containers.slice(0, 1),
      containers: spec.containers.slice(1),
      volumes: spec.volumes,
    };
  }

  /** `mount()` as an L1 volume mount, for a container of an L1 pod spec. */
  public toVolumeMountJson(path: string, options: GitRepoMountOptions = {}): k8s.VolumeMount {
    const m = this.mount(path, options);
    return { name: m.volume.name, mountPath: m.path, readOnly: m.readOnly || undefined, subPath: m.subPath };
  }
}

/** Props of {@link GitClonePod}. */
export interface GitClonePodProps extends SelfCheckProps {
  /** The pod's name, kept exactly as given. */
  readonly name: string;
  /**
   * The pod's namespace.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * The pod's labels; also the Service's selector.
   * @default { app: <name> }
   */
  readonly labels?: { [key: string]: string };
  /** The repository; at least one container must mount it with `repo.mount(path)`. */
  readonly repo: GitRepoVolume;
  /**
   * The consumers of the repository. Any PodVolume except hostPath may be mounted beside it.
   */
  readonly containers: ContainerProps[];
  /**
   * Init containers run after the clone, before `containers` (e.g. to build the site).
   * @default - none
   */
  readonly initContainers?: ContainerProps[];
  /**
   * The security context of the pod and its containers, the clone and git-sync included. With
   * either profile, git-sync runs as its own uid 65533 and an ssh clone as `nobody` (65534):
   * ssh needs a user with a passwd entry.
   * @default SecurityProfile.IMAGE_DEFAULT
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  readonly security?: SecurityProfile;
  /**
   * Pod-level fields (service account, nodeSelector, affinity, tolerations, imagePullSecrets,
   * terminationGracePeriodSeconds, priority) and the pod's own labels and annotations.
   * @default - none
   */
  readonly podOptions?: PodOptions;
  /**
   * A Service in front of the pod, selecting it by its labels.
   * @default - no Service
   */
  readonly service?: PodServiceOptions;
}

/**
 * A pod whose containers read a git repository cloned at start (and optionally kept in sync).
 *
 * Pod Security: `baseline` with `SecurityProfile.IMAGE_DEFAULT` (alpine/git and nginx run as
 * root); `restricted` with `SecurityProfile.restricted()` if the consumer images run as
 * non-root with a read-only root filesystem (`webServer({ hardened: true })` does): the clone
 * and git-sync run as the profile's uid, HOME on an emptyDir.
 */
export class GitClonePod extends Construct {
  /**
   * A web server serving a repository (the `gitRepo` volume example of Kubernetes in Action):
   * `nginx:alpine` on port 80, or hardened (`restricted`) `nginxinc/nginx-unprivileged:alpine`
   * as uid 101 on 8080, with emptyDirs for its cache and /tmp. Cloned once: with git-sync
   * nginx would have to serve `<mount>/<link>`, which its default configuration does not.
   */
  public static webServer(scope: Construct, id: string, options: GitWebServerOptions): GitClonePod {
    const hardened = options.hardened ?? false;
    const repo = new GitRepoVolume({
      repository: options.repository,
      revision: options.revision,
      directory: options.directory,
      volumeName: options.volumeName ?? 'html',
    });
    const web = hardened ? NGINX_UNPRIVILEGED : NGINX;
    const mounts: Mount[] = [repo.mount(web.htmlRoot)];
    if (hardened) {
      mounts.push(
        { volume: PodVolume.emptyDir('nginx-cache'), path: '/var/cache/nginx' },
        { volume: PodVolume.emptyDir('nginx-tmp'), path: '/tmp' },
      );
    }
    return new GitClonePod(scope, id, {
      name: options.name ?? 'git-web',
      namespace: options.namespace,
      labels: options.labels,
      repo,
      containers: [
        {
          name: 'web-server',
          image: web.image,
          ports: [web.port],
          runAsUser: hardened ? NGINX_UNPRIVILEGED.uid : undefined,
          mounts,
        },
      ],
      security: hardened
        ? SecurityProfile.restricted({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 })
        : undefined,
      service: options.service && { ...options.service, targetPort: options.service.targetPort ?? web.port },
    });
  }

  /** The pod's name. */
  public readonly name: string;
  /** The pod's labels (the Service's selector). */
  public readonly labels: { [key: string]: string };
  /** The repository the pod clones. */
  public readonly repo: GitRepoVolume;
  /** The Pod. */
  public readonly pod: k8s.KubePod;
  /** The Service, if `service` was given. */
  public readonly service?: k8s.KubeService;

  constructor(scope: Construct, id: string, props: GitClonePodProps) {
    super(scope, id);
    props = props ?? ({} as GitClonePodProps); // from JavaScript: no props fails on the first required field
    const object = patternRef('GitClonePod', props?.name, id);
    if (!(props.repo instanceof GitRepoVolume))
      fail(object, 'repo', 'is not a GitRepoVolume; make one with new GitRepoVolume({ repository })');
    refuseHostPathMounts(object, props.containers, NODE_PATHS_ELSEWHERE);
    refuseHostPathMounts(object, props.initContainers, NODE_PATHS_ELSEWHERE, 'initContainers');
    const repo = props.repo;
    const mountsRepo = (c: ContainerProps) =>
      (c?.mounts ?? []).some((m) => m?.volume?.name === repo.volume.name);
    if (!(props.containers ?? []).some(mountsRepo)) {
      fail(
        object,
        'containers',
        `has no container that mounts the repository volume "${repo.volume.name}"; add repo.mount('/path') to a container's mounts`,
      );
    }
    const meta = podMetadata(this, object, 'Pod', props);
    const spec = renderPodSpec(object, {
      initContainers: [repo.initContainer, ...(props.initContainers ?? [])],
      containers: [...props.containers, ...(repo.sidecar ? [repo.sidecar] : [])],
      security: props.security,
      podOptions: props.podOptions,
    });
    this.name = props.name;
    this.labels = meta.labels!;
    this.repo = repo;
    this.pod = new k8s.KubePod(this, 'Pod', {
      metadata: { ...meta, ...podTemplateMetadata(object, meta.labels, meta.labels!, props.podOptions) },
      spec,
    });
    addImageVolumes(this.pod, spec, '/spec');
    if (props.service) this.service = podService(this, object, meta, props.containers, props.service);
    // Last: the objects are complete; the same object-scoped rules as the storage plan judge them.
    selfCheck(this, props.ignoreChecks);
  }
}

/** Options of `GitRepoVolume.mount()`. */
export interface GitRepoMountOptions {
  /**
   * Consumers read; a writer would fight the clone (and git-sync's worktrees).
   * @default true
   */
  readonly readOnly?: boolean;
}

/** The git-sync sidecar. */
export interface GitSyncOptions {
  /**
   * How long git-sync waits between syncs, as a Go duration (`60s`, `5m`, `1h30m`); at least 10ms.
   * @default '60s'
   */
  readonly period?: string;
  /**
   * The symlink, relative to the volume's root, that points at the current checkout.
   * @default 'current'
   */
  readonly link?: string;
  /**
   * A git-sync v4 image (the flags used are v4's: --repo, --ref, --root, --link, --period, --one-time).
   * @default 'registry.k8s.io/git-sync/git-sync:v4.5.1'
   */
  readonly image?: string;
}

/** Options of `GitClonePod.webServer()`. */
export interface GitWebServerOptions {
  /** The repository, as for `GitRepoVolume`. */
  readonly repository: string;
  /**
   * The branch, tag or full commit sha to check out.
   * @default 'HEAD' - the remote's default branch
   */
  readonly revision?: string;
  /** The subdirectory to serve. @default - the whole repository */
  readonly directory?: string;
  /** The emptyDir holding the clone (the `gitRepo` volume's name in the pod it replaces). @default 'html' */
  readonly volumeName?: string;
  /**
   * The pod's name, kept exactly as given.
   * @default 'git-web'
   */
  readonly name?: string;
  /**
   * The pod's namespace.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * The pod's labels; also the Service's selector.
   * @default { app: <name> }
   */
  readonly labels?: { [key: string]: string };
  /**
   * Meet Pod Security `restricted` (nginx-unprivileged on 8080, non-root clone).
   * @default false
   */
  readonly hardened?: boolean;
  /** Its targetPort defaults to the web server's port. @default - no Service */
  readonly service?: PodServiceOptions;
}

// ---------------------------------------------------------------------------------------------

/** Where the clone and sync containers mount the volume (git-sync's default root). */
const CLONE_ROOT = '/git';
/** Where the SSH key Secret is mounted (git-sync's default for --ssh-key-file and --ssh-known-hosts-file). */
const SSH_DIR = '/etc/git-secret';
/** The worktree's directory in the volume; its git dir is `<root>/.git`, outside what consumers mount. */
const CHECKOUT_DIR = 'repo';

/**
 * `git clone --branch` cannot take a commit sha; fetching one revision by name or sha into a
 * fresh repository works for branches, tags and commits alike. Idempotent: a re-run init
 * container (pod restart) fetches and checks out again over the previous clone.
 * $1 volume root, $2 repository, $3 revision, $4 directory that must exist ('' for none).
 */
const CLONE_SCRIPT = [
  'set -eu',
  // An ssh key: a private 0600 copy (ssh refuses a key its owner shares), known hosts enforced.
  'if [ -f ' + SSH_DIR + '/ssh ]; then',
  '  cp ' + SSH_DIR + '/ssh "$HOME/.ssh-key" && chmod 600 "$HOME/.ssh-key"',
  '  export GIT_SSH_COMMAND="ssh -i $HOME/.ssh-key -o IdentitiesOnly=yes -o UserKnownHostsFile=' +
    SSH_DIR +
    '/known_hosts -o StrictHostKeyChecking=yes"',
  'fi',
  'export GIT_DIR="$1/.git" GIT_WORK_TREE="$1/' + CHECKOUT_DIR + '"',
  'mkdir -p "$GIT_WORK_TREE"',
  'git init -q',
  'git fetch -q --depth 1 "$2" "$3"',
  'git -c advice.detachedHead=false checkout -q -f FETCH_HEAD',
  'if [ -n "$4" ] && [ ! -d "$GIT_WORK_TREE/$4" ]; then echo "git-clone: no directory \\"$4\\" in $2 at $3" >&2; exit 1; fi',
].join('\n');

const SSH_FORMS = [/^ssh:\/\//, /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:/];
const URL_FORMS = 'https://host/path, ssh://[user@]host/path, user@host:path or file:///path';
const UNSAFE = /[\s'"`$;&|<>\\]/;

function repositoryProblem(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '')
    return `is ${show(url)}; expected a repository URL: ${URL_FORMS}`;
  if (UNSAFE.test(url) || /[\x00-\x1f]/.test(url))
    return `is ${show(url)}; a repository URL has no spaces, quotes or shell metacharacters`;
  if (/^http:\/\//.test(url)) return `is "${url}"; plain http is refused: use https://`;
  if (/^https:\/\/[^/]*@/.test(url))
    return `is "${url}", which embeds credentials; keep them out of manifests (use a credential helper or ssh key)`;
  const forms = [
    /^https:\/\/[A-Za-z0-9.-]+(:\d+)?\/\S+$/,
    /^ssh:\/\/([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+(:\d+)?\/\S+$/,
    /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/\s]\S*$|^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:\/\S+$/,
    /^file:\/\/\/\S+$/,
  ];
  if (!forms.some((f) => f.test(url))) return `is "${url}"; expected ${URL_FORMS}`;
  return undefined;
}

function revisionProblem(rev: unknown): string | undefined {
  const allowed =
    'a branch, tag or full commit sha: letters, digits and . _ / + -, starting with a letter or digit';
  if (typeof rev !== 'string' || rev === '') return `is ${show(rev)}; expected ${allowed}`;
  if (
    !/^[A-Za-z0-9][A-Za-z0-9._/+-]*$/.test(rev) ||
    rev.includes('..') ||
    rev.includes('//') ||
    /(\/|\.|\.lock)$/.test(rev)
  ) {
    return `is ${show(rev)}; expected ${allowed} (no spaces, shell metacharacters, '..', or trailing '/', '.' or '.lock')`;
  }
  return undefined;
}

function directoryProblem(dir: unknown): string | undefined {
  const p = relativePathProblem(dir);
  if (p) return p;
  const d = dir as string;
  if (/[\x00-\x1f\\]/.test(d) || d.split('/').some((part) => part === '.')) {
    return `is ${show(d)}; expected a subdirectory of the repository such as docs/site (no control characters, backslashes or '.' parts)`;
  }
  return undefined;
}

const UNIT_NANOS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** A Go duration (`time.ParseDuration`) of at least 10ms, git-sync's minimum period. */
function durationProblem(value: unknown): string | undefined {
  const expected = 'a duration such as 60s, 5m or 1h30m (units ns, us, ms, s, m, h), at least 10ms';
  if (typeof value !== 'string' || !/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value))
    return `is ${show(value)}; expected ${expected}`;
  let nanos = 0;
  for (const [, n, , unit] of value.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
    nanos += Number(n) * UNIT_NANOS[unit];
  if (nanos < 10e6) return `is "${value}"; expected ${expected}`;
  return undefined;
}

function linkProblem(link: unknown): string | undefined {
  if (typeof link !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(link)) {
    return `is ${show(link)}; expected a file name such as current (letters, digits, '.', '_', '-', starting with a letter or digit)`;
  }
  return undefined;
}
