/**
 * The plan as JUnit XML, the report format CI systems (GitLab `artifacts:reports:junit`, Jenkins,
 * Azure Pipelines) show as a test run: one test suite per rule that found something, one test case
 * per finding, errors and warnings as failures (their severity as the failure type), info as a
 * passing case with its message as output. Pure: the same plan gives the same bytes.
 */
import { Finding, StoragePlan } from './types';

/** The JUnit XML document, ending with a newline. */
export function renderJunit(plan: StoragePlan): string {
  const byRule = new Map<string, Finding[]>();
  for (const f of plan.findings) {
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  const rules = [...byRule.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let failures = 0;
  for (const f of plan.findings) if (f.severity !== 'info') failures++;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cdk8s-volumes" tests="${plan.findings.length}" failures="${failures}" errors="0">`,
  ];
  for (const rule of rules) {
    const list = byRule.get(rule) as Finding[];
    const failed = list.filter((f) => f.severity !== 'info').length;
    out.push(`  <testsuite name="${xml(rule)}" tests="${list.length}" failures="${failed}" errors="0">`);
    for (const f of list) {
      const where = f.field ? `${f.object} ${f.field}` : f.object;
      const file =
        typeof f.file === 'string'
          ? ` file="${xml(f.file)}"${typeof f.line === 'number' ? ` line="${f.line}"` : ''}`
          : '';
      out.push(`    <testcase classname="${xml(rule)}" name="${xml(where)}"${file}>`);
      if (f.severity === 'info') {
        out.push(`      <system-out>${xml(f.message)}</system-out>`);
      } else {
        out.push(
          `      <failure type="${f.severity}" message="${xml(f.message)}">${xml(`${where}: ${f.message}`)}</failure>`,
        );
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/**
 * Text as XML character data or attribute value: the five markup characters escaped, and the
 * characters XML 1.0 cannot carry at all (C0 controls other than tab, newline, return; lone
 * surrogates; U+FFFE/U+FFFF) replaced by U+FFFD.
 */
function xml(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
