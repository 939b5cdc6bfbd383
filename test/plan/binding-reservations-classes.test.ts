/**
 * Binding predictor cases that the scenario table (_binding-cases.ts) does not reach, found by
 * mutation testing (docs/mutation.md): the order in which competing claims are processed (it
 * decides who gets a volume), reserved volumes that are passed over, class hints, replicas that
 * are not numbers, and access-mode groups of more than one mode.
 */
import { predictBindings } from '../../src/plan/binding';
import { pv, pvc, sc, sts, template } from './_binding-cases';

/** Two or more class-less claims for 1Gi and one class-less 1Gi volume: who binds. */
function winner(claims: Array<[name: string, namespace?: string]>): string[] {
  const { claims: plans } = predictBindings([
    pv('v', '1Gi'),
    ...claims.map(([name, ns]) => pvc(name, '1Gi', { cls: '', ns })),
  ]);
  return plans.filter((c) => c.outcome === 'bound').map((c) => `${c.namespace}/${c.name}`);
}

const RESERVED_TAKEN =
  'binds to volume "v", whose spec.claimRef reserves it for this claim (the controller takes a reserved volume ' +
  'before any other and checks only its size, volumeMode and access modes, not its class or labels).';

describe('the order of competing claims: namespace, then name, digit runs compared as numbers', () => {
  test.each<[string, Array<[string, string?]>, string]>([
    ['c9 before c10', [['c10'], ['c9']], 'default/c9'],
    ['leading zeros do not count: c009 before c10', [['c10'], ['c009']], 'default/c009'],
    ['each digit run: a1b2 before a1b10', [['a1b10'], ['a1b2']], 'default/a1b2'],
    ['a digit run sorts as a digit: x1 before xa', [['xa'], ['x1']], 'default/x1'],
    [
      'namespaces too: n9 before n10',
      [
        ['c', 'n10'],
        ['c', 'n9'],
      ],
      'n9/c',
    ],
    ['equal numbers: c0 before c00', [['c00'], ['c0']], 'default/c0'],
    ['a run followed by text: d2 before d10x', [['d10x'], ['d2']], 'default/d2'],
    ['plain names by code unit: a before b', [['b'], ['a']], 'default/a'],
    ['three claims', [['s-10'], ['s-2'], ['s-1']], 'default/s-1'],
  ])('%s', (_title, claims, bound) => {
    expect(winner(claims)).toEqual([bound]);
  });
});

describe('reserved volumes (spec.claimRef)', () => {
  test('a volume reserved for a claim the API server rejects stays unclaimed, and says so', () => {
    const { claims, findings } = predictBindings([
      pv('v', '1Gi', { claimRef: { name: 'c', namespace: 'default' } }),
      pvc('c', '0', { cls: '' }),
    ]);
    expect(claims).toEqual([
      {
        namespace: 'default',
        name: 'c',
        outcome: 'pending',
        reason:
          'the API server rejects this claim: spec.resources.requests.storage 0 is not greater than zero, so it never binds.',
      },
    ]);
    expect(findings).toEqual([
      {
        severity: 'info',
        rule: 'volume-unclaimed',
        object: 'PersistentVolume/v',
        message:
          'it is reserved by its spec.claimRef for claim default/c, which does not bind to it (pending); no other claim can bind to it.',
      },
    ]);
  });

  test('a reserved volume without the requested access modes is passed over for a free one', () => {
    const { claims, findings } = predictBindings([
      pv('v', '1Gi', { claimRef: { name: 'c', namespace: 'default' }, modes: ['ReadOnlyMany'] }),
      pv('w', '1Gi'),
      pvc('c', '1Gi', { cls: '' }),
    ]);
    const why = 'its access modes [ReadOnlyMany] do not include all of the requested [ReadWriteOnce]';
    expect(claims).toEqual([
      {
        namespace: 'default',
        name: 'c',
        outcome: 'bound',
        volume: 'w',
        reason:
          'binds to volume "w" (1Gi, class "" (no class), [ReadWriteOnce]): the smallest available volume of class "" (no class) ' +
          'that fits the request 1Gi in the first access-mode group [ReadWriteOnce] that has one. ' +
          `Volume "v" is reserved for this claim by its spec.claimRef but is not used: ${why}.`,
      },
    ]);
    expect(findings).toEqual([
      {
        severity: 'warning',
        rule: 'prebound-bypassed',
        object: 'PersistentVolume/v',
        field: 'spec.claimRef',
        message: `it is reserved for claim default/c, which does not bind to it (${why}); the volume stays Available and reserved, unusable by other claims.`,
      },
    ]);
  });

  test('a reserved volume of another volumeMode: the claim stays Pending and both findings say why', () => {
    const { claims, findings } = predictBindings([
      pv('v', '1Gi', { claimRef: { name: 'c', namespace: 'default' }, volumeMode: 'Block' }),
      pvc('c', '1Gi', { cls: '' }),
    ]);
    const why = "its volumeMode Block is not the claim's Filesystem";
    const reason =
      'stays Pending: no class-less volume among the manifests fits: the claim asks for no class (storageClassName ""), ' +
      'so it can only bind to a class-less volume and is never provisioned. The plan sees only the volumes in the ' +
      `manifests: the claim binds only if the cluster already has a volume that fits. Closest volumes: "v" (${why}). ` +
      `Volume "v" is reserved for this claim by its spec.claimRef but is not used: ${why}.`;
    expect(claims).toEqual([{ namespace: 'default', name: 'c', outcome: 'pending', reason }]);
    expect(findings).toEqual([
      {
        severity: 'warning',
        rule: 'prebound-bypassed',
        object: 'PersistentVolume/v',
        field: 'spec.claimRef',
        message: `it is reserved for claim default/c, which does not bind to it (${why}); the volume stays Available and reserved, unusable by other claims.`,
      },
      {
        severity: 'warning',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/default/c',
        field: 'spec.volumeMode',
        message: reason,
      },
    ]);
  });

  test('a reserved volume of another class is still taken', () => {
    const { claims, findings } = predictBindings([
      pv('v', '1Gi', { claimRef: { name: 'c', namespace: 'default' }, cls: 'other' }),
      pvc('c', '1Gi', { cls: '' }),
    ]);
    expect(claims).toEqual([
      { namespace: 'default', name: 'c', outcome: 'bound', volume: 'v', reason: RESERVED_TAKEN },
    ]);
    expect(findings).toEqual([]);
  });

  test('a claim naming a volume reserved for another claim stays Pending; the reserved claim binds', () => {
    const { claims, findings } = predictBindings([
      pv('v', '1Gi', { claimRef: { name: 'c', namespace: 'default' } }),
      pvc('d', '1Gi', { cls: '', volumeName: 'v' }),
      pvc('c', '1Gi', { cls: '' }),
    ]);
    const reason =
      'stays Pending: it names volume "v", but it is reserved by its spec.claimRef for claim default/c.';
    expect(claims).toEqual([
      { namespace: 'default', name: 'd', outcome: 'pending', reason },
      { namespace: 'default', name: 'c', outcome: 'bound', volume: 'v', reason: RESERVED_TAKEN },
    ]);
    expect(findings).toEqual([
      {
        severity: 'error',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/default/d',
        field: 'spec.volumeName',
        message: reason,
      },
    ]);
  });
});

