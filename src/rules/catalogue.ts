/**
 * The rule catalogue: one declaration per rule id the storage plan reports, with a failing and a
 * passing example each. `docs/rules.md` is generated from it (`npm run rules-doc`), and
 * test/rules/catalogue.test.ts checks that every id the plan emits is declared here, that every
 * declaration is complete, and that each failing example reports its rule and each passing one
 * does not. Declarations are data: the checks themselves live in src/plan/ and src/k8s/.
 */
import { ADMISSION_RULES } from './admission';
import { API_SERVER_RULES } from './api-server';
import { BINDING_RULES } from './binding';
import { DATA_SAFETY_RULES } from './data-safety';
import { INPUT_RULES } from './input';
import { NODE_EXPOSURE_RULES } from './node-exposure';
import type { RuleDeclaration, RuleEntry, RuleGroup } from './rule';
import { SECURITY_RULES } from './security';
import { SNAPSHOT_RULES } from './snapshot';
import { VERSION_RULES } from './version';

export type { RuleEntry, RuleExample, RuleExamples } from './rule';

/** The groups in the order docs/rules.md lists them, with their titles. */
export const RULE_GROUPS: ReadonlyArray<{ readonly group: RuleGroup; readonly title: string }> = [
  { group: 'input', title: 'Input' },
  { group: 'api-server', title: 'API server' },
  { group: 'admission', title: 'Admission' },
  { group: 'binding', title: 'Binding' },
  { group: 'data-safety', title: 'Data safety' },
  { group: 'node-exposure', title: 'Node exposure' },
  { group: 'security', title: 'Security' },
  { group: 'snapshot', title: 'Snapshots, restores and clones' },
  { group: 'version', title: 'Kubernetes versions' },
];

/**
 * The repository's web address, for links to docs/rules.md from findings. Keep it equal to
 * package.json `repository` (test/rules/catalogue.test.ts checks): until that is set, links are the
 * path inside the repository.
 */
export const REPOSITORY_URL = 'https://github.com/cdk8s-volumes/cdk8s-volumes' as string | undefined;

/** Where docs/rules.md is: on the repository's default branch when known, else its path in the repository. */
export const RULE_DOCS_URL: string = docsUrl(REPOSITORY_URL);

function docsUrl(repository: string | undefined): string {
  return repository === undefined
    ? 'docs/rules.md'
    : `${repository.replace(/\/+$/, '')}/blob/main/docs/rules.md`;
}

/** The link to one rule's section of docs/rules.md (e.g. for the CLI to print beside a finding). */
export function ruleDocUrl(id: string): string {
  return `${RULE_DOCS_URL}#${id}`;
}

/** Kebab-case: lower-case words of letters and digits joined by single hyphens. */
export const RULE_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Checks a list of rules and returns it frozen: throws on a duplicate or malformed id, so a second
 * declaration of an id fails when the module loads, not later in a report.
 */
export function ruleRegistry<T extends RuleDeclaration>(rules: readonly T[]): readonly T[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (typeof rule.id !== 'string' || !RULE_ID_PATTERN.test(rule.id)) {
      throw new Error(`rule id ${JSON.stringify(rule.id)} is not kebab-case (e.g. claim-pending)`);
    }
    if (seen.has(rule.id)) {
      throw new Error(`rule id "${rule.id}" is declared more than once; declare each rule once`);
    }
    seen.add(rule.id);
  }
  return Object.freeze([...rules]);
}

const RULE_ENTRIES: RuleEntry[] = [
  ...INPUT_RULES,
  ...API_SERVER_RULES,
  ...ADMISSION_RULES,
  ...BINDING_RULES,
  ...DATA_SAFETY_RULES,
  ...NODE_EXPOSURE_RULES,
  ...SECURITY_RULES,
  ...SNAPSHOT_RULES,
  ...VERSION_RULES,
];

/** Every rule the plan reports, declared once; the registry refuses a duplicate id at load. */
export const RULES: readonly RuleEntry[] = ruleRegistry(RULE_ENTRIES);

const BY_ID: ReadonlyMap<string, RuleEntry> = new Map(RULES.map((r) => [r.id, r]));

/** The declaration of a rule id, or undefined for an id the catalogue does not know. */
export function ruleById(id: string): RuleEntry | undefined {
  return BY_ID.get(id);
}
