/**
 * Claims without spec.volumeName: syncUnboundClaim's first branch (pv_controller.go findBestMatchForClaim,
 * index.go findByClaim, component-helpers FindMatchingVolume), then provisionClaim, or for a
 * WaitForFirstConsumer class the scheduler's volume binder.
 */
import { describeClass } from '../match';
import { Claim, compareVols, Context, isEmptySelector, NO_PROVISIONER, StorageClassInfo, Vol } from './model';
import {
  classOriginNote,
  consumerNote,
  describeVolume,
  modesText,
  plan,
  provisionerText,
  unsetClassNote,
  unsetClassWarning,
} from './text';
import { claimBuckets, preboundVolumes, searchBucket } from './buckets';
import { among, bypassNote, lostTo, outsideVolumes, pendingWithNearMisses } from './pending';

export function bindSearched(ctx: Context, c: Claim): void {
  const sc = c.claimClass === '' ? undefined : ctx.classes.get(c.claimClass);
  // IsDelayBindingMode: only a class found with WaitForFirstConsumer delays binding.
  const delay = !!sc?.waitForFirstConsumer;
  const prebound = preboundVolumes(ctx, c);
  const found = controllerSearch(ctx, c, prebound, delay);
  if (found) {
    found.vol.holder = c;
    const name = found.vol.facts.name;
    let reason = found.prebound
      ? `binds to volume "${name}", whose spec.claimRef reserves it for this claim (the controller takes a reserved ` +
        'volume before any other and checks only its size, volumeMode and access modes, not its class or labels)'
      : `binds to volume "${name}" (${describeVolume(found.vol)}): the smallest available volume of class ` +
        `${describeClass(c.claimClass)} that fits the request ${c.facts.request?.text} in the first access-mode ` +
        `group [${modesText(found.group)}] that has one`;
    if (delay && found.prebound) reason += '; a reserved volume binds at once even with WaitForFirstConsumer';
    reason +=
      '.' + unsetClassNote(ctx, c) + classOriginNote(ctx, c) + bypassNote(ctx, c, prebound, found.vol);
    c.plan = plan(c, 'bound', reason, name);
    if (!found.prebound) unsetClassWarning(ctx, c, name);
    return;
  }
  const bypass = bypassNote(ctx, c, prebound, undefined);
  if (delay && sc) {
    // The scheduler's binder (FindMatchingVolume with a node): the smallest fitting volume of the
    // class across all access-mode sets, when a pod using the claim is scheduled.
    const chosen = schedulerSearch(ctx, c);
    if (chosen) {
      chosen.holder = c;
      c.plan = plan(
        c,
        'waiting',
        `StorageClass "${sc.name}" has volumeBindingMode WaitForFirstConsumer: the scheduler binds a static volume ` +
          `when a pod using the claim is scheduled, and would choose "${chosen.facts.name}" (${describeVolume(chosen)}), ` +
          `the smallest that fits, if the pod's node satisfies the volume's node affinity. ${consumerNote(c)}${bypass}`,
        chosen.facts.name,
      );
      return;
    }
  }
  provisionOrPend(ctx, c, sc, delay, bypass);
}

