import { App, Chart, Testing } from 'cdk8s';
import { SecurityProfile } from '../../../src/constructs/pod/container';
import { PodVolume } from '../../../src/constructs/pod/volume';
import { StaticClaim } from '../../../src/constructs/persistent/claim';
import { DynamicClaim } from '../../../src/constructs/persistent/dynamic-claim';
import { AccessMode } from '../../../src/constructs/persistent/modes';
import {
  PersistentVolumeSource,
  StaticPersistentVolume,
} from '../../../src/constructs/persistent/persistent-volume';
import { Provisioner, StorageClass } from '../../../src/constructs/persistent/storage-class';
import {
  ClaimDeployment,
  ClaimPod,
  ClaimRetentionPolicy,
  ClaimStatefulSet,
  DeploymentStrategy,
} from '../../../src/constructs/persistent/workloads';
import { expectSchemaValid } from '../../_schema';

function setup(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

function synth(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests;
}

function find(manifests: any[], kind: string, name: string): any {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m)
    throw new Error(
      `no ${kind}/${name} in ${manifests.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`,
    );
  return m;
}

describe('ClaimPod', () => {
  test('defaults: mounts a static claim bound to a volume; no security context (image default)', () => {
    const chart = setup();
    const pv = new StaticPersistentVolume(chart, 'web-content', {
      capacity: '1Gi',
      source: PersistentVolumeSource.nfs('nfs.example.com', '/exports/web'),
      accessModes: [AccessMode.READ_WRITE_MANY],
    });
    const claim = new StaticClaim(chart, 'content', {
      storage: '1Gi',
      accessModes: [AccessMode.READ_WRITE_MANY],
      volume: pv,
    });
    new ClaimPod(chart, 'web', {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:alpine',
          ports: [80],
          mounts: [{ volume: claim.toPodVolume('html'), path: '/usr/share/nginx/html' }],
        },
      ],
    });
    const pod = find(synth(chart), 'Pod', 'web');
    expect(pod.metadata).toEqual({ name: 'web', namespace: 'default' });
    expect(pod.spec.securityContext).toBeUndefined();
    expect(pod.spec.containers[0].securityContext).toBeUndefined();
    expect(pod.spec.volumes).toEqual([{ name: 'html', persistentVolumeClaim: { claimName: 'content' } }]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([
      { mountPath: '/usr/share/nginx/html', name: 'html' },
    ]);
  });

  test('custom: restricted profile, labels, namespace, read-only claim', () => {
    const chart = setup();
    const claim = new DynamicClaim(chart, 'data', { storage: '1Gi', namespace: 'team' });
    new ClaimPod(chart, 'reader', {
      namespace: 'team',
      labels: { app: 'reader' },
      security: SecurityProfile.restricted(),
      containers: [
        {
          name: 'r',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          mounts: [{ volume: claim.toPodVolume('data', { readOnly: true }), path: '/data', readOnly: true }],
        },
      ],
    });
    const pod = find(synth(chart), 'Pod', 'reader');
    expect(pod.metadata).toEqual({ name: 'reader', namespace: 'team', labels: { app: 'reader' } });
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(pod.spec.volumes[0].persistentVolumeClaim).toEqual({ claimName: 'data', readOnly: true });
  });

  test('a claim of another namespace is refused', () => {
    const chart = setup();
    const claim = new DynamicClaim(chart, 'data', { storage: '1Gi', namespace: 'db' });
    expect(
      () =>
        new ClaimPod(chart, 'web', {
          containers: [
            {
              name: 'c',
              image: 'nginx:alpine',
              mounts: [{ volume: claim.toPodVolume('data'), path: '/data' }],
            },
          ],
        }),
    ).toThrow(
      /^Pod\/web: containers\[0\]\.volumeMounts\[0\] mounts claim data of namespace "db", but the pod is in "default"; a pod can only mount claims of its own namespace$/,
    );
  });
});

