/**
 * The binding predictor: which PersistentVolume each claim binds to, which claims a
 * StorageClass provisions, and which stay Pending and why. It follows the 1.27 PV controller
 * (pkg/controller/volume/persistentvolume: syncUnboundClaim, index.go findByClaim and
 * allPossibleMatchingAccessModes; component-helpers FindMatchingVolume; checkVolumeSatisfyClaim),
 * the scheduler's volume binder for WaitForFirstConsumer classes, and the DefaultStorageClass
 * admission plugin, over plain manifests. The specification is the Kubernetes docs page
 * "Persistent Volumes" (Binding, Reserving a PersistentVolume, Class, Access Modes).
 *
 * Offline, all objects are applied together and the controller's event order is unknown, so
 * claims are processed in a fixed order: claims naming a volume (spec.volumeName), then claims
 * that a volume's claimRef reserves something for, then the rest; each group by namespace/name.
 *
 * Scale: volumes are indexed by (class, volumeMode, access-mode set), each bucket sorted by
 * capacity; a claim binary-searches for the first volume big enough and skips volumes already
 * taken with a "next free" union-find, so 100 000 claims over 100 000 volumes need no
 * all-pairs loop. Selector claims scan from the lower bound through a per-bucket label index.
 *
 * What exists in the cluster (options.cluster: StorageClasses, PersistentVolumes and claims as
 * `kubectl get -o yaml` prints them, status included) is bound against but never judged: its
 * classes are known unless the manifests define the same name, its default class is the default
 * when neither the manifests nor options.defaultStorageClass name one, its volumes are candidates
 * (a Bound one is taken, a claimRef keeps the rest as it keeps the manifests' volumes: a Released
 * volume's claimRef carries its deleted claim's uid, so the controller never rebinds it), and a
 * manifest claim that exists in the cluster is that claim: its uid and class are the cluster's,
 * and if it is Bound it keeps its volume. A manifest object of the same name is the one applied.
 *
 * The steps, one file each: read.ts (the objects), bound.ts (syncBoundClaim), named.ts and search.ts
 * (syncUnboundClaim's two branches, pkg/controller/volume/persistentvolume/pv_controller.go) over
 * buckets.ts (index.go), pending.ts and candidates.ts (why a claim stays Pending), unused.ts (syncVolume),
 * notes.ts (after binding); model.ts, text.ts and order.ts hold what they share.
 */
import { asRecord, indexManifests, ManifestIndex } from '../_manifest';
import { ephemeralClaims } from '../ephemeral';
import { DEFAULT_KUBERNETES_VERSION, KubernetesVersion } from '../../k8s/versions';
import { ClaimPlan, Finding, PlanOptions } from '../types';
import { Claim } from './model';
import { sortClaims } from './order';
import { bindExisting } from './bound';
import { preboundVolumes } from './buckets';
import { bindNamed } from './named';
import { bypassNote } from './pending';
import { bindSearched } from './search';
import { reportVolumes } from './unused';
import { buildContext, collectClaims } from './read';
import { checkAttributesClasses, groupReplicaFindings, noteDataSources, noteEphemeral } from './notes';

/**
 * Predicts the binding of every claim (PersistentVolumeClaims and StatefulSet claim templates)
 * to the PersistentVolumes and StorageClasses among the manifests. Never throws.
 */
export function predictBindings(
  manifests: readonly unknown[],
  options?: PlanOptions,
): { claims: ClaimPlan[]; findings: Finding[] } {
  return predictIndexed(indexManifests(manifests), options);
}

/** {@link predictBindings} over manifests already read by the pre-pass (planStorage). */
export function predictIndexed(
  index: ManifestIndex,
  options?: PlanOptions,
  version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
): { claims: ClaimPlan[]; findings: Finding[] } {
  const opts: PlanOptions = asRecord(options) ? (options as PlanOptions) : {};
  const findings: Finding[] = [];
  const ctx = buildContext(index, opts, findings, version);
  const ephemeral = ephemeralClaims(index, version);
  const claims = collectClaims(index, ctx, version, ephemeral);
  // Claims already bound in the cluster keep their volume, before anything else binds.
  if (ctx.cluster) {
    const existing = claims.filter((c) => !c.plan && ctx.cluster?.claims.get(c.key)?.boundTo !== undefined);
    for (const c of sortClaims(existing)) bindExisting(ctx, c);
  }

  // Claims naming a volume first, then claims a claimRef reserves a volume for, then the rest.
  const named: Claim[] = [];
  const reservedFor: Claim[] = [];
  const rest: Claim[] = [];
  for (const c of claims) {
    if (c.plan) continue; // rejected by the API server: nothing to bind
    if (c.facts.volumeName !== undefined) named.push(c);
    else if (preboundVolumes(ctx, c).length > 0) reservedFor.push(c);
    else rest.push(c);
  }
  for (const c of sortClaims(named)) {
    bindNamed(ctx, c);
    // Volumes reserved for this claim other than the one it names stay unused.
    const p = c.plan as ClaimPlan;
    const note = bypassNote(
      ctx,
      c,
      preboundVolumes(ctx, c),
      p.volume ? ctx.volumesByName.get(p.volume) : undefined,
      c.facts.volumeName,
    );
    if (note) c.plan = { ...p, reason: p.reason + note };
  }
  for (const c of sortClaims(reservedFor)) bindSearched(ctx, c);
  for (const c of sortClaims(rest)) bindSearched(ctx, c);

  reportVolumes(ctx, claims);
  noteDataSources(index, claims, ephemeral);
  checkAttributesClasses(index, ctx, claims, ephemeral, version);
  noteEphemeral(claims, ephemeral);
  return { claims: claims.map((c) => c.plan as ClaimPlan), findings: groupReplicaFindings(findings, claims) };
}
