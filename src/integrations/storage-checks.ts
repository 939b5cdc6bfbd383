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
import { kubernetesVersionProblem } from '../k8s/versions';
import { CHANGE_RULES } from '../plan/change';
import { planStorage } from '../plan/plan';
import {
  formatFinding,
  FAIL_ON_VALUES,
  FailOn,
  failsAt,
  parseFailOn,
  ReportGraph,
  reportGraph,
  writeMarkdown,
} from '../plan/report';
import { Finding, StoragePlan } from '../plan/types';
import type { StoragePlan as PublicStoragePlan } from '../plan/results';

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
   * `previousGitPath` at that revision, read with git (not with `previous`). Outside a git
   * repository, or for a revision git cannot give (a shallow CI checkout), there is no previous
   * version: the change plan is left out, with a note on stderr; a folder missing at the revision
   * is planned as created, with a note too. A file there that cannot be parsed is an error
   * finding "previous version: ...".
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
   * Which findings fail the synth: errors, errors and warnings, or none (the findings are then
   * printed and written to the report only). The CLI's `--fail-on` and the validation plugin's
   * `failOn` take the same values and fail on the same findings.
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
    // From JavaScript (or JSON-read options) a typo would otherwise fail on errors only, silently.
    if (options.failOn !== undefined && parseFailOn(options.failOn) === undefined) {
      throw new Error(
        `StorageChecks: failOn is ${JSON.stringify(options.failOn)}; expected one of ${FAIL_ON_VALUES.map((v) => JSON.stringify(v)).join(', ')}`,
      );
    }
    // Two previous versions would be one silently ignored: the CLI refuses --previous with --previous-git too.
    if (options.previous !== undefined && options.previousGitRevision !== undefined) {
      throw new Error('StorageChecks: previous and previousGitRevision are both set; give one of them');
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
  public get plan(): PublicStoragePlan | undefined {
    // The same object, typed with the public enums (src/plan/results.ts) whose values it holds.
    return this._plan as PublicStoragePlan | undefined;
  }

  /**
   * Plans every object of the app and prints warnings; throws on what fails (after writing the
   * report, which says why). Otherwise returns what writes the report once the YAML is written:
   * by then the objects' JSON is let go of, so the report does not add to the peak memory.
   */
  private check(pass: SynthPass): () => void {
    const { plan, graph } = planOf(pass, this.options, previousOf(this.app, this.options));
    const failOn = this.options.failOn ?? FailOn.ERROR;
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
    // The threshold the CLI and the validation plugin use: the three never disagree on what fails.
    const failing = (f: Finding) => failsAt(f.severity, failOn);
    if (this.options.printWarnings ?? true) {
      for (const f of plan.findings) {
        if (f.severity !== 'info' && !failing(f))
          process.stderr.write(`${f.severity}: ${formatFinding(f)}\n`);
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
  before: { manifests?: unknown[]; findings: Finding[] },
): { plan: StoragePlan; graph: ReportGraph } {
  const manifests = pass.objects.map(pass.json);
  const live = options.cluster !== undefined ? clusterOf(options.cluster) : undefined;
  const planned = planStorage(manifests, {
    previous: before.manifests,
    defaultStorageClass: options.defaultStorageClass,
    kubernetesVersion: options.kubernetesVersion,
    disableRules: options.disableRules,
    ...(live ? { cluster: live.manifests } : {}),
  });
  // The read findings of the cluster file and the previous version (a file that cannot be read)
  // are reported like the plan's.
  const read = [...(live?.findings ?? []), ...before.findings];
  const plan = read.length > 0 ? { ...planned, findings: [...read, ...planned.findings] } : planned;
  return { plan, graph: reportGraph(plan, manifests) };
}

/** What exists in the cluster, read from the options' file or folder. */
function clusterOf(file: string): { manifests: unknown[]; findings: Finding[] } {
  const { loadManifests } = require('../plan/load') as typeof import('../plan/load');
  const loaded = loadManifests([file]);
  return {
    manifests: loaded.manifests,
    findings: loaded.findings.map((f) => ({ ...f, message: `cluster objects: ${f.message}` })),
  };
}

/**
 * The manifests applied before, from the options' folder or git revision (manifests undefined
 * when none is given, or, with a note, when git cannot give them: the change plan is then left
 * out), and the findings of what of them cannot be read, as the CLI reads them.
 */
function previousOf(app: App, options: StorageChecksOptions): { manifests?: unknown[]; findings: Finding[] } {
  const { previousVersion } = require('../plan/load-git') as typeof import('../plan/load-git');
  return previousVersion(
    {
      previous: options.previous,
      revision: options.previousGitRevision,
      folder: options.previousGitPath ?? path.relative(process.cwd(), app.outdir),
      option: 'previousGitRevision',
    },
    (note) => process.stderr.write(`note: ${note}\n`),
  );
}

/** The rules of the change plan: their findings depend on the previous version, not on the source. */
const CHANGE_RULE_IDS: ReadonlySet<string> = new Set(CHANGE_RULES.map((r) => r.id));

/** The checks enabled on each app, in the order they were enabled. */
const checksOf = new WeakMap<App, StorageChecks[]>();
