import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import { main, USAGE } from '../src/cli';
import type { PlanOptions, StoragePlan } from '../src/plan/types';

/*
 * planStorage is replaced by a small fake, so these tests pin the CLI (arguments, loading,
 * formats, exit codes) and not the plan's rules, which have their own tests. The fake binds a
 * claim that names its volume, provisions one with a class, and leaves the rest pending with an
 * error finding.
 */
const planCalls: { manifests: readonly unknown[]; options?: PlanOptions }[] = [];
jest.mock('../src/plan/plan', () => ({
  planStorage: (manifests: readonly any[], options?: PlanOptions): StoragePlan => {
    planCalls.push({ manifests, options });
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
    return { claims, findings };
  },
}));

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
});

describe('plan', () => {
  test('no error finding: the table, exit 0, nothing on stderr', () => {
    const r = run('plan', `${FIX}/clean.yaml`);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toMatch(/^NAMESPACE +CLAIM +OUTCOME +VOLUME\/CLASS +REASON$/);
    expect(r.stdout).toMatch(/\ndefault +data +bound +pv\/pv-data +fits\n/);
    expect(r.stdout).toContain('\nNo findings.\n');
    expect(planCalls[0].manifests).toHaveLength(2);
    expect(planCalls[0].options).toEqual({ defaultStorageClass: undefined });
  });

  test('an error finding: exit 1, findings listed', () => {
    const r = run('plan', `${FIX}/broken.yaml`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '\nERRORS (1)\n  PersistentVolumeClaim/default/huge: stays Pending [claim-pending]\n',
    );
  });

  test('a file that cannot be parsed or read is an error finding: exit 1, the rest is still planned', () => {
    const r = run('plan', `${FIX}/unparsable.yaml`, `${FIX}/clean.yaml`, `${FIX}/missing.yaml`);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\ndefault +data +bound/);
    expect(r.stdout).toContain(
      `  file:${FIX}/missing.yaml: cannot read: no such file or directory [manifest-unreadable]\n`,
    );
    expect(r.stdout).toMatch(
      new RegExp(
        `  file:${FIX}/unparsable\\.yaml#0: cannot parse YAML: Map keys must be unique at line 6, column 3 \\[manifest-unreadable\\]\\n`,
      ),
    );
  });

  test('a directory is read recursively', () => {
    const r = run('plan', FIX);
    expect(r.code).toBe(1);
    // broken.yaml, clean.yaml, unparsable.yaml (whose one document is a finding)
    expect(planCalls[0].manifests.map((m: any) => m.metadata.name)).toEqual(['huge', 'pv-data', 'data']);
  });

  test('--default-storage-class reaches the plan, with a space or =', () => {
    expect(run('plan', '--default-storage-class', 'gold', `${FIX}/broken.yaml`).code).toBe(0);
    expect(planCalls[0].options).toEqual({ defaultStorageClass: 'gold' });
    const r = run('plan', `${FIX}/broken.yaml`, '--default-storage-class=silver');
    expect(r.stdout).toMatch(/\ndefault +huge +provisioned +sc\/silver +by silver\n/);
  });

  test('--format json: the stable JSON of the plan, load findings included', () => {
    const r = run('plan', '--format', 'json', `${FIX}/clean.yaml`, `${FIX}/unparsable.yaml`);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toMatchObject({ claims: 1, bound: 1, errors: 1 });
    expect(json.claims[0]).toEqual({
      namespace: 'default',
      name: 'data',
      outcome: 'bound',
      volume: 'pv-data',
      reason: 'fits',
    });
    expect(json.findings[0]).toMatchObject({
      rule: 'manifest-unreadable',
      object: `file:${FIX}/unparsable.yaml#0`,
    });
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

  test('the same input prints the same output', () => {
    for (const format of ['table', 'json', 'markdown']) {
      expect(run('plan', '--format', format, FIX).stdout).toBe(run('plan', '--format', format, FIX).stdout);
    }
  });
});

describe('usage', () => {
  test.each([[['--help']], [['-h']], [['plan', '--help']], [['plan', 'x.yaml', '-h']]])(
    '%j: usage on stdout, exit 0',
    (argv: string[]) => {
      const r = run(...argv);
      expect(r).toEqual({ code: 0, stdout: USAGE, stderr: '' });
      expect(planCalls).toEqual([]);
    },
  );

  test.each([
    [[], 'missing command'],
    [['apply', 'x.yaml'], 'unknown command: apply'],
    [['plan'], 'plan needs at least one file or directory'],
    [['plan', '--verbose', 'x.yaml'], 'unknown option: --verbose'],
    [['plan', 'x.yaml', '--format', 'xml'], 'unknown format: xml (expected table, json or markdown)'],
    [['plan', 'x.yaml', '--format'], '--format needs a value: table, json or markdown'],
    [['plan', 'x.yaml', '--default-storage-class='], '--default-storage-class needs a StorageClass name'],
  ])('%j: the problem and usage on stderr, exit 2', (argv, problem) => {
    const r = run(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`cdk8s-volumes: ${problem}\n\n${USAGE}`);
    expect(planCalls).toEqual([]);
  });
});

describe('bin/cdk8s-volumes', () => {
  const bin = path.join(__dirname, '..', 'bin', 'cdk8s-volumes');

  test('runs from a checkout: --help exits 0, bad usage exits 2', () => {
    expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf-8' })).toBe(USAGE);
    const bad = spawnSync(process.execPath, [bin, 'plan'], { encoding: 'utf-8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('cdk8s-volumes: plan needs at least one file or directory');
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
      cwd: path.join(__dirname, '..'),
    });
    return { status: r.status, loaded: JSON.parse(r.stderr.trim().split('\n').pop() as string) };
  }

  test('--help loads neither cdk8s, constructs nor the YAML parser', () => {
    const { status, loaded } = requiredBy('--help');
    expect(status).toBe(0);
    expect(loaded.some((m) => /cli(\.ts|\.js)?$/.test(m))).toBe(true);
    expect(loaded.filter((m) => /^(cdk8s|cdk8s-plus-27|constructs|yaml)$/.test(m))).toEqual([]);
  });

  // end to end: the real planStorage, in a separate process where the mock above does not reach
  test('plan runs the real plan without loading cdk8s or constructs; exit 0 clean, 1 on errors', () => {
    const clean = requiredBy('plan', `${FIX}/clean.yaml`);
    expect(clean.status).toBe(0);
    expect(clean.loaded).toContain('yaml');
    expect(clean.loaded.filter((m) => /^(cdk8s|cdk8s-plus-27|constructs)$/.test(m))).toEqual([]);

    const broken = spawnSync(process.execPath, [bin, 'plan', `${FIX}/broken.yaml`], {
      encoding: 'utf-8',
      cwd: path.join(__dirname, '..'),
    });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/\ndefault +huge +pending /);
    expect(broken.stdout).toContain('PersistentVolumeClaim/default/huge spec.resources.requests.storage: ');
  });
});
