/**
 * Strict schema validation of synthesized manifests in tests: a thin wrapper over
 * src/k8s/schema.ts (the plan's own validation), judging for Kubernetes 1.27 unless told
 * otherwise. Every object of a built-in kind must match its kind's schema (unknown fields,
 * wrong types and missing required fields fail) in an apiVersion that version serves; custom
 * resources of unknown kinds pass.
 */
import { builtInResource, schemaProblems } from '../src/k8s/schema';
import { KubernetesVersion } from '../src/k8s/versions';

/** Schema errors of one manifest, as readable `Kind/name field: message` strings; empty when it is valid. */
export function schemaErrors(manifest: any, version: KubernetesVersion = '1.27'): string[] {
  const resource = builtInResource(version, manifest?.apiVersion, manifest?.kind);
  if (resource && !resource.served) {
    const use = resource.servedAs?.length ? ` (use ${resource.servedAs.join(' or ')})` : '';
    return [`no Kubernetes ${version} schema for ${manifest.apiVersion}/${manifest.kind}${use}`];
  }
  const object = `${manifest?.kind}/${manifest?.metadata?.name}`;
  return schemaProblems(version, manifest).map((p) => `${object} ${p.field}: ${p.message}`);
}

/** Fails with every schema error of every manifest. */
export function expectSchemaValid(manifests: any[], version: KubernetesVersion = '1.27'): void {
  const errors = manifests.flatMap((m) => schemaErrors(m, version));
  if (errors.length) throw new Error(`schema errors:\n  ${errors.join('\n  ')}`);
}
