/**
 * Volumes no claim binds: syncVolume (pkg/controller/volume/persistentvolume/pv_controller.go) leaves them
 * Available, or reserved by a spec.claimRef that no claim of the manifests matches.
 */
import { isPrebound } from '../match';
import { Claim, Context } from './model';

export function reportVolumes(ctx: Context, claims: readonly Claim[]): void {
  // Claims by key, built at the first reserved volume that asks: most volumes have no claimRef.
  let byKey: Map<string, Claim> | undefined;
  const claimOf = (key: string): Claim | undefined => {
    if (!byKey) {
      byKey = new Map();
      for (const c of claims) byKey.set(c.key, c);
    }
    return byKey.get(key);
  };
  for (const v of ctx.volumes) {
    // validate reports an unreadable capacity; the cluster's volumes get no findings
    if (v.holder || v.nanos === undefined || v.cluster !== undefined) continue;
    const ref = v.facts.claimRef;
    let message: string;
    if (!ref) {
      message = 'no claim among the manifests binds to it; it stays Available.';
    } else if (!ref.name) {
      message = 'its spec.claimRef names no claim, so no claim can bind to it.';
    } else if (!ref.namespace) {
      message = `its spec.claimRef names claim "${ref.name}" without a namespace, so no claim can ever bind to it.`;
    } else {
      const c = claimOf(`${ref.namespace}\0${ref.name}`);
      if (ctx.bypassed.has(v)) continue; // prebound-bypassed already says why
      if (c && isPrebound(v.facts, c.facts)) {
        message =
          `it is reserved by its spec.claimRef for claim ${ref.namespace}/${ref.name}, which does not bind to it ` +
          `(${c.plan?.outcome ?? 'pending'}); no other claim can bind to it.`;
      } else if (c && ref.uid) {
        message =
          `its spec.claimRef carries uid "${ref.uid}", which claim ${ref.namespace}/${ref.name} created from these ` +
          'manifests does not have, so no claim can bind to it.';
      } else {
        message =
          `it is reserved by its spec.claimRef for claim ${ref.namespace}/${ref.name}, which is not among the manifests; ` +
          'no other claim can bind to it.';
      }
    }
    ctx.findings.push({ severity: 'info', rule: 'volume-unclaimed', object: v.ref, message });
  }
}
