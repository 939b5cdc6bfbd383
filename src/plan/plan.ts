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
import { ObjectChange, planChanges } from './change';
import { predictIndexed } from './binding';
import { objectPasses } from './object-rules';
import { podSecurityIndexed } from './security';
import { snapshotFindings } from './snapshot';
import { applySuppressions } from './suppress';
import { ClaimPlan, Finding, PlanOptions, StoragePlan, SuppressedFinding } from './types';
import { warningsIndexed } from './warnings';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Code-unit order, not locale order: the same findings sort the same on every machine. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Predicts, from plain manifests, what the API server rejects, which volume each claim
 * binds to (or why it stays Pending), and what loses data or exposes the node.
 * Never throws: a manifest it cannot read is an error finding.
 */
export function planStorage(given: readonly unknown[], givenOptions: PlanOptions = {}): StoragePlan {
  const optionFindings: Finding[] = [];
  // Plain copies first: every pass below may then read the lists and options freely.
  const { manifests, options } = readableInput(given, givenOptions, optionFindings);
  const version = targetVersion(options, optionFindings);
  checkCluster(options, optionFindings); // binding reads options.cluster itself
  const index = indexManifests(Array.isArray(manifests) ? manifests : []);
  // The passes that hold the object-scoped rules: the constructs' self-check runs the same function.
  const { validation, schema, versions } = objectPasses(index, version);
  const binding = predictIndexed(index, options, version);
  const previous = previousOf(options, version, optionFindings);
  // Claims that exist already (made by the previous manifests, or in the cluster) count as used quota.
  const admission = judgeAdmission(index, binding.claims, {
    kubernetesVersion: version,
    ...(previous ? { previous } : {}),
    ...clusterOption(options),
  });
  const claims =
    admission.rejected.size > 0 ? markRejected(binding.claims, admission.rejected) : binding.claims;
  const warnings = warningsIndexed(index, binding.claims);
  const change = previous && changeOf(options, index, binding.claims, version, previous);
  const security = podSecurityIndexed(index);
  // Snapshots, restores and clones: reads the predicted claims for their drivers (src/plan/snapshot.ts).
  const snapshots = snapshotFindings(index, binding.claims, version);
  const all = [
    optionFindings,
    validation,
    schema,
    binding.findings,
    admission.findings,
    warnings,
    versions,
    security,
    snapshots,
    change?.findings ?? [],
  ];
  const disabled = disableRulesOf(options, optionFindings);
  const flat = flatten(all);
  const { findings, suppressed } = applySuppressions(
    index,
    flat,
    disabled,
    knownRules,
    change && previousNamed(change.previous, flat),
  );
  return {
    claims,
    findings: sortFindings([findings]),
    ...(suppressed.length > 0 ? { suppressed: sortSuppressed(suppressed) } : {}),
    ...(change ? { changes: change.changes } : {}),
  };
}

/**
 * The previous manifests, when the options give them: read by the pre-pass and bound as before
 * (the same options). Admission and the change plan both use them.
 */
function previousOf(
  options: PlanOptions,
  version: KubernetesVersion,
  findings: Finding[],
): PreviousManifests | undefined {
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
  const index = indexManifests(previous);
  // Bound on first use, once: a change that touches no claim never pays for it (bench/change-plan.js).
  let claims: ClaimPlan[] | undefined;
  return { index, claims: () => (claims ??= predictIndexed(index, options, version).claims) };
}

/**
 * The previous manifests that some finding names: the only ones whose suppression annotations can
 * matter (a deleted object's findings carry its old ref). Handing suppression only these spares it
 * reading the annotations of every previous object (bench/change-plan.js).
 */
function previousNamed(previous: ManifestIndex, findings: readonly Finding[]): ManifestIndex {
  const named = new Set<string>();
  for (const f of findings) named.add(f.object);
  return { ...previous, entries: previous.entries.filter((e) => named.has(e.ref)) };
}

