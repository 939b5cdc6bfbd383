/**
 * warnings.ts, cases first found by mutation testing (docs/mutation.md, "Killed since, by the survivor tests"): the joins of names in
 * messages, the rule that a mount path covers a database's data path (`/`, parents, not paths
 * inside it), and the wording of the Delete reclaim policy. Every message is asserted whole.
 */
import { storageWarnings } from '../../src/plan/warnings';

type Obj = Record<string, any>;

const PROTECTED = { 'argocd.argoproj.io/sync-options': 'Prune=false' };

const pod = (volumes: Obj[], containers: Obj[]): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { volumes, containers },
});
const container = (name: string, mounts: Obj[], extra: Obj = {}): Obj => ({
  name,
  image: 'nginx:1.25',
  volumeMounts: mounts,
  ...extra,
});
const warning = (rule: string, object: string, field: string, message: string): Obj => ({
  severity: 'warning',
  rule,
  object,
  field,
  message,
});
const info = (rule: string, object: string, field: string, message: string): Obj => ({
  severity: 'info',
  rule,
  object,
  field,
  message,
});

describe("names joined with ', '", () => {
  const etc = [{ name: 'etc', hostPath: { path: '/etc' } }];
  const FIELD = 'spec.volumes[0].hostPath.path';

  test('a sensitive hostPath mounted writable by two containers (a read-only one is not named)', () => {
    const findings = storageWarnings(
      [
        pod(etc, [
          container('a', [{ name: 'etc', mountPath: '/host' }]),
          container('b', [{ name: 'etc', mountPath: '/host' }]),
          container('r', [{ name: 'etc', mountPath: '/host', readOnly: true }]),
        ]),
      ],
      [],
    );
    expect(findings).toEqual([
      warning(
        'hostpath-sensitive',
        'Pod/shop/web',
        FIELD,
        'hostPath volume "etc" ("/etc") exposes the node configuration and credentials, mounted writable by containers "a", "b": ' +
          'whoever controls this pod controls the node; keep it out of application pods, narrow the path, and mount it readOnly: true where it is only read',
      ),
    ]);
  });

  test('a sensitive hostPath mounted read-only by two containers', () => {
    const findings = storageWarnings(
      [
        pod(etc, [
          container('a', [{ name: 'etc', mountPath: '/host', readOnly: true }]),
          container('b', [{ name: 'etc', mountPath: '/host', readOnly: true }]),
        ]),
      ],
      [],
    );
    expect(findings).toEqual([
      warning(
        'hostpath-sensitive',
        'Pod/shop/web',
        FIELD,
        'hostPath volume "etc" ("/etc") exposes the node configuration and credentials (mounted read-only by "a", "b"): ' +
          'reading it can still leak node credentials; narrow the path to what the pod needs',
      ),
    ]);
  });

  test('a Memory emptyDir: containers without a limit, containers with a smaller one, problems joined with "; "', () => {
    const m = (mountPath = '/m'): Obj => ({ name: 'm', mountPath });
    const limit = (memory: string): Obj => ({ resources: { limits: { memory } } });
    const findings = storageWarnings(
      [
        pod(
          [{ name: 'm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } }],
          [
            container('a', [m(), m('/again')]), // mounted twice, named once
            container('b', [m()]),
            container('s1', [m()], limit('512Mi')),
            container('s2', [m()], limit('256Mi')),
            container('eq', [m()], limit('1024Mi')), // equal to sizeLimit: not smaller
          ],
        ),
      ],
      [],
    );
    expect(findings).toEqual([
      warning(
        'emptydir-memory',
        'Pod/shop/web',
        'spec.volumes[0].emptyDir.sizeLimit',
        'emptyDir "m" has medium Memory (tmpfs; its pages count against the writing container\'s memory limit): ' +
          'containers "a", "b" mounting it have no memory limit, so what is written there is node memory nothing bounds; ' +
          'its sizeLimit 1Gi is more than the memory limit of "s1" (512Mi), "s2" (256Mi): filling it OOM-kills the container ' +
          "before sizeLimit is reached. Set a sizeLimit below each mounting container's memory limit",
      ),
    ]);
  });

  test('a Memory emptyDir without sizeLimit, one container without a limit: "has"', () => {
    const findings = storageWarnings(
      [
        pod(
          [{ name: 'm', emptyDir: { medium: 'Memory' } }],
          [container('a', [{ name: 'm', mountPath: '/m' }])],
        ),
      ],
      [],
    );
    expect(findings).toEqual([
      warning(
        'emptydir-memory',
        'Pod/shop/web',
        'spec.volumes[0].emptyDir.sizeLimit',
        'emptyDir "m" has medium Memory (tmpfs; its pages count against the writing container\'s memory limit): ' +
          'it has no sizeLimit, so it can grow until a writer is OOM-killed or the node runs short of memory; ' +
          'container "a" mounting it has no memory limit, so what is written there is node memory nothing bounds. ' +
          "Set a sizeLimit below each mounting container's memory limit",
      ),
    ]);
  });

  test('a ReadWriteOnce claim mounted by several workloads, one of them per node', () => {
    const workload = (kind: string, name: string, replicas?: number): Obj => ({
      apiVersion: 'apps/v1',
      kind,
      metadata: { name, namespace: 'shop' },
      spec: {
        ...(replicas !== undefined ? { replicas } : {}),
        selector: {},
        template: {
          spec: {
            containers: [{ name: 'c', image: 'x' }],
            volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }],
          },
        },
      },
    });
    const claim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'shop', annotations: PROTECTED },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    const findings = storageWarnings(
      [
        claim,
        workload('Deployment', 'api', 1),
        workload('DaemonSet', 'agent'),
        workload('StatefulSet', 'db', 1),
      ],
      [],
    );
    expect(findings).toEqual([
      warning(
        'claim-access-mode-shared',
        'PersistentVolumeClaim/shop/data',
        'spec.accessModes',
        'claim "data" (ReadWriteOnce) is mounted by Deployment/shop/api (1 pod), DaemonSet/shop/agent (one pod per node), ' +
          'StatefulSet/shop/db (1 pod): a ReadWriteOnce volume attaches to one node at a time: pods scheduled on another node ' +
          'stay ContainerCreating with a Multi-Attach error; use a ReadWriteMany volume to share it, a StatefulSet ' +
          'volumeClaimTemplate for one claim per pod, or a single replica',
      ),
    ]);
  });
});

