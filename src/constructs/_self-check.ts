/**
 * The constructs' self-check: at the end of its constructor, every construct judges the objects it
 * emits with the plan's object-scoped rules (src/plan/object-rules.ts, the rules declared
 * `scope: 'object'`), so a construct never emits what the plan flags on the same YAML. It throws on
 * an error or a warning (info never fails), naming the object, the rule id, the plan's message and
 * the rule's section of docs/rules.md. A rule is accepted on purpose per object with the plan's
 * suppression annotation, which the constructs write from their `ignoreChecks` prop.
 *
 * The Kubernetes minor judged for is the construct tree's context value
 * `cdk8s-volumes:kubernetesVersion` (e.g. `"1.31"`, in cdk8s.yaml's `context:` or
 * `new App({ ... })` via `app.node.setContext`), else the plan's default (the newest it knows).
 */
import { ApiObject } from 'cdk8s';
import { fail, StorageValidationError } from '../_errors';
import { IConstruct } from 'constructs';
import {
  DEFAULT_KUBERNETES_VERSION,
  KubernetesVersion,
  kubernetesVersionProblem,
  parseKubernetesVersion,
} from '../k8s/versions';
import { get, refOf } from '../plan/_manifest';
import { judgeObjects, objectScopedRules } from '../plan/object-rules';
import { IGNORE_ANNOTATION_PREFIX } from '../plan/suppress';
import { Finding } from '../plan/types';

/** The construct tree context key naming the Kubernetes minor the constructs judge their manifests for. */
export const KUBERNETES_VERSION_CONTEXT = 'cdk8s-volumes:kubernetesVersion';

/** The rule catalogue, loaded on first use: it carries every rule's examples, which a construct needs only to name a rule. */
function catalogue(): typeof import('../rules/catalogue') {
  return require('../rules/catalogue') as typeof import('../rules/catalogue');
}

/** The Kubernetes minor for the constructs under `scope`: the context value, else the plan's default. */
export function contextKubernetesVersion(scope: IConstruct): KubernetesVersion {
  const value: unknown = scope.node.tryGetContext(KUBERNETES_VERSION_CONTEXT);
  if (value === undefined) return DEFAULT_KUBERNETES_VERSION;
  const version = parseKubernetesVersion(value);
  if (version) return version;
  return fail(scope.node.path, `context ${KUBERNETES_VERSION_CONTEXT}`, `${kubernetesVersionProblem(value)}`);
}

/**
 * Writes `ignoreChecks` (rule id -> reason) onto each object as the plan's suppression annotations
 * (`ignore-check.cdk8s-volumes.io/<rule>: <reason>`), so the plan and the self-check both accept
 * the named rules on these objects, and a reader of the YAML sees why. Throws on an id that is not
 * an object-scoped rule of the catalogue or an empty reason: a suppression without a reason, or of a
 * rule the constructs never apply, silences nothing on purpose.
 */
export function writeIgnoreChecks(
  object: string,
  apiObjects: readonly ApiObject[],
  ignoreChecks: { readonly [ruleId: string]: string } | undefined,
): void {
  if (ignoreChecks === undefined) return;
  if (typeof ignoreChecks !== 'object' || ignoreChecks === null || Array.isArray(ignoreChecks)) {
    fail(
      object,
      'ignoreChecks',
      `is ${describeValue(ignoreChecks)}; it must map rule ids to reasons, e.g. { 'hostpath-sensitive': 'node agent' }`,
    );
  }
  const scoped = objectScopedRules();
  for (const [rule, reason] of Object.entries(ignoreChecks)) {
    if (!catalogue().RULE_ID_PATTERN.test(rule) || !(scoped.has(rule) || CONSTRUCT_APPLIED_RULES.has(rule))) {
      fail(
        object,
        'ignoreChecks',
        `names rule "${rule}", which is not a rule the constructs apply; use an id of docs/rules.md marked "constructs apply it"`,
      );
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      fail(
        object,
        `ignoreChecks["${rule}"]`,
        `is ${describeValue(reason)}; give the reason the rule is accepted here (a non-empty string)`,
      );
    }
    // Only on the objects the rule judges (its declared kinds): on the others (a StatefulSet's
    // Service) the annotation would silence nothing, and the plan reports such a suppression as unused.
    const kinds = catalogue().ruleById(rule)?.kinds ?? ['*'];
    const judged = apiObjects.filter((o) => kinds.includes('*') || kinds.includes(o.kind));
    if (judged.length === 0) {
      fail(
        object,
        'ignoreChecks',
        `names rule "${rule}", which judges ${kinds.join(', ')}, and this construct makes ${apiObjects.map((o) => o.kind).join(', ')}; remove it`,
      );
    }
    for (const o of judged) o.metadata.addAnnotation(`${IGNORE_ANNOTATION_PREFIX}${rule}`, reason);
  }
}

/**
 * Judges the objects a construct emits (their `toJson()`, as synth writes them) with the
 * object-scoped rules for the tree's Kubernetes minor; throws on any error or warning not silenced
 * by the object's suppression annotation. Call it last in a constructor, after
 * {@link writeIgnoreChecks}.
 */
export function checkOwnManifests(scope: IConstruct, apiObjects: readonly ApiObject[]): void {
  // Only after every object is complete: a construct calls this last, and toJson() resolves its lazy values.
  const version = contextKubernetesVersion(scope);
  const manifests = apiObjects.map((o) => o.toJson() as unknown);
  const findings = judgeObjects(manifests, version).filter(
    (f) => f.severity !== 'info' && !silenced(manifests, f),
  );
  if (findings.length === 0) return;
  throw new RuleViolationError(scope.node.path, findings);
}

