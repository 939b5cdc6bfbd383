import { planStorage } from '../../src/plan/plan';
import type { Finding, StoragePlan } from '../../src/plan/types';

/*
 * What the target Kubernetes minor does with volume sources, in-tree provisioners and gated fields
 * (src/plan/version-rules.ts), through planStorage with `kubernetesVersion`, as every user meets it.
 */

type Obj = Record<string, any>;

/** The rules this file is about, and the schema's, which takes over where a field does not exist yet. */
const VERSION_RULES = new Set([
  'source-removed',
  'source-migrated',
  'source-deprecated',
  'field-gated',
  'schema-invalid',
  'api-version-unserved',
]);

function plan(manifests: unknown[], kubernetesVersion: string): StoragePlan {
  return planStorage(manifests, { kubernetesVersion });
}

/** The version (and schema) findings of the plan, in the plan's order. */
function versionFindings(manifests: unknown[], kubernetesVersion: string): Finding[] {
  return plan(manifests, kubernetesVersion).findings.filter((f) => VERSION_RULES.has(f.rule));
}

const pod = (volumes: Obj[], spec: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns' },
  spec: { containers: [{ name: 'c', image: 'nginx' }], volumes, ...spec },
});

const storageClass = (provisioner: string, name = 'old'): Obj => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner,
  reclaimPolicy: 'Retain',
});

const claim = (spec: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'ns' },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
    storageClassName: 'old',
    ...spec,
  },
});

const CEPHFS_NOTE =
  'the cephfs volume type is non-functional; a re-deployment with the CephFS CSI driver is needed';
const cephfsRemoved = (version: string, since: string): string =>
  `volume source cephfs is removed in Kubernetes ${version}${since}, with no CSI migration: the API server accepts ` +
  `the object, but nothing mounts or provisions it: ${CEPHFS_NOTE}. Use a CSI driver for this storage`;

describe('a removed source: cephfs (deprecated in 1.28, removed in 1.31)', () => {
  const cephfs = [pod([{ name: 'v', cephfs: { monitors: ['10.0.0.1:6789'] } }])];

  test('1.27: it works, nothing to say', () => {
    expect(versionFindings(cephfs, '1.27')).toEqual([]);
  });

  test.each(['1.28', '1.30'])('%s: deprecated, a warning naming its replacement', (version) => {
    expect(versionFindings(cephfs, version)).toEqual([
      {
        severity: 'warning',
        rule: 'source-deprecated',
        object: 'Pod/ns/p',
        field: 'spec.volumes[0].cephfs',
        message:
          'volume source cephfs is deprecated (since 1.28): no CSI migration (KEP-2924 withdrawn); the CephFS CSI ' +
          'driver (cephfs.csi.ceph.com, ceph/ceph-csi) needs a re-created volume',
      },
    ]);
  });

  test('1.31, the minor that removed it: an error, no "since"', () => {
    expect(versionFindings(cephfs, '1.31')).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'Pod/ns/p',
        field: 'spec.volumes[0].cephfs',
        message: cephfsRemoved('1.31', ''),
      },
    ]);
  });

  test('1.36: an error, removed since 1.31', () => {
    expect(versionFindings(cephfs, '1.36')).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'Pod/ns/p',
        field: 'spec.volumes[0].cephfs',
        message: cephfsRemoved('1.36', ' (since 1.31)'),
      },
    ]);
  });

  test('a PersistentVolume with cephfs: the same, on spec.cephfs', () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteMany'],
        persistentVolumeReclaimPolicy: 'Retain',
        cephfs: { monitors: ['10.0.0.1:6789'] },
      },
    };
    expect(versionFindings([pv], '1.32')).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'PersistentVolume/pv',
        field: 'spec.cephfs',
        message: cephfsRemoved('1.32', ' (since 1.31)'),
      },
    ]);
  });
});

