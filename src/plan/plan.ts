/**
 * planStorage: the whole offline storage plan over plain manifests. One pass each:
 * API-server validation, binding prediction, warnings (which read the predicted claims)
 * and Pod Security levels. Findings come back sorted, so reports are deterministic.
 */
import { predictBindings } from './binding';
import { podSecurityFindings } from './security';
import { Finding, PlanOptions, StoragePlan } from './types';
import { validateManifests } from './validate';
import { storageWarnings } from './warnings';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Code-unit order, not locale order: the same findings sort the same on every machine. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Predicts, from plain manifests, what the API server rejects, which volume each claim
 * binds to (or why it stays Pending), and what loses data or exposes the node.
 * Never throws: a manifest it cannot read is an error finding.
 */
export function planStorage(manifests: readonly unknown[], options: PlanOptions = {}): StoragePlan {
  const list = Array.isArray(manifests) ? manifests : [];
  const findings: Finding[] = validateManifests(list);
  const binding = predictBindings(list, options);
  findings.push(...binding.findings, ...storageWarnings(list, binding.claims), ...podSecurityFindings(list));
  findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmp(a.object, b.object) ||
      cmp(a.rule, b.rule) ||
      cmp(a.field ?? '', b.field ?? '') ||
      cmp(a.message, b.message),
  );
  return { claims: binding.claims, findings };
}
