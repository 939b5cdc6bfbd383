/**
 * planStorage: the whole offline storage plan over plain manifests. One pre-pass reads every
 * manifest's kind, reference, namespace and pod template for all modules; then one pass each:
 * API-server validation, binding prediction, warnings (which read the predicted claims) and Pod
 * Security levels. Findings come back sorted, so reports are deterministic.
 */
import { indexManifests } from './_manifest';
import { predictIndexed } from './binding';
import { podSecurityIndexed } from './security';
import { Finding, PlanOptions, StoragePlan } from './types';
import { validateIndexed } from './validate';
import { warningsIndexed } from './warnings';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Code-unit order, not locale order: the same findings sort the same on every machine. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Predicts, from plain manifests, what the API server rejects, which volume each claim
 * binds to (or why it stays Pending), and what loses data or exposes the node.
 * Never throws: a manifest it cannot read is an error finding.
 */
export function planStorage(manifests: readonly unknown[], options: PlanOptions = {}): StoragePlan {
  const index = indexManifests(Array.isArray(manifests) ? manifests : []);
  const validation = validateIndexed(index);
  const binding = predictIndexed(index, options);
  const warnings = warningsIndexed(index, binding.claims);
  const security = podSecurityIndexed(index);
  return {
    claims: binding.claims,
    findings: sortFindings([validation, binding.findings, warnings, security]),
  };
}

/**
 * All findings sorted by severity, object, rule, field and message; equal findings keep their
 * order (the sort is stable). Severity splits them first, so the comparator reads only strings.
 * Appended one by one: spreading 100 000 findings into push() overflows the call stack.
 */
function sortFindings(lists: ReadonlyArray<readonly Finding[]>): Finding[] {
  const bySeverity: Finding[][] = [[], [], []];
  for (const list of lists) {
    for (const f of list) bySeverity[SEVERITY_ORDER[f.severity]].push(f);
  }
  const sorted: Finding[] = [];
  for (const list of bySeverity) {
    list.sort(
      (a, b) =>
        cmp(a.object, b.object) ||
        cmp(a.rule, b.rule) ||
        cmp(a.field ?? '', b.field ?? '') ||
        cmp(a.message, b.message),
    );
    for (const f of list) sorted.push(f);
  }
  return sorted;
}
