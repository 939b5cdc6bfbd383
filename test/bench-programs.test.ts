/**
 * The benchmark's programs still write the same objects, so the ratios `npm run bench` records
 * compare like with like. Speed itself is measured only in the harness (bench/), as ratios in
 * one run: a timed assertion here would fail on a busy machine and prove nothing on a quiet one.
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

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-regression-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

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
