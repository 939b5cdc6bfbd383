import { ClaimPlan, Finding } from '../../src/plan/types';
import { storageWarnings } from '../../src/plan/warnings';

type Obj = Record<string, any>;

const PROTECTED = { 'argocd.argoproj.io/sync-options': 'Prune=false' };

const container = (extra: Obj = {}): Obj => ({ name: 'app', image: 'nginx:1.25', ...extra });
const workload = (kind: string, volumes: Obj[], containers: Obj[], extra: Obj = {}): Obj => {
  const spec = { volumes, containers };
  if (kind === 'Pod') return { apiVersion: 'v1', kind, metadata: { name: 'web', namespace: 'shop' }, spec };
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec },
      ...extra,
    },
  };
};
const deployment = (replicas: number, volumes: Obj[], containers: Obj[] = [container()]): Obj =>
  workload('Deployment', volumes, containers, { replicas });
const pvc = (
  accessModes: string[] = ['ReadWriteOnce'],
  name = 'data',
  annotations: Obj = PROTECTED,
): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'shop', annotations },
  spec: { accessModes, resources: { requests: { storage: '1Gi' } } },
});
const pv = (spec: Obj, annotations: Obj = PROTECTED): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv-1', annotations },
  spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], ...spec },
});
const sc = (fields: Obj): Obj => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'fast' },
  ...fields,
});
const claimVolume = (claimName = 'data'): Obj => ({ name: 'data', persistentVolumeClaim: { claimName } });
const mounting = (name: string, mountPath: string, extra: Obj = {}): Obj =>
  container({ volumeMounts: [{ name, mountPath, ...extra }] });

const rule = (findings: Finding[], id: string): Finding[] => findings.filter((f) => f.rule === id);
const warn = (manifests: unknown[], claims: ClaimPlan[] = []): Finding[] =>
  storageWarnings(manifests, claims);

describe('retired volume sources and provisioners', () => {
  const cases: Array<[string, Obj, Finding['severity'], string, string, string]> = [
    [
      'gitRepo',
      { gitRepo: { repository: 'https://github.com/luksa/kubia-website-example.git' } },
      'warning',
      'source-deprecated',
      'init container',
      'removed in 1.36',
    ],
    [
      'awsElasticBlockStore',
      { awsElasticBlockStore: { volumeID: 'vol-1' } },
      'error',
      'source-removed',
      'ebs.csi.aws.com',
      'removed in Kubernetes 1.27',
    ],
    [
      'azureDisk',
      { azureDisk: { diskName: 'd', diskURI: 'u' } },
      'error',
      'source-removed',
      'disk.csi.azure.com',
      'removed in Kubernetes 1.27',
    ],
    [
      'cinder',
      { cinder: { volumeID: 'v' } },
      'error',
      'source-removed',
      'cinder.csi.openstack.org',
      'removed in Kubernetes 1.26',
    ],
    [
      'gcePersistentDisk',
      { gcePersistentDisk: { pdName: 'pd' } },
      'warning',
      'source-deprecated',
      'pd.csi.storage.gke.io',
      'removed in Kubernetes 1.28',
    ],
    [
      'glusterfs',
      { glusterfs: { endpoints: 'g', path: 'vol' } },
      'error',
      'source-removed',
      'CSI driver',
      'no CSI migration',
    ],
  ];

  it.each(cases)('%s in a pod volume', (source, src, severity, id, instead, when) => {
    const findings = warn([workload('Pod', [{ name: 'v', ...src }], [mounting('v', '/v')])]);
    expect(rule(findings, id)).toEqual([
      {
        severity,
        rule: id,
        object: 'Pod/shop/web',
        field: `spec.volumes[0].${source}`,
        message: expect.stringMatching(new RegExp(`^volume source ${source}: .*${when}.*${instead}`)),
      },
    ]);
  });

  it('the same sources in a PersistentVolume', () => {
    const findings = warn([
      pv({ awsElasticBlockStore: { volumeID: 'vol-1' }, persistentVolumeReclaimPolicy: 'Retain' }),
    ]);
    expect(rule(findings, 'source-removed')).toEqual([
      expect.objectContaining({
        severity: 'error',
        object: 'PersistentVolume/pv-1',
        field: 'spec.awsElasticBlockStore',
        message: expect.stringContaining('ebs.csi.aws.com'),
      }),
    ]);
  });

  it('in-tree provisioners of a StorageClass', () => {
    const findings = warn([sc({ provisioner: 'kubernetes.io/aws-ebs', reclaimPolicy: 'Retain' })]);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'StorageClass/fast',
        field: 'provisioner',
        message: expect.stringContaining('"kubernetes.io/aws-ebs"'),
      },
    ]);
    expect(findings[0].message).toContain('ebs.csi.aws.com');
    expect(warn([sc({ provisioner: 'kubernetes.io/gce-pd', reclaimPolicy: 'Retain' })])[0]).toMatchObject({
      severity: 'warning',
      rule: 'source-deprecated',
    });
  });

  it('CSI sources and provisioners are fine, and so is an init-container clone into an emptyDir', () => {
    const clone = workload(
      'Pod',
      [{ name: 'html', emptyDir: {} }],
      [mounting('html', '/usr/share/nginx/html', { readOnly: true })],
    );
    clone.spec.initContainers = [
      {
        name: 'clone',
        image: 'alpine/git',
        args: ['clone', 'https://example.com/site.git', '/html'],
        volumeMounts: [{ name: 'html', mountPath: '/html' }],
      },
    ];
    const findings = warn([
      clone,
      pv({
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' },
        persistentVolumeReclaimPolicy: 'Retain',
      }),
      sc({ provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain' }),
    ]);
    expect([...rule(findings, 'source-removed'), ...rule(findings, 'source-deprecated')]).toEqual([]);
  });
});

