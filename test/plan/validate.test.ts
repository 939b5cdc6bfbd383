import * as fs from 'fs';
import * as path from 'path';
import { POD_VOLUME_SOURCES, PV_SOURCES, validateManifest, validateManifests } from '../../src/plan/validate';
import { Finding } from '../../src/plan/types';

// Small builders: each returns a manifest the API server accepts; a case then breaks one field.
type Obj = Record<string, any>;
const container = (extra: Obj = {}): Obj => ({ name: 'app', image: 'nginx:1.25', ...extra });
const pod = (spec: Obj = {}, name = 'web'): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop' },
  spec: { containers: [container()], ...spec },
});
const podWith = (volumes: Obj[], mounts: Obj[] = [], extra: Obj = {}): Obj =>
  pod({ volumes, containers: [container({ volumeMounts: mounts, ...extra })] });
const pv = (spec: Obj = {}, metadata: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv-1', ...metadata },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    hostPath: { path: '/srv/data' },
    ...spec,
  },
});
const pvc = (spec: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'shop' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});
const sc = (fields: Obj = {}): Obj => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'fast' },
  provisioner: 'ebs.csi.aws.com',
  ...fields,
});
const local = (nodeAffinity?: Obj): Obj =>
  pv({
    hostPath: undefined,
    local: { path: '/mnt/disks/ssd1' },
    nodeAffinity,
  });
const affinity = {
  required: {
    nodeSelectorTerms: [
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] },
    ],
  },
};
const sts = (templateSpec: Obj, mountName = 'data'): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'shop' },
  spec: {
    replicas: 3,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: {
      metadata: { labels: { app: 'db' } },
      spec: { containers: [container({ volumeMounts: [{ name: mountName, mountPath: '/var/lib/data' }] })] },
    },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: templateSpec }],
  },
});
const claimSpec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

const POD = 'Pod/shop/web';
const PV = 'PersistentVolume/pv-1';
const PVC = 'PersistentVolumeClaim/shop/data';
const SC = 'StorageClass/fast';

interface Case {
  readonly title: string;
  readonly bad: Obj;
  readonly good: Obj;
  readonly rule: string;
  readonly object: string;
  readonly field: string;
  /** The received value the message must name. */
  readonly value: string;
  readonly severity?: Finding['severity'];
}

