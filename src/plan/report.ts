/**
 * Renders a StoragePlan for people and machines: a terminal table (the CLI), Markdown with a
 * Mermaid graph (dist/storage-plan.md, committed and diffed in review) and JSON (CI tooling).
 * Pure: no fs, no clock, no locale. Everything is sorted here, even when the plan is already
 * sorted, so the same plan renders byte-identical output whoever built it.
 */
import { asArray, asString, get, guard, kindOf, nameOf, namespaceOf, podTemplateOf } from './_manifest';
import type { ObjectChange } from './change';
import type { SkippedInput } from './load';
import { ClaimOutcome, ClaimPlan, Finding, Severity, StoragePlan } from './types';

/** Counts of a plan, for summary lines and report metadata. */
export interface PlanSummary {
  readonly claims: number;
  readonly bound: number;
  readonly provisioned: number;
  readonly waiting: number;
  readonly pending: number;
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
  /** Findings silenced on purpose (annotations, disableRules). */
  readonly suppressed: number;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const SEVERITY_TITLE: Record<Severity, string> = { error: 'ERRORS', warning: 'WARNINGS', info: 'INFO' };
const REASON_WIDTH = 72;
/** At most this many changes are listed in the table. */
const TABLE_CHANGES = 50;

/**
 * Which findings fail a run. One threshold, and one test of it (`failsAt`), for the CLI's
 * exit status (`--fail-on`), StorageChecks' synth failure and the validation plugin's result, so
 * the three never disagree on what fails. Each value is the CLI's word for it.
 */
export enum FailOn {
  /** Error findings only: what the API server rejects, claims that stay Pending, removed sources. */
  ERROR = 'error',
  /** Errors and warnings: also data loss on delete, writable hostPath, deprecated sources. */
  WARNING = 'warning',
  /** Nothing fails: the findings are reported only. */
  NEVER = 'never',
}

/** The values of {@link FailOn}, in order: what an option naming the threshold allows. */
export const FAIL_ON_VALUES: readonly string[] = [FailOn.ERROR, FailOn.WARNING, FailOn.NEVER];

/**
 * `text` as a {@link FailOn}, or undefined when it is none of its values (the callers say so,
 * naming their option).
 */
export function parseFailOn(text: unknown): FailOn | undefined {
  return typeof text === 'string' && FAIL_ON_VALUES.includes(text) ? (text as FailOn) : undefined;
}

/** Whether a finding of `severity` fails a run with threshold `failOn`; info never fails. */
export function failsAt(severity: Severity | string, failOn: FailOn): boolean {
  if (failOn === FailOn.NEVER) return false;
  return severity === 'error' || (failOn === FailOn.WARNING && severity === 'warning');
}

/** Counts claims by outcome and findings by severity. */
export function summarizePlan(plan: StoragePlan): PlanSummary {
  const outcomes = (o: ClaimOutcome): number => plan.claims.filter((c) => c.outcome === o).length;
  const severities = (s: Severity): number => plan.findings.filter((f) => f.severity === s).length;
  return {
    claims: plan.claims.length,
    bound: outcomes('bound'),
    provisioned: outcomes('provisioned'),
    waiting: outcomes('waiting'),
    pending: outcomes('pending'),
    errors: severities('error'),
    warnings: severities('warning'),
    info: severities('info'),
    suppressed: plan.suppressed?.length ?? 0,
  };
}

/** One line: `3 claims: 1 bound, 1 provisioned, 0 waiting, 1 pending. Findings: 2 errors, 1 warning, 0 info.` */
export function summaryLine(plan: StoragePlan): string {
  const s = summarizePlan(plan);
  return (
    `${plural(s.claims, 'claim')}: ${s.bound} bound, ${s.provisioned} provisioned, ${s.waiting} waiting, ` +
    `${s.pending} pending. Findings: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.info} info` +
    `${s.suppressed > 0 ? `, ${s.suppressed} suppressed` : ''}.`
  );
}

/** Options for {@link renderTable}. */
export interface TableOptions {
  /**
   * List info findings (Pod Security levels, summaries) too.
   * @default false: the table lists errors and warnings, and counts the info findings
   */
  readonly showInfo?: boolean;
  /**
   * The lowest severity listed (the CLI's `--min-severity`): the findings below it are counted in
   * a "Not shown" line, except those that fail the run (`failOn`), which are always listed.
   * @default 'info': every finding is listed (info ones as `showInfo` says)
   */
  readonly minSeverity?: string;
  /**
   * The run's fail threshold: findings at or above it are listed whatever `minSeverity` says.
   * @default FailOn.ERROR
   */
  readonly failOn?: FailOn;
}

/**
 * A plain-text report in the manner of `kubectl get pvc`: one row per claim, then the errors and
 * warnings (and info, on request) grouped by severity, each with its file:line when known, then the
 * summary line.
 */
export function renderTable(plan: StoragePlan, options: TableOptions = {}): string {
  const out: string[] = [];
  const claims = sortedClaims(plan.claims);
  if (claims.length === 0) {
    out.push('No PersistentVolumeClaims.');
  } else {
    const rows = claims.map((c) => [
      c.namespace,
      c.name,
      c.outcome,
      target(c),
      shorten(c.reason, REASON_WIDTH),
    ]);
    const lines = alignColumns(
      [['NAMESPACE', 'CLAIM', 'OUTCOME', 'VOLUME/CLASS', 'REASON'], ...rows].map(cells),
    );
    for (const line of lines) out.push(line); // not push(...lines): 100k+ arguments overflow the stack
  }
  const min = SEVERITY_ORDER[options.minSeverity as Severity] ?? SEVERITY_ORDER.info;
  const failOn = options.failOn ?? FailOn.ERROR;
  const listed = (f: Finding): boolean => SEVERITY_ORDER[f.severity] <= min || failsAt(f.severity, failOn);
  const findings = sortedFindings(plan.findings.filter(listed));
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    if (severity === 'info' && options.showInfo !== true) {
      out.push('', `${plural(group.length, 'info finding')} not shown (--show-info lists them).`);
      continue;
    }
    out.push('', `${SEVERITY_TITLE[severity]} (${group.length})`);
    for (const f of group) {
      const where = f.field ? `${f.object} ${f.field}` : f.object;
      const at =
        typeof f.file === 'string'
          ? `${oneLine(f.file)}${typeof f.line === 'number' ? `:${f.line}` : ''}: `
          : '';
      out.push(`  ${at}${oneLine(where)}: ${oneLine(f.message)} [${oneLine(f.rule)}]`);
    }
  }
  const hidden = plan.findings.length - findings.length;
  if (hidden > 0) {
    // Said, never silent: a reader of the table knows what --min-severity left out.
    const count = (sev: Severity): number =>
      plan.findings.filter((f) => f.severity === sev && !listed(f)).length;
    const parts = [
      count('error') > 0 ? plural(count('error'), 'error') : '',
      count('warning') > 0 ? plural(count('warning'), 'warning') : '',
      count('info') > 0 ? `${count('info')} info` : '',
    ].filter((p) => p !== '');
    out.push('', `Not shown (--min-severity ${oneLine(String(options.minSeverity))}): ${parts.join(', ')}.`);
  } else if (findings.length === 0) out.push('', 'No findings.');
  if (plan.changes) {
    const moved = plan.changes.filter((c) => c.action !== 'unchanged' || c.data !== undefined);
    out.push('', `CHANGES (${moved.length} of ${plural(plan.changes.length, 'object')})`);
    const sorted = [...moved].sort(
      (a, b) => (ACTION_ORDER[a.action] ?? 9) - (ACTION_ORDER[b.action] ?? 9) || cmp(a.object, b.object),
    );
    for (const c of sorted.slice(0, TABLE_CHANGES)) {
      const fields = c.fields?.length ? ` (${oneLine(c.fields.join(', '))})` : '';
      out.push(`  ${c.action} ${oneLine(c.object)}${fields}${c.data ? `: ${oneLine(c.data)}` : ''}`);
    }
    if (sorted.length > TABLE_CHANGES)
      out.push(`  ... and ${sorted.length - TABLE_CHANGES} more (--format json lists them all)`);
  }
  out.push('', summaryLine(plan));
  return out.join('\n') + '\n';
}

