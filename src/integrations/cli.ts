/**
 * `cdk8s-volumes plan FILE_OR_DIR...`: the storage plan over any YAML (cdk8s output, Helm
 * output, hand-written manifests), for terminals and CI. Exit codes: 0 nothing at or above
 * --fail-on, 1 something is (a file that cannot be read is an error), 2 bad usage, 3 an unexpected
 * failure of the tool, said in one line, never a stack trace.
 *
 * Everything is required lazily inside `main`: the plan is pure, so the CLI never loads cdk8s or
 * constructs, and `--help` does not even load the YAML parser.
 */
import type { LoadResult, SkippedInput } from '../plan/load';
import type { FailOn } from '../plan/report';
import type { Finding, StoragePlan, SuppressedFinding } from '../plan/types';

/** Where the CLI writes: `process` in the binary, string buffers in tests. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
}

export const USAGE = `Usage: cdk8s-volumes plan FILE_OR_DIR... [options]

Predicts, offline, what the API server rejects in the storage objects of Kubernetes manifests,
which volume each PersistentVolumeClaim binds to (or why it stays Pending), and what loses data
or exposes the node. Directories are read recursively (*.yaml, *.yml, *.json; symbolic links
only within the paths given); - reads stdin. YAML is read as kubectl reads it; at most 256 MiB
per file and 64 MiB per document. What is not a Kubernetes object (Chart.yaml, values files,
kustomizations, tool configs, templates that do not parse) is skipped and counted.

Options:
  --format table|json|markdown|sarif|junit
                                  output format (default: table)
  --kubernetes-version 1.30       the Kubernetes minor to judge for, 1.27 to 1.36 (default: 1.36)
  --default-storage-class NAME    the cluster's default StorageClass, when the manifests do not
                                  define one annotated as default; none: the cluster has none
  --previous PATH                 the manifests applied before (repeatable): also judge the update
  --previous-git REV              the same paths at git revision REV are the manifests applied before
  --cluster FILE                  what exists in the cluster (repeatable), as
                                  kubectl get storageclass,pv,pvc -A -o yaml prints it: not judged,
                                  but claims bind against its classes, volumes and claims
  --fail-on error|warning|never   the lowest severity that makes the exit status 1 (default: error)
  --min-severity error|warning|info
                                  the lowest severity written (default: info; the table lists
                                  info findings only with --show-info)
  --disable RULE[,RULE...]        silence rules everywhere (counted as suppressed; repeatable)
  --strict                        report what is skipped, and keys set twice, as errors
  --show-info                     list the info findings in the table (counted otherwise)
  -h, --help                      show this help

Rules, with examples: docs/rules.md. Silence one rule on one object with the annotation
ignore-check.cdk8s-volumes.io/<rule>: "<reason>".

Exit status: 0 nothing at or above --fail-on, 1 something is (a file that cannot be read is an
error), 2 bad usage, 3 the tool itself failed (a bug).
`;

const FORMATS = ['table', 'json', 'markdown', 'sarif', 'junit'];
const SEVERITIES = ['error', 'warning', 'info'] as const;
type Level = (typeof SEVERITIES)[number];

/** `"value"`, at most 80 characters of it: a value is quoted so an empty or spaced one shows. */
function quote(v: string): string {
  return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
}

interface PlanArgs {
  readonly paths: string[];
  readonly format: string;
  readonly kubernetesVersion?: string;
  readonly defaultStorageClass?: string;
  readonly previous: string[];
  readonly previousGit?: string;
  readonly cluster: string[];
  readonly failOn: FailOn;
  readonly minSeverity: Level;
  readonly disable: string[];
  readonly strict: boolean;
  readonly showInfo: boolean;
}

/** At most this many skipped inputs are listed in the table and Markdown (JSON lists them all). */
const SKIPPED_LISTED = 20;

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 * Never calls process.exit, so tests run it in-process and the binary lets stdout drain.
 */
