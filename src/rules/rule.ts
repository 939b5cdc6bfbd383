/**
 * The shape of a rule declaration: one per rule id, in the manner of kube-linter's checks (name,
 * description, remediation, scope). Every finding the plan or a construct reports carries the id of
 * a rule declared with this shape; `docs/rules.md` is generated from the declarations.
 */
import type { Severity } from '../plan/types';

/** What a rule judges, for grouping in docs/rules.md. */
export type RuleGroup =
  | 'input' // reading manifests: YAML, documents, files
  | 'api-server' // what the API server rejects (schema, validation, served versions)
  | 'admission' // what an admission plugin rejects (LimitRanger, ResourceQuota, ...)
  | 'binding' // what the PV controller and the provisioners do with claims
  | 'data-safety' // what loses data
  | 'node-exposure' // what hands a pod the node
  | 'security' // Pod Security levels
  | 'version'; // what a Kubernetes version removed, deprecated or does not have yet

/** One declared rule. */
export interface RuleDeclaration {
  /** The stable id every finding of this rule carries, e.g. `claim-pending`. */
  readonly id: string;
  /** The severity it reports at (some rules report a lower one when the verdict depends on what the plan cannot see; `severities` lists them). */
  readonly severity: Severity;
  /** Every severity it may report at, when more than `severity`. */
  readonly severities?: readonly Severity[];
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
  readonly kinds: readonly string[];
}
