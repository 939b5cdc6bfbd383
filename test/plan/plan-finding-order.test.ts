/**
 * plan.ts, cases first found by mutation testing (docs/mutation.md, "Killed since, by the survivor tests"): the field tie-break of the
 * finding sort, which only findings of one object and rule whose fields and messages sort in
 * different orders reach. The sort compares each finding with those emitted before it, so both
 * cases are needed: the field order against the emission order, and with it.
 */
import { planStorage } from '../../src/plan/plan';

/** A Pod whose volumes 0..n-1 are emptyDirs but for `claims`: index -> [volume name, missing claim]. */
const pod = (name: string, n: number, claims: Record<number, [string, string]>): unknown => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop' },
  spec: {
    containers: [{ name: 'app', image: 'nginx:1.25' }],
    volumes: Array.from({ length: n }, (_, i) =>
      claims[i]
        ? { name: claims[i][0], persistentVolumeClaim: { claimName: claims[i][1] } }
        : { name: `e${i}`, emptyDir: {} },
    ),
  },
});

const missing = (object: string, index: number, volume: string, claim: string): unknown => ({
  severity: 'warning',
  rule: 'claim-missing',
  object,
  field: `spec.volumes[${index}].persistentVolumeClaim.claimName`,
  message:
    `volume "${volume}" mounts claim "${claim}", which is not in the manifests (namespace shop): the pod stays ` +
    'Pending until that PersistentVolumeClaim exists; add it or fix the name',
});

describe('planStorage: findings of one object and rule sort by field, then message', () => {
  test('volumes[10] before volumes[9] (code units), though [9] comes first and its message sorts first', () => {
    const plan = planStorage([pod('p', 11, { 9: ['a', 'missing-a'], 10: ['b', 'missing-b'] })]);
    expect(plan.findings.filter((f) => f.rule === 'claim-missing')).toEqual([
      missing('Pod/shop/p', 10, 'b', 'missing-b'),
      missing('Pod/shop/p', 9, 'a', 'missing-a'),
    ]);
    expect(plan.findings.map((f) => `${f.severity} ${f.rule} ${f.field ?? ''}`)).toEqual([
      'warning claim-missing spec.volumes[10].persistentVolumeClaim.claimName',
      'warning claim-missing spec.volumes[9].persistentVolumeClaim.claimName',
      'info pod-security spec',
    ]);
  });

  test('volumes[0] before volumes[1], though the message of [1] sorts first', () => {
    const plan = planStorage([pod('q', 2, { 0: ['b', 'missing-b'], 1: ['a', 'missing-a'] })]);
    expect(plan.findings.filter((f) => f.rule === 'claim-missing')).toEqual([
      missing('Pod/shop/q', 0, 'b', 'missing-b'),
      missing('Pod/shop/q', 1, 'a', 'missing-a'),
    ]);
  });
});