describe('gitRepo: deprecated, off by default from 1.33, removed in 1.36', () => {
  const gitRepo = [pod([{ name: 'web', gitRepo: { repository: 'https://example.com/site.git' } }])];
  const deprecated =
    'volume source gitRepo is deprecated (since 1.11): runs git on the node as root; clone in an init container into an emptyDir instead';
  const off = (version: string): string =>
    `volume source gitRepo is off by default in Kubernetes ${version} (feature gate GitRepoVolumeDriver): the kubelet ` +
    'refuses gitRepo volumes unless its GitRepoVolumeDriver gate is turned back on; the API server still accepts the ' +
    'pod. It works only where the cluster turns the gate on, which the plan cannot see';

  test.each(['1.27', '1.32'])('%s: deprecated, a warning', (version) => {
    expect(versionFindings(gitRepo, version)).toEqual([
      {
        severity: 'warning',
        rule: 'source-deprecated',
        object: 'Pod/ns/p',
        field: 'spec.volumes[0].gitRepo',
        message: deprecated,
      },
    ]);
  });

  test.each(['1.33', '1.35'])(
    '%s: off by default, a warning naming the gate (no second field-gated finding)',
    (version) => {
      expect(versionFindings(gitRepo, version)).toEqual([
        {
          severity: 'warning',
          rule: 'source-deprecated',
          object: 'Pod/ns/p',
          field: 'spec.volumes[0].gitRepo',
          message: off(version),
        },
      ]);
    },
  );

  test('1.36: removed, an error with the init-container remediation', () => {
    expect(versionFindings(gitRepo, '1.36')).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'Pod/ns/p',
        field: 'spec.volumes[0].gitRepo',
        message:
          'volume source gitRepo is removed in Kubernetes 1.36: GitRepoVolumeDriver is locked to false: no cluster can ' +
          'run gitRepo volumes (the driver code itself is removed in 1.39 per KEP-5040); the API server still accepts ' +
          'the pod. Clone in an init container into an emptyDir instead (GitClonePod and GitRepoVolume do it)',
      },
    ]);
  });

  test('the default version is 1.36: removed', () => {
    expect(
      planStorage(gitRepo)
        .findings.filter((f) => VERSION_RULES.has(f.rule))
        .map((f) => f.rule),
    ).toEqual(['source-removed']);
  });
});

describe('migrated: the in-tree plugin is gone, CSI migration redirects to a driver the plan cannot see', () => {
  const migrated = (what: string, version: string, since: string, driver: string): string =>
    `${what} is served only through CSI migration in Kubernetes ${version} (since ${since}): it works only where the ` +
    `CSI driver ${driver} is installed, which the plan cannot see; use the CSI driver ${driver} directly`;

  test.each(['1.27', '1.36'])('%s: an awsElasticBlockStore pod volume names ebs.csi.aws.com', (version) => {
    expect(
      versionFindings([pod([{ name: 'v', awsElasticBlockStore: { volumeID: 'vol-1' } }])], version),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'source-migrated',
        object: 'Pod/ns/p',
        field: 'spec.volumes[0].awsElasticBlockStore',
        message: migrated('volume source awsElasticBlockStore', version, '1.25', 'ebs.csi.aws.com'),
      },
    ]);
  });

  test.each(['1.27', '1.30'])(
    '%s: a kubernetes.io/aws-ebs StorageClass names ebs.csi.aws.com, on provisioner',
    (version) => {
      expect(versionFindings([storageClass('kubernetes.io/aws-ebs')], version)).toEqual([
        {
          severity: 'warning',
          rule: 'source-migrated',
          object: 'StorageClass/old',
          field: 'provisioner',
          message: migrated('provisioner "kubernetes.io/aws-ebs"', version, '1.25', 'ebs.csi.aws.com'),
        },
      ]);
    },
  );

  test('portworx: deprecated until 1.30, migrated from 1.31 (pxd.portworx.com)', () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'px' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        portworxVolume: { volumeID: 'v1' },
      },
    };
    expect(versionFindings([pv], '1.30')).toEqual([
      {
        severity: 'warning',
        rule: 'source-deprecated',
        object: 'PersistentVolume/px',
        field: 'spec.portworxVolume',
        message:
          'volume source portworxVolume is deprecated (since 1.25): the in-tree plugin serves it; CSI migration is beta ' +
          'but off by default',
      },
    ]);
    expect(versionFindings([pv], '1.31')).toEqual([
      {
        severity: 'warning',
        rule: 'source-migrated',
        object: 'PersistentVolume/px',
        field: 'spec.portworxVolume',
        message: migrated('volume source portworxVolume', '1.31', '1.31', 'pxd.portworx.com'),
      },
    ]);
  });

  test('working sources and external or no-provisioner classes: nothing', () => {
    const manifests = [
      pod([
        { name: 'a', emptyDir: {} },
        { name: 'b', nfs: { server: 'nfs.local', path: '/x' } },
        { name: 'c', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'd', csi: { driver: 'ebs.csi.aws.com' } },
      ]),
      storageClass('ebs.csi.aws.com', 'csi'),
      storageClass('kubernetes.io/no-provisioner', 'local'),
      { ...storageClass('', 'empty'), provisioner: undefined },
      claim({ storageClassName: 'csi' }),
    ];
    for (const version of ['1.27', '1.31', '1.36']) expect(versionFindings(manifests, version)).toEqual([]);
  });
});

