/**
 * A claim's plan and its Pending finding, and the phrases the steps' reasons share (the wording of
 * the outcomes of syncUnboundClaim in pkg/controller/volume/persistentvolume/pv_controller.go).
 */
import { describeClass } from '../match';
import { ClaimOutcome, ClaimPlan, Severity } from '../types';
import { Claim, Context, MODE_NAMES, StorageClassInfo, Vol } from './model';

export function plan(c: Claim, outcome: ClaimOutcome, reason: string, volume?: string): ClaimPlan {
  const namespace = c.facts.namespace;
  const name = c.facts.name;
  const storageClass = c.claimClass;
  // A literal per case rather than spreads of temporary objects; fields in the JSON's order.
  if (volume !== undefined) {
    return storageClass !== ''
      ? { namespace, name, outcome, volume, storageClass, reason }
      : { namespace, name, outcome, volume, reason };
  }
  return storageClass !== ''
    ? { namespace, name, outcome, storageClass, reason }
    : { namespace, name, outcome, reason };
}

export function pending(
  ctx: Context,
  c: Claim,
  severity: Severity,
  rule: string,
  field: string | undefined,
  reason: string,
): void {
  c.plan = plan(c, 'pending', `stays Pending: ${reason}`);
  ctx.findings.push({
    severity,
    rule,
    object: c.object,
    ...(field !== undefined ? { field: c.fieldPrefix + field } : {}),
    message: messageFor(c, `stays Pending: ${reason}`),
  });
}

export function messageFor(c: Claim, text: string): string {
  return c.fromTemplate ? `claim ${c.facts.name}: ${text}` : text;
}

export function claimLabel(c: Claim): string {
  return `${c.facts.namespace}/${c.facts.name}`;
}

export function describeVolume(v: Vol): string {
  const where =
    v.cluster === undefined ? '' : v.cluster ? `, in the cluster (${v.cluster})` : ', in the cluster';
  return `${v.facts.capacity?.text}, class ${describeClass(v.facts.storageClassName)}, [${v.facts.accessModes.join(', ')}]${where}`;
}

export function provisionerText(sc: StorageClassInfo): string {
  return sc.provisioner ? `provisioner ${sc.provisioner}` : 'its provisioner';
}

export function consumerNote(c: Claim): string {
  return c.consumer
    ? `${c.consumer} mounts it, so that happens once its pod is scheduled.`
    : 'No pod among the manifests mounts it, so it stays Pending until one does.';
}

export function classOriginNote(ctx: Context, c: Claim): string {
  if (c.classOrigin !== 'default' || !ctx.defaultClass) return '';
  return ctx.defaultClass.source === 'annotation'
    ? ` The claim sets no storageClassName, so admission gives it the default class "${c.claimClass}".`
    : ` The claim sets no storageClassName, so admission gives it the cluster's default class "${c.claimClass}".`;
}

/**
 * A claim bound to a class-less volume only because no default StorageClass is known: on a cluster
 * with one, the DefaultStorageClass admission plugin (plugin/pkg/admission/storage/storageclass/setdefault)
 * gives the claim that class, and checkVolumeSatisfyClaim then refuses the class-less volume
 * ("storageClassName does not match"). A warning: it depends on the cluster, which the options settle.
 */
export function unsetClassWarning(ctx: Context, c: Claim, volume: string): void {
  if (c.classOrigin !== 'none' || ctx.noDefaultClass) return;
  ctx.findings.push({
    severity: 'warning',
    rule: 'claim-class-unset',
    object: c.object,
    field: c.fieldPrefix + 'spec.storageClassName',
    message: messageFor(
      c,
      `binds to volume "${volume}" only if the cluster has no default StorageClass: the claim sets no ` +
        'storageClassName, so on a cluster with a default class admission gives it that class and it no longer ' +
        `matches the class-less volume "${volume}" (it stays Pending). Set storageClassName: "" to bind it ` +
        "either way, or state the cluster's default (--default-storage-class NAME, or none).",
    ),
  });
}

export function unsetClassNote(ctx: Context, c: Claim): string {
  return c.classOrigin === 'none' && !ctx.noDefaultClass
    ? ' The claim sets no storageClassName and no default StorageClass is known; if the cluster has one, admission ' +
        'sets it and the claim no longer matches class-less volumes (set storageClassName: "" to keep this binding).'
    : '';
}

export function classHint(c: Claim, v: Vol): string {
  return c.classOrigin === 'default' && v.facts.storageClassName !== c.claimClass
    ? ` The claim sets no storageClassName, so admission gave it the default class "${c.claimClass}"; set ` +
        `storageClassName: ${v.facts.storageClassName === '' ? '""' : `"${v.facts.storageClassName}"`} to bind this volume.`
    : '';
}

/** Every access-mode set as text, by mask: reasons name one per claim. */
const MODES_TEXT = Array.from({ length: 16 }, (_, mask) =>
  MODE_NAMES.filter((__, i) => mask & (1 << i)).join(', '),
);

export function modesText(mask: number): string {
  return MODES_TEXT[mask];
}
