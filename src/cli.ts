/**
 * `cdk8s-volumes plan FILE_OR_DIR...`: the storage plan over any YAML (cdk8s output, Helm
 * output, hand-written manifests), for terminals and CI. Exit codes: 0 no error finding,
 * 1 at least one error finding (including a file that cannot be read), 2 bad usage.
 *
 * Everything is required lazily inside `main`: the plan is pure, so the CLI never loads cdk8s or
 * constructs, and `--help` does not even load the YAML parser.
 */
import type { LoadResult } from './plan/load';
import type { StoragePlan } from './plan/types';

/** Where the CLI writes: `process` in the binary, string buffers in tests. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
}

export const USAGE = `Usage: cdk8s-volumes plan FILE_OR_DIR... [options]

Predicts, offline, what the API server rejects in the storage objects of Kubernetes manifests,
which volume each PersistentVolumeClaim binds to (or why it stays Pending), and what loses data
or exposes the node. Directories are read recursively (*.yaml, *.yml, *.json); - reads stdin.

Options:
  --format table|json|markdown    output format (default: table)
  --default-storage-class NAME    the cluster's default StorageClass, when the manifests
                                  do not define one annotated as default
  -h, --help                      show this help

Exit status: 0 no errors, 1 errors found (or a file could not be read), 2 bad usage.
`;

const FORMATS = ['table', 'json', 'markdown'];

interface PlanArgs {
  readonly paths: string[];
  readonly format: string;
  readonly defaultStorageClass?: string;
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 * Never calls process.exit, so tests run it in-process and the binary lets stdout drain.
 */
export function main(argv: readonly string[], io: CliIo = process): number {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    io.stderr.write(`cdk8s-volumes: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  const { loadManifests } = require('./plan/load') as typeof import('./plan/load');
  const { planStorage } = require('./plan/plan') as typeof import('./plan/plan');
  const report = require('./plan/report') as typeof import('./plan/report');

  const loaded: LoadResult = loadManifests(parsed.paths);
  const planned = planStorage(loaded.manifests, { defaultStorageClass: parsed.defaultStorageClass });
  // load findings first: the renderers sort anyway, and a file that cannot be read is an error like any other
  const plan: StoragePlan = { claims: planned.claims, findings: [...loaded.findings, ...planned.findings] };

  switch (parsed.format) {
    case 'json':
      io.stdout.write(report.renderJson(plan));
      break;
    case 'markdown':
      io.stdout.write(report.renderMarkdown(plan, loaded.manifests));
      break;
    default:
      io.stdout.write(report.renderTable(plan));
  }
  return plan.findings.some((f) => f.severity === 'error') ? 1 : 0;
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
  let format = 'table';
  let defaultStorageClass: string | undefined;
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
        if (v === undefined) return '--format needs a value: table, json or markdown';
        if (!FORMATS.includes(v)) return `unknown format: ${v} (expected table, json or markdown)`;
        format = v;
        break;
      }
      case '--default-storage-class': {
        const v = value();
        if (v === undefined || v === '') return '--default-storage-class needs a StorageClass name';
        defaultStorageClass = v;
        break;
      }
      default:
        return `unknown option: ${flag}`;
    }
  }
  if (paths.length === 0) return 'plan needs at least one file or directory';
  return { paths, format, defaultStorageClass };
}
