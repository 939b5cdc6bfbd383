/**
 * What exists in the cluster (PlanOptions.cluster, `--cluster FILE`): live StorageClasses,
 * PersistentVolumes and claims, status included, as `kubectl get storageclass,pv,pvc -A -o yaml`
 * prints them. The plan binds against them and honours their status, and never judges them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { main, USAGE } from '../../src/integrations/cli';
import { predictBindings } from '../../src/plan/binding';
import { planStorage } from '../../src/plan/plan';
import { PlanOptions } from '../../src/plan/types';
import { StorageChecks } from '../../src/integrations/storage-checks';
import { StorageValidation, StorageViolation } from '../../src/integrations/validation-plugin';
import { CASES, pv, pvc, sc, sts, template } from './_binding-cases';

type M = Record<string, unknown>;

const FIX = path.join(__dirname, '..', 'fixtures', 'cluster');
const LIVE = path.join(FIX, 'live.yaml');
const APP = path.join(FIX, 'app.yaml');

/** A CSI source: the manifests' volumes then raise no hostPath findings. */
const csi = (handle: string): M => ({ csi: { driver: 'ebs.csi.aws.com', volumeHandle: handle } });

/** An object as the API returns it: a uid, a creation time and (when given) its status. */
function live(m: M, phase?: string, o: { uid?: string; created?: string } = {}): M {
  const metadata = m.metadata as M;
  return {
    ...m,
    metadata: {
      ...metadata,
      uid: o.uid ?? `u-${metadata.name as string}`,
      creationTimestamp: o.created ?? '2024-01-01T00:00:00Z',
      resourceVersion: '1',
    },
    ...(phase !== undefined ? { status: { phase } } : {}),
  };
}

/** A default StorageClass of the cluster (the GA annotation, or the beta one). */
const defaultClass = (name: string, created: string, beta = false): M =>
  live(sc(name, beta ? { betaDefault: true } : { isDefault: true }), undefined, { created });

const CLASSLESS_PENDING =
  'stays Pending: no class-less volume among the manifests or in the cluster fits: the claim asks for no class ' +
  '(storageClassName ""), so it can only bind to a class-less volume and is never provisioned. The plan sees the ' +
  "manifests' volumes and the cluster's: the claim binds only once a volume that fits is added.";

