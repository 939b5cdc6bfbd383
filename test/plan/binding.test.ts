import * as fc from 'fast-check';
import { KubernetesVersion } from '../../src/k8s/versions';
import { indexManifests } from '../../src/plan/_manifest';
import { predictBindings, predictIndexed } from '../../src/plan/binding';
import { readClaim, readVolume, selectorMatches } from '../../src/plan/match';
import { compareQuantities } from '../../src/k8s/quantity';
import { ClaimPlan, Finding, PlanOptions } from '../../src/plan/types';

// ---------------------------------------------------------------------------------------------
// Manifest builders

interface VolumeOpts {
  modes?: string[];
  cls?: string | null;
  volumeMode?: string;
  labels?: Record<string, string>;
  claimRef?: Record<string, unknown>;
  annotations?: Record<string, string>;
}

function pv(name: string, size: string, o: VolumeOpts = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      capacity: { storage: size },
      accessModes: o.modes ?? ['ReadWriteOnce'],
      ...(o.cls === null ? {} : { storageClassName: o.cls ?? '' }),
      ...(o.volumeMode ? { volumeMode: o.volumeMode } : {}),
      ...(o.claimRef ? { claimRef: o.claimRef } : {}),
      hostPath: { path: `/data/${name}` },
    },
  };
}

interface ClaimOpts {
  ns?: string;
  modes?: string[];
  /** undefined: unset (the default class applies). */
  cls?: string;
  volumeMode?: string;
  selector?: unknown;
  volumeName?: string;
}

function pvc(name: string, size: string, o: ClaimOpts = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, ...(o.ns ? { namespace: o.ns } : {}) },
    spec: {
      accessModes: o.modes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(o.cls !== undefined ? { storageClassName: o.cls } : {}),
      ...(o.volumeMode ? { volumeMode: o.volumeMode } : {}),
      ...(o.selector !== undefined ? { selector: o.selector } : {}),
      ...(o.volumeName ? { volumeName: o.volumeName } : {}),
    },
  };
}

function sc(
  name: string,
  o: { provisioner?: string; wffc?: boolean; isDefault?: boolean; betaDefault?: boolean } = {},
): Record<string, unknown> {
  const annotations: Record<string, string> = {};
  if (o.isDefault) annotations['storageclass.kubernetes.io/is-default-class'] = 'true';
  if (o.betaDefault) annotations['storageclass.beta.kubernetes.io/is-default-class'] = 'true';
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, annotations },
    provisioner: o.provisioner ?? 'ebs.csi.aws.com',
    ...(o.wffc ? { volumeBindingMode: 'WaitForFirstConsumer' } : {}),
  };
}

function pod(name: string, claimName: string, ns?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(ns ? { namespace: ns } : {}) },
    spec: {
      containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
    },
  };
}

function run(manifests: unknown[], options?: PlanOptions) {
  const result = predictBindings(manifests, options);
  return {
    ...result,
    claim(name: string, ns = 'default'): ClaimPlan {
      const c = result.claims.find((x) => x.name === name && x.namespace === ns);
      if (!c)
        throw new Error(
          `no plan for claim ${ns}/${name}: ${JSON.stringify(result.claims.map((x) => x.name))}`,
        );
      return c;
    },
    findingsFor(object: string): Finding[] {
      return result.findings.filter((f) => f.object === object);
    },
  };
}

const RWO = ['ReadWriteOnce'];
const RWO_ROX = ['ReadWriteOnce', 'ReadOnlyMany'];
const RWO_ROX_RWX = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'];

// ---------------------------------------------------------------------------------------------

describe('claims that name their volume (spec.volumeName)', () => {
  test('binds to the named volume when size, class, volumeMode and access modes fit; the selector is ignored', () => {
    const r = run([
      pv('small', '1Gi'),
      pv('big', '10Gi'),
      pvc('data', '1Gi', { cls: '', volumeName: 'big', selector: { matchLabels: { tier: 'gold' } } }),
    ]);
    expect(r.claim('data')).toMatchObject({ outcome: 'bound', volume: 'big' });
    expect(r.claim('data').reason).toContain('ignores its selector');
    expect(r.findingsFor('PersistentVolumeClaim/default/data')).toEqual([]);
    expect(r.findingsFor('PersistentVolume/small')).toMatchObject([
      { severity: 'info', rule: 'volume-unclaimed' },
    ]);
  });

  test('a named volume missing from the manifests: pending, warning (it may exist in the cluster)', () => {
    const r = run([pvc('data', '1Gi', { cls: '', volumeName: 'ghost' })]);
    expect(r.claim('data').outcome).toBe('pending');
    expect(r.claim('data').reason).toContain('"ghost" in spec.volumeName, which is not among the manifests');
    expect(r.findings).toMatchObject([
      {
        severity: 'warning',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/default/data',
        field: 'spec.volumeName',
      },
    ]);
  });

  test.each<[string, Record<string, unknown>, ClaimOpts, string]>([
    [
      'too small (1G < 1Gi)',
      { size: '1G' },
      {},
      'its capacity 1G = 1,000,000,000 bytes is smaller than the request 1Gi',
    ],
    ['another class', { cls: 'fast' }, {}, `its class "fast" is not the claim's "" (no class)`],
    ['another volumeMode', { volumeMode: 'Block' }, {}, "its volumeMode Block is not the claim's Filesystem"],
    [
      'missing access modes',
      { modes: ['ReadOnlyMany'] },
      {},
      'its access modes [ReadOnlyMany] do not include all of the requested [ReadWriteOnce]',
    ],
  ])('the named volume does not fit: %s', (_, vol, claimOpts, fragment) => {
    const r = run([
      pv('vol', (vol.size as string) ?? '1Gi', vol as VolumeOpts),
      pvc('data', '1Gi', { cls: '', volumeName: 'vol', ...claimOpts }),
    ]);
    expect(r.claim('data')).toMatchObject({ outcome: 'pending' });
    expect(r.claim('data').volume).toBeUndefined();
    expect(r.claim('data').reason).toContain('Cannot bind to requested volume');
    expect(r.claim('data').reason).toContain(fragment);
    expect(r.findingsFor('PersistentVolumeClaim/default/data')).toMatchObject([
      { severity: 'error', rule: 'claim-pending', field: 'spec.volumeName' },
    ]);
  });

  test('a named volume the API server rejects (no valid capacity) never exists', () => {
    const broken = pv('vol', '1Gx', { claimRef: { name: 'data', namespace: 'default' } });
    const r = run([broken, pvc('data', '1Gi', { cls: '', volumeName: 'vol' })]);
    expect(r.claim('data').outcome).toBe('pending');
    expect(r.claim('data').reason).toContain('which the API server rejects');
    // validate reports the volume itself.
    expect(r.findingsFor('PersistentVolume/vol')).toEqual([]);
  });

  test('an unset class gets the default class at admission, so a class-less named volume does not fit', () => {
    const r = run([
      sc('std', { isDefault: true }),
      pv('vol', '1Gi'),
      pvc('data', '1Gi', { volumeName: 'vol' }),
    ]);
    expect(r.claim('data')).toMatchObject({ outcome: 'pending', storageClass: 'std' });
    expect(r.claim('data').reason).toContain(
      'admission gave it the default class "std"; set storageClassName: "" to bind',
    );
  });

  test('the named volume is reserved for another claim by its claimRef', () => {
    const r = run([
      pv('vol', '1Gi', { claimRef: { name: 'other', namespace: 'default' } }),
      pvc('data', '1Gi', { cls: '', volumeName: 'vol' }),
      pvc('other', '1Gi', { cls: '' }),
    ]);
    expect(r.claim('other')).toMatchObject({ outcome: 'bound', volume: 'vol' });
    expect(r.claim('data').outcome).toBe('pending');
    expect(r.claim('data').reason).toContain('reserved by its spec.claimRef for claim default/other');
    expect(r.findingsFor('PersistentVolumeClaim/default/data')).toMatchObject([
      { severity: 'error', field: 'spec.volumeName' },
    ]);
  });

  test('bound on both sides (volumeName + claimRef): the controller binds without checking, the plan warns', () => {
    const r = run([
      pv('vol', '1G', { claimRef: { name: 'data', namespace: 'default' } }),
      pvc('data', '1Gi', { cls: '', volumeName: 'vol' }),
    ]);
    expect(r.claim('data')).toMatchObject({ outcome: 'bound', volume: 'vol' });
    expect(r.claim('data').reason).toContain('does not check a binding made on both sides');
    expect(r.findings).toMatchObject([
      { severity: 'warning', rule: 'claim-bound-mismatch', field: 'spec.volumeName' },
    ]);
  });

  test('two claims naming one volume: the first by namespace/name binds, the other loses the competition', () => {
    const r = run([
      pv('vol', '1Gi'),
      pvc('b', '1Gi', { cls: '', volumeName: 'vol' }),
      pvc('a', '1Gi', { cls: '', volumeName: 'vol' }),
    ]);
    expect(r.claim('a')).toMatchObject({ outcome: 'bound', volume: 'vol' });
    expect(r.claim('b').outcome).toBe('pending');
    expect(r.claim('b').reason).toContain('also named by claim default/a');
    expect(r.findingsFor('PersistentVolumeClaim/default/b')).toMatchObject([
      { severity: 'error', rule: 'claim-competing' },
    ]);
  });

  test('a claim naming a volume wins it over a searching claim processed earlier by name', () => {
    const r = run([
      pv('vol', '1Gi'),
      pvc('a', '1Gi', { cls: '' }),
      pvc('z', '1Gi', { cls: '', volumeName: 'vol' }),
    ]);
    expect(r.claim('z')).toMatchObject({ outcome: 'bound', volume: 'vol' });
    expect(r.claim('a').outcome).toBe('pending');
    expect(r.claim('a').reason).toContain('"vol" (it binds to claim default/z, which names it');
    // Lost to a competitor found by the search: a warning (the cluster may hold another volume).
    expect(r.findingsFor('PersistentVolumeClaim/default/a')).toMatchObject([
      { rule: 'claim-competing', severity: 'warning' },
    ]);
  });
});

