/**
 * The storage plan at synth time: `StorageChecks.enable(app)` makes `app.synth()` fail with
 * every error finding listed, print the warnings, and write the plan report beside the YAML.
 * The checks themselves live in src/plan/; this file only wires them into a cdk8s App.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { planStorage } from './plan/plan';
import { renderMarkdown } from './plan/report';
import { Finding, StoragePlan } from './plan/types';

/** Which findings fail the synth. */
export enum FailOn {
  /** Error findings only: what the API server rejects, claims that stay Pending, removed sources. */
  ERROR = 'error',
  /** Errors and warnings. */
  WARNING = 'warning',
}

export interface StorageChecksOptions {
  /**
   * The cluster's default StorageClass, when it is not one of the app's objects.
   * @default - a StorageClass of the app annotated as default, else none
   */
  readonly defaultStorageClass?: string;
  /**
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

/** Runs the storage plan over every chart of an app when the app synthesizes. */
export class StorageChecks {
  /** Enables the checks on `app`; returns the handle whose `plan` is set after synth. */
  public static enable(app: App, options: StorageChecksOptions = {}): StorageChecks {
    return new StorageChecks(app, options);
  }

  private _plan?: StoragePlan;
  private last?: { objects: number; errors: string[] };

  private constructor(
    private readonly app: App,
    private readonly options: StorageChecksOptions,
  ) {
    app.node.addValidation({ validate: () => this.run() });
  }

  /** The plan of the last synth. */
  public get plan(): StoragePlan | undefined {
    return this._plan;
  }

  private run(): string[] {
    // cdk8s validates the whole app once per chart during synth: plan once per state of the tree.
    const constructs = this.app.node.findAll();
    if (this.last?.objects === constructs.length) return this.last.errors;
    // ApiObject.toJson directly: chart.toJson() would run the app's validations again (this one
    // included) and recurse. The plan does not need cdk8s's dependency order.
    const manifests = constructs.filter(ApiObject.isApiObject).map((o) => o.toJson());
    const plan = planStorage(manifests, { defaultStorageClass: this.options.defaultStorageClass });
    this._plan = plan;
    const reportFile = this.options.reportFile ?? 'storage-plan.md';
    if (reportFile) {
      fs.mkdirSync(this.app.outdir, { recursive: true });
      fs.writeFileSync(path.join(this.app.outdir, reportFile), renderMarkdown(plan, manifests));
    }
    const failing = (f: Finding) =>
      f.severity === 'error' || (f.severity === 'warning' && this.options.failOn === FailOn.WARNING);
    if (this.options.printWarnings ?? true) {
      for (const f of plan.findings) {
        if (f.severity === 'warning' && !failing(f)) process.stderr.write(`warning: ${formatFinding(f)}\n`);
      }
    }
    const errors = plan.findings
      .filter(failing)
      .map((f) => `storage plan ${f.severity}: ${formatFinding(f)}`);
    this.last = { objects: constructs.length, errors };
    return errors;
  }
}

/** `Kind/ns/name spec.field: message [rule]` */
export function formatFinding(f: Finding): string {
  return `${f.object}${f.field ? ` ${f.field}` : ''}: ${f.message} [${f.rule}]`;
}