describe('cluster volumes: candidates, as their status allows', () => {
  test('a Bound volume is taken: a claim it would fit stays Pending, and the volume gets no finding', () => {
    const reason =
      `${CLASSLESS_PENDING} Closest volumes: "pv-bound" (it is Bound in the cluster to claim other/old with uid ` +
      '"u-old", so no other claim can take it).';
    const cluster = [
      live(
        pv('pv-bound', '10Gi', {
          source: csi('a'),
          claimRef: { namespace: 'other', name: 'old', uid: 'u-old' },
        }),
        'Bound',
      ),
    ];
    expect(predictBindings([pvc('data', '5Gi', { cls: '' })], { cluster })).toEqual({
      claims: [{ namespace: 'default', name: 'data', outcome: 'pending', reason }],
      findings: [
        {
          severity: 'warning',
          rule: 'claim-pending',
          object: 'PersistentVolumeClaim/default/data',
          message: reason,
        },
      ],
    });
  });

  test('a Bound volume without a claimRef is taken all the same', () => {
    const cluster = [live(pv('pv-bound', '10Gi', { source: csi('a') }), 'Bound')];
    const r = predictBindings([pvc('data', '5Gi', { cls: '' })], { cluster });
    expect(r.claims[0].reason).toBe(
      `${CLASSLESS_PENDING} Closest volumes: "pv-bound" (it is Bound in the cluster, so no other claim can take it).`,
    );
  });

  test('an Available volume binds like one of the manifests, and its reason says where it is', () => {
    const cluster = [live(pv('pv-free', '10Gi', { source: csi('a') }), 'Available')];
    expect(predictBindings([pvc('data', '5Gi', { cls: '' })], { cluster })).toEqual({
      claims: [
        {
          namespace: 'default',
          name: 'data',
          outcome: 'bound',
          volume: 'pv-free',
          reason:
            'binds to volume "pv-free" (10Gi, class "" (no class), [ReadWriteOnce], in the cluster (Available)): the ' +
            'smallest available volume of class "" (no class) that fits the request 5Gi in the first access-mode ' +
            'group [ReadWriteOnce] that has one.',
        },
      ],
      findings: [],
    });
  });

  test('a volume without a status reads as in the cluster, bindable', () => {
    const cluster = [live(pv('pv-free', '10Gi', { source: csi('a') }))];
    const r = predictBindings([pvc('data', '5Gi', { cls: '' })], { cluster });
    expect(r.claims[0].reason).toMatch(
      /^binds to volume "pv-free" \(10Gi, class "" \(no class\), \[ReadWriteOnce\], in the cluster\): /,
    );
  });

  test("a Released volume is not bound again, even by a new claim of its old claim's name", () => {
    const cluster = [
      live(
        pv('pv-rel', '10Gi', {
          source: csi('a'),
          claimRef: { namespace: 'default', name: 'data', uid: 'u-gone' },
        }),
        'Released',
      ),
    ];
    const reason =
      `${CLASSLESS_PENDING} Closest volumes: "pv-rel" (it is Released in the cluster: its spec.claimRef still names ` +
      'claim default/data with uid "u-gone", and the controller does not bind a Released volume to another claim ' +
      '(an administrator deletes it, or removes spec.claimRef to make it Available)). Volume "pv-rel" is Released in ' +
      'the cluster with a spec.claimRef naming this claim with uid "u-gone", which this claim does not have in the ' +
      'cluster objects given, so it never binds to it.';
    expect(predictBindings([pvc('data', '5Gi', { cls: '' })], { cluster })).toEqual({
      claims: [{ namespace: 'default', name: 'data', outcome: 'pending', reason }],
      findings: [
        {
          severity: 'warning',
          rule: 'claim-pending',
          object: 'PersistentVolumeClaim/default/data',
          message: reason,
        },
      ],
    });
  });

  test('an Available volume reserved with a uid for a claim not in the manifests is taken', () => {
    const cluster = [
      live(
        pv('pv-r', '2Gi', { source: csi('r'), claimRef: { namespace: 'other', name: 'x', uid: 'u-x' } }),
        'Available',
      ),
    ];
    const r = predictBindings([pvc('data', '1Gi', { cls: '' })], { cluster });
    expect(r.claims[0]).toEqual({
      namespace: 'default',
      name: 'data',
      outcome: 'pending',
      reason:
        `${CLASSLESS_PENDING} Closest volumes: "pv-r" (its spec.claimRef in the cluster reserves it for claim ` +
        'other/x with uid "u-x").',
    });
  });

  test('a Failed volume keeps its claim as a Released one does', () => {
    const cluster = [
      live(
        pv('pv-f', '10Gi', { source: csi('f'), claimRef: { namespace: 'a', name: 'b', uid: 'u-b' } }),
        'Failed',
      ),
    ];
    expect(predictBindings([pvc('data', '5Gi', { cls: '' })], { cluster }).claims[0].reason).toBe(
      `${CLASSLESS_PENDING} Closest volumes: "pv-f" (it is Failed in the cluster: its spec.claimRef still names ` +
        'claim a/b with uid "u-b", and the controller does not bind a Failed volume to another claim (an ' +
        'administrator deletes it, or removes spec.claimRef to make it Available)).',
    );
  });

  test("an Available volume reserved with a uid for this claim's name, which the claim does not have", () => {
    const cluster = [
      live(
        pv('pv-a', '10Gi', {
          source: csi('a'),
          claimRef: { namespace: 'default', name: 'data', uid: 'u-old' },
        }),
        'Available',
      ),
    ];
    expect(predictBindings([pvc('data', '5Gi', { cls: '' })], { cluster }).claims[0].reason).toBe(
      `${CLASSLESS_PENDING} Closest volumes: "pv-a" (its spec.claimRef in the cluster reserves it for claim ` +
        'default/data with uid "u-old", a uid this claim does not have (a claim created from these manifests gets a ' +
        'new one)). Volume "pv-a" is Available in the cluster with a spec.claimRef naming this claim with uid ' +
        '"u-old", which this claim does not have in the cluster objects given, so it never binds to it.',
    );
  });

  test('a cluster volume reserved for a claim that does not fit it: a note in the reason, no finding on the volume', () => {
    const cluster = [
      live(
        pv('pv-small', '1Gi', { source: csi('s'), claimRef: { namespace: 'default', name: 'data' } }),
        'Available',
      ),
    ];
    const small =
      'its capacity 1Gi = 1,073,741,824 bytes is smaller than the request 5Gi = 5,368,709,120 bytes';
    const reason =
      `${CLASSLESS_PENDING} Closest volumes: "pv-small" (${small}). Volume "pv-small" is reserved for this claim ` +
      `by its spec.claimRef but is not used: ${small}.`;
    expect(predictBindings([pvc('data', '5Gi', { cls: '' })], { cluster })).toEqual({
      claims: [{ namespace: 'default', name: 'data', outcome: 'pending', reason }],
      findings: [
        {
          severity: 'warning',
          rule: 'claim-pending',
          object: 'PersistentVolumeClaim/default/data',
          field: 'spec.resources.requests.storage',
          message: reason,
        },
      ],
    });
  });

  test("a volume of the manifests with a cluster volume's name is the manifests' (applied over it)", () => {
    const cluster = [
      live(
        pv('pv-1', '2Gi', { source: csi('a'), claimRef: { namespace: 'x', name: 'y', uid: 'u' } }),
        'Bound',
      ),
    ];
    const r = predictBindings([pvc('data', '1Gi', { cls: '' }), pv('pv-1', '2Gi', { source: csi('a') })], {
      cluster,
    });
    expect(r).toEqual({
      claims: [
        {
          namespace: 'default',
          name: 'data',
          outcome: 'bound',
          volume: 'pv-1',
          reason:
            'binds to volume "pv-1" (2Gi, class "" (no class), [ReadWriteOnce]): the smallest available volume of ' +
            'class "" (no class) that fits the request 1Gi in the first access-mode group [ReadWriteOnce] that has one.',
        },
      ],
      findings: [],
    });
  });

  test('a claim naming a volume that is nowhere: neither among the manifests nor in the cluster', () => {
    const cluster = [live(pv('pv-other', '1Gi', { source: csi('o') }), 'Available')];
    const r = predictBindings([pvc('n', '1Gi', { cls: '', volumeName: 'ghost' })], { cluster });
    const message =
      'stays Pending: it names volume "ghost" in spec.volumeName, which is neither among the manifests nor in the ' +
      'cluster; it stays Pending until a PersistentVolume of that name exists.';
    expect(r.findings).toEqual([
      {
        severity: 'warning',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/default/n',
        field: 'spec.volumeName',
        message,
      },
    ]);
  });
});

