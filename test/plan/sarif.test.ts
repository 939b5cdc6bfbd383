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

/** Runs SARIF Multitool's `validate` (JSON schema and SARIF rules) and returns its error and warning lines. */
function multitoolProblems(text: string): string[] {
  const bin = path.join(
    path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')),
    'Sarif.Multitool',
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-'));
  try {
    const input = path.join(dir, 'plan.sarif');
    fs.writeFileSync(input, text);
    const stdout = execFileSync(bin, ['validate', input], { encoding: 'utf-8', stdio: 'pipe' });
    return stdout
      .split('\n')
      .filter((line) => /: (error|warning) [A-Z]+\d+:/.test(line))
      .map((line) => line.slice(line.indexOf(': ') + 2));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('SARIF Multitool validates the log: no error, no warning', () => {
  expect(multitoolProblems(renderSarif(plan, rules, tool))).toEqual([]);
  // The validator does see a broken log here: an unknown property is a schema error.
  const broken = JSON.parse(renderSarif(plan, rules, tool));
  broken.runs[0].results[0].bogus = 1;
  expect(multitoolProblems(JSON.stringify(broken))).toEqual([
    expect.stringMatching(
      /^error JSON1005: runs\[0\]\.results\[0\]\.bogus: The schema does not define a property 'bogus'/,
    ),
  ]);
}, 60_000);
