import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, USAGE } from '../../src/integrations/cli';
import type { PlanOptions, StoragePlan } from '../../src/plan/types';

/*
 * planStorage is replaced by a small fake, so these tests pin the CLI (arguments, loading,
 * formats, exit codes) and not the plan's rules, which have their own tests. The fake binds a
 * claim that names its volume, provisions one with a class, and leaves the rest pending with an
 * error finding.
 */
const planCalls: { manifests: readonly unknown[]; options?: PlanOptions }[] = [];
/** Set by the tests that need the real plan (its rules, its change plan): see `withRealPlan`. */
let mockRealPlan = false;
jest.mock('../../src/plan/plan', () => ({
  planStorage: (manifests: readonly any[], options?: PlanOptions): StoragePlan => {
    planCalls.push({ manifests, options });
    if (mockRealPlan) return jest.requireActual('../../src/plan/plan').planStorage(manifests, options);
    if (manifests.some((m) => m.kind === 'Ghost')) {
      // a finding about an object that is no manifest (as a StatefulSet's claims are): no file, no line
      return {
        claims: [],
        findings: [{ severity: 'warning', rule: 'ghost', object: 'Ghost/nowhere', message: 'boo' }],
      };
    }
    if (manifests.some((m) => m.kind === 'Boom'))
      throw new Error('boom: a fault of the plan\n    at planStorage (plan.ts:1:1)');
    const claims = manifests
      .filter((m) => m.kind === 'PersistentVolumeClaim')
      .map((m) => {
        const ns = m.metadata.namespace ?? 'default';
        const cls = m.spec?.storageClassName ?? options?.defaultStorageClass;
        if (m.spec?.volumeName)
          return {
            namespace: ns,
            name: m.metadata.name,
            outcome: 'bound' as const,
            volume: m.spec.volumeName,
            reason: 'fits',
          };
        if (cls)
          return {
            namespace: ns,
            name: m.metadata.name,
            outcome: 'provisioned' as const,
            storageClass: cls,
            reason: `by ${cls}`,
          };
        return {
          namespace: ns,
          name: m.metadata.name,
          outcome: 'pending' as const,
          reason: 'no volume fits',
        };
      });
    const findings = claims
      .filter((c) => c.outcome === 'pending')
      .map((c) => ({
        severity: 'error' as const,
        rule: 'claim-pending',
        object: `PersistentVolumeClaim/${c.namespace}/${c.name}`,
        message: 'stays Pending',
      }));
    const info = manifests
      .filter((m) => m.kind === 'ConfigMap')
      .map((m) => ({
        severity: 'info' as const,
        rule: 'a-note',
        object: `ConfigMap/default/${m.metadata.name}`,
        message: 'noted',
      }));
    return { claims, findings: [...findings, ...info] };
  },
}));

/** renderJson as it is, spied on (to see the extras the CLI hands it). */
jest.mock('../../src/plan/report', () => {
  const actual = jest.requireActual('../../src/plan/report');
  return { ...actual, renderJson: jest.fn(actual.renderJson) };
});

const FIX = 'test/fixtures/cli';

function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

beforeEach(() => {
  planCalls.length = 0;
  mockRealPlan = false;
});

/** The tests inside run the real planStorage. */
function withRealPlan(): void {
  beforeEach(() => {
    mockRealPlan = true;
  });
}