describe('volumes reserved by claimRef', () => {
  test('the reserved volume is found ahead of smaller free ones; class and selector are not checked', () => {
    const r = run([
      sc('fast'),
      pv('free', '1Gi', { cls: 'fast', labels: { tier: 'gold' } }),
      pv('reserved', '100Gi', { cls: 'slow', claimRef: { name: 'data', namespace: 'app' } }),
      pvc('data', '1Gi', { ns: 'app', cls: 'fast', selector: { matchLabels: { tier: 'gold' } } }),
    ]);
    expect(r.claim('data', 'app')).toMatchObject({ outcome: 'bound', volume: 'reserved' });
    expect(r.claim('data', 'app').reason).toContain('not its class or labels');
  });

  test('a reserved volume is not given to any other claim', () => {
    const r = run([
      pv('reserved', '1Gi', { claimRef: { name: 'owner', namespace: 'default' } }),
      pvc('thief', '1Gi', { cls: '' }),
    ]);
    expect(r.claim('thief').outcome).toBe('pending');
    expect(r.claim('thief').reason).toContain('reserved by its spec.claimRef for claim default/owner');
    expect(r.findingsFor('PersistentVolume/reserved')).toMatchObject([
      {
        severity: 'info',
        rule: 'volume-unclaimed',
        message: expect.stringContaining('default/owner, which is not among the manifests'),
      },
    ]);
  });

  test('a claimRef without a namespace never binds, and says so', () => {
    const r = run([pv('vol', '1Gi', { claimRef: { name: 'data' } }), pvc('data', '1Gi', { cls: '' })]);
    expect(r.claim('data').outcome).toBe('pending');
    expect(r.claim('data').reason).toContain('without a namespace');
    expect(r.claim('data').reason).toContain('set spec.claimRef.namespace to "default"');
    expect(r.findingsFor('PersistentVolume/vol')).toMatchObject([
      { severity: 'info', rule: 'volume-unclaimed', message: expect.stringContaining('without a namespace') },
    ]);
    // validate owns the API-server rule on the claimRef itself.
    expect(r.findings.some((f) => f.rule === 'claimref-namespace')).toBe(false);
  });

  test('a claimRef uid matches only the claim that had it', () => {
    const r = run([
      pv('vol', '1Gi', { claimRef: { name: 'data', namespace: 'default', uid: 'abc' } }),
      pvc('data', '1Gi', { cls: '' }),
    ]);
    expect(r.claim('data').outcome).toBe('pending');
    expect(r.claim('data').reason).toContain('uid "abc"');
  });

  test('a reserved volume too small is passed over and reported', () => {
    const r = run([
      pv('reserved', '1G', { claimRef: { name: 'data', namespace: 'default' } }),
      pv('free', '2Gi'),
      pvc('data', '1Gi', { cls: '' }),
    ]);
    expect(r.claim('data')).toMatchObject({ outcome: 'bound', volume: 'free' });
    expect(r.claim('data').reason).toContain(
      'Volume "reserved" is reserved for this claim by its spec.claimRef but is not used',
    );
    expect(r.findingsFor('PersistentVolume/reserved')).toMatchObject([
      { severity: 'warning', rule: 'prebound-bypassed' },
    ]);
  });

  test('follows the controller: a free volume in a smaller access-mode set wins over a reserved one in a larger set', () => {
    const r = run([
      pv('reserved', '1Gi', { modes: RWO_ROX, claimRef: { name: 'data', namespace: 'default' } }),
      pv('plain', '1Gi', { modes: RWO }),
      pvc('data', '1Gi', { cls: '' }),
    ]);
    expect(r.claim('data')).toMatchObject({ outcome: 'bound', volume: 'plain' });
    expect(r.findingsFor('PersistentVolume/reserved')).toMatchObject([
      {
        rule: 'prebound-bypassed',
        message: expect.stringContaining('[ReadWriteOnce] before reaching [ReadWriteOnce, ReadOnlyMany]'),
      },
    ]);
  });

  test('a reserved volume binds at once even with a WaitForFirstConsumer class', () => {
    const r = run([
      sc('local', { wffc: true, provisioner: 'kubernetes.io/no-provisioner' }),
      pv('reserved', '1Gi', { cls: 'local', claimRef: { name: 'data', namespace: 'default' } }),
      pvc('data', '1Gi', { cls: 'local' }),
    ]);
    expect(r.claim('data')).toMatchObject({ outcome: 'bound', volume: 'reserved' });
  });

  test('reserved-for claims are processed before other claims', () => {
    const r = run([
      pv('a-vol', '1Gi'),
      pv('r-vol', '1Gi', { modes: RWO_ROX, claimRef: { name: 'z', namespace: 'default' } }),
      pvc('a', '1Gi', { cls: '' }),
      pvc('z', '1Gi', { cls: '' }),
    ]);
    // z is processed first and finds a-vol in [RWO] before its reserved volume; a gets nothing.
    expect(r.claim('z')).toMatchObject({ outcome: 'bound', volume: 'a-vol' });
    expect(r.claim('a').outcome).toBe('pending');
  });
});

