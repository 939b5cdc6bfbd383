import { Chart, Testing } from 'cdk8s';
import { Provisioner, StorageClass } from '../../../src/constructs/persistent/storage-class';
import { ClaimDeployment, ClaimPod, ClaimStatefulSet } from '../../../src/constructs/persistent/workloads';
import { HostPathDaemon, HostPathPod } from '../../../src/constructs/pod/host-path';
import { SharedEmptyDirPod } from '../../../src/constructs/pod/shared-empty-dir-pod';
import { PodVolume } from '../../../src/constructs/pod/volume';
import { expectSchemaValid } from '../../_schema';

function synth(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests;
}
const find = (manifests: any[], kind: string) => manifests.find((m) => m.kind === kind);
const setup = () => new Chart(Testing.app(), 'test');

describe('workloads that run real applications', () => {
  test('ClaimStatefulSet: a database with its password from a Secret, probes and pod options', () => {
    const chart = setup();
    const ssd = new StorageClass(chart, 'ssd', { name: 'ssd', provisioner: Provisioner.gcePdCsi() });
    new ClaimStatefulSet(chart, 'db', {
      name: 'db',
      labels: { team: 'data' },
      containers: [
        {
          name: 'postgres',
          image: 'postgres:16',
          ports: [5432],
          env: { PGDATA: '/var/lib/postgresql/data/pgdata' },
          envVars: [
            { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-auth', key: 'password' } } },
          ],
          envFrom: [{ configMapRef: { name: 'db-tuning' } }],
          readinessProbe: { exec: { command: ['pg_isready', '-U', 'postgres'] } },
        },
      ],
      podOptions: {
        serviceAccountName: 'db',
        nodeSelector: { pool: 'db' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
        imagePullSecrets: ['registry'],
        terminationGracePeriodSeconds: 60,
        labels: { tier: 'backend' },
        annotations: { 'prometheus.io/scrape': 'true' },
      },
      volumeClaimTemplates: [
        { name: 'data', storage: '10Gi', storageClass: ssd, mountPath: '/var/lib/postgresql/data' },
      ],
    });
    const set = find(synth(chart), 'StatefulSet');
    expect(set.metadata.labels).toEqual({ team: 'data' });
    expect(set.spec.template.metadata).toEqual({
      labels: { app: 'db', team: 'data', tier: 'backend' },
      annotations: { 'prometheus.io/scrape': 'true' },
    });
    const spec = set.spec.template.spec;
    expect(spec).toMatchObject({
      serviceAccountName: 'db',
      nodeSelector: { pool: 'db' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
      imagePullSecrets: [{ name: 'registry' }],
      terminationGracePeriodSeconds: 60,
    });
    expect(spec.containers[0]).toMatchObject({
      env: [
        { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
        { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-auth', key: 'password' } } },
      ],
      envFrom: [{ configMapRef: { name: 'db-tuning' } }],
      readinessProbe: { exec: { command: ['pg_isready', '-U', 'postgres'] } },
      volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
    });
  });

  test('defaults: no podOptions adds nothing to the pod template', () => {
    const chart = setup();
    new ClaimDeployment(chart, 'web', { name: 'web', containers: [{ name: 'web', image: 'nginx:alpine' }] });
    const d = find(synth(chart), 'Deployment');
    expect(d.spec.template).toEqual({
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:alpine' }] },
    });
  });

  test('ClaimPod: pod labels and annotations on the Pod, and a generic ephemeral volume', () => {
    const chart = setup();
    new ClaimPod(chart, 'scratch', {
      name: 'scratch',
      labels: { app: 'scratch' },
      podOptions: { labels: { tier: 'batch' }, annotations: { 'example.com/owner': 'team-a' } },
      containers: [
        {
          name: 'worker',
          image: 'busybox:1.36',
          mounts: [{ volume: PodVolume.ephemeral('scratch', { storage: '1Gi' }), path: '/scratch' }],
        },
      ],
    });
    const pod = find(synth(chart), 'Pod');
    expect(pod.metadata).toEqual({
      name: 'scratch',
      namespace: 'default',
      labels: { app: 'scratch', tier: 'batch' },
      annotations: { 'example.com/owner': 'team-a' },
    });
    expect(pod.spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests.storage).toBe('1Gi');
  });

  test('refuses pod labels that would change the selector, and bad annotation keys', () => {
    expect(
      () =>
        new ClaimDeployment(setup(), 'web', {
          name: 'web',
          containers: [{ name: 'web', image: 'nginx:alpine' }],
          podOptions: { labels: { app: 'other' } },
        }),
    ).toThrow(
      'Deployment/web: podOptions.labels.app is "other", but the pods are selected by app: "web"; drop it or change the selector labels',
    );
    expect(
      () =>
        new ClaimPod(setup(), 'p', {
          containers: [{ name: 'web', image: 'nginx:alpine' }],
          podOptions: { annotations: { 'bad key': 'x' } },
        }),
    ).toThrow(
      `Pod/p: podOptions.annotations key is "bad key"; expected a qualified name such as 'ebs.csi.aws.com' or 'example.com/my-provisioner' (the part after '/' at most 63 characters)`,
    );
  });
});

describe('pod patterns take podOptions', () => {
  test('SharedEmptyDirPod: service account and pod annotations', () => {
    const chart = setup();
    const html = PodVolume.emptyDir('html');
    new SharedEmptyDirPod(chart, 'p', {
      name: 'p',
      containers: [{ name: 'a', image: 'busybox:1.36', mounts: [{ volume: html, path: '/h' }] }],
      podOptions: { serviceAccountName: 'reader', annotations: { 'example.com/a': 'b' } },
    });
    const pod = find(synth(chart), 'Pod');
    expect(pod.spec.serviceAccountName).toBe('reader');
    expect(pod.metadata.annotations).toEqual({ 'example.com/a': 'b' });
    expect(pod.metadata.labels).toEqual({ app: 'p' });
  });

  test('HostPathDaemon: podOptions tolerations when the pattern sets none; podOptions labels on the template', () => {
    const chart = setup();
    new HostPathDaemon(chart, 'd', {
      name: 'd',
      containers: [{ name: 'a', image: 'busybox:1.36' }],
      podOptions: {
        tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        labels: { tier: 'node' },
      },
    });
    const ds = find(synth(chart), 'DaemonSet');
    expect(ds.spec.template.metadata.labels).toEqual({ app: 'd', tier: 'node' });
    expect(ds.spec.template.spec.tolerations).toEqual([{ operator: 'Exists', effect: 'NoSchedule' }]);
    expect(ds.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('HostPathPod: refuses nodeSelector or tolerations given twice', () => {
    const base = { name: 'h', containers: [{ name: 'a', image: 'busybox:1.36' }] };
    expect(
      () =>
        new HostPathPod(setup(), 'h', {
          ...base,
          nodeSelector: { a: 'b' },
          podOptions: { nodeSelector: { c: 'd' } },
        }),
    ).toThrow('HostPathPod/h: podOptions.nodeSelector is set with nodeSelector; set one of them');
    expect(
      () =>
        new HostPathPod(setup(), 'h', {
          ...base,
          tolerateAllTaints: true,
          podOptions: { tolerations: [{ operator: 'Exists' }] },
        }),
    ).toThrow('HostPathPod/h: podOptions.tolerations is set with tolerateAllTaints; set one of them');
  });
});