describe('an image volume: a field of 1.31 on, off by default until 1.34', () => {
  const image = [
    pod([{ name: 'models', image: { reference: 'quay.io/models/llm:1', pullPolicy: 'IfNotPresent' } }]),
  ];

  test('1.30: the field does not exist: the schema says so, and no version finding', () => {
    expect(versionFindings(image, '1.30')).toEqual([
      {
        severity: 'error',
        rule: 'schema-invalid',
        object: 'Pod/ns/p',
        field: 'spec.volumes[0].image',
        message: 'unknown field "image"',
      },
    ]);
  });

  test('1.33: off by default, a warning naming the gate and what the API server does without it', () => {
    expect(versionFindings(image, '1.33')).toEqual([
      {
        severity: 'warning',
        rule: 'source-deprecated',
        object: 'Pod/ns/p',
        field: 'spec.volumes[0].image',
        message:
          'volume source image is off by default in Kubernetes 1.33 (feature gate ImageVolume): alpha (1.31-1.32), then ' +
          'beta but off by default (1.33-1.34): with the gate off the API server silently drops the volume and every ' +
          'mount of it (dropImageVolumes). It works only where the cluster turns the gate on, which the plan cannot see',
      },
    ]);
  });

  test.each(['1.35', '1.36'])('%s: on by default, nothing', (version) => {
    expect(versionFindings(image, version)).toEqual([]);
  });
});

describe('a removed provisioner: kubernetes.io/scaleio', () => {
  test('an error on the class; its claim Pending with why, and no finding of its own', () => {
    const p = plan(
      [
        storageClass('kubernetes.io/scaleio'),
        claim(),
        pod([{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }]),
      ],
      '1.30',
    );
    expect(p.claims).toEqual([
      {
        namespace: 'ns',
        name: 'data',
        outcome: 'pending',
        storageClass: 'old',
        reason:
          'stays Pending: no static volume fits, and StorageClass "old" has provisioner kubernetes.io/scaleio, removed ' +
          'from Kubernetes in 1.22: nothing provisions its claims.',
      },
    ]);
    expect(p.findings.filter((f) => f.rule !== 'pod-security' && f.rule !== 'prune-unprotected')).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'StorageClass/old',
        field: 'provisioner',
        message:
          'provisioner "kubernetes.io/scaleio" is removed in Kubernetes 1.30 (since 1.22), with no CSI migration: the API ' +
          'server accepts the object, but nothing mounts or provisions it: no in-tree provisioner: ' +
          'pkg/controller/volume/persistentvolume/pv_controller.go findProvisionablePlugin: a kubernetes.io/ name with no ' +
          'provisionable in-tree plugin is an error, reported as ProvisioningFailed "no volume plugin matched name: ..." ' +
          '(kubernetes#113811). Use a CSI driver for this storage',
      },
    ]);
    expect(p.findings.filter((f) => f.object === 'PersistentVolumeClaim/ns/data')).toEqual([]);
  });
});

