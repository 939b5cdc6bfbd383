/**
 * The app: one chart per storage scenario, synthesized to dist/ (one `<chart>.k8s.yaml` each,
 * plus `storage-plan.md`), as a GitOps repository consumes it. Object names are the scenarios'
 * own. Namespaces follow the library's one policy (src/constructs/_namespace.ts): every namespaced object gets
 * the construct's `namespace` prop, else its chart's namespace, else `default`, always written out;
 * nothing sets one on the pod-only scenarios, so they are written into `default`. Every construct
 * checks its own objects with the plan's object-scoped rules when created (src/constructs/_self-check.ts), for
 * the Kubernetes minor of the context value `cdk8s-volumes:kubernetesVersion` (default: the newest).
 * The storage plan runs at synth: an error finding fails `npm run synth` and `cdk8s synth`.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AccessMode,
  ClaimDataSource,
  ClaimDeployment,
  ClaimPod,
  ClaimStatefulSet,
  DynamicClaim,
  EmptyDirMedium,
  GcePdDiskType,
  GcePdReplication,
  GitClonePod,
  HostPathDaemon,
  HostPathPod,
  HostPathType,
  ImagePullPolicy,
  NodeAffinity,
  PersistentVolumeSource,
  PodVolume,
  Provisioner,
  ReclaimPolicy,
  SharedEmptyDirPod,
  StaticClaim,
  StaticPersistentVolume,
  StorageChecks,
  StorageClass,
  VolumeBindingMode,
  VolumeSnapshot,
  VolumeSnapshotClass,
} from './index';

/** A chart per scenario: its id is the file name in dist/, no hash suffixes on names. */
function scenario(app: App, id: string, build: (chart: Construct) => void): void {
  build(new Chart(app, id, { disableResourceNameHashes: true }));
}

/** Busybox pinned: the helper containers below use only its shell, sleep and stat. */
const BUSYBOX = 'busybox:1.36';

