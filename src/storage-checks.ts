/**
 * The storage plan at synth time: `StorageChecks.enable(app)` makes `app.synth()` fail with
 * every error finding listed (before any YAML is written), print the warnings, and write the
 * plan report beside the YAML.
 * The checks themselves live in src/plan/; this file only wires them into a cdk8s App.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { writeInPieces } from './_chunked-file';
import { synthApp, SynthPass } from './_synth';
import { kubernetesVersionProblem } from './k8s/versions';
import { CHANGE_RULES } from './plan/change';
import { planStorage } from './plan/plan';
import { ReportGraph, reportGraph, writeMarkdown } from './plan/report';
import { Finding, StoragePlan } from './plan/types';

/** Which findings fail the synth. */
export enum FailOn {
  /** Error findings only: what the API server rejects, claims that stay Pending, removed sources. */
  ERROR = 'error',
  /** Errors and warnings. */
  WARNING = 'warning',
}

/** Options of {@link StorageChecks.enable}. */
export interface StorageChecksOptions {
  /**
   * The cluster's default StorageClass, when it is not one of the app's objects.
   * @default - a StorageClass of the app annotated as default, else none
   */
  readonly defaultStorageClass?: string;
  /**
   * The Kubernetes minor the app is judged for, `1.27` to `1.36` (`1.30`, `v1.30.4` also read):
   * its schema, served API versions, volume plugins and feature gates.
   * @default DEFAULT_KUBERNETES_VERSION (the newest minor this release knows)
   */
  readonly kubernetesVersion?: string;
  /**
   * Rule ids silenced for the whole app (docs/rules.md lists them); one object silences a rule
   * with the annotation `ignore-check.cdk8s-volumes.io/<rule-id>: "<reason>"`. Silenced findings
   * are counted in the report, never dropped.
   * @default - none
   */
  readonly disableRules?: string[];
  /**
   * A folder with the manifests applied before (the last synth's output, say): the plan also
   * judges the update from them to this synth as an apply and a pruning GitOps tool perform it,
   * and the synth fails on what the API server would refuse or what would lose data.
   * @default - none
   */
  readonly previous?: string;
  /**
   * A git revision (`HEAD`, `origin/main`) whose committed output is the manifests applied before:
   * `previousGitPath` at that revision, read with git. Outside a git repository, or for an unknown
   * revision, the change plan is left out with a warning.
   * @default - none
   */
  readonly previousGitRevision?: string;
  /**
   * The folder (relative to the working folder) read at `previousGitRevision`.
   * @default - the app's outdir
   */
  readonly previousGitPath?: string;
  /**
   * A file or folder with what exists in the cluster, as `kubectl get storageclass,pv,pvc -A -o yaml`
   * prints it: not judged, but the app's claims bind against its classes, volumes and claims
   * (planStorage's `cluster` option). A file that cannot be read is an error finding.
   * @default - none: the plan sees only the app's objects
   */
  readonly cluster?: string;
  /**
   * File name (in the outdir) of the change report "What this change does to storage", written
   * when a previous version is given. It depends on the previous version, so keep it out of a
   * committed outdir (this repository git-ignores it); empty string for none.
   * @default 'storage-changes.md'
   */
  readonly changeReportFile?: string;
  /**
   * Which findings fail the synth.
   * @default FailOn.ERROR
   */
  readonly failOn?: FailOn;
  /**
   * File name of the Markdown report (binding table, findings, storage graph) written into
   * the app's outdir; empty string for none.
   * @default 'storage-plan.md'
   */
  readonly reportFile?: string;
  /**
   * Print warnings to stderr during synth.
   * @default true
   */
  readonly printWarnings?: boolean;
}

/**
 * Runs the storage plan over every chart of an app when the app synthesizes.
 *
 * `enable` replaces `app.synth()` with a one-pass synth that writes the same files as cdk8s's,
 * byte for byte (every `YamlOutputType`, construct metadata included), and plans the app in the
 * same pass: validated once, each object resolved once for the plan and the files, no YAML
 * written when the plan has an error finding.
 */
export class StorageChecks {
  /**
   * Enables the checks on `app`; returns the handle whose `plan` is set after synth. Enabled
   * again on the same app (other options), both run in the same synth, in order.
   */
  public static enable(app: App, options: StorageChecksOptions = {}): StorageChecks {
    if (options.kubernetesVersion !== undefined) {
      const problem = kubernetesVersionProblem(options.kubernetesVersion);
      if (problem) throw new Error(`StorageChecks: ${problem}`);
    }
    return new StorageChecks(app, options);
  }

  private _plan?: StoragePlan;

  private constructor(
    private readonly app: App,
    private readonly options: StorageChecksOptions,
  ) {
    // The plan runs once per synth, inside the one-pass synth of src/_synth.ts rather than as
    // a construct validation: cdk8s runs every validation once per chart (Chart.toJson
    // re-validates the whole app), which would plan an app of 50 charts 51 times. The pass
    // resolves each object once for both the plan and the YAML files.
    // Enabled twice on one app (two option sets, say), both run in the same pass.
    const enabled = checksOf.get(app);
    if (enabled) {
      enabled.push(this);
      return;
    }
    const all = [this];
    checksOf.set(app, all);
    app.synth = () =>
      synthApp(app, (pass) => {
        const reports = all.map((checks) => checks.check(pass));
        return () => reports.forEach((write) => write());
      });
  }

