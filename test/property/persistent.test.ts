/**
 * Properties of the persistent-storage constructs: random valid volumes, claims, classes and
 * workloads synthesize objects that pass the strict 1.27 schema, and the storage plan finds no
 * error in them and predicts the binding the props ask for.
 *
 * Claims are generated so that they bind: a static claim either reserves its volume or selects
 * it by a label no other volume carries, and its class is one no dynamic claim uses; dynamic
 * claims name a class (or the default class given to the plan) and, for a no-provisioner class,
 * come with a local volume of their own. Competing for volumes is the binding tests' subject.
 */
import { Chart } from 'cdk8s';
import fc from 'fast-check';
import { StaticClaim } from '../../src/constructs/persistent/claim';
import { IClaim } from '../../src/constructs/persistent/claim-interface';
import { DynamicClaim } from '../../src/constructs/persistent/dynamic-claim';
import {
  AccessMode,
  ReclaimPolicy,
  VolumeBindingMode,
  VolumeMode,
} from '../../src/constructs/persistent/modes';
import {
  PersistentVolumeSource,
  StaticPersistentVolume,
} from '../../src/constructs/persistent/persistent-volume';
import { Provisioner, StorageClass } from '../../src/constructs/persistent/storage-class';
import {
  ClaimDeployment,
  ClaimPod,
  ClaimRetentionPolicy,
  ClaimStatefulSet,
  ClaimTemplate,
  DeploymentStrategy,
} from '../../src/constructs/persistent/workloads';
import { ContainerProps } from '../../src/constructs/pod/container';
import { planStorage } from '../../src/plan/plan';
import {
  checkProperty,
  dnsLabel,
  dnsSubdomain,
  expectNoPlanErrors,
  fittingSizes,
  labels,
  mountPath,
  positiveQuantity,
  synthValid,
  TIMEOUT,
} from './_fc';
import {
  accessModes,
  claimModesOf,
  nodeAffinity,
  ProvisionerCase,
  provisionerCase,
  selectorMatching,
  SourceCase,
  sourceCase,
} from './_persistent-arbitraries';
import { containerBase, opt } from './_pod-arbitraries';

const DEFAULT_CLASS = 'standard';

// ---------------------------------------------------------------------------------------------
// Volumes

/** Props of a volume that its source allows. */
const volumeProps = (sc: SourceCase) =>
  fc.record(
    {
      capacity: positiveQuantity(),
      accessModes: accessModes(sc.csi),
      reclaimPolicy: fc.constantFrom(
        ReclaimPolicy.RETAIN,
        ReclaimPolicy.DELETE,
        ...(sc.recyclable ? [ReclaimPolicy.RECYCLE] : []),
      ),
      volumeMode: fc.constantFrom(VolumeMode.FILESYSTEM, ...(sc.block ? [VolumeMode.BLOCK] : [])),
      mountOptions: sc.mountOptions
        ? fc.array(fc.constantFrom('hard', 'nfsvers=4.1', 'noatime', 'ro'), { maxLength: 2 })
        : fc.constant(undefined),
      storageClassName: dnsSubdomain().map((n) => `static-${n}`),
      labels: labels(),
      nodeAffinity: sc.needsAffinity ? nodeAffinity() : opt(nodeAffinity()),
      pruneProtection: fc.boolean(),
    },
    { requiredKeys: ['capacity', ...(sc.needsAffinity ? (['nodeAffinity'] as const) : [])] },
  );

/**
 * The version and Recycle rules the self-check applies to a source: in-tree sources (offered for
 * migrations) and Recycle are accepted on purpose here, as a user would with ignoreChecks.
 */
const SOURCE_ACCEPTED = {
  'source-removed': 'migrating an existing volume',
  'source-migrated': 'the CSI driver is installed',
  'source-deprecated': 'migrating an existing volume',
  'recycle-deprecated': 'legacy volume',
};

