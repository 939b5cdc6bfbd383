/**
 * The storage plan as a cdk8s-cli validation plugin: any cdk8s app lists it under `validations:`
 * in its cdk8s.yaml and `cdk8s synth` fails when a claim will stay Pending or the API server will
 * reject a storage object.
 *
 * cdk8s-cli requires the `package` module, calls `new <class>(properties)` and then
 * `validate(context)`; the context lists the synthesized manifest files and collects the report.
 * The types below restate the part of cdk8s-cli's plugin interface this class uses, so that the
 * library needs cdk8s-cli neither at run time nor in its published type declarations.
 */
import * as path from 'path';
import { kubernetesVersionProblem } from '../k8s/versions';
import { FAIL_ON_VALUES, FailOn, parseFailOn } from '../plan/report';
import { Finding } from '../plan/types';

/** The `properties` of the plugin entry in cdk8s.yaml. */
export interface StorageValidationProps {
  /**
   * The name of the cluster's default StorageClass, when the app does not define one annotated
   * `storageclass.kubernetes.io/is-default-class: "true"`.
   * @default - the annotated class among the manifests, else no default class
   */
  readonly defaultStorageClass?: string;
  /**
   * The Kubernetes minor the manifests are judged for, `1.27` to `1.36` (write it quoted in
   * cdk8s.yaml, `"1.30"`: YAML reads 1.30 unquoted as the number 1.3).
   * @default DEFAULT_KUBERNETES_VERSION (the newest minor this release knows)
   */
  readonly kubernetesVersion?: string;
  /**
   * Rule ids silenced for the whole app (docs/rules.md lists them); one object silences a rule
   * with the annotation `ignore-check.cdk8s-volumes.io/<rule-id>: "<reason>"`.
   * @default - none
   */
  readonly disableRules?: string[];
  /**
   * A folder (relative to where cdk8s runs) with the manifests applied before: the plan also
   * judges the update from them to this synth (what the API server refuses, what loses data).
   * @default - none
   */
  readonly previous?: string;
  /**
   * A git revision (`HEAD`, `origin/main`) whose committed output is the manifests applied before:
   * `previousGitPath` at that revision (not with `previous`). Outside a git repository, or for a
   * revision git cannot give (a shallow CI checkout), the change plan is left out, with a note on
   * stderr; a file there that cannot be parsed is an error finding "previous version: ...".
   * @default - none
   */
  readonly previousGitRevision?: string;
  /**
   * The folder read at `previousGitRevision`, relative to where cdk8s runs.
   * @default 'dist'
   */
  readonly previousGitPath?: string;
  /**
   * A file or folder (relative to where cdk8s runs) with what exists in the cluster, as
   * `kubectl get storageclass,pv,pvc -A -o yaml` prints it: not judged, but the claims bind against
   * its classes, volumes and claims. A file that cannot be read is an error finding.
   * @default - none: the plan sees only the synthesized manifests
   */
  readonly cluster?: string;
  /**
   * Which findings fail the validation: `error`, `warning` (errors and warnings) or `never`
   * (report only). The CLI's `--fail-on` and StorageChecks' `failOn` take the same values and
   * fail on the same findings.
   * @default FailOn.ERROR
   */
  readonly failOn?: FailOn;
  /**
   * Also list `info` findings (such as Pod Security levels) as violations. They never fail it.
   * @default false
   */
  readonly reportInfo?: boolean;
}

/** A resource in a violation (cdk8s-cli `ValidationViolatingResource`). */
export interface StorageViolatingResource {
  /** `metadata.name`: cdk8s-cli looks the construct path up by it. */
  readonly resourceName: string;
  /** Where in the resource: the finding's object and field (`PersistentVolumeClaim/shop/data spec.volumeName`). */
  readonly locations: string[];
  /** The manifest file the resource was read from. */
  readonly manifestPath: string;
}

/** A violation (cdk8s-cli `ValidationViolation`). */
export interface StorageViolation {
  /** The finding's rule and severity: `claim-pending (error)`. */
  readonly ruleName: string;
  /** The finding's message: what is wrong and why. */
  readonly recommendation: string;
  /** What to change. */
  readonly fix: string;
  /** The resource the finding is about. */
  readonly violatingResources: StorageViolatingResource[];
}

