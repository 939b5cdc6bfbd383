import {
  accessModesSatisfied,
  capacityTooSmall,
  isPrebound,
  LabelSelector,
  mismatches,
  readClaim,
  readVolume,
  selectorMatches,
  selectorProblem,
} from '../../src/plan/match';
import { parseQuantity } from '../../src/k8s/quantity';
import { planStorage } from '../../src/plan/plan';

function pv(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): unknown {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1', ...metadata }, spec };
}

function pvc(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'app', ...metadata },
    spec,
  };
}

const CLAIM_SPEC = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };
const VOLUME_SPEC = { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } };

describe('readVolume / readClaim', () => {
  test('defaults: no class is "", volumeMode Filesystem, namespace default', () => {
    const v = readVolume(pv(VOLUME_SPEC));
    expect(v).toMatchObject({
      name: 'pv1',
      storageClassName: '',
      volumeMode: 'Filesystem',
      accessModes: ['ReadWriteOnce'],
    });
    expect(v.claimRef).toBeUndefined();
    const c = readClaim(pvc(CLAIM_SPEC, { namespace: undefined }));
    expect(c).toMatchObject({ namespace: 'default', name: 'data', volumeMode: 'Filesystem' });
    expect(c.storageClassName).toBeUndefined();
    expect(c.selector).toBeUndefined();
    expect(c.volumeName).toBeUndefined();
  });

  test('custom: class, mode, selector, volumeName, uid, claimRef', () => {
    const c = readClaim(
      pvc(
        {
          ...CLAIM_SPEC,
          storageClassName: '',
          volumeMode: 'Block',
          volumeName: 'pv1',
          selector: {
            matchLabels: { a: 'b', n: 1 },
            matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 2] }, 'junk'],
          },
        },
        { uid: 'u-1' },
      ),
    );
    expect(c).toMatchObject({ storageClassName: '', volumeMode: 'Block', volumeName: 'pv1', uid: 'u-1' });
    expect(c.selector).toEqual({
      matchLabels: { a: 'b' },
      matchExpressions: [
        { key: 'k', operator: 'In', values: ['x'] },
        { key: '', operator: '', values: [] },
      ],
    });
    const v = readVolume(pv({ ...VOLUME_SPEC, claimRef: { name: 'data', namespace: 'app', uid: 'u-1' } }));
    expect(v.claimRef).toEqual({ name: 'data', namespace: 'app', uid: 'u-1' });
  });

  test('the deprecated class annotation wins over spec.storageClassName', () => {
    const annotations = { 'volume.beta.kubernetes.io/storage-class': 'gold' };
    expect(
      readVolume(pv({ ...VOLUME_SPEC, storageClassName: 'silver' }, { annotations })).storageClassName,
    ).toBe('gold');
    expect(
      readClaim(pvc({ ...CLAIM_SPEC, storageClassName: 'silver' }, { annotations })).storageClassName,
    ).toBe('gold');
    // An annotated claim has a class, so the default class never applies to it.
    expect(
      readClaim(pvc(CLAIM_SPEC, { annotations: { 'volume.beta.kubernetes.io/storage-class': '' } }))
        .storageClassName,
    ).toBe('');
  });

  test.each([
    null,
    undefined,
    42,
    'x',
    [],
    { spec: null },
    { spec: { accessModes: 'ReadWriteOnce', capacity: 5 } },
  ])('never throws on %p', (m) => {
    expect(() => readVolume(m)).not.toThrow();
    expect(() => readClaim(m)).not.toThrow();
    expect(readVolume(m).accessModes).toEqual([]);
    expect(readClaim(m).request).toBeUndefined();
  });
});

