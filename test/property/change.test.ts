/**
 * Properties of the change plan (src/plan/change.ts): an update to the same manifests is no change
 * at all (no finding, every object `unchanged`), for valid manifests and for garbage alike; and the
 * changes Kubernetes accepts (labels and annotations, scaling, pod template edits, growing a bound
 * claim on an expandable class, a PersistentVolume's capacity, a StorageClass's mount options, a
 * Job's parallelism, a Pod's images and added tolerations) add no error.
 */
import fc from 'fast-check';
import { planChanges } from '../../src/plan/change';
import { planStorage } from '../../src/plan/plan';
import { indexManifests } from '../../src/plan/_manifest';
import { predictIndexed } from '../../src/plan/binding';
import { checkProperty, dnsLabel, image, labelKey, labelValue, QUARTER_RUNS, TIMEOUT } from './_fc';

type Obj = Record<string, any>;

const NS = 'app';

/** A world of storage manifests, and the knobs an accepted edit turns. */
interface World {
  readonly reclaim: 'Delete' | 'Retain';
  readonly claims: ReadonlyArray<{ name: string; gi: number; mounted: boolean }>;
  readonly volumes: ReadonlyArray<{ name: string; gi: number }>;
  readonly sets: ReadonlyArray<{ name: string; replicas: number; templates: string[]; image: string }>;
  readonly replicas: number;
  readonly image: string;
  readonly jobParallelism: number;
  readonly podImage: string;
}

const uniqueNames = (min: number, max: number) =>
  fc.uniqueArray(dnsLabel(12), { minLength: min, maxLength: max });

const world: fc.Arbitrary<World> = fc
  .record({
    reclaim: fc.constantFrom<'Delete' | 'Retain'>('Delete', 'Retain'),
    claimNames: uniqueNames(0, 4),
    volumeNames: uniqueNames(0, 3),
    setNames: uniqueNames(0, 2),
    sizes: fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 8, maxLength: 8 }),
    mounted: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    setReplicas: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 2 }),
    templates: fc.array(uniqueNames(0, 2), { minLength: 2, maxLength: 2 }),
    replicas: fc.integer({ min: 0, max: 10 }),
    image: image(),
    jobParallelism: fc.integer({ min: 1, max: 5 }),
    podImage: image(),
  })
  .map((r) => ({
    reclaim: r.reclaim,
    claims: r.claimNames.map((name, i) => ({ name: `c-${name}`, gi: r.sizes[i], mounted: r.mounted[i] })),
    volumes: r.volumeNames.map((name, i) => ({ name: `v-${name}`, gi: r.sizes[4 + i] })),
    sets: r.setNames.map((name, i) => ({
      name: `s-${name}`,
      replicas: r.setReplicas[i],
      templates: r.templates[i],
      image: r.image,
    })),
    replicas: r.replicas,
    image: r.image,
    jobParallelism: r.jobParallelism,
    podImage: r.podImage,
  }));

/** The manifests of a world: a class that expands, claims it provisions, static volumes, workloads. */
function manifests(w: World): Obj[] {
  const out: Obj[] = [
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast' },
      provisioner: 'ebs.csi.aws.com',
      reclaimPolicy: w.reclaim,
      allowVolumeExpansion: true,
    },
  ];
  for (const c of w.claims) {
    out.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: c.name, namespace: NS },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'fast',
        resources: { requests: { storage: `${c.gi}Gi` } },
      },
    });
  }
  for (const v of w.volumes) {
    out.push({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: v.name },
      spec: {
        capacity: { storage: `${v.gi}Gi` },
        accessModes: ['ReadWriteOnce'],
        storageClassName: '',
        nfs: { server: 'nfs.example.com', path: `/exports/${v.name}` },
      },
    });
  }
  const mounted = w.claims.filter((c) => c.mounted);
  out.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'web', image: w.image }],
          volumes: mounted.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c.name } })),
        },
      },
    },
  });
  for (const s of w.sets) {
    out.push({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: s.name, namespace: NS },
      spec: {
        replicas: s.replicas,
        serviceName: s.name,
        selector: { matchLabels: { app: s.name } },
        template: {
          metadata: { labels: { app: s.name } },
          spec: { containers: [{ name: 'db', image: s.image }] },
        },
        volumeClaimTemplates: s.templates.map((t) => ({
          metadata: { name: t },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: 'fast',
            resources: { requests: { storage: '1Gi' } },
          },
        })),
      },
    });
  }
  out.push({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: NS },
    spec: {
      parallelism: w.jobParallelism,
      // A Job's template is immutable: its image is not one of the knobs.
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'migrate:1' }] } },
    },
  });
  out.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'tool', namespace: NS },
    spec: { containers: [{ name: 'tool', image: w.podImage }] },
  });
  return out;
}

/** An edit Kubernetes accepts, applied to a copy of the world's manifests. */
type Edit = (w: World) => { world: World; patch?: (m: Obj[]) => void };

