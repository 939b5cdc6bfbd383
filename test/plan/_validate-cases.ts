// Inputs of test/plan/validate-findings.test.ts: one case per rule branch of validate.ts.
const pod = (spec: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', ...extra },
  spec,
});
const vol = (v: Record<string, unknown>) =>
  pod({ containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'v', ...v }] });
const pv = (spec: unknown, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv', ...metadata },
  spec,
});
const pvSpec = (extra: Record<string, unknown>) =>
  pv({
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    nfs: { server: 'h', path: '/e' },
    ...extra,
  });
const pvc = (spec: unknown) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'c' },
  spec,
});
const pvcSpec = (extra: Record<string, unknown>) =>
  pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra });
const sc = (extra: Record<string, unknown>) => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'sc' },
  provisioner: 'example.com/p',
  ...extra,
});
const mounts = (volumeMounts: unknown[], volumes: unknown[] = [{ name: 'v', emptyDir: {} }]) =>
  pod({ containers: [{ name: 'c', image: 'i', volumeMounts }], volumes });
const resources = (r: unknown) => pod({ containers: [{ name: 'c', image: 'i', resources: r }] });

export const CASES: Array<[string, unknown[]]> = [
  [
    'unreadable manifests',
    [
      null,
      5,
      'x',
      [],
      { kind: 'Pod' },
      { apiVersion: 'v1', kind: 'Pod', metadata: {} },
      { apiVersion: '', kind: '', metadata: { name: '' } },
    ],
  ],
  [
    'the same object twice, and once under another apiVersion',
    [pvSpec({}), pvSpec({}), { ...pvSpec({}), apiVersion: 'v2' }, pvSpec({})],
  ],
  [
    'a workload without a pod spec',
    [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: {} } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'j' }, spec: {} },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } },
      { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { replicas: 2 } },
    ],
  ],
  [
    'metadata.generateName: checked as a prefix, never a duplicate',
    [
      // the same generateName twice: two objects with random suffixes, not one applied twice
      { ...pod({ containers: [{ name: 'c', image: 'i' }] }), metadata: { generateName: 'job-' } },
      { ...pod({ containers: [{ name: 'c', image: 'i' }] }), metadata: { generateName: 'job-' } },
      // a trailing '-' is allowed in a prefix, not elsewhere
      { ...pod({ containers: [{ name: 'c', image: 'i' }] }), metadata: { generateName: 'Bad_' } },
      { ...pod({ containers: [{ name: 'c', image: 'i' }] }), metadata: { generateName: '-lead' } },
      // an empty name falls back to generateName; a name wins over it
      {
        ...pvc({ resources: { requests: { storage: '1Gi' } }, accessModes: ['ReadWriteOnce'] }),
        metadata: { name: '', generateName: 'data-' },
      },
      {
        ...pvc({ resources: { requests: { storage: '1Gi' } }, accessModes: ['ReadWriteOnce'] }),
        metadata: { name: 'Named', generateName: 'data-' },
      },
      // a ReplicationController's pod template is checked like a ReplicaSet's
      {
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata: { generateName: 'rc-' },
        spec: {
          replicas: 2,
          template: {
            spec: {
              containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'gone', mountPath: '/x' }] }],
            },
          },
        },
      },
    ],
  ],
  [
    'names by kind',
    [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'Db' },
        spec: { template: { spec: { containers: [{ name: 'c' }] } } },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a.b' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a.b' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'S' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:x' } },
    ],
  ],
  [
    'namespaces',
    [
      pvSpec({}),
      { ...pvSpec({}), metadata: { name: 'pv2', namespace: 'ns' } },
      pod({ containers: [] }, { namespace: 5 }),
      { ...pod({ containers: [] }, { namespace: 'Bad_NS' }), metadata: { name: 'p2', namespace: 'Bad_NS' } },
      { ...pod({ containers: [] }), metadata: { name: 'p3', namespace: '' } },
      { ...pod({ containers: [] }), metadata: { name: 'p4', namespace: null } },
    ],
  ],
  ['PersistentVolume without a spec', [pv(undefined), { ...pv('x'), metadata: { name: 'pv2' } }]],
  [
    'PersistentVolume capacity',
    [
      pv({ accessModes: ['ReadWriteOnce'], nfs: { server: 'h', path: '/e' } }),
      { ...pvSpec({ capacity: { storage: {} } }), metadata: { name: 'b' } },
      { ...pvSpec({ capacity: { storage: '0' } }), metadata: { name: 'c' } },
      { ...pvSpec({ capacity: { storage: 'x' } }), metadata: { name: 'd' } },
      { ...pvSpec({ capacity: { storage: 5 } }), metadata: { name: 'e' } },
      { ...pvSpec({ capacity: { storage: '1Gi', cpu: '1' } }), metadata: { name: 'f' } },
      { ...pvSpec({ capacity: { storage: null } }), metadata: { name: 'g' } },
      { ...pvSpec({ capacity: { storage: '-1' } }), metadata: { name: 'h' } },
    ],
  ],
  [
    'access modes',
    [
      pvSpec({ accessModes: 'ReadWriteOnce' }),
      pvc({ accessModes: [], resources: { requests: { storage: '1Gi' } } }),
      { ...pvcSpec({ accessModes: null }), metadata: { name: 'c2' } },
      { ...pvcSpec({ accessModes: ['Bad', 'ReadOnlyMany'] }), metadata: { name: 'c3' } },
      { ...pvcSpec({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'] }), metadata: { name: 'c4' } },
      { ...pvcSpec({ accessModes: [5, 'ReadWriteOncePod'] }), metadata: { name: 'c5' } },
      { ...pvcSpec({ accessModes: ['ReadWriteOncePod'] }), metadata: { name: 'c6' } },
    ],
  ],
  [
    'storage class names',
    [
      pvSpec({ storageClassName: 5 }),
      { ...pvcSpec({ storageClassName: 'Bad Class' }), metadata: { name: 'c1' } },
      { ...pvcSpec({ storageClassName: '' }), metadata: { name: 'c2' } },
      { ...pvcSpec({ storageClassName: null }), metadata: { name: 'c3' } },
      { ...pvcSpec({ storageClassName: false }), metadata: { name: 'c4' } },
    ],
  ],
  [
    'no source, several sources, a source that is not an object',
    [
      pv({
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'x',
        mountOptions: [],
        flocker2: {},
        other: 1,
      }),
      {
        ...pvSpec({ hostPath: { path: '/d' }, csi: { driver: 'd', volumeHandle: 'h' } }),
        metadata: { name: 'two' },
      },
      { ...pvSpec({ nfs: 'x' }), metadata: { name: 'str' } },
      { ...pvSpec({ nfs: null, hostPath: { path: '/d' } }), metadata: { name: 'null-is-unset' } },
      // a pod volume with no source (a misspelt one, none at all, emptyDir: null) is an emptyDir
      pod({
        containers: [{ name: 'c', image: 'i' }],
        volumes: [{ name: 'v', bogus: {} }, { name: 'w' }, { name: 'x', emptyDir: null }],
      }),
    ],
  ],
  [
    'node paths',
    [
      pvSpec({ nfs: undefined, hostPath: {} }),
      { ...pvSpec({ nfs: undefined, hostPath: { path: 'rel', type: 'dir' } }), metadata: { name: 'b' } },
      { ...pvSpec({ nfs: undefined, hostPath: { path: '/a/../b', type: null } }), metadata: { name: 'c' } },
      { ...pvSpec({ nfs: { path: '../x' } }), metadata: { name: 'd' } },
      {
        ...pvSpec({
          nfs: undefined,
          local: { path: 5 },
          nodeAffinity: { required: { nodeSelectorTerms: [{}] } },
        }),
        metadata: { name: 'e' },
      },
      { ...pvSpec({ nfs: undefined, hostPath: { path: '/d', type: '' } }), metadata: { name: 'f' } },
      // Windows nodes: drive and UNC paths are absolute; a drive-relative path is not
      { ...pvSpec({ nfs: undefined, hostPath: { path: 'C:\\data' } }), metadata: { name: 'win-drive' } },
      {
        ...pvSpec({
          nfs: undefined,
          local: { path: 'c:/data' },
          nodeAffinity: {
            required: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] },
              ],
            },
          },
        }),
        metadata: { name: 'win-local' },
      },
      {
        ...pvSpec({ nfs: undefined, hostPath: { path: '\\\\server\\share' } }),
        metadata: { name: 'win-unc' },
      },
      { ...pvSpec({ nfs: { server: 'h', path: 'C:\\export' } }), metadata: { name: 'win-nfs' } },
      { ...pvSpec({ nfs: undefined, hostPath: { path: 'C:data' } }), metadata: { name: 'win-relative' } },
    ],
  ],
  [
    'reclaim policies',
    [
      pvSpec({ persistentVolumeReclaimPolicy: 'recycle' }),
      {
        ...pvSpec({
          nfs: undefined,
          csi: { driver: 'd', volumeHandle: 'h' },
          persistentVolumeReclaimPolicy: 'Recycle',
        }),
        metadata: { name: 'csi' },
      },
      {
        ...pvSpec({ nfs: undefined, hostPath: { path: '//' }, persistentVolumeReclaimPolicy: 'Recycle' }),
        metadata: { name: 'root' },
      },
      { ...pvSpec({ persistentVolumeReclaimPolicy: 'Recycle' }), metadata: { name: 'nfs' } },
      {
        ...pvSpec({ nfs: undefined, hostPath: { path: '/data' }, persistentVolumeReclaimPolicy: 'Recycle' }),
        metadata: { name: 'hostpath' },
      },
    ],
  ],
  [
    'local volumes need node affinity',
    [
      pvSpec({ nfs: undefined, local: { path: '/mnt' } }),
      {
        ...pvSpec({ nfs: undefined, local: { path: '/mnt' }, nodeAffinity: { required: {} } }),
        metadata: { name: 'b' },
      },
      {
        ...pvSpec({
          nfs: undefined,
          local: { path: '/mnt' },
          nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [] }] } },
        }),
        metadata: { name: 'ok' },
      },
    ],
  ],
  [
    'volume modes and claimRefs',
    [
      pvSpec({ volumeMode: 'block' }),
      { ...pvSpec({ claimRef: { name: 'c' } }), metadata: { name: 'b' } },
      { ...pvSpec({ claimRef: { namespace: 'n' } }), metadata: { name: 'c' } },
      { ...pvSpec({ claimRef: null }), metadata: { name: 'd' } },
      { ...pvSpec({ claimRef: { name: 'c', namespace: '' } }), metadata: { name: 'e' } },
      {
        ...pvSpec({ claimRef: { name: 'c', namespace: 'n' }, volumeMode: 'Block' }),
        metadata: { name: 'ok' },
      },
    ],
  ],
  [
    'claims',
    [
      pvc(undefined),
      { ...pvc([]), metadata: { name: 'list' } },
      { ...pvcSpec({ volumeMode: 'fs', resources: {} }), metadata: { name: 'bad' } },
    ],
  ],
  [
    'label selectors',
    [
      pvcSpec({
        selector: {
          matchExpressions: [
            { operator: 'In' },
            { key: 'a', operator: 'NotIn', values: [] },
            { key: 'a', operator: 'Exists', values: ['x'] },
            { key: 'a', operator: 'DoesNotExist', values: ['x'] },
            { key: 'a', operator: 'in' },
            { key: 'a', operator: 5 },
            { key: 'a', operator: 'In', values: ['x'] },
            { key: 'a', operator: 'Exists' },
          ],
        },
      }),
      { ...pvcSpec({ selector: null }), metadata: { name: 'c2' } },
    ],
  ],
  [
    'storage classes',
    [
      sc({ provisioner: undefined }),
      { ...sc({ provisioner: 5 }), metadata: { name: 'b' } },
      { ...sc({ provisioner: 'Bad Prov' }), metadata: { name: 'c' } },
      { ...sc({ provisioner: 'Example.COM/x' }), metadata: { name: 'd' } },
      { ...sc({ reclaimPolicy: 'Recycle', volumeBindingMode: 'Later' }), metadata: { name: 'e' } },
      {
        ...sc({ reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' }),
        metadata: { name: 'f' },
      },
    ],
  ],
  [
    'storage class topologies',
    [
      sc({
        allowedTopologies: [
          {},
          {
            matchLabelExpressions: [
              { key: '', values: [] },
              { key: 5, values: ['a', ''] },
              { values: [5] },
              { key: 'zone', values: ['a'] },
            ],
          },
        ],
      }),
    ],
  ],
  [
    'StatefulSet claim templates',
    [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 's' },
        spec: {
          volumeClaimTemplates: [
            { spec: {} },
            {
              metadata: { name: 'Bad' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            },
            {
              metadata: { name: 'data' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            },
          ],
          template: {
            spec: {
              containers: [
                {
                  name: 'c',
                  volumeMounts: [
                    { name: 'data', mountPath: '/d' },
                    { name: 'nope', mountPath: '/e' },
                  ],
                },
              ],
            },
          },
        },
      },
    ],
  ],
  [
    'pod volumes',
    [
      pod({ containers: [{ name: 'c' }], volumes: 'x' }),
      {
        ...pod({
          containers: [{ name: 'c' }],
          volumes: [
            5,
            { emptyDir: {} },
            { name: 5, emptyDir: {} },
            { name: 'Bad', emptyDir: {} },
            { name: 'd', emptyDir: {} },
            { name: 'd', emptyDir: {} },
          ],
        }),
        metadata: { name: 'p2' },
      },
      {
        ...pod({
          containers: [{ name: 'c' }, { name: 'c' }, { name: 'C' }, {}],
          initContainers: [{ name: 'c' }],
        }),
        metadata: { name: 'p3' },
      },
    ],
  ],
  [
    'emptyDir media and size limits',
    [
      '',
      'Memory',
      'HugePages',
      'HugePages-2Mi',
      null,
      'HugePages-x',
      'hugepages',
      5,
      'xHugePages-2Mi',
      'Disk',
    ].map((medium, i) => ({
      ...vol({ emptyDir: { medium, sizeLimit: ['-1Gi', {}, 0, 5, '1Gi', 'x', null, '0', '1e3', '-0'][i] } }),
      metadata: { name: `e${i}` },
    })),
  ],
  [
    'file modes',
    [644, 420, -1, 512, 1.5, '0644', 0, 511, 777, 1000].map((defaultMode, i) => ({
      ...vol({ configMap: { name: 'cm', defaultMode } }),
      metadata: { name: `m${i}` },
    })),
  ],
  [
    'configMap, secret, downwardAPI, projected items',
    [
      vol({
        configMap: {
          items: [
            { path: 'a' },
            { key: 'k' },
            { key: 'k', path: '/abs', mode: 999 },
            { key: 5, path: 'a/../b' },
          ],
        },
      }),
      { ...vol({ secret: { defaultMode: 1000, items: [{ path: 'x' }] } }), metadata: { name: 's' } },
      {
        ...vol({
          downwardAPI: { defaultMode: 'x', items: [{ path: 'a' }, { path: '..x' }, { path: '../x' }, {}] },
        }),
        metadata: { name: 'd' },
      },
      {
        ...vol({
          projected: {
            defaultMode: 999,
            sources: [
              {},
              { secret: { items: [{ path: 'a' }] }, configMap: { items: [{ key: 'k', path: '/a' }] } },
              { downwardAPI: { items: [{ path: '/x' }] } },
              { serviceAccountToken: { path: 't' } },
              null,
            ],
          },
        }),
        metadata: { name: 'pr' },
      },
    ],
  ],
  [
    'claim, gitRepo, csi and ephemeral volumes',
    [
      vol({ persistentVolumeClaim: {} }),
      { ...vol({ gitRepo: { directory: '/abs' } }), metadata: { name: 'g' } },
      { ...vol({ gitRepo: { repository: 'r', directory: '' } }), metadata: { name: 'g2' } },
      { ...vol({ gitRepo: { repository: 'r', directory: 'a/..' } }), metadata: { name: 'g3' } },
      { ...vol({ csi: {} }), metadata: { name: 'csi' } },
      { ...pvSpec({ nfs: undefined, csi: { driver: 'd' } }), metadata: { name: 'csi-pv' } },
      { ...vol({ ephemeral: {} }), metadata: { name: 'eph' } },
      { ...vol({ ephemeral: { volumeClaimTemplate: {} } }), metadata: { name: 'eph2' } },
      {
        ...vol({
          ephemeral: {
            volumeClaimTemplate: {
              spec: { accessModes: ['X'], resources: { requests: { storage: '1Gi' } } },
            },
          },
        }),
        metadata: { name: 'eph3' },
      },
    ],
  ],
  [
    'volume mounts',
    [
      mounts([
        {},
        { name: 'nope', mountPath: 'rel' },
        { name: 'v', mountPath: '/a' },
        { name: 'v', mountPath: '/a/' },
        { name: 'v', mountPath: '/b', subPath: '/abs', subPathExpr: '$(X)' },
        { name: 'v', mountPath: '/c', subPathExpr: '../x' },
        { name: 'v', mountPath: '/d', subPath: '', subPathExpr: '' },
        { name: 'v', mountPath: '/e', subPath: 5 },
        // Windows containers: drive and UNC mount paths are absolute
        { name: 'v', mountPath: 'C:\\app' },
        { name: 'v', mountPath: 'c:/logs' },
        { name: 'v', mountPath: '\\\\server\\share' },
        { name: 'v', mountPath: 'D:rel' },
        // a relative mountPath is made absolute by the kubelet (makeMounts): "a" is "/a", already used
        { name: 'v', mountPath: 'a' },
      ]),
      { ...mounts([{ name: 'x', mountPath: '/x' }], []), metadata: { name: 'none' } },
    ],
  ],
  [
    'container resources',
    [
      resources({
        limits: { cpu: 'x', memory: '1Gi', 'nvidia.com/gpu': '-1' },
        requests: { memory: '2Gi', cpu: '1', 'nvidia.com/gpu': 'y' },
      }),
      { ...resources({ requests: { memory: '1Gi' }, limits: { memory: '1Gi' } }), metadata: { name: 'eq' } },
      { ...resources({ requests: { memory: '2Gi' } }), metadata: { name: 'no-limit' } },
      { ...resources({ limits: 'x', requests: [] }), metadata: { name: 'shapes' } },
    ],
  ],
];