describe('selectorMatches', () => {
  const labels = { tier: 'gold', zone: 'a', empty: '' };
  const sel = (s: LabelSelector): boolean => selectorMatches(s, labels);

  test('empty selector matches everything', () => {
    expect(sel({})).toBe(true);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true);
  });

  test('matchLabels: every pair must be present and equal', () => {
    expect(sel({ matchLabels: { tier: 'gold' } })).toBe(true);
    expect(sel({ matchLabels: { tier: 'gold', zone: 'a' } })).toBe(true);
    expect(sel({ matchLabels: { tier: 'silver' } })).toBe(false);
    expect(sel({ matchLabels: { missing: '' } })).toBe(false); // absent is not ""
    expect(sel({ matchLabels: { empty: '' } })).toBe(true);
  });

  test('In: the key must be present with one of the values', () => {
    expect(sel({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['silver', 'gold'] }] })).toBe(
      true,
    );
    expect(sel({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['silver'] }] })).toBe(false);
    expect(sel({ matchExpressions: [{ key: 'missing', operator: 'In', values: ['gold'] }] })).toBe(false);
  });

  test('NotIn: an absent key matches', () => {
    expect(sel({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['silver'] }] })).toBe(true);
    expect(sel({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] })).toBe(false);
    expect(sel({ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['gold'] }] })).toBe(true);
  });

  test('Exists and DoesNotExist look at the key only', () => {
    expect(sel({ matchExpressions: [{ key: 'empty', operator: 'Exists' }] })).toBe(true);
    expect(sel({ matchExpressions: [{ key: 'missing', operator: 'Exists' }] })).toBe(false);
    expect(sel({ matchExpressions: [{ key: 'missing', operator: 'DoesNotExist' }] })).toBe(true);
    expect(sel({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist', values: [] }] })).toBe(false);
  });

  test('all terms must hold', () => {
    expect(
      sel({
        matchLabels: { tier: 'gold' },
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['a'] },
          { key: 'ssd', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe(true);
    expect(
      sel({
        matchLabels: { tier: 'gold' },
        matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }],
      }),
    ).toBe(false);
  });

  test.each<[LabelSelector, string]>([
    [
      { matchExpressions: [{ key: 'tier', operator: 'Equals', values: ['gold'] }] },
      'operator "Equals" is not one of',
    ],
    [
      { matchExpressions: [{ key: 'tier', operator: 'in', values: ['gold'] }] },
      'operator "in" is not one of',
    ],
    [
      { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: [] }] },
      'NotIn on "tier" needs at least one value',
    ],
    [{ matchExpressions: [{ key: 'tier', operator: 'In' }] }, 'In on "tier" needs at least one value'],
    [
      { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['gold'] }] },
      'Exists on "tier" takes no values',
    ],
    [{ matchExpressions: [{ key: '', operator: 'Exists' }] }, 'key "" is not a valid label key'],
    [{ matchLabels: { 'bad key': 'x' } }, 'key "bad key" is not a valid label key'],
    [{ matchLabels: { 'Example.com/tier': 'x' } }, 'invalid prefix'],
    [{ matchLabels: { tier: 'not valid!' } }, 'value "not valid!" is not a valid label value'],
  ])('an invalid selector %j matches nothing (%s)', (selector, problem) => {
    expect(selectorProblem(selector)).toContain(problem);
    expect(selectorMatches(selector, { tier: 'gold', 'Example.com/tier': 'x', 'bad key': 'x' })).toBe(false);
  });

  test('valid selectors have no problem, prefixed keys included', () => {
    expect(selectorProblem({ matchLabels: { 'topology.kubernetes.io/zone': 'eu-1a' } })).toBeUndefined();
    expect(
      selectorMatches({ matchLabels: { 'example.com/tier': 'gold' } }, { 'example.com/tier': 'gold' }),
    ).toBe(true);
  });
});