const cases: Case[] = [
  // names
  {
    title: 'object name not a DNS-1123 subdomain',
    bad: pod({}, 'Web_1'),
    good: pod({}, 'web-1'),
    rule: 'name-invalid',
    object: 'Pod/shop/Web_1',
    field: 'metadata.name',
    value: 'Web_1',
  },
  {
    title: 'namespace not a DNS-1123 label',
    bad: { ...pod(), metadata: { name: 'web', namespace: 'Shop.eu' } },
    good: pod(),
    rule: 'name-invalid',
    object: 'Pod/Shop.eu/web',
    field: 'metadata.namespace',
    value: 'Shop.eu',
  },
  {
    title: 'volume name not a DNS-1123 label',
    bad: podWith([{ name: 'Cache', emptyDir: {} }]),
    good: podWith([{ name: 'cache', emptyDir: {} }]),
    rule: 'name-invalid',
    object: POD,
    field: 'spec.volumes[0].name',
    value: 'Cache',
  },
  {
    title: 'container name not a DNS-1123 label',
    bad: pod({ containers: [container({ name: 'App_1' })] }),
    good: pod(),
    rule: 'name-invalid',
    object: POD,
    field: 'spec.containers[0].name',
    value: 'App_1',
  },
  {
    title: 'claim storageClassName not a subdomain',
    bad: pvc({ storageClassName: 'Fast_SSD' }),
    good: pvc({ storageClassName: 'fast-ssd' }),
    rule: 'name-invalid',
    object: PVC,
    field: 'spec.storageClassName',
    value: 'Fast_SSD',
  },
  {
    title: 'provisioner not a qualified name',
    bad: sc({ provisioner: 'my provisioner!' }),
    good: sc(),
    rule: 'name-invalid',
    object: SC,
    field: 'provisioner',
    value: 'my provisioner!',
  },
  {
    title: 'duplicate volume names',
    bad: podWith([
      { name: 'a', emptyDir: {} },
      { name: 'a', emptyDir: {} },
    ]),
    good: podWith([
      { name: 'a', emptyDir: {} },
      { name: 'b', emptyDir: {} },
    ]),
    rule: 'duplicate-name',
    object: POD,
    field: 'spec.volumes[1].name',
    value: '"a"',
  },
  {
    title: 'duplicate container names across init and app containers',
    bad: pod({ initContainers: [container()] }),
    good: pod({ initContainers: [container({ name: 'init' })] }),
    rule: 'duplicate-name',
    object: POD,
    field: 'spec.initContainers[0].name',
    value: '"app"',
  },
  // required fields
  {
    title: 'PV without capacity.storage',
    bad: pv({ capacity: undefined }),
    good: pv(),
    rule: 'required-field',
    object: PV,
    field: 'spec.capacity.storage',
    value: 'required',
  },
  {
    title: 'PV without accessModes',
    bad: pv({ accessModes: [] }),
    good: pv(),
    rule: 'required-field',
    object: PV,
    field: 'spec.accessModes',
    value: 'a list of 0',
  },
  {
    title: 'PVC without accessModes',
    bad: pvc({ accessModes: undefined }),
    good: pvc(),
    rule: 'required-field',
    object: PVC,
    field: 'spec.accessModes',
    value: 'unset',
  },
  {
    title: 'PVC without requests.storage',
    bad: pvc({ resources: {} }),
    good: pvc(),
    rule: 'required-field',
    object: PVC,
    field: 'spec.resources.requests.storage',
    value: 'required',
  },
  {
    title: 'StorageClass without provisioner',
    bad: sc({ provisioner: '' }),
    good: sc(),
    rule: 'required-field',
    object: SC,
    field: 'provisioner',
    value: '""',
  },
  {
    title: 'hostPath without path',
    bad: podWith([{ name: 'h', hostPath: {} }]),
    good: podWith([{ name: 'h', hostPath: { path: '/srv/h' } }]),
    rule: 'required-field',
    object: POD,
    field: 'spec.volumes[0].hostPath.path',
    value: 'unset',
  },
  {
    title: 'persistentVolumeClaim without claimName',
    bad: podWith([{ name: 'd', persistentVolumeClaim: {} }]),
    good: podWith([{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }]),
    rule: 'required-field',
    object: POD,
    field: 'spec.volumes[0].persistentVolumeClaim.claimName',
    value: 'unset',
  },
  {
    title: 'mount without mountPath',
    bad: podWith([{ name: 'c', emptyDir: {} }], [{ name: 'c' }]),
    good: podWith([{ name: 'c', emptyDir: {} }], [{ name: 'c', mountPath: '/c' }]),
    rule: 'required-field',
    object: POD,
    field: 'spec.containers[0].volumeMounts[0].mountPath',
    value: 'unset',
  },
  {
    title: 'claim template without storage',
    bad: sts({ accessModes: ['ReadWriteOnce'] }),
    good: sts(claimSpec),
    rule: 'required-field',
    object: 'StatefulSet/shop/db',
    field: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
    value: 'required',
  },
  {
    title: 'ephemeral volume template without accessModes',
    bad: podWith([
      {
        name: 'e',
        ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: '1Gi' } } } } },
      },
    ]),
    good: podWith([{ name: 'e', ephemeral: { volumeClaimTemplate: { spec: claimSpec } } }]),
    rule: 'required-field',
    object: POD,
    field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes',
    value: 'unset',
  },
  // quantities
  {
    title: 'capacity not a quantity',
    bad: pv({ capacity: { storage: '10Gx' } }),
    good: pv({ capacity: { storage: '10Gi' } }),
    rule: 'quantity-format',
    object: PV,
    field: 'spec.capacity.storage',
    value: '10Gx',
  },
  {
    title: 'capacity an object',
    bad: pv({ capacity: { storage: { value: 10 } } }),
    good: pv(),
    rule: 'quantity-format',
    object: PV,
    field: 'spec.capacity.storage',
    value: 'an object',
  },
  {
    title: 'capacity zero',
    bad: pv({ capacity: { storage: '0' } }),
    good: pv(),
    rule: 'quantity-range',
    object: PV,
    field: 'spec.capacity.storage',
    value: '"0"',
  },
  {
    title: 'request negative',
    bad: pvc({ resources: { requests: { storage: '-1Gi' } } }),
    good: pvc(),
    rule: 'quantity-range',
    object: PVC,
    field: 'spec.resources.requests.storage',
    value: '-1Gi',
  },
  {
    title: 'emptyDir sizeLimit not a quantity',
    bad: podWith([{ name: 't', emptyDir: { sizeLimit: 'lots' } }]),
    good: podWith([{ name: 't', emptyDir: { sizeLimit: '1Gi' } }]),
    rule: 'quantity-format',
    object: POD,
    field: 'spec.volumes[0].emptyDir.sizeLimit',
    value: 'lots',
  },
  {
    title: 'emptyDir sizeLimit negative',
    bad: podWith([{ name: 't', emptyDir: { sizeLimit: '-5Mi' } }]),
    good: podWith([{ name: 't', emptyDir: { sizeLimit: '5Mi' } }]),
    rule: 'quantity-range',
    object: POD,
    field: 'spec.volumes[0].emptyDir.sizeLimit',
    value: '-5Mi',
  },
  {
    title: 'container memory limit not a quantity',
    bad: pod({ containers: [container({ resources: { limits: { memory: '1GB' } } })] }),
    good: pod({ containers: [container({ resources: { limits: { memory: '1G' } } })] }),
    rule: 'quantity-format',
    object: POD,
    field: 'spec.containers[0].resources.limits.memory',
    value: '1GB',
  },
  {
    title: 'container request above limit',
    bad: pod({
      containers: [container({ resources: { limits: { cpu: '1' }, requests: { cpu: '1500m' } } })],
    }),
    good: pod({
      containers: [container({ resources: { limits: { cpu: '2' }, requests: { cpu: '1500m' } } })],
    }),
    rule: 'quantity-range',
    object: POD,
    field: 'spec.containers[0].resources.requests.cpu',
    value: '1500m',
  },
  // exactly one source
  {
    title: 'pod volume with two sources',
    bad: podWith([{ name: 'x', emptyDir: {}, hostPath: { path: '/x' } }]),
    good: podWith([{ name: 'x', emptyDir: {} }]),
    rule: 'volume-source',
    object: POD,
    field: 'spec.volumes[0]',
    value: 'emptyDir, hostPath',
  },
  {
    title: 'PV with two sources',
    bad: pv({ nfs: { server: 'nfs.local', path: '/exports' } }),
    good: pv(),
    rule: 'volume-source',
    object: PV,
    field: 'spec',
    value: 'hostPath, nfs',
  },
  {
    title: 'PV with no source',
    bad: pv({ hostPath: undefined }),
    good: pv(),
    rule: 'volume-source',
    object: PV,
    field: 'spec',
    value: 'has none',
  },
  {
    title: 'projected source with two members',
    bad: podWith([
      { name: 'p', projected: { sources: [{ configMap: { name: 'a' }, secret: { name: 'b' } }] } },
    ]),
    good: podWith([
      { name: 'p', projected: { sources: [{ configMap: { name: 'a' } }, { secret: { name: 'b' } }] } },
    ]),
    rule: 'volume-source',
    object: POD,
    field: 'spec.volumes[0].projected.sources[0]',
    value: 'secret, configMap',
  },
  // enumerations
  {
    title: 'unknown access mode',
    bad: pvc({ accessModes: ['ReadWriteSometimes'] }),
    good: pvc(),
    rule: 'access-mode',
    object: PVC,
    field: 'spec.accessModes[0]',
    value: 'ReadWriteSometimes',
  },
  {
    title: 'ReadWriteOncePod combined',
    bad: pv({ accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] }),
    good: pv({ accessModes: ['ReadWriteOncePod'] }),
    rule: 'access-mode',
    object: PV,
    field: 'spec.accessModes',
    value: 'ReadWriteOncePod, ReadOnlyMany',
  },
  {
    title: 'unknown PV reclaim policy',
    bad: pv({ persistentVolumeReclaimPolicy: 'Keep' }),
    good: pv({ persistentVolumeReclaimPolicy: 'Retain' }),
    rule: 'reclaim-policy',
    object: PV,
    field: 'spec.persistentVolumeReclaimPolicy',
    value: 'Keep',
  },
  {
    title: 'Recycle on hostPath /',
    bad: pv({ hostPath: { path: '/' }, persistentVolumeReclaimPolicy: 'Recycle' }),
    good: pv({ persistentVolumeReclaimPolicy: 'Recycle' }),
    rule: 'reclaim-policy',
    object: PV,
    field: 'spec.persistentVolumeReclaimPolicy',
    value: 'hostPath "/"',
  },
  {
    title: 'StorageClass reclaimPolicy Recycle',
    bad: sc({ reclaimPolicy: 'Recycle' }),
    good: sc({ reclaimPolicy: 'Retain' }),
    rule: 'reclaim-policy',
    object: SC,
    field: 'reclaimPolicy',
    value: 'Recycle',
  },
  {
    title: 'unknown hostPath type',
    bad: podWith([{ name: 'h', hostPath: { path: '/srv', type: 'Dir' } }]),
    good: podWith([{ name: 'h', hostPath: { path: '/srv', type: 'Directory' } }]),
    rule: 'hostpath-type',
    object: POD,
    field: 'spec.volumes[0].hostPath.type',
    value: 'Dir',
  },
  {
    title: 'unknown emptyDir medium',
    bad: podWith([{ name: 't', emptyDir: { medium: 'Disk' } }]),
    good: podWith([{ name: 't', emptyDir: { medium: 'HugePages-2Mi' } }]),
    rule: 'emptydir-medium',
    object: POD,
    field: 'spec.volumes[0].emptyDir.medium',
    value: 'Disk',
  },
  {
    title: 'unknown volumeMode',
    bad: pvc({ volumeMode: 'Raw' }),
    good: pvc({ volumeMode: 'Block' }),
    rule: 'volume-mode',
    object: PVC,
    field: 'spec.volumeMode',
    value: 'Raw',
  },
  {
    title: 'unknown volumeBindingMode',
    bad: sc({ volumeBindingMode: 'Lazy' }),
    good: sc({ volumeBindingMode: 'WaitForFirstConsumer' }),
    rule: 'volume-binding-mode',
    object: SC,
    field: 'volumeBindingMode',
    value: 'Lazy',
  },
  {
    title: 'selector with an unknown operator',
    bad: pvc({ selector: { matchExpressions: [{ key: 'tier', operator: 'Equals', values: ['gold'] }] } }),
    good: pvc({ selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold'] }] } }),
    rule: 'label-selector',
    object: PVC,
    field: 'spec.selector.matchExpressions[0].operator',
    value: 'Equals',
  },
  // PV structure
  {
    title: 'local PV without node affinity',
    bad: local(),
    good: local(affinity),
    rule: 'local-node-affinity',
    object: PV,
    field: 'spec.nodeAffinity.required',
    value: 'unset',
  },
  {
    title: 'capacity with another resource',
    bad: pv({ capacity: { storage: '1Gi', cpu: '1' } }),
    good: pv(),
    rule: 'capacity-resource',
    object: PV,
    field: 'spec.capacity',
    value: 'cpu',
  },
  {
    title: 'claimRef without namespace',
    bad: pv({ claimRef: { name: 'data' } }),
    good: pv({ claimRef: { name: 'data', namespace: 'shop' } }),
    rule: 'claimref-namespace',
    object: PV,
    field: 'spec.claimRef.namespace',
    value: '"data"',
  },
  {
    title: 'PV with a namespace',
    bad: pv({}, { namespace: 'shop' }),
    good: pv(),
    rule: 'cluster-scoped-namespace',
    object: PV,
    field: 'metadata.namespace',
    value: 'shop',
    severity: 'warning',
  },
  {
    title: 'topology term without values',
    bad: sc({
      allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: [] }] }],
    }),
    good: sc({
      allowedTopologies: [
        { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['eu-west-1a'] }] },
      ],
    }),
    rule: 'storageclass-topology',
    object: SC,
    field: 'allowedTopologies[0].matchLabelExpressions[0].values',
    value: 'a list of 0',
  },
  // paths
  {
    title: "hostPath with '..'",
    bad: podWith([{ name: 'h', hostPath: { path: '/srv/../etc' } }]),
    good: podWith([{ name: 'h', hostPath: { path: '/srv/etc' } }]),
    rule: 'path-backsteps',
    object: POD,
    field: 'spec.volumes[0].hostPath.path',
    value: '/srv/../etc',
  },
  {
    // the API server accepts a relative hostPath: a warning (only an nfs path must be absolute)
    title: 'hostPath relative',
    bad: podWith([{ name: 'h', hostPath: { path: 'srv/data' } }]),
    good: podWith([{ name: 'h', hostPath: { path: '/srv/data' } }]),
    rule: 'path-not-absolute',
    object: POD,
    field: 'spec.volumes[0].hostPath.path',
    value: 'srv/data',
    severity: 'warning',
  },
  {
    title: 'local path relative',
    bad: pv({ hostPath: undefined, local: { path: 'mnt/ssd' }, nodeAffinity: affinity }),
    good: local(affinity),
    rule: 'path-not-absolute',
    object: PV,
    field: 'spec.local.path',
    value: 'mnt/ssd',
    severity: 'warning',
  },
  {
    title: 'nfs path relative',
    bad: pv({ hostPath: undefined, nfs: { server: 'nfs.local', path: 'exports/data' } }),
    good: pv({ hostPath: undefined, nfs: { server: 'nfs.local', path: '/exports/data' } }),
    rule: 'path-not-absolute',
    object: PV,
    field: 'spec.nfs.path',
    value: 'exports/data',
  },
  {
    // validateNFSVolumeSource uses Go's path.IsAbs: a Windows path is not absolute for nfs
    title: 'nfs path on a Windows drive',
    bad: podWith([{ name: 'n', nfs: { server: 'nfs.local', path: 'C:\\exports' } }]),
    good: podWith([{ name: 'n', nfs: { server: 'nfs.local', path: '/exports' } }]),
    rule: 'path-not-absolute',
    object: POD,
    field: 'spec.volumes[0].nfs.path',
    value: 'C:\\exports',
  },
  {
    // the kubelet makes a relative mountPath absolute (makeMounts): "cache" and "/cache" are one mount point
    title: 'mountPath relative, the same as an absolute one',
    bad: podWith(
      [{ name: 'c', emptyDir: {} }],
      [
        { name: 'c', mountPath: 'cache' },
        { name: 'c', mountPath: '/cache' },
      ],
    ),
    good: podWith([{ name: 'c', emptyDir: {} }], [{ name: 'c', mountPath: 'cache' }]),
    rule: 'mount-path-duplicate',
    object: POD,
    field: 'spec.containers[0].volumeMounts[1].mountPath',
    value: 'already used by volumeMounts[0]',
  },
  {
    title: 'subPath absolute',
    bad: podWith([{ name: 'c', emptyDir: {} }], [{ name: 'c', mountPath: '/c', subPath: '/etc' }]),
    good: podWith([{ name: 'c', emptyDir: {} }], [{ name: 'c', mountPath: '/c', subPath: 'etc' }]),
    rule: 'path-not-relative',
    object: POD,
    field: 'spec.containers[0].volumeMounts[0].subPath',
    value: '/etc',
  },
  {
    title: "subPath with '..'",
    bad: podWith([{ name: 'c', emptyDir: {} }], [{ name: 'c', mountPath: '/c', subPath: 'a/../../b' }]),
    good: podWith([{ name: 'c', emptyDir: {} }], [{ name: 'c', mountPath: '/c', subPath: 'a/b' }]),
    rule: 'path-backsteps',
    object: POD,
    field: 'spec.containers[0].volumeMounts[0].subPath',
    value: 'a/../../b',
  },
  {
    title: 'item path absolute',
    bad: podWith([{ name: 'cm', configMap: { name: 'conf', items: [{ key: 'k', path: '/k' }] } }]),
    good: podWith([{ name: 'cm', configMap: { name: 'conf', items: [{ key: 'k', path: 'k' }] } }]),
    rule: 'path-not-relative',
    object: POD,
    field: 'spec.volumes[0].configMap.items[0].path',
    value: '/k',
  },
  {
    title: 'subPath with subPathExpr',
    bad: podWith(
      [{ name: 'c', emptyDir: {} }],
      [{ name: 'c', mountPath: '/c', subPath: 'a', subPathExpr: '$(POD_NAME)' }],
    ),
    good: podWith(
      [{ name: 'c', emptyDir: {} }],
      [{ name: 'c', mountPath: '/c', subPathExpr: '$(POD_NAME)' }],
    ),
    rule: 'subpath-exclusive',
    object: POD,
    field: 'spec.containers[0].volumeMounts[0].subPathExpr',
    value: '$(POD_NAME)',
  },
  // mounts
  {
    title: 'mount naming no volume',
    bad: podWith([{ name: 'cache', emptyDir: {} }], [{ name: 'cahce', mountPath: '/c' }]),
    good: podWith([{ name: 'cache', emptyDir: {} }], [{ name: 'cache', mountPath: '/c' }]),
    rule: 'mount-volume-missing',
    object: POD,
    field: 'spec.containers[0].volumeMounts[0].name',
    value: 'cahce',
  },
  {
    title: 'StatefulSet mount naming neither volume nor claim template',
    bad: sts(claimSpec, 'dta'),
    good: sts(claimSpec),
    rule: 'mount-volume-missing',
    object: 'StatefulSet/shop/db',
    field: 'spec.template.spec.containers[0].volumeMounts[0].name',
    value: 'dta',
  },
  {
    title: 'two mounts at one path (trailing slash)',
    bad: podWith(
      [
        { name: 'a', emptyDir: {} },
        { name: 'b', emptyDir: {} },
      ],
      [
        { name: 'a', mountPath: '/data' },
        { name: 'b', mountPath: '/data/' },
      ],
    ),
    good: podWith(
      [
        { name: 'a', emptyDir: {} },
        { name: 'b', emptyDir: {} },
      ],
      [
        { name: 'a', mountPath: '/data' },
        { name: 'b', mountPath: '/data/b' },
      ],
    ),
    rule: 'mount-path-duplicate',
    object: POD,
    field: 'spec.containers[0].volumeMounts[1].mountPath',
    value: '/data/',
  },
  // file modes
  {
    title: 'defaultMode written as decimal 644',
    bad: podWith([{ name: 's', secret: { secretName: 'tls', defaultMode: 644 } }]),
    good: podWith([{ name: 's', secret: { secretName: 'tls', defaultMode: 0o644 } }]),
    rule: 'file-mode',
    object: POD,
    field: 'spec.volumes[0].secret.defaultMode',
    value: '644',
  },
  {
    title: 'negative item mode',
    bad: podWith([{ name: 'cm', configMap: { name: 'c', items: [{ key: 'k', path: 'k', mode: -1 }] } }]),
    good: podWith([{ name: 'cm', configMap: { name: 'c', items: [{ key: 'k', path: 'k', mode: 0o400 }] } }]),
    rule: 'file-mode',
    object: POD,
    field: 'spec.volumes[0].configMap.items[0].mode',
    value: '-1',
  },
  {
    title: 'projected defaultMode above 0777',
    bad: podWith([{ name: 'p', projected: { defaultMode: 1000, sources: [] } }]),
    good: podWith([{ name: 'p', projected: { defaultMode: 0o440, sources: [] } }]),
    rule: 'file-mode',
    object: POD,
    field: 'spec.volumes[0].projected.defaultMode',
    value: '1000',
  },
  {
    title: 'downwardAPI item mode above 0777',
    bad: podWith([
      {
        name: 'd',
        downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' }, mode: 4096 }] },
      },
    ]),
    good: podWith([
      { name: 'd', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
    ]),
    rule: 'file-mode',
    object: POD,
    field: 'spec.volumes[0].downwardAPI.items[0].mode',
    value: '4096',
  },
  // workload paths
  {
    title: 'Deployment pod template paths',
    bad: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        template: {
          spec: {
            containers: [container()],
            volumes: [{ name: 'h', hostPath: { path: '/srv', type: 'dir' } }],
          },
        },
      },
    },
    good: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        template: {
          spec: {
            containers: [container()],
            volumes: [{ name: 'h', hostPath: { path: '/srv', type: 'Directory' } }],
          },
        },
      },
    },
    rule: 'hostpath-type',
    object: 'Deployment/default/web',
    field: 'spec.template.spec.volumes[0].hostPath.type',
    value: 'dir',
  },
  {
    title: 'CronJob pod template paths',
    bad: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup', namespace: 'ops' },
      spec: {
        schedule: '@daily',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [container({ volumeMounts: [{ name: 'x', mountPath: '/x' }] })],
              },
            },
          },
        },
      },
    },
    good: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup', namespace: 'ops' },
      spec: {
        schedule: '@daily',
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [container()] } } } },
      },
    },
    rule: 'mount-volume-missing',
    object: 'CronJob/ops/backup',
    field: 'spec.jobTemplate.spec.template.spec.containers[0].volumeMounts[0].name',
    value: '"x"',
  },
];

