/**
 * The shape of a rule declaration: one per rule id, in the manner of kube-linter's checks (name,
 * description, remediation, scope). Every finding the plan or a construct reports carries the id of
 * a rule declared with this shape; `docs/rules.md` is generated from the declarations.
 */
import type { LoadOptions } from '../plan/load';
import type { PlanOptions, Severity } from '../plan/types';

/** What a rule judges, for grouping in docs/rules.md. */
export type RuleGroup =
  | 'input' // reading manifests: YAML, documents, files
  | 'api-server' // what the API server rejects (schema, validation, served versions)
  | 'admission' // what an admission plugin rejects (LimitRanger, ResourceQuota, ...)
  | 'binding' // what the PV controller and the provisioners do with claims
  | 'data-safety' // what loses data
  | 'node-exposure' // what hands a pod the node
  | 'security' // Pod Security levels
  | 'snapshot' // VolumeSnapshots, and claims restored or cloned from data
  | 'version'; // what a Kubernetes version removed, deprecated or does not have yet

/** One declared rule. */
export interface RuleDeclaration {
  /** The stable id every finding of this rule carries, e.g. `claim-pending`. */
  readonly id: string;
  /** The severity it reports at (some rules report a lower one when the verdict depends on what the plan cannot see; `severities` lists them). */
  readonly severity: Severity;
  /** Every severity it may report at, when more than `severity`. */
  readonly severities?: Severity[];
  /** What it judges: the section of docs/rules.md it is listed in. */
  readonly group: RuleGroup;
  /** One line: what it finds. */
  readonly summary: string;
  /** Why it matters: what happens on a cluster. */
  readonly why: string;
  /** What to do about it. */
  readonly remediation: string;
  /** The Kubernetes source function, doc page or changelog it follows. */
  readonly source: string;
  /** The kinds it judges (`*` for any). */
  readonly kinds: string[];
  /**
   * What the rule needs to judge: `object` when one object alone settles its verdict (the API
   * server's validation and schema, version rules, hostPath exposure), so the constructs apply it to
   * their own manifests at construction (src/constructs/_self-check.ts, through src/plan/object-rules.ts);
   * `manifests` when it reads other objects (a claim's volume, a workload's claim), options, files or
   * the previous manifests, so only the plan applies it.
   * @default 'manifests'
   */
  readonly scope?: RuleScope;
}

/** What a rule needs to judge: one object alone, or the manifests together. */
export type RuleScope = 'object' | 'manifests';

/** A set of manifests the plan is run over, with the options it is judged with. */
export interface RuleExample {
  /** Multi-document YAML, as a file holds it. */
  readonly manifests: string;
  /**
   * Plan options for this example.
   * @default - none
   */
  readonly options?: PlanOptions;
  /**
   * Options for reading the YAML (e.g. `strict`, as the CLI's --strict).
   * @default - none
   */
  readonly load?: LoadOptions;
  /**
   * The manifests applied before (multi-document YAML), for the rules of the change plan: the plan
   * then judges the update from them to `manifests`.
   * @default - none
   */
  readonly previous?: string;
}

/** The examples of a rule: what it reports, and the same manifests fixed. */
export interface RuleExamples {
  /** Manifests on which the plan reports the rule. */
  readonly failing: RuleExample;
  /** The failing example fixed: the plan does not report the rule. */
  readonly passing: RuleExample;
  /**
   * For a rule that reports on every object it judges (an info report such as `pod-security`): the
   * text that tells the failing example's finding from the passing one's. The example test then
   * counts only the rule's findings whose message includes it.
   * @default - any finding of the rule counts
   */
  readonly messageIncludes?: string;
}

/** A declaration with its examples, as the catalogue holds it. */
export interface RuleEntry extends RuleDeclaration {
  /** A failing and a passing example: the test runs both, and docs/rules.md shows them. */
  readonly examples: RuleExamples;
}