describe('field-gated: a field whose feature gate the minor leaves off by default', () => {
  const vac = (version: string, state: string): Finding => ({
    severity: 'warning',
    rule: 'field-gated',
    object: 'PersistentVolumeClaim/ns/data',
    field: 'spec.volumeAttributesClassName',
    message:
      `spec.volumeAttributesClassName needs the feature gate VolumeAttributesClass, which Kubernetes ${version} leaves ` +
      `off by default (${state}): unless the cluster turns it on, the API server drops the field: cleared on create ` +
      '(kept on update only if the stored claim had it): the volume gets the class defaults, not the attributes ' +
      'asked for. A StatefulSet volumeClaimTemplate or an ephemeral volume template loses it when its claim is created',
  });
  const withVac = [storageClass('ebs.csi.aws.com'), claim({ volumeAttributesClassName: 'fast' })];

  test('volumeAttributesClassName on a claim: 1.30 alpha and 1.31 beta, off: a warning', () => {
    expect(versionFindings(withVac, '1.30')).toEqual([vac('1.30', 'alpha')]);
    expect(versionFindings(withVac, '1.31')).toEqual([vac('1.31', 'beta-off')]);
  });

  test('1.34: GA, nothing', () => {
    expect(versionFindings(withVac, '1.34')).toEqual([]);
  });

  test('in an ephemeral volume template or a StatefulSet claim template: the claim made from it loses it', () => {
    const tpl = {
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        volumeAttributesClassName: 'fast',
      },
    };
    const eph = pod([{ name: 'scratch', ephemeral: { volumeClaimTemplate: tpl } }]);
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'ns' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, ...tpl }],
      },
    };
    const gated = (version: string) =>
      versionFindings([eph, sts], version)
        .filter((f) => f.rule === 'field-gated')
        .map((f) => [f.object, f.field]);
    expect(gated('1.33')).toEqual([
      ['Pod/ns/p', 'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.volumeAttributesClassName'],
      ['StatefulSet/ns/db', 'spec.volumeClaimTemplates[0].spec.volumeAttributesClassName'],
    ]);
    expect(gated('1.34')).toEqual([]);
  });

  test('1.34, the gate on: the name is validated, and a PersistentVolume using one needs a csi source (ValidatePersistentVolumeSpec)', () => {
    const judged = (manifests: unknown[], version: string) =>
      plan(manifests, version).findings.filter(
        (f) => f.field?.startsWith('spec.volumeAttributesClassName') || f.field === 'spec.csi',
      );
    const hostPathPv = (name: unknown): Obj => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/data' },
        volumeAttributesClassName: name,
      },
    });
    const csiPv = (name: string): Obj => ({
      ...hostPathPv(name),
      spec: {
        ...hostPathPv(name).spec,
        hostPath: undefined,
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' },
      },
    });
    expect(judged([hostPathPv('')], '1.34')).toEqual([
      {
        severity: 'error',
        rule: 'required-field',
        object: 'PersistentVolume/pv',
        field: 'spec.csi',
        message:
          'a PersistentVolume with volumeAttributesClassName "" needs a csi source (it has hostPath): volume attributes classes are applied by CSI drivers only',
      },
      {
        severity: 'error',
        rule: 'required-field',
        object: 'PersistentVolume/pv',
        field: 'spec.volumeAttributesClassName',
        message:
          'a PersistentVolume\'s volumeAttributesClassName is ""; an empty string is disallowed: name a VolumeAttributesClass or leave the field out',
      },
    ]);
    expect(judged([csiPv('gold')], '1.34')).toEqual([]);
    const badName = {
      severity: 'error',
      rule: 'name-invalid',
      field: 'spec.volumeAttributesClassName',
      message: expect.stringMatching(/^volumeAttributesClassName is "Gold_1"; a DNS-1123 subdomain /),
    };
    expect(judged([csiPv('Gold_1')], '1.36')).toEqual([{ ...badName, object: 'PersistentVolume/pv' }]);
    expect(judged([claim({ volumeAttributesClassName: 'Gold_1' })], '1.34')).toEqual([
      { ...badName, object: 'PersistentVolumeClaim/ns/data' },
    ]);
    // On a claim, "" asks for no class: allowed.
    expect(judged([claim({ volumeAttributesClassName: '' })], '1.34')).toEqual([]);
    // 1.33: the gate is off by default and the field dropped on create: field-gated says so, nothing else.
    expect(judged([hostPathPv('')], '1.33').map((f) => f.rule)).toEqual(['field-gated']);
  });

  test('1.27: the field does not exist yet: only the schema finding', () => {
    expect(versionFindings(withVac, '1.27')).toEqual([
      {
        severity: 'error',
        rule: 'schema-invalid',
        object: 'PersistentVolumeClaim/ns/data',
        field: 'spec.volumeAttributesClassName',
        message: 'unknown field "volumeAttributesClassName"',
      },
    ]);
  });

  test('a field with a value the gate does not decide: nothing (seLinuxChangePolicy Recursive needs no SELinuxMount)', () => {
    const recursive = [pod([], { securityContext: { seLinuxChangePolicy: 'Recursive' } })];
    expect(versionFindings(recursive, '1.33')).toEqual([]);
    expect(versionFindings(recursive, '1.36')).toEqual([]);
  });

  test('the value the gate decides: seLinuxChangePolicy MountOption at 1.34, the API server rejects it', () => {
    const mountOption = [pod([], { securityContext: { seLinuxChangePolicy: 'MountOption' } })];
    expect(versionFindings(mountOption, '1.34')).toEqual([
      {
        severity: 'warning',
        rule: 'field-gated',
        object: 'Pod/ns/p',
        field: 'spec.securityContext.seLinuxChangePolicy',
        message:
          'spec.securityContext.seLinuxChangePolicy needs the feature gate SELinuxMount, which Kubernetes 1.34 leaves off ' +
          'by default (beta-off): unless the cluster turns it on, the API server rejects the object: while SELinuxMount ' +
          'is off only Recursive is a valid value (unless the stored object already had a policy)',
      },
    ]);
  });

  // A gated field's `requires` gate is read: in 1.30-1.31 seLinuxChangePolicy does not exist
  // (SELinuxChangePolicy is absent) and only the schema reports it; in 1.32 SELinuxChangePolicy is
  // off, so the API server drops the field before validation could reject MountOption.
  test('a field whose required gate is absent or off: only the schema or the required gate speaks', () => {
    const mountOption = [pod([], { securityContext: { seLinuxChangePolicy: 'MountOption' } })];
    expect(versionFindings(mountOption, '1.31').map((f) => f.rule)).toEqual(['schema-invalid']);
    expect(versionFindings(mountOption, '1.32').map((f) => f.message.split(',')[0])).toEqual([
      'spec.securityContext.seLinuxChangePolicy needs the feature gate SELinuxChangePolicy',
    ]);
  });

  test('a dropped pod field in a container list: every place of it, by index', () => {
    const mounts = [
      pod([{ name: 'e', emptyDir: {} }], {
        containers: [
          { name: 'a', image: 'nginx', volumeMounts: [{ name: 'e', mountPath: '/e' }] },
          {
            name: 'b',
            image: 'nginx',
            volumeMounts: [
              { name: 'e', mountPath: '/x' },
              { name: 'e', mountPath: '/y', readOnly: true, recursiveReadOnly: 'Enabled' },
            ],
          },
        ],
      }),
    ];
    expect(versionFindings(mounts, '1.30')).toEqual([
      {
        severity: 'warning',
        rule: 'field-gated',
        object: 'Pod/ns/p',
        field: 'spec.containers[1].volumeMounts[1].recursiveReadOnly',
        message:
          'spec.containers[1].volumeMounts[1].recursiveReadOnly needs the feature gate RecursiveReadOnlyMounts, which ' +
          'Kubernetes 1.30 leaves off by default (alpha): unless the cluster turns it on, the API server drops the ' +
          'field: cleared in containers, init containers and ephemeral containers: submounts stay writable',
      },
    ]);
    expect(versionFindings(mounts, '1.31')).toEqual([]); // beta, on
    expect(versionFindings(mounts, '1.29').map((f) => [f.rule, f.field])).toEqual([
      ['schema-invalid', 'spec.containers[1].volumeMounts[1].recursiveReadOnly'],
    ]);
  });

  test('a StatefulSet field: spec.updateStrategy.rollingUpdate.maxUnavailable', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'ns' },
      spec: {
        serviceName: 'db',
        replicas: 3,
        selector: { matchLabels: { app: 'db' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'db', image: 'postgres' }] },
        },
      },
    };
    const found = versionFindings([sts], '1.30');
    expect(found.map((f) => [f.severity, f.rule, f.object, f.field])).toEqual([
      ['warning', 'field-gated', 'StatefulSet/ns/db', 'spec.updateStrategy.rollingUpdate.maxUnavailable'],
    ]);
    expect(found[0].message).toBe(
      'spec.updateStrategy.rollingUpdate.maxUnavailable needs the feature gate MaxUnavailableStatefulSet, which ' +
        'Kubernetes 1.30 leaves off by default (alpha): unless the cluster turns it on, the API server drops the field: ' +
        'cleared: the rolling update replaces one pod at a time',
    );
  });
});

