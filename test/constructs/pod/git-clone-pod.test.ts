import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { KubePod } from '../../../imports/k8s';
import { ContainerProps, SecurityProfile } from '../../../src/constructs/pod/container';
import { GitClonePod, GitRepoVolume } from '../../../src/constructs/pod/git-clone-pod';
import { EmptyDirMedium, HostPathType, PodVolume } from '../../../src/constructs/pod/volume';
import { podSecurityLevel } from '../../../src/plan/security';
import { expectSchemaValid } from '../../_schema';

function setup(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

function synth(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests;
}

const REPO = 'https://github.com/luksa/kubia-website-example.git';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const web = (repo: GitRepoVolume, extra: Partial<ContainerProps> = {}): ContainerProps => ({
  name: 'web-server',
  image: 'nginx:alpine',
  ports: [80],
  mounts: [repo.mount('/usr/share/nginx/html')],
  ...extra,
});

describe('GitRepoVolume', () => {
  test('defaults: alpine/git clones HEAD into an emptyDir; values are arguments, not script text', () => {
    const repo = new GitRepoVolume({ repository: REPO });
    expect(repo.revision).toBe('HEAD');
    expect(repo.volume.toJson()).toEqual({ name: 'git-repo', emptyDir: {} });
    expect(repo.homeVolume.name).toBe('git-repo-tmp');
    expect(repo.sidecar).toBeUndefined();
    expect(repo.sshVolume).toBeUndefined();
    const init = repo.initContainer;
    expect(init).toMatchObject({
      name: 'git-repo-clone',
      image: 'alpine/git:v2.47.2',
      args: ['git-clone', '/git', REPO, 'HEAD', ''],
      env: { HOME: '/tmp' },
    });
    expect(init.command!.slice(0, 2)).toEqual(['sh', '-c']);
    const script = init.command![2];
    expect(script).toContain('git fetch -q --depth 1 "$2" "$3"');
    expect(script).toContain('checkout -q -f FETCH_HEAD');
    expect(script).not.toContain(REPO);
    expect(init.mounts!.map((m) => [m.volume.name, m.path, m.readOnly])).toEqual([
      ['git-repo', '/git', undefined],
      ['git-repo-tmp', '/tmp', undefined],
    ]);
    expect(init.runAsUser).toBeUndefined();
    expect(repo.mount('/srv')).toEqual({
      volume: repo.volume,
      path: '/srv',
      readOnly: true,
      subPath: 'repo',
    });
    expect(repo.servedPath('/srv')).toBe('/srv');
  });

  test('custom: tag or commit, subdirectory, volume name, tmpfs, image', () => {
    const repo = new GitRepoVolume({
      repository: 'file:///srv/git/site.git',
      revision: SHA,
      directory: 'public/',
      volumeName: 'site',
      medium: EmptyDirMedium.MEMORY,
      sizeLimit: '256Mi',
      image: 'registry.example.com/tools/git:2.45',
    });
    expect(repo.volume.toJson().emptyDir).toEqual({ medium: 'Memory', sizeLimit: { value: '256Mi' } });
    expect(repo.initContainer).toMatchObject({
      name: 'site-clone',
      image: 'registry.example.com/tools/git:2.45',
      args: ['git-clone', '/git', 'file:///srv/git/site.git', SHA, 'public'],
    });
    expect(repo.mount('/usr/share/nginx/html', { readOnly: false })).toMatchObject({
      readOnly: false,
      subPath: 'repo/public',
    });
    for (const revision of ['main', 'v1.2.3', 'release/1.x', 'refs/heads/feature-x']) {
      expect(
        new GitRepoVolume({
          repository: 'git@github.com:org/repo.git',
          revision,
          sshKeySecretName: 'deploy-key',
        }).revision,
      ).toBe(revision);
    }
  });

  test('sync: git-sync v4 does the first clone (--one-time) and keeps it in sync; consumers read <mount>/<link>', () => {
    const repo = new GitRepoVolume({
      repository: REPO,
      revision: 'main',
      directory: 'docs',
      sync: { period: '30s', link: 'live' },
    });
    const flags = [`--repo=${REPO}`, '--ref=main', '--root=/git', '--link=live'];
    expect(repo.initContainer).toMatchObject({
      name: 'git-repo-clone',
      image: 'registry.k8s.io/git-sync/git-sync:v4.5.1',
      args: [...flags, '--one-time'],
      runAsUser: 65533,
    });
    expect(repo.initContainer.command).toBeUndefined();
    expect(repo.sidecar).toMatchObject({
      name: 'git-repo-sync',
      args: [...flags, '--period=30s'],
      runAsUser: 65533,
    });
    expect(repo.mount('/srv/git')).toEqual({
      volume: repo.volume,
      path: '/srv/git',
      readOnly: true,
      subPath: undefined,
    });
    expect(repo.servedPath('/srv/git/')).toBe('/srv/git/live/docs');
    const defaults = new GitRepoVolume({ repository: REPO, sync: {} });
    expect(defaults.sidecar!.args).toEqual([
      `--repo=${REPO}`,
      '--ref=HEAD',
      '--root=/git',
      '--link=current',
      '--period=60s',
    ]);
    expect(defaults.servedPath('/srv')).toBe('/srv/current');
  });

  test('ssh: the key Secret is mounted at /etc/git-secret, the clone runs as a uid with a passwd entry', () => {
    const repo = new GitRepoVolume({
      repository: 'git@github.com:org/private.git',
      sshKeySecretName: 'deploy-key',
    });
    expect(repo.sshVolume!.toJson()).toEqual({
      name: 'git-repo-ssh',
      secret: { secretName: 'deploy-key', defaultMode: 0o444 },
    });
    expect(repo.initContainer.mounts!.map((m) => [m.volume.name, m.path, m.readOnly])).toContainEqual([
      'git-repo-ssh',
      '/etc/git-secret',
      true,
    ]);
    expect(repo.initContainer.runAsUser).toBe(65534);
    expect(repo.initContainer.command![2]).toContain('StrictHostKeyChecking=yes');
    const synced = new GitRepoVolume({
      repository: 'ssh://git@git.example.com:2222/org/repo.git',
      sshKeySecretName: 'deploy-key',
      sync: {},
    });
    expect(synced.sidecar!.args).toContain('--ssh');
    expect(synced.initContainer.args).toContain('--ssh');
    const chart = setup();
    new GitClonePod(chart, 'p', {
      name: 'private',
      repo,
      containers: [web(repo)],
      security: SecurityProfile.restricted(),
    });
    const [pod] = synth(chart);
    expect(pod.spec.initContainers[0].securityContext.runAsUser).toBe(65534);
    expect(podSecurityLevel(pod.spec).level).toBe('restricted');
  });

  test('cloneMounts: a claim holding a file:// repository', () => {
    const mirror = PodVolume.persistentVolumeClaim('mirror', { claimName: 'git-mirror', readOnly: true });
    const repo = new GitRepoVolume({
      repository: 'file:///mirror/site.git',
      cloneMounts: [{ volume: mirror, path: '/mirror', readOnly: true }],
    });
    expect(repo.initContainer.mounts!.map((m) => m.volume.name)).toEqual([
      'git-repo',
      'git-repo-tmp',
      'mirror',
    ]);
  });

  test('L1 interop: toPodSpecFragment and toVolumeMountJson drop into a KubePod', () => {
    const repo = new GitRepoVolume({ repository: REPO, sync: {} });
    const fragment = repo.toPodSpecFragment(SecurityProfile.restricted());
    expect(fragment.initContainers!.map((c) => c.name)).toEqual(['git-repo-clone']);
    expect(fragment.containers.map((c) => c.name)).toEqual(['git-repo-sync']);
    expect(fragment.initContainers![0].securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      runAsUser: 65533,
    });
    const chart = setup();
    new KubePod(chart, 'l1', {
      metadata: { name: 'l1' },
      spec: {
        initContainers: fragment.initContainers,
        containers: [
          { name: 'app', image: 'busybox:1.36', volumeMounts: [repo.toVolumeMountJson('/srv')] },
          ...fragment.containers,
        ],
        volumes: fragment.volumes,
      },
    });
    const [pod] = synth(chart);
    expect(pod.spec.containers[0].volumeMounts).toEqual([
      { name: 'git-repo', mountPath: '/srv', readOnly: true },
    ]);
    expect(pod.spec.volumes.map((v: any) => v.name)).toEqual(['git-repo', 'git-repo-tmp']);
    expect(new GitRepoVolume({ repository: REPO }).toPodSpecFragment().containers).toEqual([]);
    expect(new GitRepoVolume({ repository: REPO }).toVolumeMountJson('/srv')).toEqual({
      name: 'git-repo',
      mountPath: '/srv',
      readOnly: true,
      subPath: 'repo',
    });
  });

  test('errors name the volume, the field, the value and what is allowed', () => {
    const bad = (props: any) => () => new GitRepoVolume(props);
    expect(bad({ repository: '' })).toThrow(
      /^GitRepoVolume\/git-repo: repository is ""; expected a repository URL: https:\/\/host\/path/,
    );
    expect(bad({ repository: 'https://example.com/a b.git' })).toThrow(
      /^GitRepoVolume\/git-repo: repository is "https:\/\/example.com\/a b.git"; a repository URL has no spaces, quotes or shell metacharacters$/,
    );
    expect(bad({ repository: 'https://example.com/$(id).git' })).toThrow(
      /repository is .*no spaces, quotes or shell metacharacters/,
    );
    expect(bad({ repository: 'http://example.com/a.git' })).toThrow(
      /^GitRepoVolume\/git-repo: repository is "http:\/\/example.com\/a.git"; plain http is refused: use https:\/\/$/,
    );
    expect(bad({ repository: 'https://user:token@example.com/a.git' })).toThrow(
      /repository is "https:\/\/user:token@example.com\/a.git", which embeds credentials/,
    );
    expect(bad({ repository: '-uhttps://x/y' })).toThrow(
      /^GitRepoVolume\/git-repo: repository is "-uhttps:\/\/x\/y"; expected https:\/\/host\/path, ssh:\/\/\[user@\]host\/path, user@host:path or file:\/\/\/path$/,
    );
    expect(bad({ repository: REPO, revision: '' })).toThrow(
      /^GitRepoVolume\/git-repo: revision is ""; expected a branch, tag or full commit sha/,
    );
    for (const revision of ['main; rm -rf /', 'a b', '-n', '$(id)', 'a..b', 'feature/', 'x.lock', 'v1.']) {
      expect(bad({ repository: REPO, revision })).toThrow(
        new RegExp(
          `^GitRepoVolume/git-repo: revision is ${JSON.stringify(revision).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}; expected a branch, tag or full commit sha`,
        ),
      );
    }
    expect(bad({ repository: REPO, directory: '/site' })).toThrow(
      /^GitRepoVolume\/git-repo: directory is "\/site"; expected a relative path/,
    );
    expect(bad({ repository: REPO, directory: '../up' })).toThrow(
      /directory is "..\/up"; a path may not contain '..'/,
    );
    expect(bad({ repository: REPO, directory: './site' })).toThrow(
      /directory is ".\/site"; expected a subdirectory of the repository/,
    );
    expect(bad({ repository: REPO, image: 'alpine/git:latest', sync: {} })).toThrow(
      /^GitRepoVolume\/git-repo: image is "alpine\/git:latest", but with sync git-sync does the first clone; set sync.image instead$/,
    );
    expect(bad({ repository: REPO, sync: { period: '1 minute' } })).toThrow(
      /^GitRepoVolume\/git-repo: sync.period is "1 minute"; expected a duration such as 60s, 5m or 1h30m/,
    );
    expect(bad({ repository: REPO, sync: { period: '5ms' } })).toThrow(
      /sync.period is "5ms"; expected .* at least 10ms$/,
    );
    expect(new GitRepoVolume({ repository: REPO, sync: { period: '1h30m' } }).sidecar!.args).toContain(
      '--period=1h30m',
    );
    expect(bad({ repository: REPO, sync: { link: '../out' } })).toThrow(
      /^GitRepoVolume\/git-repo: sync.link is "..\/out"; expected a file name such as current/,
    );
    expect(bad({ repository: 'git@github.com:org/repo.git' })).toThrow(
      /^GitRepoVolume\/git-repo: sshKeySecretName is not set, but ssh repository "git@github.com:org\/repo.git" needs a key and known hosts/,
    );
    expect(bad({ repository: REPO, sshKeySecretName: 'key' })).toThrow(
      /^GitRepoVolume\/git-repo: sshKeySecretName is "key", but repository ".*" is not an ssh URL; remove it$/,
    );
    const host = PodVolume.hostPath('repos', { path: '/srv/git', type: HostPathType.DIRECTORY });
    expect(
      bad({ repository: 'file:///repos/a.git', cloneMounts: [{ volume: host, path: '/repos' }] }),
    ).toThrow(
      /^GitRepoVolume\/git-repo: cloneMounts\[0\].volume is hostPath volume "repos"; the clone may not mount node paths$/,
    );
    expect(bad({ repository: REPO, volumeName: 'Repo' })).toThrow(
      /^volume "Repo": name is "Repo"; a DNS-1123 label/,
    );
    const long = 'r'.repeat(60);
    expect(bad({ repository: REPO, volumeName: long })).toThrow(
      `GitRepoVolume/${long}: volumeName is "${long}" (60 characters); it also names the containers <volumeName>-clone and <volumeName>-sync and the volumes <volumeName>-tmp and <volumeName>-ssh, each a DNS-1123 label of at most 63 characters, so it has at most 57`,
    );
    expect(bad({ repository: REPO, volumeName: 'r'.repeat(58) })).toThrow(/so it has at most 57$/);
    expect(bad({ repository: REPO, volumeName: 'r'.repeat(57) })).not.toThrow();
  });
});