/** Change actions in the order a reviewer reads them: what goes first. */
const ACTION_ORDER: Record<string, number> = { delete: 0, update: 1, create: 2, unchanged: 3 };

/**
 * "What this change does to storage": the objects an apply deletes, updates and creates, with the
 * data effect, first in the report (a GitOps pull request's reviewer reads it before anything).
 * Unchanged objects are counted, not listed.
 */
function writeChanges(changes: readonly ObjectChange[], out: (...lines: string[]) => void): void {
  out('## What this change does to storage', '');
  const moved = changes
    .filter((c) => c.action !== 'unchanged' || c.data !== undefined)
    .sort((a, b) => (ACTION_ORDER[a.action] ?? 9) - (ACTION_ORDER[b.action] ?? 9) || cmp(a.object, b.object));
  const unchanged = changes.length - moved.length;
  if (moved.length === 0) {
    out(
      `Nothing changes: ${unchanged} object${unchanged === 1 ? ' stays' : 's stay'} as ${unchanged === 1 ? 'it is' : 'they are'}.`,
      '',
    );
    return;
  }
  out('| Action | Object | Changed fields | Data |', '| --- | --- | --- | --- |');
  for (const c of moved) {
    const action = c.action === 'delete' ? '**delete**' : mdCell(c.action);
    out(
      `| ${action} | ${mdCell(c.object)} | ${mdCell((c.fields ?? []).join(', '))} | ${mdCell(c.data ?? '')} |`,
    );
  }
  out(
    '',
    `${unchanged} other object${unchanged === 1 ? '' : 's'} unchanged. The refusals and data losses are in the findings below.`,
    '',
  );
}