const accepted: fc.Arbitrary<Edit> = fc.oneof(
  // Labels and annotations on any object.
  fc
    .tuple(fc.nat(), labelKey(), labelValue(), fc.boolean())
    .map(([pick, key, value, annotation]): Edit => (w) => ({
      world: w,
      patch: (ms) => {
        const m = ms[pick % ms.length];
        const where = annotation ? 'annotations' : 'labels';
        m.metadata[where] = {
          ...(m.metadata[where] ?? {}),
          [`example.com/${key.replace(/^.*\//, '')}`]: value,
        };
      },
    })),
  // Scaling the Deployment; a new image for it, the StatefulSets and the Pod.
  fc.integer({ min: 0, max: 20 }).map((replicas): Edit => (w) => ({ world: { ...w, replicas } })),
  image().map((img): Edit => (w) => ({
    world: { ...w, image: img, podImage: img, sets: w.sets.map((s) => ({ ...s, image: img })) },
  })),
  // Scaling the StatefulSets (whenScaled is Retain: a scale-down keeps the claims).
  fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 2, maxLength: 2 }).map((r): Edit => (w) => ({
    world: { ...w, sets: w.sets.map((s, i) => ({ ...s, replicas: r[i] })) },
  })),
  // Growing the claims (bound: provisioned by an expandable class) and the static volumes.
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }).map((more): Edit => (w) => ({
    world: {
      ...w,
      claims: w.claims.map((c, i) => ({ ...c, gi: c.gi + more[i] })),
      volumes: w.volumes.map((v, i) => ({ ...v, gi: v.gi + more[i] })),
    },
  })),
  // A Job's parallelism; a StorageClass's mount options; a Pod's added toleration.
  fc.integer({ min: 1, max: 9 }).map((jobParallelism): Edit => (w) => ({ world: { ...w, jobParallelism } })),
  fc.constant<Edit>((w) => ({
    world: w,
    patch: (ms) => {
      ms[0].mountOptions = ['noatime'];
      const pod = ms.find((m) => m.kind === 'Pod') as Obj;
      pod.spec.tolerations = [{ key: 'example.com/maintenance', operator: 'Exists' }];
    },
  })),
);

function applyEdits(w: World, edits: readonly Edit[]): Obj[] {
  let current = w;
  const patches: Array<(m: Obj[]) => void> = [];
  for (const edit of edits) {
    const r = edit(current);
    current = r.world;
    if (r.patch) patches.push(r.patch);
  }
  const out = manifests(current);
  for (const p of patches) p(out);
  return out;
}

const KUBERNETES_VERSIONS = fc.constantFrom('1.27', '1.29', '1.31', '1.33', '1.34', '1.36');

describe('the change plan', () => {
  test(
    'the same manifests again: no finding, every object unchanged',
    () => {
      checkProperty(
        fc.property(world, KUBERNETES_VERSIONS, (w, kubernetesVersion) => {
          const m = manifests(w);
          const alone = planStorage(m, { kubernetesVersion }).findings;
          for (const previous of [m, structuredClone(m)]) {
            const plan = planStorage(m, { kubernetesVersion, previous });
            // previous == manifests adds no finding to the plan of the manifests alone.
            expect(plan.findings).toEqual(alone);
            const changes = plan.changes ?? [];
            expect(changes.every((c) => c.action === 'unchanged' && c.fields === undefined)).toBe(true);
            expect(changes).toHaveLength(m.length);
          }
        }),
        { numRuns: QUARTER_RUNS },
      );
    },
    TIMEOUT,
  );

  test(
    'the same garbage again: no finding, nothing but unchanged, never a throw',
    () => {
      const garbage = fc.array(
        fc.oneof(
          fc.anything({
            withBigInt: true,
            withDate: true,
            withMap: true,
            withSet: true,
            withNullPrototype: true,
          }),
          fc.tuple(world, fc.nat()).map(([w, i]) => {
            const m = manifests(w);
            return m[i % m.length];
          }),
          fc.record({
            apiVersion: fc.constantFrom('v1', 'apps/v1', 'storage.k8s.io/v1'),
            kind: fc.constantFrom(
              'PersistentVolumeClaim',
              'StatefulSet',
              'PersistentVolume',
              'StorageClass',
              'Pod',
            ),
            metadata: fc.record({ name: dnsLabel(8), namespace: fc.option(dnsLabel(8), { nil: undefined }) }),
            spec: fc.anything(),
          }),
        ),
        { maxLength: 8 },
      );
      checkProperty(
        fc.property(garbage, (ms) => {
          const plan = planStorage(ms, { previous: ms });
          expect(plan.findings).toEqual(planStorage(ms).findings);
          expect((plan.changes ?? []).every((c) => c.action === 'unchanged')).toBe(true);
        }),
        { numRuns: QUARTER_RUNS },
      );
    },
    TIMEOUT,
  );

  test(
    'changes Kubernetes accepts add no error',
    () => {
      checkProperty(
        fc.property(
          world,
          fc.array(accepted, { minLength: 1, maxLength: 4 }),
          KUBERNETES_VERSIONS,
          (w, edits, kubernetesVersion) => {
            const before = manifests(w);
            const after = applyEdits(w, edits);
            const errors = (options: object) =>
              planStorage(after, { kubernetesVersion, ...options }).findings.filter(
                (f) => f.severity === 'error',
              );
            // The update adds no error to those of the next manifests alone.
            expect(errors({ previous: before })).toEqual(errors({}));
          },
        ),
      );
    },
    TIMEOUT,
  );

  test(
    'any two worlds: the plan never throws, and every change is well formed',
    () => {
      checkProperty(
        fc.property(world, world, (a, b) => {
          const previous = indexManifests(manifests(a));
          const next = indexManifests(manifests(b));
          const plan = planChanges(
            previous,
            next,
            predictIndexed(next).claims,
            predictIndexed(previous).claims,
          );
          for (const c of plan.changes) {
            expect(['create', 'update', 'delete', 'unchanged']).toContain(c.action);
            expect(
              c.fields === undefined ||
                (c.action === 'update' && c.fields.length > 0 && c.fields.length <= 21),
            ).toBe(true);
          }
          for (const f of plan.findings) expect(plan.changes.some((c) => c.object === f.object)).toBe(true);
        }),
        { numRuns: QUARTER_RUNS },
      );
    },
    TIMEOUT,
  );
});
