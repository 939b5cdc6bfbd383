/**
 * A cheap guard on the benchmark's headline, for `npm test`: ours (the constructs with
 * StorageChecks) stays within a wide factor of the bare L1 classes (through cdk8s's App.synth),
 * in-process, at N=200. Ratios
 * only, never absolute times, so a slow or busy CI machine does not fail it; the real figures
 * come from `npm run bench`. It also checks that the bench programs still write the same objects.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as floor from '../bench/programs/floor';
import * as l1 from '../bench/programs/l1';
import * as ours from '../bench/programs/ours';

const { checkEquivalent } = require('../bench/equivalence') as {
  checkEquivalent: (dirs: Record<string, string>) => { objects: number };
};

const N = 200;
const REPS = 5;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-regression-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** CPU seconds (user + system) of one in-process run: other load on the machine inflates wall time, not this. */
function timeRun(run: (n: number, outdir: string) => void, name: string): number {
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  const before = process.cpuUsage();
  run(N, dir);
  const used = process.cpuUsage(before);
  fs.rmSync(dir, { recursive: true, force: true });
  return (used.user + used.system) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

test('the bench programs write the same objects', () => {
  const dirs = {
    ours: path.join(tmp, 'eq-ours'),
    l1: path.join(tmp, 'eq-l1'),
    floor: path.join(tmp, 'eq-floor'),
  };
  for (const [name, program] of [
    ['ours', ours],
    ['l1', l1],
    ['floor', floor],
  ] as const)
    program.run(20, dirs[name]);
  expect(checkEquivalent(dirs).objects).toBe(4 * 20);
});

// Measured about 0.75x since StorageChecks synthesizes in one pass with its own YAML writer (it
// was about 2x through cdk8s's App.synth): 1.5x leaves a wide margin and still catches a fall
// back to cdk8s's per-chart passes and the \`yaml\` package.
test(`ours at N=${N} costs no more than 1.5x the L1 classes (in-process CPU time, median of ${REPS})`, () => {
  // Warm both (module loading, JIT) before timing; then alternate so drift hits both alike.
  timeRun(ours.run, 'warm-ours');
  timeRun(l1.run, 'warm-l1');
  const times: { ours: number[]; l1: number[] } = { ours: [], l1: [] };
  for (let i = 0; i < REPS; i++) {
    times.ours.push(timeRun(ours.run, 'ours'));
    times.l1.push(timeRun(l1.run, 'l1'));
  }
  const ratio = median(times.ours) / median(times.l1);
  if (process.env.BENCH_VERBOSE) console.log(`ours / l1 at N=${N}: ${ratio.toFixed(2)}x`, times);
  expect(ratio).toBeLessThan(1.5);
}, 120_000);
