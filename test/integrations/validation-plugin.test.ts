import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PlanOptions, StoragePlan } from '../../src/plan/types';
import { FailOn } from '../../src/plan/report';
import {
  IStorageValidationContext,
  StorageValidation,
  StorageViolation,
} from '../../src/integrations/validation-plugin';

/*
 * planStorage is replaced by a fake that turns annotations into findings, so these tests pin the
 * plugin (reading the context, violations, status) and not the plan's rules.
 *   test.cdk8s-volumes/finding: "<severity> <rule> <field>"
 */
const planCalls: PlanOptions[] = [];
jest.mock('../../src/plan/plan', () => ({
  planStorage: (manifests: readonly any[], options: PlanOptions): StoragePlan => {
    planCalls.push(options);
    const findings = manifests
      .filter((m) => m.metadata?.annotations?.['test.cdk8s-volumes/finding'])
      .map((m) => {
        const [severity, rule, field] = m.metadata.annotations['test.cdk8s-volumes/finding'].split(' ');
        const ns = m.metadata.namespace ?? 'default';
        const object =
          m.kind === 'PersistentVolume'
            ? `${m.kind}/${m.metadata.name}`
            : `${m.kind}/${ns}/${m.metadata.name}`;
        return { severity, rule, object, field, message: `${rule} on ${m.metadata.name}` };
      });
    const claims = manifests
      .filter((m) => m.kind === 'PersistentVolumeClaim')
      .map((m) => ({
        namespace: m.metadata.namespace ?? 'default',
        name: m.metadata.name,
        outcome: 'bound' as const,
        volume: 'v',
        reason: 'fits',
      }));
    return { claims, findings };
  },
}));

