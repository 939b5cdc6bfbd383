/**
 * JUnit XML output: one suite per manifest file, one case per finding; which cases fail follows
 * the run's fail threshold (as the exit status does); suppressed findings are skipped with their
 * reason; markup escaped.
 */
import { renderJunit } from '../../src/plan/junit';
import { FailOn } from '../../src/plan/report';
import { Finding, StoragePlan } from '../../src/plan/types';

const pending: Finding = {
  severity: 'error',
  rule: 'claim-pending',
  object: 'PersistentVolumeClaim/shop/data',
  field: 'spec.volumeName',
  message: 'stays Pending: volume "a<b>" & more',
  file: 'k8s/claim.yaml',
  line: 3,
};
const reclaim: Finding = {
  severity: 'warning',
  rule: 'reclaim-delete',
  object: 'PersistentVolume/pv',
  message: 'deleted with its claim',
  file: 'k8s/claim.yaml',
  line: 1,
};
const missing: Finding = {
  severity: 'warning',
  rule: 'claim-missing',
  object: 'Pod/shop/web',
  message: "it's missing",
};
const note: Finding = { severity: 'info', rule: 'pod-security', object: 'X/y', message: 'fine\u0001' };

const plan: StoragePlan = { claims: [], findings: [pending, reclaim, missing, note] };

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const PENDING_CASE = [
  '    <testcase classname="claim-pending" name="PersistentVolumeClaim/shop/data spec.volumeName" file="k8s/claim.yaml" line="3">',
  '      <failure type="error" message="stays Pending: volume &quot;a&lt;b&gt;&quot; &amp; more">PersistentVolumeClaim/shop/data spec.volumeName: stays Pending: volume &quot;a&lt;b&gt;&quot; &amp; more</failure>',
  '    </testcase>',
];

test('suites by file name (the findings of no file in "cdk8s-volumes", first), cases by line; below --fail-on error a warning passes with its message as output', () => {
  expect(renderJunit(plan)).toBe(
    [
      HEAD,
      '<testsuites name="cdk8s-volumes" tests="4" failures="1" errors="0" skipped="0">',
      '  <testsuite name="cdk8s-volumes" tests="2" failures="0" errors="0" skipped="0">',
      '    <testcase classname="claim-missing" name="Pod/shop/web">',
      '      <system-out>warning: it&apos;s missing</system-out>',
      '    </testcase>',
      '    <testcase classname="pod-security" name="X/y">',
      '      <system-out>info: fine\ufffd</system-out>',
      '    </testcase>',
      '  </testsuite>',
      '  <testsuite name="k8s/claim.yaml" tests="2" failures="1" errors="0" skipped="0">',
      '    <testcase classname="reclaim-delete" name="PersistentVolume/pv" file="k8s/claim.yaml" line="1">',
      '      <system-out>warning: deleted with its claim</system-out>',
      '    </testcase>',
      ...PENDING_CASE,
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n'),
  );
});

test('failOn WARNING: warnings are failures too (the exit status 1 agrees); info never fails', () => {
  const xml = renderJunit(plan, { failOn: FailOn.WARNING });
  expect(xml).toContain('<testsuites name="cdk8s-volumes" tests="4" failures="3" errors="0" skipped="0">\n');
  expect(xml).toContain(
    '    <testcase classname="claim-missing" name="Pod/shop/web">\n' +
      '      <failure type="warning" message="it&apos;s missing">Pod/shop/web: it&apos;s missing</failure>\n' +
      '    </testcase>\n',
  );
  expect(xml).toContain(
    '    <testcase classname="pod-security" name="X/y">\n      <system-out>info: fine\ufffd</system-out>\n',
  );
});

test('failOn NEVER: no failure, every finding as output', () => {
  const xml = renderJunit(plan, { failOn: FailOn.NEVER });
  expect(xml).toContain('<testsuites name="cdk8s-volumes" tests="4" failures="0" errors="0" skipped="0">\n');
  expect(xml).not.toContain('<failure');
  expect(xml).toContain(
    '      <system-out>error: stays Pending: volume &quot;a&lt;b&gt;&quot; &amp; more</system-out>\n',
  );
});

test('suppressed findings: skipped with how and why, in their file, never failures', () => {
  const xml = renderJunit(
    {
      claims: [],
      findings: [pending],
      suppressed: [
        { finding: reclaim, by: 'annotation', reason: 'the data is a cache & rebuilt' },
        { finding: missing, by: 'option', reason: 'disabled by the disableRules option' },
      ],
    },
    { failOn: FailOn.WARNING },
  );
  expect(xml).toBe(
    [
      HEAD,
      '<testsuites name="cdk8s-volumes" tests="3" failures="1" errors="0" skipped="2">',
      '  <testsuite name="cdk8s-volumes" tests="1" failures="0" errors="0" skipped="1">',
      '    <testcase classname="claim-missing" name="Pod/shop/web">',
      '      <skipped message="suppressed (option): disabled by the disableRules option"/>',
      '      <system-out>warning: it&apos;s missing</system-out>',
      '    </testcase>',
      '  </testsuite>',
      '  <testsuite name="k8s/claim.yaml" tests="2" failures="1" errors="0" skipped="1">',
      '    <testcase classname="reclaim-delete" name="PersistentVolume/pv" file="k8s/claim.yaml" line="1">',
      '      <skipped message="suppressed (annotation): the data is a cache &amp; rebuilt"/>',
      '      <system-out>warning: deleted with its claim</system-out>',
      '    </testcase>',
      ...PENDING_CASE,
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n'),
  );
});

test('no findings: an empty run', () => {
  expect(renderJunit({ claims: [], findings: [] })).toBe(
    `${HEAD}\n<testsuites name="cdk8s-volumes" tests="0" failures="0" errors="0" skipped="0">\n</testsuites>\n`,
  );
});

test('lone surrogates cannot be carried by XML: replaced', () => {
  const xml = renderJunit({
    claims: [],
    findings: [{ severity: 'error', rule: 'r', object: 'o', message: 'a\ud800b \ud83d\ude00' }],
  });
  expect(xml).toContain('message="a\ufffdb \ud83d\ude00"');
});
