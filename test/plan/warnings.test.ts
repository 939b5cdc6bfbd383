import { KubernetesVersion } from '../../src/k8s/versions';
import { indexManifests } from '../../src/plan/_manifest';
import { ClaimPlan, Finding } from '../../src/plan/types';
import { versionFindings } from '../../src/plan/version-rules';
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

describe('retired volume sources and provisioners: version-rules.ts judges them for the target version', () => {
  // warnings.ts no longer has a table of its own: the version rules read src/k8s/volume-plugins.ts
  const at = (manifests: unknown[], version: KubernetesVersion = '1.36'): Finding[] =>
    versionFindings(indexManifests(manifests), version);
  const podWith = (src: Obj): Obj => workload('Pod', [{ name: 'v', ...src }], [mounting('v', '/v')]);
  const migrated = (what: string, version: string, since: string, driver: string): string =>
    `${what} is served only through CSI migration in Kubernetes ${version} (since ${since}): it works only where ` +
    `the CSI driver ${driver} is installed, which the plan cannot see; use the CSI driver ${driver} directly`;
  const SOURCES: Array<[string, Obj, string, string]> = [
    ['awsElasticBlockStore', { awsElasticBlockStore: { volumeID: 'vol-1' } }, '1.25', 'ebs.csi.aws.com'],
    ['azureDisk', { azureDisk: { diskName: 'd', diskURI: 'u' } }, '1.24', 'disk.csi.azure.com'],
    ['cinder', { cinder: { volumeID: 'v' } }, '1.24', 'cinder.csi.openstack.org'],
    ['gcePersistentDisk', { gcePersistentDisk: { pdName: 'pd' } }, '1.25', 'pd.csi.storage.gke.io'],
    ['azureFile', { azureFile: { secretName: 's', shareName: 'x' } }, '1.26', 'file.csi.azure.com'],
    ['vsphereVolume', { vsphereVolume: { volumePath: 'p' } }, '1.26', 'csi.vsphere.vmware.com'],
  ];

  it('warnings.ts itself reports none of them', () => {
    const findings = warn([
      ...SOURCES.map(([, src]) => podWith(src)),
      podWith({ gitRepo: { repository: 'https://github.com/luksa/kubia-website-example.git' } }),
      podWith({ glusterfs: { endpoints: 'g', path: 'vol' } }),
      pv({ awsElasticBlockStore: { volumeID: 'vol-1' }, persistentVolumeReclaimPolicy: 'Retain' }),
      sc({ provisioner: 'kubernetes.io/aws-ebs', reclaimPolicy: 'Retain' }),
    ]);
    expect(findings.filter((f) => f.rule.startsWith('source-'))).toEqual([]);
  });

  it.each(SOURCES)(
    '%s in a pod volume: source-migrated, a warning naming the CSI driver',
    (source, src, since, driver) => {
      for (const version of ['1.27', '1.36'] as const) {
        expect(at([podWith(src)], version)).toEqual([
          {
            severity: 'warning',
            rule: 'source-migrated',
            object: 'Pod/shop/web',
            field: `spec.volumes[0].${source}`,
            message: migrated(`volume source ${source}`, version, since, driver),
          },
        ]);
      }
    },
  );

  it('glusterfs: removed (1.26) with no CSI migration, an error', () => {
    expect(at([podWith({ glusterfs: { endpoints: 'g', path: 'vol' } })])).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'Pod/shop/web',
        field: 'spec.volumes[0].glusterfs',
        message:
          'volume source glusterfs is removed in Kubernetes 1.36 (since 1.26), with no CSI migration: the API server ' +
          'accepts the object, but nothing mounts or provisions it: in-tree plugin removed, no CSI migration: the ' +
          'kubelet fails the mount with "failed to get Plugin from volumeSpec ... no volume plugin matched" ' +
          '(kubernetes#111618, #111619, #111620). Use a CSI driver for this storage',
      },
    ]);
  });

  it('cephfs and rbd: deprecated up to 1.30, removed from 1.31', () => {
    const cephfs = podWith({ cephfs: { monitors: ['m'] } });
    const rbd = podWith({ rbd: { monitors: ['m'], image: 'i' } });
    expect(at([cephfs], '1.30')).toEqual([
      {
        severity: 'warning',
        rule: 'source-deprecated',
        object: 'Pod/shop/web',
        field: 'spec.volumes[0].cephfs',
        message:
          'volume source cephfs is deprecated (since 1.28): no CSI migration (KEP-2924 withdrawn); the CephFS CSI ' +
          'driver (cephfs.csi.ceph.com, ceph/ceph-csi) needs a re-created volume',
      },
    ]);
    expect(at([rbd], '1.30')).toEqual([
      {
        severity: 'warning',
        rule: 'source-deprecated',
        object: 'Pod/shop/web',
        field: 'spec.volumes[0].rbd',
        message:
          'volume source rbd is deprecated (since 1.28): its CSI migration (CSIMigrationRBD) never left alpha and was ' +
          'deprecated with the plugin',
      },
    ]);
    expect(at([cephfs], '1.31')).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'Pod/shop/web',
        field: 'spec.volumes[0].cephfs',
        message:
          'volume source cephfs is removed in Kubernetes 1.31, with no CSI migration: the API server accepts the ' +
          'object, but nothing mounts or provisions it: the cephfs volume type is non-functional; a re-deployment ' +
          'with the CephFS CSI driver is needed. Use a CSI driver for this storage',
      },
    ]);
    expect(at([rbd], '1.36')).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'Pod/shop/web',
        field: 'spec.volumes[0].rbd',
        message:
          'volume source rbd is removed in Kubernetes 1.36 (since 1.31), with no CSI migration: the API server ' +
          'accepts the object, but nothing mounts or provisions it: the plugin and its CSI migration were removed: ' +
          'the rbd volume type is non-functional; the RBD CSI driver (rbd.csi.ceph.com) needs a re-created volume. ' +
          'Use a CSI driver for this storage',
      },
    ]);
  });

  it('gitRepo: deprecated up to 1.32, off by default 1.33 to 1.35, removed in 1.36', () => {
    const git = podWith({ gitRepo: { repository: 'https://github.com/luksa/kubia-website-example.git' } });
    const finding = (severity: Finding['severity'], id: string, message: string): Finding[] => [
      { severity, rule: id, object: 'Pod/shop/web', field: 'spec.volumes[0].gitRepo', message },
    ];
    const deprecated = finding(
      'warning',
      'source-deprecated',
      'volume source gitRepo is deprecated (since 1.11): runs git on the node as root; clone in an init container ' +
        'into an emptyDir instead',
    );
    expect(at([git], '1.27')).toEqual(deprecated);
    expect(at([git], '1.32')).toEqual(deprecated);
    for (const version of ['1.33', '1.35'] as const) {
      expect(at([git], version)).toEqual(
        finding(
          'warning',
          'source-deprecated',
          `volume source gitRepo is off by default in Kubernetes ${version} (feature gate GitRepoVolumeDriver): the ` +
            'kubelet refuses gitRepo volumes unless its GitRepoVolumeDriver gate is turned back on; the API server ' +
            'still accepts the pod. It works only where the cluster turns the gate on, which the plan cannot see',
        ),
      );
    }
    expect(at([git], '1.36')).toEqual(
      finding(
        'error',
        'source-removed',
        'volume source gitRepo is removed in Kubernetes 1.36: GitRepoVolumeDriver is locked to false: no cluster can run ' +
          'gitRepo volumes (the driver code itself is removed in 1.39 per KEP-5040); the API server still accepts ' +
          'the pod. Clone in an init container into an emptyDir instead (GitClonePod and GitRepoVolume do it)',
      ),
    );
  });

  it('the same sources in a PersistentVolume', () => {
    expect(
      at([pv({ awsElasticBlockStore: { volumeID: 'vol-1' }, persistentVolumeReclaimPolicy: 'Retain' })]),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'source-migrated',
        object: 'PersistentVolume/pv-1',
        field: 'spec.awsElasticBlockStore',
        message: migrated('volume source awsElasticBlockStore', '1.36', '1.25', 'ebs.csi.aws.com'),
      },
    ]);
  });

  it('in-tree provisioners of a StorageClass', () => {
    const classWith = (provisioner: string): Obj => sc({ provisioner, reclaimPolicy: 'Retain' });
    expect(at([classWith('kubernetes.io/aws-ebs')])).toEqual([
      {
        severity: 'warning',
        rule: 'source-migrated',
        object: 'StorageClass/fast',
        field: 'provisioner',
        message: migrated('provisioner "kubernetes.io/aws-ebs"', '1.36', '1.25', 'ebs.csi.aws.com'),
      },
    ]);
    expect(at([classWith('kubernetes.io/gce-pd')])).toEqual([
      {
        severity: 'warning',
        rule: 'source-migrated',
        object: 'StorageClass/fast',
        field: 'provisioner',
        message: migrated('provisioner "kubernetes.io/gce-pd"', '1.36', '1.25', 'pd.csi.storage.gke.io'),
      },
    ]);
    expect(at([classWith('kubernetes.io/glusterfs')])).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'StorageClass/fast',
        field: 'provisioner',
        message:
          'provisioner "kubernetes.io/glusterfs" is removed in Kubernetes 1.36 (since 1.26), with no CSI migration: ' +
          'the API server accepts the object, but nothing mounts or provisions it: no in-tree provisioner: ' +
          'pkg/controller/volume/persistentvolume/pv_controller.go findProvisionablePlugin: a kubernetes.io/ name ' +
          'with no provisionable in-tree plugin is an error, reported as ProvisioningFailed "no volume plugin ' +
          'matched name: ..." (kubernetes#113811). Use a CSI driver for this storage',
      },
    ]);
    // an external (CSI) provisioner: the tables know nothing of it
    expect(at([classWith('ebs.csi.aws.com')])).toEqual([]);
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
    const manifests = [
      clone,
      pv({
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' },
        persistentVolumeReclaimPolicy: 'Retain',
      }),
      sc({ provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain' }),
    ];
    for (const version of ['1.27', '1.36'] as const) expect(at(manifests, version)).toEqual([]);
    expect(warn(manifests).filter((f) => f.rule.startsWith('source-'))).toEqual([]);
  });
});