  /** The plan of the last synth. */
  public get plan(): StoragePlan | undefined {
    return this._plan;
  }

  /**
   * Plans every object of the app and prints warnings; throws on what fails (after writing the
   * report, which says why). Otherwise returns what writes the report once the YAML is written:
   * by then the objects' JSON is let go of, so the report does not add to the peak memory.
   */
  private check(pass: SynthPass): () => void {
    const { plan, graph } = planOf(pass, this.options, previousOf(this.app, this.options));
    this._plan = plan;
    const reportFile = this.options.reportFile ?? 'storage-plan.md';
    const changeFile = this.options.changeReportFile ?? 'storage-changes.md';
    const writeReport = () => {
      // The committed report is a function of the source alone: the changes, and the findings of
      // the change rules, go to their own file.
      const { changes, ...rest } = plan;
      if (reportFile) {
        const own = (f: Finding): boolean => !CHANGE_RULE_IDS.has(f.rule);
        const suppressed = rest.suppressed?.filter((x) => own(x.finding));
        const sourceOnly: StoragePlan = {
          claims: rest.claims,
          findings: rest.findings.filter(own),
          ...(suppressed && suppressed.length > 0 ? { suppressed } : {}),
        };
        writeInPieces(path.join(this.app.outdir, reportFile), (write) =>
          writeMarkdown(sourceOnly, graph, (line) => write(line + '\n')),
        );
      }
      if (changes && changeFile) {
        writeInPieces(path.join(this.app.outdir, changeFile), (write) =>
          writeMarkdown(plan, graph, (line) => write(line + '\n')),
        );
      }
    };
    const failing = (f: Finding) =>
      f.severity === 'error' || (f.severity === 'warning' && this.options.failOn === FailOn.WARNING);
    if (this.options.printWarnings ?? true) {
      for (const f of plan.findings) {
        if (f.severity === 'warning' && !failing(f)) process.stderr.write(`warning: ${formatFinding(f)}\n`);
      }
    }
    const errors = plan.findings.filter(failing).map((f) => `${f.severity}: ${formatFinding(f)}`);
    if (errors.length) {
      writeReport();
      throw new Error(`Storage plan failed with ${errors.length} finding(s):\n  ${errors.join('\n  ')}`);
    }
    return writeReport;
  }
}

/**
 * The plan and the report's graph, from every object's JSON. A function of its own, so the
 * manifests list is not held by the closure that writes the report later.
 */
function planOf(
  pass: SynthPass,
  options: StorageChecksOptions,
  previous: unknown[] | undefined,
): { plan: StoragePlan; graph: ReportGraph } {
  const manifests = pass.objects.map(pass.json);
  const live = options.cluster !== undefined ? clusterOf(options.cluster) : undefined;
  const planned = planStorage(manifests, {
    previous,
    defaultStorageClass: options.defaultStorageClass,
    kubernetesVersion: options.kubernetesVersion,
    disableRules: options.disableRules,
    ...(live ? { cluster: live.manifests } : {}),
  });
  // The cluster file's read findings (a file that cannot be read) are reported like the plan's.
  const plan =
    live && live.findings.length > 0
      ? { ...planned, findings: [...live.findings, ...planned.findings] }
      : planned;
  return { plan, graph: reportGraph(plan, manifests) };
}

/** What exists in the cluster, read from the options' file or folder. */
function clusterOf(file: string): { manifests: unknown[]; findings: Finding[] } {
  const { loadManifests } = require('./plan/load') as typeof import('./plan/load');
  const loaded = loadManifests([file]);
  return { manifests: loaded.manifests, findings: loaded.findings };
}

/**
 * The manifests applied before, from the options' folder or git revision; undefined when none is
 * given, or (with a warning) when git cannot give them: the change plan is then left out.
 */
function previousOf(app: App, options: StorageChecksOptions): unknown[] | undefined {
  if (options.previous !== undefined) {
    const { loadManifests } = require('./plan/load') as typeof import('./plan/load');
    return loadManifests([options.previous]).manifests;
  }
  if (options.previousGitRevision === undefined) return undefined;
  const { loadAtRevision } = require('./plan/load-git') as typeof import('./plan/load-git');
  const folder = options.previousGitPath ?? path.relative(process.cwd(), app.outdir);
  const loaded = loadAtRevision([folder || '.'], options.previousGitRevision);
  if (typeof loaded === 'string') {
    process.stderr.write(`warning: the change plan is left out: ${loaded}\n`);
    return undefined;
  }
  return loaded.manifests;
}

/** The rules of the change plan: their findings depend on the previous version, not on the source. */
const CHANGE_RULE_IDS: ReadonlySet<string> = new Set(CHANGE_RULES.map((r) => r.id));

/** The checks enabled on each app, in the order they were enabled. */
const checksOf = new WeakMap<App, StorageChecks[]>();

/** `Kind/ns/name spec.field: message [rule]` */
export function formatFinding(f: Finding): string {
  return `${f.object}${f.field ? ` ${f.field}` : ''}: ${f.message} [${f.rule}]`;
}