describe('classes', () => {
  test('a claim given the default class that names a volume of another class: the hint names the class to set', () => {
    const { claims } = predictBindings([
      sc('fast', { isDefault: true }),
      pv('v', '1Gi', { cls: '' }),
      pv('w', '1Gi', { cls: 'slow' }),
      pvc('a', '1Gi', { volumeName: 'v' }),
      pvc('b', '1Gi', { volumeName: 'w' }),
    ]);
    const prefix = (volume: string, cls: string): string =>
      `stays Pending: it names volume "${volume}", which cannot take it (the controller reports "Cannot bind to requested volume"): ` +
      `its class ${cls} is not the claim's "fast". The claim sets no storageClassName, so admission gave it the default class "fast"; `;
    expect(claims).toEqual([
      {
        namespace: 'default',
        name: 'a',
        outcome: 'pending',
        storageClass: 'fast',
        reason: prefix('v', '"" (no class)') + 'set storageClassName: "" to bind this volume.',
      },
      {
        namespace: 'default',
        name: 'b',
        outcome: 'pending',
        storageClass: 'fast',
        reason: prefix('w', '"slow"') + 'set storageClassName: "slow" to bind this volume.',
      },
    ]);
  });

  test('options.defaultStorageClass: a class name applies, "" says there is none, a non-string one does not apply', () => {
    const unset =
      'stays Pending: no class-less volume among the manifests fits: the claim sets no storageClassName and no default ' +
      'StorageClass is known (none is annotated in the manifests and options.defaultStorageClass is unset), so it can ' +
      'only bind to a class-less ' +
      'volume; if the cluster has a default class, admission sets it and that class provisions the claim instead. ' +
      'There is no PersistentVolume among the manifests.';
    expect(predictBindings([pvc('c', '1Gi')], { defaultStorageClass: 5 as unknown as string })).toEqual({
      claims: [{ namespace: 'default', name: 'c', outcome: 'pending', reason: unset }],
      findings: [
        {
          severity: 'warning',
          rule: 'claim-pending',
          object: 'PersistentVolumeClaim/default/c',
          message: unset,
        },
      ],
    });
    // "": the cluster has no default class, so the unset claim is never provisioned; it binds only to a class-less
    // volume the cluster already has, which the plan cannot see: a warning that says so
    const none =
      'stays Pending: no class-less volume among the manifests fits: the claim sets no storageClassName and the cluster ' +
      'has no default StorageClass (options.defaultStorageClass is ""), so it can only bind to a class-less volume and ' +
      'is never provisioned. The plan sees only the volumes in the manifests: the claim binds only if the cluster ' +
      'already has a volume that fits. There is no PersistentVolume among the manifests.';
    expect(predictBindings([pvc('c', '1Gi')], { defaultStorageClass: '' })).toEqual({
      claims: [{ namespace: 'default', name: 'c', outcome: 'pending', reason: none }],
      findings: [
        {
          severity: 'warning',
          rule: 'claim-pending',
          object: 'PersistentVolumeClaim/default/c',
          message: none,
        },
      ],
    });
    // an annotated default class in the manifests still wins over ""
    expect(
      predictBindings([pvc('c', '1Gi'), sc('std', { isDefault: true })], { defaultStorageClass: '' }),
    ).toEqual({
      claims: [
        {
          namespace: 'default',
          name: 'c',
          outcome: 'provisioned',
          storageClass: 'std',
          reason:
            'no free static volume fits, so StorageClass "std" (provisioner ebs.csi.aws.com, volumeBindingMode Immediate) ' +
            'provisions a new volume. The claim sets no storageClassName, so admission gives it the default class "std".',
        },
      ],
      findings: [],
    });
    expect(predictBindings([pvc('c', '1Gi'), sc('fast')], { defaultStorageClass: 'fast' })).toEqual({
      claims: [
        {
          namespace: 'default',
          name: 'c',
          outcome: 'provisioned',
          storageClass: 'fast',
          reason:
            'no free static volume fits, so StorageClass "fast" (provisioner ebs.csi.aws.com, volumeBindingMode Immediate) ' +
            'provisions a new volume. The claim sets no storageClassName, so admission gives it the cluster\'s default class "fast".',
        },
      ],
      findings: [],
    });
  });
});