describe('a database data directory on an emptyDir: which mount paths cover it', () => {
  // mongo keeps its data in /data/db, /data/configdb and /bitnami/mongodb (checked in that order)
  const MOUNTS = [
    '/', // the whole filesystem: covers the first data path
    '/data', // a parent of /data/db
    '/data/db/', // /data/db itself, however written
    '/data/db/journal', // inside /data/db: the data directory itself stays on the container's filesystem
    '/data/configdb', // the second data path
    '/bitnami', // a parent of the third
    '/data/dbx', // a sibling sharing a prefix: not covered
    '/dat', // a prefix of /data, not a parent: not covered
    '/srv', // unrelated
  ];
  const covered: Array<[number, string]> = [
    [0, '/data/db'],
    [1, '/data/db'],
    [2, '/data/db'],
    [4, '/data/configdb'],
    [5, '/bitnami/mongodb'],
  ];

  test('the data path itself or a parent of it (/ included); never a path inside it, nor a prefix that is not a parent', () => {
    const findings = storageWarnings(
      [
        pod(
          [{ name: 'db', emptyDir: {} }],
          [
            {
              name: 'mongo',
              image: 'mongo:7',
              volumeMounts: MOUNTS.map((mountPath) => ({ name: 'db', mountPath })),
            },
          ],
        ),
      ],
      [],
    );
    expect(findings).toEqual(
      covered.map(([i, dataPath]) =>
        warning(
          'emptydir-database',
          'Pod/shop/web',
          `spec.containers[0].volumeMounts[${i}].mountPath`,
          `container "mongo" runs mongo:7 with its data directory ${dataPath} on emptyDir "db" (mounted at ${MOUNTS[i]}): ` +
            'the data is lost whenever the pod is deleted, evicted or rescheduled; use a PersistentVolumeClaim ' +
            '(in a StatefulSet, a volumeClaimTemplate)',
        ),
      ),
    );
  });
});

