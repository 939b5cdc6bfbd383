/**
 * Timing of the binding predictor on generated manifests: N volumes and N claims over mixed
 * classes (Immediate, WaitForFirstConsumer, no-provisioner, unknown, none), access modes,
 * volumeModes, selectors (matchLabels, In + Exists, NotIn), claimRefs and volumeNames.
 *
 *   npx ts-node --transpile-only bench/plan-gen.ts [10000,100000] [repeats]
 */
import { predictBindings } from '../src/plan/binding';

/** mulberry32: the same manifests on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIZES = ['500Mi', '1G', '1Gi', '2Gi', '5Gi', '10G', '10Gi', '20Gi', '50Gi', '100Gi', '1Ti'];
const CLASSES = ['', 'fast', 'slow', 'local', 'nfs', 'unknown-class'];
const MODES = [
  ['ReadWriteOnce'],
  ['ReadWriteOnce', 'ReadOnlyMany'],
  ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'],
  ['ReadWriteMany'],
  ['ReadWriteOncePod'],
];
const TIERS = ['gold', 'silver', 'bronze'];

export function generate(n: number, seed = 1): unknown[] {
  const r = random(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const sc = (name: string, provisioner: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner,
    ...extra,
  });
  const out: unknown[] = [
    sc('fast', 'ebs.csi.aws.com', {
      metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    }),
    sc('slow', 'ebs.csi.aws.com', { volumeBindingMode: 'WaitForFirstConsumer' }),
    sc('local', 'kubernetes.io/no-provisioner', { volumeBindingMode: 'WaitForFirstConsumer' }),
    sc('nfs', 'nfs.csi.k8s.io'),
  ];
  for (let i = 0; i < n; i++) {
    const labels: Record<string, string> = { tier: pick(TIERS), zone: `z${Math.floor(r() * 4)}` };
    if (r() < 0.3) labels.ssd = 'true';
    out.push({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `pv-${i}`, labels },
      spec: {
        capacity: { storage: pick(SIZES) },
        accessModes: pick(MODES),
        storageClassName: pick(CLASSES.slice(0, 5)),
        ...(r() < 0.05 ? { volumeMode: 'Block' } : {}),
        ...(r() < 0.02
          ? { claimRef: { name: `pvc-${Math.floor(r() * n)}`, namespace: `ns${Math.floor(r() * 10)}` } }
          : {}),
        hostPath: { path: '/data' },
      },
    });
  }
  for (let i = 0; i < n; i++) {
    const x = r();
    const selector =
      x < 0.1
        ? { matchLabels: { tier: pick(TIERS) } }
        : x < 0.15
          ? {
              matchExpressions: [
                { key: 'zone', operator: 'In', values: ['z1', 'z2'] },
                { key: 'ssd', operator: 'Exists' },
              ],
            }
          : x < 0.2
            ? { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] }
            : undefined;
    out.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: `pvc-${i}`, namespace: `ns${i % 10}` },
      spec: {
        accessModes: pick(MODES),
        resources: { requests: { storage: pick(SIZES) } },
        ...(r() < 0.15 ? {} : { storageClassName: pick(CLASSES) }),
        ...(r() < 0.05 ? { volumeMode: 'Block' } : {}),
        ...(selector ? { selector } : {}),
        ...(r() < 0.02 ? { volumeName: `pv-${Math.floor(r() * n)}` } : {}),
      },
    });
  }
  return out;
}

if (require.main === module) {
  const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
  const repeats = Number(process.argv[3] ?? 5);
  predictBindings(generate(2000, 2)); // warm the JIT
  for (const n of sizes) {
    const manifests = generate(n);
    const times: number[] = [];
    let outcomes: Record<string, number> = {};
    for (let k = 0; k < repeats; k++) {
      const t0 = process.hrtime.bigint();
      const { claims } = predictBindings(manifests);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      outcomes = {};
      for (const c of claims) outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
    }
    times.sort((a, b) => a - b);
    console.log(
      `${n} volumes + ${n} claims: min ${times[0].toFixed(0)} ms, median ${times[times.length >> 1].toFixed(0)} ms`,
      JSON.stringify(outcomes),
    );
  }
}
