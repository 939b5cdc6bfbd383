/**
 * Input for the planStorage benchmark: V PersistentVolumes and C claims, generated
 * deterministically (a fixed-seed LCG), mixing what makes binding expensive: classes
 * (class-less, a default class, WaitForFirstConsumer, provisioner-less local), access-mode sets
 * (ReadWriteOncePod on CSI only), quantities in both units (1G < 1Gi), label selectors
 * (matchLabels and matchExpressions), reserved volumes (claimRef) and claims naming a volume.
 */
import { planStorage } from '../../src/plan/plan';

type Obj = Record<string, unknown>;

const RWO = 'ReadWriteOnce';
const ROX = 'ReadOnlyMany';
const RWX = 'ReadWriteMany';
const RWOP = 'ReadWriteOncePod';
const SIZES = ['500Mi', '1G', '1Gi', '2Gi', '5Gi', '10G', '10Gi', '100Gi'];
const MODE_SETS = [[RWO], [RWO], [RWO, ROX], [RWX], [ROX], [RWX, ROX]];
const TIERS = ['gold', 'silver', 'bronze'];
const ZONES = ['a', 'b', 'c'];
const NAMESPACES = 20;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generate(volumes: number, claims: number, seed = 42): Obj[] {
  const rnd = lcg(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: Obj[] = [
    storageClass('standard', 'pd.csi.storage.gke.io', 'Immediate', true),
    storageClass('fast', 'ebs.csi.aws.com', 'WaitForFirstConsumer'),
    storageClass('local', 'kubernetes.io/no-provisioner', 'WaitForFirstConsumer'),
    storageClass('nfs', 'nfs.csi.k8s.io', 'Immediate'),
  ];
  for (let i = 0; i < volumes; i++) {
    const cls = pick(['', '', '', 'local', 'fast', 'nfs']);
    const csi = rnd() < 0.15;
    const modes = csi && rnd() < 0.3 ? [RWOP] : pick(MODE_SETS);
    const spec: Obj = {
      capacity: { storage: pick(SIZES) },
      accessModes: modes,
      persistentVolumeReclaimPolicy: pick(['Retain', 'Retain', 'Delete']),
      ...(cls ? { storageClassName: cls } : {}),
    };
    if (cls === 'local') {
      spec.local = { path: `/mnt/disks/vol${i}` };
      spec.nodeAffinity = {
        required: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'kubernetes.io/hostname', operator: 'In', values: [`node-${i % 50}`] },
              ],
            },
          ],
        },
      };
    } else if (csi) {
      spec.csi = { driver: 'ebs.csi.aws.com', volumeHandle: `vol-${i.toString(16).padStart(8, '0')}` };
    } else if (rnd() < 0.5) {
      spec.nfs = { server: 'nfs.example.com', path: `/exports/vol${i}` };
    } else {
      spec.hostPath = { path: `/data/vol${i}`, type: 'DirectoryOrCreate' };
    }
    if (rnd() < 0.1) spec.claimRef = { name: `claim-${Math.floor(rnd() * claims)}`, namespace: ns(rnd) };
    out.push({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `vol-${i}`, labels: { tier: pick(TIERS), zone: pick(ZONES) } },
      spec,
    });
  }
  for (let j = 0; j < claims; j++) {
    const spec: Obj = {
      accessModes: rnd() < 0.05 ? [RWOP] : pick(MODE_SETS),
      resources: { requests: { storage: pick(SIZES) } },
    };
    const cls = pick(['', '', '', 'local', 'fast', 'nfs', undefined]);
    if (cls !== undefined) spec.storageClassName = cls;
    const r = rnd();
    if (r < 0.1) spec.selector = { matchLabels: { tier: pick(TIERS) } };
    else if (r < 0.2)
      spec.selector = {
        matchExpressions: [{ key: 'zone', operator: 'In', values: [pick(ZONES), pick(ZONES)] }],
      };
    else if (r < 0.25) spec.volumeName = `vol-${Math.floor(rnd() * volumes)}`;
    out.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: `claim-${j}`, namespace: `ns-${j % NAMESPACES}` },
      spec,
    });
  }
  return out;
}

function ns(rnd: () => number): string {
  return `ns-${Math.floor(rnd() * NAMESPACES)}`;
}

function storageClass(name: string, provisioner: string, mode: string, isDefault = false): Obj {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name,
      ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    provisioner,
    reclaimPolicy: 'Delete',
    volumeBindingMode: mode,
  };
}

/** Times planStorage alone (generation is not measured) and says what it predicted. */
export function measure(volumes: number, claims: number): Obj {
  const manifests = generate(volumes, claims);
  const t0 = process.hrtime.bigint();
  const plan = planStorage(manifests);
  const t1 = process.hrtime.bigint();
  const outcomes: Record<string, number> = {};
  for (const c of plan.claims) outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
  const findings: Record<string, number> = {};
  for (const f of plan.findings) findings[f.severity] = (findings[f.severity] ?? 0) + 1;
  return { plan_s: Number(t1 - t0) / 1e9, outcomes, findings };
}
