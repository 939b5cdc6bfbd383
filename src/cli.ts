/**
 * `cdk8s-volumes plan FILE_OR_DIR...`: the storage plan over any YAML (cdk8s output, Helm
 * output, hand-written manifests), for terminals and CI. Exit codes: 0 nothing at or above
 * --fail-on, 1 something is (a file that cannot be read is an error), 2 bad usage, 3 an unexpected
 * failure of the tool, said in one line, never a stack trace.
 *
 * Everything is required lazily inside `main`: the plan is pure, so the CLI never loads cdk8s or
 * constructs, and `--help` does not even load the YAML parser.
 */
import type { LoadResult, SkippedInput } from './plan/load';
import type { Finding, StoragePlan } from './plan/types';

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
const FAIL_ON = ['error', 'warning', 'never'];

interface PlanArgs {
  readonly paths: string[];
  readonly format: string;
  readonly kubernetesVersion?: string;
  readonly defaultStorageClass?: string;
  readonly previous: string[];
  readonly previousGit?: string;
  readonly cluster: string[];
  readonly failOn: string;
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
  const report = require('./plan/report') as typeof import('./plan/report');
  const planned = planPaths(parsed);
  if (typeof planned === 'string') {
    io.stderr.write(`cdk8s-volumes: ${planned}\n`);
    return 2;
  }
  const { plan, skipped, manifests, version } = planned;
  const shown: StoragePlan = {
    ...plan,
    findings: plan.findings.filter((f) => atLeast(f.severity, parsed.minSeverity)),
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
      const { renderSarif } = require('./plan/sarif') as typeof import('./plan/sarif');
      const { RULES, ruleDocUrl } = require('./rules/catalogue') as typeof import('./rules/catalogue');
      write(renderSarif(shown, RULES, { version: packageVersion(), ruleDocs: ruleDocUrl }));
      break;
    }
    case 'junit': {
      const { renderJunit } = require('./plan/junit') as typeof import('./plan/junit');
      write(renderJunit(shown));
      break;
    }
    default:
      write(
        report.renderTable(shown, { showInfo: parsed.showInfo }) +
          ruleLinks(shown, parsed.showInfo) +
          skippedTable(skipped) +
          `Judged for Kubernetes ${version}.\n`,
      );
  }
  if (parsed.failOn === 'never') return 0;
  const failing = (f: Finding) =>
    f.severity === 'error' || (parsed.failOn === 'warning' && f.severity === 'warning');
  return plan.findings.some(failing) ? 1 : 0;
}

const WRITE_PIECE = 2 ** 20;

/** True if `severity` is `min` or more severe. */
function atLeast(severity: string, min: Level): boolean {
  return SEVERITIES.indexOf(severity as Level) <= SEVERITIES.indexOf(min);
}

/**
 * The package's version, for SARIF's tool.driver.version: from the package.json above this file
 * (src/cli.ts in a checkout, lib/src/cli.js in the installed package).
 */
function packageVersion(): string {
  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'cdk8s-volumes' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here: one folder up
    }
  }
  return '0.0.0';
}

/** After the table: where each rule the table lists is documented. */
function ruleLinks(plan: StoragePlan, showInfo: boolean): string {
  const ids = [
    ...new Set(plan.findings.filter((f) => showInfo || f.severity !== 'info').map((f) => f.rule)),
  ].sort();
  if (ids.length === 0) return '';
  const { ruleDocUrl } = require('./rules/catalogue') as typeof import('./rules/catalogue');
  return ['', 'RULES', ...ids.map((id) => `  ${id}: ${ruleDocUrl(id)}`)].join('\n') + '\n';
}

/**
 * Reads and plans the paths (and the previous manifests, when given). The manifests are returned
 * only for the Markdown report (its graph reads them): for the other formats they are let go
 * before the report is rendered, which on a file of 200 MiB is most of the heap.
 */