describe('ClaimDeployment', () => {
  test('defaults: 1 replica, app selector, Recreate because a ReadWriteOnce claim is mounted', () => {
    const chart = setup();
    const claim = new DynamicClaim(chart, 'data', { storage: '5Gi' });
    new ClaimDeployment(chart, 'api', {
      containers: [
        {
          name: 'api',
          image: 'nginx:alpine',
          mounts: [{ volume: claim.toPodVolume('data'), path: '/data' }],
        },
      ],
    });
    const d = find(synth(chart), 'Deployment', 'api');
    expect(d.metadata).toEqual({ name: 'api', namespace: 'default' });
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'api' } });
    expect(d.spec.template.metadata.labels).toEqual({ app: 'api' });
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('custom: replicas share a ReadWriteMany claim; no strategy forced; custom selector and labels', () => {
    const chart = setup('web');
    const sc = new StorageClass(chart, 'nfs', {
      provisioner: Provisioner.nfsCsi({ server: 'nfs.example.com', share: '/exports' }),
    });
    const claim = new DynamicClaim(chart, 'shared', {
      storage: '10Gi',
      storageClass: sc,
      accessModes: [AccessMode.READ_WRITE_MANY],
    });
    new ClaimDeployment(chart, 'site', {
      replicas: 3,
      selectorLabels: { 'app.kubernetes.io/name': 'site' },
      labels: { team: 'web' },
      containers: [
        {
          name: 'nginx',
          image: 'nginx:alpine',
          mounts: [{ volume: claim.toPodVolume('shared'), path: '/usr/share/nginx/html' }],
        },
      ],
    });
    const d = find(synth(chart), 'Deployment', 'site');
    expect(d.metadata.labels).toEqual({ team: 'web' });
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.strategy).toBeUndefined();
    expect(d.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'site' });
    expect(d.spec.template.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'site', team: 'web' });
  });

  test('an explicit RollingUpdate is kept for a ReadWriteOnce claim (the plan warns about several nodes)', () => {
    const chart = setup();
    const claim = new DynamicClaim(chart, 'data', { storage: '5Gi' });
    new ClaimDeployment(chart, 'api', {
      replicas: 2,
      strategy: DeploymentStrategy.ROLLING_UPDATE,
      containers: [
        {
          name: 'api',
          image: 'nginx:alpine',
          mounts: [{ volume: claim.toPodVolume('data'), path: '/data' }],
        },
      ],
    });
    expect(find(synth(chart), 'Deployment', 'api').spec.strategy).toEqual({ type: 'RollingUpdate' });
  });

  test('ReadWriteOncePod: more than one replica, or RollingUpdate, is refused', () => {
    const chart = setup();
    const claim = new DynamicClaim(chart, 'solo', {
      storage: '1Gi',
      accessModes: [AccessMode.READ_WRITE_ONCE_POD],
    });
    const containers = [
      { name: 'c', image: 'nginx:alpine', mounts: [{ volume: claim.toPodVolume('solo'), path: '/data' }] },
    ];
    expect(() => new ClaimDeployment(chart, 'two', { replicas: 2, containers })).toThrow(
      /^Deployment\/two: spec\.replicas is 2, but containers\[0\]\.volumeMounts\[0\] mounts ReadWriteOncePod claim solo, which only one pod can use/,
    );
    expect(
      () => new ClaimDeployment(chart, 'roll', { strategy: DeploymentStrategy.ROLLING_UPDATE, containers }),
    ).toThrow(
      // The plan's claim-rwop-rollout rule (src/plan/rollout.ts); test/self-check.test.ts asserts the whole message.
      /^Deployment\/default\/roll: spec\.template\.spec\.volumes\[0\]\.persistentVolumeClaim\.claimName mounts ReadWriteOncePod claim "solo" with the RollingUpdate strategy .* \[claim-rwop-rollout, error; /,
    );
  });

  test('a ReadWriteOncePod claim mounted by two workloads fails at synth', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const chart = new Chart(app, 'test');
    const claim = new DynamicClaim(chart, 'solo', {
      storage: '1Gi',
      accessModes: [AccessMode.READ_WRITE_ONCE_POD],
    });
    const containers = [
      { name: 'c', image: 'nginx:alpine', mounts: [{ volume: claim.toPodVolume('solo'), path: '/data' }] },
    ];
    new ClaimDeployment(chart, 'a', { containers });
    expect(() => app.synthYaml()).not.toThrow();
    new ClaimPod(chart, 'b', { containers });
    expect(() => app.synthYaml()).toThrow(
      /PersistentVolumeClaim\/solo: spec\.accessModes is \[ReadWriteOncePod\], but Deployment\/a \(1 pod\), Pod\/b \(1 pod\) mount it; only one pod in the cluster can ever use it/,
    );
  });

  test('errors: replicas, empty selector, strategy', () => {
    const containers = [{ name: 'c', image: 'nginx:alpine' }];
    expect(() => new ClaimDeployment(setup(), 'd', { replicas: -1, containers })).toThrow(
      /^Deployment\/d: spec\.replicas is -1; expected a whole number, 0 or more/,
    );
    expect(() => new ClaimDeployment(setup(), 'd', { selectorLabels: {}, containers })).toThrow(
      /^Deployment\/d: spec\.selector\.matchLabels is empty/,
    );
    expect(() => new ClaimDeployment(setup(), 'd', { strategy: 'BlueGreen' as any, containers })).toThrow(
      /^Deployment\/d: spec\.strategy\.type is "BlueGreen"; expected one of "Recreate", "RollingUpdate"/,
    );
  });
});