describe('cluster claims: a claim of the manifests that exists is that claim', () => {
  const cluster = [
    live(pvc('data', '5Gi', { cls: '', volumeName: 'pv-1' }), 'Bound'),
    live(
      pv('pv-1', '10Gi', {
        source: csi('a'),
        claimRef: { namespace: 'default', name: 'data', uid: 'u-data' },
      }),
      'Bound',
    ),
    live(pvc('logs', '1Gi', { cls: '', volumeName: 'pv-m' }), 'Bound'),
  ];
  const already = (volume: string): string =>
    `already bound in the cluster to volume "${volume}" (the claim's status.phase is Bound and its spec.volumeName ` +
    `is "${volume}"): the controller keeps an existing binding, and no other claim can take the volume.`;

  test('a Bound claim keeps its volume, though a smaller free volume of the manifests would fit it', () => {
    const r = predictBindings(
      [pvc('data', '5Gi', { cls: '' }), pv('pv-small', '5Gi', { source: csi('s') })],
      {
        cluster,
      },
    );
    expect(r).toEqual({
      claims: [
        { namespace: 'default', name: 'data', outcome: 'bound', volume: 'pv-1', reason: already('pv-1') },
      ],
      findings: [
        {
          severity: 'info',
          rule: 'volume-unclaimed',
          object: 'PersistentVolume/pv-small',
          message: 'no claim among the manifests binds to it; it stays Available.',
        },
      ],
    });
  });

  test('no other claim takes a volume bound in the cluster: not by name, not by search, and no race is claimed', () => {
    const r = predictBindings(
      [
        pv('pv-m', '2Gi', { source: csi('m') }),
        pvc('logs', '1Gi', { cls: '' }),
        pvc('b', '1Gi', { cls: '' }),
        pvc('named', '1Gi', { cls: '', volumeName: 'pv-m' }),
      ],
      { cluster },
    );
    const searched =
      `${CLASSLESS_PENDING} Closest volumes: "pv-m" (it is already bound in the cluster to claim default/logs), ` +
      '"pv-1" (it is Bound in the cluster to claim default/data with uid "u-data", so no other claim can take it).';
    const named =
      'stays Pending: volume "pv-m" is already bound in the cluster to claim default/logs; a volume binds to one ' +
      'claim only.';
    expect(r).toEqual({
      claims: [
        { namespace: 'default', name: 'logs', outcome: 'bound', volume: 'pv-m', reason: already('pv-m') },
        { namespace: 'default', name: 'b', outcome: 'pending', reason: searched },
        { namespace: 'default', name: 'named', outcome: 'pending', reason: named },
      ],
      findings: [
        {
          severity: 'error',
          rule: 'claim-pending',
          object: 'PersistentVolumeClaim/default/named',
          field: 'spec.volumeName',
          message: named,
        },
        {
          severity: 'warning',
          rule: 'claim-pending',
          object: 'PersistentVolumeClaim/default/b',
          message: searched,
        },
      ],
    });
  });

  test('a StatefulSet replica whose claim is Bound in the cluster keeps its volume; the next is provisioned', () => {
    const r = predictBindings([sts('db', 2, [template('data', '1Gi', { cls: 'fast' })]), sc('fast')], {
      cluster: [live(pvc('data-db-0', '1Gi', { cls: 'fast', volumeName: 'pvc-123' }), 'Bound')],
    });
    expect(r.claims).toEqual([
      {
        namespace: 'default',
        name: 'data-db-0',
        outcome: 'bound',
        volume: 'pvc-123',
        storageClass: 'fast',
        reason: already('pvc-123'),
      },
      {
        namespace: 'default',
        name: 'data-db-1',
        outcome: 'provisioned',
        storageClass: 'fast',
        reason:
          'no free static volume fits, so StorageClass "fast" (provisioner ebs.csi.aws.com, volumeBindingMode ' +
          'Immediate) provisions a new volume.',
      },
    ]);
  });

  test('a claimRef uid matches the claim as it exists (its uid in the cluster)', () => {
    const manifests = [
      pvc('data', '1Gi', { cls: '' }),
      pv('pv-u', '2Gi', {
        source: csi('u'),
        claimRef: { namespace: 'default', name: 'data', uid: 'u-data' },
      }),
    ];
    const r = predictBindings(manifests, { cluster: [live(pvc('data', '1Gi', { cls: '' }), 'Pending')] });
    expect(r).toEqual({
      claims: [
        {
          namespace: 'default',
          name: 'data',
          outcome: 'bound',
          volume: 'pv-u',
          reason:
            'binds to volume "pv-u", whose spec.claimRef reserves it for this claim (the controller takes a reserved ' +
            'volume before any other and checks only its size, volumeMode and access modes, not its class or labels).',
        },
      ],
      findings: [],
    });
    // Without the cluster, a claim created from the manifests has no such uid.
    expect(predictBindings(manifests).claims[0].outcome).toBe('pending');
  });

  test('a claim setting no class has the class admission gave it in the cluster', () => {
    const r = predictBindings([pvc('data', '1Gi'), sc('gold')], {
      cluster: [live(pvc('data', '1Gi', { cls: 'gold' }), 'Pending')],
    });
    expect(r).toEqual({
      claims: [
        {
          namespace: 'default',
          name: 'data',
          outcome: 'provisioned',
          storageClass: 'gold',
          reason:
            'no free static volume fits, so StorageClass "gold" (provisioner ebs.csi.aws.com, volumeBindingMode ' +
            'Immediate) provisions a new volume.',
        },
      ],
      findings: [],
    });
  });
});

