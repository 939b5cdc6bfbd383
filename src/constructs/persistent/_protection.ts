/**
 * Data safety by default: the annotations that keep GitOps tools from deleting a volume or a
 * claim (and with a Delete reclaim policy, the disk behind it) when it vanishes from the
 * repository, is renamed, or its Application / Kustomization is deleted.
 */

/** Argo CD's per-resource sync options annotation. */
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/**
 * `Prune=false`: a sync never prunes the object when it leaves Git (Argo CD >= 1.1).
 * `Delete=false`: deleting the Application leaves the object in place (Argo CD 2.x, "No Resource Deletion").
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/
 */
export const ARGOCD_KEEP = 'Prune=false,Delete=false';

/** Flux kustomize-controller: `disabled` excludes the object from garbage collection. */
export const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';
export const FLUX_KEEP = 'disabled';

/** The protection annotations, or none when opted out. */
export function protectionAnnotations(enabled: boolean | undefined): Record<string, string> {
  if (enabled === false) return {};
  return { [ARGOCD_SYNC_OPTIONS]: ARGOCD_KEEP, [FLUX_PRUNE]: FLUX_KEEP };
}
