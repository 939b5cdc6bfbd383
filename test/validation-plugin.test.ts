import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PlanOptions, StoragePlan } from '../src/plan/types';
import {
  IStorageValidationContext,
  StorageValidation,
  StorageValidationFailOn,
  StorageViolation,
} from '../src/validation-plugin';

/*
 * planStorage is replaced by a fake that turns annotations into findings, so these tests pin the
 * plugin (reading the context, violations, status) and not the plan's rules.
 *   test.cdk8s-volumes/finding: "<severity> <rule> <field>"
 */
const planCalls: PlanOptions[] = [];
jest.mock('../src/plan/plan', () => ({
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
          findings: '0 errors, 0 warnings, 0 info',
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
    await new StorageValidation({ failOn: StorageValidationFailOn.WARNING }).validate(strict.context);
    expect(strict.submitted[0].status).toBe('failure');
    expect(strict.submitted[0].metadata?.failOn).toBe('warning');
  });

  test('info findings are left out unless reportInfo, and never fail', async () => {
    const files = [manifest('a.yaml', pvc('data', 'info pod-security'))];
    const quiet = fakeContext(files);
    await new StorageValidation({ failOn: StorageValidationFailOn.WARNING }).validate(quiet.context);
    expect(quiet.violations).toEqual([]);
    expect(quiet.submitted[0]).toMatchObject({
      status: 'success',
      metadata: { findings: '0 errors, 0 warnings, 1 info' },
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
    [{ failOn: 'fatal' }, 'StorageValidation: properties.failOn is "fatal"; expected "error" or "warning"'],
    [
      { defaultStorageClass: 5 },
      'StorageValidation: properties.defaultStorageClass is 5; expected a StorageClass name',
    ],
    [
      { defaultStorageClass: '' },
      'StorageValidation: properties.defaultStorageClass is ""; expected a StorageClass name',
    ],
    [{ reportInfo: 'yes' }, 'StorageValidation: properties.reportInfo is "yes"; expected true or false'],
  ])('bad properties %j fail early', (props, message) => {
    expect(() => new StorageValidation(props as any)).toThrow(message);
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
    const real: IStorageValidationContext = new ValidationContext([], 'cdk8s-volumes', '0.1.0');
    expect(real.manifests).toEqual([]);
  });

  test('loaded by cdk8s-cli from a local path, as a cdk8s.yaml `validations:` entry is', async () => {
    const file = manifest('app.k8s.yaml', pvc('data', 'error claim-pending spec.storageClassName'));
    const pluginsDir = path.join(dir, 'plugins');
    const { plugin, context } = ValidationPlugin.load(
      {
        package: `.${path.sep}${path.relative(process.cwd(), path.join(__dirname, '..', 'src', 'validation-plugin.ts'))}`,
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