/**
 * The Markdown report (dist/storage-plan.md): summary, claims table, findings table and a Mermaid
 * graph of workloads -> claims -> volumes -> classes. `manifests` supplies the workloads and the
 * volumes' classes, which the plan itself does not carry.
 */
export function renderMarkdown(plan: StoragePlan, manifests: readonly unknown[] = []): string {
  const lines: string[] = [];
  writeMarkdown(plan, reportGraph(plan, manifests), (line) => lines.push(line));
  return lines.join('\n') + '\n';
}

/**
 * What the report's graph needs of the manifests, read while they are at hand, so a caller
 * can let the manifests go before it writes the report (as the synth does, to lower its peak
 * memory). Reading stops just past Mermaid's edge limit.
 */
export interface ReportGraph {
  readonly _model: GraphModel;
}

/** The graph of `renderMarkdown(plan, manifests)`, for {@link writeMarkdown}. */
export function reportGraph(plan: StoragePlan, manifests: readonly unknown[] = []): ReportGraph {
  // Building the model stops once it passes the edge limit: a 20 000-object app is not drawn anyway.
  return { _model: graphModel(plan, manifests, MERMAID_MAX_EDGES) };
}

/**
 * {@link renderMarkdown} line by line (each without its newline), for a caller that writes a
 * large report to a file as it goes instead of holding it whole.
 */
export function writeMarkdown(plan: StoragePlan, graph: ReportGraph, emit: (line: string) => void): void {
  const out = (...lines: string[]): void => {
    for (const l of lines) emit(l);
  };
  out(
    '# Storage plan',
    '',
    'Generated by cdk8s-volumes: do not edit by hand.',
    '',
    mdCell(summaryLine(plan)),
    '',
  );
  if (plan.changes) writeChanges(plan.changes, out);
  out('## Claims', '');
  const claims = sortedClaims(plan.claims);
  if (claims.length === 0) {
    out('No PersistentVolumeClaims.');
  } else {
    out('| Namespace | Claim | Outcome | Volume / class | Reason |', '| --- | --- | --- | --- | --- |');
    for (const c of claims) {
      const outcome = c.outcome === 'pending' ? `**${c.outcome}**` : mdCell(c.outcome);
      out(
        `| ${mdCell(c.namespace)} | ${mdCell(c.name)} | ${outcome} | ${mdCell(target(c))} | ${mdCell(c.reason)} |`,
      );
    }
  }
  out('', '## Findings', '');
  const findings = sortedFindings(plan.findings);
  if (findings.length === 0) {
    out('No findings.');
  } else {
    out('| Severity | Rule | Object | Field | Message |', '| --- | --- | --- | --- | --- |');
    for (const f of findings) {
      const cellsOf = [f.severity, f.rule, f.object, f.field ?? '', f.message].map(mdCell);
      out(`| ${cellsOf.join(' | ')} |`);
    }
  }
  out('', '## Graph', '');
  const model = graph._model;
  const text = model.edges.size <= MERMAID_MAX_EDGES ? renderGraph(model) : undefined;
  if (model.nodes.size === 0) out('No claims and no workloads using claims: nothing to draw.');
  else if (text === undefined || text.length > MERMAID_MAX_TEXT) {
    out(
      `The graph is larger than Mermaid draws (at most ${MERMAID_MAX_EDGES} edges and ${MERMAID_MAX_TEXT} ` +
        'characters by default), so it is left out; the claims table above holds the same bindings.',
    );
  } else out('```mermaid', text, '```');
}