describe('isPrebound', () => {
  const claim = readClaim(pvc(CLAIM_SPEC));
  const vol = (claimRef: unknown) => readVolume(pv({ ...VOLUME_SPEC, claimRef }));

  test('name and namespace must both match', () => {
    expect(isPrebound(vol({ name: 'data', namespace: 'app' }), claim)).toBe(true);
    expect(isPrebound(vol({ name: 'data', namespace: 'other' }), claim)).toBe(false);
    expect(isPrebound(vol({ name: 'other', namespace: 'app' }), claim)).toBe(false);
    expect(isPrebound(vol(undefined), claim)).toBe(false);
  });

  test('a claimRef without a namespace matches no claim, not even one in "default"', () => {
    expect(isPrebound(vol({ name: 'data' }), claim)).toBe(false);
    expect(isPrebound(vol({ name: 'data' }), readClaim(pvc(CLAIM_SPEC, { namespace: undefined })))).toBe(
      false,
    );
  });

  test('a claimRef uid must equal the claim uid', () => {
    expect(isPrebound(vol({ name: 'data', namespace: 'app', uid: 'u-1' }), claim)).toBe(false);
    expect(
      isPrebound(
        vol({ name: 'data', namespace: 'app', uid: 'u-1' }),
        readClaim(pvc(CLAIM_SPEC, { uid: 'u-1' })),
      ),
    ).toBe(true);
  });
});

