/**
 * Silencing rules on purpose, as kube-linter users know it: an annotation on an object,
 * `ignore-check.cdk8s-volumes.io/<rule-id>: "<reason>"`, silences that rule for that object, and
 * the `disableRules` option silences rules everywhere. Nothing is dropped silently: a silenced
 * finding moves to the plan's `suppressed` list with its reason and is counted in every summary,
 * and an annotation that silences nothing (no such rule, or no such finding on the object) is
 * itself reported (`suppression-unused`, info), so stale suppressions do not pile up.
 */
import { asRecord, get, guard, ManifestIndex } from './_manifest';
import { Finding, SuppressedFinding } from './types';

/** The annotation prefix: `ignore-check.cdk8s-volumes.io/claim-pending: "pre-made by the admin"`. */
export const IGNORE_ANNOTATION_PREFIX = 'ignore-check.cdk8s-volumes.io/';

/** Findings kept, findings silenced, and findings about the suppressions themselves. */
export interface SuppressionResult {
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
}

/**
 * Splits `findings` into kept and suppressed. `knownRules` (called only when there is a suppression)
 * tells a misspelt rule id from a rule that found nothing. Findings on objects that are not manifests (files, options) are never suppressed
 * by annotation; `disableRules` applies to every finding except those of option errors.
 */
export function applySuppressions(
  index: ManifestIndex,
  findings: Finding[],
  disableRules: readonly string[],
  knownRules: () => ReadonlySet<string>,
  previous?: ManifestIndex,
): SuppressionResult {
  // Annotations by object ref: rule -> reason. Only objects that carry one are kept. A deleted
  // object's findings carry its old ref: its annotations are read from the previous manifests.
  const ignores = new Map<string, Map<string, string>>();
  const refs = new Set<string>();
  for (const e of index.entries) if (!e.problem && !e.unread) refs.add(e.ref);
  const entries = previous
    ? [...index.entries, ...previous.entries.filter((e) => !e.problem && !e.unread && !refs.has(e.ref))]
    : index.entries;
  for (const e of entries) {
    if (e.problem || e.unread) continue;
    const annotations = asRecord(guard(() => get(e.manifest, 'metadata', 'annotations'), undefined));
    if (!annotations) continue;
    for (const key of Object.keys(annotations)) {
      if (!key.startsWith(IGNORE_ANNOTATION_PREFIX)) continue;
      const rule = key.slice(IGNORE_ANNOTATION_PREFIX.length);
      const value = annotations[key];
      let byRule = ignores.get(e.ref);
      if (!byRule) ignores.set(e.ref, (byRule = new Map()));
      byRule.set(rule, typeof value === 'string' ? value : '');
    }
  }
  const disabled = new Set(disableRules);
  if (ignores.size === 0 && disabled.size === 0) return { findings, suppressed: [] };

  const known = knownRules();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<string>(); // `${ref}\0${rule}` of annotations that silenced something
  for (const f of findings) {
    if (f.rule === 'option-invalid') {
      kept.push(f);
      continue;
    }
    if (disabled.has(f.rule)) {
      suppressed.push({ finding: f, by: 'option', reason: 'disabled by the disableRules option' });
      continue;
    }
    const reason = ignores.get(f.object)?.get(f.rule);
    if (reason !== undefined) {
      used.add(`${f.object}\0${f.rule}`);
      suppressed.push({
        finding: f,
        by: 'annotation',
        reason: reason === '' ? `${IGNORE_ANNOTATION_PREFIX}${f.rule} (no reason given)` : reason,
      });
      continue;
    }
    kept.push(f);
  }
  for (const [ref, byRule] of ignores) {
    if (!refs.has(ref)) continue; // a deleted object's: it needs no clean-up
    for (const rule of byRule.keys()) {
      if (used.has(`${ref}\0${rule}`)) continue;
      const field = `metadata.annotations["${IGNORE_ANNOTATION_PREFIX}${rule}"]`;
      kept.push({
        severity: 'info',
        rule: 'suppression-unused',
        object: ref,
        field,
        message: known.has(rule)
          ? `the annotation silences rule ${rule}, which finds nothing on this object; remove it`
          : `the annotation names rule "${rule.slice(0, 60)}", which does not exist (docs/rules.md lists the rules); fix or remove it`,
      });
    }
  }
  for (const rule of disabled) {
    if (!known.has(rule)) {
      kept.push({
        severity: 'error',
        rule: 'option-invalid',
        object: '<options>',
        field: 'disableRules',
        message: `disableRules names "${rule.slice(0, 60)}", which is not a rule (docs/rules.md lists the rules)`,
      });
    }
  }
  return { findings: kept, suppressed };
}
