/**
 * The objects' own data, shared by every persistent construct: names, namespaces, sorted maps, the
 * cluster-scope patch and the plain-manifest registry. A leaf: it imports no construct, so
 * StorageClass, the volumes and the claims can all use it without importing each other.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { check } from '../../_errors';
import { dnsSubdomainProblem } from '../../k8s/names';

/** The namespace policy, shared with the pod patterns: src/_namespace.ts. */
export { resolveNamespace } from '../_namespace';

/** The object's name: the prop, else the construct id; a DNS-1123 subdomain, kept exactly. */
export function resolveName(kind: string, id: string, name: string | undefined): string {
  const n = name ?? id;
  check(`${kind}/${n}`, 'metadata.name', dnsSubdomainProblem(n));
  return n;
}

/** A copy of a string map with its keys sorted, so the output is the same whatever the insertion order. */
export function sortMap(map: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const k of Object.keys(map).sort()) out[k] = map[k];
  return out;
}

/** The map, or undefined when it is empty (so no empty `annotations: {}` is emitted). */
export function nonEmpty(map: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(map).length ? map : undefined;
}

/**
 * cdk8s stamps the chart's namespace on every object; a cluster-scoped one (PersistentVolume,
 * StorageClass) must not carry one, so it is patched out.
 */
export function clusterScoped(obj: ApiObject): void {
  if (Chart.of(obj).namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}

/**
 * The plain manifest of an object of this library, from its props, without cdk8s's resolve:
 * the construction-time checks (a claim reserving a volume) read it, and resolving every
 * volume and claim once more cost 10 % of a synth. Falls back to toJson() for other objects.
 */
const manifests = new WeakMap<ApiObject, () => unknown>();

export function registerManifest(obj: ApiObject, manifest: () => unknown): void {
  manifests.set(obj, manifest);
}

export function plainManifest(obj: ApiObject): unknown {
  const manifest = manifests.get(obj);
  return manifest ? manifest() : obj.toJson();
}