export function buildApp(app: App): App {
  // Two containers share the emptyDir `html`: a writer and nginx serving it read-only.
  scenario(app, 'fortune', (c) => SharedEmptyDirPod.fortune(c, 'fortune'));

  // The same on tmpfs: the fortune file lives in RAM and counts against a memory limit.
  scenario(app, 'fortune-tmpfs', (c) =>
    SharedEmptyDirPod.fortune(c, 'fortune-tmpfs', {
      name: 'fortune-tmpfs',
      medium: EmptyDirMedium.MEMORY,
      sizeLimit: '16Mi',
      memoryLimit: '64Mi',
    }),
  );

  // Pod Security `restricted`, with images that run unprivileged.
  scenario(app, 'fortune-restricted', (c) =>
    SharedEmptyDirPod.fortune(c, 'fortune-restricted', { name: 'fortune-restricted', hardened: true }),
  );

  // A web server, a content agent writing its pages, and a log rotator sharing its logs.
  scenario(app, 'web-content-log', (c) => {
    const html = PodVolume.emptyDir('public-html');
    const logs = PodVolume.emptyDir('log-vol');
    new SharedEmptyDirPod(c, 'web-content-log', {
      name: 'web-content-log',
      containers: [
        {
          // Python's http.server serves /var/htdocs and logs each request to stderr, appended to a file.
          name: 'web-server',
          image: 'python:3.12-alpine',
          command: [
            'sh',
            '-c',
            'exec python3 -m http.server 80 --directory /var/htdocs 2>>/var/logs/access.log',
          ],
          ports: [80],
          mounts: [
            { volume: html, path: '/var/htdocs', readOnly: true },
            { volume: logs, path: '/var/logs' },
          ],
        },
        {
          name: 'content-agent',
          image: BUSYBOX,
          command: [
            'sh',
            '-c',
            'while true; do echo "<h1>$(hostname)</h1><p>updated $(date -u)</p>" >/var/html/index.html.tmp && mv /var/html/index.html.tmp /var/html/index.html; sleep 30; done',
          ],
          mounts: [{ volume: html, path: '/var/html' }],
        },
        {
          // copytruncate: the server keeps appending to the same open file, so copy it, then empty it.
          name: 'log-rotator',
          image: BUSYBOX,
          command: [
            'sh',
            '-c',
            'while true; do f=/var/logs/access.log; if [ -f $f ] && [ $(stat -c %s $f) -gt 10485760 ]; then cp $f $f.1 && : >$f; fi; sleep 60; done',
          ],
          mounts: [{ volume: logs, path: '/var/logs' }],
        },
      ],
    });
  });

  // The modern form of the deprecated gitRepo volume: an init container clones into an emptyDir.
  scenario(app, 'gitrepo-volume-pod', (c) =>
    GitClonePod.webServer(c, 'gitrepo-volume-pod', {
      name: 'gitrepo-volume-pod',
      repository: 'https://github.com/luksa/kubia-website-example.git',
      revision: 'master',
    }),
  );

  scenario(app, 'pod-volume-1', (c) => {
    const emptyDir = PodVolume.emptyDir('empty-dir');
    new SharedEmptyDirPod(c, 'pod-volume-1', {
      name: 'pod-volume-1',
      containers: [
        { name: 'container1', image: 'tmkube/init', mounts: [{ volume: emptyDir, path: '/mount1' }] },
        { name: 'container2', image: 'tmkube/init', mounts: [{ volume: emptyDir, path: '/mount2' }] },
      ],
    });
  });

  scenario(
    app,
    'pod-volume-2',
    (c) =>
      new HostPathPod(c, 'pod-volume-2', {
        name: 'pod-volume-2',
        containers: [
          {
            name: 'container',
            image: 'tmkube/init',
            hostPathMounts: [
              {
                volume: PodVolume.hostPath('host-path', { path: '/node-v', type: HostPathType.DIRECTORY }),
                path: '/mount1',
              },
            ],
          },
        ],
      }),
  );

  // Every node's logs, read-only, on every node (control plane included).
  scenario(
    app,
    'node-log-reader',
    (c) =>
      new HostPathDaemon(c, 'node-log-reader', {
        name: 'node-log-reader',
        tolerateAllTaints: true,
        containers: [
          {
            name: 'reader',
            image: BUSYBOX,
            command: ['sh', '-c', 'tail -n 0 -F /var/log/*.log'],
            hostPathMounts: [
              {
                volume: PodVolume.hostPath('var-log', { path: '/var/log', type: HostPathType.DIRECTORY }),
                path: '/var/log',
              },
            ],
          },
        ],
      }),
  );

  // Static provisioning by label: the admin's hostPath volume, a claim selecting it, 3 replicas.
  scenario(app, 'web-deploy', (c) => {
    new StaticPersistentVolume(c, 'data1', {
      name: 'data1',
      labels: { name: 'pv-data' },
      capacity: '2Gi',
      accessModes: [AccessMode.READ_WRITE_ONCE],
      source: PersistentVolumeSource.hostPath('/tmp/k8s-pv', HostPathType.DIRECTORY_OR_CREATE),
    });
    const claim = new StaticClaim(c, 'lipaco-pvc', {
      name: 'lipaco-pvc',
      storage: '2G',
      accessModes: [AccessMode.READ_WRITE_ONCE],
      selector: { matchLabels: { name: 'pv-data' } },
    });
    new ClaimDeployment(c, 'web-deploy', {
      name: 'web-deploy',
      replicas: 3,
      selectorLabels: { app: 'web' },
      containers: [
        {
          name: 'nginx-lipaco',
          image: 'living_paradise_nginx',
          ports: [8004],
          imagePullPolicy: ImagePullPolicy.NEVER,
        },
        {
          name: 'flask-lipaco',
          image: 'living_paradise_predict_product_demand',
          ports: [5004],
          imagePullPolicy: ImagePullPolicy.NEVER,
          mounts: [{ volume: claim.toPodVolume('hostpath-pv'), path: '/mnt' }],
        },
      ],
    });
  });

  // A local volume pinned to node1, reserved for its claim (a class-less 1G claim could
  // otherwise take another class-less volume).
  scenario(app, 'pod-volume-3', (c) => {
    const pv = new StaticPersistentVolume(c, 'pv-01', {
      name: 'pv-01',
      capacity: '1G',
      accessModes: [AccessMode.READ_WRITE_ONCE],
      source: PersistentVolumeSource.local('/node-v'),
      nodeAffinity: NodeAffinity.matchLabel('node', ['node1']),
    });
    const claim = new StaticClaim(c, 'pvc-01', {
      name: 'pvc-01',
      storage: '1G',
      accessModes: [AccessMode.READ_WRITE_ONCE],
      volume: pv,
    });
    new ClaimPod(c, 'pod-volume-3', {
      name: 'pod-volume-3',
      containers: [
        {
          name: 'container',
          image: 'tmkube/init',
          mounts: [{ volume: claim.toPodVolume('pvc-pv'), path: '/volume' }],
        },
      ],
    });
  });

  // A GCE persistent disk made by the admin (through its CSI driver), reserved for MongoDB:
  // without the reservation the RWO claim would take the smaller-mode-set volume data1 first.
  scenario(app, 'mongodb', (c) => {
    const pv = new StaticPersistentVolume(c, 'mongodb-pv', {
      name: 'mongodb-pv',
      capacity: '1Gi',
      accessModes: [AccessMode.READ_WRITE_ONCE, AccessMode.READ_ONLY_MANY],
      source: PersistentVolumeSource.gcePdCsi({ diskName: 'mongodb', fsType: 'ext4' }),
    });
    const claim = new StaticClaim(c, 'mongodb-pvc', {
      name: 'mongodb-pvc',
      storage: '1Gi',
      accessModes: [AccessMode.READ_WRITE_ONCE],
      volume: pv,
    });
    new ClaimPod(c, 'mongodb', {
      name: 'mongodb',
      containers: [
        {
          name: 'mongodb',
          image: 'mongo',
          ports: [27017],
          mounts: [{ volume: claim.toPodVolume('mongodb-data'), path: '/data/db' }],
        },
      ],
    });
  });

  // Dynamic provisioning: an SSD class, and a claim the provisioner fills when the pod is scheduled.
  scenario(app, 'mongodb-dp', (c) => {
    const fast = new StorageClass(c, 'fast', {
      name: 'fast',
      provisioner: Provisioner.gcePdCsi({ type: GcePdDiskType.SSD }),
    });
    const claim = new DynamicClaim(c, 'mongodb-pvc-dp', {
      name: 'mongodb-pvc-dp',
      storage: '100Mi',
      accessModes: [AccessMode.READ_WRITE_ONCE],
      storageClass: fast,
    });
    new ClaimPod(c, 'mongodb-dp', {
      name: 'mongodb-dp',
      containers: [
        {
          name: 'mongodb',
          image: 'mongo',
          ports: [27017],
          mounts: [{ volume: claim.toPodVolume('mongodb-data'), path: '/data/db' }],
        },
      ],
    });
  });

  // A StatefulSet with a claim per replica on a regional (two-zone replicated) SSD class.
  scenario(app, 'web-statefulset', (c) => {
    const regional = new StorageClass(c, 'regional-ssd', {
      name: 'regional-ssd',
      provisioner: Provisioner.gcePdCsi({
        type: GcePdDiskType.SSD,
        replication: GcePdReplication.REGIONAL_PD,
      }),
    });
    new ClaimStatefulSet(c, 'web', {
      name: 'web',
      replicas: 2,
      serviceName: 'web',
      containers: [{ name: 'nginx', image: 'nginx:alpine', ports: [80] }],
      volumeClaimTemplates: [
        {
          name: 'www',
          storage: '10Gi',
          accessModes: [AccessMode.READ_WRITE_ONCE],
          storageClass: regional,
          mountPath: '/usr/share/nginx/html',
        },
      ],
    });
  });

  // PostgreSQL as it runs in production: the password from a Secret (created outside the app),
  // PGDATA in a subdirectory of the claim (initdb refuses a mount root holding lost+found), a
  // readiness probe, and a class that keeps the disk (Retain) and can grow it.
  scenario(app, 'postgres', (c) => {
    const ssd = new StorageClass(c, 'postgres-ssd', {
      name: 'postgres-ssd',
      provisioner: Provisioner.gcePdCsi({ type: GcePdDiskType.SSD }),
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: true,
      reclaimPolicy: ReclaimPolicy.RETAIN,
    });
    new ClaimStatefulSet(c, 'postgres', {
      name: 'postgres',
      serviceName: 'postgres',
      containers: [
        {
          name: 'postgres',
          image: 'postgres:16',
          ports: [5432],
          env: { PGDATA: '/var/lib/postgresql/data/pgdata' },
          envVars: [
            {
              name: 'POSTGRES_PASSWORD',
              valueFrom: { secretKeyRef: { name: 'postgres-auth', key: 'password' } },
            },
          ],
          resources: { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' },
          readinessProbe: {
            exec: { command: ['pg_isready', '-U', 'postgres'] },
            initialDelaySeconds: 5,
            periodSeconds: 10,
          },
        },
      ],
      // Time for a clean shutdown (a checkpoint) before SIGKILL: no crash recovery on the next start.
      podOptions: { terminationGracePeriodSeconds: 60 },
      volumeClaimTemplates: [
        { name: 'data', storage: '10Gi', storageClass: ssd, mountPath: '/var/lib/postgresql/data' },
      ],
    });
  });

  // Snapshot, restore and clone of postgres's claim data-postgres-0 (the StatefulSet above, on
  // class postgres-ssd of pd.csi.storage.gke.io). The snapshot class keeps the disk snapshot when
  // the VolumeSnapshot is deleted or pruned (Retain).
  scenario(app, 'postgres-snapshots', (c) => {
    const snapClass = new VolumeSnapshotClass(c, 'csi-snapclass', { driver: 'pd.csi.storage.gke.io' });
    const snap = new VolumeSnapshot(c, 'postgres-data-snap', {
      claimName: 'data-postgres-0',
      volumeSnapshotClass: snapClass,
    });
    new DynamicClaim(c, 'postgres-restore', {
      storage: '10Gi',
      storageClassName: 'postgres-ssd',
      dataSource: ClaimDataSource.fromSnapshot(snap),
    });
    new DynamicClaim(c, 'postgres-clone', {
      storage: '10Gi',
      storageClassName: 'postgres-ssd',
      dataSource: ClaimDataSource.fromClaimName('data-postgres-0'),
    });
  });

  // Scratch space that follows the pod: a 1Gi claim made for the pod and deleted with it, on a
  // class that deletes the disk too.
  scenario(app, 'scratch', (c) => {
    const scratchClass = new StorageClass(c, 'scratch-standard', {
      name: 'scratch-standard',
      provisioner: Provisioner.gcePdCsi(),
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      reclaimPolicy: ReclaimPolicy.DELETE,
    });
    const scratch = PodVolume.ephemeral('scratch', { storage: '1Gi', storageClass: scratchClass });
    new ClaimPod(c, 'scratch', {
      name: 'scratch',
      containers: [
        {
          name: 'worker',
          image: BUSYBOX,
          command: ['sh', '-c', 'df -h /scratch && exec sleep 3600'],
          mounts: [{ volume: scratch, path: '/scratch' }],
        },
      ],
    });
  });

  return app;
}

/** Synthesizes the app to its outdir (CDK8S_OUTDIR, default dist/) with the storage plan on. */
export function main(): App {
  const app = new App();
  // The change plan against the committed dist/: a synth that would break what is applied fails.
  StorageChecks.enable(app, { previousGitRevision: 'HEAD', previousGitPath: 'dist' });
  buildApp(app).synth();
  return app;
}

// `ts-node src/main.ts` runs it directly; scripts/synth.js calls main().
if (require.main === module) main();