let dir: string;
beforeEach(() => {
  planCalls.length = 0;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-volumes-plugin-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function manifest(file: string, ...docs: string[]): string {
  const p = path.join(dir, file);
  fs.writeFileSync(p, docs.join('\n---\n'));
  return p;
}

const pvc = (name: string, finding?: string): string =>
  `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}\n  namespace: shop\n` +
  (finding ? `  annotations:\n    test.cdk8s-volumes/finding: "${finding}"\n` : '') +
  'spec:\n  resources:\n    requests:\n      storage: 1Gi\n';
const pv = (name: string, finding?: string): string =>
  `apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: ${name}\n` +
  (finding ? `  annotations:\n    test.cdk8s-volumes/finding: "${finding}"\n` : '');

/** A context with the shape of cdk8s-cli's ValidationContext, recording what the plugin reports. */
function fakeContext(manifests: string[]) {
  const violations: StorageViolation[] = [];
  const submitted: { status: string; metadata?: { [key: string]: string } }[] = [];
  const context: IStorageValidationContext = {
    manifests,
    report: {
      addViolation: (v) => violations.push(v),
      submit: (status, metadata) => submitted.push({ status, metadata }),
    },
  };
  return { context, violations, submitted };
}

describe('StorageValidation', () => {
  test('defaults: no finding -> success, plan summary in the metadata', async () => {
    const { context, violations, submitted } = fakeContext([manifest('a.k8s.yaml', pvc('data'), pv('pv1'))]);
    await new StorageValidation().validate(context);
    expect(violations).toEqual([]);
    expect(submitted).toEqual([
      {
        status: 'success',
        metadata: {
          claims: '1 (1 bound, 0 provisioned, 0 waiting, 0 pending)',
          findings: '0 errors, 0 warnings, 0 info, 0 suppressed',
          failOn: 'error',
        },
      },
    ]);
    expect(planCalls).toEqual([{ defaultStorageClass: undefined }]);
  });

  test('an error finding: failure, one violation naming the resource, its file and field', async () => {
    const a = manifest('a.k8s.yaml', pvc('data', 'error claim-pending spec.storageClassName'));
    const b = manifest('b.k8s.yaml', pv('pv1', 'warning reclaim-delete spec.persistentVolumeReclaimPolicy'));
    const { context, violations, submitted } = fakeContext([a, b]);
    await new StorageValidation({ defaultStorageClass: 'gold' }).validate(context);
    expect(planCalls).toEqual([{ defaultStorageClass: 'gold' }]);
    expect(submitted[0].status).toBe('failure');
    expect(violations).toHaveLength(2);
    expect(violations[0]).toEqual({
      ruleName: 'claim-pending (error)',
      recommendation: 'claim-pending on data',
      fix:
        'Change spec.storageClassName of PersistentVolumeClaim/shop/data; ' +
        'run `npx cdk8s-volumes plan <output dir>` to see the whole storage plan.',
      violatingResources: [
        {
          resourceName: 'data',
          locations: ['PersistentVolumeClaim/shop/data spec.storageClassName'],
          manifestPath: a,
        },
      ],
    });
    expect(violations[1]).toMatchObject({
      ruleName: 'reclaim-delete (warning)',
      violatingResources: [{ resourceName: 'pv1', manifestPath: b }],
    });
  });

  test('warnings are listed but pass by default; failOn: warning fails on them', async () => {
    const files = [
      manifest('a.yaml', pv('pv1', 'warning reclaim-delete spec.persistentVolumeReclaimPolicy')),
    ];
    const lenient = fakeContext(files);
    await new StorageValidation().validate(lenient.context);
    expect(lenient.submitted[0].status).toBe('success');
    expect(lenient.violations).toHaveLength(1);

    const strict = fakeContext(files);
    await new StorageValidation({ failOn: FailOn.WARNING }).validate(strict.context);
    expect(strict.submitted[0].status).toBe('failure');
    expect(strict.submitted[0].metadata?.failOn).toBe('warning');
  });

  test('failOn: never: errors are listed, the validation passes', async () => {
    const files = [manifest('a.yaml', pvc('data', 'error claim-pending spec.volumeName'))];
    const { context, violations, submitted } = fakeContext(files);
    await new StorageValidation({ failOn: FailOn.NEVER }).validate(context);
    expect(violations.map((v) => v.ruleName)).toEqual(['claim-pending (error)']);
    expect(submitted).toEqual([
      {
        status: 'success',
        metadata: {
          claims: '1 (1 bound, 0 provisioned, 0 waiting, 0 pending)',
          findings: '1 errors, 0 warnings, 0 info, 0 suppressed',
          failOn: 'never',
        },
      },
    ]);
  });

  test('info findings are left out unless reportInfo, and never fail', async () => {
    const files = [manifest('a.yaml', pvc('data', 'info pod-security'))];
    const quiet = fakeContext(files);
    await new StorageValidation({ failOn: FailOn.WARNING }).validate(quiet.context);
    expect(quiet.violations).toEqual([]);
    expect(quiet.submitted[0]).toMatchObject({
      status: 'success',
      metadata: { findings: '0 errors, 0 warnings, 1 info, 0 suppressed' },
    });

    const verbose = fakeContext(files);
    await new StorageValidation({ reportInfo: true }).validate(verbose.context);
    expect(verbose.violations.map((v) => v.ruleName)).toEqual(['pod-security (info)']);
    expect(verbose.violations[0].violatingResources[0].locations).toEqual([
      'PersistentVolumeClaim/shop/data',
    ]);
    expect(verbose.submitted[0].status).toBe('success');
  });

  test('a manifest that cannot be parsed or read fails the validation, naming the file', async () => {
    const bad = manifest('bad.yaml', pvc('ok'), 'kind: [unclosed\n');
    const missing = path.join(dir, 'missing.yaml');
    const { context, violations, submitted } = fakeContext([bad, missing]);
    await new StorageValidation().validate(context);
    expect(submitted[0].status).toBe('failure');
    expect(violations.map((v) => v.ruleName)).toEqual([
      'manifest-unreadable (error)',
      'manifest-unreadable (error)',
    ]);
    expect(violations[0].violatingResources[0]).toMatchObject({
      resourceName: 'bad.yaml',
      manifestPath: bad,
    });
    expect(violations[0].recommendation).toMatch(/^cannot parse YAML: /);
    expect(violations[0].fix).toBe('Make the manifest file readable and valid YAML.');
    expect(violations[1].violatingResources[0]).toMatchObject({
      resourceName: 'missing.yaml',
      manifestPath: missing,
    });
    expect(violations[1].recommendation).toBe('cannot read: no such file or directory');
    expect(submitted[0].metadata?.claims).toBe('1 (1 bound, 0 provisioned, 0 waiting, 0 pending)'); // the rest is planned
  });

  test.each([
    [
      { failOn: 'fatal' },
      'StorageValidation: properties.failOn is "fatal"; expected one of "error", "warning", "never"',
    ],
    [
      { failOn: 'Error' },
      'StorageValidation: properties.failOn is "Error"; expected one of "error", "warning", "never"',
    ],
    [
      { previous: 'before', previousGitRevision: 'HEAD' },
      'StorageValidation: properties.previous and properties.previousGitRevision are both set; give one of them',
    ],
    [
      { defaultStorageClass: 5 },
      'StorageValidation: properties.defaultStorageClass is 5; expected a StorageClass name, or "" for none',
    ],
    [
      { defaultStorageClass: null },
      'StorageValidation: properties.defaultStorageClass is null; expected a StorageClass name, or "" for none',
    ],
    [
      { kubernetesVersion: '1.26' },
      'StorageValidation: properties.kubernetesVersion "1.26" is not a Kubernetes minor this release knows; ' +
        'allowed: 1.27 to 1.36 (e.g. 1.30)',
    ],
    [
      { kubernetesVersion: 1.3 },
      'StorageValidation: properties.kubernetesVersion 1.3 is not a Kubernetes minor this release knows; ' +
        'allowed: 1.27 to 1.36 (e.g. 1.30)',
    ],
    [
      { kubernetesVersion: 'latest' },
      'StorageValidation: properties.kubernetesVersion "latest" is not a Kubernetes minor this release knows; ' +
        'allowed: 1.27 to 1.36 (e.g. 1.30)',
    ],
    [
      { kubernetesVersion: '1.37' },
      'StorageValidation: properties.kubernetesVersion "1.37" is not a Kubernetes minor this release knows; ' +
        'allowed: 1.27 to 1.36 (e.g. 1.30)',
    ],
    [
      { kubernetesVersion: null },
      'StorageValidation: properties.kubernetesVersion null is not a Kubernetes minor this release knows; ' +
        'allowed: 1.27 to 1.36 (e.g. 1.30)',
    ],
    [
      { disableRules: 'claim-pending' },
      'StorageValidation: properties.disableRules is "claim-pending"; expected a list of rule ids',
    ],
    [
      { disableRules: ['claim-pending', 5] },
      'StorageValidation: properties.disableRules is ["claim-pending",5]; expected a list of rule ids',
    ],
    [
      { disableRules: null },
      'StorageValidation: properties.disableRules is null; expected a list of rule ids',
    ],
    [{ reportInfo: 'yes' }, 'StorageValidation: properties.reportInfo is "yes"; expected true or false'],
  ])('bad properties %j fail early', (props, message) => {
    expect(() => new StorageValidation(props as any)).toThrow(new Error(message));
  });

  test('defaultStorageClass "" (the cluster has no default class) and kubernetesVersion reach the plan', async () => {
    const { context, submitted } = fakeContext([manifest('a.k8s.yaml', pvc('data'))]);
    await new StorageValidation({ defaultStorageClass: '', kubernetesVersion: 'v1.30.2' }).validate(context);
    expect(planCalls).toEqual([{ defaultStorageClass: '', kubernetesVersion: 'v1.30.2' }]);
    expect(submitted[0].status).toBe('success');
  });

  test.each(['1.27', '1.36', 'v1.31.4-eks-1234'])(
    'kubernetesVersion %s is accepted as given',
    async (version) => {
      const { context } = fakeContext([manifest('a.k8s.yaml', pvc('data'))]);
      await new StorageValidation({ kubernetesVersion: version }).validate(context);
      expect(planCalls).toEqual([{ kubernetesVersion: version }]);
    },
  );

  test('disableRules reach the plan as given; none given: none passed', async () => {
    const { context } = fakeContext([manifest('a.k8s.yaml', pvc('data'))]);
    await new StorageValidation({ disableRules: ['claim-pending', 'reclaim-delete'] }).validate(context);
    await new StorageValidation({ disableRules: [] }).validate(context);
    await new StorageValidation().validate(context);
    expect(planCalls.map((o) => o.disableRules)).toStrictEqual([
      ['claim-pending', 'reclaim-delete'],
      [],
      undefined,
    ]);
  });

  test('a finding about an object no file holds: named by its object, manifest "-"', async () => {
    const sc =
      'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: gold\n  annotations:\n' +
      '    test.cdk8s-volumes/finding: "warning reclaim-delete reclaimPolicy"\nprovisioner: x\n';
    const { context, violations, submitted } = fakeContext([manifest('sc.yaml', sc)]);
    await new StorageValidation().validate(context);
    // the fake names it StorageClass/default/gold, which is no object of the files
    expect(violations[0].violatingResources).toEqual([
      {
        resourceName: 'StorageClass/default/gold',
        locations: ['StorageClass/default/gold reclaimPolicy'],
        manifestPath: '-',
      },
    ]);
    expect(submitted[0].status).toBe('success');
  });

  test('a finding of a severity the plugin does not know counts as info: listed, never failing', async () => {
    const { context, violations, submitted } = fakeContext([
      manifest('a.yaml', pvc('data', 'notice odd-rule spec')),
    ]);
    await new StorageValidation({ failOn: FailOn.WARNING }).validate(context);
    expect(violations.map((v) => v.ruleName)).toEqual(['odd-rule (notice)']);
    expect(submitted[0].status).toBe('success');
  });

  test.each([
    [{ previous: '' }, 'StorageValidation: properties.previous is ""; expected a non-empty string'],
    [
      { previous: ['dist'] },
      'StorageValidation: properties.previous is ["dist"]; expected a non-empty string',
    ],
    [
      { previousGitRevision: 5 },
      'StorageValidation: properties.previousGitRevision is 5; expected a non-empty string',
    ],
    [
      { previousGitPath: null },
      'StorageValidation: properties.previousGitPath is null; expected a non-empty string',
    ],
  ])('bad previous properties %j fail early', (props, message) => {
    expect(() => new StorageValidation(props as any)).toThrow(new Error(message));
  });

  describe('the previous version', () => {
    const claimObject = (name: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'shop' },
      spec: { resources: { requests: { storage: '1Gi' } } },
    });
    let stderr: jest.SpyInstance;
    let cwd: string;
    beforeEach(() => {
      stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      cwd = process.cwd();
    });
    afterEach(() => {
      process.chdir(cwd);
      stderr.mockRestore();
    });
    const git = (...args: string[]): string =>
      execFileSync(
        'git',
        ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
        { cwd: dir, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    /** A repository in `dir` with dist/ and out/ committed, then changed in the work tree. */
    function repository(): void {
      fs.mkdirSync(path.join(dir, 'dist'));
      fs.mkdirSync(path.join(dir, 'out'));
      fs.writeFileSync(path.join(dir, 'dist', 'a.k8s.yaml'), pvc('committed'));
      fs.writeFileSync(path.join(dir, 'out', 'b.k8s.yaml'), pvc('elsewhere'));
      git('init', '-q');
      git('add', '-A');
      git('commit', '-q', '-m', 'before');
      fs.writeFileSync(path.join(dir, 'dist', 'a.k8s.yaml'), pvc('now'));
      process.chdir(dir);
    }

    test('none given: no previous manifests, no change plan', async () => {
      const { context } = fakeContext([manifest('a.k8s.yaml', pvc('data'))]);
      await new StorageValidation().validate(context);
      expect(planCalls.map((o) => o.previous)).toEqual([undefined]);
    });

    test('previous: the manifests of a folder', async () => {
      fs.mkdirSync(path.join(dir, 'before'));
      fs.writeFileSync(path.join(dir, 'before', 'old.yaml'), pvc('old'));
      const { context } = fakeContext([manifest('a.k8s.yaml', pvc('data'))]);
      await new StorageValidation({ previous: path.join(dir, 'before') }).validate(context);
      expect(planCalls.map((o) => o.previous)).toEqual([[claimObject('old')]]);
    });

    test('previousGitRevision: dist/ at the revision, by default; previousGitPath another folder', async () => {
      repository();
      const { context } = fakeContext([path.join(dir, 'dist', 'a.k8s.yaml')]);
      await new StorageValidation({ previousGitRevision: 'HEAD' }).validate(context);
      await new StorageValidation({ previousGitRevision: 'HEAD', previousGitPath: 'out' }).validate(context);
      expect(planCalls.map((o) => o.previous)).toEqual([
        [claimObject('committed')],
        [claimObject('elsewhere')],
      ]);
      expect(stderr).not.toHaveBeenCalled();
    });

    test('a previous file that cannot be parsed: a violation "previous version: ...", naming the file', async () => {
      fs.mkdirSync(path.join(dir, 'before'));
      const broken = path.join(dir, 'before', 'old.yaml');
      fs.writeFileSync(broken, 'a: [\n');
      const { context, violations, submitted } = fakeContext([manifest('a.k8s.yaml', pvc('data'))]);
      await new StorageValidation({ previous: path.join(dir, 'before') }).validate(context);
      expect(violations).toEqual([
        {
          ruleName: 'manifest-unreadable (error)',
          recommendation:
            'previous version: cannot parse YAML: unexpected end of the stream within a flow collection at line 2, column 1',
          fix: 'Make the manifest file readable and valid YAML.',
          violatingResources: [
            { resourceName: 'old.yaml', locations: [`file:${broken}#0`], manifestPath: broken },
          ],
        },
      ]);
      expect(submitted[0].status).toBe('failure');
      expect(planCalls.map((o) => o.previous)).toEqual([[]]);
    });

    test('git cannot give it: a line on stderr, no change plan, the validation still runs', async () => {
      process.chdir(dir); // not a repository
      const { context, submitted } = fakeContext([manifest('a.k8s.yaml', pvc('data'))]);
      await new StorageValidation({ previousGitRevision: 'HEAD' }).validate(context);
      expect(stderr.mock.calls).toEqual([
        [
          'StorageValidation: no previous version, the change plan is left out: properties.previousGitRevision: ' +
            'the current folder is not inside a git repository\n',
        ],
      ]);
      expect(planCalls.map((o) => o.previous)).toEqual([undefined]);
      expect(submitted[0].status).toBe('success');
      repository();
      stderr.mockClear();
      await new StorageValidation({ previousGitRevision: 'v9' }).validate(context);
      expect(stderr.mock.calls).toEqual([
        [
          'StorageValidation: no previous version, the change plan is left out: properties.previousGitRevision: ' +
            '"v9" is not a revision of this repository\n',
        ],
      ]);
    });
  });
});

/*
 * How `cdk8s synth` loads a validation plugin. Not in cdk8s-cli's package exports, so required by
 * file: this is the code path a cdk8s.yaml `validations:` entry takes.
 */
const CLI_PLUGINS = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'plugins');
const { PluginManager } = require(
  path.join(CLI_PLUGINS, '_manager.js'),
) as typeof import('cdk8s-cli/lib/plugins/_manager');
const { ValidationContext, ValidationPlugin } = require(
  path.join(CLI_PLUGINS, 'validation.js'),
) as typeof import('cdk8s-cli/lib/plugins/validation');

describe('through cdk8s-cli', () => {
  test("cdk8s-cli's ValidationContext fits the plugin's context type", () => {
    // jsii has no readonly arrays, so the plugin's type says `string[]` where cdk8s-cli's says
    // `readonly string[]`: the rest must fit as it is (cdk8s-cli calls the plugin from JavaScript).
    const real: Omit<IStorageValidationContext, 'manifests'> & { readonly manifests: readonly string[] } =
      new ValidationContext(['a.yaml'], 'cdk8s-volumes', '0.1.0');
    expect(real.manifests).toEqual(['a.yaml']);
  });

  test('loaded by cdk8s-cli from a local path, as a cdk8s.yaml `validations:` entry is', async () => {
    const file = manifest('app.k8s.yaml', pvc('data', 'error claim-pending spec.storageClassName'));
    const pluginsDir = path.join(dir, 'plugins');
    const { plugin, context } = ValidationPlugin.load(
      {
        package: `.${path.sep}${path.relative(process.cwd(), path.join(__dirname, '..', '..', 'src', 'integrations', 'validation-plugin.ts'))}`,
        version: '0.1.0',
        class: 'StorageValidation',
        properties: { defaultStorageClass: 'standard', failOn: 'warning' },
      },
      { manifests: [file] },
      false,
      new PluginManager(pluginsDir),
    );
    expect(plugin).toBeInstanceOf(StorageValidation);
    await plugin.validate(context);
    expect(context.report.success).toBe(false);
    expect(planCalls).toEqual([{ defaultStorageClass: 'standard' }]);
    const json = context.report.toJson();
    expect(json.summary.status).toBe('failure');
    expect(json.violations).toEqual([
      expect.objectContaining({
        ruleName: 'claim-pending (error)',
        violatingConstructs: [
          expect.objectContaining({
            resourceName: 'data',
            manifestPath: file,
            locations: ['PersistentVolumeClaim/shop/data spec.storageClassName'],
          }),
        ],
      }),
    ]);
    expect(context.report.toString()).toContain('claim-pending (error) (1 occurrences)');
    expect(fs.existsSync(pluginsDir)).toBe(false); // a local plugin is never npm-installed
  });
});