/** A temporary folder with `files` (name -> text), removed after the test. */
function folder(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  made.push(dir);
  return dir;
}
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('plan', () => {
  test('no error finding: the table, no RULES, the version judged for last; exit 0, nothing on stderr', () => {
    const r = run('plan', `${FIX}/clean.yaml`);
    expect(r).toEqual({
      code: 0,
      stdout:
        'NAMESPACE   CLAIM   OUTCOME   VOLUME/CLASS   REASON\n' +
        'default     data    bound     pv/pv-data     fits\n' +
        '\n' +
        'No findings.\n' +
        '\n' +
        '1 claim: 1 bound, 0 provisioned, 0 waiting, 0 pending. Findings: 0 errors, 0 warnings, 0 info.\n' +
        'Judged for Kubernetes 1.36.\n',
      stderr: '',
    });
    expect(planCalls[0].manifests).toHaveLength(2);
    expect(planCalls[0].options).toStrictEqual({
      kubernetesVersion: undefined,
      defaultStorageClass: undefined,
      disableRules: undefined,
      previous: undefined,
    });
  });

  test('an error finding: exit 1, findings listed with their file and line, each rule linked to its docs', () => {
    const r = run('plan', `${FIX}/broken.yaml`);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'NAMESPACE   CLAIM   OUTCOME   VOLUME/CLASS   REASON\n' +
        'default     huge    pending   -              no volume fits\n' +
        '\n' +
        'ERRORS (1)\n' +
        `  ${FIX}/broken.yaml:2: PersistentVolumeClaim/default/huge: stays Pending [claim-pending]\n` +
        '\n' +
        '1 claim: 0 bound, 0 provisioned, 0 waiting, 1 pending. Findings: 1 error, 0 warnings, 0 info.\n' +
        '\n' +
        'RULES\n' +
        '  claim-pending: https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#claim-pending\n' +
        'Judged for Kubernetes 1.36.\n',
    );
  });

  test('a file that cannot be parsed or read is an error finding: exit 1, the rest is still planned', () => {
    const r = run('plan', `${FIX}/unparsable.yaml`, `${FIX}/clean.yaml`, `${FIX}/missing.yaml`);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\ndefault +data +bound/);
    expect(r.stdout).toContain(
      `  ${FIX}/missing.yaml: file:${FIX}/missing.yaml: cannot read: no such file or directory [manifest-unreadable]\n`,
    );
    expect(r.stdout).toContain(
      `  ${FIX}/unparsable.yaml:2: file:${FIX}/unparsable.yaml#0: cannot parse YAML: unidentified alias ` +
        '"nowhere" at line 6, column 19 [manifest-unreadable]\n',
    );
  });

  test('a key set twice: a warning, the last value read (as kubectl reads it); an error with --strict', () => {
    const r = run('plan', `${FIX}/duplicate.yaml`);
    expect(r.code).toBe(0);
    expect(planCalls[0].manifests).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'dup' },
        spec: { storageClassName: 'gold' },
      },
    ]);
    const message =
      'the key `name` is set twice in one mapping (line 6): kubectl apply -f keeps the last value, kustomize ' +
      '(kubectl apply -k, Flux, Argo CD) rejects the file [manifest-duplicate-key]';
    expect(r.stdout).toContain(
      `\nWARNINGS (1)\n  ${FIX}/duplicate.yaml:2: file:${FIX}/duplicate.yaml#0: ${message}\n`,
    );
    const strict = run('plan', '--strict', `${FIX}/duplicate.yaml`);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(
      `\nERRORS (1)\n  ${FIX}/duplicate.yaml:2: file:${FIX}/duplicate.yaml#0: ${message}\n`,
    );
  });

  test('a directory is read recursively; what is not an object is skipped and counted', () => {
    const r = run('plan', FIX);
    expect(r.code).toBe(1);
    // broken.yaml, clean.yaml, duplicate.yaml, unparsable.yaml (a finding), values.yaml (skipped)
    expect(planCalls[0].manifests.map((m: any) => m.metadata.name)).toEqual([
      'huge',
      'pv-data',
      'data',
      'dup',
    ]);
    // the summary, the rules of the listed findings (sorted, once each), the skipped inputs, the version
    expect(
      r.stdout.endsWith(
        '\n\n3 claims: 1 bound, 1 provisioned, 0 waiting, 1 pending. Findings: 2 errors, 1 warning, 0 info.\n' +
          '\nRULES\n' +
          '  claim-pending: https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#claim-pending\n' +
          '  manifest-duplicate-key: https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#manifest-duplicate-key\n' +
          '  manifest-unreadable: https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#manifest-unreadable\n' +
          '\nSKIPPED (1): not Kubernetes API objects, not planned (--strict makes them errors)\n' +
          `  ${FIX}/values.yaml:2: the document has no kind: not a Kubernetes object (a Helm Chart.yaml or ` +
          "values file, a kustomization, a tool's configuration)\n" +
          'Judged for Kubernetes 1.36.\n',
      ),
    ).toBe(true);
  });

  test('--strict: what is not an object is an error, nothing is skipped', () => {
    const r = run('plan', '--strict', `${FIX}/values.yaml`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `\nERRORS (1)\n  ${FIX}/values.yaml:2: file:${FIX}/values.yaml#0: the document has no kind: ` +
        "not a Kubernetes object (a Helm Chart.yaml or values file, a kustomization, a tool's configuration) " +
        '(--strict) [manifest-not-an-object]\n',
    );
    expect(r.stdout).not.toContain('SKIPPED');
  });

  test('more than 20 skipped inputs: the first 20 listed, the rest counted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-skipped-'));
    try {
      for (let i = 0; i < 23; i++)
        fs.writeFileSync(path.join(dir, `v${String(i).padStart(2, '0')}.yaml`), 'a: 1\n');
      const table = run('plan', dir);
      expect(table.code).toBe(0);
      expect(table.stdout).toContain('\nSKIPPED (23): not Kubernetes API objects');
      expect(table.stdout).toContain('/v19.yaml:1: the document has no kind');
      expect(table.stdout).not.toContain('/v20.yaml');
      expect(
        table.stdout.endsWith(
          '\n  … and 3 more (--format json lists them all)\nJudged for Kubernetes 1.36.\n',
        ),
      ).toBe(true);
      const md = run('plan', '--format', 'markdown', dir);
      expect(md.stdout).toContain(
        '\n## Skipped\n\n23 inputs are not Kubernetes API objects and not planned:\n',
      );
      expect(md.stdout.endsWith('\n\n… and 3 more.\n')).toBe(true);
      const json = JSON.parse(run('plan', '--format', 'json', dir).stdout);
      expect(json.summary.skipped).toBe(23);
      expect(json.skipped).toHaveLength(23);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--default-storage-class reaches the plan, with a space or =; none: the cluster has none ("")', () => {
    expect(run('plan', '--default-storage-class', 'gold', `${FIX}/broken.yaml`).code).toBe(0);
    expect(planCalls[0].options?.defaultStorageClass).toBe('gold');
    const r = run('plan', `${FIX}/broken.yaml`, '--default-storage-class=silver');
    expect(r.stdout).toMatch(/\ndefault +huge +provisioned +sc\/silver +by silver\n/);
    expect(run('plan', '--default-storage-class', 'none', `${FIX}/broken.yaml`).code).toBe(1);
    expect(planCalls[2].options?.defaultStorageClass).toBe('');
    run('plan', '--default-storage-class=none', `${FIX}/broken.yaml`);
    expect(planCalls[3].options?.defaultStorageClass).toBe('');
  });

  test('--format json: the stable JSON of the plan, load findings included, with files, lines and skips', () => {
    const r = run(
      'plan',
      '--format',
      'json',
      `${FIX}/clean.yaml`,
      `${FIX}/unparsable.yaml`,
      `${FIX}/values.yaml`,
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toEqual({
      kubernetesVersion: '1.36',
      claims: 1,
      bound: 1,
      provisioned: 0,
      waiting: 0,
      pending: 0,
      errors: 1,
      warnings: 0,
      info: 0,
      suppressed: 0,
      skipped: 1,
    });
    expect(json.claims[0]).toEqual({
      namespace: 'default',
      name: 'data',
      outcome: 'bound',
      volume: 'pv-data',
      reason: 'fits',
    });
    expect(json.findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: `file:${FIX}/unparsable.yaml#0`,
        message: 'cannot parse YAML: unidentified alias "nowhere" at line 6, column 19',
        file: `${FIX}/unparsable.yaml`,
        line: 2,
      },
    ]);
    expect(json.skipped).toEqual([
      {
        file: `${FIX}/values.yaml`,
        line: 2,
        reason:
          "the document has no kind: not a Kubernetes object (a Helm Chart.yaml or values file, a kustomization, a tool's configuration)",
      },
    ]);
    expect(Object.keys(json)).toEqual(['summary', 'claims', 'findings', 'skipped']);
  });

  test('--format json: the text is the stable two-space JSON, whatever it holds', () => {
    for (const files of [
      [`${FIX}/clean.yaml`],
      [FIX],
      [`${FIX}/values.yaml`, `${FIX}/broken.yaml`],
      ['missing.yaml'],
    ]) {
      const out = run('plan', '--format', 'json', ...files).stdout;
      expect(out).toBe(JSON.stringify(JSON.parse(out), null, 2) + '\n');
    }
  });

  test('--format json: 12 000 findings, each with its file and line, the same text', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-many-'));
    try {
      const claim = (i: number): string =>
        `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c-${i}\n  namespace: ns\n`;
      fs.writeFileSync(
        path.join(dir, 'many.yaml'),
        Array.from({ length: 12_000 }, (_, i) => claim(i)).join('---\n'),
      );
      const pieces: string[] = [];
      const code = main(['plan', '--format', 'json', dir], {
        stdout: { write: (t: string) => pieces.push(t) },
        stderr: { write: () => undefined },
      });
      expect(code).toBe(1);
      const out = pieces.join('');
      const json = JSON.parse(out);
      expect(out).toBe(JSON.stringify(json, null, 2) + '\n');
      expect(json.findings).toHaveLength(12_000);
      expect(json.findings[11_999]).toEqual({
        severity: 'error',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/ns/c-9999',
        message: 'stays Pending',
        file: `${dir}/many.yaml`,
        line: 9999 * 6 + 1,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--format json: the version and the skipped inputs are renderJson extras', () => {
    const report = jest.requireMock('../../src/plan/report') as { renderJson: jest.Mock };
    report.renderJson.mockClear();
    run(
      'plan',
      '--format',
      'json',
      '--kubernetes-version',
      'v1.29.3',
      `${FIX}/clean.yaml`,
      `${FIX}/values.yaml`,
    );
    expect(report.renderJson).toHaveBeenCalledTimes(1);
    expect(report.renderJson.mock.calls[0][1]).toEqual({
      kubernetesVersion: '1.29',
      skipped: [
        {
          file: `${FIX}/values.yaml`,
          line: 2,
          reason:
            "the document has no kind: not a Kubernetes object (a Helm Chart.yaml or values file, a kustomization, a tool's configuration)",
        },
      ],
    });
  });

  test('--format json: a plan finding gets the file and line of its object', () => {
    const json = JSON.parse(run('plan', '--format=json', `${FIX}/broken.yaml`).stdout);
    expect(json.findings).toEqual([
      {
        severity: 'error',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/default/huge',
        message: 'stays Pending',
        file: `${FIX}/broken.yaml`,
        line: 2,
      },
    ]);
    expect(json.skipped).toEqual([]);
    expect(json.summary.skipped).toBe(0);
  });

  test('--format=markdown: the Markdown report with the graph', () => {
    const r = run('plan', '--format=markdown', `${FIX}/clean.yaml`);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# Storage plan\n')).toBe(true);
    expect(r.stdout).toContain('  pvc_default_data --> pv_pv_data\n');
  });

  test('-- ends options: a file may start with a dash', () => {
    const r = run('plan', '--', '--no-such-file.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('file:--no-such-file.yaml: cannot read');
  });

  test('a finding about no manifest has no file; a file skipped whole has no line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-ghost-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-outside-'));
    try {
      fs.writeFileSync(path.join(dir, 'g.yaml'), 'apiVersion: v1\nkind: Ghost\nmetadata:\n  name: g\n');
      fs.writeFileSync(path.join(outside, 'x.yaml'), 'apiVersion: v1\nkind: Ghost\nmetadata:\n  name: x\n');
      fs.symlinkSync(path.join(outside, 'x.yaml'), path.join(dir, 'link.yaml'));
      const json = JSON.parse(run('plan', '--format', 'json', dir).stdout);
      expect(json.findings).toEqual([
        { severity: 'warning', rule: 'ghost', object: 'Ghost/nowhere', message: 'boo' },
      ]);
      expect(json.skipped).toEqual([
        {
          file: `${dir}/link.yaml`,
          reason: 'a symbolic link that leads outside the paths given: not followed',
        },
      ]);
      expect(run('plan', dir).stdout).toContain(
        `\n  ${dir}/link.yaml: a symbolic link that leads outside the paths given: not followed\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('--show-info lists the info findings the table otherwise counts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-info-'));
    try {
      fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n');
      expect(run('plan', dir).stdout).toContain('\n1 info finding not shown (--show-info lists them).\n');
      expect(run('plan', dir, '--show-info').stdout).toContain(
        // a folder outside the working folder is named absolute
        `\nINFO (1)\n  ${dir}/cm.yaml:1: ConfigMap/default/cm: noted [a-note]\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a fault of the plan itself: one line on stderr, exit 3, never a stack trace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-boom-'));
    try {
      fs.writeFileSync(path.join(dir, 'boom.yaml'), 'apiVersion: v1\nkind: Boom\nmetadata:\n  name: b\n');
      expect(run('plan', dir)).toEqual({
        code: 3,
        stdout: '',
        stderr: 'cdk8s-volumes: internal error: boom: a fault of the plan\n',
      });
      const thrown = jest.requireMock('../../src/plan/plan') as { planStorage: (...a: unknown[]) => unknown };
      const spy = jest.spyOn(thrown, 'planStorage').mockImplementationOnce(() => {
        throw 'x'.repeat(500);
      });
      expect(run('plan', dir)).toEqual({
        code: 3,
        stdout: '',
        stderr: `cdk8s-volumes: internal error: ${'x'.repeat(200)}…\n`,
      });
      spy.mockImplementationOnce(() => {
        throw null;
      });
      expect(run('plan', dir).stderr).toBe('cdk8s-volumes: internal error: null\n');
      spy.mockImplementationOnce(() => {
        throw { message: 42, toString: () => 'an object with a message that is no string' };
      });
      expect(run('plan', dir).stderr).toBe(
        'cdk8s-volumes: internal error: an object with a message that is no string\n',
      );
      spy.mockRestore();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the same input prints the same output', () => {
    for (const format of ['table', 'json', 'markdown']) {
      expect(run('plan', '--format', format, FIX).stdout).toBe(run('plan', '--format', format, FIX).stdout);
    }
  });
});

/** git with a fixed identity, in `cwd`. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Runs `fn` with the working folder `dir`, as a user in that folder runs the binary. */
function inFolder<T>(dir: string, fn: () => T): T {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return fn();
  } finally {
    process.chdir(before);
  }
}