/** The report of a validation context (cdk8s-cli `ValidationReport`). */
export interface IStorageValidationReport {
  /** Adds one violation to the report. */
  addViolation(violation: StorageViolation): void;
  /** Ends the report: `status` is `success` or `failure`; `metadata` is shown with it. */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/** What cdk8s-cli hands a validation plugin (cdk8s-cli `ValidationContext`). */
export interface IStorageValidationContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: string[];
  /** Where the plugin adds its violations and submits its status. */
  readonly report: IStorageValidationReport;
}

/**
 * cdk8s-cli validation plugin running the storage plan over the synthesized manifests.
 * One violation per finding; the report fails on any error finding (or warning, with
 * `failOn: warning`; never, with `failOn: never`). Suppressed findings are counted in its metadata.
 */
export class StorageValidation {
  private readonly defaultStorageClass?: string;
  private readonly kubernetesVersion?: string;
  private readonly disableRules?: string[];
  private readonly previous?: string;
  private readonly previousGitRevision?: string;
  private readonly previousGitPath: string;
  private readonly cluster?: string;
  private readonly failOn: FailOn;
  private readonly reportInfo: boolean;

  constructor(props: StorageValidationProps = {}) {
    // cdk8s.yaml is untyped YAML: check here, so a typo fails the synth with a clear message
    // instead of silently validating less.
    const failOn = props.failOn === undefined ? FailOn.ERROR : parseFailOn(props.failOn);
    if (failOn === undefined) {
      throw new Error(
        `StorageValidation: properties.failOn is ${JSON.stringify(props.failOn)}; expected one of ${FAIL_ON_VALUES.map((v) => JSON.stringify(v)).join(', ')}`,
      );
    }
    const dsc = props.defaultStorageClass;
    // "" says the cluster has no default class (as planStorage's option does).
    if (dsc !== undefined && typeof dsc !== 'string') {
      throw new Error(
        `StorageValidation: properties.defaultStorageClass is ${JSON.stringify(dsc)}; expected a StorageClass name, or "" for none`,
      );
    }
    if (props.kubernetesVersion !== undefined) {
      const problem = kubernetesVersionProblem(props.kubernetesVersion);
      if (problem) throw new Error(`StorageValidation: properties.${problem}`);
    }
    if (
      props.disableRules !== undefined &&
      !(Array.isArray(props.disableRules) && props.disableRules.every((r) => typeof r === 'string'))
    ) {
      throw new Error(
        `StorageValidation: properties.disableRules is ${JSON.stringify(props.disableRules)}; expected a list of rule ids`,
      );
    }
    for (const key of ['previous', 'previousGitRevision', 'previousGitPath', 'cluster'] as const) {
      const v = props[key];
      if (v !== undefined && (typeof v !== 'string' || v === '')) {
        throw new Error(
          `StorageValidation: properties.${key} is ${JSON.stringify(v)}; expected a non-empty string`,
        );
      }
    }
    // Two previous versions would be one silently ignored: the CLI refuses --previous with
    // --previous-git too.
    if (props.previous !== undefined && props.previousGitRevision !== undefined) {
      throw new Error(
        'StorageValidation: properties.previous and properties.previousGitRevision are both set; give one of them',
      );
    }
    if (props.reportInfo !== undefined && typeof props.reportInfo !== 'boolean') {
      throw new Error(
        `StorageValidation: properties.reportInfo is ${JSON.stringify(props.reportInfo)}; expected true or false`,
      );
    }
    this.defaultStorageClass = dsc;
    this.kubernetesVersion = props.kubernetesVersion;
    this.disableRules = props.disableRules;
    this.previous = props.previous;
    this.previousGitRevision = props.previousGitRevision;
    this.previousGitPath = props.previousGitPath ?? 'dist';
    this.cluster = props.cluster;
    this.failOn = failOn;
    this.reportInfo = props.reportInfo ?? false;
  }