describe('reclaim policies', () => {
  it('Recycle is deprecated', () => {
    const findings = warn([
      pv({ nfs: { server: 'nfs', path: '/exports' }, persistentVolumeReclaimPolicy: 'Recycle' }),
    ]);
    expect(rule(findings, 'recycle-deprecated')).toEqual([
      {
        severity: 'warning',
        rule: 'recycle-deprecated',
        object: 'PersistentVolume/pv-1',
        field: 'spec.persistentVolumeReclaimPolicy',
        message: expect.stringContaining('"Recycle"'),
      },
    ]);
    expect(
      rule(
        warn([pv({ nfs: { server: 'nfs', path: '/exports' }, persistentVolumeReclaimPolicy: 'Retain' })]),
        'recycle-deprecated',
      ),
    ).toEqual([]);
  });

  it('a PV with Delete loses its data with the claim', () => {
    const [f] = rule(
      warn([pv({ csi: { driver: 'd', volumeHandle: 'h' }, persistentVolumeReclaimPolicy: 'Delete' })]),
      'reclaim-delete',
    );
    expect(f).toMatchObject({
      severity: 'warning',
      object: 'PersistentVolume/pv-1',
      field: 'spec.persistentVolumeReclaimPolicy',
    });
    expect(f.message).toContain('"Delete"');
    expect(f.message).toContain('GitOps prune');
    // a static PV defaults to Retain
    expect(rule(warn([pv({ csi: { driver: 'd', volumeHandle: 'h' } })]), 'reclaim-delete')).toEqual([]);
  });

  it('a StorageClass without reclaimPolicy deletes what it provisions', () => {
    const [f] = rule(warn([sc({ provisioner: 'ebs.csi.aws.com' })]), 'reclaim-delete');
    expect(f).toMatchObject({ severity: 'warning', object: 'StorageClass/fast', field: 'reclaimPolicy' });
    expect(f.message).toContain('unset, which means Delete');
    expect(
      rule(warn([sc({ provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain' })]), 'reclaim-delete'),
    ).toEqual([]);
  });
});

describe('claims shared by several pods', () => {
  const FIELD = 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName';

  it('a ReadWriteOnce claim in a Deployment with 3 replicas', () => {
    const findings = rule(
      warn([pvc(), deployment(3, [claimVolume()], [mounting('data', '/data')])]),
      'claim-access-mode-shared',
    );
    expect(findings).toEqual([
      {
        severity: 'warning',
        rule: 'claim-access-mode-shared',
        object: 'Deployment/shop/web',
        field: FIELD,
        message: expect.stringContaining('Multi-Attach'),
      },
    ]);
    expect(findings[0].message).toContain(
      'claim "data" (ReadWriteOnce) is mounted by Deployment/shop/web (3 pods)',
    );
  });

  it('a ReadWriteOncePod claim: the other pods stay Pending', () => {
    const [f] = rule(
      warn([pvc(['ReadWriteOncePod']), deployment(2, [claimVolume()], [mounting('data', '/data')])]),
      'claim-access-mode-shared',
    );
    expect(f.message).toContain('ReadWriteOncePod');
    expect(f.message).toContain('stay Pending');
  });

  it('a DaemonSet counts as many pods', () => {
    const ds = workload('DaemonSet', [claimVolume()], [mounting('data', '/data')]);
    expect(rule(warn([pvc(), ds]), 'claim-access-mode-shared')[0].message).toContain('one pod per node');
  });

  it('two single-replica workloads sharing one claim are reported on the claim', () => {
    const a = deployment(1, [claimVolume()], [mounting('data', '/data')]);
    const b = {
      ...deployment(1, [claimVolume()], [mounting('data', '/data')]),
      metadata: { name: 'worker', namespace: 'shop' },
    };
    expect(rule(warn([pvc(), a, b]), 'claim-access-mode-shared')).toEqual([
      expect.objectContaining({
        object: 'PersistentVolumeClaim/shop/data',
        field: 'spec.accessModes',
        message: expect.stringContaining('Deployment/shop/web (1 pod), Deployment/shop/worker (1 pod)'),
      }),
    ]);
  });

  it('no warning for ReadWriteMany, for one replica, or when the bound volume offers ReadWriteMany', () => {
    const mount = [mounting('data', '/data')];
    expect(
      rule(warn([pvc(['ReadWriteMany']), deployment(3, [claimVolume()], mount)]), 'claim-access-mode-shared'),
    ).toEqual([]);
    expect(rule(warn([pvc(), deployment(1, [claimVolume()], mount)]), 'claim-access-mode-shared')).toEqual(
      [],
    );
    const nfs = pv({ accessModes: ['ReadWriteOnce', 'ReadWriteMany'], nfs: { server: 'nfs', path: '/x' } });
    const plan: ClaimPlan = {
      namespace: 'shop',
      name: 'data',
      outcome: 'bound',
      volume: 'pv-1',
      reason: 'test',
    };
    expect(
      rule(warn([nfs, pvc(), deployment(3, [claimVolume()], mount)], [plan]), 'claim-access-mode-shared'),
    ).toEqual([]);
  });
});

describe('hostPath', () => {
  it('in a Deployment with several replicas', () => {
    const findings = rule(
      warn([
        deployment(3, [{ name: 'cache', hostPath: { path: '/srv/cache' } }], [mounting('cache', '/cache')]),
      ]),
      'hostpath-multi-replica',
    );
    expect(findings).toEqual([
      {
        severity: 'warning',
        rule: 'hostpath-multi-replica',
        object: 'Deployment/shop/web',
        field: 'spec.template.spec.volumes[0].hostPath.path',
        message: expect.stringContaining('3 replicas'),
      },
    ]);
    expect(findings[0].message).toContain('"/srv/cache"');
  });

  it('not in a DaemonSet or a single replica', () => {
    const vol = [{ name: 'logs', hostPath: { path: '/srv/logs' } }];
    expect(
      rule(warn([workload('DaemonSet', vol, [mounting('logs', '/logs')])]), 'hostpath-multi-replica'),
    ).toEqual([]);
    expect(rule(warn([deployment(1, vol, [mounting('logs', '/logs')])]), 'hostpath-multi-replica')).toEqual(
      [],
    );
  });

  it('a writable runtime socket gets the strong wording', () => {
    const ds = workload(
      'DaemonSet',
      [{ name: 'sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }],
      [mounting('sock', '/var/run/docker.sock')],
    );
    const [f] = rule(warn([ds]), 'hostpath-sensitive');
    expect(f).toMatchObject({
      severity: 'warning',
      object: 'DaemonSet/shop/web',
      field: 'spec.template.spec.volumes[0].hostPath.path',
    });
    expect(f.message).toContain('"/var/run/docker.sock"');
    expect(f.message).toContain('mounted writable by container "app"');
    expect(f.message).toContain('controls the node');
  });

  it('read-only does not help for a socket', () => {
    const ds = workload(
      'DaemonSet',
      [{ name: 'sock', hostPath: { path: '/run/containerd/containerd.sock' } }],
      [mounting('sock', '/run/containerd.sock', { readOnly: true })],
    );
    expect(rule(warn([ds]), 'hostpath-sensitive')[0].message).toContain(
      'does not stop a pod from connecting to a socket',
    );
  });

  it('a read-only /etc gets the milder wording', () => {
    const ds = workload(
      'DaemonSet',
      [{ name: 'etc', hostPath: { path: '/etc/kubernetes' } }],
      [mounting('etc', '/host/etc', { readOnly: true })],
    );
    const [f] = rule(warn([ds]), 'hostpath-sensitive');
    expect(f.message).toContain('mounted read-only by "app"');
    expect(f.message).not.toContain('controls the node');
  });

  it('an ordinary data directory, or a sensitive path nobody mounts, is fine', () => {
    expect(
      rule(
        warn([
          workload('DaemonSet', [{ name: 'd', hostPath: { path: '/srv/data' } }], [mounting('d', '/d')]),
        ]),
        'hostpath-sensitive',
      ),
    ).toEqual([]);
    expect(
      rule(
        warn([workload('DaemonSet', [{ name: 'd', hostPath: { path: '/etc' } }], [container()])]),
        'hostpath-sensitive',
      ),
    ).toEqual([]);
  });

  it('a PersistentVolume on a sensitive node path', () => {
    const [f] = rule(warn([pv({ hostPath: { path: '/var/lib/kubelet' } })]), 'hostpath-sensitive');
    expect(f).toMatchObject({ object: 'PersistentVolume/pv-1', field: 'spec.hostPath.path' });
    expect(f.message).toContain('"/var/lib/kubelet"');
  });
});

describe('emptyDir', () => {
  /** A pod with a Memory emptyDir; sizeLimit and the mounting container's memory limit optional. */
  const tmpfs = (sizeLimit: string | undefined, memory: string | undefined): Obj => {
    const app = mounting('scratch', '/scratch', {});
    if (memory) app.resources = { limits: { memory } };
    return workload('Pod', [{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit } }], [app]);
  };
  const FIELD = 'spec.volumes[0].emptyDir.sizeLimit';

  it('Memory with a sizeLimit above the container memory limit', () => {
    const findings = rule(warn([tmpfs('2Gi', '1Gi')]), 'emptydir-memory');
    expect(findings).toEqual([
      {
        severity: 'warning',
        rule: 'emptydir-memory',
        object: 'Pod/shop/web',
        field: FIELD,
        message: expect.stringContaining('sizeLimit 2Gi is more than the memory limit of "app" (1Gi)'),
      },
    ]);
  });

  it('Memory without sizeLimit, or without a memory limit', () => {
    expect(rule(warn([tmpfs(undefined, '1Gi')]), 'emptydir-memory')[0].message).toContain('no sizeLimit');
    expect(rule(warn([tmpfs('256Mi', undefined)]), 'emptydir-memory')[0].message).toContain(
      'container "app" mounting it has no memory limit',
    );
  });

  it('Memory with a sizeLimit within the limit is fine', () => {
    expect(rule(warn([tmpfs('256Mi', '512Mi')]), 'emptydir-memory')).toEqual([]);
  });

  it('a database data directory on an emptyDir', () => {
    const db = workload(
      'StatefulSet',
      [{ name: 'db', emptyDir: {} }],
      [
        {
          name: 'mongo',
          image: 'docker.io/library/mongo:7.0',
          volumeMounts: [{ name: 'db', mountPath: '/data/db' }],
        },
      ],
    );
    expect(rule(warn([db]), 'emptydir-database')).toEqual([
      {
        severity: 'warning',
        rule: 'emptydir-database',
        object: 'StatefulSet/shop/web',
        field: 'spec.template.spec.containers[0].volumeMounts[0].mountPath',
        message: expect.stringContaining(
          'runs docker.io/library/mongo:7.0 with its data directory /data/db on emptyDir "db"',
        ),
      },
    ]);
  });

  it('matches bitnami images mounted at /bitnami', () => {
    const db = workload(
      'Pod',
      [{ name: 'd', emptyDir: {} }],
      [{ name: 'pg', image: 'bitnami/postgresql:16', volumeMounts: [{ name: 'd', mountPath: '/bitnami' }] }],
    );
    expect(rule(warn([db]), 'emptydir-database')).toHaveLength(1);
  });

  it('not for a web server at /data, nor for a database on a claim', () => {
    expect(
      rule(
        warn([workload('Pod', [{ name: 'd', emptyDir: {} }], [mounting('d', '/data')])]),
        'emptydir-database',
      ),
    ).toEqual([]);
    const pg = workload(
      'Pod',
      [claimVolume()],
      [
        {
          name: 'pg',
          image: 'postgres:16',
          volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
        },
      ],
    );
    expect(rule(warn([pvc(), pg]), 'emptydir-database')).toEqual([]);
  });
});

describe('claims and the workloads that mount them', () => {
  it('a claim no workload mounts is info', () => {
    expect(rule(warn([pvc()]), 'claim-unused')).toEqual([
      {
        severity: 'info',
        rule: 'claim-unused',
        object: 'PersistentVolumeClaim/shop/data',
        message: expect.stringContaining('no workload in the manifests mounts this claim'),
      },
    ]);
    expect(
      rule(warn([pvc(), workload('Pod', [claimVolume()], [mounting('data', '/data')])]), 'claim-unused'),
    ).toEqual([]);
  });

  it('a claim cloned by another claim is in use', () => {
    const clone = {
      ...pvc(['ReadWriteOnce'], 'copy'),
      spec: { ...pvc().spec, dataSource: { kind: 'PersistentVolumeClaim', name: 'data' } },
    };
    expect(rule(warn([pvc(), clone]), 'claim-unused').map((f) => f.object)).toEqual([
      'PersistentVolumeClaim/shop/copy',
    ]);
  });

  it('a workload mounting a claim that is not in the manifests', () => {
    expect(
      rule(warn([deployment(1, [claimVolume('logs')], [mounting('data', '/data')])]), 'claim-missing'),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'claim-missing',
        object: 'Deployment/shop/web',
        field: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
        message: expect.stringContaining(
          'mounts claim "logs", which is not in the manifests (namespace shop)',
        ),
      },
    ]);
  });

  it('claims in the plan and StatefulSet per-pod claims count as present', () => {
    const pod = workload('Pod', [claimVolume('data-db-1')], [mounting('data', '/data')]);
    const set = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: {
        replicas: 2,
        template: { spec: { containers: [container()] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }],
      },
    };
    expect(rule(warn([pod, set]), 'claim-missing')).toEqual([]);
    const beyond = workload('Pod', [claimVolume('data-db-2')], [mounting('data', '/data')]);
    expect(rule(warn([beyond, set]), 'claim-missing')).toHaveLength(1);
    const plan: ClaimPlan = { namespace: 'shop', name: 'logs', outcome: 'pending', reason: 'test' };
    expect(
      rule(
        warn([workload('Pod', [claimVolume('logs')], [mounting('data', '/data')])], [plan]),
        'claim-missing',
      ),
    ).toEqual([]);
  });

  it('prune protection on claims and volumes is info', () => {
    const findings = rule(
      warn([pvc(['ReadWriteOnce'], 'data', {}), pv({ nfs: { server: 'n', path: '/x' } }, {})]),
      'prune-unprotected',
    );
    expect(findings.map((f) => [f.severity, f.object, f.field])).toEqual([
      ['info', 'PersistentVolume/pv-1', 'metadata.annotations'],
      ['info', 'PersistentVolumeClaim/shop/data', 'metadata.annotations'],
    ]);
    expect(findings[0].message).toContain('Prune=false');
    const flux = pvc(['ReadWriteOnce'], 'data', { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    const argo = pvc(['ReadWriteOnce'], 'data', {
      'argocd.argoproj.io/sync-options': 'ServerSideApply=true, Prune=false',
    });
    expect(rule(warn([flux]), 'prune-unprotected')).toEqual([]);
    expect(rule(warn([argo]), 'prune-unprotected')).toEqual([]);
  });
});

describe('robustness', () => {
  it('reports each problem once, even for an object listed twice', () => {
    const delPv = pv({ csi: { driver: 'd', volumeHandle: 'h' }, persistentVolumeReclaimPolicy: 'Delete' });
    expect(rule(warn([delPv, delPv]), 'reclaim-delete')).toHaveLength(1);
  });

  it('never throws on malformed input', () => {
    const deep: Obj = {};
    let cur = deep;
    for (let i = 0; i < 10_000; i++) cur = cur.x = {};
    const junk: unknown[] = [
      null,
      1,
      'x',
      [],
      { kind: 'Pod', spec: 5 },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'a', labels: deep },
        spec: {
          volumes: [
            null,
            5,
            { name: 'h', hostPath: 7 },
            { name: 'e', emptyDir: { medium: 'Memory', sizeLimit: deep } },
          ],
          containers: [null, { volumeMounts: 'x' }],
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: {
          replicas: 1e12,
          template: { spec: { volumes: [{ name: 'c', persistentVolumeClaim: { claimName: 'c' } }] } },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 's' },
        spec: { replicas: 1e12, volumeClaimTemplates: 'x' },
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'c', annotations: deep },
        spec: { accessModes: 'RWO', dataSource: 5 },
      },
      { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'p' }, spec: 'x' },
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 's' }, provisioner: {} },
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('boom');
          },
        },
      ),
      new Proxy(
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' } },
        {
          get: (t: Obj, k: string) => {
            if (k === 'spec') throw new Error('boom');
            return t[k];
          },
        },
      ),
    ];
    expect(() => warn(junk)).not.toThrow();
    expect(() => warn(junk, [null, 5, { namespace: 'a' }] as unknown as ClaimPlan[])).not.toThrow();
    expect(() =>
      storageWarnings('nope' as unknown as unknown[], 'x' as unknown as ClaimPlan[]),
    ).not.toThrow();
  });
});