describe('validateManifest: one failing and one passing manifest per rule', () => {
  it.each(cases.map((c) => [c.title, c] as const))('%s', (_title, c) => {
    const findings = validateManifest(c.bad);
    const hit = findings.find((f) => f.rule === c.rule && f.field === c.field);
    expect(hit).toBeDefined();
    expect(hit).toMatchObject({
      severity: c.severity ?? 'error',
      rule: c.rule,
      object: c.object,
      field: c.field,
    });
    expect(hit!.message).toContain(c.value);
    expect(validateManifest(c.good)).toEqual([]);
  });
});

describe('validateManifest details', () => {
  it('node paths: nfs must be absolute (an error); a relative hostPath or local path is a warning; Windows paths are absolute', () => {
    const notAbsolute = (what: string, p: string): string =>
      `${what} is "${p}", not an absolute path: the API server accepts it, but the kubelet hands it to the runtime ` +
      'as it is, so what a Linux node mounts is unclear or the mount fails; use an absolute path (on Windows nodes a ' +
      "drive, '\\'-rooted or UNC path)";
    for (const p of ['data', 'C:data', './x']) {
      expect(validateManifest(podWith([{ name: 'h', hostPath: { path: p } }]))).toEqual([
        {
          severity: 'warning',
          rule: 'path-not-absolute',
          object: POD,
          field: 'spec.volumes[0].hostPath.path',
          message: notAbsolute('hostPath path', p),
        },
      ]);
    }
    expect(
      validateManifest(pv({ hostPath: undefined, local: { path: 'mnt' }, nodeAffinity: affinity })),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'path-not-absolute',
        object: PV,
        field: 'spec.local.path',
        message: notAbsolute('local path', 'mnt'),
      },
    ]);
    // absolute on a Linux or a Windows node: '/', a drive, a '\\'-rooted path, a UNC path
    for (const p of ['/srv', 'C:\\data', 'c:/data', '\\var\\lib', '\\\\server\\share']) {
      expect(validateManifest(podWith([{ name: 'h', hostPath: { path: p } }]))).toEqual([]);
    }
    // nfs: Go's path.IsAbs, so only '/...'; every other form is an error
    for (const p of ['exports', 'C:\\exports', '\\\\server\\share']) {
      expect(validateManifest(podWith([{ name: 'n', nfs: { server: 'nfs.local', path: p } }]))).toEqual([
        {
          severity: 'error',
          rule: 'path-not-absolute',
          object: POD,
          field: 'spec.volumes[0].nfs.path',
          message: `nfs path is "${p}"; the API server requires an absolute path (starting with '/')`,
        },
      ]);
    }
    // no '..' check for an nfs export (validateNFSVolumeSource has none); hostPath and local have one
    expect(validateManifest(podWith([{ name: 'n', nfs: { server: 'nfs.local', path: '/a/../b' } }]))).toEqual(
      [],
    );
  });

  it('a relative mountPath is no finding: the kubelet makes it absolute', () => {
    for (const mountPath of ['cache', './cache', 'D:rel']) {
      expect(validateManifest(podWith([{ name: 'c', emptyDir: {} }], [{ name: 'c', mountPath }]))).toEqual(
        [],
      );
    }
  });

  it('Recycle on a source with no recycler is accepted by the API server: no reclaim-policy finding', () => {
    for (const source of [
      { csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' } },
      { local: { path: '/mnt/ssd' }, nodeAffinity: affinity },
    ]) {
      expect(
        validateManifest(pv({ hostPath: undefined, ...source, persistentVolumeReclaimPolicy: 'Recycle' })),
      ).toEqual([]);
    }
  });

  it('a pod volume with no source, a null emptyDir or only a misspelt source is an emptyDir: no volume-source', () => {
    // SetDefaults_Volume makes a pod volume with every source unset an emptyDir before validation;
    // an unknown key (emptyDirectory) is the schema's to report, not this rule's
    for (const volume of [{ name: 'x' }, { name: 'x', emptyDir: null }, { name: 'x', emptyDirectory: {} }]) {
      expect(validateManifest(podWith([volume], [{ name: 'x', mountPath: '/x' }]))).toEqual([]);
    }
    // a PersistentVolume has no such default: a misspelt source leaves it with none
    const misspelt = pv({ hostPth: { path: '/x' } });
    delete (misspelt.spec as Obj).hostPath;
    expect(validateManifest(misspelt)).toEqual([
      {
        severity: 'error',
        rule: 'volume-source',
        object: PV,
        field: 'spec',
        message: `a PersistentVolume needs exactly one source and has none (unknown keys: hostPth); one of: ${PV_SOURCES.join(', ')}`,
      },
    ]);
  });

  it('hints at octal when a mode looks like one', () => {
    const [f] = validateManifest(podWith([{ name: 's', secret: { secretName: 'tls', defaultMode: 644 } }]));
    expect(f.message).toContain('write 420 (decimal)');
  });

  it('reports every present source of a two-source volume, not only the first', () => {
    const rules = validateManifest(
      podWith([{ name: 'x', emptyDir: { medium: 'Disk' }, hostPath: { path: 'rel' } }]),
    ).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['volume-source', 'emptydir-medium', 'path-not-absolute']));
  });

  it('keeps a bracketed field path for resource names with dots', () => {
    const [f] = validateManifest(
      pod({ containers: [container({ resources: { limits: { 'nvidia.com/gpu': 'one' } } })] }),
    );
    expect(f.field).toBe('spec.containers[0].resources.limits["nvidia.com/gpu"]');
  });

  it('accepts the schema examples: nfs PV with Recycle, CSI PV, dynamic claim, StatefulSet template mounts', () => {
    const manifests = [
      pv({
        hostPath: undefined,
        nfs: { server: 'nfs.local', path: '/exports' },
        persistentVolumeReclaimPolicy: 'Recycle',
      }),
      pv({ hostPath: undefined, csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' } }),
      pvc({ storageClassName: '' }),
      sts(claimSpec),
      sc({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate', allowVolumeExpansion: true }),
    ];
    expect(
      validateManifests(
        manifests.map((m, i) => ({ ...m, metadata: { ...m.metadata, name: `${m.metadata.name}-${i}` } })),
      ),
    ).toEqual([]);
  });

  it('flags a PV whose claimRef lacks a name as well', () => {
    const rules = validateManifest(pv({ claimRef: { namespace: 'shop' } })).map(
      (f) => `${f.rule} ${f.field}`,
    );
    expect(rules).toEqual(['required-field spec.claimRef.name']);
  });

  it('leaves names of kinds it does not know alone (RBAC names may contain ":")', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:storage-reader' },
      rules: [],
    };
    expect(validateManifest(role)).toEqual([]);
  });
});