describe('the search: access modes, size, class, volumeMode, selector', () => {
  test('an RWO claim searches the smallest access-mode set first, even for a bigger volume', () => {
    const r = run([
      pv('rwo-rox', '10Gi', { modes: RWO_ROX }),
      pv('rwo-rox-rwx', '1Gi', { modes: RWO_ROX_RWX }),
      pvc('data', '1Gi', { cls: '' }),
    ]);
    expect(r.claim('data')).toMatchObject({ outcome: 'bound', volume: 'rwo-rox' });
    expect(r.claim('data').reason).toContain('first access-mode group [ReadWriteOnce, ReadOnlyMany]');
  });

  test('an RWX claim only takes a volume offering RWX', () => {
    const r = run([
      pv('rwo', '1Gi'),
      pv('nfs', '5Gi', { modes: RWO_ROX_RWX }),
      pvc('shared', '1Gi', { cls: '', modes: ['ReadWriteMany'] }),
    ]);
    expect(r.claim('shared')).toMatchObject({ outcome: 'bound', volume: 'nfs' });
  });

  test('the smallest volume that fits, ties by name', () => {
    const r = run([
      pv('v5', '5Gi'),
      pv('v2b', '2Gi'),
      pv('v2a', '2Gi'),
      pv('tiny', '1G'),
      pvc('data', '1Gi', { cls: '' }),
    ]);
    expect(r.claim('data')).toMatchObject({ outcome: 'bound', volume: 'v2a' });
  });

  test('1G does not hold 1Gi; 1Gi holds 1G', () => {
    const r = run([
      pv('g', '1G'),
      pvc('data', '1Gi', { cls: '' }),
      pv('gi', '1Gi', { cls: 'x' }),
      pvc('small', '1G', { cls: 'x' }),
    ]);
    expect(r.claim('data').outcome).toBe('pending');
    expect(r.claim('data').reason).toContain(
      '"g" (its capacity 1G = 1,000,000,000 bytes is smaller than the request 1Gi = 1,073,741,824 bytes)',
    );
    expect(r.findingsFor('PersistentVolumeClaim/default/data')).toMatchObject([
      { severity: 'warning', rule: 'claim-pending', field: 'spec.resources.requests.storage' },
    ]);
    expect(r.claim('small')).toMatchObject({ outcome: 'bound', volume: 'gi' });
  });

  test('exa-scale: 8Ei and 9Ei cap at 2^63-1, 9E fits under it, 10E does not', () => {
    const r = run([
      pv('ei8', '8Ei', { cls: 'a' }),
      pvc('e9', '9E', { cls: 'a' }),
      pv('ei8b', '8Ei', { cls: 'b' }),
      pvc('ei9', '9Ei', { cls: 'b' }),
      pv('ei8c', '8Ei', { cls: 'c' }),
      pvc('e10', '10E', { cls: 'c' }),
    ]);
    expect(r.claim('e9')).toMatchObject({ outcome: 'bound', volume: 'ei8' });
    expect(r.claim('ei9')).toMatchObject({ outcome: 'bound', volume: 'ei8b' });
    expect(r.claim('e10').outcome).toBe('pending');
    expect(r.claim('e10').reason).toContain('10E = 10,000,000,000,000,000,000 bytes');
  });

  test('volumeMode: Block claims take Block volumes; an unset volumeMode is Filesystem', () => {
    const r = run([
      pv('fs', '1Gi'),
      pv('blk', '5Gi', { volumeMode: 'Block' }),
      pvc('raw', '1Gi', { cls: '', volumeMode: 'Block' }),
      pvc('files', '1Gi', { cls: '', volumeMode: 'Filesystem' }),
      pvc('more-raw', '1Gi', { cls: '', volumeMode: 'Block' }),
    ]);
    expect(r.claim('raw')).toMatchObject({ outcome: 'pending' });
    expect(r.claim('more-raw')).toMatchObject({ outcome: 'bound', volume: 'blk' });
    expect(r.claim('files')).toMatchObject({ outcome: 'bound', volume: 'fs' });
    expect(r.claim('raw').reason).toContain('it binds to claim default/more-raw');
  });

  test('ReadWriteOncePod is just an access mode; combined with others the claim is rejected', () => {
    const r = run([
      pv('rwop', '1Gi', { modes: ['ReadWriteOncePod'] }),
      pv('rwo', '2Gi'),
      pvc('a-rwo', '1Gi', { cls: '' }),
      pvc('b-rwop', '1Gi', { cls: '', modes: ['ReadWriteOncePod'] }),
      pvc('c-both', '1Gi', { cls: '', modes: ['ReadWriteOncePod', 'ReadWriteOnce'] }),
    ]);
    expect(r.claim('a-rwo')).toMatchObject({ outcome: 'bound', volume: 'rwo' });
    expect(r.claim('b-rwop')).toMatchObject({ outcome: 'bound', volume: 'rwop' });
    expect(r.claim('c-both')).toMatchObject({ outcome: 'pending' });
    expect(r.claim('c-both').reason).toContain(
      'the API server rejects this claim: ReadWriteOncePod cannot be combined',
    );
    // validate reports rejected objects; the plan adds no binding finding for them.
    expect(r.findingsFor('PersistentVolumeClaim/default/c-both')).toEqual([]);
  });

  describe('selectors', () => {
    const vols = [
      pv('gold-a', '1Gi', { labels: { tier: 'gold', zone: 'a' } }),
      pv('gold-b', '2Gi', { labels: { tier: 'gold', zone: 'b' } }),
      pv('silver-a', '3Gi', { labels: { tier: 'silver', zone: 'a', ssd: 'true' } }),
      pv('plain', '4Gi'),
    ];
    test.each<[string, unknown, string]>([
      ['matchLabels', { matchLabels: { tier: 'silver' } }, 'silver-a'],
      ['matchLabels, two pairs', { matchLabels: { tier: 'gold', zone: 'b' } }, 'gold-b'],
      ['In', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b', 'c'] }] }, 'gold-b'],
      [
        'NotIn (absent key matches)',
        { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold', 'silver'] }] },
        'plain',
      ],
      ['Exists', { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] }, 'silver-a'],
      ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, 'plain'],
      [
        'In + NotIn',
        {
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['gold', 'silver'] },
            { key: 'zone', operator: 'NotIn', values: ['a'] },
          ],
        },
        'gold-b',
      ],
      ['empty selector matches all', {}, 'gold-a'],
    ])('%s', (_, selector, expected) => {
      const r = run([...vols, pvc('data', '1Gi', { cls: '', selector })]);
      expect(r.claim('data')).toMatchObject({ outcome: 'bound', volume: expected });
    });

    test('an invalid selector: the API server rejects the claim, so it never binds (validate reports it)', () => {
      const r = run([
        ...vols,
        pvc('data', '1Gi', {
          cls: '',
          selector: { matchExpressions: [{ key: 'tier', operator: 'in', values: ['gold'] }] },
        }),
      ]);
      expect(r.claim('data')).toEqual({
        namespace: 'default',
        name: 'data',
        outcome: 'pending',
        reason:
          'the API server rejects this claim: spec.selector: matchExpressions operator "in" is not one of In, NotIn, ' +
          'Exists, DoesNotExist, so it never binds.',
      });
      // no claim-pending finding: the rejection is validate's one finding
      expect(r.findingsFor('PersistentVolumeClaim/default/data')).toEqual([]);
      // an In with no values, on a class that would provision it: rejected too, not provisioned
      const empty = run([
        sc('fast'),
        pvc('data', '1Gi', {
          cls: 'fast',
          selector: { matchExpressions: [{ key: 'tier', operator: 'In' }] },
        }),
      ]);
      expect(empty.claim('data')).toEqual({
        namespace: 'default',
        name: 'data',
        outcome: 'pending',
        storageClass: 'fast',
        reason:
          'the API server rejects this claim: spec.selector: matchExpressions operator In on "tier" needs at least ' +
          'one value, so it never binds.',
      });
      expect(empty.findings).toEqual([]);
    });

    test('a selector blocks dynamic provisioning', () => {
      const r = run([
        sc('fast'),
        ...vols,
        pvc('data', '1Gi', { cls: 'fast', selector: { matchLabels: { tier: 'gold' } } }),
      ]);
      expect(r.claim('data')).toMatchObject({ outcome: 'pending', storageClass: 'fast' });
      expect(r.claim('data').reason).toContain(
        'a claim with spec.selector cannot be provisioned dynamically',
      );
      expect(r.claim('data').reason).toContain(
        'The plan sees only the volumes in the manifests: the claim binds only if the cluster already has a volume that fits.',
      );
      expect(r.findingsFor('PersistentVolumeClaim/default/data')).toMatchObject([
        { severity: 'warning', rule: 'claim-pending', field: 'spec.selector' },
      ]);
    });

    test('even an empty selector blocks provisioning', () => {
      const r = run([sc('fast'), pvc('data', '1Gi', { cls: 'fast', selector: {} })]);
      expect(r.claim('data').outcome).toBe('pending');
      expect(r.claim('data').reason).toContain('even an empty one');
    });
  });
});