export function main(argv: readonly string[], io: CliIo = process): number {
  try {
    return run(argv, io);
  } catch (e) {
    // A fault of the tool, not of the input: one line, never a stack trace, and its own exit status.
    io.stderr.write(`cdk8s-volumes: internal error: ${oneLine(e)}\n`);
    return 3;
  }
}

function run(argv: readonly string[], io: CliIo): number {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    io.stderr.write(`cdk8s-volumes: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  const report = require('../plan/report') as typeof import('../plan/report');
  const planned = planPaths(parsed);
  if (typeof planned === 'string') {
    io.stderr.write(`cdk8s-volumes: ${planned}\n`);
    return 2;
  }
  const { plan, skipped, manifests, version, notes } = planned;
  for (const note of notes) io.stderr.write(`cdk8s-volumes: note: ${note}\n`);
  // --min-severity hides what is below it, never what fails the run: a run that exits 1 shows why.
  const shown: StoragePlan = {
    ...plan,
    findings: plan.findings.filter(
      (f) => atLeast(f.severity, parsed.minSeverity) || report.failsAt(f.severity, parsed.failOn),
    ),
  };

  const write = (text: string): void => {
    // in pieces of 1 Mi characters: a report of 200 MiB is not also copied whole into one buffer
    for (let i = 0; i < text.length; i += WRITE_PIECE) io.stdout.write(text.slice(i, i + WRITE_PIECE));
  };
  switch (parsed.format) {
    case 'json':
      write(report.renderJson(shown, { kubernetesVersion: version, skipped }));
      break;
    case 'markdown':
      write(report.renderMarkdown(shown, manifests) + skippedMarkdown(skipped));
      break;
    case 'sarif': {
      const { renderSarif } = require('../plan/sarif') as typeof import('../plan/sarif');
      const { RULES, ruleDocUrl } = require('../rules/catalogue') as typeof import('../rules/catalogue');
      write(renderSarif(shown, RULES, { ...packageInfo(), ruleDocs: ruleDocUrl }));
      break;
    }
    case 'junit': {
      const { renderJunit } = require('../plan/junit') as typeof import('../plan/junit');
      write(renderJunit(shown, { failOn: parsed.failOn }));
      break;
    }
    default:
      write(
        report.renderTable(plan, {
          showInfo: parsed.showInfo,
          minSeverity: parsed.minSeverity,
          failOn: parsed.failOn,
        }) +
          ruleLinks(shown, parsed.showInfo) +
          skippedTable(skipped) +
          `Judged for Kubernetes ${version}.\n`,
      );
  }
  return plan.findings.some((f) => report.failsAt(f.severity, parsed.failOn)) ? 1 : 0;
}

const WRITE_PIECE = 2 ** 20;

/** True if `severity` is `min` or more severe. */
function atLeast(severity: string, min: Level): boolean {
  return SEVERITIES.indexOf(severity as Level) <= SEVERITIES.indexOf(min);
}

/**
 * The package's version and home page, for SARIF's tool.driver.version and informationUri (code
 * scanning links the tool by it): from the package.json above this file (src/cli.ts in a
 * checkout, lib/src/integrations/cli.js in the installed package).
 */
function packageInfo(): { version: string; informationUri?: string } {
  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8')) as {
        name?: string;
        version?: string;
        homepage?: string;
      };
      if (pkg.name === 'cdk8s-volumes' && typeof pkg.version === 'string') {
        return {
          version: pkg.version,
          ...(typeof pkg.homepage === 'string' ? { informationUri: pkg.homepage } : {}),
        };
      }
    } catch {
      // not here: one folder up
    }
  }
  return { version: '0.0.0' };
}

/** After the table: where each rule the table lists is documented. */
function ruleLinks(plan: StoragePlan, showInfo: boolean): string {
  const ids = [
    ...new Set(plan.findings.filter((f) => showInfo || f.severity !== 'info').map((f) => f.rule)),
  ].sort();
  if (ids.length === 0) return '';
  const { ruleDocUrl } = require('../rules/catalogue') as typeof import('../rules/catalogue');
  return ['', 'RULES', ...ids.map((id) => `  ${id}: ${ruleDocUrl(id)}`)].join('\n') + '\n';
}

/**
 * Reads and plans the paths (and the previous manifests, when given). The manifests are returned
 * only for the Markdown report (its graph reads them): for the other formats they are let go
 * before the report is rendered, which on a file of 200 MiB is most of the heap.
 */
function planPaths(
  args: PlanArgs,
):
  | { plan: StoragePlan; skipped: SkippedInput[]; manifests: unknown[]; version: string; notes: string[] }
  | string {
  const { loadManifests, locateFindings } = require('../plan/load') as typeof import('../plan/load');
  const { planStorage } = require('../plan/plan') as typeof import('../plan/plan');
  const { DEFAULT_KUBERNETES_VERSION, parseKubernetesVersion } =
    require('../k8s/versions') as typeof import('../k8s/versions');
  const loaded: LoadResult = loadManifests(args.paths, { strict: args.strict });
  let previous: unknown[] | undefined;
  const previousFindings: Finding[] = [];
  const notes: string[] = [];
  // What cannot be read of the previous version or the cluster is an input finding that says
  // which input it is of (the same file name can be in both), never a crash.
  const of = (what: string, findings: readonly Finding[]): void => {
    for (const f of findings) previousFindings.push({ ...f, message: `${what}: ${f.message}` });
  };
  if (args.previousGit !== undefined) {
    const { loadAtRevision } = require('../plan/load-git') as typeof import('../plan/load-git');
    const atRev = loadAtRevision(args.paths, args.previousGit);
    if (typeof atRev === 'string') return atRev;
    if ('unavailable' in atRev) {
      // A shallow CI checkout without the base branch, a first commit: nothing to compare with,
      // which is no reason to fail the plan of what is there now.
      notes.push(`no previous version, the change plan is left out: ${atRev.unavailable}`);
    } else {
      previous = atRev.manifests;
      of('previous version', atRev.findings);
      for (const p of atRev.missing ?? [])
        notes.push(`${p} does not exist at ${args.previousGit.slice(0, 80)}: everything in it is created`);
    }
  } else if (args.previous.length > 0) {
    const before = loadManifests(args.previous, { strict: args.strict });
    previous = before.manifests;
    of('previous version', before.findings);
  }
  let cluster: unknown[] | undefined;
  if (args.cluster.length > 0) {
    const live = loadManifests(args.cluster, { strict: args.strict });
    cluster = live.manifests;
    of('cluster objects', live.findings);
  }
  const planned = planStorage(loaded.manifests, {
    kubernetesVersion: args.kubernetesVersion,
    defaultStorageClass: args.defaultStorageClass,
    disableRules: args.disable.length > 0 ? args.disable : undefined,
    previous,
    ...(cluster ? { cluster } : {}),
  });
  // load findings first: the renderers sort anyway, and a file that cannot be read is an error like any other
  const findings = [...loaded.findings, ...previousFindings, ...locateFindings(planned.findings, loaded)];
  // A suppressed finding keeps its file and line too: SARIF lists it, as dismissed, where it is.
  const suppressed = planned.suppressed?.length
    ? locateFindings(
        planned.suppressed.map((x) => x.finding),
        loaded,
      ).map((finding, i) => ({ ...(planned.suppressed as SuppressedFinding[])[i], finding }))
    : planned.suppressed;
  return {
    plan: { ...planned, findings, ...(suppressed ? { suppressed } : {}) },
    skipped: loaded.skipped,
    manifests: args.format === 'markdown' ? loaded.manifests : [],
    version: parseKubernetesVersion(args.kubernetesVersion) ?? DEFAULT_KUBERNETES_VERSION,
    notes,
  };
}

function where(s: SkippedInput): string {
  return s.line === undefined ? s.file : `${s.file}:${s.line}`;
}

/** The skipped inputs after the table: a count, and the first {@link SKIPPED_LISTED} of them. */
function skippedTable(skipped: readonly SkippedInput[]): string {
  if (skipped.length === 0) return '';
  const lines = [
    '',
    `SKIPPED (${skipped.length}): not Kubernetes API objects, not planned (--strict makes them errors)`,
    ...skipped.slice(0, SKIPPED_LISTED).map((s) => `  ${where(s)}: ${s.reason}`),
  ];
  if (skipped.length > SKIPPED_LISTED) {
    lines.push(`  … and ${skipped.length - SKIPPED_LISTED} more (--format json lists them all)`);
  }
  return lines.join('\n') + '\n';
}

/** The skipped inputs after the Markdown report, as a section. */
function skippedMarkdown(skipped: readonly SkippedInput[]): string {
  if (skipped.length === 0) return '';
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const lines = [
    '',
    '## Skipped',
    '',
    `${skipped.length} input${skipped.length === 1 ? ' is' : 's are'} not Kubernetes API objects and not planned:`,
    '',
    '| Where | Why |',
    '| --- | --- |',
    ...skipped.slice(0, SKIPPED_LISTED).map((s) => `| ${cell(where(s))} | ${cell(s.reason)} |`),
  ];
  if (skipped.length > SKIPPED_LISTED) lines.push('', `… and ${skipped.length - SKIPPED_LISTED} more.`);
  return lines.join('\n') + '\n';
}

/** An exception's message: its first line, at most 200 characters. */
function oneLine(e: unknown): string {
  const message = (e as { message?: unknown } | null)?.message;
  const line = (typeof message === 'string' ? message : String(e)).split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** The parsed `plan` arguments, `'help'`, or a usage error message. */
function parseArgs(argv: readonly string[]): PlanArgs | 'help' | string {
  if (argv.includes('-h') || argv.includes('--help')) {
    // `--` ends options: a file named --help after it is a file
    const end = argv.indexOf('--');
    const at = Math.max(argv.indexOf('-h'), argv.indexOf('--help'));
    if (end < 0 || at < end) return 'help';
  }
  const [command, ...rest] = argv;
  if (command === undefined) return 'missing command';
  if (command !== 'plan') return `unknown command: ${command}`;

  const paths: string[] = [];
  const previous: string[] = [];
  const cluster: string[] = [];
  const disable: string[] = [];
  let format = 'table';
  let kubernetesVersion: string | undefined;
  let defaultStorageClass: string | undefined;
  let previousGit: string | undefined;
  let failOn = 'error' as FailOn;
  let minSeverity: Level = 'info';
  let strict = false;
  let showInfo = false;
  const given = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      paths.push(...rest.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : rest[++i]);
    // An option that takes one value, given twice with different values, is a mistake to say, not
    // to settle silently by taking the last (a CI template and a job both setting --fail-on).
    const once = (v: string | undefined): string | undefined => {
      const before = given.get(flag);
      if (v !== undefined && before !== undefined && before !== v)
        return `${flag} is given twice, as ${quote(before)} and ${quote(v)}: give it once`;
      if (v !== undefined) given.set(flag, v);
      return undefined;
    };
    const oneOf = (v: string | undefined, allowed: readonly string[]): string | undefined => {
      if (v === undefined || v === '') return `${flag} needs a value; allowed: ${allowed.join(', ')}`;
      if (!allowed.includes(v)) return `${flag}: ${quote(v)} is not allowed; allowed: ${allowed.join(', ')}`;
      return once(v);
    };
    switch (flag) {
      case '--format': {
        const v = value();
        const problem = oneOf(v, FORMATS);
        if (problem) return problem;
        format = v as string;
        break;
      }
      case '--kubernetes-version': {
        const v = value();
        const { kubernetesVersionProblem } = require('../k8s/versions') as typeof import('../k8s/versions');
        const problem = v === undefined ? 'needs a value' : kubernetesVersionProblem(v);
        if (problem) return `--kubernetes-version: ${problem}`;
        const twice = once(v);
        if (twice) return twice;
        kubernetesVersion = v;
        break;
      }
      case '--default-storage-class': {
        const v = value();
        if (v === undefined || v === '') return '--default-storage-class needs a StorageClass name, or none';
        const twice = once(v);
        if (twice) return twice;
        defaultStorageClass = v === 'none' ? '' : v;
        break;
      }
      case '--previous': {
        const v = value();
        // `-` is standard input; another option is not a path (`--previous --strict` forgot the path)
        if (v === undefined || v === '' || (v !== '-' && v.startsWith('-')))
          return `--previous needs a file or directory${v ? `, not the option ${quote(v)}` : ''}`;
        previous.push(v);
        break;
      }
      case '--cluster': {
        const v = value();
        // `-` is standard input; another option is not a path (`--cluster --strict` forgot the path)
        if (v === undefined || v === '' || (v !== '-' && v.startsWith('-')))
          return `--cluster needs a file or directory${v ? `, not the option ${quote(v)}` : ''}`;
        cluster.push(v);
        break;
      }
      case '--previous-git': {
        const v = value();
        if (v === undefined || v === '' || v.startsWith('-'))
          return '--previous-git needs a git revision, e.g. origin/main';
        const twice = once(v);
        if (twice) return twice;
        previousGit = v;
        break;
      }
      case '--fail-on': {
        const v = value();
        const { FAIL_ON_VALUES, parseFailOn } = require('../plan/report') as typeof import('../plan/report');
        const problem = oneOf(v, FAIL_ON_VALUES);
        if (problem) return problem;
        failOn = parseFailOn(v) as FailOn;
        break;
      }
      case '--min-severity': {
        const v = value();
        const problem = oneOf(v, SEVERITIES);
        if (problem) return problem;
        minSeverity = v as Level;
        break;
      }
      case '--disable': {
        const v = value();
        if (v === undefined || v === '')
          return '--disable needs rule ids, e.g. --disable claim-pending,reclaim-delete';
        const { RULES } = require('../rules/catalogue') as typeof import('../rules/catalogue');
        for (const id of v.split(',').map((x) => x.trim())) {
          if (!id) continue;
          // A misspelt id disables nothing: a usage error, as any value that is not allowed
          if (!RULES.some((r) => r.id === id))
            return `--disable: ${quote(id)} is not a rule id; the ids are listed in docs/rules.md (and in SARIF output)`;
          disable.push(id);
        }
        break;
      }
      case '--strict':
      case '--show-info':
        if (eq > 0) return `${flag} takes no value`;
        if (flag === '--strict') strict = true;
        else showInfo = true;
        break;
      default:
        return `unknown option: ${flag}`;
    }
  }
  if (paths.length === 0) return 'plan needs at least one file or directory';
  if (previousGit !== undefined && previous.length > 0) return 'use --previous or --previous-git, not both';
  // Standard input can be read once: a second `-` would read nothing and judge an empty input.
  const stdin = [
    ...paths.filter((p) => p === '-').map(() => 'a path'),
    ...previous.filter((p) => p === '-').map(() => '--previous'),
    ...cluster.filter((p) => p === '-').map(() => '--cluster'),
  ];
  if (stdin.length > 1)
    return `- (standard input) can be read once, and is named ${stdin.length} times (${stdin.join(', ')}): give all but one a file`;
  if (previousGit !== undefined && paths.includes('-'))
    return '--previous-git needs file or directory paths, not -';
  return {
    paths,
    format,
    kubernetesVersion,
    defaultStorageClass,
    previous,
    previousGit,
    cluster,
    failOn,
    minSeverity,
    disable,
    strict,
    showInfo,
  };
}
