/**
 * planStorage: the whole offline storage plan over plain manifests. One pre-pass reads every
 * manifest's kind, reference, namespace and pod template for all modules; then one pass each:
 * API-server validation, binding prediction, warnings (which read the predicted claims) and Pod
 * Security levels. Findings come back sorted, so reports are deterministic.
 */
import {
  DEFAULT_KUBERNETES_VERSION,
  KubernetesVersion,
  kubernetesVersionProblem,
  parseKubernetesVersion,
} from '../k8s/versions';
import { asRecord, indexManifests, ManifestIndex } from './_manifest';
import { judgeAdmission } from './admission';
import { schemaIndexed } from './api-schema';
import { ObjectChange, planChanges } from './change';
import { predictIndexed } from './binding';
import { podSecurityIndexed } from './security';
import { applySuppressions } from './suppress';
import { ClaimPlan, Finding, PlanOptions, StoragePlan, SuppressedFinding } from './types';
import { validateIndexed } from './validate';
import { versionFindings } from './version-rules';
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
  const optionFindings: Finding[] = [];
  const version = targetVersion(options, optionFindings);
  checkCluster(options, optionFindings); // binding reads options.cluster itself
  const index = indexManifests(Array.isArray(manifests) ? manifests : []);
  const validation = validateIndexed(index);
  const schema = schemaIndexed(index, version, validation);
  const binding = predictIndexed(index, options, version);
  const admission = judgeAdmission(index, binding.claims, { kubernetesVersion: version });
  const claims =
    admission.rejected.size > 0 ? markRejected(binding.claims, admission.rejected) : binding.claims;
  const warnings = warningsIndexed(index, binding.claims);
  const versions = versionFindings(index, version);
  const change = changeOf(options, index, binding.claims, version, optionFindings);
  const security = podSecurityIndexed(index);
  const all = [
    optionFindings,
    validation,
    schema,
    binding.findings,
    admission.findings,
    warnings,
    versions,
    security,
    change?.findings ?? [],
  ];
  const disabled = disableRulesOf(options, optionFindings);
  const { findings, suppressed } = applySuppressions(
    index,
    flatten(all),
    disabled,
    knownRules,
    change?.previous,
  );
  return {
    claims,
    findings: sortFindings([findings]),
    ...(suppressed.length > 0 ? { suppressed: sortSuppressed(suppressed) } : {}),
    ...(change ? { changes: change.changes } : {}),
  };
}

/**
 * The change plan, when the options give the previous manifests: both read by the pre-pass, the
 * previous ones bound as before (the same options), then planChanges judges the update.
 */
function changeOf(
  options: PlanOptions,
  index: ManifestIndex,
  claims: ClaimPlan[],
  version: KubernetesVersion,
  findings: Finding[],
): { changes: ObjectChange[]; findings: Finding[]; previous: ManifestIndex } | undefined {
  let previous: unknown;
  try {
    previous = asRecord(options)?.previous;
  } catch {
    return undefined;
  }
  if (previous === undefined) return undefined;
  if (!Array.isArray(previous)) {
    findings.push({
      severity: 'error',
      rule: 'option-invalid',
      object: '<options>',
      field: 'previous',
      message: 'previous must be a list of manifests (the objects applied before)',
    });
    return undefined;
  }
  const prevIndex = indexManifests(previous);
  const prevClaims = predictIndexed(prevIndex, options, version).claims;
  const planned = planChanges(prevIndex, index, claims, prevClaims, {
    ...options,
    kubernetesVersion: version,
  });
  return { ...planned, previous: prevIndex };
}

/** options.cluster, when given, must be a list of objects (what the cluster holds); else an option error. */
function checkCluster(options: PlanOptions, findings: Finding[]): void {
  let cluster: unknown;
  try {
    cluster = asRecord(options)?.cluster;
  } catch {
    return;
  }
  if (cluster === undefined || Array.isArray(cluster)) return;
  findings.push({
    severity: 'error',
    rule: 'option-invalid',
    object: '<options>',
    field: 'cluster',
    message: 'cluster must be a list of objects (what `kubectl get storageclass,pv,pvc -A -o yaml` prints)',
  });
}

/** Claims an admission plugin rejects are never created: Pending, with why. */
function markRejected(claims: ClaimPlan[], rejected: ReadonlyMap<string, string>): ClaimPlan[] {
  return claims.map((c) => {
    const why = rejected.get(`${c.namespace}/${c.name}`);
    if (why === undefined) return c;
    // Never created, so bound to nothing: the volume the binding predicted is dropped.
    const reason = `never created: admission rejects it: ${why}`;
    return c.storageClass !== undefined
      ? { namespace: c.namespace, name: c.name, outcome: 'pending', storageClass: c.storageClass, reason }
      : { namespace: c.namespace, name: c.name, outcome: 'pending', reason };
  });
}

/** The rule ids of the catalogue, read only when a suppression needs them (the catalogue carries every rule's examples). */
function knownRules(): ReadonlySet<string> {
  const { RULES } = require('../rules/catalogue') as typeof import('../rules/catalogue');
  return new Set(RULES.map((r) => r.id));
}

/** options.disableRules as a list of strings; anything else is an option error. */
function disableRulesOf(options: PlanOptions, findings: Finding[]): string[] {
  let value: unknown;
  try {
    value = asRecord(options)?.disableRules;
  } catch {
    return [];
  }
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  findings.push({
    severity: 'error',
    rule: 'option-invalid',
    object: '<options>',
    field: 'disableRules',
    message: 'disableRules must be a list of rule ids (docs/rules.md lists them)',
  });
  return [];
}

function flatten(lists: ReadonlyArray<readonly Finding[]>): Finding[] {
  const out: Finding[] = [];
  for (const list of lists) for (const f of list) out.push(f);
  return out;
}

function sortSuppressed(list: SuppressedFinding[]): SuppressedFinding[] {
  const order = new Map(sortFindings([list.map((s) => s.finding)]).map((f, i) => [f, i]));
  return list.sort((a, b) => (order.get(a.finding) as number) - (order.get(b.finding) as number));
}

/** The Kubernetes minor to judge for: the option's, or the default (with an error finding if the option names none). */
function targetVersion(options: PlanOptions, findings: Finding[]): KubernetesVersion {
  let value: unknown;
  try {
    value = asRecord(options)?.kubernetesVersion;
  } catch {
    value = undefined;
  }
  if (value === undefined) return DEFAULT_KUBERNETES_VERSION;
  const version = parseKubernetesVersion(value);
  if (version) return version;
  findings.push({
    severity: 'error',
    rule: 'option-invalid',
    object: '<options>',
    field: 'kubernetesVersion',
    message: `${kubernetesVersionProblem(value)}; the plan judged for ${DEFAULT_KUBERNETES_VERSION} instead`,
  });
  return DEFAULT_KUBERNETES_VERSION;
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