describe('mismatches', () => {
  const claim = readClaim(pvc({ ...CLAIM_SPEC, selector: { matchLabels: { tier: 'gold' } } }));
  const opts = { claimClass: '', checkSelector: true };

  test('a fitting volume has none', () => {
    expect(mismatches(claim, readVolume(pv(VOLUME_SPEC, { labels: { tier: 'gold' } })), opts)).toEqual([]);
  });

  test('lists every failed check in plain words', () => {
    const v = readVolume(
      pv({
        capacity: { storage: '1G' },
        accessModes: ['ReadOnlyMany'],
        storageClassName: 'fast',
        volumeMode: 'Block',
      }),
    );
    expect(mismatches(claim, v, opts)).toEqual([
      'its capacity 1G = 1,000,000,000 bytes is smaller than the request 1Gi = 1,073,741,824 bytes',
      'its access modes [ReadOnlyMany] do not include all of the requested [ReadWriteOnce]',
      `its class "fast" is not the claim's "" (no class)`,
      "its volumeMode Block is not the claim's Filesystem",
      "its labels {} do not match the claim's selector",
    ]);
  });

  test('no readable capacity', () => {
    expect(
      mismatches(
        claim,
        readVolume(pv({ accessModes: ['ReadWriteOnce'] }, { labels: { tier: 'gold' } })),
        opts,
      ),
    ).toEqual(['the volume has no readable spec.capacity.storage']);
  });

  test('labels are listed sorted; the selector is skipped when asked', () => {
    const v = readVolume(pv(VOLUME_SPEC, { labels: { z: '1', a: '2' } }));
    expect(mismatches(claim, v, opts)).toEqual(["its labels {a: 2, z: 1} do not match the claim's selector"]);
    expect(mismatches(claim, v, { ...opts, checkSelector: false })).toEqual([]);
  });

  test('the class compared is the one given (the default class after admission)', () => {
    const v = readVolume(pv({ ...VOLUME_SPEC, storageClassName: 'std' }, { labels: { tier: 'gold' } }));
    expect(mismatches(claim, v, { ...opts, claimClass: 'std' })).toEqual([]);
  });

  test('wholeBytes compares sizes rounded up to bytes, as checkVolumeSatisfyClaim does', () => {
    const c = readClaim(pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1.5' } } }));
    const v = readVolume(pv({ accessModes: ['ReadWriteOnce'], capacity: { storage: '1.2' } }));
    expect(mismatches(c, v, opts)).toHaveLength(1);
    expect(mismatches(c, v, { ...opts, wholeBytes: true })).toEqual([]);
  });
});

describe('capacityTooSmall / accessModesSatisfied', () => {
  const Q = (s: string) => parseQuantity(s)!;
  test('exact and whole-byte comparisons', () => {
    expect(capacityTooSmall(Q('1G'), Q('1Gi'), false)).toBe(true);
    expect(capacityTooSmall(Q('1Gi'), Q('1G'), false)).toBe(false);
    expect(capacityTooSmall(Q('1Gi'), Q('1Gi'), false)).toBe(false);
    expect(capacityTooSmall(Q('1G'), Q('1Gi'), true)).toBe(true);
    expect(capacityTooSmall(Q('1500m'), Q('2'), true)).toBe(false);
    expect(capacityTooSmall(Q('1500m'), Q('2'), false)).toBe(true);
  });

  test('access modes: the volume must offer every requested mode', () => {
    const claim = readClaim(pvc({ ...CLAIM_SPEC, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }));
    expect(
      accessModesSatisfied(
        claim,
        readVolume(pv({ accessModes: ['ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteMany'] })),
      ),
    ).toBe(true);
    expect(accessModesSatisfied(claim, readVolume(pv({ accessModes: ['ReadWriteOnce'] })))).toBe(false);
  });
});

describe('boundaries (each pins one rule of the label and size checks)', () => {
  test('access modes that are not strings are ignored', () => {
    expect(readVolume({ spec: { accessModes: ['ReadWriteOnce', 5, null] } }).accessModes).toEqual([
      'ReadWriteOnce',
    ]);
    expect(readClaim({ spec: { accessModes: [{}, 'ReadOnlyMany'] } }).accessModes).toEqual(['ReadOnlyMany']);
  });

  test.each<[string, string | undefined]>([
    ['a/x', undefined],
    ['a.b-c.d/x', undefined],
    ['0.9/x', undefined],
    [`${'a'.repeat(253)}/x`, undefined],
    [
      `${'a'.repeat(254)}/x`,
      `matchLabels key "${'a'.repeat(254)}/x" has an invalid prefix (a DNS subdomain is expected)`,
    ],
    ['/x', 'matchLabels key "/x" has an invalid prefix (a DNS subdomain is expected)'],
    ['a-/x', 'matchLabels key "a-/x" has an invalid prefix (a DNS subdomain is expected)'],
    ['a..b/x', 'matchLabels key "a..b/x" has an invalid prefix (a DNS subdomain is expected)'],
    ['A/x', 'matchLabels key "A/x" has an invalid prefix (a DNS subdomain is expected)'],
    ['a.-b/x', 'matchLabels key "a.-b/x" has an invalid prefix (a DNS subdomain is expected)'],
    ['x'.repeat(63), undefined],
    ['x'.repeat(64), `matchLabels key "${'x'.repeat(64)}" is not a valid label key`],
    ['a/', 'matchLabels key "a/" is not a valid label key'],
  ])('label key %s', (key, problem) => {
    expect(selectorProblem({ matchLabels: { [key]: 'v' } })).toBe(problem);
  });

  test.each<[string, string | undefined]>([
    ['', undefined],
    ['v'.repeat(63), undefined],
    ['v'.repeat(64), `matchLabels value "${'v'.repeat(64)}" is not a valid label value`],
    ['a b', 'matchLabels value "a b" is not a valid label value'],
  ])('label value %s', (value, problem) => {
    expect(selectorProblem({ matchLabels: { k: value } })).toBe(problem);
  });

  test('every value of an In or NotIn expression is checked', () => {
    expect(selectorProblem({ matchExpressions: [{ key: 'a', operator: 'In', values: ['ok', 'a b'] }] })).toBe(
      'matchExpressions value "a b" is not a valid label value',
    );
    expect(
      selectorProblem({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['ok'] }] }),
    ).toBeUndefined();
  });

  test('the same selector twice gives the same answer (cached)', () => {
    const s = { matchLabels: { 'a b': 'x' } };
    expect(selectorProblem(s)).toBe(selectorProblem(s));
    const ok = { matchLabels: { a: 'x' } };
    expect(selectorProblem(ok)).toBeUndefined();
    expect(selectorProblem(ok)).toBeUndefined();
  });

  test('whole bytes round away from zero, negative values included', () => {
    const q = (s: string) => parseQuantity(s)!;
    expect(capacityTooSmall(q('-1.5'), q('-1'), true)).toBe(true); // -2 < -1
    expect(capacityTooSmall(q('-1'), q('-1.5'), true)).toBe(false);
    expect(capacityTooSmall(q('1500m'), q('2'), true)).toBe(false); // 2 >= 2
    expect(capacityTooSmall(q('1500m'), q('2'), false)).toBe(true);
  });

  test('mismatch messages list modes and labels in order', () => {
    const claim = readClaim({
      spec: { accessModes: ['ReadWriteMany', 'ReadOnlyMany'], resources: { requests: { storage: '1Gi' } } },
    });
    const volume = readVolume({
      metadata: { labels: { b: '1', a: '2', c: '0' } },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] },
    });
    expect(
      mismatches({ ...claim, selector: { matchLabels: { z: 'z' } } }, volume, {
        claimClass: '',
        checkSelector: true,
      }),
    ).toEqual([
      'its access modes [ReadWriteOnce, ReadOnlyMany] do not include all of the requested [ReadWriteMany, ReadOnlyMany]',
      "its labels {a: 2, b: 1, c: 0} do not match the claim's selector",
    ]);
    const bare = readVolume({
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany', 'ReadOnlyMany'] },
    });
    expect(
      mismatches({ ...claim, selector: { matchLabels: { z: 'z' } } }, bare, {
        claimClass: '',
        checkSelector: true,
      }),
    ).toEqual(["its labels {} do not match the claim's selector"]);
  });
});