function provisionOrPend(
  ctx: Context,
  c: Claim,
  sc: StorageClassInfo | undefined,
  delay: boolean,
  bypass: string,
): void {
  const prefix = 'no static volume fits';
  if (c.claimClass === '') {
    const definite = c.classOrigin === 'claim' || ctx.noDefaultClass;
    const why = definite
      ? c.classOrigin === 'claim'
        ? 'the claim asks for no class (storageClassName ""), so it can only bind to a class-less volume and is never provisioned'
        : ctx.cluster?.noDefault
          ? 'the claim sets no storageClassName and the cluster has no default StorageClass (none of its StorageClasses ' +
            'is annotated as default), so it can only bind to a class-less volume and is never provisioned'
          : 'the claim sets no storageClassName and the cluster has no default StorageClass (options.defaultStorageClass ' +
            'is ""), so it can only bind to a class-less volume and is never provisioned'
      : 'the claim sets no storageClassName and no default StorageClass is known (none is annotated in the manifests ' +
        'and options.defaultStorageClass is unset), so it can only bind to a class-less volume; if the cluster has a ' +
        'default class, admission sets it and that class provisions the claim instead';
    // A warning either way: the plan sees only the manifests' volumes, and the cluster may hold one that fits.
    pendingWithNearMisses(
      ctx,
      c,
      'warning',
      `no class-less volume ${among(ctx)} fits: ${why}.${definite ? ' ' + outsideVolumes(ctx) : ''}`,
      bypass,
    );
    return;
  }
  if (c.facts.selector) {
    pendingWithNearMisses(
      ctx,
      c,
      'warning',
      `${prefix}, and a claim with spec.selector cannot be provisioned dynamically (provisioners refuse a selector` +
        `${isEmptySelector(c.facts.selector) ? ', even an empty one' : ''}). ${outsideVolumes(ctx)}`,
      bypass,
      'spec.selector',
    );
    return;
  }
  if (sc) {
    if (sc.removedSince !== undefined) {
      // No finding on the claim: the class's source-removed error is the one cause.
      c.plan = plan(
        c,
        'pending',
        `stays Pending: no static volume fits, and StorageClass "${sc.name}" has provisioner ${sc.provisioner}, ` +
          `removed from Kubernetes in ${sc.removedSince}: nothing provisions its claims.${bypass}`,
      );
      return;
    }
    if (sc.provisioner === NO_PROVISIONER) {
      pendingWithNearMisses(
        ctx,
        c,
        'warning',
        `${prefix}, and StorageClass "${sc.name}" has provisioner ${NO_PROVISIONER}: it provisions nothing, ` +
          `only pre-made (local) volumes of the class can bind. ${outsideVolumes(ctx)}`,
        bypass,
        'spec.storageClassName',
      );
      return;
    }
    const lost = lostTo(ctx, c);
    if (delay) {
      c.plan = plan(
        c,
        'waiting',
        `StorageClass "${sc.name}" has volumeBindingMode WaitForFirstConsumer: ${provisionerText(sc)} provisions the ` +
          `volume when the first pod using the claim is scheduled. ${consumerNote(c)}${lost}${bypass}`,
      );
      return;
    }
    c.plan = plan(
      c,
      'provisioned',
      `no free static volume fits, so StorageClass "${sc.name}" (${provisionerText(sc)}, ` +
        `volumeBindingMode Immediate) provisions a new volume.${classOriginNote(ctx, c)}${lost}${bypass}`,
    );
    return;
  }
  if (ctx.defaultClass?.source === 'options' && c.claimClass === ctx.defaultClass.name) {
    c.plan = plan(
      c,
      'provisioned',
      `${prefix}, so the cluster's default StorageClass "${c.claimClass}" (given in the options; not among the ` +
        'manifests) provisions a new volume, assuming it has a provisioner; if its volumeBindingMode is ' +
        `WaitForFirstConsumer, only once a pod using the claim is scheduled.${lostTo(ctx, c)}${bypass}`,
    );
    return;
  }
  pendingWithNearMisses(
    ctx,
    c,
    'warning',
    ctx.cluster?.hasClasses
      ? `${prefix}, and StorageClass "${c.claimClass}" is neither among the manifests nor in the cluster: the claim ` +
          'stays Pending until the class exists.'
      : `${prefix}, and StorageClass "${c.claimClass}" is not among the manifests: if it exists in the cluster it may ` +
          'provision the claim, otherwise the claim stays Pending. Plan the claim together with the file that defines the ' +
          "class (or, if it is the cluster's default class, name it with --default-storage-class).",
    bypass,
    'spec.storageClassName',
  );
}

interface Found {
  readonly vol: Vol;
  readonly group: number;
  readonly prebound: boolean;
}

/**
 * findByClaim: access-mode groups from the fewest modes up; in each, a volume reserved for the
 * claim (if big enough and of its volumeMode; class and selector are not checked) is returned
 * before anything else, then the smallest free volume of the claim's class, volumeMode and
 * selector. With delayed binding only the reserved volume counts.
 */
function controllerSearch(
  ctx: Context,
  c: Claim,
  prebound: readonly Vol[],
  delay: boolean,
): Found | undefined {
  const request = c.facts.request?.nanos ?? 0n;
  for (const { group: g, bucket } of claimBuckets(ctx, c)) {
    let best: Vol | undefined;
    for (const v of prebound) {
      if (
        v.mask !== g ||
        v.nanos === undefined ||
        v.nanos < request ||
        v.facts.volumeMode !== c.facts.volumeMode ||
        (ctx.attributesClasses && v.facts.attributesClass !== c.facts.attributesClass)
      )
        continue;
      if (!best || compareVols(v, best) < 0) best = v;
    }
    if (best) return { vol: best, group: g, prebound: true };
    if (delay || !bucket) continue;
    const v = searchBucket(bucket, c, request);
    if (v) return { vol: v, group: g, prebound: false };
  }
  return undefined;
}

/** The scheduler path: the smallest free fitting volume of the class over every access-mode set that fits. */
function schedulerSearch(ctx: Context, c: Claim): Vol | undefined {
  const request = c.facts.request?.nanos ?? 0n;
  let best: Vol | undefined;
  for (const { bucket } of claimBuckets(ctx, c)) {
    const v = bucket && searchBucket(bucket, c, request);
    if (v && (!best || compareVols(v, best) < 0)) best = v;
  }
  return best;
}