const claimYaml = (name: string): string =>
  `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n` +
  '  storageClassName: gold\n';
const storageClassYaml = (type: string): string =>
  'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: ebs.csi.aws.com\n' +
  `reclaimPolicy: Retain\nparameters:\n  type: ${type}\n`;

describe('options', () => {
  test('--kubernetes-version reaches the plan as given; the output names the minor judged for', () => {
    const r = run('plan', '--kubernetes-version', '1.30', `${FIX}/clean.yaml`);
    expect(planCalls[0].options?.kubernetesVersion).toBe('1.30');
    expect(r.stdout.endsWith('\nJudged for Kubernetes 1.30.\n')).toBe(true);
    const patch = run('plan', `${FIX}/clean.yaml`, '--kubernetes-version=v1.31.2-eks-1');
    expect(planCalls[1].options?.kubernetesVersion).toBe('v1.31.2-eks-1');
    expect(patch.stdout.endsWith('\nJudged for Kubernetes 1.31.\n')).toBe(true);
    const json = JSON.parse(
      run('plan', '--format', 'json', '--kubernetes-version', '1.27', `${FIX}/clean.yaml`).stdout,
    );
    expect(json.summary.kubernetesVersion).toBe('1.27');
    expect(Object.keys(json.summary)[0]).toBe('kubernetesVersion');
  });

  test('--previous (repeatable): those manifests are the previous version; their load findings are listed', () => {
    const r = run(
      'plan',
      `${FIX}/clean.yaml`,
      '--previous',
      `${FIX}/broken.yaml`,
      `--previous=${FIX}/unparsable.yaml`,
      '--previous',
      `${FIX}/clean.yaml`,
    );
    expect(planCalls).toHaveLength(1);
    expect((planCalls[0].options?.previous as any[]).map((m) => m.metadata.name)).toEqual([
      'huge',
      'pv-data',
      'data',
    ]);
    expect(planCalls[0].manifests.map((m: any) => m.metadata.name)).toEqual(['pv-data', 'data']);
    expect(r.code).toBe(1);
    // said to be of the previous version: the same file can also be among the paths planned
    expect(r.stdout).toContain(
      `\nERRORS (1)\n  ${FIX}/unparsable.yaml:2: file:${FIX}/unparsable.yaml#0: previous version: cannot parse ` +
        'YAML: unidentified alias "nowhere" at line 6, column 19 [manifest-unreadable]\n',
    );
    expect(r.stderr).toBe('');
  });

  test('--previous that cannot be read: an error finding "previous version: ...", the rest is planned', () => {
    const r = run('plan', `${FIX}/clean.yaml`, '--previous', `${FIX}/missing.yaml`, '--format=json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(planCalls[0].options?.previous).toEqual([]);
    expect(JSON.parse(r.stdout).findings).toEqual([
      {
        severity: 'error',
        rule: 'manifest-unreadable',
        object: `file:${FIX}/missing.yaml`,
        message: 'previous version: cannot read: no such file or directory',
        file: `${FIX}/missing.yaml`,
      },
    ]);
  });

  test('--previous is read with --strict too', () => {
    const r = run('plan', '--strict', `${FIX}/clean.yaml`, '--previous', `${FIX}/values.yaml`);
    expect(r.code).toBe(1);
    expect(planCalls[0].options?.previous).toEqual([]);
    expect(r.stdout).toContain(
      `\nERRORS (1)\n  ${FIX}/values.yaml:2: file:${FIX}/values.yaml#0: previous version: the document has no kind: ` +
        "not a Kubernetes object (a Helm Chart.yaml or values file, a kustomization, a tool's configuration) " +
        '(--strict) [manifest-not-an-object]\n',
    );
    expect(r.stdout).not.toContain('SKIPPED');
  });

  describe('--previous-git REV: the same paths at a git revision', () => {
    let repo: string;
    beforeEach(() => {
      repo = folder({
        'dist/a.yaml': claimYaml('old'),
        'dist/bad.yaml': 'a: [\n',
        'dist/notes.txt': 'not read',
      });
      git(repo, 'init', '-q');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'before');
      fs.writeFileSync(path.join(repo, 'dist', 'a.yaml'), claimYaml('new'));
      fs.rmSync(path.join(repo, 'dist', 'bad.yaml'));
    });

    test('the committed manifests are the previous version; their findings carry REV:path', () => {
      const r = inFolder(repo, () => run('plan', 'dist', '--previous-git', 'HEAD'));
      expect(planCalls[0].manifests.map((m: any) => m.metadata.name)).toEqual(['new']);
      expect((planCalls[0].options?.previous as any[]).map((m) => m.metadata.name)).toEqual(['old']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        '\nERRORS (1)\n  HEAD:dist/bad.yaml:1: file:HEAD:dist/bad.yaml#0: previous version: cannot parse YAML: ' +
          'unexpected end of the stream within a flow collection at line 2, column 1 [manifest-unreadable]\n',
      );
      expect(r.stderr).toBe('');
    });

    test('a path outside the repository: a usage error on stderr, exit 2, nothing planned', () => {
      const r = inFolder(repo, () => run('plan', 'dist', '--previous-git=HEAD', '../elsewhere'));
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: 'cdk8s-volumes: --previous-git: ../elsewhere is outside the repository\n',
      });
      expect(planCalls).toEqual([]);
    });

    // A shallow CI checkout without the base branch, a first commit: what is there now is still
    // judged, without a change plan, and a note on stderr says why.
    const provisioned = (claim: string): string =>
      'NAMESPACE   CLAIM   OUTCOME       VOLUME/CLASS   REASON\n' +
      `default     ${claim.padEnd(5)}   provisioned   sc/gold        by gold\n\nNo findings.\n\n` +
      '1 claim: 0 bound, 1 provisioned, 0 waiting, 0 pending. Findings: 0 errors, 0 warnings, 0 info.\n' +
      'Judged for Kubernetes 1.36.\n';

    test('an unknown revision: no previous version, a note on stderr, the plan without changes, exit 0', () => {
      const r = inFolder(repo, () => run('plan', 'dist', '--previous-git', 'no-such-branch'));
      expect(r).toEqual({
        code: 0,
        stdout: provisioned('new'),
        stderr:
          'cdk8s-volumes: note: no previous version, the change plan is left out: --previous-git: "no-such-branch" ' +
          'is not a revision of this repository\n',
      });
      expect(planCalls[0].options?.previous).toBeUndefined();
    });

    test('an unknown revision in a full clone with history: a typo, so a usage error, exit 2, nothing planned', () => {
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'after');
      const r = inFolder(repo, () => run('plan', 'dist', '--previous-git', 'orgin/main'));
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'cdk8s-volumes: --previous-git: "orgin/main" is not a revision of this repository (the clone is full, ' +
          'so no fetch is missing: check the name, e.g. origin/main)\n',
      });
      expect(planCalls).toEqual([]);
    });

    test('outside a git repository: no previous version, a note on stderr, exit 0', () => {
      const outside = folder({ 'dist/a.yaml': claimYaml('a') });
      const r = inFolder(outside, () => run('plan', 'dist', '--previous-git', 'HEAD'));
      expect(r).toEqual({
        code: 0,
        stdout: provisioned('a'),
        stderr:
          'cdk8s-volumes: note: no previous version, the change plan is left out: --previous-git: the current ' +
          'folder is not inside a git repository\n',
      });
      expect(planCalls[0].options?.previous).toBeUndefined();
    });

    test('a path missing at the revision: everything in it is created, and a note says so', () => {
      fs.mkdirSync(path.join(repo, 'more'));
      fs.writeFileSync(path.join(repo, 'more', 'b.yaml'), claimYaml('b'));
      const r = inFolder(repo, () => run('plan', 'dist', 'more', '--previous-git', 'HEAD', '--format=json'));
      expect(r.stderr).toBe(
        'cdk8s-volumes: note: more does not exist at HEAD: everything in it is created\n',
      );
      expect((planCalls[0].options?.previous as any[]).map((m) => m.metadata.name)).toEqual(['old']);
      expect(planCalls[0].manifests.map((m: any) => m.metadata.name)).toEqual(['new', 'b']);
    });
  });

  test('--fail-on: the lowest severity that exits 1; never: always 0', () => {
    const ghost = folder({ 'g.yaml': 'apiVersion: v1\nkind: Ghost\nmetadata:\n  name: g\n' });
    expect(run('plan', ghost).code).toBe(0); // a warning, and the default is error
    expect(run('plan', ghost, '--fail-on', 'error').code).toBe(0);
    expect(run('plan', ghost, '--fail-on', 'warning').code).toBe(1);
    expect(run('plan', ghost, '--fail-on=never').code).toBe(0);
    expect(run('plan', `${FIX}/broken.yaml`, '--fail-on', 'warning').code).toBe(1);
    expect(run('plan', `${FIX}/broken.yaml`, '--fail-on', 'never')).toMatchObject({ code: 0, stderr: '' });
    const info = folder({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n' });
    expect(run('plan', info, '--fail-on', 'warning').code).toBe(0); // info never fails
    // the same value twice (a CI template and a job agreeing) is no mistake
    expect(run('plan', ghost, '--fail-on', 'warning', '--fail-on=warning').code).toBe(1);
  });

  test('--min-severity filters what is written; the exit status still counts every finding', () => {
    const r = run('plan', FIX, '--min-severity', 'error');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('WARNINGS');
    expect(r.stdout).not.toContain('manifest-duplicate-key');
    // what is left out is said, and the summary counts every finding
    expect(r.stdout).toContain(
      '\nNot shown (--min-severity error): 1 warning.\n\n' +
        '3 claims: 1 bound, 1 provisioned, 0 waiting, 1 pending. Findings: 2 errors, 1 warning, 0 info.\n',
    );
    expect(r.stdout).toContain(
      '\nRULES\n  claim-pending: https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#claim-pending\n  manifest-unreadable: https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#manifest-unreadable\n',
    );
    // the only finding is a warning and fails the run (--fail-on warning): shown whatever
    // --min-severity says, so a run that exits 1 always says why
    const warned = run('plan', `${FIX}/duplicate.yaml`, '--min-severity=error', '--fail-on', 'warning');
    expect(warned.code).toBe(1);
    expect(warned.stdout).toContain('\nWARNINGS (1)\n');
    expect(warned.stdout).not.toContain('Not shown');
    expect(warned.stdout).not.toContain('No findings.');
    // JSON too; info is the default
    const info = folder({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n' });
    expect(JSON.parse(run('plan', '--format', 'json', info).stdout).findings).toHaveLength(1);
    expect(
      JSON.parse(run('plan', '--format', 'json', info, '--min-severity', 'warning').stdout).findings,
    ).toEqual([]);
    expect(
      JSON.parse(run('plan', '--format', 'json', info, '--min-severity', 'info').stdout).findings,
    ).toHaveLength(1);
  });

  test('--disable: comma lists, repeatable, blanks dropped, reach the plan as disableRules', () => {
    run(
      'plan',
      `${FIX}/clean.yaml`,
      '--disable',
      'claim-pending,reclaim-delete',
      '--disable= hostpath-sensitive ,,',
    );
    expect(planCalls[0].options?.disableRules).toEqual([
      'claim-pending',
      'reclaim-delete',
      'hostpath-sensitive',
    ]);
    run('plan', `${FIX}/clean.yaml`, '--disable', ',');
    expect(planCalls[1].options?.disableRules).toBeUndefined();
  });

  test('--show-info: the info findings listed, and their rules linked', () => {
    const dir = folder({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n' });
    const hidden = run('plan', dir);
    expect(hidden.stdout).not.toContain('RULES');
    expect(run('plan', dir, '--show-info').stdout).toContain(
      `\nINFO (1)\n  ${dir}/cm.yaml:1: ConfigMap/default/cm: noted [a-note]\n\n` +
        '0 claims: 0 bound, 0 provisioned, 0 waiting, 0 pending. Findings: 0 errors, 0 warnings, 1 info.\n\n' +
        'RULES\n  a-note: https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#a-note\nJudged for Kubernetes 1.36.\n',
    );
  });

  test('--format sarif: SARIF 2.1.0 naming the tool, its rules and each result with its file and line', () => {
    const r = run('plan', '--format', 'sarif', `${FIX}/broken.yaml`);
    expect(r.code).toBe(1);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('cdk8s-volumes');
    expect(driver.version).toBe(require('../../package.json').version);
    const { RULES } = jest.requireActual(
      '../../src/rules/catalogue',
    ) as typeof import('../../src/rules/catalogue');
    expect(driver.rules.map((rule: any) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    const index = driver.rules.findIndex((rule: any) => rule.id === 'claim-pending');
    expect(driver.rules[index].helpUri).toBe(
      'https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#claim-pending',
    );
    expect(log.runs[0].results).toEqual([
      {
        ruleId: 'claim-pending',
        ruleIndex: index,
        level: 'error',
        message: { text: 'PersistentVolumeClaim/default/huge: stays Pending' },
        locations: [
          {
            logicalLocations: [
              { fullyQualifiedName: 'PersistentVolumeClaim/default/huge', kind: 'resource' },
            ],
            physicalLocation: {
              artifactLocation: { uri: `${FIX}/broken.yaml` },
              region: { startLine: 2, startColumn: 1 },
            },
          },
        ],
        partialFingerprints: { 'objectRuleField/v1': 'PersistentVolumeClaim/default/huge|claim-pending|' },
      },
    ]);
  });

  test('--format junit: a suite per file, a failure per finding at or above --fail-on', () => {
    const r = run('plan', '--format=junit', `${FIX}/broken.yaml`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="cdk8s-volumes" tests="1" failures="1" errors="0" skipped="0">',
        `  <testsuite name="${FIX}/broken.yaml" tests="1" failures="1" errors="0" skipped="0">`,
        `    <testcase classname="claim-pending" name="PersistentVolumeClaim/default/huge" file="${FIX}/broken.yaml" line="2">`,
        '      <failure type="error" message="stays Pending">PersistentVolumeClaim/default/huge: stays Pending</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  test('--format markdown: one skipped input, and a | in its name escaped', () => {
    const dir = folder({ 'a|b.yaml': 'a: 1\n' });
    const md = run('plan', '--format', 'markdown', dir).stdout;
    expect(
      md.endsWith(
        '\n## Skipped\n\n1 input is not Kubernetes API objects and not planned:\n\n| Where | Why |\n| --- | --- |\n' +
          `| ${dir}/a\\|b.yaml:1 | the document has no kind: not a Kubernetes object (a Helm Chart.yaml or values ` +
          "file, a kustomization, a tool's configuration) |\n",
      ),
    ).toBe(true);
  });

  test('without an io, main writes to the process', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(main(['--help'])).toBe(0);
      expect(write.mock.calls).toEqual([[USAGE]]);
    } finally {
      write.mockRestore();
    }
  });

  test('-- after -h: a file named --help is a file', () => {
    const r = run('plan', '--', '--help');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('file:--help: cannot read: no such file or directory [manifest-unreadable]');
  });
});

describe('with the real plan', () => {
  withRealPlan();

  test('--kubernetes-version decides the verdict: cephfs deprecated at 1.30 (exit 0), removed at 1.31 (exit 1)', () => {
    const dir = folder({
      'pv.yaml':
        'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: ceph\nspec:\n  capacity:\n    storage: 1Gi\n' +
        '  accessModes: [ReadWriteMany]\n  persistentVolumeReclaimPolicy: Retain\n  cephfs:\n    monitors: [10.0.0.1]\n',
    });
    const at30 = run('plan', dir, '--kubernetes-version', '1.30');
    expect(at30.code).toBe(0);
    expect(at30.stdout).toContain(
      `\nWARNINGS (1)\n  ${dir}/pv.yaml:1: PersistentVolume/ceph spec.cephfs: volume source cephfs is deprecated (since 1.28)`,
    );
    expect(at30.stdout).toContain(
      '\nRULES\n  source-deprecated: https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#source-deprecated\nJudged for Kubernetes 1.30.\n',
    );
    const at31 = run('plan', dir, '--kubernetes-version', '1.31');
    expect(at31.code).toBe(1);
    expect(at31.stdout).toContain(
      `\nERRORS (1)\n  ${dir}/pv.yaml:1: PersistentVolume/ceph spec.cephfs: volume source cephfs is removed in Kubernetes 1.31`,
    );
    expect(at31.stdout.endsWith('\nJudged for Kubernetes 1.31.\n')).toBe(true);
  });

  test('--disable: a rule id that does not exist is a usage error (exit 2); a real one is suppressed and counted', () => {
    const unknown = run('plan', `${FIX}/clean.yaml`, '--disable', 'claim-pending,no-such-rule');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.split('\n')[0]).toBe(
      'cdk8s-volumes: --disable: "no-such-rule" is not a rule id; the ids are listed in docs/rules.md (and in SARIF output)',
    );
    const disabled = run(
      'plan',
      `${FIX}/broken.yaml`,
      '--disable',
      'quantity-format,claim-unused',
      '--format',
      'json',
    );
    const json = JSON.parse(disabled.stdout);
    expect(json.findings.map((f: any) => f.rule)).not.toContain('quantity-format');
    expect(json.suppressed.map((f: any) => [f.rule, f.suppressedBy, f.reason])).toEqual([
      ['quantity-format', 'option', 'disabled by the disableRules option'],
      ['claim-unused', 'option', 'disabled by the disableRules option'],
    ]);
    expect(json.summary.suppressed).toBe(2);
  });

  // What a suppression looks like in CI: still a result (code scanning shows it dismissed, with
  // the reason), still a test case (skipped), counted in the table, and never a failure.
  test('suppressed findings: SARIF results with suppressions, JUnit skipped cases, counted in the table; exit 0', () => {
    const dir = folder({
      'a.yaml':
        'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: a\n  namespace: shop\n  annotations:\n' +
        '    ignore-check.cdk8s-volumes.io/claim-pending: "bound by hand to a volume made outside git"\n' +
        'spec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: ""\n  resources:\n    requests:\n' +
        '      storage: 1Gi\n',
    });
    const args = ['plan', dir, '--disable', 'claim-unused', '--fail-on', 'warning'];
    const table = run(...args);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      '\nNo findings.\n\n1 claim: 0 bound, 0 provisioned, 0 waiting, 1 pending. Findings: 0 errors, 0 warnings, ' +
        '0 info, 2 suppressed.\n',
    );
    const sarif = run(...args, '--format', 'sarif');
    expect(sarif.code).toBe(0);
    const log = JSON.parse(sarif.stdout);
    expect(log.runs[0].tool.driver.informationUri).toBe(require('../../package.json').homepage);
    expect(
      log.runs[0].results.map((r: any) => [r.ruleId, r.suppressions, r.locations[0].physicalLocation]),
    ).toEqual([
      [
        'claim-pending',
        [
          {
            kind: 'inSource',
            status: 'accepted',
            justification: 'bound by hand to a volume made outside git',
          },
        ],
        { artifactLocation: { uri: `file://${dir}/a.yaml` }, region: { startLine: 1, startColumn: 1 } },
      ],
      [
        'claim-unused',
        [{ kind: 'external', status: 'accepted', justification: 'disabled by the disableRules option' }],
        { artifactLocation: { uri: `file://${dir}/a.yaml` }, region: { startLine: 1, startColumn: 1 } },
      ],
    ]);
    const junit = run(...args, '--format', 'junit');
    expect(junit.code).toBe(0);
    expect(junit.stdout).toContain(
      '<testsuites name="cdk8s-volumes" tests="2" failures="0" errors="0" skipped="2">\n' +
        `  <testsuite name="${dir}/a.yaml" tests="2" failures="0" errors="0" skipped="2">\n` +
        `    <testcase classname="claim-pending" name="PersistentVolumeClaim/shop/a" file="${dir}/a.yaml" line="1">\n` +
        '      <skipped message="suppressed (annotation): bound by hand to a volume made outside git"/>\n',
    );
  });

  test('--previous: the changes in JSON and in the table, the change findings with their file', () => {
    const before = folder({ 'sc.yaml': storageClassYaml('gp2') });
    const after = folder({ 'sc.yaml': storageClassYaml('gp3') });
    const json = JSON.parse(run('plan', after, '--previous', before, '--format', 'json').stdout);
    expect(json.changes).toEqual([
      {
        object: 'StorageClass/fast',
        apiVersion: 'storage.k8s.io/v1',
        action: 'update',
        fields: ['parameters.type'],
      },
    ]);
    expect(json.findings.filter((f: any) => f.severity === 'error')).toEqual([
      {
        severity: 'error',
        rule: 'update-immutable',
        object: 'StorageClass/fast',
        field: 'parameters',
        message:
          'parameters changed from {type: "gp2"} to {type: "gp3"}: the API server refuses the update ' +
          '(ValidateStorageClassUpdate: "updates to parameters are forbidden."); volumes already provisioned keep the ' +
          'old settings: create a class with a new name for new claims',
        file: `${after}/sc.yaml`,
        line: 1,
      },
    ]);
    const table = run('plan', after, '--previous', before);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(
      '\nCHANGES (1 of 1 object)\n  update StorageClass/fast (parameters.type)\n',
    );
    // without --previous: no changes key
    expect(Object.keys(JSON.parse(run('plan', after, '--format', 'json').stdout))).toEqual([
      'summary',
      'claims',
      'findings',
      'skipped',
    ]);
  });

  test('--previous-git: the same, from the committed version', () => {
    const repo = folder({ 'dist/sc.yaml': storageClassYaml('gp2') });
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'before');
    fs.writeFileSync(path.join(repo, 'dist', 'sc.yaml'), storageClassYaml('gp3'));
    const r = inFolder(repo, () => run('plan', 'dist', '--previous-git', 'HEAD', '--format', 'json'));
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.changes).toEqual([
      {
        object: 'StorageClass/fast',
        apiVersion: 'storage.k8s.io/v1',
        action: 'update',
        fields: ['parameters.type'],
      },
    ]);
    expect(
      json.findings.filter((f: any) => f.severity === 'error').map((f: any) => [f.rule, f.file]),
    ).toEqual([['update-immutable', 'dist/sc.yaml']]);
  });
});

describe('usage', () => {
  test.each([
    [['--help']],
    [['-h']],
    [['plan', '--help']],
    [['plan', 'x.yaml', '-h']],
    [['plan', '-h', '--', 'x']],
  ])('%j: usage on stdout, exit 0', (argv: string[]) => {
    const r = run(...argv);
    expect(r).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    expect(planCalls).toEqual([]);
  });

  test.each([
    [[], 'missing command'],
    [['apply', 'x.yaml'], 'unknown command: apply'],
    [['plan'], 'plan needs at least one file or directory'],
    [['plan', '--verbose', 'x.yaml'], 'unknown option: --verbose'],
    [
      ['plan', 'x.yaml', '--format', 'xml'],
      '--format: "xml" is not allowed; allowed: table, json, markdown, sarif, junit',
    ],
    [
      ['plan', 'x.yaml', '--format=JSON'],
      '--format: "JSON" is not allowed; allowed: table, json, markdown, sarif, junit',
    ],
    [['plan', 'x.yaml', '--format'], '--format needs a value; allowed: table, json, markdown, sarif, junit'],
    [
      ['plan', 'x.yaml', '--format', ''],
      '--format needs a value; allowed: table, json, markdown, sarif, junit',
    ],
    [
      ['plan', 'x.yaml', '--format', 'json', '--format=sarif'],
      '--format is given twice, as "json" and "sarif": give it once',
    ],
    [
      ['plan', 'x.yaml', '--default-storage-class='],
      '--default-storage-class needs a StorageClass name, or none',
    ],
    [
      ['plan', 'x.yaml', '--default-storage-class'],
      '--default-storage-class needs a StorageClass name, or none',
    ],
    [
      ['plan', 'x.yaml', '--kubernetes-version', '1.26'],
      '--kubernetes-version: kubernetesVersion "1.26" is not a Kubernetes minor this release knows; allowed: ' +
        '1.27 to 1.36 (e.g. 1.30)',
    ],
    [
      ['plan', 'x.yaml', '--kubernetes-version=2.0'],
      '--kubernetes-version: kubernetesVersion "2.0" is not a Kubernetes minor this release knows; allowed: ' +
        '1.27 to 1.36 (e.g. 1.30)',
    ],
    [['plan', 'x.yaml', '--kubernetes-version'], '--kubernetes-version: needs a value'],
    [['plan', 'x.yaml', '--previous'], '--previous needs a file or directory'],
    [['plan', 'x.yaml', '--previous='], '--previous needs a file or directory'],
    [
      ['plan', 'x.yaml', '--previous', '--strict'],
      '--previous needs a file or directory, not the option "--strict"',
    ],
    [
      ['plan', 'x.yaml', '--cluster', '--format=json'],
      '--cluster needs a file or directory, not the option "--format=json"',
    ],
    [['plan', 'x.yaml', '--previous-git'], '--previous-git needs a git revision, e.g. origin/main'],
    [['plan', 'x.yaml', '--previous-git='], '--previous-git needs a git revision, e.g. origin/main'],
    [
      ['plan', 'x.yaml', '--previous-git', '--strict'],
      '--previous-git needs a git revision, e.g. origin/main',
    ],
    [
      ['plan', 'x.yaml', '--previous', 'a', '--previous-git', 'HEAD'],
      'use --previous or --previous-git, not both',
    ],
    [['plan', '-', '--previous-git', 'HEAD'], '--previous-git needs file or directory paths, not -'],
    [
      ['plan', 'x.yaml', '--fail-on', 'info'],
      '--fail-on: "info" is not allowed; allowed: error, warning, never',
    ],
    [
      ['plan', 'x.yaml', '--fail-on=warnings'],
      '--fail-on: "warnings" is not allowed; allowed: error, warning, never',
    ],
    [
      ['plan', 'x.yaml', '--fail-on', ' error'],
      '--fail-on: " error" is not allowed; allowed: error, warning, never',
    ],
    [['plan', 'x.yaml', '--fail-on'], '--fail-on needs a value; allowed: error, warning, never'],
    [['plan', 'x.yaml', '--fail-on='], '--fail-on needs a value; allowed: error, warning, never'],
    [
      ['plan', 'x.yaml', '--fail-on', 'error', '--fail-on', 'never'],
      '--fail-on is given twice, as "error" and "never": give it once',
    ],
    [
      ['plan', 'x.yaml', '--min-severity=debug'],
      '--min-severity: "debug" is not allowed; allowed: error, warning, info',
    ],
    [
      ['plan', 'x.yaml', '--min-severity', 'Warning'],
      '--min-severity: "Warning" is not allowed; allowed: error, warning, info',
    ],
    [['plan', 'x.yaml', '--min-severity'], '--min-severity needs a value; allowed: error, warning, info'],
    [
      ['plan', 'x.yaml', '--min-severity=info', '--min-severity=error'],
      '--min-severity is given twice, as "info" and "error": give it once',
    ],
    [
      ['plan', 'x.yaml', '--format', 'x'.repeat(100)],
      `--format: "${'x'.repeat(80)}…" is not allowed; allowed: table, json, markdown, sarif, junit`,
    ],
    [
      ['plan', 'x.yaml', '--kubernetes-version=1.30', '--kubernetes-version', '1.31'],
      '--kubernetes-version is given twice, as "1.30" and "1.31": give it once',
    ],
    [
      ['plan', 'x.yaml', '--default-storage-class=gold', '--default-storage-class', 'none'],
      '--default-storage-class is given twice, as "gold" and "none": give it once',
    ],
    [
      ['plan', 'x.yaml', '--previous-git=HEAD', '--previous-git', 'origin/main'],
      '--previous-git is given twice, as "HEAD" and "origin/main": give it once',
    ],
    [
      ['plan', '-', '-'],
      '- (standard input) can be read once, and is named 2 times (a path, a path): give all but one a file',
    ],
    [
      ['plan', '-', '--previous', '-'],
      '- (standard input) can be read once, and is named 2 times (a path, --previous): give all but one a file',
    ],
    [
      ['plan', 'x.yaml', '--previous=-', '--cluster', '-'],
      '- (standard input) can be read once, and is named 2 times (--previous, --cluster): give all but one a file',
    ],
    [
      ['plan', '-', '--previous', '-', '--cluster=-'],
      '- (standard input) can be read once, and is named 3 times (a path, --previous, --cluster): give all but one a file',
    ],
    [
      ['plan', 'x.yaml', '--disable'],
      '--disable needs rule ids, e.g. --disable claim-pending,reclaim-delete',
    ],
    [
      ['plan', 'x.yaml', '--disable='],
      '--disable needs rule ids, e.g. --disable claim-pending,reclaim-delete',
    ],
    [['plan', 'x.yaml', '--strict=yes'], '--strict takes no value'],
    [['plan', 'x.yaml', '--show-info=1'], '--show-info takes no value'],
  ])('%j: the problem and usage on stderr, exit 2', (argv, problem) => {
    const r = run(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`cdk8s-volumes: ${problem}\n\n${USAGE}`);
    expect(planCalls).toEqual([]);
  });
});

describe('bin/cdk8s-volumes', () => {
  const bin = path.join(__dirname, '..', '..', 'bin', 'cdk8s-volumes');

  test('runs from a checkout: --help exits 0, bad usage exits 2', () => {
    expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf-8' })).toBe(USAGE);
    const bad = spawnSync(process.execPath, [bin, 'plan'], { encoding: 'utf-8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('cdk8s-volumes: plan needs at least one file or directory');
  });

  /*
   * .pre-commit-hooks.yaml as pre-commit runs it: the hook's `entry` split as a shell would, then
   * its `args`, then (unless pass_filenames is false) the staged files that match `files`. The
   * `cdk8s-volumes` command that `language: node` installs is this binary.
   */
  describe('.pre-commit-hooks.yaml, run as pre-commit runs it', () => {
    const hooks = (jest.requireActual('js-yaml') as typeof import('js-yaml')).load(
      fs.readFileSync(path.join(__dirname, '..', '..', '.pre-commit-hooks.yaml'), 'utf-8'),
    ) as {
      id: string;
      entry: string;
      language: string;
      files: string;
      pass_filenames?: boolean;
      require_serial?: boolean;
    }[];
    const hook = (id: string) => {
      const h = hooks.find((x) => x.id === id);
      if (!h) throw new Error(`no hook ${id}`);
      return h;
    };

    /** Runs `hook` over the staged files of `repo` (paths relative to it), as pre-commit would. */
    function precommit(id: string, repo: string, staged: string[], args: string[] = []) {
      const h = hook(id);
      const [command, ...entryArgs] = h.entry.split(/\s+/);
      expect(command).toBe('cdk8s-volumes');
      // pre-commit matches `files` with Python's re.search: this pattern means the same in JavaScript
      const files = h.pass_filenames === false ? [] : staged.filter((f) => new RegExp(h.files).test(f));
      return spawnSync(process.execPath, [bin, ...entryArgs, ...args, ...files], {
        cwd: repo,
        encoding: 'utf-8',
      });
    }

    const pv =
      'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-data\nspec:\n  capacity:\n    storage: 1Gi\n' +
      '  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Retain\n  storageClassName: ""\n' +
      '  csi:\n    driver: ebs.csi.aws.com\n    volumeHandle: vol-1\n';
    const claim = (storage: string) =>
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: shop\nspec:\n' +
      `  accessModes: [ReadWriteOnce]\n  storageClassName: ""\n  volumeName: pv-data\n  resources:\n    requests:\n      storage: ${storage}\n`;
    const staged = [
      'dist/pv.yaml',
      'dist/claim.yaml',
      'package.json',
      '.pre-commit-config.yaml',
      '.github/workflows/ci.yml',
      'README.md',
    ];
    const repoWith = (claimed: string) =>
      folder({
        'dist/pv.yaml': pv,
        'dist/claim.yaml': claim(claimed),
        'package.json': '{"name": "app", "version": "1.0.0"}\n',
        '.pre-commit-config.yaml': 'repos:\n  - repo: local\n    hooks: []\n',
        '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
        'README.md': '# app\n',
      });

    test('both hooks run the plan command on Node, one run at a time, for YAML and JSON files', () => {
      expect(
        hooks.map((h) => [h.id, h.entry, h.language, h.files, h.require_serial, h.pass_filenames]),
      ).toEqual([
        ['cdk8s-volumes-plan', 'cdk8s-volumes plan', 'node', '\\.(ya?ml|json)$', true, undefined],
        ['cdk8s-volumes-plan-folder', 'cdk8s-volumes plan', 'node', '\\.(ya?ml|json)$', true, false],
      ]);
    });

    test('cdk8s-volumes-plan: the staged manifests planned together, other YAML and JSON skipped; exit 0, then 1 on an error', () => {
      const ok = precommit('cdk8s-volumes-plan', repoWith('1Gi'), staged, ['--kubernetes-version', '1.30']);
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain('\nshop        data    bound     pv/pv-data     ');
      expect(ok.stdout).toContain(
        '\nSKIPPED (3): not Kubernetes API objects, not planned (--strict makes them errors)\n',
      );
      expect(ok.stdout).not.toContain('README.md');
      expect(ok.stdout.endsWith('\nJudged for Kubernetes 1.30.\n')).toBe(true);
      // 2Gi does not fit the 1Gi volume it names: an error, and the commit is stopped
      const failed = precommit('cdk8s-volumes-plan', repoWith('2Gi'), staged);
      expect(failed.status).toBe(1);
      expect(failed.stdout).toContain(
        'dist/claim.yaml:1: PersistentVolumeClaim/shop/data spec.volumeName: stays Pending',
      );
      // only the claim staged: its volume is outside the plan, a warning (not an error) says so
      const alone = precommit('cdk8s-volumes-plan', repoWith('1Gi'), ['dist/claim.yaml']);
      expect(alone.status).toBe(0);
      expect(alone.stdout).toContain(
        '\nWARNINGS (1)\n  dist/claim.yaml:1: PersistentVolumeClaim/shop/data spec.volumeName: stays Pending: it names ' +
          'volume "pv-data" in spec.volumeName, which is not among the manifests; it stays Pending until a ' +
          'PersistentVolume of that name exists (it may exist in the cluster). [claim-pending]\n',
      );
    });

    test('cdk8s-volumes-plan-folder: the folders given as args, whole; none given is a usage error (exit 2)', () => {
      const ok = precommit('cdk8s-volumes-plan-folder', repoWith('1Gi'), staged, ['dist']);
      expect(ok.status).toBe(0);
      expect(ok.stdout).not.toContain('SKIPPED');
      expect(precommit('cdk8s-volumes-plan-folder', repoWith('2Gi'), staged, ['dist']).status).toBe(1);
      const none = precommit('cdk8s-volumes-plan-folder', repoWith('1Gi'), staged);
      expect(none.status).toBe(2);
      expect(none.stderr.split('\n')[0]).toBe('cdk8s-volumes: plan needs at least one file or directory');
    });
  });

  /** The modules a run of the binary requires, by request string. */
  function requiredBy(...argv: string[]): { status: number | null; loaded: string[] } {
    const probe = `
      const Module = require('module');
      const seen = new Set();
      const load = Module._load;
      Module._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
      process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...${JSON.stringify(argv)}];
      process.stdout.write = () => true;
      process.on('exit', () => console.error(JSON.stringify([...seen])));
      require(${JSON.stringify(bin)});
    `;
    const r = spawnSync(process.execPath, ['-e', probe], {
      encoding: 'utf-8',
      cwd: path.join(__dirname, '..', '..'),
    });
    return { status: r.status, loaded: JSON.parse(r.stderr.trim().split('\n').pop() as string) };
  }

  test('--help loads neither cdk8s, constructs nor a YAML parser', () => {
    const { status, loaded } = requiredBy('--help');
    expect(status).toBe(0);
    expect(loaded.some((m) => /cli(\.ts|\.js)?$/.test(m))).toBe(true);
    expect(loaded.filter((m) => /^(cdk8s|cdk8s-plus-27|constructs|yaml|js-yaml)$/.test(m))).toEqual([]);
  });

  // end to end: the real planStorage, in a separate process where the mock above does not reach
  test('plan runs the real plan without loading cdk8s or constructs; exit 0 clean, 1 on errors', () => {
    const clean = requiredBy('plan', `${FIX}/clean.yaml`);
    expect(clean.status).toBe(0);
    // the YAML is read by js-yaml (src/k8s/yaml.ts), not the `yaml` package
    expect(clean.loaded).toContain('js-yaml');
    expect(clean.loaded).not.toContain('yaml');
    expect(clean.loaded.filter((m) => /^(cdk8s|cdk8s-plus-27|constructs)$/.test(m))).toEqual([]);

    const broken = spawnSync(process.execPath, [bin, 'plan', `${FIX}/broken.yaml`], {
      encoding: 'utf-8',
      cwd: path.join(__dirname, '..', '..'),
    });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/\ndefault +huge +pending /);
    expect(broken.stdout).toContain('PersistentVolumeClaim/default/huge spec.resources.requests.storage: ');
  });

  // end to end: what used to exhaust the heap, read without limit, or echo megabytes
  test.each([
    [
      'an alias bomb on stdin',
      ['plan', '-'],
      [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        ...'bcdefgh'
          .split('')
          .map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
        `i: [${Array(60).fill('*h').join(', ')}]`,
      ].join('\n'),
      'the document contains excessive aliasing: its 28 nodes expand to 2960134675 through aliases',
    ],
    // a path outside the working folder is named as given, absolute
    [
      '/dev/zero',
      ['plan', '/dev/zero'],
      '',
      'cannot read: /dev/zero is not text (a NUL byte at offset 0), not YAML or JSON',
    ],
    [
      'a 2 MB line that does not parse',
      ['plan', '-'],
      `kind: ${'x'.repeat(2_000_000)}: [\n`,
      'cannot parse YAML: bad indentation of a mapping entry at line 1, column 2000007',
    ],
  ])('%s: a finding, exit 1, in bounded time, output and memory', (_what, argv, input, expected) => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=256', bin, ...argv, '--format', 'json'], {
      encoding: 'utf-8',
      cwd: path.join(__dirname, '..', '..'),
      input,
      timeout: 20_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBeLessThan(5000);
    expect(r.stdout).toContain(expected);
  });
});