describe('volumeAttributesClassName (FindMatchingVolume / checkVolumeSatisfyClaim with the VolumeAttributesClass gate)', () => {
  const gold = readVolume(pv({ ...VOLUME_SPEC, volumeAttributesClassName: 'gold' }));
  const none = readVolume(pv(VOLUME_SPEC));
  const opts = { claimClass: '', checkSelector: true, checkAttributesClass: true };

  test('read from spec, "" when unset (ptr.Deref)', () => {
    expect(gold.attributesClass).toBe('gold');
    expect(none.attributesClass).toBe('');
    expect(readClaim(pvc({ ...CLAIM_SPEC, volumeAttributesClassName: 'gold' })).attributesClass).toBe('gold');
    expect(readClaim(pvc({ ...CLAIM_SPEC, volumeAttributesClassName: '' })).attributesClass).toBe('');
    expect(readClaim(pvc(CLAIM_SPEC)).attributesClass).toBe('');
  });

  test('another class, or a class against none, is a mismatch; equal classes and none with none are not', () => {
    const goldClaim = readClaim(pvc({ ...CLAIM_SPEC, volumeAttributesClassName: 'gold' }));
    const silverClaim = readClaim(pvc({ ...CLAIM_SPEC, volumeAttributesClassName: 'silver' }));
    const plain = readClaim(pvc(CLAIM_SPEC));
    expect(mismatches(goldClaim, gold, opts)).toEqual([]);
    expect(mismatches(plain, none, opts)).toEqual([]);
    expect(mismatches(silverClaim, gold, opts)).toEqual([
      `its volumeAttributesClassName "gold" is not the claim's "silver"`,
    ]);
    expect(mismatches(plain, gold, opts)).toEqual([
      `its volumeAttributesClassName "gold" is not the claim's (none)`,
    ]);
    expect(mismatches(goldClaim, none, opts)).toEqual([
      `its volumeAttributesClassName (none) is not the claim's "gold"`,
    ]);
  });

  test('not compared unless asked (the gate off: the API server drops the field from both)', () => {
    const plain = readClaim(pvc(CLAIM_SPEC));
    expect(mismatches(plain, gold, { claimClass: '', checkSelector: true })).toEqual([]);
  });
});