describe('cluster StorageClasses', () => {
  const classless = [pvc('data', '5Gi'), pv('pv-a', '5Gi', { source: csi('a') })];

  test("the cluster's default class takes an unset claim, and the claim-class-unset warning is gone", () => {
    const before = planStorage(classless);
    expect(before.claims[0].outcome).toBe('bound');
    expect(before.findings.map((f) => f.rule)).toEqual(['claim-class-unset', 'claim-unused']);

    const after = planStorage(classless, { cluster: [defaultClass('standard', '2024-01-01T00:00:00Z')] });
    expect(after).toEqual({
      claims: [
        {
          namespace: 'default',
          name: 'data',
          outcome: 'provisioned',
          storageClass: 'standard',
          reason:
            'no free static volume fits, so StorageClass "standard" (provisioner ebs.csi.aws.com, volumeBindingMode ' +
            'Immediate) provisions a new volume. The claim sets no storageClassName, so admission gives it the ' +
            'cluster\'s default class "standard".',
        },
      ],
      findings: [
        {
          severity: 'info',
          rule: 'volume-unclaimed',
          object: 'PersistentVolume/pv-a',
          message: 'no claim among the manifests binds to it; it stays Available.',
        },
        {
          severity: 'info',
          rule: 'claim-unused',
          object: 'PersistentVolumeClaim/default/data',
          message:
            'no workload in the manifests mounts this claim; if nothing elsewhere does, it holds storage for nothing ' +
            '(and a WaitForFirstConsumer class never provisions it)',
        },
      ],
    });
  });

  test('StorageClasses in the cluster and none default: the cluster has none, so the class-less binding holds', () => {
    const r = predictBindings(classless, { cluster: [live(sc('standard'))] });
    expect(r).toEqual({
      claims: [
        {
          namespace: 'default',
          name: 'data',
          outcome: 'bound',
          volume: 'pv-a',
          reason:
            'binds to volume "pv-a" (5Gi, class "" (no class), [ReadWriteOnce]): the smallest available volume of ' +
            'class "" (no class) that fits the request 5Gi in the first access-mode group [ReadWriteOnce] that has one.',
        },
      ],
      findings: [],
    });
    expect(predictBindings([pvc('data', '1Gi')], { cluster: [live(sc('standard'))] }).claims[0].reason).toBe(
      'stays Pending: no class-less volume among the manifests fits: the claim sets no storageClassName and the ' +
        'cluster has no default StorageClass (none of its StorageClasses is annotated as default), so it can only ' +
        'bind to a class-less volume and is never provisioned. The plan sees only the volumes in the manifests: the ' +
        'claim binds only if the cluster already has a volume that fits. There is no PersistentVolume among the manifests.',
    );
  });

  test('several defaults: the newest, ties by name (GetDefaultClass); the beta annotation counts', () => {
    const cluster = [
      defaultClass('old', '2020-01-01T00:00:00Z'),
      defaultClass('new', '2024-01-01T00:00:00Z', true),
      defaultClass('also-new', '2024-01-01T00:00:00Z'),
    ];
    expect(predictBindings([pvc('data', '1Gi')], { cluster })).toEqual({
      claims: [
        {
          namespace: 'default',
          name: 'data',
          outcome: 'provisioned',
          storageClass: 'also-new',
          reason:
            'no free static volume fits, so StorageClass "also-new" (provisioner ebs.csi.aws.com, volumeBindingMode ' +
            'Immediate) provisions a new volume. The claim sets no storageClassName, so admission gives it the ' +
            'cluster\'s default class "also-new".',
        },
      ],
      findings: [],
    });
    // No creation time reads as the oldest.
    const undated = sc('undated', { isDefault: true });
    const dated = predictBindings([pvc('data', '1Gi')], {
      cluster: [undated, defaultClass('dated', '2020-01-01T00:00:00Z')],
    });
    expect(dated.claims[0].storageClass).toBe('dated');
    const beta = predictBindings([pvc('data', '1Gi')], {
      cluster: [defaultClass('b', '2024-01-01T00:00:00Z', true)],
    });
    expect(beta.claims[0].storageClass).toBe('b');
  });

  test("the manifests' default and the options' default come before the cluster's", () => {
    const cluster = [defaultClass('theirs', '2020-01-01T00:00:00Z')];
    const mine = predictBindings([pvc('data', '1Gi'), sc('mine', { isDefault: true })], { cluster });
    expect(mine.claims[0].storageClass).toBe('mine');
    const options = predictBindings([pvc('data', '1Gi')], { cluster, defaultStorageClass: 'gold' });
    expect(options.claims[0]).toEqual({
      namespace: 'default',
      name: 'data',
      outcome: 'provisioned',
      storageClass: 'gold',
      reason:
        'no static volume fits, so the cluster\'s default StorageClass "gold" (given in the options; not among the ' +
        'manifests) provisions a new volume, assuming it has a provisioner; if its volumeBindingMode is ' +
        'WaitForFirstConsumer, only once a pod using the claim is scheduled.',
    });
    const none = predictBindings([pvc('data', '1Gi')], { cluster, defaultStorageClass: '' });
    expect(none.claims[0].reason).toBe(
      'stays Pending: no class-less volume among the manifests fits: the claim sets no storageClassName and the ' +
        'cluster has no default StorageClass (options.defaultStorageClass is ""), so it can only bind to a ' +
        'class-less volume and is never provisioned. The plan sees only the volumes in the manifests: the claim binds ' +
        'only if the cluster already has a volume that fits. There is no PersistentVolume among the manifests.',
    );
  });

  test('a class of the manifests overrides the cluster class of the same name, its default annotation too', () => {
    const cluster = [live(sc('fast', { wffc: true, isDefault: true }))];
    const manifests = [
      pvc('data', '5Gi', { cls: 'fast' }),
      pvc('unset', '5Gi'),
      sc('fast', { provisioner: 'pd.csi.storage.gke.io' }),
    ];
    expect(predictBindings(manifests, { cluster }).claims).toEqual([
      {
        namespace: 'default',
        name: 'data',
        outcome: 'provisioned',
        storageClass: 'fast',
        reason:
          'no free static volume fits, so StorageClass "fast" (provisioner pd.csi.storage.gke.io, volumeBindingMode ' +
          'Immediate) provisions a new volume.',
      },
      {
        namespace: 'default',
        name: 'unset',
        outcome: 'pending',
        reason:
          'stays Pending: no class-less volume among the manifests fits: the claim sets no storageClassName and the ' +
          'cluster has no default StorageClass (none of its StorageClasses is annotated as default), so it can only ' +
          'bind to a class-less volume and is never provisioned. The plan sees only the volumes in the manifests: the ' +
          'claim binds only if the cluster already has a volume that fits. There is no PersistentVolume among the ' +
          'manifests.',
      },
    ]);
  });

  test('a cluster class is known: a claim of it waits with WaitForFirstConsumer as for a manifest class', () => {
    const r = predictBindings([pvc('data', '5Gi', { cls: 'slow' })], {
      cluster: [live(sc('slow', { wffc: true }))],
    });
    expect(r.claims[0]).toEqual({
      namespace: 'default',
      name: 'data',
      outcome: 'waiting',
      storageClass: 'slow',
      reason:
        'StorageClass "slow" has volumeBindingMode WaitForFirstConsumer: provisioner ebs.csi.aws.com provisions the ' +
        'volume when the first pod using the claim is scheduled. No pod among the manifests mounts it, so it stays ' +
        'Pending until one does.',
    });
  });

  test('a class neither among the manifests nor in the cluster', () => {
    const r = predictBindings([pvc('data', '1Gi', { cls: 'nope' })], { cluster: [live(sc('standard'))] });
    const message =
      'stays Pending: no static volume fits, and StorageClass "nope" is neither among the manifests nor in the ' +
      'cluster: the claim stays Pending until the class exists. There is no PersistentVolume among the manifests.';
    expect(r.findings).toEqual([
      {
        severity: 'warning',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/default/data',
        field: 'spec.storageClassName',
        message,
      },
    ]);
  });
});

