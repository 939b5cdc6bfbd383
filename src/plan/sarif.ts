/**
 * The plan as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for GitHub code
 * scanning and the other tools that read it: one run, the rules as `tool.driver.rules`, one result
 * per finding with its file, line and column when the finding came from a file, and the object and
 * field as a logical location. Suppressed findings are results too, with `suppressions` (SARIF
 * §3.27.23; §3.35: kind `inSource` for an annotation on the object, `external` for a rule
 * disabled by an option) and the reason as the justification: code scanning shows them as
 * dismissed instead of losing them. Pure: the same plan gives the same bytes.
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import type { RuleDeclaration } from '../rules/rule';
import { Finding, Severity, StoragePlan, SuppressedFinding } from './types';

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
  for (const x of plan.suppressed ?? []) results.push(result(x.finding, ruleIndex, x));
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

function result(
  f: Finding,
  ruleIndex: ReadonlyMap<string, number>,
  suppressed?: SuppressedFinding,
): Record<string, unknown> {
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
    ...(suppressed
      ? {
          suppressions: [
            {
              kind: suppressed.by === 'annotation' ? 'inSource' : 'external',
              status: 'accepted',
              justification: suppressed.reason,
            },
          ],
        }
      : {}),
  };
}

/**
 * A file as a SARIF artifact URI: a relative path as a relative reference (code scanning resolves
 * it against the repository root), an absolute one (`/tmp/x.yaml`, `C:\x.yaml`) as a `file:` URI
 * (upload-sarif makes it relative again, to its checkout_path), since a relative reference that begins with
 * a slash does not combine with a base URI (SARIF Multitool's rule SARIF1004 rejects it); each
 * segment percent-encoded, `/` kept.
 */
function encodeUri(file: string): string {
  const drive = /^[A-Za-z]:[\\/]/.test(file);
  const segments = (drive ? file.replace(/\\/g, '/') : file)
    .split('/')
    .map((s, i) => (drive && i === 0 ? s : encodeURIComponent(s)))
    .join('/');
  if (drive) return `file:///${segments}`;
  return file.startsWith('/') ? `file://${segments}` : segments;
}

/** `claim-pending` -> `ClaimPending`: SARIF's rule `name` is an identifier-like word. */
function camel(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
