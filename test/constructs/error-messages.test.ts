/**
 * Every error message of the public API appears in a test. The constructs' messages are the
 * third argument of `fail(object, field, message)` and `check(...)`, the `*Problem` functions
 * that feed `check`, and `throw new ...(message)`; this test reads them from src/ with the
 * TypeScript parser and looks for each one's longest literal fragment in the tests' text (with
 * regex escapes undone, so `/is "1Gx", which is not/` and `'is "1Gx", which is not'` both count).
 * A new message without a test fails here, naming the file and line.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { Chart, Testing } from 'cdk8s';
import { StorageValidationError } from '../../src/_errors';
import { StaticClaim } from '../../src/constructs/persistent/claim';
import { DynamicClaim } from '../../src/constructs/persistent/dynamic-claim';
import { AccessMode } from '../../src/constructs/persistent/modes';
import {
  NodeAffinity,
  PersistentVolumeSource,
  StaticPersistentVolume,
} from '../../src/constructs/persistent/persistent-volume';
import { GcePdDiskType, Provisioner, StorageClass } from '../../src/constructs/persistent/storage-class';
import {
  ClaimDeployment,
  ClaimStatefulSet,
  DeploymentStrategy,
} from '../../src/constructs/persistent/workloads';
import { GitRepoVolume } from '../../src/constructs/pod/git-clone-pod';
import { HostPathDaemon } from '../../src/constructs/pod/host-path';
import { ServiceType, SharedEmptyDirPod } from '../../src/constructs/pod/shared-empty-dir-pod';
import { HostPathType, PodVolume } from '../../src/constructs/pod/volume';
import { selectorProblem } from '../../src/plan/match';

const ROOT = path.join(__dirname, '..', '..');

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p, ext);
    return e.name.endsWith(ext) ? [p] : [];
  });
}

/**
 * Where construct errors are raised: the constructs and their private helpers, the shared error
 * and map helpers, the integrations' option checks, and the problem functions they call. Listed,
 * not filtered: a file moved away fails the test below instead of silently leaving the scan.
 */
const SOURCES = [
  ...filesUnder(path.join(ROOT, 'src', 'constructs'), '.ts'),
  ...['_errors.ts', '_maps.ts'].map((f) => path.join(ROOT, 'src', f)),
  ...['storage-checks.ts', 'validation-plugin.ts'].map((f) => path.join(ROOT, 'src', 'integrations', f)),
  ...['names.ts', 'quantity.ts'].map((f) => path.join(ROOT, 'src', 'k8s', f)),
  path.join(ROOT, 'src', 'plan', 'match.ts'),
];

test('every file the scan reads exists', () => {
  expect(SOURCES.filter((f) => !fs.existsSync(f))).toEqual([]);
});

interface Message {
  readonly where: string;
  /** The literal text of the message, `${...}` parts left out. */
  readonly parts: string[];
}

/** The literal parts of a string or template literal (and of both branches of a conditional). */
function literalParts(node: ts.Node): string[][] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [[node.text]];
  if (ts.isTemplateExpression(node))
    return [[node.head.text, ...node.templateSpans.map((s) => s.literal.text)]];
  if (ts.isConditionalExpression(node))
    return [...literalParts(node.whenTrue), ...literalParts(node.whenFalse)];
  if (ts.isParenthesizedExpression(node)) return literalParts(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = literalParts(node.left);
    const r = literalParts(node.right);
    return [[...l.flat(), ...r.flat()]];
  }
  return [];
}

function messagesOf(file: string): Message[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.Latest, true);
  const out: Message[] = [];
  const add = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    for (const parts of literalParts(node))
      out.push({ where: `${path.relative(ROOT, file)}:${line + 1}`, parts });
  };
  const inProblemFunction = (node: ts.Node): boolean => {
    for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
      if (
        (ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p)) &&
        p.name &&
        /Problem$/.test(p.name.text)
      )
        return true;
      if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) && /Problem$/.test(p.name.text)) return true;
    }
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const callee = node.expression.text;
      if ((callee === 'fail' || callee === 'check') && node.arguments.length >= 3) add(node.arguments[2]);
    }
    if (ts.isNewExpression(node) && ts.isThrowStatement(node.parent) && node.arguments?.length)
      add(node.arguments[0]);
    if (ts.isReturnStatement(node) && node.expression && inProblemFunction(node)) add(node.expression);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The tests' text, regex escapes undone. */