/**
 * The self-check as each construct's constructor ends with it: writes `ignoreChecks` onto every
 * object the construct emits (its ApiObjects, found in its subtree), then judges them.
 */
export function selfCheck(
  scope: IConstruct,
  ignoreChecks: SelfCheckProps['ignoreChecks'],
  implied: { readonly [ruleId: string]: string } = {},
): void {
  // `implied`: what a construct's own opt-in prop (e.g. allowSensitivePath) accepts, written as the
  // same annotation so the plan accepts it too; an explicit ignoreChecks reason wins.
  if (Object.keys(implied).length > 0) ignoreChecks = { ...implied, ...(ignoreChecks ?? {}) };
  const apiObjects = scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  writeIgnoreChecks(scope.node.path, apiObjects, ignoreChecks);
  checkOwnManifests(scope, apiObjects);
}

/**
 * Rules that read two objects, which a construct applies itself because it holds both (a workload
 * and the claim it mounts; a claim and its data source; a snapshot and its claim's volume), through
 * the plan's own judgment of the rule (src/plan/rollout.ts; src/plan/snapshot.ts judgeDataSource,
 * judgeSnapshotSource).
 */
export const CONSTRUCT_APPLIED_RULES: ReadonlySet<string> = new Set([
  'claim-rwop-rollout',
  'data-source-invalid',
  'data-source-refused',
  'snapshot-class-driver',
  'snapshot-source-not-csi',
]);

/**
 * Throws a finding of a {@link CONSTRUCT_APPLIED_RULES} rule as the self-check throws its own, unless
 * `ignoreChecks` accepts the rule (the annotation is written by {@link selfCheck}).
 */
export function refuseUnlessIgnored(
  scope: IConstruct,
  finding: Finding,
  ignoreChecks: SelfCheckProps['ignoreChecks'],
): void {
  if (finding.severity === 'info') return;
  const reason = ignoreChecks?.[finding.rule];
  if (typeof reason === 'string' && reason.trim() !== '') return;
  throw new RuleViolationError(scope.node.path, [finding]);
}

/**
 * What a construct throws when its own objects break a rule of the plan: the house error shape
 * (`<object>: <field> <problem>`, a {@link StorageValidationError}) with the object and field as the
 * plan reports them, the plan's message, the rule id and severity, the rule's section of
 * docs/rules.md and how to accept the rule on purpose; then the construct's path in the tree. One
 * line per finding.
 */
export class RuleViolationError extends StorageValidationError {
  /** The id of the (first) rule broken. */
  public readonly rule: string;
  constructor(
    /** The construct's path in the tree, e.g. `app/data/web`. */
    public readonly constructPath: string,
    /** The findings, as the storage plan reports them on the same objects. */
    public readonly findings: readonly Finding[],
  ) {
    const [first] = findings;
    super(first.object, first.field ?? '', problemOf(first, first.field));
    this.name = 'RuleViolationError';
    this.rule = first.rule;
    this.message = findings.map((f) => `${lineOf(f)} (construct ${constructPath})`).join('\n');
  }
}

/** One finding in the house error shape. */
function lineOf(f: Finding): string {
  return f.field === undefined
    ? `${f.object}: ${problemOf(f, undefined)}`
    : `${f.object}: ${f.field} ${problemOf(f, f.field)}`;
}

/**
 * The problem part: the plan's message, the rule and its doc, and how to accept it. A plan message
 * that opens with the field's own name (`runAsUser is 2147483648; ...`, `items[].path is ...`) drops
 * that name, which the field path before it already says: `spec.containers[0].securityContext.runAsUser is ...`.
 */
function problemOf(f: Finding, field: string | undefined): string {
  const named = field === undefined ? undefined : fieldNameOpening(field, f.message);
  const message = named === undefined ? f.message : f.message.slice(named.length + 1);
  return (
    `${message} [${f.rule}, ${f.severity}; see ${catalogue().ruleDocUrl(f.rule)}]; ` +
    `to accept it on purpose, pass ignoreChecks: { '${f.rule}': '<reason>' }`
  );
}

/** The message's first word if it names the end of `field`, indices aside (`items[].path` for `spec.volumes[0].configMap.items[1].path`). */
function fieldNameOpening(field: string, message: string): string | undefined {
  const word = /^(\S+) /.exec(message)?.[1];
  if (word === undefined) return undefined;
  const bare = (s: string) => s.replace(/\[[^\]]*\]/g, '');
  const name = bare(word);
  const path = bare(field);
  return name !== '' && (path === name || path.endsWith(`.${name}`)) ? word : undefined;
}

/** True if the finding's object carries the suppression annotation for its rule. */
function silenced(manifests: readonly unknown[], f: Finding): boolean {
  const key = `${IGNORE_ANNOTATION_PREFIX}${f.rule}`;
  return manifests.some(
    (m) => typeof get(m, 'metadata', 'annotations', key) === 'string' && refOf(m) === f.object,
  );
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

/** The prop every construct takes to accept object-scoped rules on purpose. */
export interface SelfCheckProps {
  /**
   * Rules of docs/rules.md that the constructs apply (marked there) to accept on purpose for this
   * construct's objects, each with the reason: written as the plan's suppression annotations
   * (`ignore-check.cdk8s-volumes.io/<rule>: <reason>`), so neither the construct's self-check nor the
   * storage plan reports them, and the YAML says why.
   * @default - every rule applies
   */
  readonly ignoreChecks?: { [ruleId: string]: string };
}
