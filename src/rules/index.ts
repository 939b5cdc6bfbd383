// The rule catalogue: every rule id the storage plan reports, declared once (docs/rules.md is generated from it).
export type { RuleDeclaration, RuleGroup } from './rule';
export type { RuleEntry, RuleExample, RuleExamples } from './catalogue';
export {
  REPOSITORY_URL,
  RULE_DOCS_URL,
  RULE_GROUPS,
  RULE_ID_PATTERN,
  RULES,
  ruleById,
  ruleDocUrl,
  ruleRegistry,
} from './catalogue';
