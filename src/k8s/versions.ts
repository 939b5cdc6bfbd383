/**
 * The Kubernetes minors the plan knows, and the one it judges for when the user names none.
 * Every version fact (schemas, served API versions, volume plugins, feature gates) is a table
 * keyed by these minors; this file holds only the list.
 */

/** The minors this release has data for: the vendored schemas of 1.27 to 1.36. */
export const KUBERNETES_VERSIONS = [
  '1.27',
  '1.28',
  '1.29',
  '1.30',
  '1.31',
  '1.32',
  '1.33',
  '1.34',
  '1.35',
  '1.36',
] as const;

/** One of {@link KUBERNETES_VERSIONS}. */
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

/**
 * The minor judged for when none is named: the newest this release has data for. The plan then says
 * what current Kubernetes does (what it removed, what it has added); a cluster on an older minor
 * names it (`--kubernetes-version 1.30`), and the plan judges by that minor's schema, APIs,
 * plugins and feature gates instead.
 */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = '1.36';

/**
 * The minor `value` names (`1.30`, `v1.30`, `1.30.4`, `v1.30.0-eks-...`), or undefined when it names
 * none this release knows.
 */
export function parseKubernetesVersion(value: unknown): KubernetesVersion | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^v?(1)\.(\d{1,3})(?:\.\d+)?(?:[-+].*)?$/.exec(value.trim());
  if (!m) return undefined;
  const minor = `${m[1]}.${Number(m[2])}`;
  return (KUBERNETES_VERSIONS as readonly string[]).includes(minor)
    ? (minor as KubernetesVersion)
    : undefined;
}

/** A version's index in {@link KUBERNETES_VERSIONS}, for "from 1.31 on" comparisons. */
export function versionIndex(version: KubernetesVersion): number {
  return KUBERNETES_VERSIONS.indexOf(version);
}

/** The message for a version option that names no known minor. */
export function kubernetesVersionProblem(value: unknown): string | undefined {
  if (parseKubernetesVersion(value) !== undefined) return undefined;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
  return `kubernetesVersion ${shown} is not a Kubernetes minor this release knows; allowed: ${KUBERNETES_VERSIONS[0]} to ${KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1]} (e.g. 1.30)`;
}
