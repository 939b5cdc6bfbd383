/**
 * The plan's verdict on a rule's example (src/rules/): what the plan reports on it, as the CLI
 * would. The example test (test/rules/catalogue.test.ts) and docs/rules.md (scripts/rules-doc.js)
 * both run examples through this one function. It lives with the plan, not the catalogue, so the
 * catalogue stays data that the plan reads and never runs the plan itself.
 */
import type { RuleExample } from '../rules/rule';
import { parseManifestsText } from './load';
import { planStorage } from './plan';
import type { Finding } from './types';

/**
 * The YAML read (and the previous manifests, for the change rules), then planned; the reading's
 * findings first.
 */
export function exampleFindings(example: RuleExample, source: string): Finding[] {
  const loaded = parseManifestsText(example.manifests, source, example.load);
  const previous =
    example.previous === undefined
      ? undefined
      : parseManifestsText(example.previous, `previous/${source}`).manifests;
  const plan = planStorage(loaded.manifests, previous ? { ...example.options, previous } : example.options);
  return [...loaded.findings, ...plan.findings];
}
