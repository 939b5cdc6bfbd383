/** (c) The L1 classes cdk8s import generates (imports/k8s.ts), one per object, no checks. */
import { App, Chart } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { charts, describeSet } from '../workload';

export function build(n: number, outdir: string): App {
  const app = new App({ outdir });
  for (const c of charts(n)) {
    const chart = new Chart(app, c.id);
    for (const i of c.sets) {
      const d = describeSet(i);
      const p = d.pod;
      new k8s.KubePod(chart, p.name, {
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
      });
      const v = d.volume;
      new k8s.KubePersistentVolume(chart, v.name, {
        metadata: { name: v.name },
        spec: {
          capacity: { storage: k8s.Quantity.fromString(v.capacity) },
          accessModes: [v.accessMode],
          persistentVolumeReclaimPolicy: v.reclaimPolicy,
          claimRef: { name: d.claim.name, namespace: d.claim.namespace },
          hostPath: v.hostPath && { ...v.hostPath },
          nfs: v.nfs && { ...v.nfs },
        },
      });
      new k8s.KubePersistentVolumeClaim(chart, d.claim.name, {
        metadata: { name: d.claim.name, namespace: d.claim.namespace },
        spec: {
          accessModes: [v.accessMode],
          resources: { requests: { storage: k8s.Quantity.fromString(d.claim.storage) } },
          storageClassName: '',
          volumeName: v.name,
        },
      });
      const s = d.storageClass;
      new k8s.KubeStorageClass(chart, s.name, {
        metadata: { name: s.name },
        provisioner: s.provisioner,
        reclaimPolicy: s.reclaimPolicy,
        volumeBindingMode: s.volumeBindingMode,
      });
    }
  }
  return app;
}

export function run(n: number, outdir: string): void {
  build(n, outdir).synth();
}