describe('workloads: the finding is on the pod template path', () => {
  const template = (volumes: Obj[], spec: Obj = {}): Obj => ({
    metadata: { labels: { app: 'w' } },
    spec: { containers: [{ name: 'c', image: 'nginx' }], volumes, ...spec },
  });
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'ns' },
    spec: {
      selector: { matchLabels: { app: 'w' } },
      template: template([
        { name: 'g', gitRepo: { repository: 'https://example.com/x.git' } },
        { name: 'e', emptyDir: {} },
        { name: 'a', azureDisk: { diskName: 'd', diskURI: 'https://example.com/d' } },
      ]),
    },
  };
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cj', namespace: 'ns' },
    spec: {
      schedule: '0 * * * *',
      jobTemplate: {
        spec: {
          template: template(
            [
              { name: 'e', emptyDir: {} },
              { name: 'c', cephfs: { monitors: ['10.0.0.1:6789'] } },
            ],
            {
              restartPolicy: 'Never',
              securityContext: { seLinuxChangePolicy: 'MountOption' },
            },
          ),
        },
      },
    },
  };

  test('Deployment and CronJob sources and gated fields, at 1.33', () => {
    expect(versionFindings([deployment, cronJob], '1.33')).toEqual([
      {
        severity: 'error',
        rule: 'source-removed',
        object: 'CronJob/ns/cj',
        field: 'spec.jobTemplate.spec.template.spec.volumes[1].cephfs',
        message: cephfsRemoved('1.33', ' (since 1.31)'),
      },
      {
        severity: 'warning',
        rule: 'field-gated',
        object: 'CronJob/ns/cj',
        field: 'spec.jobTemplate.spec.template.spec.securityContext.seLinuxChangePolicy',
        message:
          'spec.jobTemplate.spec.template.spec.securityContext.seLinuxChangePolicy needs the feature gate SELinuxMount, ' +
          'which Kubernetes 1.33 leaves off by default (beta-off): unless the cluster turns it on, the API server ' +
          'rejects the object: while SELinuxMount is off only Recursive is a valid value (unless the stored object ' +
          'already had a policy)',
      },
      {
        severity: 'warning',
        rule: 'source-deprecated',
        object: 'Deployment/ns/d',
        field: 'spec.template.spec.volumes[0].gitRepo',
        message:
          'volume source gitRepo is off by default in Kubernetes 1.33 (feature gate GitRepoVolumeDriver): the kubelet ' +
          'refuses gitRepo volumes unless its GitRepoVolumeDriver gate is turned back on; the API server still accepts ' +
          'the pod. It works only where the cluster turns the gate on, which the plan cannot see',
      },
      {
        severity: 'warning',
        rule: 'source-migrated',
        object: 'Deployment/ns/d',
        field: 'spec.template.spec.volumes[2].azureDisk',
        message:
          'volume source azureDisk is served only through CSI migration in Kubernetes 1.33 (since 1.24): it works only ' +
          'where the CSI driver disk.csi.azure.com is installed, which the plan cannot see; use the CSI driver ' +
          'disk.csi.azure.com directly',
      },
    ]);
  });

  test('a pod field outside any pod spec is not read: a PersistentVolume has no pod template', () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' },
        volumeAttributesClassName: 'fast',
      },
    };
    expect(versionFindings([pv], '1.31').map((f) => [f.rule, f.object, f.field])).toEqual([
      ['field-gated', 'PersistentVolume/pv', 'spec.volumeAttributesClassName'],
    ]);
  });

  test('a workload without a readable pod template: no template path, no pod-field finding', () => {
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'ns' },
      spec: { selector: { matchLabels: { app: 'w' } }, template: 'not a template' },
    };
    expect(versionFindings([broken], '1.30').filter((f) => f.rule !== 'schema-invalid')).toEqual([]);
  });
});

