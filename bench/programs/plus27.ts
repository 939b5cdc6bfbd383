/**
 * (b) cdk8s-plus-27's L2 where it has a construct: kplus.Pod with a kplus.Volume (emptyDir) and
 * kplus.PersistentVolumeClaim bound to its volume by name. cdk8s-plus-27 has PersistentVolume
 * constructs only for AWS EBS, GCE PD and Azure Disk, and no StorageClass, so the hostPath/nfs
 * volume and the class are the L1 classes from imports/k8s.ts, as a cdk8s-plus-27 user would write them.
 * Its defaults are turned off where a prop allows it (non-root, read-only root filesystem,
 * resource requests) so the pod starts with these images; the defaults it always emits are
 * listed in bench/equivalence.js.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../../imports/k8s';
import { charts, describeSet } from '../workload';

export function build(n: number, outdir: string): App {
  const app = new App({ outdir });
  const rootful = { ensureNonRoot: false, readOnlyRootFilesystem: false };
  for (const c of charts(n)) {
    const chart = new Chart(app, c.id);
    for (const i of c.sets) {
      const d = describeSet(i);
      const p = d.pod;
      const html = kplus.Volume.fromEmptyDir(chart, `${p.name}-${p.volume}`, p.volume);
      new kplus.Pod(chart, p.name, {
        metadata: { name: p.name, namespace: 'default', labels: { ...p.labels } },
        securityContext: { ensureNonRoot: false },
        automountServiceAccountToken: false,
        containers: [
          {
            name: p.writer.name,
            image: p.writer.image,
            resources: {},
            securityContext: rootful,
            volumeMounts: [{ volume: html, path: p.writer.path }],
          },
          {
            name: p.server.name,
            image: p.server.image,
            portNumber: p.server.port,
            resources: {},
            securityContext: rootful,
            volumeMounts: [{ volume: html, path: p.server.path, readOnly: true }],
          },
        ],
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
      new kplus.PersistentVolumeClaim(chart, d.claim.name, {
        metadata: { name: d.claim.name, namespace: d.claim.namespace },
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
        storage: Size.gibibytes(parseInt(d.claim.storage, 10)),
        storageClassName: '',
        volume: kplus.PersistentVolume.fromPersistentVolumeName(chart, `${v.name}-ref`, v.name),
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