  /**
   * The manifests applied before, from the `previous` folder or git revision, if given, and the
   * findings of what of them cannot be read ("previous version: ...", never a crash).
   */
  private previousManifests(): { manifests?: unknown[]; findings: Finding[] } {
    const { previousVersion } = require('../plan/load-git') as typeof import('../plan/load-git');
    return previousVersion(
      {
        previous: this.previous,
        revision: this.previousGitRevision,
        folder: this.previousGitPath,
        option: 'properties.previousGitRevision',
      },
      (note) => process.stderr.write(`StorageValidation: ${note}\n`),
    );
  }

  /**
   * Called by cdk8s-cli after synth: plans the manifest files of `context`, adds one violation
   * per finding (info findings only with `reportInfo`) and submits `failure` if a finding is at
   * or above `failOn`, else `success`.
   */
  public async validate(context: IStorageValidationContext): Promise<void> {
    const { loadManifests } = require('../plan/load') as typeof import('../plan/load');
    const { planStorage } = require('../plan/plan') as typeof import('../plan/plan');
    const { summarizePlan, failsAt } = require('../plan/report') as typeof import('../plan/report');
    const { refOf, nameOf } = require('../plan/_manifest') as typeof import('../plan/_manifest');

    const manifests: unknown[] = [];
    const findings: Finding[] = [];
    // Where each object (and each unreadable file) came from, so a violation names its manifest
    // file and cdk8s-cli can add the construct path, which it looks up by metadata.name.
    const sources = new Map<string, Source>();
    for (const file of context.manifests) {
      const loaded = loadManifests([file]);
      for (const m of loaded.manifests) {
        if (!sources.has(refOf(m))) sources.set(refOf(m), { file, name: nameOf(m) });
      }
      for (const f of loaded.findings) sources.set(f.object, { file, name: path.basename(file) });
      // Appended one by one: spreading 100 000+ items into push() overflows the call stack.
      for (const m of loaded.manifests) manifests.push(m);
      for (const f of loaded.findings) findings.push(f);
    }
    let cluster: unknown[] | undefined;
    if (this.cluster !== undefined) {
      const live = loadManifests([this.cluster]);
      cluster = live.manifests;
      // Said to be of the cluster objects, as the CLI and StorageChecks say it.
      for (const f of live.findings) {
        sources.set(f.object, { file: this.cluster, name: path.basename(this.cluster) });
        findings.push({ ...f, message: `cluster objects: ${f.message}` });
      }
    }
    const before = this.previousManifests();
    for (const f of before.findings) {
      const file = f.file ?? this.previous ?? this.previousGitPath;
      sources.set(f.object, { file, name: path.basename(file) });
      findings.push(f);
    }
    const plan = planStorage(manifests, {
      defaultStorageClass: this.defaultStorageClass,
      kubernetesVersion: this.kubernetesVersion,
      disableRules: this.disableRules,
      previous: before.manifests,
      ...(cluster ? { cluster } : {}),
    });
    for (const f of plan.findings) findings.push(f);

    let failed = false;
    for (const f of findings) {
      if (failsAt(f.severity, this.failOn)) failed = true;
      if (f.severity === 'info' && !this.reportInfo) continue;
      const source = sources.get(f.object);
      context.report.addViolation({
        ruleName: `${f.rule} (${f.severity})`,
        recommendation: f.message,
        fix: fix(f),
        violatingResources: [
          {
            resourceName: source?.name ?? f.object,
            locations: [f.field ? `${f.object} ${f.field}` : f.object],
            manifestPath: source?.file ?? '-',
          },
        ],
      });
    }
    // Suppressed findings are counted, never silently dropped.
    const s = summarizePlan({ claims: plan.claims, findings, suppressed: plan.suppressed });
    context.report.submit(failed ? 'failure' : 'success', {
      claims: `${s.claims} (${s.bound} bound, ${s.provisioned} provisioned, ${s.waiting} waiting, ${s.pending} pending)`,
      findings: `${s.errors} errors, ${s.warnings} warnings, ${s.info} info, ${s.suppressed} suppressed`,
      failOn: this.failOn,
    });
  }
}

interface Source {
  readonly file: string;
  readonly name: string;
}

function fix(f: Finding): string {
  if (f.object.startsWith('file:')) return 'Make the manifest file readable and valid YAML.';
  const where = f.field ? `${f.field} of ${f.object}` : f.object;
  return `Change ${where}; run \`npx cdk8s-volumes plan <output dir>\` to see the whole storage plan.`;
}