describe('claims', () => {
  test('several unknown access modes are all named', () => {
    expect(predictBindings([pvc('c', '1Gi', { cls: '', modes: ['Foo', 'Bar'] })]).claims).toEqual([
      {
        namespace: 'default',
        name: 'c',
        outcome: 'pending',
        reason:
          'the API server rejects this claim: spec.accessModes has "Foo", "Bar", not an access mode, so it never binds.',
      },
    ]);
  });

  test('a default class from the options does not provision a claim that names another class', () => {
    const reason =
      'stays Pending: no static volume fits, and StorageClass "other" is not among the manifests: if it exists in the ' +
      'cluster it may provision the claim, otherwise the claim stays Pending. Plan the claim together with the file that ' +
      "defines the class (or, if it is the cluster's default class, name it with --default-storage-class). There is no " +
      'PersistentVolume among the manifests.';
    expect(predictBindings([pvc('c', '1Gi', { cls: 'other' })], { defaultStorageClass: 'fast' })).toEqual({
      claims: [{ namespace: 'default', name: 'c', outcome: 'pending', storageClass: 'other', reason }],
      findings: [
        {
          severity: 'warning',
          rule: 'claim-pending',
          object: 'PersistentVolumeClaim/default/c',
          field: 'spec.storageClassName',
          message: reason,
        },
      ],
    });
  });

  test('StatefulSet replicas: unset, null or not a number is one replica', () => {
    const tpl = [template('d', '1Gi', { cls: 'fast' })];
    const { claims } = predictBindings([
      sts('a', null, tpl),
      sts('b', '3', tpl),
      sts('c', undefined, tpl),
      sts('e', 2, tpl),
      sc('fast'),
    ]);
    expect(claims.map((c) => c.name)).toEqual(['d-a-0', 'd-b-0', 'd-c-0', 'd-e-0', 'd-e-1']);
  });

  test('a claim asking for one mode binds in the first access-mode group that has a volume with it', () => {
    const { claims } = predictBindings([
      pv('v', '1Gi', { modes: ['ReadWriteOnce', 'ReadOnlyMany'] }),
      pvc('c', '1Gi', { cls: '', modes: ['ReadOnlyMany'] }),
    ]);
    expect(claims).toEqual([
      {
        namespace: 'default',
        name: 'c',
        outcome: 'bound',
        volume: 'v',
        reason:
          'binds to volume "v" (1Gi, class "" (no class), [ReadWriteOnce, ReadOnlyMany]): the smallest available volume of ' +
          'class "" (no class) that fits the request 1Gi in the first access-mode group [ReadWriteOnce, ReadOnlyMany] that has one.',
      },
    ]);
  });

  test('a claim or StatefulSet whose metadata throws when read is left out (validate reports it), never a crash', () => {
    const claim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'c',
        get namespace(): string {
          throw new Error('x');
        },
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        storageClassName: '',
      },
    };
    const set: Record<string, unknown> = { ...sts('s', 1, [template('d', '1Gi', { cls: 'fast' })]) };
    set.metadata = {
      name: 's',
      get namespace(): string {
        throw new Error('y');
      },
    };
    expect(predictBindings([pv('v', '1Gi'), claim, set, sc('fast')])).toEqual({
      claims: [],
      findings: [
        {
          severity: 'info',
          rule: 'volume-unclaimed',
          object: 'PersistentVolume/v',
          message: 'no claim among the manifests binds to it; it stays Available.',
        },
      ],
    });
  });
});