describe('classes: "" vs unset vs the default class', () => {
  test('"" binds only class-less volumes and is never provisioned, even with a default class', () => {
    const r = run([
      sc('std', { isDefault: true }),
      pv('classed', '5Gi', { cls: 'std' }),
      pv('classless', '1Gi'),
      pvc('a', '1Gi', { cls: '' }),
      pvc('b', '1Gi', { cls: '' }),
    ]);
    expect(r.claim('a')).toMatchObject({ outcome: 'bound', volume: 'classless' });
    expect(r.claim('a').storageClass).toBeUndefined();
    expect(r.claim('b').outcome).toBe('pending');
    expect(r.claim('b').reason).toContain('no class-less volume among the manifests fits');
    expect(r.claim('b').reason).toContain('never provisioned');
    expect(r.claim('b').reason).toContain(
      'The plan sees only the volumes in the manifests: the claim binds only if the cluster already has a volume that fits.',
    );
    expect(r.findingsFor('PersistentVolumeClaim/default/b')).toMatchObject([
      { severity: 'warning', rule: 'claim-competing' },
    ]);
  });

  test('unset gets the annotated default class and skips class-less volumes', () => {
    const r = run([
      sc('std', { isDefault: true }),
      pv('classless', '1Gi'),
      pv('std-vol', '1Gi', { cls: 'std' }),
      pvc('a', '1Gi'),
      pvc('b', '1Gi'),
    ]);
    expect(r.claim('a')).toMatchObject({ outcome: 'bound', volume: 'std-vol', storageClass: 'std' });
    expect(r.claim('b')).toMatchObject({ outcome: 'provisioned', storageClass: 'std' });
    expect(r.claim('b').reason).toContain('admission gives it the default class "std"');
    expect(r.claim('b').reason).toContain('Volume "std-vol" would fit, but it binds to claim default/a');
  });

  test('the beta default-class annotation counts too; "false" does not', () => {
    const beta = run([sc('old', { betaDefault: true }), pvc('a', '1Gi')]);
    expect(beta.claim('a')).toMatchObject({ outcome: 'provisioned', storageClass: 'old' });
    const notDefault = sc('x');
    (notDefault.metadata as { annotations: Record<string, string> }).annotations[
      'storageclass.kubernetes.io/is-default-class'
    ] = 'false';
    expect(run([notDefault, pvc('a', '1Gi')]).claim('a').storageClass).toBeUndefined();
  });

  test('options.defaultStorageClass applies when no class in the manifests is the default', () => {
    const r = run([pvc('a', '1Gi'), pv('classless', '1Gi')], { defaultStorageClass: 'gp3' });
    expect(r.claim('a')).toMatchObject({ outcome: 'provisioned', storageClass: 'gp3' });
    expect(r.claim('a').reason).toContain('given in the options');
    // An annotated class in the manifests wins over the option.
    expect(
      run([sc('std', { isDefault: true }), pvc('a', '1Gi')], { defaultStorageClass: 'gp3' }).claim('a')
        .storageClass,
    ).toBe('std');
  });

  test('unset with no default known binds class-less volumes, with a caveat', () => {
    const r = run([pv('classless', '1Gi'), pvc('a', '1Gi'), pvc('b', '1Gi')]);
    expect(r.claim('a')).toMatchObject({ outcome: 'bound', volume: 'classless' });
    expect(r.claim('a').reason).toContain('if the cluster has one, admission sets it');
    expect(r.claim('b').outcome).toBe('pending');
    expect(r.findingsFor('PersistentVolumeClaim/default/b')).toMatchObject([
      { severity: 'warning', rule: 'claim-competing' },
    ]);
    // Nothing fits and the cluster state is unknown: a warning.
    const lone = run([pvc('c', '1Gi')]);
    expect(lone.findings).toMatchObject([{ severity: 'warning', rule: 'claim-pending' }]);
    expect(lone.claim('c').reason).toContain('There is no PersistentVolume among the manifests');
  });

  test('several default classes: the first by name, and a warning for each other one', () => {
    const r = run([sc('zeta', { isDefault: true }), sc('alpha', { isDefault: true }), pvc('a', '1Gi')]);
    expect(r.claim('a').storageClass).toBe('alpha');
    expect(r.findings).toMatchObject([
      {
        severity: 'warning',
        rule: 'default-class-multiple',
        object: 'StorageClass/zeta',
        field: 'metadata.annotations',
      },
    ]);
  });

  test('a class not among the manifests: pending, warning on spec.storageClassName', () => {
    const r = run([pvc('a', '1Gi', { cls: 'premium' })]);
    expect(r.claim('a')).toMatchObject({ outcome: 'pending', storageClass: 'premium' });
    expect(r.claim('a').reason).toContain('StorageClass "premium" is not among the manifests');
    expect(r.findings).toMatchObject([
      { severity: 'warning', rule: 'claim-pending', field: 'spec.storageClassName' },
    ]);
  });

  test('a static volume of a class not among the manifests still binds', () => {
    const r = run([pv('v', '1Gi', { cls: 'premium' }), pvc('a', '1Gi', { cls: 'premium' })]);
    expect(r.claim('a')).toMatchObject({ outcome: 'bound', volume: 'v' });
  });
});

