import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import { Chart, Testing } from 'cdk8s';
import * as kplus27 from 'cdk8s-plus-27';
import * as kplus34 from 'cdk8s-plus-34';
import { planStorage } from '../../../src/plan/plan';
import {
  choosePlusPackage,
  declaredPlusPackages,
  installedPlusPackages,
} from '../../../src/constructs/persistent/_plus';
import { DynamicClaim } from '../../../src/constructs/persistent/dynamic-claim';
import { AccessMode } from '../../../src/constructs/persistent/modes';
import { CdkPlus } from '../../../src/constructs/persistent/plus';
import { expectSchemaValid } from '../../_schema';

const setup = () => new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });

// cdk8s-plus forces non-root and a read-only root filesystem; nginx:alpine needs neither.
const container = {
  image: 'nginx:alpine',
  portNumber: 80,
  securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
};

// The two lines CI installs: the oldest supported and the newest on the registry. The app code
// is the same for both, and type-checks with no cast (toPlusVolume returns the app's Volume).
describe.each([
  ['cdk8s-plus-27', kplus27 as unknown as typeof kplus34],
  ['cdk8s-plus-34', kplus34],
])('%s: a Deployment and a StatefulSet mount a claim', (plusPackage, kplus) => {
  test('the Volume is of that package; synth and plan with no error', () => {
    const chart = setup();
    const web = new DynamicClaim(chart, 'web-data', {
      storage: '1Gi',
      storageClassName: 'standard',
      accessModes: [AccessMode.READ_WRITE_MANY],
    });
    const volume = web.toPlusVolume(chart, { plusPackage });
    expect(volume).toBeInstanceOf(kplus.Volume);
    expect(web.toPlusVolume(chart, { plusPackage })).toBe(volume); // same scope, options, line: same Volume
    const deployment = new kplus.Deployment(chart, 'web', { replicas: 2, containers: [container] });
    deployment.containers[0].mount('/usr/share/nginx/html', web.toPlusVolume(chart, { plusPackage }));

    const db = new DynamicClaim(chart, 'db-data', { storage: '5Gi', storageClassName: 'standard' });
    const sts = new kplus.StatefulSet(chart, 'db', { replicas: 1, containers: [container] });
    sts.containers[0].mount('/var/lib/data', db.toPlusVolume(sts, { plusPackage, readOnly: true }));

    const manifests = Testing.synth(chart);
    expectSchemaValid(manifests);
    const spec = (kind: string) => manifests.find((m) => m.kind === kind).spec.template.spec;
    expect(spec('Deployment').volumes).toEqual([
      { name: 'pvc-web-data', persistentVolumeClaim: { claimName: 'web-data', readOnly: false } },
    ]);
    expect(spec('Deployment').containers[0].volumeMounts).toEqual([
      { mountPath: '/usr/share/nginx/html', name: 'pvc-web-data' },
    ]);
    expect(spec('StatefulSet').volumes).toEqual([
      { name: 'pvc-db-data', persistentVolumeClaim: { claimName: 'db-data', readOnly: true } },
    ]);
    expect(spec('StatefulSet').containers[0].volumeMounts).toEqual([
      { mountPath: '/var/lib/data', name: 'pvc-db-data' },
    ]);
    const plan = planStorage(manifests, { kubernetesVersion: '1.30' });
    expect(plan.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

// cdk8s-plus-34's own method, before toPlusVolume loads the line (and patches it) in any test below.
const original34 = (kplus34.StatefulSet.prototype as any)._filterPodSpecVolumes;

// The upstream bug toPlusVolume works around (cdk8s-team/cdk8s#2760): cdk8s-plus-34 emits a
// StatefulSet's mount without its volume when the StatefulSet has no claim templates. Loading the
// line patches its StatefulSet class once, so any scope works; -27 has no such bug nor method.
describe.each([
  ['cdk8s-plus-27', kplus27 as unknown as typeof kplus34],
  ['cdk8s-plus-34', kplus34],
])('%s StatefulSet, Volume not scoped to it', (plusPackage, kplus) => {
  test('the pod keeps the volume its container mounts; the plan has no error', () => {
    const chart = setup();
    const db = new DynamicClaim(chart, 'db-data', { storage: '5Gi', storageClassName: 'standard' });
    const sts = new kplus.StatefulSet(chart, 'db', { containers: [container] });
    sts.containers[0].mount('/var/lib/data', db.toPlusVolume(undefined, { plusPackage }));
    const manifests = Testing.synth(chart);
    expectSchemaValid(manifests);
    const spec = manifests.find((m) => m.kind === 'StatefulSet').spec.template.spec;
    expect(spec.volumes).toEqual([
      { name: 'pvc-db-data', persistentVolumeClaim: { claimName: 'db-data', readOnly: false } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/var/lib/data', name: 'pvc-db-data' }]);
    const errors = planStorage(manifests, { kubernetesVersion: '1.30' }).findings.filter(
      (f) => f.severity === 'error',
    );
    expect(errors).toEqual([]);
  });
});

test('the patch is made once, on the affected line only, and keeps the claim-template filter', () => {
  const chart = setup();
  const claim = new DynamicClaim(chart, 'data', { storage: '1Gi', storageClassName: 'standard' });
  claim.toPlusVolume(chart, { plusPackage: 'cdk8s-plus-34' });
  const patched = (kplus34.StatefulSet.prototype as any)._filterPodSpecVolumes;
  expect(typeof original34).toBe('function');
  expect(patched).not.toBe(original34);
  claim.toPlusVolume(chart, { plusPackage: 'cdk8s-plus-34', volumeName: 'again' });
  expect((kplus34.StatefulSet.prototype as any)._filterPodSpecVolumes).toBe(patched); // idempotent
  claim.toPlusVolume(chart, { plusPackage: 'cdk8s-plus-27', volumeName: 'old' });
  expect((kplus27.StatefulSet.prototype as any)._filterPodSpecVolumes).toBeUndefined(); // -27: untouched

  // With claim templates, upstream's filter still drops the pod volumes the templates provide.
  const sts = new kplus34.StatefulSet(chart, 'db', {
    containers: [container],
    volumeClaimTemplates: [{ name: 'tpl', storage: cdk8s.Size.gibibytes(1) }],
  });
  sts.containers[0].mount('/data', claim.toPlusVolume(sts, { plusPackage: 'cdk8s-plus-34' }));
  sts.containers[0].mount('/tpl', kplus34.Volume.fromEmptyDir(sts, 'tpl', 'tpl'));
  const set = Testing.synth(chart).find((m) => m.kind === 'StatefulSet');
  expect(set.spec.template.spec.volumes).toEqual([
    { name: 'pvc-data', persistentVolumeClaim: { claimName: 'data', readOnly: false } },
  ]);
  expect(set.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['tpl']);
});

describe('toPlusVolume options.volumeName', () => {
  test('two claims with one volumeName in one scope: an error, not the first claim twice', () => {
    const chart = setup();
    const a = new DynamicClaim(chart, 'a', { storage: '1Gi', storageClassName: 'standard' });
    const b = new DynamicClaim(chart, 'b', { storage: '1Gi', storageClassName: 'standard' });
    const d = new kplus34.Deployment(chart, 'web', { containers: [container] });
    const va = a.toPlusVolume(d, { plusPackage: 'cdk8s-plus-34', volumeName: 'data' });
    expect(a.toPlusVolume(d, { plusPackage: 'cdk8s-plus-34', volumeName: 'data' })).toBe(va);
    expect(() => b.toPlusVolume(d, { plusPackage: 'cdk8s-plus-34', volumeName: 'data' })).toThrow(
      'PersistentVolumeClaim/b: toPlusVolume options.volumeName is "data", which this scope (test/web) already uses for claim a; a pod\'s volume names are unique, so give each claim its own volumeName, or pass each workload as the scope',
    );
    // Each claim's own name, or another scope, is fine: two volumes, each of its claim.
    const vb = b.toPlusVolume(d, { plusPackage: 'cdk8s-plus-34', volumeName: 'data-b' });
    const other = new kplus34.Deployment(chart, 'other', { containers: [container] });
    const vb2 = b.toPlusVolume(other, { plusPackage: 'cdk8s-plus-34', volumeName: 'data' });
    d.containers[0].mount('/a', va);
    d.containers[0].mount('/b', vb);
    other.containers[0].mount('/b', vb2);
    const manifests = Testing.synth(chart);
    const volumes = (name: string) =>
      manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name).spec.template.spec.volumes;
    expect(volumes('test-web')).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'a', readOnly: false } },
      { name: 'data-b', persistentVolumeClaim: { claimName: 'b', readOnly: false } },
    ]);
    expect(volumes('test-other')).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'b', readOnly: false } },
    ]);
  });

  test.each([
    [
      { volumeName: 'Bad_Name' },
      'PersistentVolumeClaim/data: toPlusVolume options.volumeName is "Bad_Name"; a DNS-1123 label has only lowercase letters, digits and \'-\', and starts and ends with a letter or digit',
    ],
    [
      { volumeName: 'v'.repeat(64) },
      `PersistentVolumeClaim/data: toPlusVolume options.volumeName is "${'v'.repeat(64)}" (64 characters); a DNS-1123 label has at most 63`,
    ],
    [
      { volumeName: '' },
      'PersistentVolumeClaim/data: toPlusVolume options.volumeName is ""; expected a non-empty DNS-1123 label (lowercase letters, digits and \'-\', at most 63)',
    ],
  ])('%j: an error naming the option, the value and the rule', (options, message) => {
    const claim = new DynamicClaim(setup(), 'data', { storage: '1Gi' });
    expect(() => claim.toPlusVolume(undefined, { plusPackage: 'cdk8s-plus-34', ...options })).toThrow(
      message,
    );
  });

  test('a default volumeName that is no DNS-1123 label (a claim name with a dot): an error saying to set it', () => {
    const claim = new DynamicClaim(setup(), 'data.v2', { storage: '1Gi' });
    expect(() => claim.toPlusVolume(undefined, { plusPackage: 'cdk8s-plus-34' })).toThrow(
      'PersistentVolumeClaim/data.v2: toPlusVolume options.volumeName is unset, and its default is "pvc-data.v2"; a DNS-1123 label has only lowercase letters, digits and \'-\', and starts and ends with a letter or digit; set options.volumeName',
    );
  });
});