const hasGit = spawnSync('git', ['--version']).status === 0;

describe('the clone script', () => {
  (hasGit ? test : test.skip)(
    'clones a branch, a tag and a commit sha, idempotently, and checks the directory',
    () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'git-clone-'));
      const git = (cwd: string, ...args: string[]) => {
        const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
          cwd,
          encoding: 'utf-8',
        });
        if (r.status !== 0) throw new Error(r.stderr);
        return r.stdout.trim();
      };
      try {
        const src = path.join(tmp, 'src');
        fs.mkdirSync(path.join(src, 'site'), { recursive: true });
        git(src, 'init', '-q');
        fs.writeFileSync(path.join(src, 'site', 'index.html'), 'v1');
        git(src, 'add', '.');
        git(src, 'commit', '-qm', 'one');
        git(src, 'tag', 'v1.0');
        const first = git(src, 'rev-parse', 'HEAD');
        git(src, 'checkout', '-qb', 'next');
        fs.writeFileSync(path.join(src, 'site', 'index.html'), 'v2');
        git(src, 'commit', '-qam', 'two');

        const root = path.join(tmp, 'volume');
        fs.mkdirSync(root);
        const clone = (revision: string, directory = '') => {
          const repo = new GitRepoVolume({
            repository: `file://${src}`,
            revision,
            directory: directory || undefined,
          });
          const [, , ...rest] = repo.initContainer.args!; // git-clone, /git, repository, revision, directory
          return spawnSync('sh', ['-c', repo.initContainer.command![2], 'git-clone', root, ...rest], {
            encoding: 'utf-8',
            env: { ...process.env, HOME: tmp },
          });
        };
        const served = () => fs.readFileSync(path.join(root, 'repo', 'site', 'index.html'), 'utf-8');
        expect(clone('next', 'site').status).toBe(0);
        expect(served()).toBe('v2');
        expect(fs.existsSync(path.join(root, 'repo', '.git'))).toBe(false); // consumers see no .git
        expect(clone('v1.0').status).toBe(0);
        expect(served()).toBe('v1');
        expect(clone('next').status).toBe(0); // re-run over a previous clone
        expect(served()).toBe('v2');
        expect(clone(first).status).toBe(0);
        expect(served()).toBe('v1');
        const missing = clone('next', 'docs');
        expect(missing.status).toBe(1);
        expect(missing.stderr).toMatch(/git-clone: no directory "docs" in file:\/\/.* at next/);
        expect(clone('no-such-branch').status).not.toBe(0);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
});

