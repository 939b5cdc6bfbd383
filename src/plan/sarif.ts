/**
 * The plan as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for GitHub code
 * scanning and the other tools that read it: one run, the rules as `tool.driver.rules`, one result
 * per finding with its file, line and column when the finding came from a file, and the object and
 * field as a logical location. Pure: the same plan gives the same bytes.
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import type { RuleDeclaration } from '../rules/rule';
import { Finding, Severity, StoragePlan } from './types';

/** What a SARIF log says about the tool. */
export interface SarifToolInfo {
  /** The tool's version (the package version). */
  readonly version: string;
  /** Where a rule is documented: `docs/rules.md#<id>` or a full URL. */
  readonly ruleDocs: (id: string) => string;
  /** The tool's home page. */
  readonly informationUri?: string;
}

/** SARIF levels: `note` is SARIF's word for info. */
const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** The SARIF log as JSON text, 2-space indented, ending with a newline. */
export function renderSarif(
  plan: StoragePlan,
  rules: readonly RuleDeclaration[],
  tool: SarifToolInfo,
): string {
  const ruleIndex = new Map<string, number>();
  const driverRules = rules.map((r, i) => {
    ruleIndex.set(r.id, i);
    return {
      id: r.id,
      name: camel(r.id),
      shortDescription: { text: r.summary },
      fullDescription: { text: r.why },
      help: { text: `${r.remediation} (${r.source})` },
      helpUri: tool.ruleDocs(r.id),
      defaultConfiguration: { level: LEVEL[r.severity] },
      properties: { tags: [r.group, ...r.kinds.filter((k) => k !== '*')] },
    };
  });
  const results = plan.findings.map((f) => result(f, ruleIndex));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cdk8s-volumes',
            version: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules: driverRules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function result(f: Finding, ruleIndex: ReadonlyMap<string, number>): Record<string, unknown> {
  const where = f.field ? `${f.object} ${f.field}` : f.object;
  const location: Record<string, unknown> = {
    logicalLocations: [{ fullyQualifiedName: where, kind: 'resource' }],
  };
  if (typeof f.file === 'string' && f.file !== '') {
    location.physicalLocation = {
      artifactLocation: { uri: encodeUri(f.file) },
      region: { startLine: typeof f.line === 'number' && f.line > 0 ? f.line : 1, startColumn: 1 },
    };
  }
  const index = ruleIndex.get(f.rule);
  return {
    ruleId: f.rule,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[f.severity],
    message: { text: `${where}: ${f.message}` },
    locations: [location],
    // Stable across runs while the object, rule and field stay: code scanning tracks a result by it.
    partialFingerprints: { 'objectRuleField/v1': `${f.object}|${f.rule}|${f.field ?? ''}` },
  };
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function encodeUri(file: string): string {
  return file
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** `claim-pending` -> `ClaimPending`: SARIF's rule `name` is an identifier-like word. */
function camel(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
