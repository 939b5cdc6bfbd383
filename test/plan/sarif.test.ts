/**
 * SARIF output: the log is valid SARIF 2.1.0 as Microsoft's SARIF Multitool validates it (its JSON
 * schema and its rules for results), and it carries what code scanning needs: the rules, each
 * result's rule, level, file, line and column.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RuleDeclaration } from '../../src/rules/rule';
import { renderSarif } from '../../src/plan/sarif';
import { RULES, ruleDocUrl } from '../../src/rules/catalogue';
import { StoragePlan } from '../../src/plan/types';

const rules: RuleDeclaration[] = [
  {
    id: 'claim-pending',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'binding',
    summary: 'A claim that no volume or class will ever satisfy.',
    why: 'The claim stays Pending and its pods never start.',
    remediation: 'Fix the request, the class or the volume.',
    source: 'pkg/controller/volume/persistentvolume: syncUnboundClaim',
    kinds: ['PersistentVolumeClaim', 'StatefulSet'],
  },
  {
    id: 'pod-security',
    severity: 'info',
    group: 'security',
    summary: 'The Pod Security Standard level a pod meets.',
    why: 'Namespaces enforcing a level reject pods below it.',
    remediation: 'Set the security context the level asks for.',
    source: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    kinds: ['*'],
  },
];

const plan: StoragePlan = {
  claims: [],
  findings: [
    {
      severity: 'error',
      rule: 'claim-pending',
      object: 'PersistentVolumeClaim/shop/data',
      field: 'spec.resources.requests.storage',
      message: 'stays Pending: no class-less volume fits',
      file: 'k8s/my app/claim.yaml',
      line: 12,
    },
    {
      severity: 'info',
      rule: 'pod-security',
      object: 'Pod/shop/web',
      message: 'meets the Pod Security Standard "baseline"',
    },
  ],
};

const tool = {
  version: '0.1.0',
  ruleDocs: (id: string) => `https://example.com/docs/rules.md#${id}`,
  informationUri: 'https://example.com',
};

test('the log: tool, rules and results with level, location and fingerprint', () => {
  const log = JSON.parse(renderSarif(plan, rules, tool));
  expect(log.version).toBe('2.1.0');
  const run = log.runs[0];
  expect(run.tool.driver).toMatchObject({
    name: 'cdk8s-volumes',
    version: '0.1.0',
    informationUri: 'https://example.com',
  });
  expect(run.tool.driver.rules[0]).toEqual({
    id: 'claim-pending',
    name: 'ClaimPending',
    shortDescription: { text: 'A claim that no volume or class will ever satisfy.' },
    fullDescription: { text: 'The claim stays Pending and its pods never start.' },
    help: {
      text: 'Fix the request, the class or the volume. (pkg/controller/volume/persistentvolume: syncUnboundClaim)',
    },
    helpUri: 'https://example.com/docs/rules.md#claim-pending',
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['binding', 'PersistentVolumeClaim', 'StatefulSet'] },
  });
  expect(run.tool.driver.rules[1].defaultConfiguration).toEqual({ level: 'note' });
  expect(run.tool.driver.rules[1].properties).toEqual({ tags: ['security'] });
  expect(run.results).toEqual([
    {
      ruleId: 'claim-pending',
      ruleIndex: 0,
      level: 'error',
      message: {
        text: 'PersistentVolumeClaim/shop/data spec.resources.requests.storage: stays Pending: no class-less volume fits',
      },
      locations: [
        {
          logicalLocations: [
            {
              fullyQualifiedName: 'PersistentVolumeClaim/shop/data spec.resources.requests.storage',
              kind: 'resource',
            },
          ],
          physicalLocation: {
            artifactLocation: { uri: 'k8s/my%20app/claim.yaml' },
            region: { startLine: 12, startColumn: 1 },
          },
        },
      ],
      partialFingerprints: {
        'objectRuleField/v1': 'PersistentVolumeClaim/shop/data|claim-pending|spec.resources.requests.storage',
      },
    },
    {
      ruleId: 'pod-security',
      ruleIndex: 1,
      level: 'note',
      message: { text: 'Pod/shop/web: meets the Pod Security Standard "baseline"' },
      locations: [{ logicalLocations: [{ fullyQualifiedName: 'Pod/shop/web', kind: 'resource' }] }],
      partialFingerprints: { 'objectRuleField/v1': 'Pod/shop/web|pod-security|' },
    },
  ]);
});

test('a finding of a rule not in the list has no ruleIndex; a finding without a line starts at line 1', () => {
  const log = JSON.parse(
    renderSarif(
      {
        claims: [],
        findings: [{ severity: 'warning', rule: 'other', object: 'X/y', message: 'm', file: 'a.yaml' }],
      },
      rules,
      { version: '1', ruleDocs: (id) => `docs/rules.md#${id}` },
    ),
  );
  expect(log.runs[0].tool.driver.informationUri).toBeUndefined();
  expect(log.runs[0].results[0].ruleIndex).toBeUndefined();
  expect(log.runs[0].results[0].level).toBe('warning');
  expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({
    startLine: 1,
    startColumn: 1,
  });
});

test('an absolute path is a file: URI (a relative reference may not begin with a slash); a relative one stays relative', () => {
  const uris = (files: string[]) =>
    JSON.parse(
      renderSarif(
        {
          claims: [],
          findings: files.map((file) => ({
            severity: 'error',
            rule: 'r',
            object: 'X/y',
            message: 'm',
            file,
          })),
        },
        rules,
        tool,
      ),
    ).runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
  expect(
    uris(['/tmp/my app/a.yaml', 'C:\\work\\k8s #1\\a.yaml', 'k8s/a.yaml', 'HEAD:dist/a.yaml', '-']),
  ).toEqual([
    'file:///tmp/my%20app/a.yaml',
    'file:///C:/work/k8s%20%231/a.yaml',
    'k8s/a.yaml',
    'HEAD%3Adist/a.yaml',
    '-',
  ]);
});

test('suppressed findings are results with suppressions: inSource for an annotation, external for an option, the reason as justification', () => {
  const log = JSON.parse(renderSarif(SUPPRESSED, rules, tool));
  const results = log.runs[0].results;
  expect(results.map((r: any) => [r.ruleId, r.suppressions])).toEqual([
    ['claim-pending', undefined],
    [
      'claim-pending',
      [{ kind: 'inSource', status: 'accepted', justification: 'pre-made by the storage team' }],
    ],
    [
      'pod-security',
      [{ kind: 'external', status: 'accepted', justification: 'disabled by the disableRules option' }],
    ],
  ]);
  // a suppressed result keeps its place in the file
  expect(results[1].locations[0].physicalLocation).toEqual({
    artifactLocation: { uri: 'k8s/old.yaml' },
    region: { startLine: 4, startColumn: 1 },
  });
});

/** A plan with a finding and two suppressed ones, one by annotation and one by option. */
const SUPPRESSED: StoragePlan = {
  claims: [],
  findings: [plan.findings[0]],
  suppressed: [
    {
      finding: {
        severity: 'error',
        rule: 'claim-pending',
        object: 'PersistentVolumeClaim/shop/old',
        message: 'stays Pending',
        file: 'k8s/old.yaml',
        line: 4,
      },
      by: 'annotation',
      reason: 'pre-made by the storage team',
    },
    { finding: plan.findings[1], by: 'option', reason: 'disabled by the disableRules option' },
  ],
};

