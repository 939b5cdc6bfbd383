/**
 * The one description of the synth benchmark's workload. Every program (ours, cdk8s-plus-27,
 * L1, floor) builds set i from `describeSet(i)`, so the four cannot drift apart; the harness
 * also parses their YAML and compares it (bench/equivalence.js) in case an emitter mis-maps a field.
 *
 * Set i: the fortune pod `fortune-i` (luksa/fortune writes, nginx:alpine serves, sharing the
 * emptyDir `html`), the PersistentVolume `pv-i` (2Gi, ReadWriteOnce, Retain; hostPath
 * /data/pv-i Directory for even i, nfs for odd i), the claim `claim-i` reserving it (volumeName
 * + claimRef) and the StorageClass `class-i`. Sets are grouped into charts of SETS_PER_CHART,
 * so N = 20000 writes 200 files, as an app with many charts would.
 */

/** Sets per chart (one YAML file per chart, as cdk8s synth writes). */
export const SETS_PER_CHART = 100;

/** The namespace of the claims (the library always emits one: a claimRef must carry it). */
export const NAMESPACE = 'default';

export interface SetDescription {
  readonly pod: {
    readonly name: string;
    readonly labels: { [key: string]: string };
    readonly volume: string;
    readonly writer: { readonly name: string; readonly image: string; readonly path: string };
    readonly server: {
      readonly name: string;
      readonly image: string;
      readonly path: string;
      readonly port: number;
    };
  };
  readonly volume: {
    readonly name: string;
    readonly capacity: string;
    readonly accessMode: 'ReadWriteOnce';
    readonly reclaimPolicy: 'Retain';
    readonly hostPath?: { readonly path: string; readonly type: 'Directory' };
    readonly nfs?: { readonly server: string; readonly path: string };
  };
  readonly claim: { readonly name: string; readonly namespace: string; readonly storage: string };
  readonly storageClass: {
    readonly name: string;
    readonly provisioner: string;
    readonly reclaimPolicy: 'Retain';
    readonly volumeBindingMode: 'WaitForFirstConsumer';
  };
}

export function describeSet(i: number): SetDescription {
  return {
    pod: {
      name: `fortune-${i}`,
      labels: { app: `fortune-${i}` },
      volume: 'html',
      writer: { name: 'html-generator', image: 'luksa/fortune', path: '/var/htdocs' },
      server: { name: 'web-server', image: 'nginx:alpine', path: '/usr/share/nginx/html', port: 80 },
    },
    volume: {
      name: `pv-${i}`,
      capacity: '2Gi',
      accessMode: 'ReadWriteOnce',
      reclaimPolicy: 'Retain',
      ...(i % 2 === 0
        ? { hostPath: { path: `/data/pv-${i}`, type: 'Directory' as const } }
        : { nfs: { server: 'nfs.example.com', path: `/exports/pv-${i}` } }),
    },
    claim: { name: `claim-${i}`, namespace: NAMESPACE, storage: '2Gi' },
    // kubernetes.io/no-provisioner is the local-volume class: it must wait for the first consumer.
    storageClass: {
      name: `class-${i}`,
      provisioner: 'kubernetes.io/no-provisioner',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
    },
  };
}

/** The chart ids and the sets each holds, for N sets. */
export function charts(n: number): Array<{ id: string; sets: number[] }> {
  const out: Array<{ id: string; sets: number[] }> = [];
  for (let start = 0; start < n; start += SETS_PER_CHART) {
    const sets: number[] = [];
    for (let i = start; i < Math.min(n, start + SETS_PER_CHART); i++) sets.push(i);
    out.push({ id: `sets-${String(start / SETS_PER_CHART).padStart(4, '0')}`, sets });
  }
  return out;
}

/**
 * The plain Kubernetes objects of set i: what the floor writes, and what every other program
 * must produce (modulo the fields bench/equivalence.js documents).
 */
export function manifestsOf(d: SetDescription): Array<Record<string, unknown>> {
  const p = d.pod;
  const v = d.volume;
  return [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: 'default', labels: { ...p.labels } },
      spec: {
        containers: [
          {
            name: p.writer.name,
            image: p.writer.image,
            volumeMounts: [{ name: p.volume, mountPath: p.writer.path }],
          },
          {
            name: p.server.name,
            image: p.server.image,
            ports: [{ containerPort: p.server.port }],
            volumeMounts: [{ name: p.volume, mountPath: p.server.path, readOnly: true }],
          },
        ],
        volumes: [{ name: p.volume, emptyDir: {} }],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: v.name },
      spec: {
        capacity: { storage: v.capacity },
        accessModes: [v.accessMode],
        persistentVolumeReclaimPolicy: v.reclaimPolicy,
        claimRef: { name: d.claim.name, namespace: d.claim.namespace },
        ...(v.hostPath ? { hostPath: { ...v.hostPath } } : { nfs: { ...v.nfs } }),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: d.claim.name, namespace: d.claim.namespace },
      spec: {
        accessModes: [v.accessMode],
        resources: { requests: { storage: d.claim.storage } },
        storageClassName: '',
        volumeName: v.name,
      },
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: d.storageClass.name },
      provisioner: d.storageClass.provisioner,
      reclaimPolicy: d.storageClass.reclaimPolicy,
      volumeBindingMode: d.storageClass.volumeBindingMode,
    },
  ];
}
