/**
 * The app's scenarios: every object valid against the strict 1.27 schema, the fields each
 * scenario states, the committed dist/ equal to what the source synthesizes, and the storage
 * plan of the whole app (every claim bound as intended, no error, the expected warnings).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildApp } from '../src/main';
import { planStorage } from '../src/plan/plan';
import { expectSchemaValid } from './_schema';

const app = buildApp(Testing.app());
const charts: Record<string, any[]> = Object.fromEntries(app.charts.map((c) => [c.node.id, c.toJson()]));
const all = Object.values(charts).flat();
const find = (kind: string, name: string) => {
  const found = all.filter((m) => m.kind === kind && m.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
const container = (pod: any, name: string) => pod.spec.containers.find((c: any) => c.name === name);

test('one chart per scenario, each a stable dist/ file name', () => {
  expect(Object.keys(charts).sort()).toEqual([
    'fortune',
    'fortune-restricted',
    'fortune-tmpfs',
    'gitrepo-volume-pod',
    'mongodb',
    'mongodb-dp',
    'node-log-reader',
    'pod-volume-1',
    'pod-volume-2',
    'pod-volume-3',
    'postgres',
    'postgres-snapshots',
    'scratch',
    'web-content-log',
    'web-deploy',
    'web-statefulset',
  ]);
});

test('every object passes the strict Kubernetes 1.27 schema', () => {
  expectSchemaValid(all);
});

test('the committed dist/ is what the source synthesizes', () => {
  const dist = path.join(__dirname, '..', 'dist');
  for (const [id, objects] of Object.entries(charts)) {
    const file = path.join(dist, `${id}.k8s.yaml`);
    expect(fs.existsSync(file)).toBe(true);
    expect(parseAllDocuments(fs.readFileSync(file, 'utf-8')).map((d) => d.toJS())).toEqual(
      JSON.parse(JSON.stringify(objects)),
    );
  }
});

test('pod-only scenarios land in namespace default, written out (the one namespace policy), with no hash suffix', () => {
  for (const id of [
    'fortune',
    'fortune-tmpfs',
    'web-content-log',
    'gitrepo-volume-pod',
    'pod-volume-1',
    'pod-volume-2',
  ]) {
    for (const m of charts[id]) expect(m.metadata.namespace).toBe('default');
  }
  expect(all.map((m) => m.metadata.name)).not.toContainEqual(expect.stringMatching(/-c8[0-9a-f]{6}$/));
});

test('fortune: html-generator and web-server share emptyDir html, nginx read-only', () => {
  const pod = find('Pod', 'fortune');
  expect(pod.spec.volumes).toEqual([{ name: 'html', emptyDir: {} }]);
  expect(container(pod, 'html-generator')).toMatchObject({
    image: 'luksa/fortune',
    volumeMounts: [{ name: 'html', mountPath: '/var/htdocs' }],
  });
  expect(container(pod, 'web-server')).toMatchObject({
    image: 'nginx:alpine',
    ports: [{ containerPort: 80 }],
    volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html', readOnly: true }],
  });
  // Root images must start: no forced runAsNonRoot / readOnlyRootFilesystem.
  expect(pod.spec.securityContext).toBeUndefined();
  expect(container(pod, 'web-server').securityContext).toBeUndefined();
});

test('fortune-tmpfs: html is a size-limited tmpfs below the containers memory limit', () => {
  const pod = find('Pod', 'fortune-tmpfs');
  expect(pod.spec.volumes).toEqual([{ name: 'html', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }]);
  expect(container(pod, 'html-generator').resources.limits.memory).toBe('64Mi');
});

test('fortune-restricted meets Pod Security restricted with an unprivileged nginx on 8080', () => {
  const pod = find('Pod', 'fortune-restricted');
  expect(pod.spec.securityContext).toMatchObject({
    runAsNonRoot: true,
    fsGroup: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(container(pod, 'web-server')).toMatchObject({
    image: 'nginxinc/nginx-unprivileged:alpine',
    ports: [{ containerPort: 8080 }],
    securityContext: {
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
  });
  const psa = planStorage(all).findings.find(
    (f) => f.rule === 'pod-security' && f.object === 'Pod/default/fortune-restricted',
  );
  expect(psa?.message).toMatch(/"restricted"/);
});

test('web-content-log: three containers share public-html and log-vol', () => {
  const pod = find('Pod', 'web-content-log');
  expect(pod.spec.volumes.map((v: any) => [v.name, Object.keys(v).filter((k) => k !== 'name')])).toEqual([
    ['public-html', ['emptyDir']],
    ['log-vol', ['emptyDir']],
  ]);
  const mounts = (name: string) => container(pod, name).volumeMounts.map((m: any) => [m.name, m.mountPath]);
  expect(mounts('web-server')).toEqual([
    ['public-html', '/var/htdocs'],
    ['log-vol', '/var/logs'],
  ]);
  expect(mounts('content-agent')).toEqual([['public-html', '/var/html']]);
  expect(mounts('log-rotator')).toEqual([['log-vol', '/var/logs']]);
});

test('gitrepo-volume-pod: an init container clones into emptyDir html; no gitRepo volume', () => {
  const pod = find('Pod', 'gitrepo-volume-pod');
  expect(JSON.stringify(pod)).not.toMatch(/gitRepo/);
  expect(pod.spec.volumes.find((v: any) => v.name === 'html')).toEqual({ name: 'html', emptyDir: {} });
  const init = pod.spec.initContainers[0];
  expect(init.image).toMatch(/^alpine\/git:/);
  expect(init.args).toEqual(
    expect.arrayContaining(['https://github.com/luksa/kubia-website-example.git', 'master']),
  );
  expect(init.volumeMounts).toContainEqual({ name: 'html', mountPath: expect.any(String) });
  expect(container(pod, 'web-server')).toMatchObject({
    image: 'nginx:alpine',
    ports: [{ containerPort: 80 }],
    volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html', readOnly: true }],
  });
});

test('pod-volume-1 and pod-volume-2: emptyDir shared, hostPath of type Directory', () => {
  const p1 = find('Pod', 'pod-volume-1');
  expect(p1.spec.volumes).toEqual([{ name: 'empty-dir', emptyDir: {} }]);
  expect(container(p1, 'container1').volumeMounts).toEqual([{ name: 'empty-dir', mountPath: '/mount1' }]);
  expect(container(p1, 'container2').volumeMounts).toEqual([{ name: 'empty-dir', mountPath: '/mount2' }]);
  const p2 = find('Pod', 'pod-volume-2');
  expect(p2.spec.volumes).toEqual([{ name: 'host-path', hostPath: { path: '/node-v', type: 'Directory' } }]);
  expect(container(p2, 'container')).toMatchObject({
    image: 'tmkube/init',
    volumeMounts: [{ name: 'host-path', mountPath: '/mount1' }],
  });
});

test('node-log-reader: a DaemonSet reading /var/log read-only on every node', () => {
  const ds = find('DaemonSet', 'node-log-reader');
  expect(ds.spec.template.spec.volumes).toEqual([
    { name: 'var-log', hostPath: { path: '/var/log', type: 'Directory' } },
  ]);
  expect(ds.spec.template.spec.containers[0].volumeMounts).toEqual([
    { name: 'var-log', mountPath: '/var/log', readOnly: true },
  ]);
  expect(ds.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
});

test('persistent scenarios: exact quantities, class-less static claims, reservations, Retain', () => {
  expect(find('PersistentVolume', 'data1').spec).toMatchObject({
    capacity: { storage: '2Gi' },
    accessModes: ['ReadWriteOnce'],
    hostPath: { path: '/tmp/k8s-pv' },
    persistentVolumeReclaimPolicy: 'Retain',
  });
  expect(find('PersistentVolume', 'data1').metadata.labels).toEqual({ name: 'pv-data' });
  expect(find('PersistentVolumeClaim', 'lipaco-pvc').spec).toMatchObject({
    storageClassName: '',
    resources: { requests: { storage: '2G' } },
    selector: { matchLabels: { name: 'pv-data' } },
  });
  expect(find('PersistentVolume', 'pv-01').spec).toMatchObject({
    capacity: { storage: '1G' },
    local: { path: '/node-v' },
    claimRef: { name: 'pvc-01', namespace: 'default' },
    nodeAffinity: {
      required: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'node', operator: 'In', values: ['node1'] }] }],
      },
    },
  });
  expect(find('PersistentVolumeClaim', 'pvc-01').spec).toMatchObject({
    volumeName: 'pv-01',
    storageClassName: '',
  });
  expect(find('PersistentVolume', 'mongodb-pv').spec).toMatchObject({
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
    persistentVolumeReclaimPolicy: 'Retain',
    csi: { driver: 'pd.csi.storage.gke.io', fsType: 'ext4' },
  });
  expect(find('StorageClass', 'fast')).toMatchObject({
    provisioner: 'pd.csi.storage.gke.io',
    parameters: { type: 'pd-ssd' },
    reclaimPolicy: 'Retain',
  });
  expect(find('PersistentVolumeClaim', 'mongodb-pvc-dp').spec).toMatchObject({
    storageClassName: 'fast',
    resources: { requests: { storage: '100Mi' } },
  });
  expect(find('StorageClass', 'regional-ssd').parameters).toMatchObject({
    'replication-type': 'regional-pd',
  });
  const sts = find('StatefulSet', 'web');
  expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'regional-ssd' });
  expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({
    whenDeleted: 'Retain',
    whenScaled: 'Retain',
  });
  for (const m of all.filter((o) => o.kind === 'PersistentVolume' || o.kind === 'PersistentVolumeClaim')) {
    expect(m.metadata.annotations).toMatchObject({
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
  }
  for (const pv of all.filter((o) => o.kind === 'PersistentVolume'))
    expect(pv.metadata.namespace).toBeUndefined();
});

test('postgres: password from Secret postgres-auth, PGDATA below the mount, pg_isready, a Retain class', () => {
  const set = find('StatefulSet', 'postgres');
  expect(set.spec.serviceName).toBe('postgres');
  expect(find('Service', 'postgres').spec).toMatchObject({
    clusterIP: 'None',
    selector: { app: 'postgres' },
  });
  const pg = container(set.spec.template, 'postgres');
  expect(pg.image).toBe('postgres:16');
  expect(pg.env).toEqual([
    { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
    { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'postgres-auth', key: 'password' } } },
  ]);
  // initdb refuses a non-empty mount root (a new ext4 disk holds lost+found): PGDATA is one level down.
  expect(pg.volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/postgresql/data' }]);
  expect(pg.readinessProbe).toEqual({
    exec: { command: ['pg_isready', '-U', 'postgres'] },
    initialDelaySeconds: 5,
    periodSeconds: 10,
  });
  expect(set.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
  expect(set.spec.volumeClaimTemplates).toMatchObject([
    {
      metadata: { name: 'data' },
      spec: { storageClassName: 'postgres-ssd', resources: { requests: { storage: '10Gi' } } },
    },
  ]);
  expect(find('StorageClass', 'postgres-ssd')).toMatchObject({
    provisioner: 'pd.csi.storage.gke.io',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
    reclaimPolicy: 'Retain',
  });
});

test('scratch: a 1Gi generic ephemeral volume on a Delete class, mounted at /scratch', () => {
  const pod = find('Pod', 'scratch');
  expect(pod.spec.volumes).toEqual([
    {
      name: 'scratch',
      ephemeral: {
        volumeClaimTemplate: {
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: 'scratch-standard',
            resources: { requests: { storage: '1Gi' } },
          },
        },
      },
    },
  ]);
  expect(container(pod, 'worker').volumeMounts).toEqual([{ name: 'scratch', mountPath: '/scratch' }]);
  expect(find('StorageClass', 'scratch-standard').reclaimPolicy).toBe('Delete');
});

test('postgres-snapshots: a Retain snapshot class of the claims driver, a snapshot of data-postgres-0, a restore and a clone', () => {
  expect(find('VolumeSnapshotClass', 'csi-snapclass')).toEqual({
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshotClass',
    metadata: { name: 'csi-snapclass' },
    driver: 'pd.csi.storage.gke.io',
    deletionPolicy: 'Retain',
  });
  expect(find('StorageClass', 'postgres-ssd').provisioner).toBe('pd.csi.storage.gke.io');
  expect(find('VolumeSnapshot', 'postgres-data-snap').spec).toEqual({
    source: { persistentVolumeClaimName: 'data-postgres-0' },
    volumeSnapshotClassName: 'csi-snapclass',
  });
  const claim = (name: string) => find('PersistentVolumeClaim', name).spec;
  expect(claim('postgres-restore')).toMatchObject({
    storageClassName: 'postgres-ssd',
    resources: { requests: { storage: '10Gi' } },
    dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'postgres-data-snap' },
  });
  expect(claim('postgres-clone')).toMatchObject({
    storageClassName: 'postgres-ssd',
    resources: { requests: { storage: '10Gi' } },
    dataSource: { kind: 'PersistentVolumeClaim', name: 'data-postgres-0' },
  });
  for (const name of ['postgres-data-snap', 'postgres-restore', 'postgres-clone']) {
    const kind = name.endsWith('snap') ? 'VolumeSnapshot' : 'PersistentVolumeClaim';
    expect(find(kind, name).metadata.namespace).toBe(find('StatefulSet', 'postgres').metadata.namespace);
  }
});

test('web-deploy: 3 replicas of the two lipaco containers, the claim mounted at /mnt', () => {
  const d = find('Deployment', 'web-deploy');
  expect(d.spec.replicas).toBe(3);
  expect(d.spec.selector).toEqual({ matchLabels: { app: 'web' } });
  const spec = d.spec.template.spec;
  expect(container({ spec }, 'nginx-lipaco')).toMatchObject({
    image: 'living_paradise_nginx',
    imagePullPolicy: 'Never',
    ports: [{ containerPort: 8004 }],
  });
  expect(container({ spec }, 'flask-lipaco')).toMatchObject({
    image: 'living_paradise_predict_product_demand',
    imagePullPolicy: 'Never',
    ports: [{ containerPort: 5004 }],
    volumeMounts: [{ name: 'hostpath-pv', mountPath: '/mnt' }],
  });
  expect(spec.volumes).toEqual([{ name: 'hostpath-pv', persistentVolumeClaim: { claimName: 'lipaco-pvc' } }]);
});

test('the storage plan of the whole app: every claim as intended, no errors, the expected warnings', () => {
  const plan = planStorage(all);
  const outcome = Object.fromEntries(
    plan.claims.map((c) => [c.name, [c.outcome, c.volume ?? c.storageClass]]),
  );
  expect(outcome).toEqual({
    'lipaco-pvc': ['bound', 'data1'],
    'pvc-01': ['bound', 'pv-01'],
    'mongodb-pvc': ['bound', 'mongodb-pv'],
    'mongodb-pvc-dp': ['waiting', 'fast'],
    'www-web-0': ['waiting', 'regional-ssd'],
    'www-web-1': ['waiting', 'regional-ssd'],
    'data-postgres-0': ['waiting', 'postgres-ssd'],
    // restored and cloned when a pod first mounts them (WaitForFirstConsumer)
    'postgres-restore': ['waiting', 'postgres-ssd'],
    'postgres-clone': ['waiting', 'postgres-ssd'],
    // Pod scratch's generic ephemeral volume: the claim <pod>-<volume> the ephemeral volume controller makes
    'scratch-scratch': ['waiting', 'scratch-standard'],
  });
  expect(plan.findings.filter((f) => f.severity === 'error')).toEqual([]);
  // web-deploy's 3 replicas share lipaco-pvc (ReadWriteOnce), bound to the hostPath volume data1:
  // never attached, so no Multi-Attach (claim-access-mode-shared); but each pod gets the directory
  // of its own node, so the replicas do not share data.
  expect(plan.claims.find((c) => c.name === 'lipaco-pvc')?.volume).toBe('data1');
  expect(find('PersistentVolume', 'data1').spec.hostPath).toEqual({
    path: '/tmp/k8s-pv',
    type: 'DirectoryOrCreate',
  });
  expect(plan.findings.filter((f) => f.severity === 'warning')).toEqual([
    {
      severity: 'warning',
      rule: 'hostpath-multi-replica',
      object: 'Deployment/default/web-deploy',
      field: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
      message:
        'claim "lipaco-pvc" binds hostPath volume "data1" ("/tmp/k8s-pv") and is mounted by ' +
        'Deployment/default/web-deploy (3 pods): a hostPath volume is a directory of whichever node a pod lands on, ' +
        'so pods on different nodes do not share data and a rescheduled pod loses what it wrote; use a ReadWriteMany ' +
        'volume to share data, or pin the pods to one node (a local volume with nodeAffinity)',
    },
  ]);
  const levels = plan.findings
    .filter((f) => f.rule === 'pod-security')
    .map((f) => [f.object, /"(\w+)"/.exec(f.message)?.[1]]);
  expect(levels).toContainEqual(['Pod/default/pod-volume-2', 'privileged']);
  expect(levels).toContainEqual(['Pod/default/fortune', 'baseline']);
});
