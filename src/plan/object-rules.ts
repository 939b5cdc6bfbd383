/**
 * The rules that judge one object alone (declared `scope: 'object'` in src/rules/): the API
 * server's validation (validate.ts) and schema (api-schema.ts), the version rules
 * (version-rules.ts) and the single-object hostPath and Recycle rules of warnings.ts. The plan runs
 * its validation, schema and version passes through {@link objectPasses}, and the constructs judge
 * their own manifests with {@link judgeObjects}, which calls the same functions: a construct and the
 * plan cannot disagree on these rules, because there is one copy of each.
 */
import { DEFAULT_KUBERNETES_VERSION, KubernetesVersion } from '../k8s/versions';
import { indexManifests, ManifestIndex } from './_manifest';
import { schemaIndexed } from './api-schema';
import { Finding } from './types';
import { validateIndexed } from './validate';
import { versionFindings } from './version-rules';
import { warningsIndexed } from './warnings';

/** The findings of the passes that hold the object-scoped rules, as the plan reports them. */
export interface ObjectPasses {
  /** validate.ts: the API server's validation (and `duplicate-object`, which reads all manifests). */
  readonly validation: Finding[];
  /** api-schema.ts: strict schema and served versions, leaving out fields validation reported. */
  readonly schema: Finding[];
  /** version-rules.ts: sources, provisioners and gated fields in the target minor. */
  readonly versions: Finding[];
}

/** Validation, schema and version findings of the manifests read by the pre-pass: what planStorage runs. */
export function objectPasses(index: ManifestIndex, version: KubernetesVersion): ObjectPasses {
  const validation = validateIndexed(index);
  const schema = schemaIndexed(index, version, validation);
  const versions = versionFindings(index, version);
  return { validation, schema, versions };
}

let objectRuleIds: ReadonlySet<string> | undefined;

/** The ids declared `scope: 'object'`, read from the catalogue once (lazily: the catalogue holds every rule's examples). */
export function objectScopedRules(): ReadonlySet<string> {
  if (!objectRuleIds) {
    const { RULES } = require('../rules/catalogue') as typeof import('../rules/catalogue');
    objectRuleIds = new Set(RULES.filter((r) => r.scope === 'object').map((r) => r.id));
  }
  return objectRuleIds;
}

/**
 * The findings of the object-scoped rules on `objects`, each judged alone for the Kubernetes minor
 * `version`: exactly what the plan reports of those rules on the same objects (the same passes run,
 * and only the object-scoped rules are kept, so a rule that reads other manifests never judges an
 * object without them). Never throws.
 */
export function judgeObjects(
  objects: readonly unknown[],
  version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
): Finding[] {
  const index = indexManifests(Array.isArray(objects) ? objects : []);
  const { validation, schema, versions } = objectPasses(index, version);
  // warnings.ts holds the hostPath and Recycle rules beside rules that read the predicted claims; with
  // no claims those others may say anything, and the scope filter below drops them.
  const warnings = warningsIndexed(index, []);
  const scoped = objectScopedRules();
  const out: Finding[] = [];
  for (const list of [validation, schema, versions, warnings]) {
    for (const f of list) if (scoped.has(f.rule)) out.push(f);
  }
  return out;
}
