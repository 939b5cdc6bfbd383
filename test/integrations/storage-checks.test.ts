import { execFileSync } from 'child_process';
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
  StaticPersistentVolume,
  StorageChecks,
  StorageChecksOptions,
} from '../../src';

/** Temporary folders, removed after the file's tests. */
const made: string[] = [];
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-checks-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A volume and a claim naming it (and, with `extra`, more objects in the chart); `request` decides
 * whether the claim fits (a claim that names a volume among the manifests and does not fit it is an
 * error: nothing else can bind it).
 */
function app(
  outdir: string,
  request: string,
  options: StorageChecksOptions = {},
  extra?: (chart: Chart) => void,
) {
  const a = new App({ outdir });
  const checks = StorageChecks.enable(a, options);
  const chart = new Chart(a, 'storage', { disableResourceNameHashes: true });
  new StaticPersistentVolume(chart, 'pv', {
    name: 'pv-data',
    capacity: '1G',
    accessModes: [AccessMode.READ_WRITE_ONCE],
    source: PersistentVolumeSource.hostPath('/data', HostPathType.DIRECTORY),
  });
  new ApiObject(chart, 'claim', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: request } },
      storageClassName: '',
      volumeName: 'pv-data',
    },
  });
  extra?.(chart);
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
    new Error(
      'Storage plan failed with 1 finding(s):\n  error: PersistentVolumeClaim/default/data spec.volumeName: ' +
        'stays Pending: it names volume "pv-data", which cannot take it (the controller reports "Cannot bind to requested volume"): ' +
        'its capacity 1G = 1,000,000,000 bytes is smaller than the request 1Gi = 1,073,741,824 bytes. [claim-pending]',
    ),
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

test('failOn NEVER: the synth writes the YAML and the report; the errors are printed, not thrown', () => {
  const outdir = tmp();
  const { app: a, checks } = app(outdir, '1Gi', { failOn: FailOn.NEVER }); // 1Gi > 1G: stays Pending
  a.synth();
  expect(checks.plan?.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual([
    'claim-pending',
  ]);
  expect(stderr).toHaveBeenCalledWith(
    expect.stringMatching(
      /^error: PersistentVolumeClaim\/default\/data spec\.volumeName: stays Pending: .* \[claim-pending\]\n$/,
    ),
  );
  expect(fs.readdirSync(outdir).sort()).toEqual(['storage-plan.md', 'storage.k8s.yaml']);
});

test('failOn that is no FailOn (from JavaScript): an error naming the value and what is allowed', () => {
  expect(() => app(tmp(), '1G', { failOn: 'fatal' as FailOn })).toThrow(
    new Error('StorageChecks: failOn is "fatal"; expected one of "error", "warning", "never"'),
  );
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

/** A ConfigMap: an object the change plan sees created. */
const configMap = (chart: Chart): void => {
  new ApiObject(chart, 'cm', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cm' },
    data: { a: 'b' },
  });
};

/** A PersistentVolume with an in-tree cephfs source: deprecated in 1.28, removed in 1.31. */
const cephfsVolume = (chart: Chart): void => {
  new ApiObject(chart, 'ceph', {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'ceph' },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteMany'],
      persistentVolumeReclaimPolicy: 'Retain',
      cephfs: { monitors: ['10.0.0.1:6789'] },
    },
  });
};

const CEPHFS_REMOVED =
  'PersistentVolume/ceph spec.cephfs: volume source cephfs is removed in Kubernetes 1.31, with no CSI migration: the ' +
  'API server accepts the object, but nothing mounts or provisions it: the cephfs volume type is non-functional; a ' +
  're-deployment with the CephFS CSI driver is needed. Use a CSI driver for this storage [source-removed]';

const CHANGES_HEADING = '## What this change does to storage';

const read = (file: string): string => fs.readFileSync(file, 'utf-8');

describe('kubernetesVersion', () => {
  test.each([
    ['1.26', '"1.26"'],
    ['latest', '"latest"'],
    ['1.37.0', '"1.37.0"'],
  ])('%s names no minor this release knows: enable throws', (version, shown) => {
    expect(() => StorageChecks.enable(new App({ outdir: tmp() }), { kubernetesVersion: version })).toThrow(
      new Error(
        `StorageChecks: kubernetesVersion ${shown} is not a Kubernetes minor this release knows; allowed: 1.27 to 1.36 (e.g. 1.30)`,
      ),
    );
  });

  test('it decides the verdict: cephfs is a warning at 1.30, an error at 1.31', () => {
    const at30 = app(tmp(), '1G', { kubernetesVersion: 'v1.30.2' }, cephfsVolume);
    at30.app.synth();
    expect(stderr).toHaveBeenCalledWith(
      'warning: PersistentVolume/ceph spec.cephfs: volume source cephfs is deprecated (since 1.28): no CSI migration ' +
        '(KEP-2924 withdrawn); the CephFS CSI driver (cephfs.csi.ceph.com, ceph/ceph-csi) needs a re-created volume ' +
        '[source-deprecated]\n',
    );
    const at31 = app(tmp(), '1G', { kubernetesVersion: '1.31' }, cephfsVolume);
    expect(() => at31.app.synth()).toThrow(
      new Error(`Storage plan failed with 1 finding(s):\n  error: ${CEPHFS_REMOVED}`),
    );
  });
});