describe('the cluster objects themselves', () => {
  test('produce no findings: not judged, not validated, no volume-unclaimed, no default-class-multiple', () => {
    const cluster: unknown[] = [
      defaultClass('a', '2020-01-01T00:00:00Z'),
      defaultClass('b', '2020-01-01T00:00:00Z'),
      live(pv('pv-host', '1Gi', { source: { hostPath: { path: '/var/run/docker.sock' } } }), 'Available'),
      live(pv('pv-bad', '1Gx'), 'Available'),
      live(pv('pv-rel', '1Gi', { claimRef: { namespace: 'a', name: 'b', uid: 'u' } }), 'Released'),
      live(pv('pv-ns', '1Gi', { claimRef: { name: 'b' } }), 'Available'),
      live(pvc('orphan', '1Gi', { cls: 'missing' }), 'Pending'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 1 } },
      'not an object',
      null,
    ];
    expect(planStorage([], { cluster })).toEqual({ claims: [], findings: [] });
  });

  test('a List among them is read item by item', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '' },
      items: [live(pv('pv-free', '10Gi', { source: csi('a') }), 'Available')],
    };
    const r = predictBindings([pvc('data', '5Gi', { cls: '' })], { cluster: [list] });
    expect(r.claims[0].volume).toBe('pv-free');
  });

  test('a cluster option that is not a list is an option error, and the plan runs without it', () => {
    const bad = { cluster: { kind: 'List' } } as unknown as PlanOptions;
    expect(planStorage([], bad)).toEqual({
      claims: [],
      findings: [
        {
          severity: 'error',
          rule: 'option-invalid',
          object: '<options>',
          field: 'cluster',
          message:
            'cluster must be a list of objects (what `kubectl get storageclass,pv,pvc -A -o yaml` prints)',
        },
      ],
    });
  });

  test('an options object whose getters throw is read as no cluster, never a crash', () => {
    const hostile = {
      get cluster(): unknown[] {
        throw new Error('no');
      },
    } as PlanOptions;
    expect(predictBindings([pvc('data', '1Gi', { cls: '' })], hostile)).toEqual(
      predictBindings([pvc('data', '1Gi', { cls: '' })]),
    );
  });
});