describe('provisioning and WaitForFirstConsumer', () => {
  test('Immediate class: provisioned when no static volume fits', () => {
    const r = run([
      sc('fast', { provisioner: 'pd.csi.storage.gke.io' }),
      pv('small', '1G', { cls: 'fast' }),
      pvc('a', '1Gi', { cls: 'fast' }),
    ]);
    expect(r.claim('a')).toMatchObject({ outcome: 'provisioned', storageClass: 'fast' });
    expect(r.claim('a').volume).toBeUndefined();
    expect(r.claim('a').reason).toContain('provisioner pd.csi.storage.gke.io');
    expect(r.findingsFor('PersistentVolumeClaim/default/a')).toEqual([]);
  });

  test('WaitForFirstConsumer: waiting, and says whether a pod mounts it', () => {
    const r = run([
      sc('wait', { wffc: true }),
      pvc('used', '1Gi', { cls: 'wait', ns: 'app' }),
      pvc('unused', '1Gi', { cls: 'wait', ns: 'app' }),
      pod('web', 'used', 'app'),
    ]);
    expect(r.claim('used', 'app')).toMatchObject({ outcome: 'waiting', storageClass: 'wait' });
    expect(r.claim('used', 'app').reason).toContain('Pod/app/web mounts it');
    expect(r.claim('unused', 'app').outcome).toBe('waiting');
    expect(r.claim('unused', 'app').reason).toContain('No pod among the manifests mounts it');
    expect(r.findings).toEqual([]);
  });

  test('WaitForFirstConsumer with static volumes: waiting, with the volume the scheduler would choose', () => {
    // The scheduler looks at every volume of the class: the smallest one wins whatever its access-mode set.
    const r = run([
      sc('local', { wffc: true, provisioner: 'kubernetes.io/no-provisioner' }),
      pv('big-rwo', '10Gi', { cls: 'local' }),
      pv('small-rwx', '1Gi', { cls: 'local', modes: RWO_ROX_RWX }),
      pvc('a', '1Gi', { cls: 'local' }),
    ]);
    expect(r.claim('a')).toMatchObject({ outcome: 'waiting', volume: 'small-rwx', storageClass: 'local' });
    expect(r.claim('a').reason).toContain('would choose "small-rwx"');
    expect(r.findingsFor('PersistentVolume/big-rwo')).toMatchObject([{ rule: 'volume-unclaimed' }]);
  });

  test('no-provisioner with no static volume left: pending, warning (the cluster may hold a volume)', () => {
    const r = run([
      sc('local', { wffc: true, provisioner: 'kubernetes.io/no-provisioner' }),
      pv('disk', '100Gi', { cls: 'local' }),
      pvc('a', '1Gi', { cls: 'local' }),
      pvc('b', '1Gi', { cls: 'local' }),
    ]);
    expect(r.claim('a')).toMatchObject({ outcome: 'waiting', volume: 'disk' });
    expect(r.claim('b').outcome).toBe('pending');
    expect(r.claim('b').reason).toContain('kubernetes.io/no-provisioner');
    expect(r.claim('b').reason).toContain(
      'only pre-made (local) volumes of the class can bind. The plan sees only the volumes in the manifests: ' +
        'the claim binds only if the cluster already has a volume that fits.',
    );
    expect(r.findingsFor('PersistentVolumeClaim/default/b')).toMatchObject([
      { severity: 'warning', rule: 'claim-competing' },
    ]);
  });
});

describe('a class whose in-tree provisioner is removed in the target version', () => {
  const claimOf = (manifests: unknown[], version?: KubernetesVersion) =>
    predictIndexed(indexManifests(manifests), {}, version);

  test('kubernetes.io/scaleio (removed in 1.22): its claims stay Pending, with no finding of their own', () => {
    expect(
      claimOf([sc('old', { provisioner: 'kubernetes.io/scaleio' }), pvc('data', '1Gi', { cls: 'old' })]),
    ).toEqual({
      claims: [
        {
          namespace: 'default',
          name: 'data',
          outcome: 'pending',
          storageClass: 'old',
          reason:
            'stays Pending: no static volume fits, and StorageClass "old" has provisioner kubernetes.io/scaleio, ' +
            'removed from Kubernetes in 1.22: nothing provisions its claims.',
        },
      ],
      findings: [],
    });
  });

  test('kubernetes.io/glusterfs: removed in 1.26, so Pending in every supported version', () => {
    for (const version of ['1.27', '1.36'] as const) {
      const r = claimOf(
        [sc('g', { provisioner: 'kubernetes.io/glusterfs' }), pvc('data', '1Gi', { cls: 'g' })],
        version,
      );
      expect(r.claims.map((c) => [c.outcome, c.reason])).toEqual([
        [
          'pending',
          'stays Pending: no static volume fits, and StorageClass "g" has provisioner kubernetes.io/glusterfs, ' +
            'removed from Kubernetes in 1.26: nothing provisions its claims.',
        ],
      ]);
      expect(r.findings).toEqual([]);
    }
  });

  test('kubernetes.io/rbd provisions up to 1.30 and is removed from 1.31', () => {
    const manifests = [sc('ceph', { provisioner: 'kubernetes.io/rbd' }), pvc('data', '1Gi', { cls: 'ceph' })];
    expect(claimOf(manifests, '1.30').claims).toEqual([
      {
        namespace: 'default',
        name: 'data',
        outcome: 'provisioned',
        storageClass: 'ceph',
        reason:
          'no free static volume fits, so StorageClass "ceph" (provisioner kubernetes.io/rbd, volumeBindingMode ' +
          'Immediate) provisions a new volume.',
      },
    ]);
    const removed = claimOf(manifests, '1.31');
    expect(removed.claims.map((c) => [c.outcome, c.reason])).toEqual([
      [
        'pending',
        'stays Pending: no static volume fits, and StorageClass "ceph" has provisioner kubernetes.io/rbd, removed ' +
          'from Kubernetes in 1.31: nothing provisions its claims.',
      ],
    ]);
    expect(removed.findings).toEqual([]);
    // the default version is the latest: removed
    expect(predictBindings(manifests).claims.map((c) => c.outcome)).toEqual(['pending']);
  });

  test('a static volume of the class still binds: only provisioning is gone', () => {
    const r = claimOf([
      sc('old', { provisioner: 'kubernetes.io/scaleio' }),
      pv('made', '1Gi', { cls: 'old' }),
      pvc('a', '1Gi', { cls: 'old' }),
      pvc('b', '1Gi', { cls: 'old' }),
    ]);
    expect(r.claims.map((c) => [c.name, c.outcome, c.volume])).toEqual([
      ['a', 'bound', 'made'],
      ['b', 'pending', undefined],
    ]);
    expect(r.claims[1].reason).toBe(
      'stays Pending: no static volume fits, and StorageClass "old" has provisioner kubernetes.io/scaleio, ' +
        'removed from Kubernetes in 1.22: nothing provisions its claims.',
    );
    expect(r.findings).toEqual([]);
  });
});

