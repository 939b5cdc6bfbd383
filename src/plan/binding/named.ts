/**
 * Claims that name their volume (spec.volumeName): syncUnboundClaim's second branch
 * (pkg/controller/volume/persistentvolume/pv_controller.go), and why a reserved volume is not a claim's.
 */
import { isPrebound, mismatches } from '../match';
import { Claim, Context, Vol } from './model';
import { claimLabel, classHint, messageFor, pending, plan, unsetClassNote, unsetClassWarning } from './text';
import { heldInCluster } from './bound';

export function bindNamed(ctx: Context, c: Claim): void {
  const name = c.facts.volumeName as string;
  const field = 'spec.volumeName';
  const v = ctx.volumesByName.get(name);
  if (!v) {
    pending(
      ctx,
      c,
      'warning',
      'claim-pending',
      field,
      ctx.cluster?.hasVolumes
        ? `it names volume "${name}" in spec.volumeName, which is neither among the manifests nor in the cluster; ` +
            'it stays Pending until a PersistentVolume of that name exists.'
        : `it names volume "${name}" in spec.volumeName, which is not among the manifests; ` +
            'it stays Pending until a PersistentVolume of that name exists (it may exist in the cluster).',
    );
    return;
  }
  if (v.nanos === undefined) {
    pending(
      ctx,
      c,
      'error',
      'claim-pending',
      field,
      `it names volume "${name}", which the API server rejects (its spec.capacity.storage is missing, not a ` +
        'quantity or not positive), so that volume never exists.',
    );
    return;
  }
  const checks = {
    claimClass: c.claimClass,
    checkSelector: false,
    wholeBytes: true,
    checkAttributesClass: ctx.attributesClasses,
  };
  if (!v.facts.claimRef) {
    if (v.holder && heldInCluster(ctx, v)) {
      pending(
        ctx,
        c,
        'error',
        'claim-pending',
        field,
        `volume "${name}" is already bound in the cluster to claim ${claimLabel(v.holder)}; a volume binds to one claim only.`,
      );
      return;
    }
    if (v.holder) {
      pending(
        ctx,
        c,
        'error',
        'claim-competing',
        field,
        `volume "${name}" is also named by claim ${claimLabel(v.holder)}, which this plan binds first ` +
          '(in a cluster whichever claim the controller syncs first wins); a volume binds to one claim only.',
      );
      return;
    }
    const problems = mismatches(c.facts, v.facts, checks);
    if (problems.length > 0) {
      pending(
        ctx,
        c,
        'error',
        'claim-pending',
        field,
        `it names volume "${name}", which cannot take it (the controller reports "Cannot bind to requested volume"): ` +
          `${problems.join('; ')}.${classHint(c, v)}`,
      );
      return;
    }
    v.holder = c;
    c.plan = plan(
      c,
      'bound',
      `binds to volume "${name}" named in spec.volumeName: its size, class, volumeMode and access modes fit` +
        `${c.facts.selector ? ' (a claim naming its volume ignores its selector)' : ''}.${unsetClassNote(ctx, c)}`,
      name,
    );
    unsetClassWarning(ctx, c, name);
    return;
  }
  if (isPrebound(v.facts, c.facts)) {
    // Both sides name each other: the controller completes the binding without checking the volume.
    v.holder = c;
    const problems = mismatches(c.facts, v.facts, checks);
    let reason = `binds to volume "${name}": the claim names it in spec.volumeName and its spec.claimRef names the claim.`;
    if (problems.length > 0) {
      reason += ` The controller does not check a binding made on both sides, although ${problems.join('; ')}.`;
      ctx.findings.push({
        severity: 'warning',
        rule: 'claim-bound-mismatch',
        object: c.object,
        field: c.fieldPrefix + field,
        message: messageFor(c, `binds to volume "${name}" although ${problems.join('; ')}.`),
      });
    }
    c.plan = plan(c, 'bound', reason, name);
    return;
  }
  pending(
    ctx,
    c,
    'error',
    'claim-pending',
    field,
    `it names volume "${name}", but ${reservationText(v, c)}.`,
  );
}

/** Why a volume with a claimRef is not this claim's. */
export function reservationText(v: Vol, c: Claim): string {
  const inCluster = v.cluster !== undefined ? clusterReservationText(v, c) : undefined;
  if (inCluster) return inCluster;
  const ref = v.facts.claimRef ?? {};
  if (!ref.name) return 'its spec.claimRef names no claim, so it is reserved for none';
  if (!ref.namespace) {
    return ref.name === c.facts.name
      ? `its spec.claimRef names "${ref.name}" without a namespace, which matches no claim: set spec.claimRef.namespace to "${c.facts.namespace}"`
      : `its spec.claimRef names "${ref.name}" without a namespace, which matches no claim`;
  }
  if (ref.name === c.facts.name && ref.namespace === c.facts.namespace && ref.uid) {
    return (
      `its spec.claimRef carries uid "${ref.uid}": only the claim that had that uid matches, ` +
      'and a claim created from these manifests gets a new one (remove the uid)'
    );
  }
  return `it is reserved by its spec.claimRef for claim ${ref.namespace}/${ref.name}`;
}

/**
 * Why a volume of the cluster is not this claim's, where its status says more than its claimRef:
 * Bound (taken by its claim), Released or Failed with its deleted claim's uid (never rebound), or a
 * claimRef whose uid is not the claim's uid in the cluster. Undefined: {@link reservationText} says it.
 */
function clusterReservationText(v: Vol, c: Claim): string | undefined {
  const ref = v.facts.claimRef;
  const claim = ref?.name
    ? `claim ${ref.namespace ?? ''}/${ref.name}${ref.uid ? ` with uid "${ref.uid}"` : ''}`
    : undefined;
  if (v.cluster === 'Bound')
    return `it is Bound in the cluster${claim ? ` to ${claim}` : ''}, so no other claim can take it`;
  if (!ref?.uid) return undefined;
  if (v.cluster === 'Released' || v.cluster === 'Failed') {
    return (
      `it is ${v.cluster} in the cluster: its spec.claimRef still names ${claim ?? 'its deleted claim'}, and the ` +
      `controller does not bind a ${v.cluster} volume to another claim (an administrator deletes it, or removes ` +
      'spec.claimRef to make it Available)'
    );
  }
  if (!ref.name || !ref.namespace) return undefined;
  const mine = ref.name === c.facts.name && ref.namespace === c.facts.namespace;
  return (
    `its spec.claimRef in the cluster reserves it for ${claim}` +
    (mine ? ', a uid this claim does not have (a claim created from these manifests gets a new one)' : '')
  );
}
