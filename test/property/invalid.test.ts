/**
 * Properties of bad input: every public construct and factory, given one random bad value in
 * otherwise valid props (bad names, bad quantities, empty and relative paths, duplicates,
 * incompatible access modes, unknown enum strings cast in, null or undefined where a value is
 * required, values of the wrong type), throws a StorageValidationError whose message names the
 * object and the field. Never a TypeError, never a manifest produced in silence.
 */
import { Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { StaticClaim } from '../../src/constructs/persistent/claim';
import { DynamicClaim } from '../../src/constructs/persistent/dynamic-claim';
import { AccessMode, SelectorOperator, VolumeMode } from '../../src/constructs/persistent/modes';
import {
  NodeAffinity,
  PersistentVolumeSource,
  StaticPersistentVolume,
} from '../../src/constructs/persistent/persistent-volume';
import {
  EbsVolumeType,
  GcePdDiskType,
  Provisioner,
  StorageClass,
} from '../../src/constructs/persistent/storage-class';
import { ClaimDeployment, ClaimPod, ClaimStatefulSet } from '../../src/constructs/persistent/workloads';
import { ContainerProps, SecurityProfile } from '../../src/constructs/pod/container';
import { GitClonePod, GitRepoVolume } from '../../src/constructs/pod/git-clone-pod';
import { HostPathDaemon, HostPathPod } from '../../src/constructs/pod/host-path';
import { SharedEmptyDirPod } from '../../src/constructs/pod/shared-empty-dir-pod';
import { HostPathType, PodVolume } from '../../src/constructs/pod/volume';
import {
  badAbsolutePath,
  badEnum,
  badLabelName,
  badName,
  badQuantity,
  checkProperty,
  dnsLabel,
  expectValidationError,
  relativePath,
  QUARTER_RUNS,
  TIMEOUT,
} from './_fc';

const chart = (namespace?: string) => new Chart(Testing.app(), 't', { namespace });

/** Values of the wrong type for anything: null, undefined, numbers, objects, lists, BigInt, cycles. */
const wrongType = (): fc.Arbitrary<unknown> => {
  const cyclic: any = { a: 1 };
  cyclic.self = cyclic;
  return fc.constantFrom(null, undefined, 0, -1, 1.5, Number.NaN, true, {}, [], ['x'], 10n, cyclic);
};

/** Anything but a non-empty string. */
const notAString = () =>
  fc.oneof(
    wrongType().filter((v) => typeof v !== 'string'),
    fc.constant(''),
  );

/** A value of the wrong type, for an optional prop (where null and undefined mean "the default"). */
const present = () => wrongType().filter((v) => v !== null && v !== undefined);
const notNull = (v: unknown) => v !== null && v !== undefined;

/** Strings that are not valid label keys (qualified names). */
const badLabelKey = () =>
  fc.constantFrom(
    '',
    'a b',
    '-a',
    'a-',
    'Example.COM/app',
    '/app',
    'a/b/c',
    'x'.repeat(64),
    'ex_ample.com/a',
    '__proto__',
    'ü',
  );
const badLabelValue = () => fc.constantFrom('a b', '-a', 'a-', 'x'.repeat(64), 'ü', 'a/b', null, 5, 10n, {});

/** A bad labels map: a bad key, a bad value, a key cdk8s cannot render, or not a map. */
const badLabels = (): fc.Arbitrary<{ labels: unknown; key?: string }> =>
  fc.oneof(
    badLabelKey().map((k) => {
      const labels: Record<string, string> = {};
      Object.defineProperty(labels, k, { value: 'v', enumerable: true });
      return { labels };
    }),
    fc.tuple(dnsLabel(10), badLabelValue()).map(([k, v]) => ({ labels: { [k]: v }, key: k })),
    fc.constant({ labels: { constructor: 'x' } }),
    fc.constantFrom<{ labels: unknown }>({ labels: 'app=x' }, { labels: ['a'] }, { labels: 5 }),
  );

/** The field a bad labels map is reported at. */
const labelsField = (base: string, bad: { labels: unknown; key?: string }) =>
  bad.key !== undefined ? `${base}.${bad.key}` : base;

type Case = readonly [
  name: string,
  arb: fc.Arbitrary<unknown>,
  make: (bad: any) => unknown,
  object: string | RegExp,
  field: string | RegExp | ((bad: any) => string | RegExp),
];

function runCases(cases: readonly Case[]): void {
  test.each(cases.map((c) => [c[0], c] as const))(
    '%s',
    (_name, [, arb, make, object, field]) => {
      checkProperty(
        fc.property(arb, (bad) => {
          expectValidationError(() => make(bad), object, typeof field === 'function' ? field(bad) : field);
        }),
        { numRuns: QUARTER_RUNS },
      );
    },
    TIMEOUT,
  );
}

// ---------------------------------------------------------------------------------------------
// Pod patterns

const emptyDir = () => PodVolume.emptyDir('scratch');
const c = (extra: Partial<ContainerProps> = {}): ContainerProps => ({
  name: 'app',
  image: 'busybox:1.36',
  ports: [8080],
  mounts: [{ volume: emptyDir(), path: '/data' }],
  ...extra,
});
const shared = (props: Record<string, unknown>) =>
  new SharedEmptyDirPod(chart(), 'pod', { name: 'web', containers: [c()], ...props } as any);
const SEP = 'SharedEmptyDirPod/web';

describe('SharedEmptyDirPod: bad props', () => {
  runCases([
    ['name', badName(), (name) => shared({ name }), /^SharedEmptyDirPod\//, 'name'],
    [
      'namespace',
      badLabelName().filter((v) => v !== undefined),
      (namespace) => shared({ namespace }),
      SEP,
      'namespace',
    ],
    [
      'labels',
      badLabels(),
      (bad) => shared({ labels: bad.labels }),
      SEP,
      (bad) => labelsField('labels', bad),
    ],
    [
      'no containers',
      fc.constantFrom(undefined, null, []),
      (containers) => shared({ containers }),
      SEP,
      'containers',
    ],
    [
      'container null',
      fc.constantFrom(null, undefined, 5, 'x'),
      (x) => shared({ containers: [x] }),
      SEP,
      /^containers\[0\]\.name$/,
    ],
    [
      'container name',
      badLabelName(),
      (name) => shared({ containers: [c({ name })] }),
      SEP,
      'containers[0].name',
    ],
    [
      'duplicate container name',
      dnsLabel(10),
      (name) => shared({ containers: [c({ name }), c({ name, mounts: [] })] }),
      SEP,
      'containers[1].name',
    ],
    [
      'image',
      fc.oneof(notAString(), fc.constantFrom(' ', '\t')),
      (image) => shared({ containers: [c({ image })] }),
      SEP,
      'containers[0].image',
    ],
    [
      'mount path',
      badAbsolutePath(),
      (path) => shared({ containers: [c({ mounts: [{ volume: emptyDir(), path }] })] }),
      SEP,
      'containers[0].volumeMounts[0].mountPath',
    ],
    [
      'duplicate mount path',
      fc.constantFrom('/data', '/data/', '/data//', '/data/.', '//data'),
      (path) =>
        shared({
          containers: [
            c({
              mounts: [
                { volume: emptyDir(), path: '/data' },
                { volume: PodVolume.emptyDir('other'), path },
              ],
            }),
          ],
        }),
      SEP,
      'containers[0].volumeMounts[1].mountPath',
    ],
    [
      'one volume name, two sources',
      fc.constantFrom('Memory', '1Gi'),
      (x) =>
        shared({
          containers: [
            c({
              mounts: [
                { volume: emptyDir(), path: '/a' },
                {
                  volume:
                    x === 'Memory'
                      ? PodVolume.emptyDir('scratch', { medium: 'Memory' as any })
                      : PodVolume.emptyDir('scratch', { sizeLimit: x }),
                  path: '/b',
                },
              ],
            }),
          ],
        }),
      SEP,
      'containers[0].volumeMounts[1].volume',
    ],
    [
      'mount not a PodVolume',
      wrongType(),
      (volume) => shared({ containers: [c({ mounts: [{ volume, path: '/x' } as any] })] }),
      SEP,
      'containers[0].volumeMounts[0].volume',
    ],
    [
      'null mount',
      fc.constantFrom(null, undefined),
      (m) => shared({ containers: [c({ mounts: [m] })] }),
      SEP,
      'containers[0].volumeMounts[0].volume',
    ],
    [
      'subPath',
      fc.constantFrom('/abs', '../up', 'a/../../b', '', 5),
      (subPath) => shared({ containers: [c({ mounts: [{ volume: emptyDir(), path: '/d', subPath }] })] }),
      SEP,
      'containers[0].volumeMounts[0].subPath',
    ],
    [
      'port',
      fc.constantFrom(0, -1, 65536, 1.5, Number.NaN, '80', null),
      (p) => shared({ containers: [c({ ports: [p] })] }),
      SEP,
      'containers[0].ports[0]',
    ],
    [
      'env name',
      fc.constantFrom('', '1abc', 'a b', 'a=b', 'ü'),
      (k) => shared({ containers: [c({ env: { [k]: 'v' } })] }),
      SEP,
      'containers[0].env',
    ],
    [
      'imagePullPolicy',
      badEnum(),
      (imagePullPolicy) => shared({ containers: [c({ imagePullPolicy })] }),
      SEP,
      'containers[0].imagePullPolicy',
    ],
    [
      'resource quantity',
      badQuantity().filter(
        (q) => q !== undefined && q !== '0' && q !== 0 && q !== '0Gi' && q !== 'Gi' && q !== '.' && q !== '-',
      ),
      (q) => shared({ containers: [c({ resources: { memoryLimit: q } })] }),
      SEP,
      'containers[0].resources.memoryLimit',
    ],
    [
      'request above limit',
      fc.integer({ min: 2, max: 1000 }),
      (n) => shared({ containers: [c({ resources: { cpuRequest: `${n}`, cpuLimit: `${n - 1}` } })] }),
      SEP,
      'containers[0].resources.cpuRequest',
    ],
    [
      'runAsUser',
      fc.constantFrom(0, -1, 1.5, Number.NaN, '1000'),
      (runAsUser) => shared({ containers: [c({ runAsUser })] }),
      SEP,
      'containers[0].runAsUser',
    ],
    [
      'hostPath in mounts',
      safeHost(),
      (volume) => shared({ containers: [c({ mounts: [{ volume, path: '/h' }] })] }),
      SEP,
      'containers[0].volumeMounts[0].volume',
    ],
    [
      'service port',
      fc.constantFrom(0, 65536, 1.5, null, '80'),
      (port) => shared({ service: { port } }),
      SEP,
      'service.port',
    ],
    [
      'service targetPort not declared',
      fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 8080),
      (targetPort) => shared({ service: { port: 80, targetPort } }),
      SEP,
      'service.targetPort',
    ],
    [
      'service type',
      badEnum(),
      (type) => shared({ service: { port: 80, targetPort: 8080, type } }),
      SEP,
      'service.type',
    ],
    [
      'service nodePort on ClusterIP',
      fc.integer({ min: 30000, max: 32767 }),
      (nodePort) => shared({ service: { port: 80, targetPort: 8080, nodePort } }),
      SEP,
      'service.nodePort',
    ],
    [
      'service name',
      badLabelName().filter(notNull),
      (name) => shared({ service: { port: 80, targetPort: 8080, name } }),
      SEP,
      'service.name',
    ],
    [
      'service name from a dotted pod name',
      fc.constantFrom('web.a', 'a.b.c'),
      (name) => shared({ name, service: { port: 80, targetPort: 8080 } }),
      /^SharedEmptyDirPod\//,
      'service.name',
    ],
    [
      'security runAsUser',
      fc.constantFrom(0, -5, 2.5),
      (runAsUser) => SecurityProfile.restricted({ runAsUser }),
      'SecurityProfile.restricted',
      'runAsUser',
    ],
    [
      'whole props',
      fc.constantFrom(undefined, null),
      (props) => new SharedEmptyDirPod(chart(), 'pod', props),
      'SharedEmptyDirPod/pod',
      'name',
    ],
    [
      'fortune sizeLimit',
      badQuantity().filter((q) => q !== undefined),
      (sizeLimit) => SharedEmptyDirPod.fortune(chart(), 'f', { sizeLimit }),
      'volume "html"',
      'emptyDir.sizeLimit',
    ],
    [
      'fortune medium',
      badEnum(),
      (medium) => SharedEmptyDirPod.fortune(chart(), 'f', { medium }),
      'volume "html"',
      'emptyDir.medium',
    ],
    [
      'fortune name',
      badName().filter((v) => v !== undefined && v !== null),
      (name) => SharedEmptyDirPod.fortune(chart(), 'f', { name }),
      /^SharedEmptyDirPod\//,
      'name',
    ],
  ]);
});

function safeHost() {
  return fc
    .constantFrom('/var/log', '/data')
    .map((path) => PodVolume.hostPath('host', { path, type: HostPathType.DIRECTORY }));
}

describe('PodVolume factories: bad options', () => {
  const V = (name: string) => `volume "${name}"`;
  runCases([
    [
      'volume name',
      badLabelName().filter((n) => typeof n === 'string'),
      (name) => PodVolume.emptyDir(name),
      /^volume /,
      'name',
    ],
    ['volume name not a string', wrongType(), (name) => PodVolume.emptyDir(name), /^volume /, 'name'],
    [
      'emptyDir medium',
      badEnum(),
      (medium) => PodVolume.emptyDir('v', { medium }),
      V('v'),
      'emptyDir.medium',
    ],
    [
      'emptyDir sizeLimit',
      badQuantity().filter((q) => q !== undefined),
      (sizeLimit) => PodVolume.emptyDir('v', { sizeLimit }),
      V('v'),
      'emptyDir.sizeLimit',
    ],
    [
      'hostPath path',
      badAbsolutePath(),
      (path) => PodVolume.hostPath('v', { path, type: HostPathType.DIRECTORY }),
      V('v'),
      'hostPath.path',
    ],
    [
      'hostPath options',
      fc.constantFrom(undefined, null),
      (o) => PodVolume.hostPath('v', o),
      V('v'),
      'hostPath.path',
    ],
    [
      'hostPath type',
      badEnum(),
      (type) => PodVolume.hostPath('v', { path: '/data', type }),
      V('v'),
      'hostPath.type',
    ],
    [
      'configMap name',
      badName(),
      (configMapName) => PodVolume.configMap('v', { configMapName }),
      V('v'),
      'configMap.name',
    ],
    [
      'configMap options',
      fc.constantFrom(undefined, null),
      (o) => PodVolume.configMap('v', o),
      V('v'),
      'configMap.name',
    ],
    [
      'configMap item path',
      fc.constantFrom('/abs', '../x', 'a/../..', '', null),
      (path) => PodVolume.configMap('v', { configMapName: 'c', items: [{ key: 'k', path }] }),
      V('v'),
      'configMap.items[0].path',
    ],
    [
      'configMap item key',
      fc.constantFrom('', null, undefined),
      (key) => PodVolume.configMap('v', { configMapName: 'c', items: [{ key, path: 'p' }] }),
      V('v'),
      'configMap.items[0].key',
    ],
    [
      'configMap item mode',
      fc.constantFrom(-1, 512, 1.5, 0o1000, Number.NaN),
      (mode) => PodVolume.configMap('v', { configMapName: 'c', items: [{ key: 'k', path: 'p', mode }] }),
      V('v'),
      'configMap.items[0].mode',
    ],
    [
      'configMap defaultMode',
      fc.constantFrom(-1, 512, 1.5, 644.5),
      (defaultMode) => PodVolume.configMap('v', { configMapName: 'c', defaultMode }),
      V('v'),
      'configMap.defaultMode',
    ],
    [
      'secret name',
      badName(),
      (secretName) => PodVolume.secret('v', { secretName }),
      V('v'),
      'secret.secretName',
    ],
    [
      'secret options',
      fc.constantFrom(undefined, null),
      (o) => PodVolume.secret('v', o),
      V('v'),
      'secret.secretName',
    ],
    [
      'downwardAPI items',
      fc.constantFrom(undefined, null, []),
      (items) => PodVolume.downwardApi('v', { items }),
      V('v'),
      'downwardAPI.items',
    ],
    [
      'downwardAPI options',
      fc.constantFrom(undefined, null),
      (o) => PodVolume.downwardApi('v', o),
      V('v'),
      'downwardAPI.items',
    ],
    [
      'downwardAPI both or neither',
      fc.boolean(),
      (both) =>
        PodVolume.downwardApi('v', {
          items: [{ path: 'p', ...(both ? { fieldPath: 'metadata.name', resource: 'limits.cpu' } : {}) }],
        }),
      V('v'),
      'downwardAPI.items[0]',
    ],
    [
      'downwardAPI fieldPath',
      fc.constantFrom('spec.nodeName', 'status.podIP', 'metadata.labels[app]', 'metadata.generateName'),
      (fieldPath) => PodVolume.downwardApi('v', { items: [{ path: 'p', fieldPath }] }),
      V('v'),
      'downwardAPI.items[0].fieldPath',
    ],
    [
      'downwardAPI resource',
      fc.constantFrom('limits.gpu', 'cpu', 'limits.hugepages-'),
      (resource) => PodVolume.downwardApi('v', { items: [{ path: 'p', resource, containerName: 'c' }] }),
      V('v'),
      'downwardAPI.items[0].resource',
    ],
    [
      'downwardAPI containerName',
      fc.constantFrom(undefined, '', 'Bad Name'),
      (containerName) =>
        PodVolume.downwardApi('v', { items: [{ path: 'p', resource: 'limits.cpu', containerName }] }),
      V('v'),
      'downwardAPI.items[0].containerName',
    ],
    [
      'downwardAPI path',
      badAbsolutePath().filter(
        (p) => typeof p !== 'string' || p.startsWith('/') || p === '' || p.includes('..'),
      ),
      (path) => PodVolume.downwardApi('v', { items: [{ path, fieldPath: 'metadata.name' }] }),
      V('v'),
      'downwardAPI.items[0].path',
    ],
    [
      'projected sources',
      fc.constantFrom(undefined, null, []),
      (sources) => PodVolume.projected('v', { sources }),
      V('v'),
      'projected.sources',
    ],
    [
      'projected source with two',
      fc.constant(0),
      () =>
        PodVolume.projected('v', {
          sources: [{ configMap: { configMapName: 'a' }, secret: { secretName: 'b' } }],
        }),
      V('v'),
      'projected.sources[0]',
    ],
    [
      'projected empty source',
      fc.constantFrom({}, null),
      (s) => PodVolume.projected('v', { sources: [s] }),
      V('v'),
      'projected.sources[0]',
    ],
    [
      'projected token path',
      fc.constantFrom('/abs', '', '../t', null),
      (path) => PodVolume.projected('v', { sources: [{ serviceAccountToken: { path } }] }),
      V('v'),
      'projected.sources[0].serviceAccountToken.path',
    ],
    [
      'projected token expiration',
      fc.constantFrom(0, 599, -1, 3600.5, Number.NaN),
      (expirationSeconds) =>
        PodVolume.projected('v', { sources: [{ serviceAccountToken: { path: 't', expirationSeconds } }] }),
      V('v'),
      'projected.sources[0].serviceAccountToken.expirationSeconds',
    ],
    [
      'claim name',
      badName(),
      (claimName) => PodVolume.persistentVolumeClaim('v', { claimName }),
      V('v'),
      'persistentVolumeClaim.claimName',
    ],
    [
      'claim options',
      fc.constantFrom(undefined, null),
      (o) => PodVolume.persistentVolumeClaim('v', o),
      V('v'),
      'persistentVolumeClaim.claimName',
    ],
  ]);
});

// ---------------------------------------------------------------------------------------------

const REPO = 'https://git.example.com/team/site.git';
const GRV = 'GitRepoVolume/git-repo';

describe('GitRepoVolume and GitClonePod: bad props', () => {
  const clonePod = (props: Record<string, unknown>) => {
    const repo = new GitRepoVolume({ repository: REPO });
    return new GitClonePod(chart(), 'pod', {
      name: 'site',
      repo,
      containers: [c({ mounts: [repo.mount('/srv')] })],
      ...props,
    } as any);
  };
  runCases([
    [
      'repository',
      fc.oneof(
        notAString(),
        fc.constantFrom(
          'http://h/x',
          'https://u:p@h/x',
          'ftp://h/x',
          'h/x',
          'https://h/x y',
          "https://h/x';rm -rf /",
          'https://h/$(id)',
          'https://h',
          'file://relative',
          'git@h',
          '\u0000',
        ),
      ),
      (repository) => new GitRepoVolume({ repository }),
      GRV,
      'repository',
    ],
    ['whole props', fc.constantFrom(undefined, null), (props) => new GitRepoVolume(props), GRV, 'repository'],
    [
      'revision',
      fc.oneof(
        present(),
        fc.constant(''),
        fc.constantFrom('a b', '..', 'a..b', '-x', 'x.lock', 'x/', 'a//b', 'x.', '$(id)', 'a;b'),
      ),
      (revision) => new GitRepoVolume({ repository: REPO, revision }),
      GRV,
      'revision',
    ],
    [
      'directory',
      fc.oneof(
        fc.constantFrom('/abs', '../x', 'a/./b', '', './a', 'a\\b', 'a\u0001'),
        wrongType().filter((v) => v !== undefined),
      ),
      (directory) => new GitRepoVolume({ repository: REPO, directory }),
      GRV,
      'directory',
    ],
    [
      'image with sync',
      fc.constantFrom('alpine/git'),
      (image) => new GitRepoVolume({ repository: REPO, image, sync: {} }),
      GRV,
      'image',
    ],
    [
      'ssh without key',
      fc.constantFrom('ssh://git@h/x.git', 'git@h:x.git'),
      (repository) => new GitRepoVolume({ repository }),
      GRV,
      'sshKeySecretName',
    ],
    [
      'key without ssh',
      fc.constantFrom('k'),
      (sshKeySecretName) => new GitRepoVolume({ repository: REPO, sshKeySecretName }),
      GRV,
      'sshKeySecretName',
    ],
    [
      'sync period',
      fc.oneof(fc.constantFrom('5', '1ms', '9ms', '1d', '', '1 s', '-1s', 's'), present()),
      (period) => new GitRepoVolume({ repository: REPO, sync: { period } }),
      GRV,
      'sync.period',
    ],
    [
      'sync link',
      fc.oneof(fc.constantFrom('', '.hidden', 'a/b', '../x', 'a b'), present()),
      (link) => new GitRepoVolume({ repository: REPO, sync: { link } }),
      GRV,
      'sync.link',
    ],
    [
      'cloneMounts hostPath',
      safeHost(),
      (volume) => new GitRepoVolume({ repository: REPO, cloneMounts: [{ volume, path: '/h' }] }),
      GRV,
      'cloneMounts[0].volume',
    ],
    [
      'volumeName',
      badLabelName().filter((v) => typeof v === 'string' && v !== ''),
      (volumeName) => new GitRepoVolume({ repository: REPO, volumeName }),
      /^(GitRepoVolume\/|volume ")/,
      'name',
    ],
    [
      'sizeLimit',
      badQuantity().filter((q) => q !== undefined),
      (sizeLimit) => new GitRepoVolume({ repository: REPO, sizeLimit }),
      /^volume "git-repo"$/,
      'emptyDir.sizeLimit',
    ],
    ['pod repo', wrongType(), (repo) => clonePod({ repo }), 'GitClonePod/site', 'repo'],
    [
      'pod without a consumer of the repo',
      fc.constant(0),
      () => clonePod({ containers: [c()] }),
      'GitClonePod/site',
      'containers',
    ],
    [
      'pod container hostPath',
      safeHost(),
      (volume) => clonePod({ initContainers: [c({ name: 'init', mounts: [{ volume, path: '/h' }] })] }),
      'GitClonePod/site',
      'initContainers[0].volumeMounts[0].volume',
    ],
    [
      'pod labels',
      badLabels(),
      (bad) => clonePod({ labels: bad.labels }),
      'GitClonePod/site',
      (bad) => labelsField('labels', bad),
    ],
    ['pod name', badName(), (name) => clonePod({ name }), /^GitClonePod\//, 'name'],
    [
      'webServer repository',
      fc.constantFrom('http://h/x', '', 'ssh://git@h/x'),
      (repository) => GitClonePod.webServer(chart(), 'w', { repository }),
      'GitRepoVolume/html',
      /^(repository|sshKeySecretName)$/,
    ],
  ]);
});

// ---------------------------------------------------------------------------------------------

const varLog = () => PodVolume.hostPath('varlog', { path: '/var/log', type: HostPathType.DIRECTORY });
const hc = (extra: Record<string, unknown> = {}) => ({
  name: 'reader',
  image: 'busybox',
  hostPathMounts: [{ volume: varLog(), path: '/host/log' }],
  ...extra,
});
const hostPod = (props: Record<string, unknown>) =>
  new HostPathPod(chart(), 'p', { name: 'reader', containers: [hc()], ...props } as any);
const hostDaemon = (props: Record<string, unknown>) =>
  new HostPathDaemon(chart(), 'd', { name: 'reader', containers: [hc()], ...props } as any);

describe('HostPathPod and HostPathDaemon: bad props', () => {
  const HP = 'HostPathPod/reader';
  const HD = 'HostPathDaemon/reader';
  const sensitive = fc.constantFrom(
    '/',
    '/etc',
    '/etc/kubernetes/pki',
    '/var/run/docker.sock',
    '/run/containerd/containerd.sock',
    '/var/lib/kubelet',
    '/proc',
    '/dev',
    '/root',
    '//etc//',
    '/./etc',
    '/var/lib/docker',
    '/var',
    '/var/lib/kubelet/plugins',
  );
  // only a risk when written: refused when mounted writable (readOnly: false), fine read-only
  const writeSensitive = fc.constantFrom(
    '/sys',
    '/sys/fs/cgroup',
    '/boot',
    '/etc/ssl/certs',
    '/etc/pki',
    '/etc/ca-certificates',
    '/etc/selinux',
    '/etc/localtime',
    '/etc/machine-id',
    '/etc/os-release',
  );
  runCases([
    [
      'sensitive path without allowSensitivePath',
      sensitive,
      (path) =>
        hostPod({
          containers: [
            hc({
              hostPathMounts: [
                { volume: PodVolume.hostPath('h', { path, type: HostPathType.UNCHECKED }), path: '/h' },
              ],
            }),
          ],
        }),
      HP,
      'containers[0].hostPathMounts[0].volume',
    ],
    [
      'sensitive path, allowSensitivePath not true',
      fc.tuple(sensitive, fc.constantFrom(false, 'yes', 1, null)),
      ([path, allow]) =>
        hostDaemon({
          containers: [
            hc({
              hostPathMounts: [
                {
                  volume: PodVolume.hostPath('h', { path, type: HostPathType.UNCHECKED }),
                  path: '/h',
                  allowSensitivePath: allow,
                },
              ],
            }),
          ],
        }),
      HD,
      'containers[0].hostPathMounts[0].volume',
    ],
    [
      'a path only risky when written, mounted readOnly: false without allowSensitivePath',
      fc.tuple(writeSensitive, fc.constantFrom(undefined, false, 'yes', 1, null)),
      ([path, allow]) =>
        hostDaemon({
          containers: [
            hc({
              hostPathMounts: [
                {
                  volume: PodVolume.hostPath('h', { path, type: HostPathType.UNCHECKED }),
                  path: '/h',
                  readOnly: false,
                  allowSensitivePath: allow,
                },
              ],
            }),
          ],
        }),
      HD,
      'containers[0].hostPathMounts[0].volume',
    ],
    [
      'non-hostPath volume in hostPathMounts',
      fc.constant(0),
      () => hostPod({ containers: [hc({ hostPathMounts: [{ volume: emptyDir(), path: '/h' }] })] }),
      HP,
      'containers[0].hostPathMounts[0].volume',
    ],
    [
      'not a volume in hostPathMounts',
      wrongType(),
      (volume) => hostPod({ containers: [hc({ hostPathMounts: [{ volume, path: '/h' }] })] }),
      HP,
      'containers[0].hostPathMounts[0].volume',
    ],
    [
      'hostPath in plain mounts',
      safeHost(),
      (volume) => hostDaemon({ containers: [hc({ mounts: [{ volume, path: '/m' }] })] }),
      HD,
      'containers[0].volumeMounts[0].volume',
    ],
    [
      'mount path',
      badAbsolutePath(),
      (path) => hostPod({ containers: [hc({ hostPathMounts: [{ volume: varLog(), path }] })] }),
      HP,
      /^containers\[0\]\.volumeMounts\[0\]\.mountPath$/,
    ],
    [
      'nodeName',
      badName().filter((v) => v !== undefined),
      (nodeName) => hostPod({ nodeName }),
      HP,
      'nodeName',
    ],
    [
      'nodeSelector',
      badLabels().filter((b) => b.labels !== null),
      (bad) => hostDaemon({ nodeSelector: bad.labels }),
      HD,
      (bad) => labelsField('nodeSelector', bad),
    ],
    [
      'tolerations with tolerateAllTaints',
      fc.constant(0),
      () => hostDaemon({ tolerateAllTaints: true, tolerations: [{ key: 'a', operator: 'Exists' }] }),
      HD,
      'tolerations',
    ],
    [
      'toleration operator',
      badEnum(),
      (operator) => hostDaemon({ tolerations: [{ key: 'a', operator }] }),
      HD,
      'tolerations[0].operator',
    ],
    [
      'toleration Equal without key',
      fc.constantFrom(undefined, ''),
      (key) => hostDaemon({ tolerations: [{ key, value: 'x' }] }),
      HD,
      'tolerations[0].operator',
    ],
    [
      'toleration key',
      badLabelKey().filter((k) => k !== ''),
      (key) => hostDaemon({ tolerations: [{ key, operator: 'Exists' }] }),
      HD,
      'tolerations[0].key',
    ],
    [
      'toleration value with Exists',
      fc.constantFrom('x', 'a-b'),
      (value) => hostDaemon({ tolerations: [{ key: 'k', operator: 'Exists', value }] }),
      HD,
      'tolerations[0].value',
    ],
    [
      'toleration value',
      badLabelValue().filter((v) => typeof v === 'string'),
      (value) => hostDaemon({ tolerations: [{ key: 'k', value }] }),
      HD,
      'tolerations[0].value',
    ],
    [
      'toleration effect',
      badEnum(),
      (effect) => hostDaemon({ tolerations: [{ key: 'k', effect }] }),
      HD,
      'tolerations[0].effect',
    ],
    [
      'tolerationSeconds without NoExecute',
      fc.integer(),
      (tolerationSeconds) =>
        hostDaemon({ tolerations: [{ key: 'k', effect: 'NoSchedule', tolerationSeconds }] }),
      HD,
      'tolerations[0].tolerationSeconds',
    ],
    [
      'tolerationSeconds not whole',
      fc.constantFrom(1.5, Number.NaN, Infinity),
      (tolerationSeconds) =>
        hostDaemon({ tolerations: [{ key: 'k', effect: 'NoExecute', tolerationSeconds }] }),
      HD,
      'tolerations[0].tolerationSeconds',
    ],
    [
      'null toleration',
      fc.constantFrom(null, undefined),
      (t) => hostDaemon({ tolerations: [t] }),
      HD,
      'tolerations[0]',
    ],
    [
      'no containers',
      fc.constantFrom(undefined, null, []),
      (containers) => hostPod({ containers }),
      HP,
      'containers',
    ],
    [
      'whole props',
      fc.constantFrom(undefined, null),
      (props) => new HostPathDaemon(chart(), 'd', props),
      'HostPathDaemon/d',
      'name',
    ],
    [
      'labels',
      badLabels(),
      (bad) => hostDaemon({ labels: bad.labels }),
      HD,
      (bad) => labelsField('labels', bad),
    ],
  ]);
});

// ---------------------------------------------------------------------------------------------
// Persistent storage

const nfs = () => PersistentVolumeSource.nfs('nfs.example.com', '/exports/data');
const pv = (props: Record<string, unknown>, ns?: string) =>
  new StaticPersistentVolume(chart(ns), 'pv', {
    name: 'data',
    capacity: '1Gi',
    source: nfs(),
    ...props,
  } as any);
const PV = 'PersistentVolume/data';
const source = (make: () => PersistentVolumeSource, extra: Record<string, unknown> = {}) =>
  pv({ source: make(), ...extra });

describe('StaticPersistentVolume and PersistentVolumeSource: bad props', () => {
  runCases([
    [
      'name',
      badName().filter((n) => n !== undefined && n !== null),
      (name) => pv({ name }),
      /^PersistentVolume\//,
      'metadata.name',
    ],
    ['capacity', badQuantity(), (capacity) => pv({ capacity }), PV, 'spec.capacity.storage'],
    ['source', wrongType(), (s) => pv({ source: s }), PV, 'source'],
    [
      'whole props',
      fc.constantFrom(undefined, null),
      (props) => new StaticPersistentVolume(chart(), 'pv', props),
      'PersistentVolume/pv',
      /^(source|spec\.capacity\.storage)$/,
    ],
    [
      'no access mode',
      fc.constantFrom([], 'ReadWriteOnce', {}),
      (accessModes) => pv({ accessModes }),
      PV,
      'spec.accessModes',
    ],
    [
      'unknown access mode',
      badEnum(),
      (m) => pv({ accessModes: [AccessMode.READ_WRITE_ONCE, m] }),
      PV,
      'spec.accessModes[1]',
    ],
    [
      'duplicate access mode',
      fc.constantFrom(...Object.values(AccessMode)),
      (m) =>
        pv({ accessModes: [m, m], source: PersistentVolumeSource.csi({ driver: 'd', volumeHandle: 'h' }) }),
      PV,
      'spec.accessModes',
    ],
    [
      'ReadWriteOncePod with another mode',
      fc.constantFrom(AccessMode.READ_WRITE_ONCE, AccessMode.READ_ONLY_MANY, AccessMode.READ_WRITE_MANY),
      (m) =>
        pv({
          accessModes: [AccessMode.READ_WRITE_ONCE_POD, m],
          source: PersistentVolumeSource.csi({ driver: 'd', volumeHandle: 'h' }),
        }),
      PV,
      'spec.accessModes',
    ],
    [
      'ReadWriteOncePod without CSI',
      fc.constantFrom('nfs', 'hostPath'),
      (k) =>
        pv({
          accessModes: [AccessMode.READ_WRITE_ONCE_POD],
          source: k === 'nfs' ? nfs() : PersistentVolumeSource.hostPath('/data', HostPathType.DIRECTORY),
        }),
      PV,
      'spec.accessModes',
    ],
    [
      'reclaimPolicy',
      badEnum(),
      (reclaimPolicy) => pv({ reclaimPolicy }),
      PV,
      'spec.persistentVolumeReclaimPolicy',
    ],
    [
      'Recycle where invalid',
      fc.constantFrom('local', 'csi', 'iscsi'),
      (k) =>
        pv({
          reclaimPolicy: 'Recycle',
          nodeAffinity: NodeAffinity.hostnames(['n']),
          source:
            k === 'local'
              ? PersistentVolumeSource.local('/mnt/d')
              : k === 'csi'
                ? PersistentVolumeSource.csi({ driver: 'd', volumeHandle: 'h' })
                : PersistentVolumeSource.iscsi({
                    targetPortal: '10.0.0.1',
                    iqn: 'iqn.2001-04.com.example:d',
                    lun: 0,
                  }),
        }),
      PV,
      'spec.persistentVolumeReclaimPolicy',
    ],
    ['volumeMode', badEnum(), (volumeMode) => pv({ volumeMode }), PV, 'spec.volumeMode'],
    [
      'Block on nfs or hostPath',
      fc.constantFrom('nfs', 'hostPath'),
      (k) =>
        pv({
          volumeMode: VolumeMode.BLOCK,
          source: k === 'nfs' ? nfs() : PersistentVolumeSource.hostPath('/data', HostPathType.DIRECTORY),
        }),
      PV,
      'spec.volumeMode',
    ],
    [
      'mountOptions on hostPath or local',
      fc.constantFrom('hostPath', 'local'),
      (k) =>
        pv({
          mountOptions: ['ro'],
          nodeAffinity: NodeAffinity.hostnames(['n']),
          source:
            k === 'local'
              ? PersistentVolumeSource.local('/mnt/d')
              : PersistentVolumeSource.hostPath('/data', HostPathType.DIRECTORY),
        }),
      PV,
      'spec.mountOptions',
    ],
    [
      'storageClassName',
      badName().filter((n) => notNull(n) && n !== ''),
      (storageClassName) => pv({ storageClassName }),
      PV,
      'spec.storageClassName',
    ],
    [
      'class twice',
      fc.constantFrom('', 'x'),
      (storageClassName) => {
        const ch = chart();
        const sc = new StorageClass(ch, 'sc', { provisioner: Provisioner.local() });
        return new StaticPersistentVolume(ch, 'pv', {
          name: 'data',
          capacity: '1Gi',
          source: nfs(),
          storageClass: sc,
          storageClassName,
        });
      },
      PV,
      'spec.storageClassName',
    ],
    [
      'local without nodeAffinity',
      fc.constant(0),
      () => source(() => PersistentVolumeSource.local('/mnt/d')),
      PV,
      'spec.nodeAffinity',
    ],
    [
      'nodeAffinity not a NodeAffinity',
      fc.constantFrom({}, 'node1', ['n'], 5),
      (nodeAffinity) => pv({ nodeAffinity }),
      PV,
      'spec.nodeAffinity',
    ],
    [
      'nodeAffinity key',
      fc.oneof(
        badLabelKey(),
        wrongType().filter((v) => typeof v !== 'string'),
      ),
      (key) => pv({ nodeAffinity: NodeAffinity.matchLabel(key, ['a']) }),
      PV,
      'spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].key',
    ],
    [
      'nodeAffinity values',
      fc.constantFrom([], [''], null, [5], 'a'),
      (values) => pv({ nodeAffinity: NodeAffinity.hostnames(['n']).andMatchLabel('zone', values) }),
      PV,
      'spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[1].values',
    ],
    [
      'labels',
      badLabels(),
      (bad) => pv({ labels: bad.labels }),
      PV,
      (bad) => labelsField('metadata.labels', bad),
    ],
    [
      'hostPath path',
      badAbsolutePath(),
      (path) => source(() => PersistentVolumeSource.hostPath(path, HostPathType.DIRECTORY)),
      PV,
      'spec.hostPath.path',
    ],
    [
      'hostPath type',
      badEnum(),
      (type) => source(() => PersistentVolumeSource.hostPath('/data', type)),
      PV,
      'spec.hostPath.type',
    ],
    [
      'hostPath sensitive',
      fc.constantFrom('/', '/etc', '/var/run/docker.sock', '/var/lib/kubelet/pods', '/proc/1'),
      (path) => source(() => PersistentVolumeSource.hostPath(path, HostPathType.DIRECTORY)),
      PV,
      'spec.hostPath.path',
    ],
    [
      'local path',
      badAbsolutePath(),
      (path) =>
        source(() => PersistentVolumeSource.local(path), { nodeAffinity: NodeAffinity.hostnames(['n']) }),
      PV,
      'spec.local.path',
    ],
    [
      'local fsType',
      fc.constantFrom('EXT4', 'ext 4', '', 'ext4;'),
      (fs) =>
        source(() => PersistentVolumeSource.local('/mnt', fs), {
          nodeAffinity: NodeAffinity.hostnames(['n']),
        }),
      PV,
      'spec.local.fsType',
    ],
    [
      'nfs server',
      fc.oneof(notAString(), fc.constantFrom('nfs server', 'nfs/x', 'h;rm')),
      (server) => source(() => PersistentVolumeSource.nfs(server, '/e')),
      PV,
      'spec.nfs.server',
    ],
    [
      'nfs path',
      badAbsolutePath(),
      (path) => source(() => PersistentVolumeSource.nfs('h', path)),
      PV,
      'spec.nfs.path',
    ],
    [
      'iscsi options',
      fc.constantFrom(undefined, null),
      (o) => source(() => PersistentVolumeSource.iscsi(o)),
      PV,
      'spec.iscsi.targetPortal',
    ],
    [
      'iscsi targetPortal',
      fc.oneof(notAString(), fc.constantFrom('a b', 'h/x')),
      (targetPortal) =>
        source(() =>
          PersistentVolumeSource.iscsi({ targetPortal, iqn: 'iqn.2001-04.com.example:d', lun: 0 }),
        ),
      PV,
      'spec.iscsi.targetPortal',
    ],
    [
      'iscsi iqn',
      fc.oneof(notAString(), fc.constantFrom('iqn.01-04.com', 'disk1', 'eui.123', 'iqn.2001-04.a b')),
      (iqn) => source(() => PersistentVolumeSource.iscsi({ targetPortal: 'h', iqn, lun: 0 })),
      PV,
      'spec.iscsi.iqn',
    ],
    [
      'iscsi lun',
      fc.constantFrom(-1, 256, 1.5, null, '0', Number.NaN),
      (lun) =>
        source(() =>
          PersistentVolumeSource.iscsi({ targetPortal: 'h', iqn: 'iqn.2001-04.com.example:d', lun }),
        ),
      PV,
      'spec.iscsi.lun',
    ],
    [
      'iscsi CHAP without secret',
      fc.constantFrom('session', 'discovery'),
      (k) =>
        source(() =>
          PersistentVolumeSource.iscsi({
            targetPortal: 'h',
            iqn: 'iqn.2001-04.com.example:d',
            lun: 0,
            ...(k === 'session' ? { chapAuthSession: true } : { chapAuthDiscovery: true }),
          }),
        ),
      PV,
      'spec.iscsi.secretRef',
    ],
    [
      'iscsi initiatorName',
      fc.constantFrom('node1', '', 'iqn.bad', 'a b'),
      (initiatorName) =>
        source(() =>
          PersistentVolumeSource.iscsi({
            targetPortal: 'h',
            iqn: 'iqn.2001-04.com.example:d',
            lun: 0,
            initiatorName,
          }),
        ),
      PV,
      'spec.iscsi.initiatorName',
    ],
    [
      'iscsi secret namespace',
      fc.constantFrom(undefined, '', 'Bad', 'a.b'),
      (namespace) =>
        source(() =>
          PersistentVolumeSource.iscsi({
            targetPortal: 'h',
            iqn: 'iqn.2001-04.com.example:d',
            lun: 0,
            chapAuthSession: true,
            secret: { name: 's', namespace } as any,
          }),
        ),
      PV,
      'spec.iscsi.secretRef.namespace',
    ],
    [
      'csi options',
      fc.constantFrom(undefined, null),
      (o) => source(() => PersistentVolumeSource.csi(o)),
      PV,
      'spec.csi.driver',
    ],
    [
      'csi driver',
      fc.oneof(notAString(), fc.constantFrom('-d', 'd-', 'a b', 'x'.repeat(64), 'a/b')),
      (driver) => source(() => PersistentVolumeSource.csi({ driver, volumeHandle: 'h' })),
      PV,
      'spec.csi.driver',
    ],
    [
      'csi volumeHandle',
      fc.oneof(notAString(), fc.constantFrom(' ', '\t')),
      (volumeHandle) => source(() => PersistentVolumeSource.csi({ driver: 'd', volumeHandle })),
      PV,
      'spec.csi.volumeHandle',
    ],
    [
      'csi secret ref',
      fc.constantFrom({}, { name: 's' }, { name: 'S', namespace: 'n' }, { name: 's', namespace: 'a.b' }),
      (ref) =>
        source(() => PersistentVolumeSource.csi({ driver: 'd', volumeHandle: 'h', nodeStageSecretRef: ref })),
      PV,
      /^spec\.csi\.nodeStageSecretRef\.(name|namespace)$/,
    ],
    [
      'csi volumeAttributes',
      fc.constantFrom({ a: 5 }, { constructor: 'x' }, 'x', { b: null }),
      (volumeAttributes) =>
        source(() => PersistentVolumeSource.csi({ driver: 'd', volumeHandle: 'h', volumeAttributes })),
      PV,
      /^spec\.csi\.volumeAttributes(\.\w+)?$/,
    ],
    [
      'csi fsType',
      fc.constantFrom('EXT4', ''),
      (fsType) => source(() => PersistentVolumeSource.csi({ driver: 'd', volumeHandle: 'h', fsType })),
      PV,
      'spec.csi.fsType',
    ],
    [
      'gcePdCsi diskName',
      fc.oneof(notAString(), fc.constantFrom('Disk', '1disk', 'disk-', 'x'.repeat(64))),
      (diskName) => source(() => PersistentVolumeSource.gcePdCsi({ diskName })),
      PV,
      'spec.csi.volumeHandle',
    ],
    [
      'gcePdCsi options',
      fc.constantFrom(undefined, null),
      (o) => source(() => PersistentVolumeSource.gcePdCsi(o)),
      PV,
      'spec.csi.volumeHandle',
    ],
    [
      'gcePdCsi zone and region',
      fc.constant(0),
      () =>
        source(() =>
          PersistentVolumeSource.gcePdCsi({ diskName: 'd', zone: 'europe-west1-b', region: 'europe-west1' }),
        ),
      PV,
      'spec.csi.volumeHandle',
    ],
    [
      'gcePdCsi project',
      fc.constantFrom('My Project', 'p_', '1p'),
      (project) => source(() => PersistentVolumeSource.gcePdCsi({ diskName: 'd', project })),
      PV,
      'spec.csi.volumeHandle',
    ],
    [
      'awsEbsCsi volumeId',
      fc.oneof(notAString(), fc.constantFrom('vol-123', 'vol-XYZ12345', 'volume-0123456789abcdef0')),
      (volumeId) => source(() => PersistentVolumeSource.awsEbsCsi({ volumeId })),
      PV,
      'spec.csi.volumeHandle',
    ],
    [
      'awsEbsCsi options',
      fc.constantFrom(undefined, null),
      (o) => source(() => PersistentVolumeSource.awsEbsCsi(o)),
      PV,
      'spec.csi.volumeHandle',
    ],
    [
      'gcePersistentDisk pdName',
      fc.oneof(notAString(), fc.constantFrom('PD', 'a b')),
      (pdName) => source(() => PersistentVolumeSource.gcePersistentDisk(pdName)),
      PV,
      'spec.gcePersistentDisk.pdName',
    ],
    [
      'awsElasticBlockStore volumeID',
      fc.oneof(notAString(), fc.constantFrom('vol-1', 'abc')),
      (id) => source(() => PersistentVolumeSource.awsElasticBlockStore(id)),
      PV,
      'spec.awsElasticBlockStore.volumeID',
    ],
  ]);
});

const claim = (props: Record<string, unknown>, ns?: string) =>
  new StaticClaim(chart(ns), 'claim', { name: 'data', storage: '1Gi', ...props } as any);
const PVC = 'PersistentVolumeClaim/data';

describe('StaticClaim: bad props', () => {
  runCases([
    ['storage', badQuantity(), (storage) => claim({ storage }), PVC, 'spec.resources.requests.storage'],
    [
      'name',
      badName().filter((n) => n !== undefined && n !== null),
      (name) => claim({ name }),
      /^PersistentVolumeClaim\//,
      'metadata.name',
    ],
    [
      'namespace',
      badLabelName().filter((n) => n !== undefined && n !== null),
      (namespace) => claim({ namespace }),
      PVC,
      'metadata.namespace',
    ],
    [
      'chart namespace',
      fc.constantFrom('Shop', 'a.b', 'a_b'),
      (ns) => claim({}, ns),
      PVC,
      'metadata.namespace',
    ],
    [
      'whole props',
      fc.constantFrom(undefined, null),
      (props) => new StaticClaim(chart(), 'claim', props),
      'PersistentVolumeClaim/claim',
      'spec.resources.requests.storage',
    ],
    [
      'access modes',
      fc.constantFrom(
        [],
        ['rwo'],
        ['ReadWriteOnce', 'ReadWriteOnce'],
        ['ReadWriteOncePod', 'ReadOnlyMany'],
        'ReadWriteOnce',
      ),
      (accessModes) => claim({ accessModes }),
      PVC,
      /^spec\.accessModes(\[\d\])?$/,
    ],
    ['volumeMode', badEnum(), (volumeMode) => claim({ volumeMode }), PVC, 'spec.volumeMode'],
    [
      'storageClassName',
      fc.oneof(
        badName().filter((n) => notNull(n) && n !== ''),
        fc.constant(5),
      ),
      (storageClassName) => claim({ storageClassName }),
      PVC,
      'spec.storageClassName',
    ],
    [
      'selector empty',
      fc.constantFrom({}, { matchLabels: {} }, { matchExpressions: [] }, null),
      (selector) => claim({ selector }),
      PVC,
      'spec.selector',
    ],
    [
      'selector operator',
      badEnum(),
      (operator) => claim({ selector: { matchExpressions: [{ key: 'a', operator, values: ['x'] }] } }),
      PVC,
      'spec.selector.matchExpressions[0].operator',
    ],
    [
      'selector values',
      fc.constantFrom<[string, unknown]>(
        ['In', []],
        ['NotIn', undefined],
        ['Exists', ['x']],
        ['DoesNotExist', ['x']],
      ),
      ([operator, values]) => claim({ selector: { matchExpressions: [{ key: 'a', operator, values }] } }),
      PVC,
      'spec.selector',
    ],
    [
      'selector label',
      fc.oneof(
        badLabelKey().map((k) => ({ [k]: 'v' })),
        badLabelValue()
          .filter((v) => typeof v === 'string')
          .map((v) => ({ k: v })),
      ),
      (matchLabels) => claim({ selector: { matchLabels } }),
      PVC,
      /^spec\.selector(\.matchLabels)?$/,
    ],
    [
      'selector expression key',
      badLabelKey(),
      (key) => claim({ selector: { matchExpressions: [{ key, operator: SelectorOperator.EXISTS }] } }),
      PVC,
      'spec.selector',
    ],
    [
      'labels',
      badLabels(),
      (bad) => claim({ labels: bad.labels }),
      PVC,
      (bad) => labelsField('metadata.labels', bad),
    ],
    [
      'volume not a volume',
      fc.constantFrom({}, 'pv', { name: 'x' }, 5),
      (volume) => claim({ volume }),
      PVC,
      'spec.volumeName',
    ],
    [
      'reserved volume that cannot take it',
      fc.constantFrom('1G', '500Mi', 'ReadWriteMany', 'Block', 'class', 'selector', 'taken'),
      (what) => {
        const ch = chart();
        const vol = new StaticPersistentVolume(ch, 'pv', {
          name: 'data1',
          capacity: what === '1G' ? '1G' : what === '500Mi' ? '500Mi' : '1Gi',
          source: PersistentVolumeSource.csi({ driver: 'd', volumeHandle: 'h' }),
          volumeMode: what === 'Block' ? VolumeMode.BLOCK : undefined,
          storageClassName: what === 'class' ? 'manual' : undefined,
          labels: { disk: 'one' },
        });
        if (what === 'taken') new StaticClaim(ch, 'other', { storage: '1Gi', volume: vol });
        return new StaticClaim(ch, 'claim', {
          name: 'data',
          storage: '1Gi',
          volume: vol,
          accessModes: what === 'ReadWriteMany' ? [AccessMode.READ_WRITE_MANY] : undefined,
          selector: what === 'selector' ? { matchLabels: { disk: 'two' } } : undefined,
        });
      },
      PVC,
      'spec.volumeName',
    ],
  ]);
});

const sc = (props: Record<string, unknown>) =>
  new StorageClass(chart(), 'sc', {
    name: 'fast',
    provisioner: Provisioner.custom('example.com/p'),
    ...props,
  } as any);
const SC = 'StorageClass/fast';
const prov = (p: () => Provisioner) => sc({ provisioner: p() });

describe('StorageClass and every Provisioner: bad props', () => {
  runCases([
    ['provisioner', wrongType(), (provisioner) => sc({ provisioner }), SC, 'provisioner'],
    [
      'whole props',
      fc.constantFrom(undefined, null),
      (props) => new StorageClass(chart(), 'sc', props),
      'StorageClass/sc',
      'provisioner',
    ],
    [
      'name',
      badName().filter((n) => n !== undefined && n !== null),
      (name) => sc({ name }),
      /^StorageClass\//,
      'metadata.name',
    ],
    [
      'reclaimPolicy (Recycle is refused)',
      fc.oneof(badEnum(), fc.constant('Recycle')),
      (reclaimPolicy) => sc({ reclaimPolicy }),
      SC,
      'reclaimPolicy',
    ],
    [
      'volumeBindingMode',
      badEnum(),
      (volumeBindingMode) => sc({ volumeBindingMode }),
      SC,
      'volumeBindingMode',
    ],
    [
      'local with Immediate',
      fc.constant('Immediate'),
      (volumeBindingMode) => sc({ volumeBindingMode, provisioner: Provisioner.local() }),
      SC,
      'volumeBindingMode',
    ],
    [
      'labels',
      badLabels(),
      (bad) => sc({ labels: bad.labels }),
      SC,
      (bad) => labelsField('metadata.labels', bad),
    ],
    [
      'custom name',
      fc.oneof(
        notAString(),
        fc.constantFrom('a b', 'a/b/c', '/p', 'p/', '-p', 'x'.repeat(64), 'EXAMPLE COM/p'),
      ),
      (name) => prov(() => Provisioner.custom(name)),
      SC,
      'provisioner',
    ],
    [
      'custom parameter value',
      fc.constantFrom(5, null, true, {}, [], 10n),
      (v) => prov(() => Provisioner.custom('example.com/p', { k: v } as any)),
      SC,
      'parameters.k',
    ],
    [
      'custom parameter key',
      fc.constantFrom('', 'constructor', '__proto__'),
      (k) => {
        const p: Record<string, string> = {};
        Object.defineProperty(p, k, { value: 'v', enumerable: true });
        return prov(() => Provisioner.custom('example.com/p', p));
      },
      SC,
      'parameters',
    ],
    [
      'gcePdCsi type',
      fc.oneof(
        fc.constantFrom('PD SSD', '-pd', '', 'Pd'),
        wrongType().filter((v) => v !== undefined),
      ),
      (t) =>
        prov(() =>
          Provisioner.gcePdCsi({ type: typeof t === 'string' ? GcePdDiskType.custom(t) : (t as any) }),
        ),
      SC,
      'parameters.type',
    ],
    [
      'gcePdCsi replication',
      badEnum(),
      (replication) => prov(() => Provisioner.gcePdCsi({ replication })),
      SC,
      'parameters.replication-type',
    ],
    [
      'gcePdCsi fsType',
      fc.constantFrom('EXT4', 'ext 4', ''),
      (fsType) => prov(() => Provisioner.gcePdCsi({ fsType })),
      SC,
      'parameters.csi.storage.k8s.io/fstype',
    ],
    [
      'gcePdCsi kmsKeyName',
      fc.constantFrom(5, null, {}, ''),
      (kmsKeyName) => prov(() => Provisioner.gcePdCsi({ kmsKeyName })),
      SC,
      'parameters.disk-encryption-kms-key',
    ],
    [
      'awsEbsCsi type',
      fc.constantFrom('GP3', 'io 1', ''),
      (t) => prov(() => Provisioner.awsEbsCsi({ type: EbsVolumeType.custom(t) })),
      SC,
      'parameters.type',
    ],
    [
      'awsEbsCsi iops',
      fc.constantFrom(0, -1, 1.5, Number.NaN),
      (iops) => prov(() => Provisioner.awsEbsCsi({ iops })),
      SC,
      'parameters.iops',
    ],
    [
      'awsEbsCsi iops with a type without IOPS',
      fc.constantFrom(EbsVolumeType.GP2, EbsVolumeType.SC1, EbsVolumeType.ST1),
      (type) => prov(() => Provisioner.awsEbsCsi({ type, iops: 3000 })),
      SC,
      'parameters.iops',
    ],
    [
      'awsEbsCsi throughput without gp3',
      fc.constantFrom(undefined, EbsVolumeType.GP2, EbsVolumeType.IO2),
      (type) => prov(() => Provisioner.awsEbsCsi({ type, throughput: 250 })),
      SC,
      'parameters.throughput',
    ],
    [
      'awsEbsCsi throughput',
      fc.constantFrom(0, 2.5),
      (throughput) => prov(() => Provisioner.awsEbsCsi({ type: EbsVolumeType.GP3, throughput })),
      SC,
      'parameters.throughput',
    ],
    [
      'awsEbsCsi kmsKeyId unencrypted',
      fc.constantFrom(undefined, false),
      (encrypted) => prov(() => Provisioner.awsEbsCsi({ kmsKeyId: 'arn:aws:kms:k', encrypted })),
      SC,
      'parameters.kmsKeyId',
    ],
    [
      'awsEbsCsi kmsKeyId type',
      fc.constantFrom(5, null, {}, ''),
      (kmsKeyId) => prov(() => Provisioner.awsEbsCsi({ kmsKeyId, encrypted: true })),
      SC,
      'parameters.kmsKeyId',
    ],
    [
      'awsEbsCsi encrypted',
      fc.constantFrom('true', 1, null),
      (encrypted) => prov(() => Provisioner.awsEbsCsi({ encrypted })),
      SC,
      'parameters.encrypted',
    ],
    [
      'nfsCsi options',
      fc.constantFrom(undefined, null),
      (o) => prov(() => Provisioner.nfsCsi(o)),
      SC,
      'parameters.server',
    ],
    [
      'nfsCsi server',
      fc.oneof(notAString(), fc.constantFrom('a b', 'h/x')),
      (server) => prov(() => Provisioner.nfsCsi({ server, share: '/e' })),
      SC,
      'parameters.server',
    ],
    [
      'nfsCsi share',
      fc.oneof(notAString(), fc.constantFrom('exports', 'a/b')),
      (share) => prov(() => Provisioner.nfsCsi({ server: 'h', share })),
      SC,
      'parameters.share',
    ],
    [
      'nfsCsi subDir',
      fc.constantFrom('', '/abs', '../x', 'a/../..', 5),
      (subDir) => prov(() => Provisioner.nfsCsi({ server: 'h', share: '/e', subDir })),
      SC,
      'parameters.subDir',
    ],
    [
      'nfsCsi mountPermissions',
      fc.constantFrom(-1, 512, 1.5, '0777'),
      (mountPermissions) => prov(() => Provisioner.nfsCsi({ server: 'h', share: '/e', mountPermissions })),
      SC,
      'parameters.mountPermissions',
    ],
  ]);
});

const dyn = (props: Record<string, unknown>) =>
  new DynamicClaim(chart(), 'claim', { name: 'data', storage: '1Gi', ...props } as any);

describe('DynamicClaim: bad props', () => {
  runCases([
    ['storage', badQuantity(), (storage) => dyn({ storage }), PVC, 'spec.resources.requests.storage'],
    [
      'whole props',
      fc.constantFrom(undefined, null),
      (props) => new DynamicClaim(chart(), 'claim', props),
      'PersistentVolumeClaim/claim',
      'spec.resources.requests.storage',
    ],
    [
      'selector (never provisioned)',
      fc.constantFrom({}, { matchLabels: { a: 'b' } }, null),
      (selector) => dyn({ selector }),
      PVC,
      'spec.selector',
    ],
    [
      'storageClassName ""',
      fc.constant(''),
      (storageClassName) => dyn({ storageClassName }),
      PVC,
      'spec.storageClassName',
    ],
    [
      'storageClassName',
      fc.oneof(badName().filter((n) => n !== undefined && n !== '' && n !== null)),
      (storageClassName) => dyn({ storageClassName }),
      PVC,
      'spec.storageClassName',
    ],
    [
      'storageClass not a class',
      fc.constantFrom({}, 'fast', { name: 'fast' }, 5),
      (storageClass) => dyn({ storageClass }),
      PVC,
      'spec.storageClassName',
    ],
    [
      'class twice',
      fc.constant(0),
      () => {
        const ch = chart();
        const s = new StorageClass(ch, 'sc', { provisioner: Provisioner.custom('a.b/c') });
        return new DynamicClaim(ch, 'claim', {
          name: 'data',
          storage: '1Gi',
          storageClass: s,
          storageClassName: 'x',
        });
      },
      PVC,
      'spec.storageClassName',
    ],
    [
      'ReadWriteMany from a single-node disk',
      fc.constantFrom('gce', 'aws'),
      (k) => {
        const ch = chart();
        const s = new StorageClass(ch, 'sc', {
          provisioner: k === 'gce' ? Provisioner.gcePdCsi() : Provisioner.awsEbsCsi(),
        });
        return new DynamicClaim(ch, 'claim', {
          name: 'data',
          storage: '1Gi',
          storageClass: s,
          accessModes: [AccessMode.READ_WRITE_MANY],
        });
      },
      PVC,
      'spec.accessModes',
    ],
    [
      'access modes',
      fc.constantFrom([], ['rwo'], ['ReadWriteOncePod', 'ReadWriteOnce'], 'ReadWriteOnce'),
      (accessModes) => dyn({ accessModes }),
      PVC,
      /^spec\.accessModes(\[\d\])?$/,
    ],
    [
      'namespace',
      badLabelName().filter((n) => n !== undefined && n !== null),
      (namespace) => dyn({ namespace }),
      PVC,
      'metadata.namespace',
    ],
    [
      'labels',
      badLabels(),
      (bad) => dyn({ labels: bad.labels }),
      PVC,
      (bad) => labelsField('metadata.labels', bad),
    ],
  ]);
});

// ---------------------------------------------------------------------------------------------
// Workloads

const mounting = (volume: PodVolume, extra: Partial<ContainerProps> = {}): ContainerProps[] => [
  { name: 'app', image: 'nginx', ports: [80], mounts: [{ volume, path: '/data' }], ...extra },
];

describe('ClaimPod, ClaimDeployment, ClaimStatefulSet: bad props', () => {
  const withClaim = (modes: AccessMode[], make: (ch: Chart, v: PodVolume) => unknown, claimNs?: string) => {
    const ch = chart();
    const cl = new StaticClaim(ch, 'c', {
      name: 'data',
      storage: '1Gi',
      accessModes: modes,
      namespace: claimNs,
    });
    return make(ch, cl.toPodVolume('data'));
  };
  const dep = (props: Record<string, unknown>) =>
    new ClaimDeployment(chart(), 'd', { name: 'web', containers: mounting(emptyDir()), ...props } as any);
  const set = (props: Record<string, unknown>) =>
    new ClaimStatefulSet(chart(), 's', { name: 'db', containers: mounting(emptyDir()), ...props } as any);
  const tpl = (t: Record<string, unknown>) =>
    set({ volumeClaimTemplates: [{ name: 'data', storage: '1Gi', mountPath: '/var/lib/db', ...t }] });
  const SS = 'StatefulSet/db';
  runCases([
    [
      'pod name',
      badName().filter((n) => n !== undefined && n !== null),
      (name) => new ClaimPod(chart(), 'p', { name, containers: mounting(emptyDir()) }),
      /^Pod\//,
      'metadata.name',
    ],
    [
      'pod whole props',
      fc.constantFrom(undefined, null),
      (props) => new ClaimPod(chart(), 'p', props),
      'Pod/p',
      'containers',
    ],
    [
      'pod labels',
      badLabels(),
      (bad) => new ClaimPod(chart(), 'p', { containers: mounting(emptyDir()), labels: bad.labels as any }),
      'Pod/p',
      (bad) => labelsField('metadata.labels', bad),
    ],
    [
      'claim of another namespace',
      dnsLabel(10).filter((n) => n !== 'default'),
      (ns) =>
        withClaim(
          [AccessMode.READ_WRITE_ONCE],
          (ch, v) => new ClaimPod(ch, 'p', { containers: mounting(v) }),
          ns,
        ),
      'Pod/p',
      'containers[0].volumeMounts[0]',
    ],
    [
      'replicas',
      fc.constantFrom(-1, 1.5, Number.NaN, '2', Infinity),
      (replicas) => dep({ replicas }),
      'Deployment/web',
      'spec.replicas',
    ],
    [
      'ReadWriteOncePod with replicas',
      fc.integer({ min: 2, max: 50 }),
      (replicas) =>
        withClaim(
          [AccessMode.READ_WRITE_ONCE_POD],
          (ch, v) => new ClaimDeployment(ch, 'd', { name: 'web', replicas, containers: mounting(v) }),
        ),
      'Deployment/web',
      'spec.replicas',
    ],
    [
      'ReadWriteOncePod with RollingUpdate',
      fc.constant('RollingUpdate'),
      (strategy) =>
        withClaim(
          [AccessMode.READ_WRITE_ONCE_POD],
          (ch, v) => new ClaimDeployment(ch, 'd', { name: 'web', strategy, containers: mounting(v) } as any),
        ),
      // The plan's claim-rwop-rollout rule, on the field the plan reports it at (src/plan/rollout.ts).
      'Deployment/default/web',
      'spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
    ],
    ['strategy', badEnum(), (strategy) => dep({ strategy }), 'Deployment/web', 'spec.strategy.type'],
    [
      'selectorLabels empty',
      fc.constant({}),
      (selectorLabels) => dep({ selectorLabels }),
      'Deployment/web',
      'spec.selector.matchLabels',
    ],
    [
      'selectorLabels',
      badLabels().filter((b) => b.labels !== null),
      (bad) => dep({ selectorLabels: bad.labels }),
      'Deployment/web',
      (bad) => labelsField('spec.selector.matchLabels', bad),
    ],
    [
      'default selector from a long name',
      fc.integer({ min: 64, max: 253 }),
      (n) => new ClaimDeployment(chart(), 'd', { name: 'a'.repeat(n), containers: mounting(emptyDir()) }),
      /^Deployment\//,
      'spec.selector.matchLabels.app',
    ],
    [
      'deployment labels',
      badLabels(),
      (bad) => dep({ labels: bad.labels }),
      'Deployment/web',
      (bad) => labelsField('metadata.labels', bad),
    ],
    [
      'serviceName',
      badLabelName().filter((n) => n !== undefined && n !== null),
      (serviceName) => set({ serviceName }),
      SS,
      'spec.serviceName',
    ],
    [
      'retention',
      badEnum(),
      (whenScaled) => set({ claimRetention: { whenScaled } }),
      SS,
      'spec.persistentVolumeClaimRetentionPolicy.whenScaled',
    ],
    [
      'template name',
      badLabelName(),
      (name) => tpl({ name }),
      SS,
      'spec.volumeClaimTemplates[0].metadata.name',
    ],
    [
      'template name of a pod volume',
      fc.constant('scratch'),
      (name) => tpl({ name }),
      SS,
      'spec.volumeClaimTemplates[0].metadata.name',
    ],
    [
      'template storage',
      badQuantity(),
      (storage) => tpl({ storage }),
      SS,
      'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
    ],
    [
      'template mountPath',
      badAbsolutePath(),
      (mountPath) => tpl({ mountPath }),
      SS,
      'spec.volumeClaimTemplates[0].mountPath',
    ],
    [
      'template mountPath taken',
      fc.constantFrom('/data', '/data/', '/data//', '/data/.', '//data'),
      (mountPath) => tpl({ mountPath }),
      SS,
      'spec.volumeClaimTemplates[0].mountPath',
    ],
    [
      'template containerNames',
      fc.constantFrom([], ['nope'], ['APP']),
      (containerNames) => tpl({ containerNames }),
      SS,
      'spec.volumeClaimTemplates[0].containerNames',
    ],
    [
      'template access modes',
      fc.constantFrom([], ['x'], ['ReadWriteOncePod', 'ReadOnlyMany']),
      (accessModes) => tpl({ accessModes }),
      SS,
      /^spec\.volumeClaimTemplates\[0\]\.spec\.accessModes(\[\d\])?$/,
    ],
    [
      'template volumeMode',
      badEnum(),
      (volumeMode) => tpl({ volumeMode }),
      SS,
      'spec.volumeClaimTemplates[0].spec.volumeMode',
    ],
    [
      'template storageClassName',
      badName().filter((n) => typeof n === 'string' && n !== ''),
      (storageClassName) => tpl({ storageClassName }),
      SS,
      'spec.volumeClaimTemplates[0].spec.storageClassName',
    ],
    [
      'template storageClass not a class',
      fc.constantFrom({}, 'x', { name: 'x' }),
      (storageClass) => tpl({ storageClass }),
      SS,
      'spec.volumeClaimTemplates[0].spec.storageClassName',
    ],
    [
      'template labels',
      badLabels(),
      (bad) => tpl({ labels: bad.labels }),
      SS,
      (bad) => labelsField('spec.volumeClaimTemplates[0].metadata.labels', bad),
    ],
    [
      'duplicate templates',
      fc.constant(0),
      () =>
        set({
          volumeClaimTemplates: [
            { name: 'd', storage: '1Gi', mountPath: '/a' },
            { name: 'd', storage: '1Gi', mountPath: '/b' },
          ],
        }),
      SS,
      'spec.volumeClaimTemplates[1].metadata.name',
    ],
    [
      'container mount path',
      relativePath(),
      (path) => set({ containers: [{ name: 'app', image: 'x', mounts: [{ volume: emptyDir(), path }] }] }),
      SS,
      'containers[0].volumeMounts[0].mountPath',
    ],
  ]);
});