describe('competing claims', () => {
  test('one volume, two class-less claims: the first binds, the other is pending naming its competitor', () => {
    const r = run([pv('only', '1Gi'), pvc('b', '1Gi', { cls: '' }), pvc('a', '1Gi', { cls: '' })]);
    expect(r.claim('a')).toMatchObject({ outcome: 'bound', volume: 'only' });
    expect(r.claim('b').reason).toContain(
      '"only" (it binds to claim default/a, which this plan processes first)',
    );
    expect(r.findingsFor('PersistentVolumeClaim/default/b')).toMatchObject([
      { severity: 'warning', rule: 'claim-competing' },
    ]);
  });

  test('the loser gets the next best volume when there is one', () => {
    const r = run([
      pv('one', '1Gi'),
      pv('two', '2Gi'),
      pvc('b', '1Gi', { cls: '' }),
      pvc('a', '1Gi', { cls: '' }),
    ]);
    expect(r.claim('a').volume).toBe('one');
    expect(r.claim('b').volume).toBe('two');
  });

  test('pending reasons list at most three closest volumes, fewest failed checks first', () => {
    const r = run([
      pv('far', '1G', { cls: 'x', modes: ['ReadOnlyMany'], volumeMode: 'Block' }),
      pv('near1', '1G'),
      pv('near2', '1Gi', { volumeMode: 'Block' }),
      pv('near3', '1Gi', { modes: ['ReadOnlyMany'] }),
      pv('two-off', '1G', { modes: ['ReadOnlyMany'] }),
      pvc('a', '1Gi', { cls: '' }),
    ]);
    const reason = r.claim('a').reason;
    expect(reason).toContain('"near1"');
    expect(reason).toContain('"near2"');
    expect(reason).toContain('"near3"');
    expect(reason).not.toContain('"far"');
    expect(reason).not.toContain('"two-off"');
  });
});

describe('StatefulSet claim templates', () => {
  function sts(
    name: string,
    replicas: unknown,
    ns?: string,
    cls: string | undefined = 'fast',
  ): Record<string, unknown> {
    return {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, ...(ns ? { namespace: ns } : {}) },
      spec: {
        ...(replicas === undefined ? {} : { replicas }),
        serviceName: name,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: RWO,
              resources: { requests: { storage: '1Gi' } },
              ...(cls !== undefined ? { storageClassName: cls } : {}),
            },
          },
        ],
      },
    };
  }

  test('expands to <template>-<set>-<ordinal> in the set namespace', () => {
    const r = run([sc('fast', { wffc: true }), sts('web', 3, 'shop')]);
    expect(r.claims.map((c) => `${c.namespace}/${c.name}`)).toEqual([
      'shop/data-web-0',
      'shop/data-web-1',
      'shop/data-web-2',
    ]);
    expect(r.claim('data-web-1', 'shop')).toMatchObject({ outcome: 'waiting', storageClass: 'fast' });
    expect(r.claim('data-web-1', 'shop').reason).toContain('StatefulSet/shop/web mounts it');
  });

  test('replicas default to 1; 0 replicas make no claims', () => {
    expect(run([sc('fast'), sts('web', undefined)]).claims.map((c) => c.name)).toEqual(['data-web-0']);
    expect(run([sc('fast'), sts('web', 0)]).claims).toEqual([]);
  });

  test('pending template claims are reported on the StatefulSet, naming the claim', () => {
    const r = run([pv('one', '1Gi'), sts('db', 2, undefined, '')]);
    expect(r.claim('data-db-0')).toMatchObject({ outcome: 'bound', volume: 'one' });
    expect(r.claim('data-db-1').outcome).toBe('pending');
    expect(r.findings).toMatchObject([
      {
        severity: 'warning',
        rule: 'claim-competing',
        object: 'StatefulSet/default/db',
        message: expect.stringMatching(/^claim data-db-1: stays Pending/),
      },
    ]);
  });

  test('template claims pending for the same cause are one finding, naming the first three and counting the rest', () => {
    const why =
      'stays Pending: no static volume fits, and StorageClass "gold" is not among the manifests: if it exists in the ' +
      'cluster it may provision the claim, otherwise the claim stays Pending. Plan the claim together with the file that ' +
      "defines the class (or, if it is the cluster's default class, name it with --default-storage-class). There is no " +
      'PersistentVolume among the manifests.';
    const five = run([sts('web', 5, undefined, 'gold')]);
    expect(five.claims.map((c) => [c.name, c.outcome, c.reason])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [`data-web-${i}`, 'pending', why]),
    );
    expect(five.findings).toEqual([
      {
        severity: 'warning',
        rule: 'claim-pending',
        object: 'StatefulSet/default/web',
        field: 'spec.volumeClaimTemplates[0].spec.storageClassName',
        message: `claims data-web-0, data-web-1, data-web-2 and 2 more (5 replicas): ${why}`,
      },
    ]);
    expect(run([sts('web', 2, undefined, 'gold')]).findings).toEqual([
      {
        severity: 'warning',
        rule: 'claim-pending',
        object: 'StatefulSet/default/web',
        field: 'spec.volumeClaimTemplates[0].spec.storageClassName',
        message: `claims data-web-0, data-web-1 (2 replicas): ${why}`,
      },
    ]);
    // one replica keeps the singular form
    expect(run([sts('web', 1, undefined, 'gold')]).findings).toEqual([
      {
        severity: 'warning',
        rule: 'claim-pending',
        object: 'StatefulSet/default/web',
        field: 'spec.volumeClaimTemplates[0].spec.storageClassName',
        message: `claim data-web-0: ${why}`,
      },
    ]);
  });

  test('template claims grouped: only the replicas that fail, and not with another set or a PersistentVolumeClaim', () => {
    const why =
      'stays Pending: no class-less volume among the manifests fits: the claim asks for no class (storageClassName ""), ' +
      'so it can only bind to a class-less volume and is never provisioned. The plan sees only the volumes in the ' +
      'manifests: the claim binds only if the cluster already has a volume that fits. Closest volumes: "one" (it binds ' +
      'to claim default/data-db-0, which this plan processes first).';
    const r = run([
      pv('one', '1Gi'),
      sts('db', 3, undefined, ''),
      sts('web', 2, undefined, 'gold'),
      pvc('x', '1Gi', { cls: 'gold' }),
    ]);
    expect(r.claim('data-db-0')).toMatchObject({ outcome: 'bound', volume: 'one' });
    expect(r.findingsFor('StatefulSet/default/db')).toEqual([
      {
        severity: 'warning',
        rule: 'claim-competing',
        object: 'StatefulSet/default/db',
        message: `claims data-db-1, data-db-2 (2 replicas): ${why}`,
      },
    ]);
    const gold =
      'stays Pending: no static volume fits, and StorageClass "gold" is not among the manifests: if it exists in the ' +
      'cluster it may provision the claim, otherwise the claim stays Pending. Plan the claim together with the file that ' +
      "defines the class (or, if it is the cluster's default class, name it with --default-storage-class). Closest " +
      'volumes: "one" (its class "" ' +
      '(no class) is not the claim\'s "gold"; it binds to claim default/data-db-0, which this plan processes first).';
    expect(r.findingsFor('StatefulSet/default/web').map((f) => f.message)).toEqual([
      `claims data-web-0, data-web-1 (2 replicas): ${gold}`,
    ]);
    expect(r.findingsFor('PersistentVolumeClaim/default/x').map((f) => f.message)).toEqual([gold]);
    expect(r.findings).toHaveLength(3);
  });

  test('ordinals compete in numeric order (data-web-2 before data-web-10)', () => {
    const vols = Array.from({ length: 3 }, (_, i) => pv(`v${i}`, `${i + 1}Gi`));
    const r = run([...vols, sts('web', 11, undefined, '')]);
    expect(r.claim('data-web-0').volume).toBe('v0');
    expect(r.claim('data-web-1').volume).toBe('v1');
    expect(r.claim('data-web-2').volume).toBe('v2');
    expect(r.claim('data-web-10').outcome).toBe('pending');
  });

  test('an existing PersistentVolumeClaim of the same name is used instead of the template', () => {
    const r = run([sc('fast'), sts('web', 1), pvc('data-web-0', '5Gi', { cls: '' }), pv('v', '5Gi')]);
    expect(r.claims).toHaveLength(1);
    expect(r.claim('data-web-0')).toMatchObject({ outcome: 'bound', volume: 'v' });
  });
});