describe('StaticPersistentVolume and every PersistentVolumeSource factory', () => {
  test(
    'any source with what it allows: schema-valid, no plan error, Retain and prune protection by default',
    () => {
      const arb = sourceCase().chain((sc) =>
        fc.tuple(fc.constant(sc), volumeProps(sc), dnsSubdomain(), opt(dnsLabel(20))),
      );
      checkProperty(
        fc.property(arb, ([sc, props, name, ns]) => {
          let pv!: StaticPersistentVolume;
          const manifests = synthValid((chart) => {
            pv = new StaticPersistentVolume(chart, 'pv', {
              ...props,
              name,
              source: sc.source,
              ignoreChecks: SOURCE_ACCEPTED,
            });
          }, ns);
          // The in-tree awsElasticBlockStore source is offered on purpose for migrations; the plan says it is removed.
          expectNoPlanErrors(manifests, {}, sc.removed ? ['source-removed'] : []);
          const [m] = manifests;
          expect(m.kind).toBe('PersistentVolume');
          expect(m.metadata.namespace).toBeUndefined(); // cluster-scoped, even in a namespaced chart
          expect(m.spec.capacity.storage).toBe(props.capacity); // kept as written
          expect(m.spec.persistentVolumeReclaimPolicy).toBe(props.reclaimPolicy ?? 'Retain');
          expect(pv.reclaimPolicy).toBe(props.reclaimPolicy ?? ReclaimPolicy.RETAIN);
          expect(m.metadata.annotations?.['argocd.argoproj.io/sync-options']).toBe(
            props.pruneProtection === false ? undefined : 'Prune=false,Delete=false',
          );
          const sources = Object.keys(m.spec).filter(
            (k) =>
              ![
                'capacity',
                'accessModes',
                'persistentVolumeReclaimPolicy',
                'storageClassName',
                'volumeMode',
                'mountOptions',
                'nodeAffinity',
                'claimRef',
              ].includes(k),
          );
          expect(sources).toEqual([
            sc.source.sourceType === 'awsElasticBlockStore' ? 'awsElasticBlockStore' : sc.source.sourceType,
          ]);
        }),
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// Static claims, bound on purpose

interface Pair {
  readonly sc: SourceCase;
  readonly volume: any;
  readonly claim: any;
  readonly how: 'reserved' | 'selector' | 'both';
}

/**
 * A volume and a static claim that binds it: reserved (`volume`), selected by a label only this
 * volume carries, or both. Class: none, a name, or a StorageClass object of the pair's own.
 */
const pair = (i: number, namespace: string | undefined): fc.Arbitrary<Pair> =>
  sourceCase()
    .filter((sc) => !sc.removed)
    .chain((sc) =>
      fc.tuple(
        fc.constant(sc),
        volumeProps(sc),
        fittingSizes(),
        fc.constantFrom<'reserved' | 'selector' | 'both'>('reserved', 'selector', 'both'),
        fc.constantFrom('none', 'name', 'object'),
        fc.boolean(),
      ),
    )
    .chain(([sc, vp, sizes, how, classHow, sameQuantity]) => {
      // The pair's own label keeps other claims' selectors off this volume.
      const volLabels = { ...vp.labels, pair: `p${i}` };
      return fc
        .tuple(
          claimModesOf(vp.accessModes ?? [AccessMode.READ_WRITE_ONCE]),
          how === 'reserved'
            ? fc.constant(undefined)
            : selectorMatching(volLabels).map((s) => ({
                ...s,
                matchLabels: { ...s.matchLabels, pair: `p${i}` },
              })),
          labels(),
          fc.boolean(),
        )
        .map(([modes, selector, claimLabels, pruneProtection]) => ({
          sc,
          how,
          volume: {
            ...vp,
            // capacity >= request, in mixed units; or the very same quantity text
            capacity: sameQuantity ? vp.capacity : sizes.capacity,
            labels: volLabels,
            classHow,
            storageClassName: classHow === 'none' ? undefined : (vp.storageClassName ?? `static-p${i}`),
          },
          claim: {
            name: `claim-${i}`,
            namespace,
            storage: sameQuantity ? vp.capacity : sizes.request,
            accessModes: modes,
            volumeMode: vp.volumeMode,
            selector,
            labels: claimLabels,
            pruneProtection,
          },
        }));
    });

/** A workload mounting every claim; replicas and strategy as the claims' modes allow. */
type WorkloadKind = 'pod' | 'deployment' | 'statefulset';

/** The one container of a workload, mounting the claims at distinct paths. */
const workloadContainer = (n: number) =>
  fc.record({
    base: containerBase(),
    paths: fc.uniqueArray(mountPath(), { minLength: n, maxLength: n }),
    readOnly: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    labels: opt(labels(1)),
  });

function mountingContainer(
  claims: IClaim[],
  c: { base: Omit<ContainerProps, 'name'>; paths: string[]; readOnly: boolean[] },
): ContainerProps {
  return {
    ...c.base,
    name: 'app',
    mounts: claims.map((claim, i) => ({
      volume: claim.toPodVolume(`data-${i}`, { readOnly: c.readOnly[i] }),
      path: c.paths[i],
    })),
  };
}

function addWorkload(
  chart: Chart,
  kind: WorkloadKind,
  claims: IClaim[],
  containers: ContainerProps[],
  w: {
    replicas: number;
    namespace?: string;
    templates: ClaimTemplate[];
    rollingUpdate: boolean;
    labels?: Record<string, string>;
  },
) {
  const oncePod = claims.some((c) => c.accessModes.includes(AccessMode.READ_WRITE_ONCE_POD));
  const replicas = oncePod ? Math.min(w.replicas, 1) : w.replicas;
  if (kind === 'pod')
    return new ClaimPod(chart, 'workload', {
      name: 'app',
      namespace: w.namespace,
      containers,
      labels: w.labels,
    });
  if (kind === 'deployment')
    return new ClaimDeployment(chart, 'workload', {
      name: 'app',
      namespace: w.namespace,
      containers,
      replicas,
      labels: w.labels,
      strategy: w.rollingUpdate && !oncePod ? DeploymentStrategy.ROLLING_UPDATE : undefined,
    });
  return new ClaimStatefulSet(chart, 'workload', {
    name: 'app',
    namespace: w.namespace,
    containers,
    replicas,
    labels: w.labels,
    volumeClaimTemplates: w.templates,
    claimRetention: {
      whenDeleted: ClaimRetentionPolicy.RETAIN,
      whenScaled: w.rollingUpdate ? ClaimRetentionPolicy.DELETE : undefined,
    },
  });
}

describe('StaticClaim (reserved volume and selector) with ClaimPod, ClaimDeployment, ClaimStatefulSet', () => {
  test(
    'pairs that bind: schema-valid, each claim bound to its volume, no plan error; storageClassName "" by default',
    () => {
      const world = fc
        .tuple(opt(dnsLabel(20)), opt(dnsLabel(20)), fc.integer({ min: 1, max: 3 }))
        .chain(([chartNs, claimNs, n]) =>
          fc.tuple(
            fc.constant(chartNs),
            fc.tuple(...Array.from({ length: n }, (_, i) => pair(i, claimNs))),
            fc.constantFrom<WorkloadKind>('pod', 'deployment', 'statefulset'),
            fc.integer({ min: 0, max: 4 }),
            fc.boolean(),
            fc.constant(claimNs),
            workloadContainer(n),
          ),
        );
      checkProperty(
        fc.property(world, ([chartNs, pairs, kind, replicas, rollingUpdate, claimNs, wc]) => {
          const claims: StaticClaim[] = [];
          const manifests = synthValid((chart) => {
            pairs.forEach((p, i) => {
              const { classHow, ...vp } = p.volume;
              const sc =
                classHow === 'object'
                  ? new StorageClass(chart, `class-${i}`, {
                      name: vp.storageClassName,
                      provisioner: Provisioner.custom('example.com/static'),
                    })
                  : undefined;
              const pv = new StaticPersistentVolume(chart, `pv-${i}`, {
                ...vp,
                name: `pv-${i}`,
                source: p.sc.source,
                storageClass: sc,
                storageClassName: sc ? undefined : vp.storageClassName,
                ignoreChecks: SOURCE_ACCEPTED,
              });
              claims.push(
                new StaticClaim(chart, `claim-${i}`, {
                  ...p.claim,
                  volume: p.how === 'selector' ? undefined : pv,
                  storageClass: sc,
                  storageClassName: sc ? undefined : vp.storageClassName,
                }),
              );
            });
            addWorkload(chart, kind, claims, [mountingContainer(claims, wc)], {
              replicas,
              namespace: claimNs,
              templates: [],
              rollingUpdate,
              labels: wc.labels,
            });
          }, chartNs);
          expectNoPlanErrors(manifests);
          const plan = planStorage(manifests);
          pairs.forEach((p, i) => {
            const c = plan.claims.find((x) => x.name === `claim-${i}`)!;
            expect(c.volume).toBe(`pv-${i}`);
            expect(['bound', 'waiting']).toContain(c.outcome);
            const pvc = manifests.find(
              (m) => m.kind === 'PersistentVolumeClaim' && m.metadata.name === `claim-${i}`,
            );
            expect(pvc.spec.storageClassName).toBe(p.volume.storageClassName ?? '');
            expect(pvc.metadata.namespace).toBe(claimNs ?? chartNs ?? 'default');
            const pv = manifests.find((m) => m.kind === 'PersistentVolume' && m.metadata.name === `pv-${i}`);
            if (p.how !== 'selector') {
              expect(pvc.spec.volumeName).toBe(`pv-${i}`);
              expect(pv.spec.claimRef).toEqual({ name: `claim-${i}`, namespace: pvc.metadata.namespace });
            } else {
              expect(pv.spec.claimRef).toBeUndefined();
            }
          });
        }),
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// Classes and dynamic claims

/** Access modes a class can provision (no ReadWriteMany filesystem from a single-node disk, no local ReadWriteOncePod). */
const dynamicModes = (pc: ProvisionerCase | undefined, mode: VolumeMode) =>
  accessModes(!pc?.local).filter(
    (m) => !(pc?.singleNodeDisk && mode === VolumeMode.FILESYSTEM && m.includes(AccessMode.READ_WRITE_MANY)),
  );

const classProps = (pc: ProvisionerCase) =>
  fc.record(
    {
      reclaimPolicy: fc.constantFrom(ReclaimPolicy.RETAIN, ReclaimPolicy.DELETE),
      volumeBindingMode: pc.local
        ? fc.constant(VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER)
        : fc.constantFrom(...Object.values(VolumeBindingMode)),
      allowVolumeExpansion: fc.boolean(),
      mountOptions: fc.array(fc.constantFrom('noatime', 'discard'), { maxLength: 2 }),
      labels: labels(),
    },
    { requiredKeys: [] },
  );

describe('StorageClass, every Provisioner, DynamicClaim', () => {
  test(
    'a class of any provisioner and its claims: schema-valid, provisioned or waiting, no plan error',
    () => {
      const world = fc
        .tuple(
          provisionerCase(),
          dnsSubdomain(),
          fc.boolean(),
          opt(dnsLabel(20)),
          fc.integer({ min: 1, max: 3 }),
        )
        .chain(([pc, className, isDefault, ns, n]) =>
          fc.tuple(
            fc.constant(pc),
            fc.constant(className),
            fc.constant(isDefault),
            fc.constant(ns),
            classProps(pc),
            // a no-provisioner class gets one claim and a local volume for it
            fc.tuple(
              ...Array.from({ length: pc.local ? 1 : n }, (_, i) =>
                fc.constantFrom(VolumeMode.FILESYSTEM, VolumeMode.BLOCK).chain((volumeMode) =>
                  fc.record(
                    {
                      name: fc.constant(`dyn-${i}`),
                      sizes: pc.local
                        ? fittingSizes()
                        : positiveQuantity().map((q) => ({ request: q, capacity: q })),
                      accessModes: dynamicModes(pc, volumeMode),
                      volumeMode: fc.constant(volumeMode),
                      byName: fc.boolean(),
                      labels: labels(),
                      pruneProtection: fc.boolean(),
                    },
                    { requiredKeys: ['name', 'sizes', 'accessModes', 'volumeMode', 'byName'] },
                  ),
                ),
              ),
            ),
            nodeAffinity(),
          ),
        );
      checkProperty(
        fc.property(world, ([pc, className, isDefault, ns, cp, claimProps, affinity]) => {
          const manifests = synthValid((chart) => {
            const sc = new StorageClass(chart, 'class', {
              name: className,
              provisioner: pc.provisioner,
              isDefault,
              ...cp,
            });
            for (const { byName, sizes, ...c } of claimProps) {
              new DynamicClaim(chart, c.name, {
                ...c,
                storage: sizes.request,
                ...(byName ? { storageClassName: className } : { storageClass: sc }),
              });
              if (pc.local) {
                new StaticPersistentVolume(chart, `local-${c.name}`, {
                  capacity: sizes.capacity,
                  source: PersistentVolumeSource.local('/mnt/disks/ssd1'),
                  nodeAffinity: affinity,
                  accessModes: c.accessModes,
                  volumeMode: c.volumeMode,
                  storageClass: sc,
                });
              }
            }
          }, ns);
          expectNoPlanErrors(manifests);
          const plan = planStorage(manifests);
          const wait =
            (cp.volumeBindingMode ?? pc.provisioner._defaultBindingMode) ===
            VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;
          for (const c of plan.claims) expect(c.outcome).toBe(wait ? 'waiting' : 'provisioned');
          const sc = manifests.find((m) => m.kind === 'StorageClass');
          expect(sc.reclaimPolicy).toBe(cp.reclaimPolicy ?? 'Retain');
          expect(sc.metadata.namespace).toBeUndefined();
          for (const m of manifests.filter((x) => x.kind === 'PersistentVolumeClaim')) {
            expect(m.spec.storageClassName).toBe(className);
            expect(m.spec.selector).toBeUndefined();
          }
        }),
      );
    },
    TIMEOUT,
  );

  test(
    'a claim of the default class, unnamed: provisioned by the default class the plan is told about',
    () => {
      const arb = fc.tuple(
        positiveQuantity(),
        dynamicModes(undefined, VolumeMode.FILESYSTEM),
        opt(dnsLabel(20)),
      );
      checkProperty(
        fc.property(arb, ([storage, modes, ns]) => {
          const manifests = synthValid(
            (chart) => new DynamicClaim(chart, 'data', { storage, accessModes: modes }),
            ns,
          );
          expect(manifests[0].spec.storageClassName).toBeUndefined();
          expectNoPlanErrors(manifests, { defaultStorageClass: DEFAULT_CLASS });
          expect(planStorage(manifests, { defaultStorageClass: DEFAULT_CLASS }).claims[0]).toMatchObject({
            outcome: 'provisioned',
          });
        }),
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// StatefulSets with claim templates

describe('ClaimStatefulSet with volumeClaimTemplates', () => {
  test(
    'templates of a provisioning class, or of a class outside the app: schema-valid, no plan error',
    () => {
      const world = fc
        .tuple(
          provisionerCase().filter((pc) => !pc.local),
          dnsSubdomain(),
          opt(dnsLabel(20)),
          fc.integer({ min: 0, max: 5 }),
          fc.uniqueArray(dnsLabel(12), { minLength: 1, maxLength: 3 }),
          containerBase(),
          fc.record(
            {
              whenDeleted: fc.constantFrom(...Object.values(ClaimRetentionPolicy)),
              whenScaled: fc.constantFrom(...Object.values(ClaimRetentionPolicy)),
            },
            { requiredKeys: [] },
          ),
          fc.boolean(),
          opt(dnsLabel(20)),
          fc.boolean(),
        )
        .chain(
          ([
            pc,
            className,
            ns,
            replicas,
            names,
            base,
            retention,
            createService,
            serviceName,
            pruneProtection,
          ]) =>
            fc.tuple(
              fc.constant({
                pc,
                className,
                ns,
                replicas,
                base,
                retention,
                createService,
                serviceName,
                pruneProtection,
              }),
              fc.uniqueArray(mountPath(), { minLength: names.length, maxLength: names.length }),
              fc.tuple(
                ...names.map((name) =>
                  fc.constantFrom(VolumeMode.FILESYSTEM, VolumeMode.BLOCK).chain((volumeMode) =>
                    fc.record(
                      {
                        name: fc.constant(`t${name}`),
                        storage: positiveQuantity(),
                        accessModes: dynamicModes(pc, volumeMode),
                        volumeMode: fc.constant(volumeMode),
                        classHow: fc.constantFrom('object', 'name', 'external'),
                        readOnly: fc.boolean(),
                        labels: labels(),
                      },
                      { requiredKeys: ['name', 'storage', 'accessModes', 'volumeMode', 'classHow'] },
                    ),
                  ),
                ),
              ),
            ),
        );
      checkProperty(
        fc.property(world, ([w, paths, templates]) => {
          const manifests = synthValid((chart) => {
            const sc = new StorageClass(chart, 'class', { name: w.className, provisioner: w.pc.provisioner });
            new ClaimStatefulSet(chart, 'set', {
              name: 'db',
              namespace: w.ns,
              replicas: w.replicas,
              containers: [{ ...w.base, name: 'db' }],
              claimRetention: w.retention,
              createService: w.createService,
              serviceName: w.serviceName,
              pruneProtection: w.pruneProtection,
              volumeClaimTemplates: templates.map(({ classHow, ...t }, i) => ({
                ...t,
                mountPath: paths[i],
                ...(classHow === 'object'
                  ? { storageClass: sc }
                  : classHow === 'name'
                    ? { storageClassName: w.className }
                    : { storageClassName: 'ext-class' }),
              })),
            });
          });
          expectNoPlanErrors(manifests);
          const set = manifests.find((m) => m.kind === 'StatefulSet');
          expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({
            whenDeleted: w.retention.whenDeleted ?? 'Retain',
            whenScaled: w.retention.whenScaled ?? 'Retain',
          });
          for (const t of set.spec.volumeClaimTemplates) {
            expect(t.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune']).toBe(
              w.pruneProtection === false ? undefined : 'disabled',
            );
          }
          expect(set.spec.template.spec.containers[0].volumeMounts.map((m: any) => m.name)).toEqual(
            templates.map((t) => t.name),
          );
        }),
      );
    },
    TIMEOUT,
  );
});