describe('GitClonePod', () => {
  test('defaults: clone first, consumers mount the checkout read-only, image-default security', () => {
    const chart = setup();
    const repo = new GitRepoVolume({ repository: REPO });
    const pod = new GitClonePod(chart, 'p', { name: 'gitrepo-pod', repo, containers: [web(repo)] });
    const [manifest] = synth(chart);
    expect(pod.repo).toBe(repo);
    expect(pod.service).toBeUndefined();
    expect(manifest.metadata).toEqual({
      name: 'gitrepo-pod',
      namespace: 'default',
      labels: { app: 'gitrepo-pod' },
    });
    expect(manifest.spec.securityContext).toBeUndefined();
    expect(podSecurityLevel(manifest.spec).level).toBe('baseline');
    expect(manifest.spec.initContainers.map((c: any) => c.name)).toEqual(['git-repo-clone']);
    expect(manifest.spec.initContainers[0].args).toEqual(['git-clone', '/git', REPO, 'HEAD', '']);
    expect(manifest.spec.containers).toEqual([
      {
        name: 'web-server',
        image: 'nginx:alpine',
        ports: [{ containerPort: 80 }],
        volumeMounts: [
          { name: 'git-repo', mountPath: '/usr/share/nginx/html', readOnly: true, subPath: 'repo' },
        ],
      },
    ]);
    expect(manifest.spec.volumes).toEqual([
      { name: 'git-repo', emptyDir: {} },
      { name: 'git-repo-tmp', emptyDir: {} },
    ]);
  });

  test('custom: sync sidecar, user init containers after the clone, restricted, namespace, Service', () => {
    const chart = setup();
    const repo = new GitRepoVolume({ repository: REPO, revision: 'v2.0.0', sync: { period: '5m' } });
    new GitClonePod(chart, 'p', {
      name: 'docs',
      namespace: 'web',
      labels: { app: 'docs', 'app.kubernetes.io/part-of': 'site' },
      repo,
      initContainers: [
        {
          name: 'check',
          image: 'busybox:1.36',
          command: ['ls', repo.servedPath('/src')],
          mounts: [repo.mount('/src')],
        },
      ],
      containers: [{ name: 'app', image: 'busybox:1.36', ports: [8080], mounts: [repo.mount('/src')] }],
      security: SecurityProfile.restricted(),
      service: { port: 80, targetPort: 8080 },
    });
    const manifests = synth(chart);
    const pod = manifests.find((m) => m.kind === 'Pod');
    expect(podSecurityLevel(pod.spec).level).toBe('restricted');
    expect(pod.metadata.namespace).toBe('web');
    expect(pod.spec.initContainers.map((c: any) => c.name)).toEqual(['git-repo-clone', 'check']);
    expect(pod.spec.initContainers[1].command).toEqual(['ls', '/src/current']);
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app', 'git-repo-sync']);
    expect(pod.spec.containers[1].args).toContain('--period=5m');
    expect(pod.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      fsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const c of [...pod.spec.initContainers, ...pod.spec.containers]) {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
      });
    }
    expect(pod.spec.containers[1].securityContext.runAsUser).toBe(65533);
    const svc = manifests.find((m) => m.kind === 'Service');
    expect(svc.spec.selector).toEqual({ app: 'docs', 'app.kubernetes.io/part-of': 'site' });
    expect(svc.spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
  });

  test('webServer: nginx serving the repository; hardened meets restricted with nginx-unprivileged on 8080', () => {
    const chart = setup();
    GitClonePod.webServer(chart, 'plain', { repository: REPO, directory: 'public' });
    GitClonePod.webServer(chart, 'hard', {
      name: 'git-web-hardened',
      repository: REPO,
      revision: 'master',
      hardened: true,
      service: { port: 80 },
    });
    const manifests = synth(chart);
    const plain = manifests.find((m) => m.metadata.name === 'git-web');
    expect(plain.spec.containers[0]).toMatchObject({
      image: 'nginx:alpine',
      volumeMounts: [
        { name: 'html', mountPath: '/usr/share/nginx/html', readOnly: true, subPath: 'repo/public' },
      ],
    });
    expect(podSecurityLevel(plain.spec).level).toBe('baseline');
    const hard = manifests.find((m) => m.kind === 'Pod' && m.metadata.name === 'git-web-hardened');
    expect(podSecurityLevel(hard.spec).level).toBe('restricted');
    expect(hard.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const [server] = hard.spec.containers;
    expect(server).toMatchObject({
      image: 'nginxinc/nginx-unprivileged:alpine',
      ports: [{ containerPort: 8080 }],
    });
    expect(server.securityContext).toMatchObject({
      runAsUser: 101,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(server.volumeMounts.map((m: any) => m.mountPath)).toEqual([
      '/usr/share/nginx/html',
      '/var/cache/nginx',
      '/tmp',
    ]);
    expect(hard.spec.initContainers[0].env).toEqual([{ name: 'HOME', value: '/tmp' }]);
    expect(manifests.find((m) => m.kind === 'Service').spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
  });

  test('errors', () => {
    const repo = new GitRepoVolume({ repository: REPO });
    const make = (props: any) => () =>
      new GitClonePod(setup(), 'p', { name: 'site', repo, containers: [web(repo)], ...props });
    expect(make({ repo: { volume: repo.volume } })).toThrow(
      /^GitClonePod\/site: repo is not a GitRepoVolume; make one with new GitRepoVolume\(\{ repository \}\)$/,
    );
    expect(make({ containers: [{ name: 'app', image: 'busybox:1.36' }] })).toThrow(
      /^GitClonePod\/site: containers has no container that mounts the repository volume "git-repo"; add repo.mount\('\/path'\) to a container's mounts$/,
    );
    const host = PodVolume.hostPath('h', { path: '/srv', type: HostPathType.DIRECTORY });
    expect(
      make({ containers: [web(repo, { mounts: [repo.mount('/x'), { volume: host, path: '/h' }] })] }),
    ).toThrow(
      /^GitClonePod\/site: containers\[0\].volumeMounts\[1\].volume is hostPath volume "h"; use HostPathPod or HostPathDaemon/,
    );
    expect(make({ name: 'Site' })).toThrow(/^GitClonePod\/Site: name is "Site"; a DNS-1123 subdomain/);
    expect(make({ containers: [web(repo, { name: 'git-repo-clone' })] })).toThrow(
      /^GitClonePod\/site: containers\[0\].name is "git-repo-clone", which another container of this pod already uses$/,
    );
    expect(make({ service: { port: 8080 } })).toThrow(
      /^GitClonePod\/site: service.targetPort is 8080, which no container of the pod declares/,
    );
    expect(() => GitClonePod.webServer(setup(), 'w', { repository: 'ftp://x/y' })).toThrow(
      /^GitRepoVolume\/html: repository is "ftp:\/\/x\/y"; expected/,
    );
  });
});

describe('GitClonePod with SecurityProfile.IMAGE_DEFAULT', () => {
  test("the git containers' own uids are kept; nothing else is set", () => {
    const chart = setup();
    const synced = new GitRepoVolume({ repository: REPO, sync: {} });
    new GitClonePod(chart, 'synced', { name: 'synced', repo: synced, containers: [web(synced)] });
    const ssh = new GitRepoVolume({ repository: 'git@github.com:org/private.git', sshKeySecretName: 'key' });
    new GitClonePod(chart, 'ssh', { name: 'ssh', repo: ssh, containers: [web(ssh)] });
    const [syncedPod, sshPod] = synth(chart);
    expect(syncedPod.spec.securityContext).toBeUndefined();
    expect(syncedPod.spec.initContainers[0].securityContext).toEqual({ runAsUser: 65533 });
    expect(syncedPod.spec.containers.map((c: any) => [c.name, c.securityContext])).toEqual([
      ['web-server', undefined],
      ['git-repo-sync', { runAsUser: 65533 }],
    ]);
    expect(sshPod.spec.initContainers[0].securityContext).toEqual({ runAsUser: 65534 });
    expect(podSecurityLevel(syncedPod.spec).level).toBe('baseline');
  });
});