describe('validateManifests across manifests', () => {
  it('warns once about the same object twice', () => {
    const findings = validateManifests([pvc(), pvc(), pvc()]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'duplicate-object',
        object: PVC,
        message: expect.stringContaining('manifests[1]'),
      }),
    ]);
  });

  it('does not call the same name in two namespaces a duplicate', () => {
    const other = { ...pvc(), metadata: { name: 'data', namespace: 'blog' } };
    expect(validateManifests([pvc(), other])).toEqual([]);
  });
});

// The vendored OpenAPI-derived schemas, one folder per minor (../shared/k8s-schema/vX.Y.0/), beside
// the checkout on the project's machines and in CI, but not in a user's clone (they are large and
// not ours to ship): there the comparison with them is skipped, not failed.
const VENDORED_SCHEMAS = path.join(__dirname, '..', '..', '..', 'shared', 'k8s-schema');

(fs.existsSync(VENDORED_SCHEMAS) ? describe : describe.skip)(
  'the source lists follow the Kubernetes 1.27 to 1.36 schemas (their union)',
  () => {
    const root = VENDORED_SCHEMAS;
    // describe.skip still runs this body to collect the tests: read nothing when the folder is absent.
    const versions = (fs.existsSync(root) ? fs.readdirSync(root) : [])
      .filter((d) => /^v1\.\d+\.0$/.test(d))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    const schemas = new Map<string, any>(
      versions.map((v) => [v, JSON.parse(fs.readFileSync(path.join(root, v, '_definitions.json'), 'utf-8'))]),
    );
    const propsIn = (version: string, name: string): string[] =>
      Object.keys(schemas.get(version).definitions[name].properties).sort();
    const props = (name: string): string[] => [...new Set(versions.flatMap((v) => propsIn(v, name)))].sort();

    it('reads the ten vendored minors, 1.27 to 1.36', () => {
      expect(versions).toEqual([
        'v1.27.0',
        'v1.28.0',
        'v1.29.0',
        'v1.30.0',
        'v1.31.0',
        'v1.32.0',
        'v1.33.0',
        'v1.34.0',
        'v1.35.0',
        'v1.36.0',
      ]);
    });

    it('pod volume sources are io.k8s.api.core.v1.Volume minus name, over all minors', () => {
      expect([...POD_VOLUME_SOURCES].sort()).toEqual(
        props('io.k8s.api.core.v1.Volume').filter((k) => k !== 'name'),
      );
      // the sources 1.27 lacks: only image (from 1.31)
      const in127 = propsIn('v1.27.0', 'io.k8s.api.core.v1.Volume');
      expect(POD_VOLUME_SOURCES.filter((k) => !in127.includes(k))).toEqual(['image']);
      expect(versions.filter((v) => propsIn(v, 'io.k8s.api.core.v1.Volume').includes('image'))).toEqual(
        versions.slice(versions.indexOf('v1.31.0')),
      );
    });

    it('PV sources are PersistentVolumeSpec minus its non-source fields, over all minors', () => {
      const fields = [
        'accessModes',
        'capacity',
        'claimRef',
        'mountOptions',
        'nodeAffinity',
        'persistentVolumeReclaimPolicy',
        'storageClassName',
        'volumeAttributesClassName',
        'volumeMode',
      ];
      expect([...PV_SOURCES].sort()).toEqual(
        props('io.k8s.api.core.v1.PersistentVolumeSpec').filter((k) => !fields.includes(k)),
      );
    });
  },
);

