/**
 * Silencing rules on purpose: the annotation `ignore-check.cdk8s-volumes.io/<rule>` on an object,
 * and `disableRules` for all objects. Silenced findings are counted, never dropped; annotations
 * that silence nothing are reported.
 */
import { planStorage } from '../../src/plan/plan';
import { summaryLine } from '../../src/plan/report';

const claim = (annotations?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'shop', ...(annotations ? { annotations } : {}) },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
    storageClassName: 'fast',
  },
});

const PENDING = 'claim-pending';

test('without suppression the claim of an unknown class is a warning', () => {
  const plan = planStorage([claim()]);
  expect(plan.findings.map((f) => [f.severity, f.rule, f.object])).toContainEqual([
    'warning',
    PENDING,
    'PersistentVolumeClaim/shop/data',
  ]);
  expect(plan.suppressed).toBeUndefined();
});

test('an annotation silences its rule on its object, with the reason, and the summary counts it', () => {
  const plan = planStorage([
    claim({ 'ignore-check.cdk8s-volumes.io/claim-pending': 'class made by the platform team' }),
  ]);
  expect(plan.findings.filter((f) => f.rule === PENDING)).toEqual([]);
  expect(plan.suppressed).toEqual([
    {
      finding: expect.objectContaining({
        rule: PENDING,
        object: 'PersistentVolumeClaim/shop/data',
        severity: 'warning',
      }),
      by: 'annotation',
      reason: 'class made by the platform team',
    },
  ]);
  expect(summaryLine(plan)).toMatch(/, 1 suppressed\.$/);
});

test('an annotation without a reason still silences, and says none was given', () => {
  const plan = planStorage([claim({ 'ignore-check.cdk8s-volumes.io/claim-pending': '' })]);
  expect(plan.suppressed?.[0].reason).toBe('ignore-check.cdk8s-volumes.io/claim-pending (no reason given)');
});

test('an annotation that silences nothing is reported: a rule that found nothing, and a rule that does not exist', () => {
  const plan = planStorage([
    claim({
      'ignore-check.cdk8s-volumes.io/hostpath-sensitive': 'not here',
      'ignore-check.cdk8s-volumes.io/no-such-rule': 'typo',
    }),
  ]);
  const unused = plan.findings.filter((f) => f.rule === 'suppression-unused');
  expect(unused).toEqual([
    {
      severity: 'info',
      rule: 'suppression-unused',
      object: 'PersistentVolumeClaim/shop/data',
      field: 'metadata.annotations["ignore-check.cdk8s-volumes.io/hostpath-sensitive"]',
      message:
        'the annotation silences rule hostpath-sensitive, which finds nothing on this object; remove it',
    },
    {
      severity: 'info',
      rule: 'suppression-unused',
      object: 'PersistentVolumeClaim/shop/data',
      field: 'metadata.annotations["ignore-check.cdk8s-volumes.io/no-such-rule"]',
      message:
        'the annotation names rule "no-such-rule", which does not exist (docs/rules.md lists the rules); fix or remove it',
    },
  ]);
  // The claim's own finding is kept: the annotations name other rules.
  expect(plan.findings.some((f) => f.rule === PENDING)).toBe(true);
});

test('an annotation on one object does not silence the same rule on another', () => {
  const other = { ...claim(), metadata: { name: 'other', namespace: 'shop' } };
  const plan = planStorage([claim({ 'ignore-check.cdk8s-volumes.io/claim-pending': 'ok' }), other]);
  expect(plan.findings.filter((f) => f.rule === PENDING).map((f) => f.object)).toEqual([
    'PersistentVolumeClaim/shop/other',
  ]);
});

test('disableRules silences a rule everywhere; an unknown id is an option error', () => {
  const plan = planStorage([claim()], { disableRules: [PENDING, 'no-such-rule'] });
  expect(plan.findings.filter((f) => f.rule === PENDING)).toEqual([]);
  expect(plan.suppressed?.map((s) => [s.by, s.reason, s.finding.rule])).toEqual([
    ['option', 'disabled by the disableRules option', PENDING],
  ]);
  expect(plan.findings.filter((f) => f.rule === 'option-invalid')).toEqual([
    {
      severity: 'error',
      rule: 'option-invalid',
      object: '<options>',
      field: 'disableRules',
      message: 'disableRules names "no-such-rule", which is not a rule (docs/rules.md lists the rules)',
    },
  ]);
});

test('disableRules that is not a list of strings is an option error, and nothing is silenced', () => {
  const plan = planStorage([claim()], { disableRules: 'claim-pending' as unknown as string[] });
  expect(plan.findings.filter((f) => f.rule === 'option-invalid').map((f) => f.message)).toEqual([
    'disableRules must be a list of rule ids (docs/rules.md lists them)',
  ]);
  expect(plan.findings.some((f) => f.rule === PENDING)).toBe(true);
});

test('option errors are never silenced', () => {
  const plan = planStorage([claim()], { kubernetesVersion: '9.9', disableRules: ['option-invalid'] });
  expect(plan.findings.filter((f) => f.rule === 'option-invalid')).toHaveLength(1);
});
