/**
 * The L1 program (./l1.ts) with this library's StorageChecks on: the same synth and plan as
 * ours, over the smallest construct tree. Not one of the four compared programs: bench/run.js's
 * memory section sets its peak RSS beside ours', to show how much of ours' peak the pattern
 * constructs account for and how much the synth and plan do.
 */
import { App } from 'cdk8s';
import { StorageChecks } from '../../src/integrations/storage-checks';
import * as l1 from './l1';

export function build(n: number, outdir: string): App {
  const app = l1.build(n, outdir);
  StorageChecks.enable(app);
  return app;
}

export function run(n: number, outdir: string): void {
  build(n, outdir).synth();
}