describe('disableRules', () => {
  test('a disabled rule is suppressed (counted, listed in the plan), and the synth passes', () => {
    const outdir = tmp();
    const { app: a, checks } = app(
      outdir,
      '1G',
      { kubernetesVersion: '1.31', disableRules: ['source-removed'] },
      cephfsVolume,
    );
    a.synth();
    expect(checks.plan?.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(checks.plan?.suppressed?.map((s) => [s.finding.rule, s.finding.object, s.by, s.reason])).toEqual([
      ['source-removed', 'PersistentVolume/ceph', 'option', 'disabled by the disableRules option'],
    ]);
    expect(fs.existsSync(path.join(outdir, 'storage.k8s.yaml'))).toBe(true);
  });

  test('a rule id that does not exist: an option error fails the synth', () => {
    const { app: a } = app(tmp(), '1G', { disableRules: ['no-such-rule'] });
    expect(() => a.synth()).toThrow(
      new Error(
        'Storage plan failed with 1 finding(s):\n  error: <options> disableRules: disableRules names "no-such-rule", ' +
          'which is not a rule (docs/rules.md lists the rules) [option-invalid]',
      ),
    );
  });
});

describe('the previous version: the change plan', () => {
  /** The output of the app before the change: the volume and the claim, synthesized. */
  function previousOutput(outdir = tmp()): string {
    app(outdir, '1G').app.synth();
    return outdir;
  }

  const CREATED_CM = [
    { object: 'PersistentVolume/pv-data', apiVersion: 'v1', action: 'unchanged' },
    { object: 'PersistentVolumeClaim/default/data', apiVersion: 'v1', action: 'unchanged' },
    { object: 'ConfigMap/default/cm', apiVersion: 'v1', action: 'create' },
  ];
  const CHANGE_SECTION =
    `${CHANGES_HEADING}\n\n| Action | Object | Changed fields | Data |\n| --- | --- | --- | --- |\n` +
    '| create | ConfigMap/default/cm |  |  |\n\n2 other objects unchanged. The refusals and data losses are in the ' +
    'findings below.\n\n';

  test('previous (a folder): the changes in the plan and in storage-changes.md; storage-plan.md never has them', () => {
    const before = previousOutput();
    const outdir = tmp();
    const { app: a, checks } = app(outdir, '1G', { previous: before }, configMap);
    a.synth();
    expect(checks.plan?.changes).toEqual(CREATED_CM);
    expect(fs.readdirSync(outdir).sort()).toEqual([
      'storage-changes.md',
      'storage-plan.md',
      'storage.k8s.yaml',
    ]);
    const changes = read(path.join(outdir, 'storage-changes.md'));
    expect(changes).toContain(`\n${CHANGE_SECTION}## Claims\n`);
    expect(changes.startsWith('# Storage plan\n')).toBe(true);
    const report = read(path.join(outdir, 'storage-plan.md'));
    expect(report).not.toContain(CHANGES_HEADING);
    // the committed report is the one a synth without a previous version writes
    const alone = tmp();
    app(alone, '1G', {}, configMap).app.synth();
    expect(report).toBe(read(path.join(alone, 'storage-plan.md')));
    expect(fs.existsSync(path.join(alone, 'storage-changes.md'))).toBe(false);
  });

  test('changeReportFile: another name, or "" for none', () => {
    const before = previousOutput();
    const named = tmp();
    app(named, '1G', { previous: before, changeReportFile: 'diff.md' }, configMap).app.synth();
    expect(fs.readdirSync(named).sort()).toEqual(['diff.md', 'storage-plan.md', 'storage.k8s.yaml']);
    expect(read(path.join(named, 'diff.md'))).toContain(CHANGE_SECTION);
    const none = tmp();
    const { app: a, checks } = app(none, '1G', { previous: before, changeReportFile: '' }, configMap);
    a.synth();
    expect(checks.plan?.changes).toEqual(CREATED_CM);
    expect(fs.readdirSync(none).sort()).toEqual(['storage-plan.md', 'storage.k8s.yaml']);
    // no report at all: neither file
    const quiet = tmp();
    app(quiet, '1G', { previous: before, reportFile: '', changeReportFile: '' }, configMap).app.synth();
    expect(fs.readdirSync(quiet)).toEqual(['storage.k8s.yaml']);
  });

  test('a previous file that cannot be parsed: an error finding "previous version: ..." fails the synth, no crash', () => {
    const before = previousOutput();
    fs.writeFileSync(path.join(before, 'broken.yaml'), 'a: [\n');
    const outdir = tmp();
    const { app: a, checks } = app(outdir, '1G', { previous: before });
    expect(() => a.synth()).toThrow(
      new Error(
        `Storage plan failed with 1 finding(s):\n  error: file:${before}/broken.yaml#0: previous version: cannot ` +
          'parse YAML: unexpected end of the stream within a flow collection at line 2, column 1 [manifest-unreadable]',
      ),
    );
    // what could be read is still the previous version
    expect(checks.plan?.changes?.map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
  });

  test('no change: "Nothing changes" in storage-changes.md', () => {
    const before = previousOutput();
    const outdir = tmp();
    app(outdir, '1G', { previous: before }).app.synth();
    expect(read(path.join(outdir, 'storage-changes.md'))).toContain(
      `\n${CHANGES_HEADING}\n\nNothing changes: 2 objects stay as they are.\n\n## Claims\n`,
    );
  });

  test('a change the API server refuses fails the synth; both reports are written, no YAML', () => {
    const before = tmp();
    fs.writeFileSync(
      path.join(before, 'storage.k8s.yaml'),
      'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-data\nspec:\n  capacity:\n    storage: 1G\n' +
        '  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Retain\n  hostPath:\n    path: /old\n',
    );
    const outdir = tmp();
    const { app: a, checks } = app(outdir, '1G', { previous: before });
    expect(() => a.synth()).toThrow(
      new Error(
        'Storage plan failed with 1 finding(s):\n  error: PersistentVolume/pv-data spec.hostPath: spec.hostPath changed ' +
          'from {path: "/old"} to {path: "/data", type: "Directory"}: the API server refuses the update ' +
          '(ValidatePersistentVolumeUpdate: "spec.persistentvolumesource is immutable after creation"); a volume\'s ' +
          'storage is fixed: create a new PersistentVolume [update-immutable]',
      ),
    );
    expect(checks.plan?.changes?.map((c) => [c.object, c.action])).toEqual([
      ['PersistentVolume/pv-data', 'update'],
      ['PersistentVolumeClaim/default/data', 'create'],
    ]);
    expect(fs.readdirSync(outdir).sort()).toEqual(['storage-changes.md', 'storage-plan.md']);
    expect(read(path.join(outdir, 'storage-changes.md'))).toContain(
      '\n| update | PersistentVolume/pv-data | metadata.annotations\\["argocd.argoproj.io/sync-options"\\], ' +
        'metadata.annotations\\["kustomize.toolkit.fluxcd.io/prune"\\], spec.hostPath.path, spec.hostPath.type |  |\n' +
        '| create | PersistentVolumeClaim/default/data |  |  |\n',
    );
    expect(read(path.join(outdir, 'storage-plan.md'))).not.toContain(CHANGES_HEADING);
  });

  test('a change warning is printed like any warning (a finding without a field: the object alone)', () => {
    const before = tmp();
    fs.writeFileSync(
      path.join(before, 'gone.yaml'),
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: gone\n  namespace: default\nspec:\n' +
        '  accessModes: [ReadWriteOnce]\n  storageClassName: elsewhere\n  resources:\n    requests:\n      storage: 1Gi\n',
    );
    app(tmp(), '1G', { previous: before }).app.synth();
    expect(stderr.mock.calls).toEqual([
      [
        'warning: PersistentVolumeClaim/default/gone: the claim is no longer among the manifests, so a pruning apply ' +
          '(Argo CD, Flux, kubectl apply --prune) deletes it: the volume provisioned for it is deleted with its data if ' +
          'StorageClass elsewhere has reclaimPolicy Delete (the default; the class is not among the manifests); keep it, ' +
          'or annotate it argocd.argoproj.io/sync-options: Prune=false (Argo CD) or kustomize.toolkit.fluxcd.io/prune: ' +
          'disabled (Flux) before removing it [delete-data-loss]\n',
      ],
    ]);
  });

  // storage-plan.md leaves out plan.changes and the change rules' findings (here delete-data-loss
  // of a claim whose class is not among the manifests): the committed report depends on the source
  // alone; they go to storage-changes.md.
  test('storage-plan.md is a function of the source alone, even when the change has findings', () => {
    const before = tmp();
    fs.writeFileSync(
      path.join(before, 'gone.yaml'),
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: gone\n  namespace: default\nspec:\n' +
        '  accessModes: [ReadWriteOnce]\n  storageClassName: elsewhere\n  resources:\n    requests:\n      storage: 1Gi\n',
    );
    const withPrevious = tmp();
    const { app: a, checks } = app(withPrevious, '1G', { previous: before });
    a.synth();
    expect(checks.plan?.findings.map((f) => [f.severity, f.rule])).toContainEqual([
      'warning',
      'delete-data-loss',
    ]);
    const alone = tmp();
    app(alone, '1G').app.synth();
    expect(read(path.join(withPrevious, 'storage-plan.md'))).toBe(read(path.join(alone, 'storage-plan.md')));
  });

  describe('previousGitRevision: the committed output at a revision', () => {
    let repo: string;
    let cwd: string;
    const git = (...args: string[]): string =>
      execFileSync(
        'git',
        ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
        { cwd: repo, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    beforeEach(() => {
      repo = fs.realpathSync(tmp());
      git('init', '-q');
      previousOutput(path.join(repo, 'dist'));
      git('add', '-A');
      git('commit', '-q', '-m', 'the output before the change');
      cwd = process.cwd();
      process.chdir(repo);
    });
    afterEach(() => {
      process.chdir(cwd);
      fs.rmSync(repo, { recursive: true, force: true });
    });

    test('the outdir (relative to the working folder) at the revision is the previous version', () => {
      const { app: a, checks } = app(
        path.join(repo, 'dist'),
        '1G',
        { previousGitRevision: 'HEAD' },
        configMap,
      );
      a.synth();
      expect(checks.plan?.changes).toEqual(CREATED_CM);
      expect(read(path.join(repo, 'dist', 'storage-changes.md'))).toContain(CHANGE_SECTION);
      expect(stderr).not.toHaveBeenCalled();
    });

    test('an outdir that is the working folder itself: the whole repository at the revision', () => {
      const { app: a, checks } = app(repo, '1G', { previousGitRevision: 'HEAD' });
      a.synth();
      expect(checks.plan?.changes?.map((c) => [c.object, c.action])).toEqual([
        ['PersistentVolume/pv-data', 'unchanged'],
        ['PersistentVolumeClaim/default/data', 'unchanged'],
      ]);
    });

    test('previousGitPath: another folder at the revision', () => {
      const outdir = path.join(repo, 'elsewhere');
      const { app: a, checks } = app(
        outdir,
        '1G',
        { previousGitRevision: 'HEAD', previousGitPath: 'dist' },
        configMap,
      );
      a.synth();
      expect(checks.plan?.changes).toEqual(CREATED_CM);
      const empty = app(path.join(repo, 'out2'), '1G', {
        previousGitRevision: 'HEAD',
        previousGitPath: 'nothing-here',
      });
      empty.app.synth();
      expect(empty.checks.plan?.changes?.map((c) => c.action)).toEqual(['create', 'create']);
      // said, not silent: a misspelt previousGitPath looks like this too
      expect(stderr).toHaveBeenCalledWith(
        'note: nothing-here does not exist at HEAD: everything in it is created\n',
      );
    });

    test('previous and previousGitRevision both: an error naming both, as the CLI refuses both', () => {
      expect(() =>
        app(tmp(), '1G', { previous: tmp(), previousGitRevision: 'HEAD', previousGitPath: 'dist' }),
      ).toThrow(new Error('StorageChecks: previous and previousGitRevision are both set; give one of them'));
    });

    test('an unknown revision: a note on stderr, no change plan, no storage-changes.md', () => {
      const outdir = tmp();
      const { app: a, checks } = app(outdir, '1G', { previousGitRevision: 'no-such-branch' });
      a.synth();
      expect(stderr.mock.calls).toEqual([
        [
          'note: no previous version, the change plan is left out: previousGitRevision: "no-such-branch" is not ' +
            'a revision of this repository\n',
        ],
      ]);
      expect(checks.plan?.changes).toBeUndefined();
      expect(fs.readdirSync(outdir).sort()).toEqual(['storage-plan.md', 'storage.k8s.yaml']);
    });
  });

  test('previousGitRevision outside a git repository: a note on stderr, no change plan', () => {
    const outside = fs.realpathSync(tmp());
    const cwd = process.cwd();
    process.chdir(outside);
    try {
      const outdir = path.join(outside, 'dist');
      const { app: a, checks } = app(outdir, '1G', { previousGitRevision: 'HEAD' });
      a.synth();
      expect(stderr.mock.calls).toEqual([
        [
          'note: no previous version, the change plan is left out: previousGitRevision: the current folder is not ' +
            'inside a git repository\n',
        ],
      ]);
      expect(checks.plan?.changes).toBeUndefined();
      expect(fs.readdirSync(outdir).sort()).toEqual(['storage-plan.md', 'storage.k8s.yaml']);
    } finally {
      process.chdir(cwd);
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