const corpus = filesUnder(path.join(ROOT, 'test'), '.ts')
  .map((f) => fs.readFileSync(f, 'utf-8').replace(/\\(.)/g, '$1'))
  .join('\n');

/** The longest literal part, trimmed of the punctuation that joins it to the values around it. */
function fragment(parts: string[]): string | undefined {
  const best = parts
    .map((p) => p.replace(/^[\s"'(;:,.]+|[\s"'(;:,]+$/g, ''))
    .sort((a, b) => b.length - a.length)[0];
  return best !== undefined && best.length >= 8 ? best : undefined;
}

const messages = SOURCES.flatMap(messagesOf);

test('the scan finds the messages (a parser or path mistake would make this test pass vacuously)', () => {
  expect(SOURCES.length).toBeGreaterThan(15);
  expect(messages.length).toBeGreaterThan(150);
  // a known message is found, with its location
  expect(messages).toContainEqual(
    expect.objectContaining({
      parts: expect.arrayContaining([
        expect.stringContaining('ReadWriteOncePod cannot be combined with other access modes'),
      ]),
    }),
  );
});

test('every construct error message appears in some test', () => {
  const missing = messages
    .map((m) => ({ ...m, text: fragment(m.parts) }))
    .filter((m) => m.text !== undefined && !corpus.includes(m.text))
    .map((m) => `${m.where}: "${m.text}"`);
  expect(missing).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// The checklist: messages the other tests assert only by a prefix or by their field, triggered
// here one by one, each asserting the object, the field and the message's own words.

const chart = (namespace?: string) => new Chart(Testing.app(), 't', { namespace });
const box = () => ({ name: 'app', image: 'busybox' });
const nfs = () => PersistentVolumeSource.nfs('nfs.example.com', '/exports');
const pv = (extra: object = {}, c = chart()) =>
  new StaticPersistentVolume(c, 'pv', { name: 'data', capacity: '1Gi', source: nfs(), ...extra } as any);
const csi = () => PersistentVolumeSource.csi({ driver: 'd.example.com', volumeHandle: 'h' });
const iscsi = (extra: object) =>
  PersistentVolumeSource.iscsi({
    targetPortal: '10.0.0.1',
    iqn: 'iqn.2001-04.com.example:d',
    lun: 0,
    ...extra,
  } as any);
const sc = (extra: object, c = chart()) =>
  new StorageClass(c, 'sc', {
    name: 'fast',
    provisioner: Provisioner.custom('example.com/p'),
    ...extra,
  } as any);
const claim = (extra: object, c = chart()) =>
  new StaticClaim(c, 'c', { name: 'data', storage: '1Gi', ...extra } as any);
const dyn = (extra: object, c = chart()) =>
  new DynamicClaim(c, 'c', { name: 'data', storage: '1Gi', ...extra } as any);
const set = (extra: object) =>
  new ClaimStatefulSet(chart(), 's', {
    name: 'db',
    containers: [{ ...box(), mounts: [{ volume: PodVolume.emptyDir('scratch'), path: '/scratch' }] }],
    ...extra,
  } as any);
const rwop = (make: (c: Chart, v: PodVolume) => unknown) => {
  const c = chart();
  const cl = new StaticClaim(c, 'claim', {
    name: 'solo',
    storage: '1Gi',
    accessModes: [AccessMode.READ_WRITE_ONCE_POD],
  });
  return make(c, cl.toPodVolume('data'));
};
const pod = (extra: object) =>
  new SharedEmptyDirPod(chart(), 'p', { name: 'web', containers: [box()], ...extra } as any);
const hostDaemon = (extra: object) =>
  new HostPathDaemon(chart(), 'd', { name: 'agent', containers: [box()], ...extra } as any);
const repo = (extra: object) =>
  new GitRepoVolume({ repository: 'https://git.example.com/site.git', ...extra } as any);

/** [what, trigger, `<object>: <field>` the message starts with, words it must contain]. */
const CHECKLIST: Array<[string, () => unknown, string, string]> = [
  [
    'two sources, one volume name',
    () =>
      pod({
        containers: [
          {
            ...box(),
            mounts: [
              { volume: PodVolume.emptyDir('v'), path: '/a' },
              { volume: PodVolume.emptyDir('v', { sizeLimit: '1Gi' }), path: '/b' },
            ],
          },
        ],
      }),
    'SharedEmptyDirPod/web: containers[0].volumeMounts[1].volume',
    'names volume "v", but another volume of that name has a different source; give each volume its own name',
  ],
  [
    'env name',
    () => pod({ containers: [{ ...box(), env: { '1x': 'v' } }] }),
    'SharedEmptyDirPod/web: containers[0].env',
    `has name "1x"; an environment variable name has letters, digits, '_', '-' and '.', and does not start with a digit`,
  ],
  [
    'mount of a non-volume',
    () => pod({ containers: [{ ...box(), mounts: [{ volume: {}, path: '/a' }] }] }),
    'SharedEmptyDirPod/web: containers[0].volumeMounts[0].volume',
    'is not a PodVolume; make one with PodVolume.emptyDir(), .hostPath(), ...',
  ],
  [
    'node port out of range',
    () =>
      pod({
        containers: [{ ...box(), ports: [80] }],
        service: { port: 80, type: ServiceType.NODE_PORT, nodePort: 0 },
      }),
    'SharedEmptyDirPod/web: service.nodePort',
    "is 0; expected a port in the cluster's node port range (default 30000-32767)",
  ],
  [
    'ssh repository without a key',
    () => repo({ repository: 'git@github.com:org/repo.git' }),
    'GitRepoVolume/git-repo: sshKeySecretName',
    'is not set, but ssh repository "git@github.com:org/repo.git" needs a key and known hosts; name the Secret that holds them (keys ssh and known_hosts)',
  ],
  [
    'credentials in the URL',
    () => repo({ repository: 'https://user:token@git.example.com/site.git' }),
    'GitRepoVolume/git-repo: repository',
    'which embeds credentials; keep them out of manifests (use a credential helper or ssh key)',
  ],
  [
    'revision',
    () => repo({ revision: 'main..x' }),
    'GitRepoVolume/git-repo: revision',
    "(no spaces, shell metacharacters, '..', or trailing '/', '.' or '.lock')",
  ],
  [
    'directory',
    () => repo({ directory: 'docs/./site' }),
    'GitRepoVolume/git-repo: directory',
    "expected a subdirectory of the repository such as docs/site (no control characters, backslashes or '.' parts)",
  ],
  [
    'sync link',
    () => repo({ sync: { link: '.current' } }),
    'GitRepoVolume/git-repo: sync.link',
    "expected a file name such as current (letters, digits, '.', '_', '-', starting with a letter or digit)",
  ],
  [
    'toleration not an object',
    () => hostDaemon({ tolerations: [null] }),
    'HostPathDaemon/agent: tolerations[0]',
    'is null; expected a toleration such as { key, operator, effect }',
  ],
  [
    'toleration without key',
    () => hostDaemon({ tolerations: [{ value: 'x' }] }),
    'HostPathDaemon/agent: tolerations[0].operator',
    'is "Equal" with no key; a toleration without a key must use operator Exists (it then tolerates every taint)',
  ],
  [
    'relative path missing',
    () => PodVolume.configMap('v', { configMapName: 'c', items: [{ key: 'k', path: '' }] }),
    'volume "v": configMap.items[0].path',
    'is ""; expected a relative file path such as config/app.yaml',
  ],
  [
    'relative path absolute',
    () => PodVolume.secret('v', { secretName: 's', items: [{ key: 'k', path: '/etc/x' }] }),
    'volume "v": secret.items[0].path',
    'is "/etc/x"; expected a relative path (not starting with /)',
  ],
  [
    'downward file with both',
    () =>
      PodVolume.downwardApi('v', {
        items: [{ path: 'p', fieldPath: 'metadata.name', resource: 'limits.cpu' }],
      }),
    'volume "v": downwardAPI.items[0]',
    'must set exactly one of fieldPath (e.g. metadata.labels) and resource (e.g. limits.memory)',
  ],
  [
    'downward fieldPath',
    () => PodVolume.downwardApi('v', { items: [{ path: 'p', fieldPath: 'spec.nodeName' }] }),
    'volume "v": downwardAPI.items[0].fieldPath',
    "metadata.labels['<key>'] and metadata.annotations['<key>']",
  ],
  [
    'downward resource',
    () => PodVolume.downwardApi('v', { items: [{ path: 'p', resource: 'limits.gpu', containerName: 'c' }] }),
    'volume "v": downwardAPI.items[0].resource',
    'or limits.hugepages-<size>',
  ],
  [
    'downward containerName',
    () => PodVolume.downwardApi('v', { items: [{ path: 'p', resource: 'limits.cpu' }] }),
    'volume "v": downwardAPI.items[0].containerName',
    'is required with resource in a volume: name the container whose resource is read',
  ],
  [
    'no access mode',
    () => claim({ accessModes: [] }),
    'PersistentVolumeClaim/data: spec.accessModes',
    'is []; give at least one access mode (usually ReadWriteOnce)',
  ],
  [
    'access mode twice',
    () => claim({ accessModes: ['ReadOnlyMany', 'ReadOnlyMany'] }),
    'PersistentVolumeClaim/data: spec.accessModes',
    'lists ReadOnlyMany twice; give each access mode once',
  ],
  [
    'ReadWriteOncePod combined',
    () => dyn({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
    'PersistentVolumeClaim/data: spec.accessModes',
    'is [ReadWriteOncePod, ReadWriteOnce]; ReadWriteOncePod cannot be combined with other access modes (the API server rejects it)',
  ],
  [
    'static claim class twice',
    () => {
      const c = chart();
      return claim({ storageClass: sc({}, c), storageClassName: 'x' }, c);
    },
    'PersistentVolumeClaim/data: spec.storageClassName',
    'is set twice (storageClass and storageClassName); set one',
  ],
  [
    'static claim class not a string',
    () => claim({ storageClassName: 5 }),
    'PersistentVolumeClaim/data: spec.storageClassName',
    'is 5; expected a class name, or "" for no class',
  ],
  [
    'static claim volume not a volume',
    () => claim({ volume: { name: 'x' } }),
    'PersistentVolumeClaim/data: spec.volumeName',
    'is not a StaticPersistentVolume; pass the volume object to reserve',
  ],
  [
    'static claim empty selector',
    () => claim({ selector: { matchLabels: {} } }),
    'PersistentVolumeClaim/data: spec.selector',
    'is empty, which matches every volume; give matchLabels or matchExpressions, or leave the selector out',
  ],
  [
    'selector key prefix',
    () => claim({ selector: { matchLabels: { 'Bad_Prefix/x': 'v' } } }),
    'PersistentVolumeClaim/data: spec.selector',
    'is invalid: matchLabels key "Bad_Prefix/x" has an invalid prefix (a DNS subdomain is expected)',
  ],
  [
    'dynamic claim selector',
    () => dyn({ selector: {} }),
    'PersistentVolumeClaim/data: spec.selector',
    'is set, but a claim with a selector is never provisioned dynamically (it would stay Pending); use StaticClaim to select volumes made ahead of time',
  ],
  [
    'dynamic claim class twice',
    () => {
      const c = chart();
      return dyn({ storageClass: sc({}, c), storageClassName: 'x' }, c);
    },
    'PersistentVolumeClaim/data: spec.storageClassName',
    'is set twice (storageClass and storageClassName); set one',
  ],
  [
    'dynamic claim class not a class',
    () => dyn({ storageClass: { name: 'x' } }),
    'PersistentVolumeClaim/data: spec.storageClassName',
    'has a storageClass that is not a StorageClass; pass the object, or its name as storageClassName',
  ],
  [
    'dynamic claim class ""',
    () => dyn({ storageClassName: '' }),
    'PersistentVolumeClaim/data: spec.storageClassName',
    'is "", which asks for a class-less volume made ahead of time and is never provisioned; use StaticClaim, or name a class',
  ],
  [
    'volume without source',
    () => pv({ source: undefined }),
    'PersistentVolume/data: source',
    'is not set; give one PersistentVolumeSource (nfs, hostPath, local, iscsi, csi, ...)',
  ],
  [
    'ReadWriteOncePod without CSI',
    () => pv({ accessModes: ['ReadWriteOncePod'] }),
    'PersistentVolume/data: spec.accessModes',
    'is [ReadWriteOncePod] with a nfs source; Kubernetes supports ReadWriteOncePod only for CSI volumes: use a csi source, or ReadWriteOnce',
  ],
  [
    'Recycle on CSI',
    () => pv({ source: csi(), reclaimPolicy: 'Recycle' }),
    // The plan's recycle-deprecated rule, through the self-check (src/constructs/_self-check.ts).
    'PersistentVolume/data: spec.persistentVolumeReclaimPolicy',
    'is "Recycle" on a csi volume: only nfs and hostPath volumes have a recycler, so once its claim is released the volume goes Failed (and Recycle is deprecated anyway); use Retain or Delete [recycle-deprecated, warning;',
  ],
  [
    'Block on nfs',
    () => pv({ volumeMode: 'Block' }),
    'PersistentVolume/data: spec.volumeMode',
    'is "Block" with a nfs source, which has no raw block support; use Filesystem',
  ],
  [
    'mount options on hostPath',
    () =>
      pv({ source: PersistentVolumeSource.hostPath('/data', HostPathType.DIRECTORY), mountOptions: ['ro'] }),
    'PersistentVolume/data: spec.mountOptions',
    'is [ro] with a hostPath source, which does not support mount options; remove them',
  ],
  [
    'volume class twice',
    () => {
      const c = chart();
      return pv({ storageClass: sc({}, c), storageClassName: 'x' }, c);
    },
    'PersistentVolume/data: spec.storageClassName',
    'is set twice (storageClass and storageClassName); set one',
  ],
  [
    'local without node affinity',
    () => pv({ source: PersistentVolumeSource.local('/mnt/disk') }),
    'PersistentVolume/data: spec.nodeAffinity',
    'is not set; a local volume lives on one node, so name it: nodeAffinity: NodeAffinity.hostnames([...])',
  ],
  [
    'node affinity not a NodeAffinity',
    () => pv({ nodeAffinity: ['node1'] }),
    'PersistentVolume/data: spec.nodeAffinity',
    'is not a NodeAffinity; make one with NodeAffinity.hostnames() or .matchLabel()',
  ],
  [
    'node affinity values',
    () => pv({ nodeAffinity: NodeAffinity.hostnames([]) }),
    'PersistentVolume/data: spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values',
    'is []; expected at least one non-empty label value',
  ],
  [
    'sensitive hostPath source',
    () => pv({ source: PersistentVolumeSource.hostPath('/etc', HostPathType.DIRECTORY) }),
    'PersistentVolume/data: spec.hostPath.path',
    'is "/etc", which exposes the node configuration and credentials; use another directory, or set allowSensitivePath if this is really meant',
  ],
  [
    'nfs server',
    () => pv({ source: PersistentVolumeSource.nfs('nfs server', '/e') }),
    'PersistentVolume/data: spec.nfs.server',
    'is "nfs server"; expected a host name or IP address, such as nfs.example.com or 10.0.0.5',
  ],
  [
    'iscsi target portal',
    () => pv({ source: iscsi({ targetPortal: 'a b' }) }),
    'PersistentVolume/data: spec.iscsi.targetPortal',
    'is "a b"; expected host or host:port, such as 10.0.0.10:3260',
  ],
  [
    'iscsi iqn',
    () => pv({ source: iscsi({ iqn: 'disk1' }) }),
    'PersistentVolume/data: spec.iscsi.iqn',
    'is "disk1"; expected an iSCSI qualified name such as iqn.2001-04.com.example:storage.disk1 (or eui. / naa. form)',
  ],
  [
    'iscsi initiator name',
    () => pv({ source: iscsi({ initiatorName: 'node1' }) }),
    'PersistentVolume/data: spec.iscsi.initiatorName',
    'is "node1"; expected an iSCSI qualified name such as iqn.2001-04.com.example:node1 (or eui. / naa. form)',
  ],
  [
    'iscsi CHAP without secret',
    () => pv({ source: iscsi({ chapAuthSession: true }) }),
    'PersistentVolume/data: spec.iscsi.secretRef',
    'is not set, but CHAP authentication is on; give the Secret holding the CHAP credentials',
  ],
  [
    'GCE disk name',
    () => pv({ source: PersistentVolumeSource.gcePdCsi({ diskName: 'Disk1' }) }),
    'PersistentVolume/data: spec.csi.volumeHandle',
    'has disk name "Disk1"; a Compute Engine disk name is 1-63 lowercase letters, digits and \'-\', starting with a letter',
  ],
  [
    'GCE zone and region',
    () =>
      pv({
        source: PersistentVolumeSource.gcePdCsi({
          diskName: 'd',
          zone: 'europe-west1-b',
          region: 'europe-west1',
        }),
      }),
    'PersistentVolume/data: spec.csi.volumeHandle',
    'has both zone "europe-west1-b" and region "europe-west1"; give zone for a zonal disk or region for a regional one',
  ],
  [
    'in-tree GCE disk name',
    () => pv({ source: PersistentVolumeSource.gcePersistentDisk('Disk 1') }),
    'PersistentVolume/data: spec.gcePersistentDisk.pdName',
    'is "Disk 1"; expected a Compute Engine disk name',
  ],
  [
    'CSI driver',
    () => pv({ source: PersistentVolumeSource.csi({ driver: '-x', volumeHandle: 'h' }) }),
    'PersistentVolume/data: spec.csi.driver',
    'is "-x"; expected a CSI driver name such as ebs.csi.aws.com (at most 63 characters)',
  ],
  [
    'fsType',
    () => pv({ source: PersistentVolumeSource.csi({ driver: 'd', volumeHandle: 'h', fsType: 'EXT4' }) }),
    'PersistentVolume/data: spec.csi.fsType',
    'is "EXT4"; expected a filesystem type such as ext4 or xfs',
  ],
  [
    'EBS volume id',
    () => pv({ source: PersistentVolumeSource.awsEbsCsi({ volumeId: 'vol-1' }) }),
    'PersistentVolume/data: spec.csi.volumeHandle',
    'is "vol-1"; expected an EBS volume id: vol- and 8 or 17 hex digits',
  ],
  [
    'class without provisioner',
    () => sc({ provisioner: undefined }),
    'StorageClass/fast: provisioner',
    'is not set; give one from Provisioner.gcePdCsi(), .awsEbsCsi(), .local(), .nfsCsi() or .custom()',
  ],
  [
    'local class Immediate',
    () => sc({ provisioner: Provisioner.local(), volumeBindingMode: 'Immediate' }),
    'StorageClass/fast: volumeBindingMode',
    'is "Immediate" with provisioner kubernetes.io/no-provisioner; local volumes need WaitForFirstConsumer, so the claim binds on the node the pod is scheduled to',
  ],
  [
    'throughput without gp3',
    () => sc({ provisioner: Provisioner.awsEbsCsi({ throughput: 200 }) }),
    'StorageClass/fast: parameters.throughput',
    'is 200 with type unset; only gp3 volumes take a throughput (MiB/s): set type EbsVolumeType.GP3',
  ],
  [
    'KMS key unencrypted',
    () => sc({ provisioner: Provisioner.awsEbsCsi({ kmsKeyId: 'k' }) }),
    'StorageClass/fast: parameters.kmsKeyId',
    'is set, but encrypted is not true; a KMS key only applies to encrypted volumes: set encrypted: true',
  ],
  [
    'KMS key empty',
    () => sc({ provisioner: Provisioner.gcePdCsi({ kmsKeyName: '' }) }),
    'StorageClass/fast: parameters.disk-encryption-kms-key',
    'is ""; expected a non-empty string',
  ],
  [
    'NFS CSI server',
    () => sc({ provisioner: Provisioner.nfsCsi({ server: 'a b', share: '/e' }) }),
    'StorageClass/fast: parameters.server',
    'is "a b"; expected a host name or IP address of the NFS server',
  ],
  [
    'NFS CSI share',
    () => sc({ provisioner: Provisioner.nfsCsi({ server: 'h', share: 'e' }) }),
    'StorageClass/fast: parameters.share',
    'is "e"; expected the exported path, such as /exports',
  ],
  [
    'NFS CSI subDir',
    () => sc({ provisioner: Provisioner.nfsCsi({ server: 'h', share: '/e', subDir: '/abs' }) }),
    'StorageClass/fast: parameters.subDir',
    'expected a relative path such as ${pvc.metadata.namespace}/${pvc.metadata.name}',
  ],
  [
    'disk type',
    () => sc({ provisioner: Provisioner.gcePdCsi({ type: GcePdDiskType.custom('PD SSD') }) }),
    'StorageClass/fast: parameters.type',
    'is "PD SSD"; expected a disk type such as pd-balanced or gp3',
  ],
  [
    'class fsType',
    () => sc({ provisioner: Provisioner.awsEbsCsi({ fsType: 'XFS' }) }),
    'StorageClass/fast: parameters.csi.storage.k8s.io/fstype',
    'is "XFS"; expected a filesystem type such as ext4 or xfs',
  ],
  [
    'provisioner name missing',
    () => sc({ provisioner: Provisioner.custom('') }),
    'StorageClass/fast: provisioner',
    'is ""; expected a provisioner name such as example.com/nfs',
  ],
  [
    'provisioner name',
    () => sc({ provisioner: Provisioner.custom('example.com/-p') }),
    'StorageClass/fast: provisioner',
    "is \"example.com/-p\"; the part after '/' must be at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric",
  ],
  [
    'RollingUpdate with ReadWriteOncePod',
    () =>
      rwop(
        (c, v) =>
          new ClaimDeployment(c, 'd', {
            name: 'web',
            strategy: DeploymentStrategy.ROLLING_UPDATE,
            containers: [{ ...box(), mounts: [{ volume: v, path: '/d' }] }],
          }),
      ),
    // The plan's claim-rwop-rollout rule (src/plan/rollout.ts), which ClaimDeployment applies.
    'Deployment/default/web: spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
    'mounts ReadWriteOncePod claim "solo" with the RollingUpdate strategy and maxUnavailable 25% (the default), which is 0 of 1 replica: a rollout starts the new pod before an old one stops, and the new pod cannot use the claim while the old one holds it, so every rollout after the first hangs; use strategy Recreate, or maxUnavailable 1 [claim-rwop-rollout, error;',
  ],
  [
    'empty selector labels',
    () => new ClaimDeployment(chart(), 'd', { name: 'web', containers: [box()], selectorLabels: {} }),
    'Deployment/web: spec.selector.matchLabels',
    'is empty; give at least one label to select the pods',
  ],
  [
    'ReadWriteOncePod with replicas',
    () =>
      rwop(
        (c, v) =>
          new ClaimDeployment(c, 'd', {
            name: 'web',
            replicas: 2,
            containers: [{ ...box(), mounts: [{ volume: v, path: '/d' }] }],
          }),
      ),
    'Deployment/web: spec.replicas',
    'is 2, but containers[0].volumeMounts[0] mounts ReadWriteOncePod claim solo, which only one pod can use; the other replicas would stay Pending',
  ],
  [
    'template named like a pod volume',
    () => set({ volumeClaimTemplates: [{ name: 'scratch', storage: '1Gi', mountPath: '/d' }] }),
    'StatefulSet/db: spec.volumeClaimTemplates[0].metadata.name',
    'is "scratch", which is also a volume of the pod; the StatefulSet would replace that volume with the claim',
  ],
  [
    'template class twice',
    () => {
      const c = chart();
      return new ClaimStatefulSet(c, 's', {
        name: 'db',
        containers: [box()],
        volumeClaimTemplates: [
          { name: 'd', storage: '1Gi', mountPath: '/d', storageClass: sc({}, c), storageClassName: 'x' },
        ],
      });
    },
    'StatefulSet/db: spec.volumeClaimTemplates[0].spec.storageClassName',
    'is set twice (storageClass and storageClassName); set one',
  ],
  [
    'template class not a class',
    () => set({ volumeClaimTemplates: [{ name: 'd', storage: '1Gi', mountPath: '/d', storageClass: {} }] }),
    'StatefulSet/db: spec.volumeClaimTemplates[0].spec.storageClassName',
    'has a storageClass that is not a StorageClass; pass the object, or its name as storageClassName',
  ],
  [
    'template without containers',
    () => set({ volumeClaimTemplates: [{ name: 'd', storage: '1Gi', mountPath: '/d', containerNames: [] }] }),
    'StatefulSet/db: spec.volumeClaimTemplates[0].containerNames',
    'is empty; name at least one container to mount the claim',
  ],
  [
    'labels not a map',
    () => claim({ labels: 'app=web' }),
    'PersistentVolumeClaim/data: metadata.labels',
    'is "app=web"; expected a map of strings',
  ],
  [
    'labels key cdk8s cannot render',
    () => claim({ labels: { constructor: 'x' } }),
    'PersistentVolumeClaim/data: metadata.labels',
    'has key "constructor", which cdk8s cannot render in a manifest; rename it',
  ],
  [
    'label value',
    () => pv({ labels: { tier: 'a b' } }),
    'PersistentVolume/data: metadata.labels.tier',
    `is "a b"; a label value has at most 63 letters, digits, '-', '_' or '.', and starts and ends with a letter or digit`,
  ],
  [
    'label key prefix',
    () => sc({ labels: { 'Example.com/tier': 'a' } }),
    'StorageClass/fast: metadata.labels',
    'key is "Example.com/tier"; its prefix "Example.com" is not a DNS-1123 subdomain',
  ],
  [
    'label key name',
    () => sc({ labels: { 'x/-a': 'a' } }),
    'StorageClass/fast: metadata.labels',
    "key is \"x/-a\"; expected a qualified name such as 'ebs.csi.aws.com' or 'example.com/my-provisioner' (the part after '/' at most 63 characters)",
  ],
  [
    'label name empty',
    () => PodVolume.emptyDir(''),
    'volume "": name',
    'is ""; expected a non-empty DNS-1123 label (lowercase letters, digits and \'-\', at most 63)',
  ],
  [
    'label name too long',
    () => PodVolume.emptyDir('v'.repeat(64)),
    `volume "${'v'.repeat(64)}": name`,
    '(64 characters); a DNS-1123 label has at most 63',
  ],
  [
    'label name characters',
    () => PodVolume.emptyDir('Data'),
    'volume "Data": name',
    'is "Data"; a DNS-1123 label has only lowercase letters, digits and \'-\', and starts and ends with a letter or digit',
  ],
  [
    'subdomain empty',
    () => PodVolume.configMap('v', { configMapName: '' }),
    'volume "v": configMap.name',
    "is \"\"; expected a non-empty DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253)",
  ],
  [
    'subdomain too long',
    () => PodVolume.configMap('v', { configMapName: 'c'.repeat(254) }),
    'volume "v": configMap.name',
    '(254 characters); a DNS-1123 subdomain has at most 253',
  ],
  [
    'subdomain characters',
    () => PodVolume.configMap('v', { configMapName: 'My.Config' }),
    'volume "v": configMap.name',
    "is \"My.Config\"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit",
  ],
  [
    'envFrom entry that is not an object',
    () => pod({ containers: [{ ...box(), envFrom: [null] }] }),
    'SharedEmptyDirPod/web: containers[0].envFrom[0]',
    'is null; expected { secretRef: { name } } or { configMapRef: { name } }',
  ],
  [
    'probe that is not an object',
    () => pod({ containers: [{ ...box(), readinessProbe: 'GET /healthz' }] }),
    'SharedEmptyDirPod/web: containers[0].readinessProbe',
    'is "GET /healthz"; expected a probe such as { exec: { command: [...] } }',
  ],
  [
    'claim data source that is not a ClaimDataSource',
    () => dyn({ dataSource: { kind: 'VolumeSnapshot', name: 'snap' } }),
    'PersistentVolumeClaim/data: spec.dataSource',
    'is not a ClaimDataSource; use ClaimDataSource.fromSnapshot(), fromClaim() or fromPopulator()',
  ],
  [
    'claim template data source that is not a ClaimDataSource',
    () =>
      set({
        volumeClaimTemplates: [
          {
            name: 'd',
            storage: '1Gi',
            mountPath: '/d',
            dataSource: { kind: 'VolumeSnapshot', name: 'snap' },
          },
        ],
      }),
    'StatefulSet/db: spec.volumeClaimTemplates[0].spec.dataSource',
    'is not a ClaimDataSource; use ClaimDataSource.fromSnapshot(), fromClaim() or fromPopulator()',
  ],
];

describe('the checklist: each message, triggered', () => {
  test.each(CHECKLIST)('%s', (_what, trigger, prefix, words) => {
    let thrown: unknown;
    try {
      trigger();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(StorageValidationError);
    const message = (thrown as Error).message;
    expect(message.startsWith(`${prefix} `)).toBe(true);
    expect(message).toContain(words);
  });

  test('a selector operator no enum allows reads as such in the plan', () => {
    expect(selectorProblem({ matchExpressions: [{ key: 'a', operator: 'in' }] })).toBe(
      'matchExpressions operator "in" is not one of In, NotIn, Exists, DoesNotExist',
    );
  });
});