test('two lines in one scope: two Volumes, each of its package', () => {
  const chart = setup();
  const claim = new DynamicClaim(chart, 'data', { storage: '1Gi' });
  const v27 = claim.toPlusVolume(chart, { plusPackage: 'cdk8s-plus-27' });
  const v34 = claim.toPlusVolume(chart, { plusPackage: 'cdk8s-plus-34' });
  expect(v27).toBeInstanceOf(kplus27.Volume);
  expect(v34).toBeInstanceOf(kplus34.Volume);
  expect(v34).not.toBeInstanceOf(kplus27.Volume);
});

test('this repository: its package.json names two lines and this test loads both, so the option is needed', () => {
  const claim = new DynamicClaim(setup(), 'data', { storage: '1Gi' });
  expect(() => claim.toPlusVolume()).toThrow(
    "PersistentVolumeClaim/data: toPlusVolume found several cdk8s-plus packages in the app's package.json: cdk8s-plus-27, cdk8s-plus-34; set options.plusPackage to the one whose workloads mount this volume (e.g. { plusPackage: 'cdk8s-plus-34' })",
  );
  expect(CdkPlus.installedPackages()).toEqual(expect.arrayContaining(['cdk8s-plus-27', 'cdk8s-plus-34']));
  expect(CdkPlus.packageName('cdk8s-plus-27')).toBe('cdk8s-plus-27');
  expect(CdkPlus.supportedPackages()).toEqual([
    'cdk8s-plus-27',
    'cdk8s-plus-28',
    'cdk8s-plus-29',
    'cdk8s-plus-30',
    'cdk8s-plus-31',
    'cdk8s-plus-32',
    'cdk8s-plus-33',
    'cdk8s-plus-34',
  ]);
  expect(CdkPlus.testedPackages()).toEqual(['cdk8s-plus-27', 'cdk8s-plus-34']);
});