/** The previous manifests read by the pre-pass, and their binding plan, made when first asked for. */
interface PreviousManifests {
  readonly index: ManifestIndex;
  readonly claims: () => ClaimPlan[];
}

/** options.cluster for admission: a list, or nothing (checkCluster reports anything else). */
function clusterOption(options: PlanOptions): { cluster?: readonly unknown[] } {
  try {
    const cluster = asRecord(options)?.cluster;
    return Array.isArray(cluster) ? { cluster } : {};
  } catch {
    return {};
  }
}

/** The change plan from the previous manifests (both bindings at hand) to these. */
function changeOf(
  options: PlanOptions,
  index: ManifestIndex,
  claims: ClaimPlan[],
  version: KubernetesVersion,
  previous: PreviousManifests,
): { changes: ObjectChange[]; findings: Finding[]; previous: ManifestIndex } {
  // Read under a guard: options handed in by code may throw when spread (a Proxy, a getter).
  let defaultStorageClass: unknown;
  try {
    defaultStorageClass = asRecord(options)?.defaultStorageClass;
  } catch {
    defaultStorageClass = undefined;
  }
  const planned = planChanges(previous.index, index, claims, previous.claims, {
    kubernetesVersion: version,
    ...(typeof defaultStorageClass === 'string' ? { defaultStorageClass } : {}),
  });
  return { ...planned, previous: previous.index };
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

const OPTION_FIELDS = [
  'defaultStorageClass',
  'kubernetesVersion',
  'disableRules',
  'previous',
  'cluster',
] as const;
const LIST_OPTIONS: ReadonlySet<string> = new Set(['previous', 'cluster', 'disableRules']);

/**
 * The manifests and options as plain data. Code may hand in a Proxy or an object with getters that
 * throw when read, or a list whose length or items throw: the list is copied item by item and each
 * option field read once, under a guard, so what cannot be read is an input error finding naming
 * it, and no pass below meets a throwing read of the lists or options. Cycles and throwing fields
 * inside a manifest stay: the pre-pass and every pass guard their own reads of those.
 */
function readableInput(
  manifests: unknown,
  options: unknown,
  findings: Finding[],
): { manifests: unknown[]; options: PlanOptions } {
  const unreadable = (rule: string, object: string, field: string | undefined, what: string): void => {
    findings.push({
      severity: 'error',
      rule,
      object,
      ...(field !== undefined ? { field } : {}),
      message: `${what} cannot be read (reading it throws, e.g. a Proxy or a getter handed in by code); the plan went on without it`,
    });
  };
  const list = copyList(manifests);
  if (list === undefined)
    unreadable('manifest-unreadable', '<manifests>', undefined, 'the list of manifests');
  const out: Record<string, unknown> = {};
  let record: Record<string, unknown> | undefined;
  try {
    record = asRecord(options);
  } catch {
    unreadable('option-invalid', '<options>', undefined, 'the options object');
  }
  for (const field of record ? OPTION_FIELDS : []) {
    let value: unknown;
    try {
      value = (record as Record<string, unknown>)[field];
    } catch {
      unreadable('option-invalid', '<options>', field, `options.${field}`);
      continue;
    }
    if (value === undefined) continue;
    if (LIST_OPTIONS.has(field) && Array.isArray(value)) {
      const copy = copyList(value);
      if (copy === undefined) unreadable('option-invalid', '<options>', field, `the list options.${field}`);
      else out[field] = copy;
    } else {
      out[field] = value; // checked where it is used (a string, a version, a list)
    }
  }
  return { manifests: list ?? [], options: out as PlanOptions };
}

/** A plain copy of a list, read item by item; undefined when reading it throws. Not a list: empty. */
function copyList(value: unknown): unknown[] | undefined {
  try {
    if (!Array.isArray(value)) return [];
    const n = value.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = value[i];
    return out;
  } catch {
    return undefined;
  }
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
