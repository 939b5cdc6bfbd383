/**
 * (a) This library, as its users run it: the pattern constructs, and StorageChecks on with its
 * defaults: `app.synth()` becomes its one-pass synth (src/integrations/_synth.ts), in which the plan runs and
 * writes storage-plan.md beside the YAML (warnings on stderr).
 *
 * `checks: 'emulated'` began as a stop-gap for a StorageChecks that could not synthesize; it
 * now always does, and the mode stays for bench/run.js's checksCost: the bench does the checks'
 * work (every object's JSON, planStorage, the Markdown report, warnings, failing on errors) and
 * then cdk8s's own `App.synth()` runs, as `none` runs it without checks. bench/run.js still
 * falls back to it, and says so in RESULTS.md, if the real mode fails its preflight run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { StaticClaim } from '../../src/constructs/persistent/claim';
import {
  PersistentVolumeSource,
  StaticPersistentVolume,
} from '../../src/constructs/persistent/persistent-volume';
import { Provisioner, StorageClass } from '../../src/constructs/persistent/storage-class';
import { planStorage } from '../../src/plan/plan';
import { formatFinding, renderMarkdown } from '../../src/plan/report';
import { SharedEmptyDirPod } from '../../src/constructs/pod/shared-empty-dir-pod';
import { HostPathType } from '../../src/constructs/pod/volume';
import { StorageChecks } from '../../src/integrations/storage-checks';
import { charts, describeSet } from '../workload';

/** real: StorageChecks; emulated: its work done once by the bench; none: constructs only (for comparison). */
export type ChecksMode = 'real' | 'emulated' | 'none';

export function build(n: number, outdir: string, checks: ChecksMode = checksMode()): App {
  const app = new App({ outdir });
  if (checks === 'real') StorageChecks.enable(app);
  // An empty validation: StorageChecks once ran the plan as one; negligible, kept so earlier runs compare.
  else app.node.addValidation({ validate: () => [] });
  for (const c of charts(n)) {
    const chart = new Chart(app, c.id);
    for (const i of c.sets) {
      const d = describeSet(i);
      SharedEmptyDirPod.fortune(chart, d.pod.name, { name: d.pod.name });
      const v = d.volume;
      const volume = new StaticPersistentVolume(chart, v.name, {
        source: v.hostPath
          ? PersistentVolumeSource.hostPath(v.hostPath.path, HostPathType.DIRECTORY)
          : PersistentVolumeSource.nfs(v.nfs!.server, v.nfs!.path),
        capacity: v.capacity,
      });
      new StaticClaim(chart, d.claim.name, {
        namespace: d.claim.namespace,
        storage: d.claim.storage,
        volume,
      });
      new StorageClass(chart, d.storageClass.name, { provisioner: Provisioner.local() });
    }
  }
  if (checks === 'emulated') {
    const synth = app.synth.bind(app);
    app.synth = () => {
      emulateStorageChecks(app);
      synth();
    };
  }
  return app;
}

export function run(n: number, outdir: string, checks: ChecksMode = checksMode()): void {
  build(n, outdir, checks).synth();
}

/** BENCH_OURS_CHECKS, set by the harness; the real StorageChecks by default. */
export function checksMode(): ChecksMode {
  const mode = process.env.BENCH_OURS_CHECKS;
  return mode === 'emulated' || mode === 'none' ? mode : 'real';
}

/** Whether the real StorageChecks synthesizes a tiny app; the error message if not. */
export function checksWork(outdir: string): string | undefined {
  try {
    run(2, outdir, 'real');
    return undefined;
  } catch (e) {
    return String((e as Error)?.message ?? e).split('\n')[0];
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** What StorageChecks does with its default options, before cdk8s's own synth instead of in its own. */
function emulateStorageChecks(app: App): void {
  const manifests = app.node
    .findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject)
    .map((o) => o.toJson());
  const plan = planStorage(manifests, {});
  fs.mkdirSync(app.outdir, { recursive: true });
  fs.writeFileSync(path.join(app.outdir, 'storage-plan.md'), renderMarkdown(plan, manifests));
  for (const f of plan.findings)
    if (f.severity === 'warning') process.stderr.write(`warning: ${formatFinding(f)}\n`);
  const errors = plan.findings.filter((f) => f.severity === 'error');
  if (errors.length) throw new Error(`storage plan errors:\n  ${errors.map(formatFinding).join('\n  ')}`);
}