describe('a database data directory on an emptyDir: a mount below it holds no data', () => {
  const redis = (mountPath: string, volume: Obj = { name: 'cache', emptyDir: {} }): Obj =>
    pod([volume], [{ name: 'redis', image: 'redis:7', volumeMounts: [{ name: 'cache', mountPath }] }]);

  test('redis writes /data: an emptyDir at /data/redis leaves /data on the container filesystem; one at /data does not', () => {
    expect(storageWarnings([redis('/data/redis')], [])).toEqual([]);
    expect(storageWarnings([redis('/data')], [])).toEqual([
      warning(
        'emptydir-database',
        'Pod/shop/web',
        'spec.containers[0].volumeMounts[0].mountPath',
        'container "redis" runs redis:7 with its data directory /data on emptyDir "cache" (mounted at /data): ' +
          'the data is lost whenever the pod is deleted, evicted or rescheduled; use a PersistentVolumeClaim ' +
          '(in a StatefulSet, a volumeClaimTemplate)',
      ),
    ]);
  });

  test('a pod volume with no source (or emptyDir: null) is an emptyDir, and warned like one', () => {
    const expected = [
      warning(
        'emptydir-database',
        'Pod/shop/web',
        'spec.containers[0].volumeMounts[0].mountPath',
        'container "redis" runs redis:7 with its data directory /data on emptyDir "cache" (mounted at /data): ' +
          'the data is lost whenever the pod is deleted, evicted or rescheduled; use a PersistentVolumeClaim ' +
          '(in a StatefulSet, a volumeClaimTemplate)',
      ),
    ];
    expect(storageWarnings([redis('/data', { name: 'cache' })], [])).toEqual(expected);
    expect(storageWarnings([redis('/data', { name: 'cache', emptyDir: null })], [])).toEqual(expected);
    // a volume with a source is that source, not an emptyDir
    expect(
      storageWarnings([redis('/data', { name: 'cache', configMap: { name: 'redis-conf' } })], []),
    ).toEqual([]);
  });
});

describe('the Delete reclaim policy, in words', () => {
  const sc = (name: string, extra: Obj): Obj => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner: 'ebs.csi.aws.com',
    ...extra,
  });
  const TAIL =
    ': every volume it provisions is deleted with its claim (kubectl delete, a namespace deletion, a GitOps prune); ' +
    'set reclaimPolicy: Retain for data you keep';

  test('a StorageClass: unset or null means Delete; "Delete" says so; Retain is fine', () => {
    const classes = [
      sc('unset', {}),
      sc('null', { reclaimPolicy: null }),
      sc('delete', { reclaimPolicy: 'Delete' }),
      sc('retain', { reclaimPolicy: 'Retain' }),
    ];
    // each class provisions a claim of the manifests
    const claims = ['unset', 'null', 'delete', 'retain'].map((storageClass) => ({
      namespace: 'shop',
      name: `data-${storageClass}`,
      outcome: 'provisioned' as const,
      storageClass,
      reason: 'test',
    }));
    expect(storageWarnings(classes, claims)).toEqual([
      info(
        'reclaim-delete',
        'StorageClass/unset',
        'reclaimPolicy',
        `reclaimPolicy is unset, which means Delete${TAIL}`,
      ),
      info(
        'reclaim-delete',
        'StorageClass/null',
        'reclaimPolicy',
        `reclaimPolicy is unset, which means Delete${TAIL}`,
      ),
      info('reclaim-delete', 'StorageClass/delete', 'reclaimPolicy', `reclaimPolicy is "Delete"${TAIL}`),
    ]);
    // a class that provisions no claim of the manifests is not reported: Delete is Kubernetes' default
    expect(storageWarnings(classes, [])).toEqual([]);
  });

  test('a PersistentVolume with Delete: info', () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv', annotations: PROTECTED },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        csi: { driver: 'd', volumeHandle: 'h' },
        persistentVolumeReclaimPolicy: 'Delete',
      },
    };
    expect(storageWarnings([pv], [])).toEqual([
      info(
        'reclaim-delete',
        'PersistentVolume/pv',
        'spec.persistentVolumeReclaimPolicy',
        'persistentVolumeReclaimPolicy is "Delete": deleting the bound claim (kubectl delete, a namespace deletion, a GitOps ' +
          'prune) deletes the volume and its data; use Retain for data you keep',
      ),
    ]);
  });
});