describe('robustness and determinism', () => {
  test.each<[string, unknown]>([
    ['null', null],
    ['a string', 'nope'],
    ['an object', { kind: 'PersistentVolume' }],
  ])('a non-array manifest list (%s) gives an empty plan', (_, manifests) => {
    expect(predictBindings(manifests as unknown[])).toEqual({ claims: [], findings: [] });
  });

  test('malformed objects anywhere never throw', () => {
    const weird: unknown[] = [
      null,
      undefined,
      0,
      'x',
      [],
      { kind: 'PersistentVolume' },
      { kind: 'PersistentVolume', metadata: { name: 'a' }, spec: null },
      {
        kind: 'PersistentVolume',
        metadata: { name: 'b' },
        spec: { capacity: { storage: 'lots' }, accessModes: 'RWO', claimRef: 'me' },
      },
      {
        kind: 'PersistentVolume',
        metadata: { name: 'c' },
        spec: { capacity: { storage: 5 }, accessModes: [1, null], claimRef: { name: 3 } },
      },
      {
        kind: 'PersistentVolume',
        metadata: { name: 'd', labels: [] },
        spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 7 },
      },
      { kind: 'PersistentVolumeClaim' },
      {
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'p' },
        spec: { resources: null, selector: 'x', accessModes: {} },
      },
      {
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'q' },
        spec: {
          resources: { requests: { storage: '1Gi' } },
          accessModes: ['ReadWriteOnce'],
          selector: { matchLabels: 'x', matchExpressions: [null, 4, { key: 5 }] },
        },
      },
      {
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'r', namespace: 5 },
        spec: {
          resources: { requests: { storage: '1Gi' } },
          accessModes: ['ReadWriteOnce'],
          volumeName: 9,
          storageClassName: null,
        },
      },
      {
        kind: 'PersistentVolumeClaim',
        metadata: { name: 's' },
        spec: { resources: { requests: { storage: '1Gi' } }, accessModes: ['Everything'] },
      },
      {
        kind: 'StatefulSet',
        metadata: { name: 'w' },
        spec: {
          replicas: 'three',
          volumeClaimTemplates: [null, { metadata: {} }, { metadata: { name: 'd' }, spec: 'x' }],
        },
      },
      { kind: 'StatefulSet', metadata: { name: 'v' }, spec: { replicas: -4, volumeClaimTemplates: 'x' } },
      {
        kind: 'StatefulSet',
        metadata: { name: 'u' },
        spec: { replicas: NaN, volumeClaimTemplates: [{ metadata: { name: 'd' } }] },
      },
      {
        kind: 'StorageClass',
        metadata: { name: 'sc', annotations: null },
        provisioner: 5,
        volumeBindingMode: [],
      },
      { kind: 'StorageClass' },
      {
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: {
          volumes: [null, { persistentVolumeClaim: null }, { persistentVolumeClaim: { claimName: 4 } }],
        },
      },
      { kind: 'Deployment', spec: { template: null } },
    ];
    let result: ReturnType<typeof predictBindings> | undefined;
    expect(() => (result = predictBindings(weird, null as unknown as PlanOptions))).not.toThrow();
    expect(result!.claims.map((c) => c.name).sort()).toEqual(['d-u-0', 'd-w-0', 'p', 'q', 'r', 's']);
    expect(result!.claims.find((c) => c.name === 'p')!.reason).toContain('the API server rejects this claim');
    expect(result!.claims.find((c) => c.name === 's')!.reason).toContain('"Everything", not an access mode');
  });

  test('objects that throw when read (getters, proxies) are skipped', () => {
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const getter = {
      kind: 'PersistentVolumeClaim',
      get metadata(): unknown {
        throw new Error('boom');
      },
    };
    const badOptions = {
      get defaultStorageClass(): string {
        throw new Error('boom');
      },
    };
    const r = predictBindings([throwing, getter, pv('v', '1Gi'), pvc('a', '1Gi', { cls: '' })], badOptions);
    expect(r.claims).toMatchObject([{ name: 'a', outcome: 'bound', volume: 'v' }]);
  });

  test('property: arbitrary values inside manifest shapes never throw', () => {
    const anyValue = fc.oneof(fc.anything(), fc.constantFrom('1Gi', '1G', 'ReadWriteOnce', '', 'Block', 'x'));
    const manifest = fc.record(
      {
        kind: fc.constantFrom(
          'PersistentVolume',
          'PersistentVolumeClaim',
          'StatefulSet',
          'StorageClass',
          'Pod',
        ),
        metadata: fc.oneof(
          fc.record({
            name: fc.oneof(fc.constantFrom('a', 'b'), anyValue),
            namespace: anyValue,
            labels: anyValue,
          }),
          anyValue,
        ),
        spec: fc.oneof(
          fc.record(
            {
              capacity: fc.oneof(fc.record({ storage: anyValue }), anyValue),
              resources: fc.record({ requests: fc.record({ storage: anyValue }) }),
              accessModes: fc.oneof(fc.array(anyValue), anyValue),
              storageClassName: anyValue,
              volumeName: anyValue,
              volumeMode: anyValue,
              selector: anyValue,
              claimRef: fc.oneof(fc.record({ name: anyValue, namespace: anyValue }), anyValue),
              replicas: anyValue,
              volumeClaimTemplates: fc.oneof(fc.array(anyValue), anyValue),
            },
            { requiredKeys: [] },
          ),
          anyValue,
        ),
        provisioner: anyValue,
        volumeBindingMode: anyValue,
      },
      { requiredKeys: ['kind'] },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(manifest, fc.anything()), { maxLength: 12 }), (manifests) => {
        predictBindings(manifests);
      }),
      { numRuns: 300 },
    );
  });

  test('the input order does not change the plan', () => {
    const manifests = [
      sc('fast', { isDefault: true }),
      pv('a', '1Gi', { cls: 'fast' }),
      pv('b', '1Gi', { cls: 'fast' }),
      pv('c', '2Gi'),
      pvc('x', '1Gi'),
      pvc('y', '1Gi'),
      pvc('z', '1Gi'),
      pvc('w', '1Gi', { cls: '' }),
      pvc('v', '1Gi', { cls: '' }),
    ];
    const byName = (ms: unknown[]) =>
      Object.fromEntries(predictBindings(ms).claims.map((c) => [c.name, [c.outcome, c.volume, c.reason]]));
    const forward = byName(manifests);
    expect(byName([...manifests].reverse())).toEqual(forward);
    expect(forward.x).toEqual(['bound', 'a', expect.any(String)]);
    expect(forward.z[0]).toBe('provisioned');
  });
});