/*
 * Validation. The SARIF 2.1.0 JSON schema always (the copy SARIF Multitool ships); SARIF
 * Multitool's `validate` (the schema and its SARIF rules) where its binary for this platform is
 * installed. npm does not run the multitool package's postinstall `chmod u+x` (npm ci with
 * scripts off, or its lifecycle order), so a binary that is not executable is run from an
 * executable copy.
 */
const PLATFORM_PACKAGE = `@microsoft/sarif-multitool-${process.platform === 'win32' ? 'win32' : process.platform}`;

/** The folder of the multitool package for this platform, if installed. */
function multitoolPackage(): string | undefined {
  try {
    return path.dirname(require.resolve(`${PLATFORM_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

/** The SARIF 2.1.0 schema as the multitool ships it (JSON Schema 2020-12). */
function sarifSchema(): object {
  const dir = multitoolPackage();
  const file = dir && path.join(dir, 'sarif-2.1.0.json');
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      `the SARIF 2.1.0 schema is read from ${PLATFORM_PACKAGE}/sarif-2.1.0.json: npm ci installs it`,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

/** Schema errors of `log` as `path: message` lines. */
function schemaProblems(log: unknown): string[] {
  const Ajv2020 = require('ajv/dist/2020').default;
  const addFormats = require('ajv-formats');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(sarifSchema());
  if (validate(log)) return [];
  return (validate.errors as { instancePath: string; message: string }[]).map(
    (e) => `${e.instancePath}: ${e.message}`,
  );
}

// Made when the file loads: the multitool is looked for (and copied) before any test runs.
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** The multitool binary, executable (a copy when the installed one is not), or undefined. */
function multitoolBinary(): string | undefined {
  const dir = multitoolPackage();
  const bin = dir && path.join(dir, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
  if (!bin || !fs.existsSync(bin)) return undefined;
  let runnable = bin;
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    runnable = path.join(workDir, path.basename(bin));
    fs.copyFileSync(bin, runnable);
    fs.chmodSync(runnable, 0o755);
  }
  try {
    execFileSync(runnable, ['--version'], { stdio: 'pipe' });
    return runnable;
  } catch {
    return undefined; // installed but not runnable here (no .NET host for it): the schema still checks
  }
}

/** Runs SARIF Multitool's `validate` (JSON schema and SARIF rules) and returns its error and warning lines. */
function multitoolProblems(bin: string, text: string): string[] {
  const input = path.join(workDir, 'plan.sarif');
  fs.writeFileSync(input, text);
  const stdout = execFileSync(bin, ['validate', input], { encoding: 'utf-8', stdio: 'pipe' });
  return stdout
    .split('\n')
    .filter((line) => /: (error|warning) [A-Z]+\d+:/.test(line))
    .map((line) => line.slice(line.indexOf(': ') + 2));
}

/** The log as the CLI writes it: every rule of the catalogue, the project's doc links. */
const catalogueLog = (): string =>
  renderSarif(SUPPRESSED, RULES, {
    version: '0.1.0',
    ruleDocs: ruleDocUrl,
    informationUri: 'https://github.com/cdk8s-volumes/cdk8s-volumes',
  });

test('the SARIF 2.1.0 JSON schema validates the log, suppressions included', () => {
  expect(schemaProblems(JSON.parse(renderSarif(plan, rules, tool)))).toEqual([]);
  expect(schemaProblems(JSON.parse(catalogueLog()))).toEqual([]);
  expect(schemaProblems(JSON.parse(renderSarif(SUPPRESSED, rules, tool)))).toEqual([]);
  // The schema does see a broken log: a suppression kind SARIF does not define.
  const broken = JSON.parse(renderSarif(SUPPRESSED, rules, tool));
  broken.runs[0].results[1].suppressions[0].kind = 'annotation';
  expect(schemaProblems(broken)).toContain(
    '/runs/0/results/1/suppressions/0/kind: must be equal to one of the allowed values',
  );
});

const MULTITOOL = multitoolBinary();

// Skipped, visibly, only where the multitool has no binary for the platform (or it cannot run);
// the schema test above runs everywhere.
(MULTITOOL ? test : test.skip)(
  'SARIF Multitool validates the log: no error, no warning',
  () => {
    const bin = MULTITOOL as string;
    expect(multitoolProblems(bin, renderSarif(plan, rules, tool))).toEqual([]);
    expect(multitoolProblems(bin, renderSarif(SUPPRESSED, rules, tool))).toEqual([]);
    expect(multitoolProblems(bin, catalogueLog())).toEqual([]);
    // absolute paths, as the CLI gives for absolute arguments
    const absolute: StoragePlan = {
      claims: [],
      findings: [{ ...plan.findings[0], file: path.join(workDir, 'my app', 'claim.yaml') }],
    };
    expect(multitoolProblems(bin, renderSarif(absolute, rules, tool))).toEqual([]);
    // The validator does see a broken log here: an unknown property is a schema error.
    const broken = JSON.parse(renderSarif(plan, rules, tool));
    broken.runs[0].results[0].bogus = 1;
    expect(multitoolProblems(bin, JSON.stringify(broken))).toEqual([
      expect.stringMatching(
        /^error JSON1005: runs\[0\]\.results\[0\]\.bogus: The schema does not define a property 'bogus'/,
      ),
    ]);
  },
  // five runs of a .NET tool, seconds each on a busy machine
  120_000,
);