describe('never throws', () => {
  test('a manifest whose fields throw when read, unreadable entries and non-objects: no version finding, no crash', () => {
    const throwing = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv' },
      get spec(): never {
        throw new Error('a getter handed in by code');
      },
    };
    const unread = new Proxy(
      {},
      {
        get() {
          throw new Error('a Proxy');
        },
      },
    );
    const p = plan([throwing, unread, null, 'text', { kind: 'Pod' }], '1.31');
    expect(p.findings.filter((f) => VERSION_RULES.has(f.rule) && f.rule !== 'schema-invalid')).toEqual([]);
  });
});

describe('branches the version tables do not reach today', () => {
  /** versionFindings with volume-plugins and feature-gates replaced: states without notes, drivers or gates. */
  function withTables(
    plugins: Partial<typeof import('../../src/k8s/volume-plugins')>,
    gates: Partial<typeof import('../../src/k8s/feature-gates')>,
    manifests: unknown[],
    version: string,
  ): Finding[] {
    let found: Finding[] = [];
    jest.isolateModules(() => {
      jest.doMock('../../src/k8s/volume-plugins', () => ({
        ...jest.requireActual('../../src/k8s/volume-plugins'),
        ...plugins,
      }));
      jest.doMock('../../src/k8s/feature-gates', () => ({
        ...jest.requireActual('../../src/k8s/feature-gates'),
        ...gates,
      }));
      const { versionFindings: run } = require('../../src/plan/version-rules');
      const { indexManifests } = require('../../src/plan/_manifest');
      found = run(indexManifests(manifests), version);
    });
    jest.dontMock('../../src/k8s/volume-plugins');
    jest.dontMock('../../src/k8s/feature-gates');
    return found;
  }
  const state = (s: Obj) => () => ({ source: 'test', apiServerAccepts: true, ...s });

  test('a state without a note, a CSI driver or a gate', () => {
    const nfs = [pod([{ name: 'n', nfs: { server: 's', path: '/' } }])];
    expect(
      withTables(
        { volumePluginState: state({ state: 'removed', since: '1.30' }) as any },
        {},
        nfs,
        '1.30',
      ).map((f) => f.message),
    ).toEqual([
      'volume source nfs is removed in Kubernetes 1.30, with no CSI migration: the API server accepts the object, but ' +
        'nothing mounts or provisions it. Use a CSI driver for this storage',
    ]);
    expect(
      withTables(
        { volumePluginState: state({ state: 'migrated', since: '1.29' }) as any },
        {},
        nfs,
        '1.30',
      ).map((f) => f.message),
    ).toEqual([
      'volume source nfs is served only through CSI migration in Kubernetes 1.30 (since 1.29): it works only where its ' +
        'CSI driver is installed, which the plan cannot see; use its CSI driver directly',
    ]);
    expect(
      withTables(
        { volumePluginState: state({ state: 'deprecated', since: '1.29' }) as any },
        {},
        nfs,
        '1.30',
      ).map((f) => f.message),
    ).toEqual(['volume source nfs is deprecated (since 1.29)']);
    expect(
      withTables(
        { volumePluginState: state({ state: 'disabled', since: '1.29', note: 'off.' }) as any },
        {},
        nfs,
        '1.30',
      ).map((f) => f.message),
    ).toEqual([
      'volume source nfs is off by default in Kubernetes 1.30: off. It works only where the cluster turns it on, which ' +
        'the plan cannot see',
    ]);
    expect(
      withTables({ volumePluginState: state({ state: 'absent', since: '1.27' }) as any }, {}, nfs, '1.30'),
    ).toEqual([]);
    // a source the table does not know
    expect(withTables({ volumePluginState: (() => undefined) as any }, {}, nfs, '1.30')).toEqual([]);
  });

  test('a gated field the API server accepts but that does not work', () => {
    const gated = [
      {
        kinds: ['PersistentVolumeClaim'],
        path: 'spec.volumeMode',
        gate: 'VolumeAttributesClass',
        whenOff: 'accepted',
        detail: 'the detail',
        source: 'test',
      },
    ];
    const found = withTables(
      {},
      { gatedFields: (() => gated) as any },
      [claim({ volumeMode: 'Block' })],
      '1.30',
    );
    expect(found).toEqual([
      {
        severity: 'warning',
        rule: 'field-gated',
        object: 'PersistentVolumeClaim/ns/data',
        field: 'spec.volumeMode',
        message:
          'spec.volumeMode needs the feature gate VolumeAttributesClass, which Kubernetes 1.30 leaves off by default ' +
          '(alpha): unless the cluster turns it on, the API server accepts it, but it does not work: the detail',
      },
    ]);
  });

  test('a gate off by default whose state the table does not give: "off"', () => {
    const gated = [
      {
        kinds: ['PersistentVolumeClaim'],
        path: 'spec.volumeMode',
        gate: 'SomeGate',
        whenOff: 'dropped',
        detail: 'the detail',
        source: 'test',
      },
    ];
    const found = withTables(
      {},
      {
        gatedFields: (() => gated) as any,
        gateEnabledByDefault: (() => false) as any,
        gateState: (() => undefined) as any,
      },
      [claim({ volumeMode: 'Block' })],
      '1.36',
    );
    expect(found.map((f) => f.message)).toEqual([
      'spec.volumeMode needs the feature gate SomeGate, which Kubernetes 1.36 leaves off by default (off): unless the ' +
        'cluster turns it on, the API server drops the field: the detail',
    ]);
  });
});