// ---------------------------------------------------------------------------------------------
// The indexed search against a brute-force rendering of findByClaim / the scheduler path.

describe('agrees with a brute-force search on random inputs', () => {
  const MODE_SETS = [RWO, RWO_ROX, RWO_ROX_RWX, ['ReadWriteMany'], ['ReadOnlyMany'], ['ReadWriteOncePod']];
  const SIZES = ['500Mi', '1G', '1Gi', '2Gi', '2G', '5Gi'];
  const SELECTORS: unknown[] = [
    undefined,
    { matchLabels: { tier: 'gold' } },
    { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
    { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] },
    {
      matchExpressions: [
        { key: 'ssd', operator: 'Exists' },
        { key: 'tier', operator: 'In', values: ['silver'] },
      ],
    },
    { matchExpressions: [{ key: 'ssd', operator: 'DoesNotExist' }] },
  ];
  const MASK: Record<string, number> = {
    ReadWriteOnce: 1,
    ReadOnlyMany: 2,
    ReadWriteMany: 4,
    ReadWriteOncePod: 8,
  };
  const maskOf = (modes: readonly string[]) => modes.reduce((m, x) => m | MASK[x], 0);
  const bits = (n: number) => n.toString(2).replace(/0/g, '').length;

  function reference(manifests: Record<string, unknown>[]): Record<string, string | undefined> {
    const volumes = manifests.filter((m) => m.kind === 'PersistentVolume').map((m) => readVolume(m));
    const claims = manifests
      .filter((m) => m.kind === 'PersistentVolumeClaim')
      .map((m) => readClaim(m))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const masks = [...new Set(volumes.map((v) => maskOf(v.accessModes)))];
    const taken = new Set<string>();
    const out: Record<string, string | undefined> = {};
    const fits = (c: (typeof claims)[0], v: (typeof volumes)[0]) =>
      !taken.has(v.name) &&
      v.storageClassName === c.storageClassName &&
      v.volumeMode === c.volumeMode &&
      compareQuantities(v.capacity!, c.request!) >= 0 &&
      (!c.selector || selectorMatches(c.selector, v.labels));
    const smallest = (vs: typeof volumes) =>
      vs.sort((a, b) => compareQuantities(a.capacity!, b.capacity!) || (a.name < b.name ? -1 : 1))[0];
    for (const c of claims) {
      const cm = maskOf(c.accessModes);
      const groups = masks.filter((m) => (m & cm) === cm).sort((a, b) => bits(a) - bits(b) || a - b);
      let chosen: (typeof volumes)[0] | undefined;
      if (c.storageClassName === 'wait') {
        chosen = smallest(volumes.filter((v) => groups.includes(maskOf(v.accessModes)) && fits(c, v)));
      } else {
        for (const g of groups) {
          chosen = smallest(volumes.filter((v) => maskOf(v.accessModes) === g && fits(c, v)));
          if (chosen) break;
        }
      }
      if (chosen) taken.add(chosen.name);
      out[c.name] = chosen?.name;
    }
    return out;
  }

  test('300 random cases', () => {
    const arb = fc.record({
      volumes: fc.array(
        fc.record({
          size: fc.constantFrom(...SIZES),
          modes: fc.constantFrom(...MODE_SETS),
          cls: fc.constantFrom('', 'fast', 'wait'),
          block: fc.boolean(),
          tier: fc.constantFrom(undefined, 'gold', 'silver'),
          zone: fc.constantFrom(undefined, 'a', 'b', 'c'),
          ssd: fc.boolean(),
        }),
        { maxLength: 40 },
      ),
      claims: fc.array(
        fc.record({
          size: fc.constantFrom(...SIZES),
          modes: fc.constantFrom(...MODE_SETS.slice(0, 5)),
          cls: fc.constantFrom('', 'fast', 'wait'),
          block: fc.boolean(),
          selector: fc.constantFrom(...SELECTORS),
        }),
        { maxLength: 40 },
      ),
    });
    fc.assert(
      fc.property(arb, ({ volumes, claims }) => {
        const manifests: Record<string, unknown>[] = [sc('fast'), sc('wait', { wffc: true })];
        volumes.forEach((v, i) => {
          const labels: Record<string, string> = {};
          if (v.tier) labels.tier = v.tier;
          if (v.zone) labels.zone = v.zone;
          if (v.ssd) labels.ssd = 'true';
          manifests.push(
            pv(`v${String(i).padStart(3, '0')}`, v.size, {
              modes: v.modes,
              cls: v.cls,
              volumeMode: v.block ? 'Block' : undefined,
              labels,
            }),
          );
        });
        claims.forEach((c, i) => {
          manifests.push(
            pvc(`c${String(i).padStart(3, '0')}`, c.size, {
              modes: c.modes,
              cls: c.cls,
              volumeMode: c.block ? 'Block' : undefined,
              selector: c.selector,
            }),
          );
        });
        const expected = reference(manifests);
        const actual = Object.fromEntries(predictBindings(manifests).claims.map((c) => [c.name, c.volume]));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
