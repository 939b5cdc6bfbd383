#!/usr/bin/env node
// The change plan's cost: planStorage(next, { previous }) against planStorage(next) alone, at N sets
// (issue #13, item 6: <= 1.3x at N=5000, linear to N=20000).
//
//   node --expose-gc bench/change-plan.js [1000,5000,20000] [runs] [all,pr,images]
//
// Set i is the bench workload's set (bench/workload.ts): the pod fortune-i mounting claim-i, which
// reserves PersistentVolume pv-i (4Gi), StorageClass class-i (can expand); every tenth set adds a
// StatefulSet with a claim template. `next` is `previous` after an edit, in one of three patterns:
//   all     every set edited: labels, images, every other claim grown, StatefulSets scaled, one
//           edited set in ten renamed (a deletion and a creation); every object differs (worst case)
//   pr      the same edit in one set in a hundred (a pull request of the usual size)
//   images  one set in a hundred gets new labels and images, no claim or StatefulSet spec changes
//           (the most common GitOps change: the previous manifests need no binding plan)
// Both sides are built before timing; each run times one planStorage call in this process, the
// two kinds interleaved, after a collection when --expose-gc is given. Prints JSON.
'use strict';
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { planStorage } = require('../src/plan/plan');

const PATTERNS = {
  all: { every: 1, storage: true },
  pr: { every: 100, storage: true },
  images: { every: 100, storage: false },
};

/** The documents of set i; `pattern` undefined: as before the edit. */
function set(i, pattern) {
  const edited = pattern !== undefined && i % pattern.every === 0;
  const storage = edited && pattern.storage; // claims, StatefulSets and names change too
  const k = edited ? i / pattern.every : 0;
  const ns = `team-${i % 20}`;
  const name = storage && k % 10 === 5 ? `renamed-${i}` : `${i}`;
  const labels = { app: `fortune-${i}`, ...(edited ? { release: 'b' } : { release: 'a' }) };
  const grow = storage && k % 2 === 0;
  const docs = [
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: `class-${name}` },
      provisioner: 'ebs.csi.aws.com',
      allowVolumeExpansion: true,
      reclaimPolicy: 'Retain',
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `pv-${name}`, labels },
      spec: {
        capacity: { storage: '4Gi' },
        accessModes: ['ReadWriteOnce'],
        storageClassName: `class-${name}`,
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: ns, name: `claim-${name}` },
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: `vol-${i}` },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: `claim-${name}`, namespace: ns, labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: `class-${name}`,
        resources: { requests: { storage: grow ? '3Gi' : '2Gi' } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `fortune-${name}`, namespace: ns, labels },
      spec: {
        containers: [
          {
            name: 'fortune',
            image: edited ? 'busybox:1.37' : 'busybox:1.36',
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
        ],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: `claim-${name}` } }],
      },
    },
  ];
  if (i % 10 === 0) {
    docs.push({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: `db-${name}`, namespace: ns, labels },
      spec: {
        replicas: storage ? 4 : 3,
        serviceName: `db-${name}`,
        selector: { matchLabels: { app: `db-${i}` } },
        template: {
          metadata: { labels: { app: `db-${i}` } },
          spec: { containers: [{ name: 'db', image: edited ? 'postgres:17' : 'postgres:16' }] },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: `class-${name}`,
              resources: { requests: { storage: '1Gi' } },
            },
          },
        ],
      },
    });
  }
  return docs;
}

/** The manifests of n sets, edited by `pattern` (undefined: the previous manifests). */
function manifests(n, pattern) {
  const out = [];
  for (let i = 0; i < n; i++) for (const d of set(i, pattern)) out.push(d);
  return out;
}

/** Wall seconds and CPU seconds (user + system, this process: the collector's threads too) of one call. */
function time(fn) {
  if (global.gc) global.gc();
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  const result = fn();
  const used = process.cpuUsage(cpu);
  return { s: Number(process.hrtime.bigint() - t) / 1e9, cpu: (used.user + used.system) / 1e6, result };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const sizes = (process.argv[2] ?? '1000,5000,20000').split(',').map(Number);
const runs = Number(process.argv[3] ?? 5);
const edits = (process.argv[4] ?? 'all,pr,images').split(',');
const rows = [];
for (const edit of edits)
  for (const n of sizes) {
    if (!PATTERNS[edit]) throw new Error(`unknown edit pattern ${edit}: all, pr or images`);
    const previous = manifests(n, undefined);
    const next = manifests(n, PATTERNS[edit]);
    planStorage(next.slice(0, 200), { previous: previous.slice(0, 200) }); // warm-up: JIT, module load
    const alone = [];
    const withPrevious = [];
    const aloneCpu = [];
    const withPreviousCpu = [];
    let changes = 0;
    let findings = 0;
    for (let r = 0; r < runs; r++) {
      const x = time(() => planStorage(next));
      alone.push(x.s);
      aloneCpu.push(x.cpu);
      const w = time(() => planStorage(next, { previous }));
      withPrevious.push(w.s);
      withPreviousCpu.push(w.cpu);
      changes = (w.result.changes ?? []).filter((c) => c.action !== 'unchanged').length;
      findings = w.result.findings.length;
    }
    const a = median(alone);
    const w = median(withPrevious);
    rows.push({
      edit,
      sets: n,
      objects: next.length,
      aloneS: +a.toFixed(3),
      withPreviousS: +w.toFixed(3),
      ratio: +(w / a).toFixed(3),
      aloneCpuS: +median(aloneCpu).toFixed(3),
      withPreviousCpuS: +median(withPreviousCpu).toFixed(3),
      cpuRatio: +(median(withPreviousCpu) / median(aloneCpu)).toFixed(3),
      changed: changes,
      findings,
    });
    process.stderr.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
  }
/** Growth from the smallest to the largest N, per edit pattern. */
const growth = edits.map((edit) => {
  const mine = rows.filter((r) => r.edit === edit);
  const first = mine[0];
  const last = mine[mine.length - 1];
  return {
    edit,
    sets: last.sets / first.sets,
    alone: +(last.aloneS / first.aloneS).toFixed(3),
    withPrevious: +(last.withPreviousS / first.withPreviousS).toFixed(3),
    aloneCpu: +(last.aloneCpuS / first.aloneCpuS).toFixed(3),
    withPreviousCpu: +(last.withPreviousCpuS / first.withPreviousCpuS).toFixed(3),
  };
});
console.log(JSON.stringify({ node: process.version, runs, rows, growth }, null, 2));
