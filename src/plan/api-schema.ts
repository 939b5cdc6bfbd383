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
import { Finding } from './types';

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
        severity: 'error',
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