describe('Service names: DNS-1035 labels until RelaxedServiceNameValidation (alpha 1.34, on by default from 1.36)', () => {
  const service = (name: string): Obj => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'ns' },
    spec: { ports: [{ port: 80 }] },
  });
  const judged = (name: string, version: string) =>
    plan([service(name)], version)
      .findings.filter((f) => f.rule === 'name-invalid')
      .map((f) => [f.severity, f.message]);
  test('a name starting with a digit: refused before the gate, a warning while it is alpha, accepted from 1.36', () => {
    expect(judged('0db', '1.30')).toEqual([
      [
        'error',
        `Service name is "0db"; a DNS-1035 label starts with a lowercase letter (then lowercase letters, digits and '-', ending with a letter or digit): Kubernetes 1.30 validates Service names as DNS-1035 labels (ValidateServiceName); from 1.36 (RelaxedServiceNameValidation) a DNS-1123 label is enough`,
      ],
    ]);
    expect(judged('0db', '1.35')).toEqual([
      [
        'warning',
        `Service name is "0db"; a DNS-1035 label starts with a lowercase letter (then lowercase letters, digits and '-', ending with a letter or digit): Kubernetes 1.35 validates Service names as DNS-1035 labels (ValidateServiceName) unless the cluster turns on the feature gate RelaxedServiceNameValidation (alpha, off by default; on by default from 1.36)`,
      ],
    ]);
    expect(judged('0db', '1.36')).toEqual([]);
    expect(judged('db-0', '1.27')).toEqual([]);
  });
  test('a name no version accepts is reported once, by the DNS-1123 label rule', () => {
    expect(judged('Db', '1.30').map(([s]) => s)).toEqual(['error']);
  });
});
