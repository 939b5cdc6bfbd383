import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import {
  AccessMode,
  DynamicClaim,
  FailOn,
  HostPathType,
  PersistentVolumeSource,
  StaticClaim,
  StaticPersistentVolume,
  StorageChecks,
} from '../src';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'storage-checks-'));

/** A volume and a claim; `request` decides whether the claim fits. */
function app(outdir: string, request: string, options = {}) {
  const a = new App({ outdir });
  const checks = StorageChecks.enable(a, options);
  const chart = new Chart(a, 'storage', { disableResourceNameHashes: true });
  new StaticPersistentVolume(chart, 'pv', {
    name: 'pv-data',
    capacity: '1G',
    accessModes: [AccessMode.READ_WRITE_ONCE],
    source: PersistentVolumeSource.hostPath('/data', HostPathType.DIRECTORY),
  });
  new StaticClaim(chart, 'claim', {
    name: 'data',
    storage: request,
    accessModes: [AccessMode.READ_WRITE_ONCE],
  });
  return { app: a, checks };
}

let stderr: jest.SpyInstance;
beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

test('defaults: the plan runs at synth, the report is written beside the YAML', () => {
  const outdir = tmp();
  const { app: a, checks } = app(outdir, '1G');
  expect(checks.plan).toBeUndefined();
  a.synth();
  expect(checks.plan?.claims).toEqual([
    expect.objectContaining({ name: 'data', outcome: 'bound', volume: 'pv-data' }),
  ]);
  expect(fs.readdirSync(outdir).sort()).toEqual(['storage-plan.md', 'storage.k8s.yaml']);
  expect(fs.readFileSync(path.join(outdir, 'storage-plan.md'), 'utf-8')).toMatch(
    /\| default \| data \| bound \|/,
  );
});

test('an error finding fails the synth, listed, before any YAML is written', () => {
  const outdir = tmp();
  const toJson = ApiObject.prototype.toJson;
  const { app: a } = app(outdir, '1Gi'); // 1Gi > 1G: stays Pending
  expect(() => a.synth()).toThrow(
    /^Storage plan failed with 1 finding\(s\):\n {2}error: PersistentVolumeClaim\/default\/data .*1G = 1,000,000,000 bytes is smaller than the request 1Gi = 1,073,741,824 bytes.*\[claim-pending\]/s,
  );
  expect(fs.existsSync(path.join(outdir, 'storage.k8s.yaml'))).toBe(false);
  // The resolve cache is gone with the synth, error or not.
  expect(ApiObject.prototype.toJson).toBe(toJson);
});

test('every object is resolved once per synth, shared by the plan and the files', () => {
  const outdir = tmp();
  const { app: a } = app(outdir, '1G');
  const original = ApiObject.prototype.toJson;
  const calls = new Map<unknown, number>();
  ApiObject.prototype.toJson = function (this: ApiObject) {
    calls.set(this, (calls.get(this) ?? 0) + 1);
    return original.call(this);
  };
  try {
    a.synth();
  } finally {
    ApiObject.prototype.toJson = original;
  }
  expect([...calls.values()]).toEqual([1, 1]);
});

test('warnings are printed; failOn WARNING makes them fail; reportFile "" writes no report', () => {
  // An unused claim of a class not among the manifests: a warning (the class may exist in the cluster).
  const build = (options: object) => {
    const outdir = tmp();
    const a = new App({ outdir });
    StorageChecks.enable(a, { reportFile: '', ...options });
    const chart = new Chart(a, 'c', { disableResourceNameHashes: true });
    new DynamicClaim(chart, 'claim', { name: 'data', storage: '1Gi', storageClassName: 'elsewhere' });
    return { a, outdir };
  };
  const warned = build({});
  warned.a.synth();
  expect(stderr).toHaveBeenCalledWith(
    expect.stringMatching(/^warning: PersistentVolumeClaim\/default\/data/),
  );
  expect(fs.readdirSync(warned.outdir)).toEqual(['c.k8s.yaml']);

  stderr.mockClear();
  const quiet = build({ printWarnings: false });
  quiet.a.synth();
  expect(stderr).not.toHaveBeenCalled();

  const strict = build({ failOn: FailOn.WARNING });
  expect(() => strict.a.synth()).toThrow(/^Storage plan failed with \d+ finding\(s\):\n {2}warning: /);
});

test('enabled twice on one app: both run in the one synth, each with its options', () => {
  const outdir = tmp();
  const { app: a, checks: first } = app(outdir, '1G');
  const second = StorageChecks.enable(a, { reportFile: 'second-plan.md', failOn: FailOn.WARNING });
  a.synth();
  expect(first.plan?.claims[0]).toMatchObject({ name: 'data', outcome: 'bound' });
  expect(second.plan).toEqual(first.plan);
  expect(fs.readdirSync(outdir).sort()).toEqual(['second-plan.md', 'storage-plan.md', 'storage.k8s.yaml']);

  const failing = app(tmp(), '1Gi');
  const strict = StorageChecks.enable(failing.app, { reportFile: '' });
  expect(() => failing.app.synth()).toThrow(/^Storage plan failed with 1 finding/);
  expect(failing.checks.plan).toBeDefined();
  expect(strict.plan).toBeUndefined(); // the first failed the synth before the second ran
});
