import { createHash } from 'crypto';
import { generate } from '../../bench/programs/plan';
import { predictBindings } from '../../src/plan/binding';
import { planStorage } from '../../src/plan/plan';
import { podSecurityFindings } from '../../src/plan/security';
import { Finding } from '../../src/plan/types';
import { validateManifests } from '../../src/plan/validate';
import { storageWarnings } from '../../src/plan/warnings';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// Recorded from planStorage before its performance work (one shared pre-pass, cheaper readers and
// sort): any change to a finding, a claim, a reason or their order changes the checksum. The
// input's checksum is recorded too, so a change to the benchmark's generator is told apart from a
// change of the plan's output.
const GENERATED_INPUT_SHA256 = '0e99e1cafbfcf574c26af187692423d22be206f927d601e75a86200a956e8e5a';
const GENERATED_PLAN_SHA256 = '614a783ba742e01e65bf59481de8f70d176ab06b4acaa06134a2ed79aec310c2';

describe('planStorage', () => {
  test('gives the recorded plan for the benchmark generator at 2 000 volumes and 2 000 claims', () => {
    const manifests = generate(2000, 2000);
    expect(sha256(JSON.stringify(manifests))).toBe(GENERATED_INPUT_SHA256);
    const plan = planStorage(manifests);
    expect(plan.claims).toHaveLength(2000);
    expect(plan.findings).toHaveLength(7294);
    expect(sha256(JSON.stringify(plan))).toBe(GENERATED_PLAN_SHA256);
  });

  test('is the four modules composed: their findings, sorted by severity, object, rule, field and message', () => {
    const manifests = generate(300, 300, 7);
    const binding = predictBindings(manifests, { defaultStorageClass: 'fast' });
    const expected: Finding[] = [
      ...validateManifests(manifests),
      ...binding.findings,
      ...storageWarnings(manifests, binding.claims),
      ...podSecurityFindings(manifests),
    ];
    const rank = { error: 0, warning: 1, info: 2 };
    const key = (f: Finding): string => [f.object, f.rule, f.field ?? '', f.message].join('\u0000');
    expected.sort(
      (a, b) => rank[a.severity] - rank[b.severity] || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
    );
    const plan = planStorage(manifests, { defaultStorageClass: 'fast' });
    expect(plan.claims).toEqual(binding.claims);
    expect(plan.findings).toEqual(expected);
  });

  test('reads a non-list as no manifests', () => {
    expect(planStorage('not a list' as unknown as unknown[])).toEqual({ claims: [], findings: [] });
  });
});