describe('the explicit option', () => {
  const claim = () => new DynamicClaim(setup(), 'data', { storage: '1Gi' });
  test.each([
    [
      'cdk8s-plus-22',
      'PersistentVolumeClaim/data: toPlusVolume options.plusPackage is "cdk8s-plus-22"; expected the name of the app\'s cdk8s-plus package, cdk8s-plus-27 to cdk8s-plus-34 (or a newer line)',
    ],
    [
      'kplus',
      'PersistentVolumeClaim/data: toPlusVolume options.plusPackage is "kplus"; expected the name of the app\'s cdk8s-plus package, cdk8s-plus-27 to cdk8s-plus-34 (or a newer line)',
    ],
    [
      'cdk8s-plus-31',
      'PersistentVolumeClaim/data: toPlusVolume options.plusPackage is "cdk8s-plus-31", which is not installed where the app runs; install it (npm install cdk8s-plus-31) or name the cdk8s-plus package the app uses',
    ],
  ])('%s', (plusPackage, message) => {
    expect(() => claim().toPlusVolume(undefined, { plusPackage })).toThrow(message);
  });
});

// The search without the option, over throwaway apps: a package.json and stub packages in
// node_modules (only their presence matters to the search).
describe('finding the line without the option', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plus-search-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function app(declared: string[], installed: string[]): { dirs: string[] } {
    const deps = Object.fromEntries(declared.map((d) => [d, '*']));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: deps }));
    for (const name of installed) {
      const pkg = path.join(dir, 'node_modules', name);
      fs.mkdirSync(pkg, { recursive: true });
      fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
      fs.writeFileSync(path.join(pkg, 'index.js'), '');
    }
    return { dirs: [dir] };
  }
  const choose = (search: { dirs: string[] }) =>
    choosePlusPackage('PersistentVolumeClaim/data', undefined, search);

  test('exactly one installed, none declared: that one', () => {
    expect(choose(app([], ['cdk8s-plus-30']))).toBe('cdk8s-plus-30');
  });

  test("the declared one wins over another only installed (cdk8s-cli's own cdk8s-plus-33)", () => {
    const search = app(['cdk8s-plus-27'], ['cdk8s-plus-27', 'cdk8s-plus-33']);
    expect(installedPlusPackages(search)).toEqual(['cdk8s-plus-27', 'cdk8s-plus-33']);
    expect(declaredPlusPackages(search)).toEqual(['cdk8s-plus-27']);
    expect(choose(search)).toBe('cdk8s-plus-27');
  });

  test('several installed: the only one the app has loaded (imported) is used', () => {
    const search = app([], ['cdk8s-plus-30', 'cdk8s-plus-33']);
    require(path.join(dir, 'node_modules', 'cdk8s-plus-30', 'index.js'));
    expect(choose(search)).toBe('cdk8s-plus-30');
  });

  test('several declared: the only one loaded is used', () => {
    const search = app(['cdk8s-plus-29', 'cdk8s-plus-34'], ['cdk8s-plus-29', 'cdk8s-plus-34']);
    require(path.join(dir, 'node_modules', 'cdk8s-plus-34', 'index.js'));
    expect(choose(search)).toBe('cdk8s-plus-34');
  });

  test("peerDependencies do not count (a construct library's optional peers list every line)", () => {
    const search = app(['cdk8s-plus-27'], ['cdk8s-plus-27', 'cdk8s-plus-34']);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8'));
    manifest.peerDependencies = { 'cdk8s-plus-34': '^2.0.0' };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
    expect(choose(search)).toBe('cdk8s-plus-27');
  });

  test('a declared line newer than the table, installed, is used', () => {
    expect(choose(app(['cdk8s-plus-35'], ['cdk8s-plus-35', 'cdk8s-plus-33']))).toBe('cdk8s-plus-35');
  });

  test('the package.json is found from a subdirectory of the app', () => {
    app(['cdk8s-plus-34'], ['cdk8s-plus-34', 'cdk8s-plus-33']);
    const sub = path.join(dir, 'src');
    fs.mkdirSync(sub);
    expect(choose({ dirs: [sub] })).toBe('cdk8s-plus-34');
  });

  test.each([
    [
      'none installed',
      [],
      [],
      'PersistentVolumeClaim/data: toPlusVolume found no cdk8s-plus package where the app runs (looked for cdk8s-plus-27 to cdk8s-plus-34); install the line your app uses (npm install cdk8s-plus-34) or set options.plusPackage',
    ],
    [
      'several installed, none declared',
      [],
      ['cdk8s-plus-28', 'cdk8s-plus-33'],
      "PersistentVolumeClaim/data: toPlusVolume found several cdk8s-plus packages installed where the app runs: cdk8s-plus-28, cdk8s-plus-33; set options.plusPackage to the one whose workloads mount this volume (e.g. { plusPackage: 'cdk8s-plus-33' })",
    ],
    [
      'several declared and installed',
      ['cdk8s-plus-34', 'cdk8s-plus-27'],
      ['cdk8s-plus-27', 'cdk8s-plus-34'],
      "PersistentVolumeClaim/data: toPlusVolume found several cdk8s-plus packages in the app's package.json: cdk8s-plus-27, cdk8s-plus-34; set options.plusPackage to the one whose workloads mount this volume (e.g. { plusPackage: 'cdk8s-plus-34' })",
    ],
    [
      'declared, not installed (another line is, as a dependency)',
      ['cdk8s-plus-34'],
      ['cdk8s-plus-33'],
      "PersistentVolumeClaim/data: toPlusVolume found cdk8s-plus-34 in the app's package.json, but not installed where the app runs; run npm install, or set options.plusPackage",
    ],
  ])('%s: an error', (_name, declared, installed, message) => {
    expect(() => choose(app(declared, installed))).toThrow(message);
  });

  test('a package named as a cdk8s-plus line that is not one: an error on load', () => {
    const { loadPlus } = jest.requireActual('../../../src/constructs/persistent/_plus');
    const search = app(['cdk8s-plus-40'], ['cdk8s-plus-40']);
    expect(() => loadPlus('PersistentVolumeClaim/data', 'cdk8s-plus-40', search)).toThrow(
      'PersistentVolumeClaim/data: toPlusVolume options.plusPackage is "cdk8s-plus-40", which has no Volume.fromPersistentVolumeClaim / PersistentVolumeClaim.fromClaimName; expected a cdk8s-plus package, cdk8s-plus-27 to cdk8s-plus-34',
    );
  });
});
