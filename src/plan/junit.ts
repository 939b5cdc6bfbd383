/**
 * The plan as JUnit XML, the report format CI systems (GitLab `artifacts:reports:junit`, Jenkins,
 * Azure Pipelines) show as a test run: one test suite per manifest file (findings without a file,
 * of options or of objects built in code, in a suite named "cdk8s-volumes"), one test case per
 * finding. Which cases fail follows the run's fail threshold (`failOn`, the CLI's --fail-on), so
 * the report and the exit status agree: a finding at or above it is a `failure` (its severity as
 * the type); one below it passes, its message as `system-out`; a suppressed finding is `skipped`
 * with the suppression's reason. Pure: the same plan gives the same bytes.
 */
import { FailOn, failsAt } from './report';
import { Finding, StoragePlan, SuppressedFinding } from './types';

/** Options of {@link renderJunit}. */
export interface JunitOptions {
  /**
   * Which findings are failures: errors, errors and warnings, or none (the CLI's --fail-on).
   * @default FailOn.ERROR
   */
  readonly failOn?: FailOn;
}

/** The name of the suite of findings that come from no file (keyed by "", which no file is named). */
const NO_FILE_SUITE = 'cdk8s-volumes';

interface Case {
  readonly finding: Finding;
  readonly suppressed?: SuppressedFinding;
}

/** The JUnit XML document, ending with a newline. */
export function renderJunit(plan: StoragePlan, options: JunitOptions = {}): string {
  const failOn = options.failOn ?? FailOn.ERROR;
  const byFile = new Map<string, Case[]>();
  const add = (c: Case): void => {
    const file = typeof c.finding.file === 'string' ? c.finding.file : '';
    const list = byFile.get(file);
    if (list) list.push(c);
    else byFile.set(file, [c]);
  };
  for (const f of plan.findings) add({ finding: f });
  for (const x of plan.suppressed ?? []) add({ finding: x.finding, suppressed: x });
  const files = [...byFile.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const failed = (c: Case): boolean => !c.suppressed && failsAt(c.finding.severity, failOn);
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const list of byFile.values()) {
    tests += list.length;
    failures += list.filter(failed).length;
    skipped += list.filter((c) => c.suppressed).length;
  }
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cdk8s-volumes" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
  ];
  for (const file of files) {
    const list = (byFile.get(file) as Case[]).sort(
      (a, b) => (a.finding.line ?? 0) - (b.finding.line ?? 0) || order(a.finding, b.finding),
    );
    out.push(
      `  <testsuite name="${xml(file === '' ? NO_FILE_SUITE : file)}" tests="${list.length}" failures="${list.filter(failed).length}" ` +
        `errors="0" skipped="${list.filter((c) => c.suppressed).length}">`,
    );
    for (const c of list) {
      const f = c.finding;
      const where = f.field ? `${f.object} ${f.field}` : f.object;
      const at =
        file !== '' ? ` file="${xml(file)}"${typeof f.line === 'number' ? ` line="${f.line}"` : ''}` : '';
      out.push(`    <testcase classname="${xml(f.rule)}" name="${xml(where)}"${at}>`);
      if (c.suppressed) {
        out.push(
          `      <skipped message="${xml(`suppressed (${c.suppressed.by}): ${c.suppressed.reason}`)}"/>`,
          `      <system-out>${xml(`${f.severity}: ${f.message}`)}</system-out>`,
        );
      } else if (failed(c)) {
        out.push(
          `      <failure type="${f.severity}" message="${xml(f.message)}">${xml(`${where}: ${f.message}`)}</failure>`,
        );
      } else {
        out.push(`      <system-out>${xml(`${f.severity}: ${f.message}`)}</system-out>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** Severity, then object, rule and field: the plan's order. */
function order(a: Finding, b: Finding): number {
  const key = (f: Finding): string => `${f.object}\0${f.rule}\0${f.field ?? ''}`;
  const ka = key(a);
  const kb = key(b);
  return (
    (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) || (ka < kb ? -1 : ka > kb ? 1 : 0)
  );
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