describe('without the cluster', () => {
  test('every binding scenario plans as before: no option, an undefined one and an empty list are the same', () => {
    for (const [, manifests, options] of CASES) {
      const before = predictBindings(manifests, options);
      expect(predictBindings(manifests, { ...options, cluster: undefined })).toEqual(before);
      expect(predictBindings(manifests, { ...options, cluster: [] })).toEqual(before);
      expect(JSON.stringify(planStorage(manifests, { ...options, cluster: undefined }))).toBe(
        JSON.stringify(planStorage(manifests, options)),
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI, StorageChecks and the validation plugin

function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

/** The claims of app.yaml planned against live.yaml (a `kind: List`, as kubectl prints it). */
const LIVE_CLAIMS = [
  {
    namespace: 'shop',
    name: 'cache',
    outcome: 'bound',
    volume: 'pv-spare',
    reason:
      'binds to volume "pv-spare" (20Gi, class "" (no class), [ReadWriteOnce], in the cluster (Available)): the ' +
      'smallest available volume of class "" (no class) that fits the request 5Gi in the first access-mode group ' +
      '[ReadWriteOnce] that has one. Volume "pv-old" is Released in the cluster with a spec.claimRef naming this ' +
      'claim with uid "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", which this claim does not have in the cluster objects ' +
      'given, so it never binds to it.',
  },
  {
    namespace: 'shop',
    name: 'data',
    outcome: 'bound',
    volume: 'pv-data',
    reason:
      'already bound in the cluster to volume "pv-data" (the claim\'s status.phase is Bound and its spec.volumeName ' +
      'is "pv-data"): the controller keeps an existing binding, and no other claim can take the volume.',
  },
  {
    namespace: 'shop',
    name: 'uploads',
    outcome: 'provisioned',
    storageClass: 'standard',
    reason:
      'no free static volume fits, so StorageClass "standard" (provisioner pd.csi.storage.gke.io, volumeBindingMode ' +
      "Immediate) provisions a new volume. The claim sets no storageClassName, so admission gives it the cluster's " +
      'default class "standard".',
  },
];

describe('--cluster FILE', () => {
  const rel = (p: string): string => path.relative(process.cwd(), p);

  test('reads a kind: List as kubectl prints it; its objects are bound against and get no findings', () => {
    const r = run('plan', rel(APP), '--cluster', rel(LIVE), '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.claims).toEqual(LIVE_CLAIMS);
    expect(out.summary).toMatchObject({ bound: 2, provisioned: 1, pending: 0, errors: 0, warnings: 0 });
    expect(out.findings.map((f: { rule: string; object: string }) => `${f.rule} ${f.object}`)).toEqual([
      'claim-unused PersistentVolumeClaim/shop/cache',
      'claim-unused PersistentVolumeClaim/shop/data',
      'claim-unused PersistentVolumeClaim/shop/uploads',
    ]);
    // Without it, every claim waits on what the plan cannot see.
    const alone = JSON.parse(run('plan', rel(APP), '--format', 'json').stdout);
    expect(alone.summary).toMatchObject({ bound: 0, pending: 3, warnings: 3 });
  });

  test('repeatable, and with =; a file that cannot be read is an error finding like any other', () => {
    const r = run(
      'plan',
      rel(APP),
      `--cluster=${rel(LIVE)}`,
      '--cluster',
      rel(path.join(FIX, 'missing.yaml')),
      '--format',
      'json',
    );
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.claims).toEqual(LIVE_CLAIMS);
    expect(out.findings[0]).toEqual({
      severity: 'error',
      rule: 'manifest-unreadable',
      object: `file:${rel(path.join(FIX, 'missing.yaml'))}`,
      // said to be of the cluster objects: the same file name can be among the paths planned
      message: 'cluster objects: cannot read: no such file or directory',
      file: rel(path.join(FIX, 'missing.yaml')),
    });
  });

  test('usage: it needs a value, and only one path reads standard input', () => {
    expect(run('plan', 'x.yaml', '--cluster')).toMatchObject({ code: 2 });
    expect(run('plan', 'x.yaml', '--cluster')).toMatchObject({
      stderr: expect.stringMatching(/^cdk8s-volumes: --cluster needs a file or directory\n/),
    });
    expect(run('plan', 'x.yaml', '--cluster=').code).toBe(2);
    expect(run('plan', '-', '--cluster', '-')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'cdk8s-volumes: - (standard input) can be read once, and is named 2 times (a path, --cluster): give all ' +
        `but one a file\n\n${USAGE}`,
    });
  });

  test('the help lists it', () => {
    expect(run('--help').stdout).toContain(
      '  --cluster FILE                  what exists in the cluster (repeatable)',
    );
  });
});

describe('StorageChecks and the validation plugin: the cluster option', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('StorageChecks plans the app against the cluster file', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-checks-'));
    made.push(outdir);
    const app = new App({ outdir });
    const checks = StorageChecks.enable(app, { cluster: LIVE, reportFile: '' });
    const chart = new Chart(app, 'shop', { disableResourceNameHashes: true });
    new ApiObject(chart, 'uploads', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'uploads', namespace: 'shop' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    app.synth();
    expect(checks.plan?.claims).toEqual([LIVE_CLAIMS[2]]);
  });

  test('StorageChecks: a cluster file that cannot be read fails the synth', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-checks-'));
    made.push(outdir);
    const app = new App({ outdir });
    StorageChecks.enable(app, { cluster: path.join(outdir, 'missing.yaml'), reportFile: '' });
    new Chart(app, 'empty');
    expect(() => app.synth()).toThrow(/manifest-unreadable/);
  });

  test('the plugin plans the synthesized files against the cluster file', async () => {
    const violations: StorageViolation[] = [];
    let status = '';
    let metadata: Record<string, string> = {};
    await new StorageValidation({ cluster: LIVE }).validate({
      manifests: [APP],
      report: {
        addViolation: (v) => violations.push(v),
        submit: (s, m) => {
          status = s;
          metadata = m ?? {};
        },
      },
    });
    expect(status).toBe('success');
    expect(metadata.claims).toBe('3 (2 bound, 1 provisioned, 0 waiting, 0 pending)');
    expect(violations).toEqual([]);
  });

  test('the plugin: an unreadable cluster file is a violation that fails; a cluster that is no string is refused', async () => {
    const violations: StorageViolation[] = [];
    let status = '';
    const missing = path.join(FIX, 'missing.yaml');
    await new StorageValidation({ cluster: missing }).validate({
      manifests: [APP],
      report: { addViolation: (v) => violations.push(v), submit: (s) => (status = s) },
    });
    expect(status).toBe('failure');
    expect(violations[0]).toMatchObject({
      ruleName: 'manifest-unreadable (error)',
      violatingResources: [{ resourceName: 'missing.yaml', manifestPath: missing }],
    });
    expect(() => new StorageValidation({ cluster: 3 as unknown as string })).toThrow(
      'StorageValidation: properties.cluster is 3; expected a non-empty string',
    );
  });
});