describe('never throws on malformed input', () => {
  const deep = (): Obj => {
    const root: Obj = {};
    let cur = root;
    for (let i = 0; i < 10_000; i++) cur = cur.next = {};
    return root;
  };
  const cyclic = (): Obj => {
    const o: Obj = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'loop' } };
    o.spec = { capacity: { storage: o }, accessModes: o, hostPath: o };
    return o;
  };
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('boom');
      },
    },
  );

  const unreadable: Array<[string, unknown]> = [
    ['null', null],
    ['a number', 1],
    ['a string', 'x'],
    ['a list', []],
    ['an object without kind', { apiVersion: 'v1', metadata: { name: 'a' } }],
    ['a Pod without metadata', { apiVersion: 'v1', kind: 'Pod', spec: 5 }],
    ['a kind that is a number', { apiVersion: 'v1', kind: 5, metadata: { name: 'a' } }],
    ['a name that is a deep object', { apiVersion: 'v1', kind: 'Pod', metadata: { name: deep() } }],
  ];

  it.each(unreadable)('%s is one manifest-unreadable error', (_title, m) => {
    const findings = validateManifests([m]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      rule: 'manifest-unreadable',
      object: expect.any(String),
    });
    expect(validateManifest(m)[0].rule).toBe('manifest-unreadable');
  });

  const readableButWrong: Array<[string, unknown]> = [
    ['a Pod whose spec is a number', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: 5 }],
    [
      'a Pod with 10 000-deep labels',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'a', labels: deep() },
        spec: { containers: [deep()], volumes: [deep(), null, 7] },
      },
    ],
    ['a PV that refers to itself everywhere', cyclic()],
    [
      'a PV whose spec fields are all strings',
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'p' },
        spec: { capacity: 'x', accessModes: 'RWO', claimRef: 'c', nodeAffinity: 3, local: 'x' },
      },
    ],
    [
      'a StatefulSet with junk templates',
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 's' },
        spec: {
          volumeClaimTemplates: [null, 'x', { metadata: 5 }],
          template: { spec: { containers: 'x', volumes: { a: 1 } } },
        },
      },
    ],
    [
      'a StorageClass with junk topologies',
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 's' },
        provisioner: 5,
        allowedTopologies: [null, { matchLabelExpressions: [null, { values: 'x' }] }],
      },
    ],
  ];

  it.each(readableButWrong)('%s gives findings without throwing', (_title, m) => {
    expect(() => validateManifests([m])).not.toThrow();
    expect(validateManifests([m]).length).toBeGreaterThan(0);
  });

  it('survives a manifest whose every read throws', () => {
    expect(() => validateManifests([throwing])).not.toThrow();
    expect(validateManifests([throwing])[0]).toMatchObject({
      severity: 'error',
      rule: 'manifest-unreadable',
    });
  });

  it('survives a non-list argument', () => {
    expect(validateManifests('nope' as unknown as unknown[])).toEqual([
      expect.objectContaining({ rule: 'manifest-unreadable' }),
    ]);
  });
});