/**
 * Mermaid's default limits (`maxEdges`, `maxTextSize`): a larger diagram is not drawn at all, in
 * GitHub's Markdown view or elsewhere, so the report does not spend time and megabytes on one.
 */
const MERMAID_MAX_EDGES = 500;
const MERMAID_MAX_TEXT = 50_000;

/** Stable JSON: fixed key order, claims and findings sorted, a summary first, two-space indent. */
/** What the JSON report says besides the plan: the version judged for, and the inputs skipped. */
export interface JsonExtras {
  /** The Kubernetes minor the plan judged for. */
  readonly kubernetesVersion?: string;
  /**
   * Inputs that are not API objects, skipped by the loader.
   * @default - none: no `skipped` count or list
   */
  readonly skipped?: readonly SkippedInput[];
}

/**
 * The plan as JSON for CI tooling: the summary (with the version judged for and the skipped count
 * from `extras`), the claims, the findings (with file and line), and the suppressed findings, the
 * changes and the skipped inputs when there are any. Sorted, so the same plan gives the same bytes.
 */
export function renderJson(plan: StoragePlan, extras: JsonExtras = {}): string {
  const claims = sortedClaims(plan.claims).map((c) => ({
    namespace: c.namespace,
    name: c.name,
    outcome: c.outcome,
    volume: c.volume,
    storageClass: c.storageClass,
    reason: c.reason,
  }));
  const row = (f: Finding) => ({
    severity: f.severity,
    rule: f.rule,
    object: f.object,
    field: f.field,
    message: f.message,
    file: f.file,
    line: f.line,
  });
  const findings = sortedFindings(plan.findings).map(row);
  const suppressed = (plan.suppressed ?? []).map((s) => ({
    ...row(s.finding),
    suppressedBy: s.by,
    reason: s.reason,
  }));
  const summary = {
    ...(extras.kubernetesVersion !== undefined ? { kubernetesVersion: extras.kubernetesVersion } : {}),
    ...summarizePlan(plan),
    ...(extras.skipped ? { skipped: extras.skipped.length } : {}),
  };
  const skipped = extras.skipped?.map((x) => ({ file: x.file, line: x.line, reason: x.reason }));
  return (
    JSON.stringify(
      {
        summary,
        claims,
        findings,
        ...(suppressed.length > 0 ? { suppressed } : {}),
        ...(plan.changes ? { changes: plan.changes } : {}),
        ...(skipped ? { skipped } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}

/**
 * The Mermaid `flowchart LR` body, or undefined when there is nothing to draw. Exported for
 * tests and for callers that embed the graph elsewhere.
 */
export function mermaidGraph(plan: StoragePlan, manifests: readonly unknown[] = []): string | undefined {
  const model = graphModel(plan, manifests);
  return model.nodes.size === 0 ? undefined : renderGraph(model);
}

interface GraphModel {
  /** key -> node */
  readonly nodes: Map<string, { label: string; pending: boolean }>;
  /** `from\0to` -> edge */
  readonly edges: Map<string, { from: string; to: string; dashed: boolean }>;
}

/**
 * The nodes and edges of the graph: workloads -> claims -> volumes or classes -> classes; it
 * stops adding once it holds more than `maxEdges` edges.
 */
function graphModel(plan: StoragePlan, manifests: readonly unknown[], maxEdges = Infinity): GraphModel {
  const nodes = new Map<string, { label: string; pending: boolean }>(); // key -> node
  const edges = new Map<string, { from: string; to: string; dashed: boolean }>();
  const node = (key: string, label: string, pending = false): string => {
    const prev = nodes.get(key);
    nodes.set(key, { label: prev?.label ?? label, pending: (prev?.pending ?? false) || pending });
    return key;
  };
  const edge = (from: string, to: string, dashed = false): void => {
    edges.set(`${from}\0${to}`, { from, to, dashed });
  };
  const claimKey = (ns: string, name: string): string => `pvc:${ns}/${name}`;
  const classKey = (name: string): string => `sc:${name}`;
  const volumeKey = (name: string): string => `pv:${name}`;

  const claims = sortedClaims(plan.claims);
  const planned = new Set(claims.map((c) => claimKey(c.namespace, c.name)));
  const full = () => edges.size > maxEdges;
  for (const c of claims) {
    if (full()) return { nodes, edges };
    const key = node(claimKey(c.namespace, c.name), `PVC ${c.namespace}/${c.name}`, c.outcome === 'pending');
    if ((c.outcome === 'bound' || c.outcome === 'waiting') && c.volume) {
      // dashed: the static volume the scheduler would bind once a pod using the claim is scheduled
      edge(key, node(volumeKey(c.volume), `PV ${c.volume}`), c.outcome === 'waiting');
    } else if ((c.outcome === 'provisioned' || c.outcome === 'waiting') && c.storageClass) {
      // dashed: WaitForFirstConsumer provisions only once a pod using the claim is scheduled
      edge(key, node(classKey(c.storageClass), `StorageClass ${c.storageClass}`), c.outcome === 'waiting');
    }
  }

  // Manifests handed in by code may throw when read (a Proxy, a getter), as planStorage allows:
  // such a manifest adds nothing to the graph.
  const list = asArray(manifests);

  // volumes -> classes, for the volumes a claim binds to
  for (const m of list) {
    if (full()) return { nodes, edges };
    guard(() => {
      if (kindOf(m) !== 'PersistentVolume' || !nodes.has(volumeKey(nameOf(m)))) return;
      const cls = asString(get(m, 'spec', 'storageClassName'));
      if (cls) edge(volumeKey(nameOf(m)), node(classKey(cls), `StorageClass ${cls}`));
    }, undefined);
  }

  // workloads -> claims
  for (const m of list) {
    if (full()) return { nodes, edges };
    guard(() => workloadEdges(m), undefined);
  }
  function workloadEdges(m: unknown): void {
    const template = podTemplateOf(m);
    if (!template) return;
    const kind = kindOf(m);
    const ns = namespaceOf(m);
    const wlKey = `wl:${kind}/${ns}/${nameOf(m)}`;
    const wlLabel = `${kind} ${ns}/${nameOf(m)}`;
    for (const v of asArray(template.spec.volumes)) {
      const claimName = asString(get(v, 'persistentVolumeClaim', 'claimName'));
      if (!claimName) continue;
      const key = claimKey(ns, claimName);
      if (!planned.has(key)) node(key, `PVC ${ns}/${claimName} (missing)`, true); // the pod never starts
      edge(node(wlKey, wlLabel), key);
    }
    if (kind !== 'StatefulSet') return;
    for (const t of asArray(get(m, 'spec', 'volumeClaimTemplates'))) {
      const tName = asString(get(t, 'metadata', 'name'));
      if (!tName) continue;
      // The StatefulSet controller names each pod's claim `<template>-<statefulset>-<ordinal>`.
      const prefix = `${tName}-${nameOf(m)}-`;
      const mine = claims.filter(
        (c) => c.namespace === ns && c.name.startsWith(prefix) && /^\d+$/.test(c.name.slice(prefix.length)),
      );
      for (const c of mine) edge(node(wlKey, wlLabel), claimKey(c.namespace, c.name));
      if (mine.length === 0) {
        const key = node(`pvct:${ns}/${nameOf(m)}/${tName}`, `PVC template ${ns}/${tName}`);
        edge(node(wlKey, wlLabel), key);
      }
    }
  }
  return { nodes, edges };
}

/** The Mermaid text of a non-empty graph. */
function renderGraph({ nodes, edges }: GraphModel): string {
  const ids = nodeIds([...nodes.keys()]);
  const lines = ['flowchart LR'];
  const byId = [...nodes.entries()].map(([key, n]) => ({ id: ids.get(key) as string, ...n }));
  byId.sort((a, b) => cmp(a.id, b.id));
  for (const n of byId) lines.push(`  ${n.id}["${mermaidText(n.label)}"]`);
  const edgeLines = [...edges.values()].map(
    (e) => `  ${ids.get(e.from)} ${e.dashed ? '-.->' : '-->'} ${ids.get(e.to)}`,
  );
  for (const line of edgeLines.sort(cmp)) lines.push(line); // not push(...): see renderTable
  const pending = byId.filter((n) => n.pending).map((n) => n.id);
  if (pending.length > 0) {
    lines.push('  classDef pending fill:#fdd,stroke:#c00,color:#600');
    lines.push(`  class ${pending.join(',')} pending`);
  }
  return lines.join('\n');
}

/**
 * Mermaid node ids from node keys: readable (`pvc_default_data`), limited to [A-Za-z0-9_] so no
 * name can break the syntax, and prefixed by type so none is a keyword such as `end`. Keys that
 * slug alike get `_2`, `_3` in key order, which depends only on the colliding keys: adding an
 * unrelated object never renames a node, so committed reports diff cleanly.
 */
function nodeIds(keys: readonly string[]): Map<string, string> {
  const bySlug = new Map<string, string[]>();
  for (const key of keys) {
    const slug = key.replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '');
    const group = bySlug.get(slug);
    if (group) group.push(key);
    else bySlug.set(slug, [key]);
  }
  const ids = new Map<string, string>();
  const taken = new Set(bySlug.keys());
  for (const [slug, group] of bySlug) {
    group.sort(cmp).forEach((key, i) => {
      if (i === 0) {
        ids.set(key, slug);
        return;
      }
      let n = i + 1;
      while (taken.has(`${slug}_${n}`)) n++;
      taken.add(`${slug}_${n}`);
      ids.set(key, `${slug}_${n}`);
    });
  }
  return ids;
}

/** Text inside a quoted Mermaid label: entity codes for what would end or reinterpret the label. */
function mermaidText(s: string): string {
  return oneLine(s)
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;');
}

/**
 * A Markdown table cell: one line, and every character that could end the cell, start HTML
 * (`<no name>` would vanish as an unknown tag) or start emphasis, code or a link is escaped.
 */
function mdCell(s: string): string {
  // Most cells need neither (one test instead of three replaces over 10 000s of cells).
  if (typeof s === 'string' && !CELL_NEEDS_WORK.test(s)) return s;
  return oneLine(s).replace(/[\\`*_[\]<|]/g, (c) => `\\${c}`);
}

/** What oneLine or mdCell would change: whitespace other than single inner spaces, controls, Markdown. */
const CELL_NEEDS_WORK = /[^\S ]|[\x00-\x1f\x7f]| {2}|^ | $|[\\`*_[\]<|]/;

/** What a claim binds to or is provisioned from, in kubectl's short resource names. */
function target(c: ClaimPlan): string {
  if (c.volume) return `pv/${c.volume}`;
  if (c.storageClass) return `sc/${c.storageClass}`;
  return '-';
}

/** Collapses whitespace and control characters: a manifest's text must not draw on the terminal. */
function oneLine(s: string): string {
  return String(s)
    .replace(/[\s\x00-\x1f\x7f]+/g, ' ')
    .trim();
}

function shorten(s: string, width: number): string {
  const line = oneLine(s);
  if (line.length <= width) return line;
  const cut = line.slice(0, width - 3);
  const space = cut.lastIndexOf(' ');
  return `${space > width / 2 ? cut.slice(0, space) : cut}...`;
}

function cells(row: string[]): string[] {
  return row.map(oneLine);
}

/** Pads each column to its widest cell: a reduce, since Math.max(...cells) overflows the stack at 100k+ rows. */
function alignColumns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => rows.reduce((widest, r) => Math.max(widest, r[i].length), 0));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('   ')
      .trimEnd(),
  );
}

function sortedClaims(claims: readonly ClaimPlan[]): ClaimPlan[] {
  return [...claims].sort(
    (a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.outcome, b.outcome),
  );
}

/** The same order planStorage returns, re-applied so hand-made or merged plans render the same. */
function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) ||
      cmp(a.object, b.object) ||
      cmp(a.rule, b.rule) ||
      cmp(a.field ?? '', b.field ?? '') ||
      cmp(a.message, b.message),
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Code-unit order, not locale order: the same plan renders the same on every machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One finding on one line, as StorageChecks prints it: `Kind/ns/name spec.field: message [rule]`. */
export function formatFinding(f: Finding): string {
  return `${f.object}${f.field ? ` ${f.field}` : ''}: ${f.message} [${f.rule}]`;
}