describe('reclaim policies', () => {
  it('Recycle is deprecated', () => {
    const findings = warn([
      pv({ nfs: { server: 'nfs', path: '/exports' }, persistentVolumeReclaimPolicy: 'Recycle' }),
    ]);
    const deprecated: Finding = {
      severity: 'warning',
      rule: 'recycle-deprecated',
      object: 'PersistentVolume/pv-1',
      field: 'spec.persistentVolumeReclaimPolicy',
      message:
        'persistentVolumeReclaimPolicy is "Recycle", which is deprecated (a basic rm -rf by a scrubber pod); use ' +
        'Retain and clean up yourself, or dynamic provisioning with Delete',
    };
    expect(rule(findings, 'recycle-deprecated')).toEqual([deprecated]);
    expect(
      rule(
        warn([pv({ hostPath: { path: '/srv/data' }, persistentVolumeReclaimPolicy: 'Recycle' })]),
        'recycle-deprecated',
      ),
    ).toEqual([deprecated]);
    expect(
      rule(
        warn([pv({ nfs: { server: 'nfs', path: '/exports' }, persistentVolumeReclaimPolicy: 'Retain' })]),
        'recycle-deprecated',
      ),
    ).toEqual([]);
  });

  it('Recycle on a source with no recycler: accepted by the API server, but the released volume goes Failed', () => {
    const recycle = (sources: string): Finding => ({
      severity: 'warning',
      rule: 'recycle-deprecated',
      object: 'PersistentVolume/pv-1',
      field: 'spec.persistentVolumeReclaimPolicy',
      message:
        `persistentVolumeReclaimPolicy is "Recycle" on a ${sources} volume: only nfs and hostPath volumes have a ` +
        'recycler, so once its claim is released the volume goes Failed (and Recycle is deprecated anyway); use ' +
        'Retain or Delete',
    });
    expect(
      rule(
        warn([pv({ csi: { driver: 'd', volumeHandle: 'h' }, persistentVolumeReclaimPolicy: 'Recycle' })]),
        'recycle-deprecated',
      ),
    ).toEqual([recycle('csi')]);
    // several sources (validate reports the second source): the ones without a recycler are named
    expect(
      rule(
        warn([
          pv({
            csi: { driver: 'd', volumeHandle: 'h' },
            local: { path: '/d' },
            nfs: { server: 'n', path: '/x' },
            persistentVolumeReclaimPolicy: 'Recycle',
          }),
        ]),
        'recycle-deprecated',
      ),
    ).toEqual([recycle('csi, local')]);
  });

  it('a PV with Delete loses its data with the claim: info', () => {
    expect(
      rule(
        warn([pv({ csi: { driver: 'd', volumeHandle: 'h' }, persistentVolumeReclaimPolicy: 'Delete' })]),
        'reclaim-delete',
      ),
    ).toEqual([
      {
        severity: 'info',
        rule: 'reclaim-delete',
        object: 'PersistentVolume/pv-1',
        field: 'spec.persistentVolumeReclaimPolicy',
        message:
          'persistentVolumeReclaimPolicy is "Delete": deleting the bound claim (kubectl delete, a namespace deletion, ' +
          'a GitOps prune) deletes the volume and its data; use Retain for data you keep',
      },
    ]);
    // a static PV defaults to Retain
    expect(rule(warn([pv({ csi: { driver: 'd', volumeHandle: 'h' } })]), 'reclaim-delete')).toEqual([]);
  });

  describe('a StorageClass that deletes what it provisions: info, only when it provisions a claim of the manifests', () => {
    const claim = pvc(['ReadWriteOnce'], 'data');
    const plan = (extra: Partial<ClaimPlan>): ClaimPlan => ({
      namespace: 'shop',
      name: 'data',
      outcome: 'provisioned',
      storageClass: 'fast',
      reason: 'test',
      ...extra,
    });
    const finding = (policy: string): Finding => ({
      severity: 'info',
      rule: 'reclaim-delete',
      object: 'StorageClass/fast',
      field: 'reclaimPolicy',
      message:
        `reclaimPolicy is ${policy}: every volume it provisions is deleted with its claim (kubectl delete, ` +
        'a namespace deletion, a GitOps prune); set reclaimPolicy: Retain for data you keep',
    });

    it('unset, null or "Delete", for a claim it provisions or will provision (WaitForFirstConsumer)', () => {
      const provisioned = [plan({})];
      expect(
        rule(warn([sc({ provisioner: 'ebs.csi.aws.com' }), claim], provisioned), 'reclaim-delete'),
      ).toEqual([finding('unset, which means Delete')]);
      expect(
        rule(
          warn([sc({ provisioner: 'ebs.csi.aws.com', reclaimPolicy: null }), claim], provisioned),
          'reclaim-delete',
        ),
      ).toEqual([finding('unset, which means Delete')]);
      expect(
        rule(
          warn(
            [sc({ provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Delete' }), claim],
            [plan({ outcome: 'waiting' })],
          ),
          'reclaim-delete',
        ),
      ).toEqual([finding('"Delete"')]);
    });

    it('not when it provisions nothing: no claim, a pending or bound claim, another class, or Retain', () => {
      const delClass = sc({ provisioner: 'ebs.csi.aws.com' });
      expect(rule(warn([delClass]), 'reclaim-delete')).toEqual([]);
      expect(rule(warn([delClass, claim], [plan({ outcome: 'pending' })]), 'reclaim-delete')).toEqual([]);
      expect(
        rule(warn([delClass, claim], [plan({ outcome: 'bound', volume: 'pv-1' })]), 'reclaim-delete'),
      ).toEqual([]);
      // waiting for a static volume of the class (WaitForFirstConsumer) provisions nothing
      expect(
        rule(warn([delClass, claim], [plan({ outcome: 'waiting', volume: 'pv-1' })]), 'reclaim-delete'),
      ).toEqual([]);
      expect(rule(warn([delClass, claim], [plan({ storageClass: 'slow' })]), 'reclaim-delete')).toEqual([]);
      expect(
        rule(
          warn([sc({ provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain' }), claim], [plan({})]),
          'reclaim-delete',
        ),
      ).toEqual([]);
    });
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

  it('a ReadWriteOncePod claim: the other pods stay Pending, whatever the nodes (an error)', () => {
    const findings = rule(
      warn([pvc(['ReadWriteOncePod']), deployment(2, [claimVolume()], [mounting('data', '/data')])]),
      'claim-access-mode-shared',
    );
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'claim-access-mode-shared',
        object: 'Deployment/shop/web',
        field: FIELD,
        message:
          'claim "data" (ReadWriteOncePod) is mounted by Deployment/shop/web (2 pods): only one pod can use a ' +
          'ReadWriteOncePod volume: the others stay Pending (the scheduler admits one pod per such claim); use a ' +
          'ReadWriteMany volume to share it, a StatefulSet volumeClaimTemplate for one claim per pod, or a single replica',
      },
    ]);
    // two single-replica workloads: an error too, on the claim
    const other = {
      ...deployment(1, [claimVolume()], [mounting('data', '/data')]),
      metadata: { name: 'worker', namespace: 'shop' },
    };
    expect(
      rule(
        warn([pvc(['ReadWriteOncePod']), deployment(1, [claimVolume()], [mounting('data', '/data')]), other]),
        'claim-access-mode-shared',
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'claim-access-mode-shared',
        object: 'PersistentVolumeClaim/shop/data',
        field: 'spec.accessModes',
        message:
          'claim "data" (ReadWriteOncePod) is mounted by Deployment/shop/web (1 pod), Deployment/shop/worker (1 pod): ' +
          'only one pod can use a ReadWriteOncePod volume: the others stay Pending (the scheduler admits one pod per ' +
          'such claim); use a ReadWriteMany volume to share it, a StatefulSet volumeClaimTemplate for one claim per ' +
          'pod, or a single replica',
      },
    ]);
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

describe('a Deployment rolling out with a ReadWriteOncePod claim (claim-rwop-rollout)', () => {
  const FIELD = 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName';
  const withStrategy = (replicas: number | undefined, strategy?: Obj): Obj =>
    workload('Deployment', [claimVolume()], [mounting('data', '/data')], {
      ...(replicas !== undefined ? { replicas } : {}),
      ...(strategy ? { strategy } : {}),
    });
  const rollout = (manifests: unknown[]): Finding[] => rule(warn(manifests), 'claim-rwop-rollout');
  // An error when the plan sees every value the verdict depends on; a warning when replicas is unset and a
  // percentage decides (an autoscaler may run another count).
  const finding = (unavailable: string, replicas: string, unsetReplicas = false): Finding => ({
    severity: unsetReplicas ? 'warning' : 'error',
    rule: 'claim-rwop-rollout',
    object: 'Deployment/shop/web',
    field: FIELD,
    message:
      `mounts ReadWriteOncePod claim "data" with the RollingUpdate strategy and maxUnavailable ${unavailable}, ` +
      `which is ${replicas}: a rollout starts the new pod before an old one stops, and the new pod cannot use the claim ` +
      'while the old one holds it, so every rollout after the first hangs; use strategy Recreate, or maxUnavailable 1' +
      (unsetReplicas
        ? ' (replicas is unset: judged for 1, as created; an autoscaler or kubectl scale may run more, which the plan cannot see)'
        : ''),
  });
  const rwop = pvc(['ReadWriteOncePod']);

  it('the default strategy: maxUnavailable 25% rounds down to 0 below 4 replicas, maxSurge 25% rounds up to 1', () => {
    expect(rollout([rwop, withStrategy(undefined)])).toEqual([
      finding('25% (the default)', '0 of 1 replica', true),
    ]);
    // absolute numbers do not depend on the replica count: an error even with replicas unset
    expect(
      rollout([rwop, withStrategy(undefined, { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } })]),
    ).toEqual([finding('0', '0 of 1 replica')]);
    expect(rollout([rwop, withStrategy(1, { type: 'RollingUpdate' })])).toEqual([
      finding('25% (the default)', '0 of 1 replica'),
    ]);
    expect(rollout([rwop, withStrategy(3)])).toEqual([finding('25% (the default)', '0 of 3 replicas')]);
    // 4 replicas: 25% is one pod, so an old pod stops first
    expect(rollout([rwop, withStrategy(4)])).toEqual([]);
  });

  it('maxUnavailable given as 0 or a percentage that rounds down to 0', () => {
    expect(rollout([rwop, withStrategy(1, { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } })])).toEqual([
      finding('0', '0 of 1 replica'),
    ]);
    expect(rollout([rwop, withStrategy(1, { rollingUpdate: { maxUnavailable: '50%' } })])).toEqual([
      finding('"50%"', '0 of 1 replica'),
    ]);
  });

  it('no warning when an old pod stops first, or nothing surges, or the claim is not ReadWriteOncePod', () => {
    expect(rollout([rwop, withStrategy(1, { type: 'Recreate' })])).toEqual([]);
    expect(rollout([rwop, withStrategy(1, { rollingUpdate: { maxUnavailable: 1 } })])).toEqual([]);
    expect(rollout([rwop, withStrategy(2, { rollingUpdate: { maxUnavailable: '50%' } })])).toEqual([]);
    // both 0 after rounding: the controller sets maxUnavailable to 1 (ResolveFenceposts)
    expect(rollout([rwop, withStrategy(1, { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } })])).toEqual(
      [],
    );
    expect(
      rollout([rwop, withStrategy(1, { rollingUpdate: { maxUnavailable: '0%', maxSurge: '0%' } })]),
    ).toEqual([]);
    // a value the API server refuses: validation reports it, not this rule
    expect(rollout([rwop, withStrategy(1, { rollingUpdate: { maxUnavailable: 'x' } })])).toEqual([]);
    // no replicas: nothing to roll out (maxSurge 25% of 0 is 0)
    expect(rollout([rwop, withStrategy(0)])).toEqual([]);
    expect(rollout([pvc(['ReadWriteOnce']), withStrategy(1)])).toEqual([]);
    // a claim not among the manifests: its access modes are unknown
    expect(rollout([withStrategy(1)])).toEqual([]);
    // only a Deployment rolls out this way (a StatefulSet stops a pod before it starts its replacement)
    expect(
      rollout([rwop, workload('StatefulSet', [claimVolume()], [mounting('data', '/data')], { replicas: 1 })]),
    ).toEqual([]);
  });
});

describe('claims shared by several pods: node-local volumes', () => {
  const FIELD = 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName';
  const bound: ClaimPlan = {
    namespace: 'shop',
    name: 'data',
    outcome: 'bound',
    volume: 'pv-1',
    reason: 'test',
  };
  const mount = [mounting('data', '/data')];

  it('no Multi-Attach warning for a claim bound to a hostPath or local volume: it is never attached', () => {
    for (const source of [{ hostPath: { path: '/srv/data' } }, { local: { path: '/mnt/disks/ssd1' } }]) {
      expect(
        rule(
          warn([pvc(), pv(source), deployment(3, [claimVolume()], mount)], [bound]),
          'claim-access-mode-shared',
        ),
      ).toEqual([]);
    }
    // a local volume pins the pods to its node: they share it, nothing to warn
    const local = pv({ local: { path: '/mnt/disks/ssd1' } });
    expect(warn([pvc(), local, deployment(3, [claimVolume()], mount)], [bound])).toEqual([]);
    // a hostPath volume is each pod's own node directory: the replicas do not share it
    const hostPath = pv({ hostPath: { path: '/srv/data' } });
    expect(warn([pvc(), hostPath, deployment(3, [claimVolume()], mount)], [bound])).toEqual([
      {
        severity: 'warning',
        rule: 'hostpath-multi-replica',
        object: 'Deployment/shop/web',
        field: FIELD,
        message:
          'claim "data" binds hostPath volume "pv-1" ("/srv/data") and is mounted by Deployment/shop/web (3 pods): ' +
          'a hostPath volume is a directory of whichever node a pod lands on, so pods on different nodes do not share ' +
          'data and a rescheduled pod loses what it wrote; use a ReadWriteMany volume to share data, or pin the pods ' +
          'to one node (a local volume with nodeAffinity)',
      },
    ]);
  });

  it('but a ReadWriteOncePod claim still runs one pod, whatever the volume', () => {
    const local = pv({ local: { path: '/mnt/disks/ssd1' }, accessModes: ['ReadWriteOncePod'] });
    expect(
      rule(
        warn([pvc(['ReadWriteOncePod']), local, deployment(3, [claimVolume()], mount)], [bound]),
        'claim-access-mode-shared',
      ),
    ).toEqual([
      {
        severity: 'error',
        rule: 'claim-access-mode-shared',
        object: 'Deployment/shop/web',
        field: FIELD,
        message:
          'claim "data" (ReadWriteOncePod) is mounted by Deployment/shop/web (3 pods): only one pod can use a ' +
          'ReadWriteOncePod volume: the others stay Pending (the scheduler admits one pod per such claim); use a ' +
          'ReadWriteMany volume to share it, a StatefulSet volumeClaimTemplate for one claim per pod, or a single replica',
      },
    ]);
  });

  it('an attachable volume (CSI) still gets the Multi-Attach warning, in a ReplicationController too', () => {
    const message = (object: string): string =>
      `claim "data" (ReadWriteOnce) is mounted by ${object} (3 pods): a ReadWriteOnce volume attaches to one node ` +
      'at a time: pods scheduled on another node stay ContainerCreating with a Multi-Attach error; use a ' +
      'ReadWriteMany volume to share it, a StatefulSet volumeClaimTemplate for one claim per pod, or a single replica';
    const csi = pv({ csi: { driver: 'd', volumeHandle: 'h' } });
    expect(
      rule(warn([pvc(), csi, deployment(3, [claimVolume()], mount)], [bound]), 'claim-access-mode-shared'),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'claim-access-mode-shared',
        object: 'Deployment/shop/web',
        field: FIELD,
        message: message('Deployment/shop/web'),
      },
    ]);
    const rc = {
      ...workload('ReplicationController', [claimVolume()], mount, { replicas: 3 }),
      apiVersion: 'v1',
    };
    expect(rule(warn([pvc(), rc]), 'claim-access-mode-shared')).toEqual([
      {
        severity: 'warning',
        rule: 'claim-access-mode-shared',
        object: 'ReplicationController/shop/web',
        field: FIELD,
        message: message('ReplicationController/shop/web'),
      },
    ]);
  });
});

describe('hostPath', () => {
  it('in a ReplicationController with several replicas, as in a ReplicaSet', () => {
    const rc = {
      ...workload(
        'ReplicationController',
        [{ name: 'c', hostPath: { path: '/srv/cache' } }],
        [mounting('c', '/cache')],
        {
          replicas: 3,
        },
      ),
      apiVersion: 'v1',
    };
    expect(rule(warn([rc]), 'hostpath-multi-replica')).toEqual([
      {
        severity: 'warning',
        rule: 'hostpath-multi-replica',
        object: 'ReplicationController/shop/web',
        field: 'spec.template.spec.volumes[0].hostPath.path',
        message:
          'hostPath volume "c" ("/srv/cache") in a ReplicationController with 3 replicas: each pod sees the directory ' +
          'of whichever node it lands on, so replicas do not share data and a rescheduled pod loses what it wrote; use ' +
          'a PersistentVolumeClaim (ReadWriteMany to share), or a DaemonSet for per-node agents',
      },
    ]);
  });

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

describe('hostPath: the refined table (hostPathExposure) and node system paths', () => {
  const FIELD = 'spec.template.spec.volumes[0].hostPath.path';
  const daemon = (path: string, readOnly: boolean | boolean[]): Obj => {
    const flags = Array.isArray(readOnly) ? readOnly : [readOnly];
    return workload(
      'DaemonSet',
      [{ name: 'h', hostPath: { path } }],
      flags.map((ro, i) => ({
        ...mounting('h', '/host', ro ? { readOnly: true } : {}),
        name: i === 0 ? 'app' : `side${i}`,
      })),
    );
  };
  const sensitive = (manifests: unknown[]): Finding[] => rule(warn(manifests), 'hostpath-sensitive');
  const strong = (path: string, why: string, who: string): Finding => ({
    severity: 'warning',
    rule: 'hostpath-sensitive',
    object: 'DaemonSet/shop/web',
    field: FIELD,
    message:
      `hostPath volume "h" ("${path}") exposes ${why}, ${who}: whoever controls this pod controls the node; keep ` +
      'it out of application pods, narrow the path, and mount it readOnly: true where it is only read',
  });
  const SOCKET_RO = 'mounted read-only, which does not stop a pod from connecting to a socket';

  it.each([
    '/etc/ssl/certs',
    '/etc/pki/tls/certs',
    '/etc/ca-certificates',
    '/etc/selinux',
    '/etc/localtime',
    '/etc/machine-id',
    '/etc/os-release',
    '/sys',
    '/sys/fs/cgroup',
    '/boot',
  ])('%s mounted read-only gives nothing away: no finding', (path) => {
    expect(sensitive([daemon(path, true)])).toEqual([]);
    expect(sensitive([daemon(path, [true, true])])).toEqual([]);
  });

  it('the same paths mounted writable (by any container) are reported', () => {
    expect(sensitive([daemon('/sys', false)])).toEqual([
      strong('/sys', 'the kernel and devices of the node', 'mounted writable by container "app"'),
    ]);
    expect(sensitive([daemon('/etc/ssl/certs', [true, false])])).toEqual([
      strong('/etc/ssl/certs', "the node's trusted CA certificates", 'mounted writable by container "side1"'),
    ]);
  });

  it("a CSI driver's own directory under /var/lib/kubelet/plugins is not sensitive; plugins/ itself is", () => {
    expect(sensitive([daemon('/var/lib/kubelet/plugins/ebs.csi.aws.com', false)])).toEqual([]);
    expect(sensitive([daemon('/var/lib/kubelet/plugins', true)])).toEqual([
      strong('/var/lib/kubelet/plugins', "every CSI driver's sockets and staged volumes", SOCKET_RO),
    ]);
    expect(sensitive([daemon('/var/lib/kubelet/plugins_registry', false)])).toEqual([
      strong(
        '/var/lib/kubelet/plugins_registry',
        'the kubelet plugin registration sockets',
        'mounted writable by container "app"',
      ),
    ]);
  });

  it('a parent of a sensitive path exposes it, and says which', () => {
    expect(sensitive([daemon('/var', true)])).toEqual([
      strong('/var', 'the Docker socket: root on the node (/var/run/docker.sock is inside it)', SOCKET_RO),
    ]);
    expect(sensitive([daemon('/var/lib', false)])).toEqual([
      strong(
        '/var/lib',
        "the kubelet's pods, volumes and credentials (/var/lib/kubelet is inside it)",
        'mounted writable by container "app"',
      ),
    ]);
    expect(sensitive([daemon('/run', false)])).toEqual([
      strong(
        '/run',
        'the Docker socket: root on the node (/run/docker.sock is inside it)',
        'mounted writable by container "app"',
      ),
    ]);
  });

  it("the node's syslog socket (/dev/log) is what log agents mount: no finding", () => {
    expect(sensitive([daemon('/dev/log', true)])).toEqual([]);
    expect(sensitive([daemon('/dev/log', false)])).toEqual([]);
  });

  describe("hostpath-multi-replica: only for data a replica writes, not for the node's own directories", () => {
    const replicated = (path: string, readOnly: boolean): Obj =>
      deployment(
        3,
        [{ name: 'h', hostPath: { path } }],
        [mounting('h', '/h', readOnly ? { readOnly: true } : {})],
      );
    const multi = (manifests: unknown[]): Finding[] => rule(warn(manifests), 'hostpath-multi-replica');

    it('a writable application directory', () => {
      expect(multi([replicated('/srv/cache', false)])).toEqual([
        {
          severity: 'warning',
          rule: 'hostpath-multi-replica',
          object: 'Deployment/shop/web',
          field: FIELD,
          message:
            'hostPath volume "h" ("/srv/cache") in a Deployment with 3 replicas: each pod sees the directory of ' +
            'whichever node it lands on, so replicas do not share data and a rescheduled pod loses what it wrote; ' +
            'use a PersistentVolumeClaim (ReadWriteMany to share), or a DaemonSet for per-node agents',
        },
      ]);
    });

    it('not when every mount is read-only', () => {
      expect(multi([replicated('/srv/cache', true)])).toEqual([]);
    });

    it.each([
      '/var/log',
      '/var/log/pods',
      '/lib/modules',
      '/usr/src',
      '/run/udev',
      '/etc/localtime',
      '/dev/fuse',
      '/var/lib/kubelet/plugins/x',
    ])('not for the node system path %s, even writable', (path) => {
      expect(multi([replicated(path, false)])).toEqual([]);
    });
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

  it("a StatefulSet pod volume named like one of its volumeClaimTemplates is that replica's claim", () => {
    // the controller replaces the volume with the replica's claim (data-db-0, ...), whatever claimName says
    const set = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: {
        replicas: 2,
        template: {
          spec: {
            volumes: [
              claimVolume('whatever'),
              { name: 'logs', persistentVolumeClaim: { claimName: 'logs' } },
            ],
            containers: [
              container({
                volumeMounts: [
                  { name: 'data', mountPath: '/data' },
                  { name: 'logs', mountPath: '/logs' },
                ],
              }),
            ],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }],
      },
    };
    expect(rule(warn([set]), 'claim-missing')).toEqual([
      {
        severity: 'warning',
        rule: 'claim-missing',
        object: 'StatefulSet/shop/db',
        field: 'spec.template.spec.volumes[1].persistentVolumeClaim.claimName',
        message:
          'volume "logs" mounts claim "logs", which is not in the manifests (namespace shop): the pod stays Pending ' +
          'until that PersistentVolumeClaim exists; add it or fix the name',
      },
    ]);
    // the same volume in a Deployment is an ordinary claim reference
    expect(
      rule(warn([deployment(1, [claimVolume('whatever')], [mounting('data', '/data')])]), 'claim-missing'),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'claim-missing',
        object: 'Deployment/shop/web',
        field: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
        message:
          'volume "data" mounts claim "whatever", which is not in the manifests (namespace shop): the pod stays ' +
          'Pending until that PersistentVolumeClaim exists; add it or fix the name',
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

  describe('prune protection (info), where a prune deletes data', () => {
    const CLAIM_PRUNE =
      'no GitOps prune protection: if the claim leaves the repository, Argo CD or Flux deletes it, and with reclaim ' +
      'policy Delete its volume and data go too; annotate argocd.argoproj.io/sync-options: Prune=false (Argo CD) or ' +
      'kustomize.toolkit.fluxcd.io/prune: disabled (Flux)';
    const VOLUME_PRUNE =
      'no GitOps prune protection: if it leaves the repository, Argo CD or Flux deletes it; annotate ' +
      'argocd.argoproj.io/sync-options: Prune=false (Argo CD) or kustomize.toolkit.fluxcd.io/prune: disabled (Flux)';
    const info = (object: string, message: string): Finding => ({
      severity: 'info',
      rule: 'prune-unprotected',
      object,
      field: 'metadata.annotations',
      message,
    });
    const bare = (): Obj => pvc(['ReadWriteOnce'], 'data', {});
    const nfs = (policy?: string): Obj =>
      pv(
        { nfs: { server: 'n', path: '/x' }, ...(policy ? { persistentVolumeReclaimPolicy: policy } : {}) },
        {},
      );
    const bound: ClaimPlan = {
      namespace: 'shop',
      name: 'data',
      outcome: 'bound',
      volume: 'pv-1',
      reason: 'test',
    };
    const provisioned = (outcome: ClaimPlan['outcome'] = 'provisioned'): ClaimPlan => ({
      namespace: 'shop',
      name: 'data',
      outcome,
      storageClass: 'fast',
      reason: 'test',
    });

    it('a volume with reclaim policy Delete, and a claim bound to it', () => {
      expect(rule(warn([bare(), nfs('Delete')], [bound]), 'prune-unprotected')).toEqual([
        info('PersistentVolume/pv-1', VOLUME_PRUNE),
        info('PersistentVolumeClaim/shop/data', CLAIM_PRUNE),
      ]);
    });

    it('not a volume that keeps its data (Retain, Recycle or unset), nor a claim bound to one', () => {
      for (const policy of [undefined, 'Retain', 'Recycle']) {
        expect(rule(warn([bare(), nfs(policy)], [bound]), 'prune-unprotected')).toEqual([]);
      }
    });

    it('a claim a class of the manifests provisions with Delete (or unset), now or at first use', () => {
      for (const reclaimPolicy of [undefined, null, 'Delete']) {
        const cls = sc({ provisioner: 'ebs.csi.aws.com', reclaimPolicy });
        expect(rule(warn([bare(), cls], [provisioned()]), 'prune-unprotected')).toEqual([
          info('PersistentVolumeClaim/shop/data', CLAIM_PRUNE),
        ]);
        expect(rule(warn([bare(), cls], [provisioned('waiting')]), 'prune-unprotected')).toEqual([
          info('PersistentVolumeClaim/shop/data', CLAIM_PRUNE),
        ]);
      }
    });

    it('not a claim whose data is kept or unknown: Retain class, class or volume outside the manifests, pending, unplanned', () => {
      const retain = sc({ provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain' });
      expect(rule(warn([bare(), retain], [provisioned()]), 'prune-unprotected')).toEqual([]);
      expect(rule(warn([bare()], [provisioned()]), 'prune-unprotected')).toEqual([]);
      expect(rule(warn([bare()], [bound]), 'prune-unprotected')).toEqual([]);
      const del = sc({ provisioner: 'ebs.csi.aws.com' });
      expect(
        rule(warn([bare(), del], [{ ...provisioned('pending'), reason: 'test' }]), 'prune-unprotected'),
      ).toEqual([]);
      expect(rule(warn([bare(), del]), 'prune-unprotected')).toEqual([]);
    });

    it('Argo CD Prune=false or Flux prune: disabled protects', () => {
      const del = sc({ provisioner: 'ebs.csi.aws.com' });
      const flux = pvc(['ReadWriteOnce'], 'data', { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
      const argo = pvc(['ReadWriteOnce'], 'data', {
        'argocd.argoproj.io/sync-options': 'ServerSideApply=true, Prune=false',
      });
      expect(rule(warn([flux, del], [provisioned()]), 'prune-unprotected')).toEqual([]);
      expect(rule(warn([argo, del], [provisioned()]), 'prune-unprotected')).toEqual([]);
      const protectedPv = pv(
        { nfs: { server: 'n', path: '/x' }, persistentVolumeReclaimPolicy: 'Delete' },
        { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
      );
      expect(rule(warn([protectedPv]), 'prune-unprotected')).toEqual([]);
    });
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