function planPaths(
  args: PlanArgs,
): { plan: StoragePlan; skipped: SkippedInput[]; manifests: unknown[]; version: string } | string {
  const { loadManifests, locateFindings } = require('./plan/load') as typeof import('./plan/load');
  const { planStorage } = require('./plan/plan') as typeof import('./plan/plan');
  const { DEFAULT_KUBERNETES_VERSION, parseKubernetesVersion } =
    require('./k8s/versions') as typeof import('./k8s/versions');
  const loaded: LoadResult = loadManifests(args.paths, { strict: args.strict });
  let previous: unknown[] | undefined;
  const previousFindings: Finding[] = [];
  if (args.previousGit !== undefined) {
    const { loadAtRevision } = require('./plan/load-git') as typeof import('./plan/load-git');
    const atRev = loadAtRevision(args.paths, args.previousGit);
    if (typeof atRev === 'string') return atRev;
    previous = atRev.manifests;
    for (const f of atRev.findings) previousFindings.push(f);
  } else if (args.previous.length > 0) {
    const before = loadManifests(args.previous, { strict: args.strict });
    previous = before.manifests;
    for (const f of before.findings) previousFindings.push(f);
  }
  let cluster: unknown[] | undefined;
  if (args.cluster.length > 0) {
    const live = loadManifests(args.cluster, { strict: args.strict });
    cluster = live.manifests;
    for (const f of live.findings) previousFindings.push(f);
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
  return {
    plan: { ...planned, findings },
    skipped: loaded.skipped,
    manifests: args.format === 'markdown' ? loaded.manifests : [],
    version: parseKubernetesVersion(args.kubernetesVersion) ?? DEFAULT_KUBERNETES_VERSION,
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
  let failOn = 'error';
  let minSeverity: Level = 'info';
  let strict = false;
  let showInfo = false;
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
    switch (flag) {
      case '--format': {
        const v = value();
        if (v === undefined) return `--format needs a value: ${FORMATS.join(', ')}`;
        if (!FORMATS.includes(v)) return `unknown format: ${v} (expected ${FORMATS.join(', ')})`;
        format = v;
        break;
      }
      case '--kubernetes-version': {
        const v = value();
        const { kubernetesVersionProblem } = require('./k8s/versions') as typeof import('./k8s/versions');
        const problem = v === undefined ? 'needs a value' : kubernetesVersionProblem(v);
        if (problem) return `--kubernetes-version: ${problem}`;
        kubernetesVersion = v;
        break;
      }
      case '--default-storage-class': {
        const v = value();
        if (v === undefined || v === '') return '--default-storage-class needs a StorageClass name, or none';
        defaultStorageClass = v === 'none' ? '' : v;
        break;
      }
      case '--previous': {
        const v = value();
        if (v === undefined || v === '') return '--previous needs a file or directory';
        previous.push(v);
        break;
      }
      case '--cluster': {
        const v = value();
        if (v === undefined || v === '') return '--cluster needs a file or directory';
        cluster.push(v);
        break;
      }
      case '--previous-git': {
        const v = value();
        if (v === undefined || v === '' || v.startsWith('-'))
          return '--previous-git needs a git revision, e.g. origin/main';
        previousGit = v;
        break;
      }
      case '--fail-on': {
        const v = value();
        if (v === undefined || !FAIL_ON.includes(v)) return `--fail-on needs one of ${FAIL_ON.join(', ')}`;
        failOn = v;
        break;
      }
      case '--min-severity': {
        const v = value();
        if (v === undefined || !(SEVERITIES as readonly string[]).includes(v))
          return `--min-severity needs one of ${SEVERITIES.join(', ')}`;
        minSeverity = v as Level;
        break;
      }
      case '--disable': {
        const v = value();
        if (v === undefined || v === '')
          return '--disable needs rule ids, e.g. --disable claim-pending,reclaim-delete';
        for (const id of v.split(',')) if (id.trim()) disable.push(id.trim());
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
  if (cluster.includes('-') && (paths.includes('-') || previous.includes('-')))
    return '--cluster - reads standard input, and so does another path: give one of them a file';
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
