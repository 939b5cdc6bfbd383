/** JUnit XML output: one suite per rule, a failing case per error or warning, markup escaped. */
import { renderJunit } from '../../src/plan/junit';

test('suites by rule, failures for errors and warnings, info as output, file and line kept', () => {
  const xml = renderJunit({
    claims: [],
    findings: [
      {
        severity: 'error',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/shop/data',
        field: 'spec.volumeName',
        message: 'stays Pending: volume "a<b>" & more',
        file: 'k8s/claim.yaml',
        line: 3,
      },
      { severity: 'warning', rule: 'claim-missing', object: 'Pod/shop/web', message: "it's missing" },
      { severity: 'info', rule: 'claim-pending', object: 'X/y', message: 'fine\u0001' },
    ],
  });
  expect(xml).toBe(
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="cdk8s-volumes" tests="3" failures="2" errors="0">',
      '  <testsuite name="claim-missing" tests="1" failures="1" errors="0">',
      '    <testcase classname="claim-missing" name="Pod/shop/web">',
      '      <failure type="warning" message="it&apos;s missing">Pod/shop/web: it&apos;s missing</failure>',
      '    </testcase>',
      '  </testsuite>',
      '  <testsuite name="claim-pending" tests="2" failures="1" errors="0">',
      '    <testcase classname="claim-pending" name="PersistentVolumeClaim/shop/data spec.volumeName" file="k8s/claim.yaml" line="3">',
      '      <failure type="error" message="stays Pending: volume &quot;a&lt;b&gt;&quot; &amp; more">PersistentVolumeClaim/shop/data spec.volumeName: stays Pending: volume &quot;a&lt;b&gt;&quot; &amp; more</failure>',
      '    </testcase>',
      '    <testcase classname="claim-pending" name="X/y">',
      '      <system-out>fine\ufffd</system-out>',
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n'),
  );
});

test('no findings: an empty run', () => {
  expect(renderJunit({ claims: [], findings: [] })).toBe(
    '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cdk8s-volumes" tests="0" failures="0" errors="0">\n</testsuites>\n',
  );
});

test('lone surrogates cannot be carried by XML: replaced', () => {
  const xml = renderJunit({
    claims: [],
    findings: [{ severity: 'error', rule: 'r', object: 'o', message: 'a\ud800b \ud83d\ude00' }],
  });
  expect(xml).toContain('message="a\ufffdb \ud83d\ude00"');
});
