/**
 * binding.ts, cases first found by mutation testing (docs/mutation.md, "Killed since, by the survivor tests"): the natural-order key
 * that decides which of two competing claims is processed first (digit runs at the end of a
 * name, leading zeros, what counts as a digit), and the field of a pending claim's finding when
 * its closest volume fails exactly one check.
 */
import { predictBindings } from '../../src/plan/binding';
import { pv, pvc } from './_binding-cases';

/** Class-less 1Gi claims competing for one class-less 1Gi volume: the names of those that bind. */
function winner(names: string[]): string[] {
  const { claims } = predictBindings([pv('v', '1Gi'), ...names.map((name) => pvc(name, '1Gi', { cls: '' }))]);
  return claims.filter((c) => c.outcome === 'bound').map((c) => c.name);
}

describe('the order of competing claims: digit runs compared as numbers', () => {
  test.each<[string, string[], string]>([
    // the key of a name with a digit run is built from scratch; one without is the name itself
    ['a name without digits against one with: a before b1', ['b1', 'a'], 'a'],
    ['a run ends at the first non-digit: a2b before a10', ['a10', 'a2b'], 'a2b'],
    ['text after the last run still counts, leading zeros do not: a1b before a01z', ['a01z', 'a1b'], 'a1b'],
    ['only 0-9 are digits ("-" sorts before them): a-1 before a5', ['a5', 'a-1'], 'a-1'],
    ['leading zeros in a run at the end: v9 before v0010', ['v0010', 'v9'], 'v9'],
    ['equal numbers, then code units: x007 before x7', ['x7', 'x007'], 'x007'],
  ])('%s', (_title, names, bound) => {
    expect(winner(names)).toEqual([bound]);
  });
});

describe('a class-less pending claim: the field of its finding is the one check its closest volume fails', () => {
  const WHY =
    'stays Pending: no class-less volume among the manifests fits: the claim asks for no class (storageClassName ""), ' +
    'so it can only bind to a class-less volume and is never provisioned. The plan sees only the volumes in the ' +
    'manifests: the claim binds only if the cluster already has a volume that fits. Closest volumes: ';
  const pending = (manifests: unknown[]): unknown[] =>
    predictBindings(manifests).findings.filter((f) => f.object === 'PersistentVolumeClaim/default/c');
  // A warning, competing or not: the cluster may hold a volume the manifests do not.
  const finding = (rule: string, field: string | undefined, closest: string): unknown => ({
    severity: 'warning',
    rule,
    object: 'PersistentVolumeClaim/default/c',
    ...(field !== undefined ? { field } : {}),
    message: `${WHY}${closest}.`,
  });

  test.each<[string, unknown[], string, string]>([
    [
      'capacity',
      [pv('v', '1Gi'), pvc('c', '2Gi', { cls: '' })],
      'spec.resources.requests.storage',
      '"v" (its capacity 1Gi = 1,073,741,824 bytes is smaller than the request 2Gi = 2,147,483,648 bytes)',
    ],
    [
      'access modes',
      [pv('v', '1Gi'), pvc('c', '1Gi', { cls: '', modes: ['ReadOnlyMany'] })],
      'spec.accessModes',
      '"v" (its access modes [ReadWriteOnce] do not include all of the requested [ReadOnlyMany])',
    ],
    [
      'class',
      [pv('v', '1Gi', { cls: 'gold' }), pvc('c', '1Gi', { cls: '' })],
      'spec.storageClassName',
      '"v" (its class "gold" is not the claim\'s "" (no class))',
    ],
    [
      'volumeMode',
      [pv('v', '1Gi', { volumeMode: 'Block' }), pvc('c', '1Gi', { cls: '' })],
      'spec.volumeMode',
      '"v" (its volumeMode Block is not the claim\'s Filesystem)',
    ],
    [
      'selector',
      [
        pv('v', '1Gi', { labels: { tier: 'b' } }),
        pvc('c', '1Gi', { cls: '', selector: { matchLabels: { tier: 'a' } } }),
      ],
      'spec.selector',
      '"v" (its labels {tier: b} do not match the claim\'s selector)',
    ],
  ])('%s', (_check, manifests, field, closest) => {
    expect(pending(manifests)).toEqual([finding('claim-pending', field, closest)]);
  });

  test('two failed checks: no field', () => {
    expect(pending([pv('v', '1Gi', { volumeMode: 'Block' }), pvc('c', '2Gi', { cls: '' })])).toEqual([
      finding(
        'claim-pending',
        undefined,
        '"v" (its capacity 1Gi = 1,073,741,824 bytes is smaller than the request 2Gi = 2,147,483,648 bytes; ' +
          "its volumeMode Block is not the claim's Filesystem)",
      ),
    ]);
  });

  test('the volume taken by another claim: claim-competing, no field', () => {
    expect(pending([pv('v', '1Gi'), pvc('a', '1Gi', { cls: '' }), pvc('c', '1Gi', { cls: '' })])).toEqual([
      finding(
        'claim-competing',
        undefined,
        '"v" (it binds to claim default/a, which this plan processes first)',
      ),
    ]);
  });

  test('the closest is the volume with the fewest failed checks, though another was looked at first', () => {
    // v1 is big enough, so looked at first, but fails two checks (taken by claim a, labels); v2 only its size
    const manifests = [
      pv('v1', '1Gi', { labels: { tier: 'b' } }),
      pv('v2', '500Mi', { labels: { tier: 'a' } }),
      pvc('a', '1Gi', { cls: '' }),
      pvc('c', '1Gi', { cls: '', selector: { matchLabels: { tier: 'a' } } }),
    ];
    expect(pending(manifests)).toEqual([
      finding(
        'claim-pending',
        'spec.resources.requests.storage',
        '"v2" (its capacity 500Mi = 524,288,000 bytes is smaller than the request 1Gi = 1,073,741,824 bytes), ' +
          '"v1" (its labels {tier: b} do not match the claim\'s selector; it binds to claim default/a, which this plan ' +
          'processes first)',
      ),
    ]);
  });
});
