/**
 * Claims bound in the cluster: syncBoundClaim (pkg/controller/volume/persistentvolume/pv_controller.go)
 * keeps the binding, and no other claim takes the volume.
 */
import { Claim, Context, Vol } from './model';
import { plan } from './text';

export function bindExisting(ctx: Context, c: Claim): void {
  const name = ctx.cluster?.claims.get(c.key)?.boundTo as string;
  const v = ctx.volumesByName.get(name);
  if (v && !v.holder) v.holder = c;
  c.plan = plan(
    c,
    'bound',
    `already bound in the cluster to volume "${name}" (the claim's status.phase is Bound and its spec.volumeName ` +
      `is "${name}"): the controller keeps an existing binding, and no other claim can take the volume.`,
    name,
  );
}

/** True if the volume's holder is a claim already bound to it in the cluster (no sync order decides it). */
export function heldInCluster(ctx: Context, v: Vol): boolean {
  return !!v.holder && ctx.cluster?.claims.get(v.holder.key)?.boundTo === v.facts.name;
}
