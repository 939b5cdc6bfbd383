/**
 * The API server's schema for every object of a built-in kind (and the VolumeSnapshot CRDs), for
 * the target Kubernetes minor: an apiVersion that minor does not serve (`api-version-unserved`),
 * and fields it does not know or of the wrong type (`schema-invalid`, strict as kubectl's default
 * `--validate=strict`). The schema facts are src/k8s/schema.ts's; this pass only reports them, once
 * per cause: where validate.ts already said something of the same field (or of a field inside it,
 * or around it), its more specific finding stands alone.
 */
import {
  apiVersionProblem,
  API_VERSION_UNSERVED_RULE,
  SCHEMA_INVALID_RULE,
  schemaProblems,
} from '../k8s/schema';
import { apiAvailability } from '../k8s/api-availability';
import { KubernetesVersion } from '../k8s/versions';
import { ManifestIndex } from './_manifest';
import type { RuleDeclaration } from '../rules/rule';
import { Finding } from './types';

/** The rules this pass reports under (the schema facts themselves are src/k8s/schema.ts's). */
export const SCHEMA_RULES: readonly RuleDeclaration[] = [
  {
    id: SCHEMA_INVALID_RULE,
    severity: 'error',
    group: 'api-server',
    summary:
      "An object of a built-in kind (or a VolumeSnapshot kind) does not match the target version's schema: an unknown field, a value of the wrong type or out of range, or a missing required field.",
    why: 'The API server decodes every object strictly (kubectl applies with --validate=strict by default, and server-side apply, as Argo CD and Flux use it, always does): an unknown field such as a misspelt `emptryDir`, a string where a boolean belongs, or a replica count beyond int32 rejects the whole object, and nothing of it is applied. A field that a newer version added is unknown to an older one.',
    remediation:
      'Fix the field the finding names: spell it as the schema does, give the value the type it expects, or add the required field. A field that the target version does not have yet needs a newer cluster (or the kubernetesVersion option naming the cluster you run).',
    source:
      "The target version's OpenAPI schema (kubernetes/kubernetes api/openapi-spec, as cdk8s publishes it for `cdk8s import k8s@X.Y.0`); the snapshot CRDs of kubernetes-csi/external-snapshotter; strict field validation: https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
    kinds: ['*'],
  },
  {
    id: API_VERSION_UNSERVED_RULE,
    severity: 'error',
    group: 'api-server',
    summary: "An object's apiVersion is not one the target Kubernetes version serves for its kind.",
    why: 'The API server answers `no matches for kind "StatefulSet" in version "apps/v1beta1"`: the object is never created. Beta API versions are removed a few releases after the stable one exists (extensions/v1beta1 and apps/v1beta1 in 1.16, storage.k8s.io/v1beta1 StorageClass in 1.22, batch/v1beta1 CronJob in 1.25). A warning, not an error, where it depends on the cluster: an alpha or beta API that the version has but does not serve by default (KEP-3136), and a snapshot CRD version the current external-snapshotter CRDs do not serve (the CRDs come with the snapshot controller release the cluster installed).',
    remediation:
      'Use the apiVersion the finding names (the one that replaced it), and check the fields that changed between the versions (the migration guide lists them).',
    source:
      'Deprecated API Migration Guide: https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
    kinds: ['*'],
  },
];

/** Schema findings of every readable manifest, leaving out fields `validation` already reports. */
export function schemaIndexed(
  index: ManifestIndex,
  version: KubernetesVersion,
  validation: readonly Finding[],
): Finding[] {
  // Fields validate.ts reported, by object: only objects with a finding are in it.
  const reported = new Map<string, string[]>();
  for (const f of validation) {
    if (f.field === undefined) continue;
    const list = reported.get(f.object);
    if (list) list.push(f.field);
    else reported.set(f.object, [f.field]);
  }
  const findings: Finding[] = [];
  for (const e of index.entries) {
    if (e.problem || e.unread) continue; // validate reports what it cannot read
    let unserved;
    let problems;
    try {
      unserved = apiVersionProblem(version, e.manifest);
      problems = unserved ? [] : schemaProblems(version, e.manifest);
    } catch {
      continue; // a getter or Proxy handed in by code: validate's guard reports it
    }
    if (!unserved) {
      // Compiled in (the schema has it) but not served by default: alpha APIs, and betas since 1.24 (KEP-3136).
      const off = offByDefault(e.manifest, version);
      if (off)
        findings.push({
          severity: 'warning',
          rule: API_VERSION_UNSERVED_RULE,
          object: e.ref,
          field: 'apiVersion',
          message: off,
        });
    }
    if (unserved) {
      findings.push({
        severity: unserved.assumption === undefined ? 'error' : 'warning',
        rule: API_VERSION_UNSERVED_RULE,
        object: e.ref,
        field: unserved.field,
        message: unserved.message,
      });
      continue;
    }
    const known = reported.get(e.ref);
    for (const p of problems) {
      if (known && known.some((field) => overlaps(field, p.field))) continue;
      findings.push({
        severity: 'error',
        rule: SCHEMA_INVALID_RULE,
        object: e.ref,
        field: p.field,
        message: p.message,
      });
    }
  }
  return findings;
}

/** Why an apiVersion the schema has is still not served by a default API server, or undefined. */
function offByDefault(manifest: unknown, version: KubernetesVersion): string | undefined {
  const m = manifest as { apiVersion?: unknown; kind?: unknown };
  if (typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') return undefined;
  const a = apiAvailability(m.apiVersion, m.kind, version);
  if (a?.availability !== 'off-by-default') return undefined;
  return (
    `${m.apiVersion} ${m.kind} is compiled into Kubernetes ${version} but not served by default ` +
    `(${/alpha/.test(m.apiVersion) ? 'an alpha' : 'a beta'} API): the API server serves it only where it runs with ` +
    `--runtime-config=${m.apiVersion}=true, which the plan cannot see; otherwise kubectl reports no match for kind ${m.kind}`
  );
}

/** True if one path is the other or lies inside it (`spec.capacity` and `spec.capacity.storage`). */
function overlaps(a: string, b: string): boolean {
  return a === b || inside(a, b) || inside(b, a);
}

function inside(path: string, parent: string): boolean {
  return path.startsWith(parent) && (path[parent.length] === '.' || path[parent.length] === '[');
}