describe('ClaimStatefulSet', () => {
  test('defaults: headless Service, Retain/Retain retention, template with protection, mounted in the first container', () => {
    const chart = setup();
    const sc = new StorageClass(chart, 'ssd', { provisioner: Provisioner.gcePdCsi() });
    new ClaimStatefulSet(chart, 'db', {
      containers: [
        { name: 'postgres', image: 'postgres:16', ports: [5432] },
        { name: 'exporter', image: 'prometheuscommunity/postgres-exporter', ports: [9187] },
      ],
      volumeClaimTemplates: [
        { name: 'data', storage: '20Gi', storageClass: sc, mountPath: '/var/lib/postgresql/data' },
      ],
    });
    const manifests = synth(chart);
    const svc = find(manifests, 'Service', 'db');
    expect(svc.metadata).toEqual({ name: 'db', namespace: 'default' });
    expect(svc.spec).toEqual({
      clusterIP: 'None',
      ports: [
        { name: 'tcp-5432', port: 5432, targetPort: 5432 },
        { name: 'tcp-9187', port: 9187, targetPort: 9187 },
      ],
      selector: { app: 'db' },
    });
    const sts = find(manifests, 'StatefulSet', 'db');
    expect(sts.spec.serviceName).toBe('db');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    expect(sts.spec.volumeClaimTemplates).toEqual([
      {
        metadata: {
          name: 'data',
          annotations: {
            'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
            'kustomize.toolkit.fluxcd.io/prune': 'disabled',
          },
        },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '20Gi' } },
          storageClassName: 'ssd',
        },
      },
    ]);
    const [pg, exporter] = sts.spec.template.spec.containers;
    expect(pg.volumeMounts).toEqual([{ mountPath: '/var/lib/postgresql/data', name: 'data' }]);
    expect(exporter.volumeMounts).toBeUndefined();
    expect(sts.spec.template.spec.volumes).toBeUndefined();
  });

  test('custom: retention Delete, no Service, replicas, class by name "", chosen containers, shared claim, protection off', () => {
    const chart = setup('data');
    const shared = new DynamicClaim(chart, 'config', {
      storage: '1Gi',
      accessModes: [AccessMode.READ_ONLY_MANY],
      storageClassName: 'nfs',
    });
    new ClaimStatefulSet(chart, 'kafka', {
      replicas: 3,
      serviceName: 'kafka-headless',
      createService: false,
      claimRetention: { whenDeleted: ClaimRetentionPolicy.DELETE, whenScaled: ClaimRetentionPolicy.RETAIN },
      pruneProtection: false,
      containers: [
        { name: 'init-perms', image: 'busybox:1.36' },
        {
          name: 'kafka',
          image: 'apache/kafka:3.7.0',
          mounts: [
            { volume: shared.toPodVolume('config', { readOnly: true }), path: '/etc/kafka', readOnly: true },
          ],
        },
      ],
      volumeClaimTemplates: [
        {
          name: 'logs',
          storage: '50G',
          storageClassName: '',
          mountPath: '/var/lib/kafka',
          containerNames: ['kafka', 'init-perms'],
          labels: { app: 'kafka' },
        },
        {
          name: 'scratch',
          storage: '1Gi',
          mountPath: '/scratch',
          readOnly: true,
          accessModes: [AccessMode.READ_WRITE_ONCE_POD],
        },
      ],
    });
    const manifests = synth(chart);
    expect(manifests.filter((m) => m.kind === 'Service')).toEqual([]);
    const sts = find(manifests, 'StatefulSet', 'kafka');
    expect(sts.metadata.namespace).toBe('data');
    expect(sts.spec.serviceName).toBe('kafka-headless');
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Delete',
      whenScaled: 'Retain',
    });
    const [logs, scratch] = sts.spec.volumeClaimTemplates;
    expect(logs).toEqual({
      metadata: { name: 'logs', labels: { app: 'kafka' } },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '50G' } },
        storageClassName: '',
      },
    });
    expect(scratch.spec.storageClassName).toBeUndefined();
    expect(scratch.spec.accessModes).toEqual(['ReadWriteOncePod']);
    const [init, kafka] = sts.spec.template.spec.containers;
    // scratch names no container: the first one mounts it
    expect(init.volumeMounts).toEqual([
      { mountPath: '/var/lib/kafka', name: 'logs' },
      { mountPath: '/scratch', name: 'scratch', readOnly: true },
    ]);
    expect(kafka.volumeMounts).toEqual([
      { mountPath: '/etc/kafka', name: 'config', readOnly: true },
      { mountPath: '/var/lib/kafka', name: 'logs' },
    ]);
    expect(sts.spec.template.spec.volumes).toEqual([
      { name: 'config', persistentVolumeClaim: { claimName: 'config', readOnly: true } },
    ]);
  });

  describe('errors', () => {
    const containers = [
      { name: 'c', image: 'nginx:alpine', mounts: [{ volume: PodVolume.emptyDir('tmp'), path: '/tmp' }] },
    ];
    const cases: Array<[string, () => void, RegExp]> = [
      [
        'template name clashes with a pod volume',
        () =>
          new ClaimStatefulSet(setup(), 's', {
            containers,
            volumeClaimTemplates: [{ name: 'tmp', storage: '1Gi', mountPath: '/data' }],
          }),
        /^StatefulSet\/s: spec\.volumeClaimTemplates\[0\]\.metadata\.name is "tmp", which is also a volume of the pod/,
      ],
      [
        'two templates of one name',
        () =>
          new ClaimStatefulSet(setup(), 's', {
            containers,
            volumeClaimTemplates: [
              { name: 'data', storage: '1Gi', mountPath: '/a' },
              { name: 'data', storage: '1Gi', mountPath: '/b' },
            ],
          }),
        /^StatefulSet\/s: spec\.volumeClaimTemplates\[1\]\.metadata\.name is "data", which another claim template already uses/,
      ],
      [
        'mount path taken',
        () =>
          new ClaimStatefulSet(setup(), 's', {
            containers,
            volumeClaimTemplates: [{ name: 'data', storage: '1Gi', mountPath: '/tmp/' }],
          }),
        /^StatefulSet\/s: spec\.volumeClaimTemplates\[0\]\.mountPath is "\/tmp\/", where container "c" already mounts another volume/,
      ],
      [
        'unknown container',
        () =>
          new ClaimStatefulSet(setup(), 's', {
            containers,
            volumeClaimTemplates: [
              { name: 'data', storage: '1Gi', mountPath: '/data', containerNames: ['main'] },
            ],
          }),
        /^StatefulSet\/s: spec\.volumeClaimTemplates\[0\]\.containerNames names "main", which is not a container of the pod; expected one of "c"/,
      ],
      [
        'bad template storage',
        () =>
          new ClaimStatefulSet(setup(), 's', {
            containers,
            volumeClaimTemplates: [{ name: 'data', storage: '10GB', mountPath: '/data' }],
          }),
        /^StatefulSet\/s: spec\.volumeClaimTemplates\[0\]\.spec\.resources\.requests\.storage is "10GB", which is not a Kubernetes quantity/,
      ],
      [
        'bad template name',
        () =>
          new ClaimStatefulSet(setup(), 's', {
            containers,
            volumeClaimTemplates: [{ name: 'Data', storage: '1Gi', mountPath: '/data' }],
          }),
        /^StatefulSet\/s: spec\.volumeClaimTemplates\[0\]\.metadata\.name is "Data"; a DNS-1123 label/,
      ],
      [
        'relative mount path',
        () =>
          new ClaimStatefulSet(setup(), 's', {
            containers,
            volumeClaimTemplates: [{ name: 'data', storage: '1Gi', mountPath: 'data' }],
          }),
        /^StatefulSet\/s: spec\.volumeClaimTemplates\[0\]\.mountPath is "data"; expected an absolute path/,
      ],
      [
        'ReadWriteMany from a disk class',
        () => {
          const chart = setup();
          const sc = new StorageClass(chart, 'ebs', { provisioner: Provisioner.awsEbsCsi() });
          new ClaimStatefulSet(chart, 's', {
            containers,
            volumeClaimTemplates: [
              {
                name: 'data',
                storage: '1Gi',
                mountPath: '/data',
                storageClass: sc,
                accessModes: [AccessMode.READ_WRITE_MANY],
              },
            ],
          });
        },
        /^StatefulSet\/s: spec\.volumeClaimTemplates\[0\]\.spec\.accessModes asks for ReadWriteMany, but class "ebs" \(ebs\.csi\.aws\.com\)/,
      ],
      [
        'bad retention',
        () =>
          new ClaimStatefulSet(setup(), 's', { containers, claimRetention: { whenDeleted: 'Keep' as any } }),
        /^StatefulSet\/s: spec\.persistentVolumeClaimRetentionPolicy\.whenDeleted is "Keep"; expected one of "Retain", "Delete"/,
      ],
      [
        'bad service name',
        () => new ClaimStatefulSet(setup(), 's', { containers, serviceName: 'db.headless' }),
        /^StatefulSet\/s: spec\.serviceName is "db\.headless"; a DNS-1123 label/,
      ],
      [
        'claim names too long',
        () =>
          new ClaimStatefulSet(setup(), 's'.repeat(200), {
            containers,
            volumeClaimTemplates: [{ name: 'd'.repeat(60), storage: '1Gi', mountPath: '/data' }],
            serviceName: 'svc',
            selectorLabels: { app: 'db' },
          }),
        /spec\.volumeClaimTemplates\[0\]\.metadata\.name gives claim names <template>-<set>-<ordinal> that are not valid/,
      ],
      [
        'a shared ReadWriteOncePod claim with 2 replicas',
        () => {
          const chart = setup();
          const claim = new DynamicClaim(chart, 'solo', {
            storage: '1Gi',
            accessModes: [AccessMode.READ_WRITE_ONCE_POD],
          });
          new ClaimStatefulSet(chart, 's', {
            replicas: 2,
            containers: [
              {
                name: 'c',
                image: 'nginx:alpine',
                mounts: [{ volume: claim.toPodVolume('solo'), path: '/solo' }],
              },
            ],
          });
        },
        /^StatefulSet\/s: spec\.replicas is 2, but containers\[0\]\.volumeMounts\[0\] mounts ReadWriteOncePod claim solo/,
      ],
    ];
    test.each(cases)('%s', (_name, make, message) => {
      expect(make).toThrow(message);
    });
  });
});
