/**
 * Reasons of claims findBestMatchForClaim finds no volume for (syncUnboundClaim, pv_controller.go): Pending
 * with the closest volumes, a volume lost to a claim processed first, reserved volumes a claim does not get.
 */
import { isPrebound, selectorMatches } from '../match';
import { describeBytes } from '../../k8s/quantity';
import { Severity } from '../types';
import { Claim, compareVols, Context, Vol } from './model';
import { claimLabel, modesText, pending } from './text';
import { heldInCluster } from './bound';
import { claimBuckets, lowerBound } from './buckets';
import { candidateProblems, nearMisses } from './candidates';

/**
 * The assumption of every claim left Pending by the search: the plan knows only the manifests'
 * volumes, and a cluster may already hold one that fits (a warning, never an error).
 */
const OUTSIDE_VOLUMES =
  'The plan sees only the volumes in the manifests: the claim binds only if the cluster already has a volume that fits.';

/** {@link OUTSIDE_VOLUMES}, or with options.cluster, what it says then. */
export function outsideVolumes(ctx: Context): string {
  return ctx.cluster?.hasVolumes
    ? "The plan sees the manifests' volumes and the cluster's: the claim binds only once a volume that fits is added."
    : OUTSIDE_VOLUMES;
}

/** Where the plan looked for volumes. */
export function among(ctx: Context): string {
  return ctx.cluster?.hasVolumes ? 'among the manifests or in the cluster' : 'among the manifests';
}

export function pendingWithNearMisses(
  ctx: Context,
  c: Claim,
  severity: Severity,
  why: string,
  bypass: string,
  field?: string,
): void {
  const near = nearMisses(ctx, c);
  const competitor = near.find(
    (n) =>
      n.count === 1 &&
      n.vol.holder &&
      n.vol.holder !== c &&
      n.only === 'holder' &&
      !heldInCluster(ctx, n.vol),
  );
  let reason = why;
  if (near.length === 0) {
    reason += ctx.volumes.length === 0 ? ` There is no PersistentVolume ${among(ctx)}.` : '';
  } else {
    reason +=
      ' Closest volumes: ' +
      near.map((n) => `"${n.vol.facts.name}" (${candidateProblems(ctx, c, n.vol).join('; ')})`).join(', ') +
      '.';
  }
  reason += bypass;
  const rule = competitor ? 'claim-competing' : 'claim-pending';
  const onlyField = near.length > 0 && near[0].count === 1 ? FIELD_OF[near[0].only ?? ''] : undefined;
  // Which of two claims wins a volume is the controller's sync order, and the loser may find another
  // volume in the cluster: the same severity as any claim that the manifests' volumes do not satisfy.
  pending(ctx, c, severity, rule, field ?? onlyField, reason);
}

const FIELD_OF: Readonly<Record<string, string>> = {
  capacity: 'spec.resources.requests.storage',
  modes: 'spec.accessModes',
  class: 'spec.storageClassName',
  volumeMode: 'spec.volumeMode',
  selector: 'spec.selector',
};

/** A free volume of the claim's own shape that another claim took, to name the competitor. */
export function lostTo(ctx: Context, c: Claim): string {
  const request = c.facts.request?.nanos ?? 0n;
  let best: Vol | undefined;
  for (const { bucket: b } of claimBuckets(ctx, c)) {
    if (!b) continue;
    const lb = lowerBound(b.nanos, request);
    for (let i = lb; i < Math.min(b.vols.length, lb + 4); i++) {
      const v = b.vols[i];
      if (!v.holder || v.holder === c || v.reserved || heldInCluster(ctx, v)) continue;
      if (c.facts.selector && !selectorMatches(c.facts.selector, v.facts.labels)) continue;
      if (!best || compareVols(v, best) < 0) best = v;
      break;
    }
  }
  return best && best.holder
    ? ` Volume "${best.facts.name}" would fit, but it binds to claim ${claimLabel(best.holder)}, which this plan processes first.`
    : '';
}

/** Notes on volumes reserved for this claim that it does not get, and why. */
export function bypassNote(
  ctx: Context,
  c: Claim,
  prebound: readonly Vol[],
  chosen: Vol | undefined,
  namedVolume?: string,
): string {
  // Most claims have no volume reserved for them at all: say nothing without building a list.
  const noNamespace =
    ctx.reservedNoNamespace.size > 0 ? ctx.reservedNoNamespace.get(c.facts.name) : undefined;
  const named = ctx.reservedFor.size > 0 ? ctx.reservedFor.get(c.key) : undefined;
  if (prebound.length === 0 && noNamespace === undefined && named === undefined) return '';
  const notes: string[] = [];
  for (const v of prebound) {
    // A volume the API server rejects never exists; the named volume has its own reason.
    if (v === chosen || v.nanos === undefined || v.facts.name === namedVolume) continue;
    const name = v.facts.name;
    let why: string;
    if (namedVolume !== undefined) why = `the claim names volume "${namedVolume}" in spec.volumeName`;
    else if (v.nanos < (c.facts.request?.nanos ?? 0n))
      why = `its capacity ${describeBytes(v.facts.capacity!)} is smaller than the request ${describeBytes(c.facts.request!)}`;
    else if (v.facts.volumeMode !== c.facts.volumeMode)
      why = `its volumeMode ${v.facts.volumeMode} is not the claim's ${c.facts.volumeMode}`;
    else if ((v.mask & c.mask) !== c.mask)
      why = `its access modes [${v.facts.accessModes.join(', ')}] do not include all of the requested [${c.facts.accessModes.join(', ')}]`;
    else if (chosen)
      why =
        `the controller searches access-mode sets from the fewest modes up and finds "${chosen.facts.name}" ` +
        `in [${modesText(chosen.mask)}] before reaching [${modesText(v.mask)}]`;
    else why = `the claim does not get it`;
    notes.push(` Volume "${name}" is reserved for this claim by its spec.claimRef but is not used: ${why}.`);
    if (v.cluster !== undefined) continue; // the cluster's objects get no findings
    ctx.bypassed.add(v);
    ctx.findings.push({
      severity: 'warning',
      rule: 'prebound-bypassed',
      object: v.ref,
      field: 'spec.claimRef',
      message:
        `it is reserved for claim ${c.facts.namespace}/${c.facts.name}, which does not bind to it (${why}); ` +
        'the volume stays Available and reserved, unusable by other claims.',
    });
  }
  for (const v of noNamespace ?? []) {
    if (v.facts.claimRef?.namespace) continue;
    notes.push(
      ` Volume "${v.facts.name}" has a spec.claimRef naming "${c.facts.name}" without a namespace, so it never binds ` +
        `to this claim (set spec.claimRef.namespace to "${c.facts.namespace}").`,
    );
  }
  for (const v of named ?? []) {
    if (v.facts.claimRef?.uid && !isPrebound(v.facts, c.facts) && v.cluster !== undefined) {
      notes.push(
        ` Volume "${v.facts.name}" is ${v.cluster ? v.cluster + ' ' : ''}in the cluster with a spec.claimRef naming this claim with uid ` +
          `"${v.facts.claimRef.uid}", which this claim does not have in the cluster objects given, so it never binds to it.`,
      );
    } else if (v.facts.claimRef?.uid && !isPrebound(v.facts, c.facts)) {
      notes.push(
        ` Volume "${v.facts.name}" has a spec.claimRef naming this claim with uid "${v.facts.claimRef.uid}", which a ` +
          'claim created from these manifests does not have, so it never binds to it.',
      );
    }
  }
  return notes.join('');
}