describe('volumeAttributesClassName in the binding plan', () => {
  function csiVolume(name: string, extra: Record<string, unknown> = {}): unknown {
    return pv(
      {
        ...VOLUME_SPEC,
        storageClassName: 'manual',
        csi: { driver: 'pd.csi.storage.gke.io', volumeHandle: name },
        ...extra,
      },
      { name },
    );
  }
  function manualClaim(extra: Record<string, unknown> = {}): unknown {
    return pvc({ ...CLAIM_SPEC, storageClassName: 'manual', ...extra });
  }
  const manualClass = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'manual' },
    provisioner: 'kubernetes.io/no-provisioner',
  };

  test('from 1.34 a claim does not bind a volume of another attributes class, and the pending reason says why', () => {
    const p = planStorage(
      [manualClass, csiVolume('pv-gold', { volumeAttributesClassName: 'gold' }), manualClaim()],
      {
        kubernetesVersion: '1.34',
      },
    );
    expect(p.claims).toEqual([
      {
        namespace: 'app',
        name: 'data',
        outcome: 'pending',
        storageClass: 'manual',
        reason: expect.stringContaining(
          `Closest volumes: "pv-gold" (its volumeAttributesClassName "gold" is not the claim's (none)).`,
        ),
      },
    ]);
  });

  test('the same manifests bind in 1.33 (the gate is off: the API server drops the field)', () => {
    const p = planStorage(
      [manualClass, csiVolume('pv-gold', { volumeAttributesClassName: 'gold' }), manualClaim()],
      {
        kubernetesVersion: '1.33',
      },
    );
    expect(p.claims.map((c) => [c.outcome, c.volume])).toEqual([['bound', 'pv-gold']]);
  });

  test('the volume of the same class is chosen over a smaller one of another class', () => {
    const p = planStorage(
      [
        manualClass,
        csiVolume('pv-a-small'),
        csiVolume('pv-b-gold', { volumeAttributesClassName: 'gold', capacity: { storage: '2Gi' } }),
        manualClaim({ volumeAttributesClassName: 'gold' }),
      ],
      { kubernetesVersion: '1.34' },
    );
    expect(p.claims.map((c) => [c.outcome, c.volume])).toEqual([['bound', 'pv-b-gold']]);
  });

  test('a claim naming a volume of another attributes class stays Pending (checkVolumeSatisfyClaim)', () => {
    const p = planStorage(
      [
        manualClass,
        csiVolume('pv-gold', { volumeAttributesClassName: 'gold' }),
        manualClaim({ volumeName: 'pv-gold', volumeAttributesClassName: 'silver' }),
      ],
      { kubernetesVersion: '1.34' },
    );
    const reason =
      'stays Pending: it names volume "pv-gold", which cannot take it (the controller reports "Cannot bind to requested volume"): ' +
      `its volumeAttributesClassName "gold" is not the claim's "silver".`;
    expect(p.claims).toEqual([
      { namespace: 'app', name: 'data', outcome: 'pending', storageClass: 'manual', reason },
    ]);
    expect(p.findings.filter((f) => f.rule === 'claim-pending')).toEqual([
      {
        severity: 'error',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/app/data',
        field: 'spec.volumeName',
        message: reason,
      },
    ]);
  });

  test('a volume reserved for the claim by claimRef is still skipped for another attributes class', () => {
    const p = planStorage(
      [
        manualClass,
        csiVolume('pv-gold', {
          volumeAttributesClassName: 'gold',
          claimRef: { name: 'data', namespace: 'app' },
        }),
        manualClaim({ volumeAttributesClassName: 'silver' }),
      ],
      { kubernetesVersion: '1.34' },
    );
    expect(p.claims.map((c) => c.outcome)).toEqual(['pending']);
    expect(p.findings.map((f) => f.rule)).toContain('prebound-bypassed');
  });
});
