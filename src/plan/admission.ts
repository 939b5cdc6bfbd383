/**
 * Admission of claims: what the LimitRanger and ResourceQuota admission plugins do with each
 * PersistentVolumeClaim of the manifests (and each claim a StatefulSet's volumeClaimTemplates make,
 * and each claim the ephemeral volume controller makes for a pod's generic ephemeral volume: an
 * ordinary create, one per pod, see judgeEphemeral), given the LimitRanges and ResourceQuotas of the
 * same manifests.
 *
 * LimitRanger (plugin/pkg/admission/limitranger/admission.go): on create, every LimitRange of the
 * claim's namespace is checked in turn (runLimitFunc), and the first that fails rejects the claim.
 * PersistentVolumeClaimValidateLimitFunc checks each item of `type: PersistentVolumeClaim`: for each
 * resource of its `min`, minConstraint (a missing request fails: "No request is specified"; a
 * request below the minimum fails), and for each of its `max`, maxRequestConstraint (the same, above
 * the maximum). Only spec.resources.requests is read, never limits, and claims get no defaults
 * ("storage is a required part of pvc.Spec"). Values are compared as requestLimitEnforcedValues
 * does: in milli-units, or in whole units when a value is too large for those.
 *
 * ResourceQuota (plugin/pkg/admission/resourcequota/controller.go CheckRequest, with the evaluator
 * of pkg/quota/v1/evaluator/core/persistent_volume_claims.go): a quota governs a claim when its
 * `hard` names a resource the PVC evaluator tracks (MatchingResources) and the claim matches every
 * scope it carries (generic.Matches). pvcEvaluator.Usage charges a claim `persistentvolumeclaims`
 * and `count/persistentvolumeclaims` 1 each, `requests.storage` its request rounded up to whole
 * bytes (getStorageUsage), and, when it has a class after admission
 * (storagehelpers.GetPersistentVolumeClaimClass: the beta annotation, else spec.storageClassName,
 * which the mutating DefaultStorageClass plugin has set before this validating plugin runs),
 * `<class>.storageclass.storage.k8s.io/persistentvolumeclaims` 1 and
 * `<class>.storageclass.storage.k8s.io/requests.storage` the request. CheckRequest adds that to each
 * governing quota's usage and compares exactly (quota.LessThanOrEqual, Quantity.Cmp): if any
 * quota's resource would exceed its hard limit, the claim is rejected ("exceeded quota") and
 * charged nothing; otherwise every governing quota is charged.
 *
 * Scopes: until 1.33 the PVC evaluator matches no scope (generic.MatchesNoScopeFunc), so a quota
 * with `scopes` or a `scopeSelector` never governs a claim. Kubernetes 1.33 added the
 * VolumeAttributesClass scope (kubernetes PR #124360, pvcMatchesScopeFunc), matched against the
 * claim's spec.volumeAttributesClassName; that field is dropped on create while the
 * VolumeAttributesClass feature gate is off, which it is by default until it went GA in 1.34. The
 * plan judges with default gates: from 1.34 it matches that scope (Exists, DoesNotExist, In, NotIn);
 * before, a scoped quota governs no claim. Pod scopes (BestEffort, Terminating, PriorityClass, ...)
 * never match a claim.
 *
 * What the plan assumes: the claims are created in the manifests' order (StatefulSet claims where
 * the set stands, as the binding plan lists them), with the LimitRanges and ResourceQuotas already
 * in place (Helm and Argo CD create them before the claims; a later apply meets them in any case).
 * The namespace may already hold claims the manifests do not show: they only add to the usage, so
 * a claim over quota here is over quota on the cluster too, and the verdict is an error. A claim
 * the API server's own validation rejects (no request, bad access modes) never reaches admission
 * and is not judged here. A claim with no class whose default class is unknown is charged to no
 * class. A LimitRange or ResourceQuota the API server would reject (a value that is no quantity, a
 * negative one, a fractional count, a min above its max) is not created, so it is skipped here; the
 * schema checks report it.
 */
import {
  DEFAULT_KUBERNETES_VERSION,
  KubernetesVersion,
  parseKubernetesVersion,
  versionIndex,
} from '../k8s/versions';
import type { RuleDeclaration } from '../rules/rule';
import {
  asArray,
  asRecord,
  asString,
  get,
  ManifestEntry,
  ManifestIndex,
  metadataNamespace,
  nsKey,
  objectName,
  refOf,
} from './_manifest';
import { parseQuantity, ParsedQuantity } from '../k8s/quantity';
import { ephemeralClaims } from './ephemeral';
import { ClaimPlan, Finding } from './types';

/** Options for {@link admissionFindings}. */
export interface AdmissionOptions {
  /**
   * The Kubernetes minor judged for (`1.27` to `1.36`): it decides whether quota scopes can match
   * a claim (the VolumeAttributesClass scope, from 1.34 with default feature gates).
   * @default DEFAULT_KUBERNETES_VERSION
   */
  readonly kubernetesVersion?: string;
  /**
   * The manifests applied before, read by the pre-pass, with their binding plan: the claims they
   * made exist already (planStorage's `previous`).
   * @default - no claim exists before the manifests
   */
  readonly previous?: {
    readonly index: ManifestIndex;
    /** The binding plan, or a function that makes it (called only when a LimitRange or ResourceQuota is there). */
    readonly claims: readonly ClaimPlan[] | (() => readonly ClaimPlan[]);
  };
  /**
   * Live objects (planStorage's `cluster`): their PersistentVolumeClaims exist already.
   * @default - none
   */
  readonly cluster?: readonly unknown[];
}

/** The rules this module reports under. */
export const ADMISSION_RULES: readonly RuleDeclaration[] = [
  {
    id: 'claim-limit-range',
    severity: 'error',
    group: 'admission',
    summary:
      'A claim asks for less than a LimitRange of its namespace requires per PersistentVolumeClaim, or more than it allows.',
    why:
      'The LimitRanger admission plugin checks spec.resources.requests of every new claim against the min and max ' +
      'of each LimitRange item of type PersistentVolumeClaim in the namespace, and rejects the claim if one fails: ' +
      'it is never created. For a StatefulSet claim template, the StatefulSet controller cannot create the claims, ' +
      'so those pods never start. It also checks an update of a claim (with the previous manifests, a claim that ' +
      'exists is judged only when its requests change; the update is then refused and the claim keeps its size). ' +
      'The claims the ephemeral volume controller makes for generic ephemeral volumes are ordinary creates, judged ' +
      'alike: the pod whose claim is rejected never starts.',
    remediation:
      'Request a size between the LimitRange min and max (mind 1G = 10^9 bytes and 1Gi = 2^30 bytes), or have ' +
      'the namespace administrator change the LimitRange.',
    source:
      'kubernetes plugin/pkg/admission/limitranger/admission.go: PersistentVolumeClaimValidateLimitFunc, ' +
      'minConstraint, maxRequestConstraint, requestLimitEnforcedValues; ' +
      'pkg/controller/volume/ephemeral/controller.go handleVolume (the claims of generic ephemeral volumes)',
    kinds: [
      'PersistentVolumeClaim',
      'StatefulSet',
      'Pod',
      'Deployment',
      'ReplicaSet',
      'ReplicationController',
      'DaemonSet',
      'Job',
      'CronJob',
    ],
  },
  {
    id: 'claim-quota-exceeded',
    severity: 'error',
    group: 'admission',
    summary:
      'A claim would take its namespace over a ResourceQuota on requests.storage or on the number of claims ' +
      '(in all, or per StorageClass).',
    why:
      'The ResourceQuota admission plugin charges each new claim 1 persistentvolumeclaims (and ' +
      'count/persistentvolumeclaims), its request to requests.storage, and both to ' +
      '<class>.storageclass.storage.k8s.io/... for its class after defaulting; if a quota governing the claim ' +
      'would go over its hard limit, the API server rejects the claim ("exceeded quota"). The plan charges the ' +
      "claims in the manifests' order; claims already in the namespace only add to the usage. Claims that exist " +
      '(made by the previous manifests, or among the cluster objects) are counted as used first, and an update of ' +
      'one is charged only its growth, as the plugin charges the difference between the new and the old object. ' +
      'For a StatefulSet claim template, the StatefulSet controller cannot create the claim, so that pod never starts. ' +
      'A generic ephemeral volume makes one claim per pod (ephemeral volume controller, an ordinary create): a ' +
      'Deployment of N replicas makes N claims, charged one after another, and the pods whose claims go over never start.',
    remediation:
      'Request less storage or fewer claims (fewer replicas), use a class whose quota has room, or have the ' +
      'namespace administrator raise the ResourceQuota.',
    source:
      'kubernetes plugin/pkg/admission/resourcequota/controller.go CheckRequest (on update the delta, ' +
      'quota.SubtractWithNonNegativeResult); ' +
      'pkg/quota/v1/evaluator/core/persistent_volume_claims.go pvcEvaluator (MatchingResources, Usage, ' +
      'getStorageUsage, pvcMatchesScopeFunc); apiserver quota/v1/generic Matches; ' +
      'pkg/controller/volume/ephemeral/controller.go handleVolume (the claims of generic ephemeral volumes)',
    kinds: [
      'PersistentVolumeClaim',
      'StatefulSet',
      'Pod',
      'Deployment',
      'ReplicaSet',
      'ReplicationController',
      'DaemonSet',
      'Job',
      'CronJob',
    ],
  },
];

/**
 * The admission findings for the claims the binding plan lists (`claims`, in its order): claims
 * LimitRanger or ResourceQuota reject. Never throws.
 */
export function admissionFindings(
  index: ManifestIndex,
  claims: readonly ClaimPlan[],
  options?: AdmissionOptions,
): Finding[] {
  return judgeAdmission(index, claims, options).findings;
}

/**
 * The claims admission rejects, by `namespace/name`, with why (the text of their finding, without
 * the StatefulSet grouping): for marking their plans. Never throws.
 */
export function admissionRejectedClaims(
  index: ManifestIndex,
  claims: readonly ClaimPlan[],
  options?: AdmissionOptions,
): ReadonlyMap<string, string> {
  return judgeAdmission(index, claims, options).rejected;
}

// ---------------------------------------------------------------------------------------------
// The judgement

const LIMIT_RULE = 'claim-limit-range';
const QUOTA_RULE = 'claim-quota-exceeded';
/** How binding/read.ts (makeClaim) starts the reason of a claim the API server's validation rejects. */
const VALIDATION_REJECTED = 'the API server rejects this claim';
const ASSUMPTION = ' The namespace may already hold other claims; they only add to the usage.';
const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';
const NANOS = 1_000_000_000n;
/** Other exceeded quota resources named in one message; the rest are counted. */
const MAX_LISTED = 5;

/** The first minor whose default feature gates let a quota scope match a claim (VolumeAttributesClass GA). */
const SCOPES_FROM: KubernetesVersion = '1.34';

export interface Judgement {
  readonly findings: Finding[];
  readonly rejected: Map<string, string>;
}

/** Where a claim comes from: a PersistentVolumeClaim manifest or a StatefulSet template. */
interface ClaimSource {
  readonly object: string;
  readonly fieldPrefix: string;
  /** The claim object: the manifest, or the template. */
  readonly body: unknown;
  readonly namespace: string;
  readonly template?: TemplateInfo;
  /** A claim the ephemeral volume controller makes for a pod's generic ephemeral volume. */
  readonly ephemeral?: EphemeralInfo;
  facts?: ClaimRead | null;
}

/** An ephemeral claim as admission judges it (see ephemeral.ts). */
interface EphemeralInfo {
  /** The pod volume (object and field): the claims of one StatefulSet's volume are reported together. */
  readonly key: string;
  readonly volume: string;
  /** The pod, when its name is known; undefined for generated pod names. */
  readonly pod?: string;
  /** How many claims the entry stands for: 1 for a known pod, else one per pod (EphemeralClaim.pods). */
  readonly count: number;
}

interface TemplateInfo {
  readonly key: string;
  readonly name: string;
  readonly setName: string;
}

/** What admission reads of a claim. */
interface ClaimRead {
  /** spec.resources.requests, the values that parse. */
  readonly requests: ReadonlyMap<string, ParsedQuantity>;
  readonly storage: ParsedQuantity;
  /** The class the claim names itself (beta annotation, else spec.storageClassName); undefined when unset. */
  readonly ownClass?: string;
  readonly attributesClass?: string;
}

/** A group of findings for one StatefulSet template, reported once. */
interface TemplateGroup {
  readonly rule: string;
  readonly object: string;
  readonly field: string;
  readonly template: TemplateInfo;
  readonly firstName: string;
  readonly firstOrdinal: string;
  readonly reason: string;
  readonly quota: boolean;
  count: number;
}

/** Both at once: the findings and the claims admission rejects (what planStorage uses). */
export function judgeAdmission(
  index: ManifestIndex,
  claims: readonly ClaimPlan[],
  options: AdmissionOptions | undefined,
): Judgement {
  const findings: Finding[] = [];
  const rejected = new Map<string, string>();
  const version = readVersion(options);
  let limitRanges: Map<string, LimitRangeInfo[]>;
  let quotas: Map<string, QuotaInfo[]>;
  let sources: Sources;
  try {
    ({ limitRanges, quotas } = readPolicies(index, versionIndex(version) >= versionIndex(SCOPES_FROM)));
    if (limitRanges.size === 0 && quotas.size === 0) return { findings, rejected };
    sources = readSources(index, version);
  } catch {
    return { findings, rejected };
  }
  const list = Array.isArray(claims) ? claims : [];
  const existing = readExisting(options, list, version, sources);
  // The claims that exist before the apply use their quota already (the quota's status.used): they
  // are charged first, never judged, and an update of one is charged only its growth.
  for (const { namespace, facts, claimClass, count } of existing.charged) {
    for (const q of quotas.get(namespace) ?? []) {
      if (!q.scopes.every((sc) => scopeMatches(sc, facts))) continue;
      for (const charge of usageOf(facts, claimClass)) {
        if (!q.hard.has(charge.resource)) continue;
        const amount = charge.amount * BigInt(count ?? 1);
        q.used.set(charge.resource, (q.used.get(charge.resource) ?? 0n) + amount);
        q.existing = true;
      }
    }
  }

  const groups = new Map<string, TemplateGroup>();
  const templateTotals = new Map<string, number>();
  const ephemeralGroups = new Map<string, EphemeralGroup>();
  const ephemeralTotals = new Map<string, number>();
  for (const claim of list) {
    try {
      judgeClaim(claim);
    } catch {
      // a claim that cannot be read is skipped: validate and binding report it
    }
  }
  for (const g of groups.values()) {
    const total = templateTotals.get(g.template.key) ?? g.count;
    const pod = `${g.template.setName}-${g.firstOrdinal}`;
    const pods =
      g.count === 1
        ? `pod ${pod} never starts`
        : `pod ${pod} and the ${g.count - 1} other pod${g.count - 1 === 1 ? '' : 's'} whose claims are rejected never start`;
    findings.push({
      severity: 'error',
      rule: g.rule,
      object: g.object,
      field: g.field,
      message:
        `${g.count} of ${total} replicas' claims of template "${g.template.name}" ${g.count === 1 ? 'is' : 'are'} ` +
        `rejected, the first at ordinal ` +
        `${g.firstOrdinal} (${g.firstName}): ${g.reason}; the StatefulSet controller cannot create ` +
        `${g.count === 1 ? 'it' : 'them'}, so ${pods}.${g.quota ? ASSUMPTION : ''}`,
    });
  }
  for (const g of ephemeralGroups.values()) {
    const total = ephemeralTotals.get(g.key) ?? g.count;
    findings.push({
      severity: 'error',
      rule: g.rule,
      object: g.object,
      field: g.field,
      message:
        (total === 1
          ? `ephemeral claim ${g.firstName}, which the ephemeral volume controller makes for volume "${g.volume}" of ` +
            `pod ${g.firstPod}: ${g.reason}, so the pod never starts.`
          : `${g.count} of ${total} replicas' ephemeral claims for volume "${g.volume}" ${g.count === 1 ? 'is' : 'are'} ` +
            `rejected, the first for pod ${g.firstPod} (${g.firstName}): ${g.reason}; the ephemeral volume controller ` +
            `cannot create ${g.count === 1 ? 'it' : 'them'}, so ` +
            (g.count === 1
              ? `pod ${g.firstPod} never starts.`
              : `pod ${g.firstPod} and the ${g.count - 1} other pod${g.count - 1 === 1 ? '' : 's'} whose claims are rejected never start.`)) +
        (g.quota ? ASSUMPTION : ''),
    });
  }
  return { findings, rejected };

  function judgeClaim(claim: ClaimPlan): void {
    const namespace = asString(get(claim, 'namespace'));
    const name = asString(get(claim, 'name'));
    if (namespace === undefined || name === undefined) return;
    const found = sources.find(namespace, name);
    if (!found) return;
    const { source, ordinal } = found;
    if (source.template)
      templateTotals.set(source.template.key, (templateTotals.get(source.template.key) ?? 0) + 1);
    if (source.ephemeral)
      ephemeralTotals.set(source.ephemeral.key, (ephemeralTotals.get(source.ephemeral.key) ?? 0) + 1);
    const reason = asString(get(claim, 'reason')) ?? '';
    if (reason.startsWith(VALIDATION_REJECTED)) return;
    const facts = claimFacts(source);
    if (!facts || facts.storage.nanos <= 0n) return;
    if (source.ephemeral) {
      judgeEphemeral(claim, source, source.ephemeral, namespace, name, facts);
      return;
    }
    const before = existing.byKey.get(nsKey(namespace, name));
    if (before !== undefined) {
      judgeUpdate(before);
      return;
    }

    /** `field`: relative to the claim, or undefined for the whole claim. */
    const report = (rule: string, field: string | undefined, text: string, groupKey: string): void => {
      rejected.set(nsKey(namespace, name), text);
      const quota = rule === QUOTA_RULE;
      const at = field !== undefined ? source.fieldPrefix + field : source.fieldPrefix.replace(/\.$/, '');
      if (!source.template) {
        const message = `${text}.${quota ? ASSUMPTION : ''}`;
        findings.push(
          at === ''
            ? { severity: 'error', rule, object: source.object, message }
            : { severity: 'error', rule, object: source.object, field: at, message },
        );
        return;
      }
      const key = `${source.template.key}\u0000${rule}\u0000${groupKey}`;
      const g = groups.get(key);
      if (g) {
        g.count++;
        return;
      }
      groups.set(key, {
        rule,
        object: source.object,
        field: at,
        template: source.template,
        firstName: name,
        firstOrdinal: ordinal ?? '0',
        reason: text,
        quota,
        count: 1,
      });
    };

    // LimitRanger runs before ResourceQuota: a claim it rejects is charged nothing.
    let limited = false;
    for (const lr of limitRanges.get(namespace) ?? []) {
      const violations = limitViolations(lr, facts);
      if (violations.length === 0) continue;
      limited = true;
      const text =
        `LimitRange "${lr.name}" in namespace "${namespace}" ${violations.map((v) => v.text).join('; and it ')}: ` +
        'the API server rejects it (LimitRanger)';
      report(LIMIT_RULE, `spec.resources.requests.${violations[0].resource}`, text, lr.name);
    }
    if (limited) return;

    const governing = quotas.get(namespace);
    if (!governing || governing.length === 0) return;
    const claimClass = asString(get(claim, 'storageClass')) ?? '';
    const delta = usageOf(facts, claimClass);
    const applicable = governing.filter((q) => q.scopes.every((s) => scopeMatches(s, facts)));
    const exceeded: Exceeded[] = [];
    for (const q of applicable) {
      for (const charge of delta) {
        const hard = q.hard.get(charge.resource);
        if (!hard) continue;
        const used = q.used.get(charge.resource) ?? 0n;
        if (used + charge.amount > hard.nanos) exceeded.push({ quota: q, charge, hard, used });
      }
    }
    if (exceeded.length === 0) {
      for (const q of applicable) {
        for (const charge of delta) {
          if (q.hard.has(charge.resource))
            q.used.set(charge.resource, (q.used.get(charge.resource) ?? 0n) + charge.amount);
        }
      }
      return;
    }
    const text = exceededText(namespace, exceeded, facts, claimClass);
    report(QUOTA_RULE, exceeded[0].charge.storage ? 'spec.resources.requests.storage' : undefined, text, '');

    /**
     * An update of a claim that exists. LimitRanger runs on create and update of a claim
     * (NewHandler(admission.Create, admission.Update); DefaultLimitRangerActions.SupportsAttributes
     * skips only Pod updates), but an apply that leaves the claim's requests as they were sends no
     * change of them: judged only when a request changed. ResourceQuota charges an update
     * the difference (apiserver admission/plugin/resourcequota/controller.go CheckRequest: on
     * Update, deltaUsage = SubtractWithNonNegativeResult(newUsage, prevUsage), nothing to check
     * when it is zero): only growth counts. A refusal leaves the claim as it was, so it is no
     * rejected claim for the binding plan, and the finding says the update is refused.
     */
    function judgeUpdate(old: ClaimRead): void {
      // Read before judgeUpdate is called: a function declaration does not keep the narrowing.
      const ns = namespace as string;
      const now = facts as ClaimRead;
      const at = (field: string) => source.fieldPrefix + field;
      const refuse = (rule: string, field: string | undefined, text: string) => {
        const where = field !== undefined ? at(field) : source.fieldPrefix.replace(/\.$/, '');
        const message = `claim ${name} exists, and updating it is refused: ${text}.`;
        findings.push(
          where === ''
            ? { severity: 'error', rule, object: source.object, message }
            : { severity: 'error', rule, object: source.object, field: where, message },
        );
      };
      if (!sameRequests(old, now)) {
        const violated = (limitRanges.get(ns) ?? [])
          .map((lr) => ({ lr, violations: limitViolations(lr, now) }))
          .find((x) => x.violations.length > 0);
        if (violated) {
          const { lr, violations } = violated;
          refuse(
            LIMIT_RULE,
            `spec.resources.requests.${violations[0].resource}`,
            `LimitRange "${lr.name}" in namespace "${ns}" ${violations.map((v) => v.text).join('; and it ')} (LimitRanger)`,
          );
          return;
        }
      }
      const grown = ceilDiv(now.storage.nanos, NANOS) * NANOS - ceilDiv(old.storage.nanos, NANOS) * NANOS;
      if (grown <= 0n) return;
      const claimClass = asString(get(claim, 'storageClass')) ?? '';
      const delta = usageOf(now, claimClass)
        .filter((c) => c.storage)
        .map((c) => ({ ...c, amount: grown }));
      for (const q of (quotas.get(ns) ?? []).filter((x) => x.scopes.every((sc) => scopeMatches(sc, now)))) {
        for (const charge of delta) {
          const hard = q.hard.get(charge.resource);
          if (!hard) continue;
          const used = q.used.get(charge.resource) ?? 0n;
          if (used + charge.amount <= hard.nanos) continue;
          const usedText = formatStorage(used, family(hard)).text;
          refuse(
            QUOTA_RULE,
            'spec.resources.requests.storage',
            `ResourceQuota "${q.name}" in namespace "${ns}" limits ${charge.resource} to ${hard.text}; ` +
              `the claims that exist${q.existing ? '' : ' (none the plan knows of)'} and those created before it use ` +
              `${used === 0n ? '0' : usedText}, and growing it from ${old.storage.text} to ${now.storage.text} adds ` +
              `${formatStorage(grown, family(hard)).text}: the API server refuses the update (exceeded quota)`,
          );
          return;
        }
      }
      for (const q of quotas.get(ns) ?? []) {
        if (!q.scopes.every((sc) => scopeMatches(sc, now))) continue;
        for (const charge of delta)
          if (q.hard.has(charge.resource))
            q.used.set(charge.resource, (q.used.get(charge.resource) ?? 0n) + charge.amount);
      }
    }
  }

  /**
   * A claim the ephemeral volume controller makes (pkg/controller/volume/ephemeral controller.go
   * handleVolume: an ordinary PersistentVolumeClaims().Create, so LimitRanger and ResourceQuota judge
   * it like any other claim). One that exists already is not made again (the controller only checks
   * that the pod owns it): it is charged as used and not judged. For generated pod names the entry
   * stands for one claim per pod: those beyond the ones that exist are charged one after another,
   * and once one does not fit, the rest (the same claim again) do not either.
   */
  function judgeEphemeral(
    claim: ClaimPlan,
    source: ClaimSource,
    eph: EphemeralInfo,
    namespace: string,
    name: string,
    facts: ClaimRead,
  ): void {
    const key = nsKey(namespace, name);
    const exist =
      eph.pod === undefined ? (existing.generatedCounts.get(key) ?? 0) : existing.byKey.has(key) ? 1 : 0;
    const count = eph.count - exist;
    if (count <= 0) return;

    const report = (
      rule: string,
      field: string | undefined,
      text: string,
      groupKey: string,
      admitted: number,
    ) => {
      const quota = rule === QUOTA_RULE;
      const at = field !== undefined ? source.fieldPrefix + field : source.fieldPrefix.replace(/\.$/, '');
      if (eph.pod !== undefined) {
        rejected.set(key, text);
        const gk = `${eph.key}\u0000${rule}\u0000${groupKey}`;
        const g = ephemeralGroups.get(gk);
        if (g) g.count++;
        else
          ephemeralGroups.set(gk, {
            key: eph.key,
            rule,
            object: source.object,
            field: at,
            volume: eph.volume,
            firstName: name,
            firstPod: eph.pod,
            reason: text,
            quota,
            count: 1,
          });
        return;
      }
      const refused = count - admitted;
      // The entry stands for every pod's claim: it is rejected as a whole only when none fits.
      if (admitted === 0) rejected.set(key, text);
      const which =
        refused === count
          ? count === 1
            ? 'the ephemeral claim'
            : `all ${count} ephemeral claims`
          : `${refused} of the ${count} ephemeral claims`;
      const per =
        `one per pod of ${source.object}, named <pod name>-${eph.volume}` +
        (exist > 0 ? `; the ${exist} that exist already are not counted among them` : '');
      findings.push({
        severity: 'error',
        rule,
        object: source.object,
        field: at,
        message:
          `${which} for volume "${eph.volume}" (${per}) ${refused === 1 ? 'is' : 'are'} rejected` +
          `${admitted === 1 ? ', after the first fits' : admitted > 1 ? `, after the first ${admitted} fit` : ''}: ${text}; the ephemeral volume controller ` +
          `cannot create ${refused === 1 ? 'it' : 'them'}, so ${refused === 1 ? 'that pod never starts' : `those ${refused} pods never start`}.` +
          (quota ? ASSUMPTION : ''),
      });
    };

    // LimitRanger runs before ResourceQuota, and judges each claim alike: all of them or none.
    let limited = false;
    for (const lr of limitRanges.get(namespace) ?? []) {
      const violations = limitViolations(lr, facts);
      if (violations.length === 0) continue;
      limited = true;
      const text =
        `LimitRange "${lr.name}" in namespace "${namespace}" ${violations.map((v) => v.text).join('; and it ')}: ` +
        'the API server rejects it (LimitRanger)';
      report(LIMIT_RULE, `spec.resources.requests.${violations[0].resource}`, text, lr.name, 0);
    }
    if (limited) return;

    const governing = quotas.get(namespace);
    if (!governing || governing.length === 0) return;
    const claimClass = asString(get(claim, 'storageClass')) ?? '';
    const delta = usageOf(facts, claimClass);
    const applicable = governing.filter((q) => q.scopes.every((sc) => scopeMatches(sc, facts)));
    for (let i = 0; i < count; i++) {
      const exceeded: Exceeded[] = [];
      for (const q of applicable) {
        for (const charge of delta) {
          const hard = q.hard.get(charge.resource);
          if (!hard) continue;
          const used = q.used.get(charge.resource) ?? 0n;
          if (used + charge.amount > hard.nanos) exceeded.push({ quota: q, charge, hard, used });
        }
      }
      if (exceeded.length > 0) {
        const text = exceededText(namespace, exceeded, facts, claimClass);
        report(
          QUOTA_RULE,
          exceeded[0].charge.storage ? 'spec.resources.requests.storage' : undefined,
          text,
          '',
          i,
        );
        return;
      }
      for (const q of applicable) {
        for (const charge of delta) {
          if (q.hard.has(charge.resource))
            q.used.set(charge.resource, (q.used.get(charge.resource) ?? 0n) + charge.amount);
        }
      }
    }
  }
}

/** A quota resource a claim would take over its hard limit. */
interface Exceeded {
  readonly quota: QuotaInfo;
  readonly charge: Charge;
  readonly hard: ParsedQuantity;
  readonly used: bigint;
}

/** Why the quota rejects a claim: the first resource exceeded, and the others named. */
function exceededText(
  namespace: string,
  exceeded: readonly Exceeded[],
  facts: ClaimRead,
  claimClass: string,
): string {
  const first = exceeded[0];
  let text = quotaText(namespace, first.quota, first.charge, first.hard, first.used, facts, claimClass);
  if (exceeded.length > 1) {
    const others = exceeded
      .slice(1, 1 + MAX_LISTED)
      .map((e) => `${e.charge.resource} of ResourceQuota "${e.quota.name}" (limit ${e.hard.text})`);
    const more = exceeded.length - 1 - others.length;
    text += `; it would also exceed ${others.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  }
  return text;
}

/** A group of findings for one pod volume's ephemeral claims, reported once. */
interface EphemeralGroup {
  readonly key: string;
  readonly rule: string;
  readonly object: string;
  readonly field: string;
  readonly volume: string;
  readonly firstName: string;
  readonly firstPod: string;
  readonly reason: string;
  readonly quota: boolean;
  count: number;
}

/** Whether two reads of a claim ask for the same requests (every resource, by value). */
function sameRequests(a: ClaimRead, b: ClaimRead): boolean {
  if (a.requests.size !== b.requests.size) return false;
  for (const [k, q] of a.requests) if (b.requests.get(k)?.nanos !== q.nanos) return false;
  return true;
}

/** The claims that exist before the apply: the previous manifests' and the cluster's. */
interface Existing {
  /** What each claim of the next manifests that exists asked for before, by namespace/name. */
  readonly byKey: ReadonlyMap<string, ClaimRead>;
  /** Every existing claim's usage, charged before any claim of the manifests (`count` times). */
  readonly charged: ReadonlyArray<{
    namespace: string;
    facts: ClaimRead;
    claimClass: string;
    count?: number;
  }>;
  /** For an ephemeral entry of generated pod names (by namespace/name), how many of its claims exist. */
  readonly generatedCounts: ReadonlyMap<string, number>;
}

/**
 * The claims that exist: those the previous manifests made (their binding plan lists them, so a
 * StatefulSet's claims are those of its ordinals then) and the PersistentVolumeClaims of the
 * cluster objects (which win: they are what the API server holds). A previous claim that the next
 * manifests no longer hold is pruned by the same apply: it is not charged, so that no verdict rests
 * on when the prune runs. A cluster claim the manifests never held is charged: it stays.
 */
function readExisting(
  options: AdmissionOptions | undefined,
  next: readonly ClaimPlan[],
  version: KubernetesVersion,
  sources: Sources,
): Existing {
  const byKey = new Map<string, ClaimRead>();
  const namespaces = new Map<string, string>();
  const charged: Array<{ namespace: string; facts: ClaimRead; claimClass: string; count?: number }> = [];
  // Ephemeral entries of generated pod names: how many claims the previous manifests made, and how
  // many of the cluster's claims are theirs (owned by a Pod, named <workload>-...-<volume>).
  const previousCounts = new Map<string, number>();
  const clusterCounts = new Map<string, number>();
  const nextClass = new Map<string, string>();
  try {
    for (const c of next) {
      const ns = asString(get(c, 'namespace'));
      const n = asString(get(c, 'name'));
      if (ns !== undefined && n !== undefined)
        nextClass.set(nsKey(ns, n), asString(get(c, 'storageClass')) ?? '');
    }
    const o = asRecord(options);
    const previous = asRecord(o?.previous);
    const prevKeys = new Set<string>();
    const prevClaims: unknown =
      typeof previous?.claims === 'function' ? (previous.claims as () => unknown)() : previous?.claims;
    if (previous && Array.isArray(prevClaims)) {
      const prevSources = readSources(previous.index as ManifestIndex, version);
      for (const c of prevClaims as unknown[]) {
        const ns = asString(get(c, 'namespace'));
        const n = asString(get(c, 'name'));
        if (ns === undefined || n === undefined) continue;
        if ((asString(get(c, 'reason')) ?? '').startsWith(VALIDATION_REJECTED)) continue;
        const found = prevSources.find(ns, n);
        const facts = found ? claimFacts(found.source) : undefined;
        const key = nsKey(ns, n);
        prevKeys.add(key);
        if (facts) byKey.set(key, facts);
        namespaces.set(key, ns);
        const eph = found?.source.ephemeral;
        if (eph && eph.pod === undefined) previousCounts.set(key, eph.count);
      }
    }
    const cluster = o?.cluster;
    for (const m of Array.isArray(cluster) ? cluster : []) {
      try {
        if (get(m, 'kind') !== 'PersistentVolumeClaim') continue;
        const metadata = get(m, 'metadata');
        const n = asString(get(metadata, 'name'));
        if (!n) continue;
        const ns = metadataNamespace(metadata);
        const facts = claimFacts({ object: '', fieldPrefix: '', body: m, namespace: ns });
        if (!facts) continue;
        const key = nsKey(ns, n);
        namespaces.set(key, ns);
        const owner = generatedOwner(sources, ns, n, m);
        if (owner !== undefined) clusterCounts.set(owner, (clusterCounts.get(owner) ?? 0) + 1);
        if (nextClass.has(key)) byKey.set(key, facts);
        else if (!prevKeys.has(key)) charged.push({ namespace: ns, facts, claimClass: facts.ownClass ?? '' });
      } catch {
        // a cluster object that cannot be read is skipped: binding reports it
      }
    }
  } catch {
    // unreadable options: no claim is known to exist
  }
  const generatedCounts = new Map<string, number>();
  for (const [key, facts] of byKey) {
    const cls = nextClass.get(key);
    if (cls === undefined) continue;
    const ns = namespaces.get(key) as string;
    const previousCount = previousCounts.get(key);
    if (previousCount === undefined) {
      charged.push({ namespace: ns, facts, claimClass: facts.ownClass ?? cls });
      continue;
    }
    // The cluster's claims of the entry, when it shows any, are what exists (and are charged above).
    const inCluster = clusterCounts.get(key);
    if (inCluster === undefined)
      charged.push({ namespace: ns, facts, claimClass: facts.ownClass ?? cls, count: previousCount });
    generatedCounts.set(key, inCluster ?? previousCount);
  }
  for (const [key, n] of clusterCounts) if (!generatedCounts.has(key)) generatedCounts.set(key, n);
  return { byKey, charged, generatedCounts };
}

/**
 * The ephemeral entry (namespace/name) of generated pod names a cluster claim belongs to: named
 * `<workload>-<more>-<volume>` and controlled by a Pod (the controller sets that ownerReference).
 */
function generatedOwner(sources: Sources, namespace: string, name: string, m: unknown): string | undefined {
  for (const g of sources.generated) {
    if (g.namespace !== namespace || !name.startsWith(g.prefix) || !name.endsWith(g.suffix)) continue;
    if (name.length <= g.prefix.length + g.suffix.length) continue;
    const ownedByPod = asArray(get(m, 'metadata', 'ownerReferences')).some(
      (r) => get(r, 'kind') === 'Pod' && get(r, 'controller') === true,
    );
    if (ownedByPod) return g.key;
  }
  return undefined;
}

function readVersion(options: AdmissionOptions | undefined): KubernetesVersion {
  try {
    const value = asRecord(options)?.kubernetesVersion;
    return (value !== undefined ? parseKubernetesVersion(value) : undefined) ?? DEFAULT_KUBERNETES_VERSION;
  } catch {
    return DEFAULT_KUBERNETES_VERSION;
  }
}

// ---------------------------------------------------------------------------------------------
// Where each claim comes from

interface Sources {
  find(namespace: string, name: string): { source: ClaimSource; ordinal?: string } | undefined;
  /** The ephemeral entries of generated pod names, to recognise their claims among the cluster's. */
  readonly generated: ReadonlyArray<{
    readonly key: string;
    readonly namespace: string;
    readonly prefix: string;
    readonly suffix: string;
  }>;
}

/**
 * PersistentVolumeClaim manifests by namespace/name, and StatefulSet templates by the prefix of
 * their claims' names (`<template>-<set>-`), the first of each in the manifests' order, as the
 * binding plan makes them (a claim manifest wins over a template claim of the same name).
 */
function readSources(index: ManifestIndex, version: KubernetesVersion): Sources {
  const claims = new Map<string, ClaimSource>();
  const templates = new Map<string, ClaimSource>();
  const ephemeral = new Map<string, ClaimSource>();
  const generated: Array<{ key: string; namespace: string; prefix: string; suffix: string }> = [];
  for (const e of index.claimSources) {
    try {
      const kind = e.unread ? asString(get(e.manifest, 'kind')) : e.kind;
      if (kind === 'PersistentVolumeClaim') {
        const { name, namespace, ref } = identity(e);
        if (!name) continue;
        const key = nsKey(namespace, name);
        if (!claims.has(key)) claims.set(key, { object: ref, fieldPrefix: '', body: e.manifest, namespace });
      } else if (kind === 'StatefulSet') {
        const { name: setName, namespace, ref } = identity(e);
        if (!setName) continue;
        asArray(get(e.manifest, 'spec', 'volumeClaimTemplates')).forEach((tpl, i) => {
          const tplName = asString(get(tpl, 'metadata', 'name'));
          if (!asRecord(tpl) || !tplName) return;
          const key = nsKey(namespace, `${tplName}-${setName}-`);
          if (templates.has(key)) return;
          templates.set(key, {
            object: ref,
            fieldPrefix: `spec.volumeClaimTemplates[${i}].`,
            body: tpl,
            namespace,
            template: { key: `${e.position}\u0000${i}`, name: tplName, setName },
          });
        });
      }
    } catch {
      // skipped: validate reports objects it cannot read
    }
  }
  // The claims the ephemeral volume controller makes, as the binding plan lists them.
  for (const c of ephemeralClaims(index, version)) {
    const key = nsKey(c.namespace, c.name);
    if (ephemeral.has(key)) continue;
    ephemeral.set(key, {
      object: c.object,
      fieldPrefix: c.fieldPrefix,
      body: c.template,
      namespace: c.namespace,
      ephemeral: {
        key: `${c.object}\u0000${c.fieldPrefix}`,
        volume: c.volume,
        pod: c.pod,
        count: c.pod === undefined ? (c.pods ?? 1) : 1,
      },
    });
    if (c.pod === undefined) {
      // `<workload>-*-<volume>`: the pods' claims are `<workload>-<generated>-<volume>`.
      generated.push({
        key,
        namespace: c.namespace,
        prefix: c.name.slice(0, c.name.length - c.volume.length - 2),
        suffix: `-${c.volume}`,
      });
    }
  }
  return {
    generated,
    find(namespace, name) {
      const own = claims.get(nsKey(namespace, name));
      if (own) return { source: own };
      const eph = ephemeral.get(nsKey(namespace, name));
      if (eph) return { source: eph };
      const m = /^(.*-)(\d+)$/.exec(name);
      if (!m) return undefined;
      const source = templates.get(nsKey(namespace, m[1]));
      return source ? { source, ordinal: m[2] } : undefined;
    },
  };
}

function identity(e: ManifestEntry): { name?: string; namespace: string; ref: string } {
  if (!e.unread) return { name: e.name, namespace: e.namespace, ref: e.ref };
  const metadata = get(e.manifest, 'metadata');
  return { name: objectName(metadata), namespace: metadataNamespace(metadata), ref: refOf(e.manifest) };
}

/** The beta annotation wins over spec.storageClassName (GetPersistentVolumeClaimClass). */
const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

function claimFacts(source: ClaimSource): ClaimRead | undefined {
  if (source.facts !== undefined) return source.facts ?? undefined;
  let facts: ClaimRead | null = null;
  try {
    const spec = get(source.body, 'spec');
    const requests = new Map<string, ParsedQuantity>();
    const raw = asRecord(get(spec, 'resources', 'requests'));
    if (raw) {
      for (const k of Object.keys(raw)) {
        const q = parseQuantity(raw[k]);
        if (q) requests.set(k, q);
      }
    }
    const storage = requests.get('storage');
    if (storage) {
      const annotations = asRecord(get(source.body, 'metadata', 'annotations'));
      const annotated =
        annotations && Object.prototype.hasOwnProperty.call(annotations, BETA_CLASS_ANNOTATION)
          ? asString(annotations[BETA_CLASS_ANNOTATION])
          : undefined;
      facts = {
        requests,
        storage,
        ownClass: annotated ?? asString(get(spec, 'storageClassName')),
        attributesClass: asString(get(spec, 'volumeAttributesClassName')) || undefined,
      };
    }
  } catch {
    facts = null;
  }
  source.facts = facts;
  return facts ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// LimitRanges and ResourceQuotas

interface LimitRangeInfo {
  readonly name: string;
  /** The items of type PersistentVolumeClaim. */
  readonly items: ReadonlyArray<{
    readonly min: ReadonlyArray<[string, ParsedQuantity]>;
    readonly max: ReadonlyArray<[string, ParsedQuantity]>;
  }>;
}

interface ScopeRequirement {
  readonly scopeName: string;
  readonly operator: string;
  readonly values: readonly string[];
}

interface QuotaInfo {
  readonly name: string;
  /** The hard limits on resources the PVC evaluator tracks. */
  readonly hard: ReadonlyMap<string, ParsedQuantity>;
  readonly scopes: readonly ScopeRequirement[];
  /** What the claims admitted so far use, in nano-units. */
  readonly used: Map<string, bigint>;
  /** Claims that exist before the apply were charged to it. */
  existing?: boolean;
}

function readPolicies(
  index: ManifestIndex,
  scopesMatchClaims: boolean,
): { limitRanges: Map<string, LimitRangeInfo[]>; quotas: Map<string, QuotaInfo[]> } {
  const limitRanges = new Map<string, LimitRangeInfo[]>();
  const quotas = new Map<string, QuotaInfo[]>();
  const seen = new Set<string>();
  for (const e of index.entries) {
    try {
      const kind = e.unread ? asString(get(e.manifest, 'kind')) : e.kind;
      if (kind !== 'LimitRange' && kind !== 'ResourceQuota') continue;
      const { name, namespace } = identity(e);
      if (!name) continue;
      // A second object of the same name is an update of the first (validate reports duplicates): the
      // first is read. Objects with only generateName are each created anew.
      if (!name.endsWith('*')) {
        const key = `${kind}\u0000${nsKey(namespace, name)}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      if (kind === 'LimitRange') {
        const lr = readLimitRange(e.manifest, name);
        if (lr) push(limitRanges, namespace, lr);
      } else {
        const q = readQuota(e.manifest, name, scopesMatchClaims);
        if (q) push(quotas, namespace, q);
      }
    } catch {
      // skipped: validate reports objects it cannot read
    }
  }
  // The API server lists them in no order it promises; name order keeps the plan deterministic.
  for (const list of limitRanges.values()) list.sort((a, b) => compare(a.name, b.name));
  for (const list of quotas.values()) list.sort((a, b) => compare(a.name, b.name));
  return { limitRanges, quotas };
}

const LIMIT_FIELDS = ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

/**
 * A LimitRange's PersistentVolumeClaim items, or undefined when the API server would reject the
 * object (ValidateLimitRange: a value that is no quantity or is negative, min above max, or a
 * PersistentVolumeClaim item with neither min nor max storage) or when it has no such item.
 */
function readLimitRange(m: unknown, name: string): LimitRangeInfo | undefined {
  const items: Array<LimitRangeInfo['items'][number]> = [];
  for (const raw of asArray(get(m, 'spec', 'limits'))) {
    const item = asRecord(raw);
    if (!item) return undefined;
    const lists: Partial<Record<(typeof LIMIT_FIELDS)[number], Map<string, ParsedQuantity>>> = {};
    for (const field of LIMIT_FIELDS) {
      const value = item[field];
      if (value === undefined || value === null) continue;
      const map = quantityMap(value);
      if (!map) return undefined;
      lists[field] = map;
    }
    const min = lists.min ?? new Map<string, ParsedQuantity>();
    const max = lists.max ?? new Map<string, ParsedQuantity>();
    for (const [k, lo] of min) {
      const hi = max.get(k);
      if (hi && lo.nanos > hi.nanos) return undefined;
    }
    if (item.type !== 'PersistentVolumeClaim') continue;
    if (!min.has('storage') && !max.has('storage')) return undefined;
    items.push({ min: [...min], max: [...max] });
  }
  return items.length > 0 ? { name, items } : undefined;
}

/** A map of non-negative quantities, or undefined if it is no map or a value does not parse. */
function quantityMap(value: unknown): Map<string, ParsedQuantity> | undefined {
  const r = asRecord(value);
  if (!r) return undefined;
  const out = new Map<string, ParsedQuantity>();
  for (const k of Object.keys(r)) {
    const q = parseQuantity(r[k]);
    if (!q || q.nanos < 0n) return undefined;
    out.set(k, q);
  }
  return out;
}

/** Quota resources whose values must be whole numbers (helper.IsIntegerResourceName's standard list). */
const INTEGER_RESOURCES = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

function isIntegerResource(name: string): boolean {
  if (INTEGER_RESOURCES.has(name)) return true;
  // Extended resource names (a domain other than *kubernetes.io, no `requests.` prefix) are whole
  // numbers too: count/..., <class>.storageclass.storage.k8s.io/....
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

/** What the PVC evaluator tracks (pvcEvaluator.MatchingResources). */
function isClaimResource(name: string): boolean {
  return (
    name === 'persistentvolumeclaims' ||
    name === 'count/persistentvolumeclaims' ||
    name === 'requests.storage' ||
    name.endsWith(STORAGE_CLASS_SUFFIX + 'persistentvolumeclaims') ||
    name.endsWith(STORAGE_CLASS_SUFFIX + 'requests.storage')
  );
}

/**
 * A ResourceQuota that can govern claims, or undefined: it tracks no claim resource, it carries
 * scopes no claim can match in this version, or the API server would reject it
 * (ValidateResourceQuotaSpec: a hard value that is no quantity, is negative, or is a fractional count).
 */
function readQuota(m: unknown, name: string, scopesMatchClaims: boolean): QuotaInfo | undefined {
  const spec = get(m, 'spec');
  const rawHard = get(spec, 'hard');
  if (rawHard === undefined || rawHard === null) return undefined;
  const all = quantityMap(rawHard);
  if (!all) return undefined;
  const hard = new Map<string, ParsedQuantity>();
  for (const [k, q] of all) {
    if (isIntegerResource(k) && q.nanos % NANOS !== 0n) return undefined;
    if (isClaimResource(k)) hard.set(k, q);
  }
  if (hard.size === 0) return undefined;

  // getScopeSelectorsFromQuota: each of spec.scopes is an Exists requirement, then the selector's.
  const scopes: ScopeRequirement[] = [];
  for (const s of asArray(get(spec, 'scopes'))) {
    scopes.push({ scopeName: asString(s) ?? '', operator: 'Exists', values: [] });
  }
  for (const r of asArray(get(spec, 'scopeSelector', 'matchExpressions'))) {
    scopes.push({
      scopeName: asString(get(r, 'scopeName')) ?? '',
      operator: asString(get(r, 'operator')) ?? '',
      values: asArray(get(r, 'values')).filter((v): v is string => typeof v === 'string'),
    });
  }
  // Before the VolumeAttributesClass scope, the PVC evaluator matches no scope (MatchesNoScopeFunc).
  if (scopes.length > 0 && !scopesMatchClaims) return undefined;
  // A scope other than VolumeAttributesClass never matches a claim: such a quota governs none.
  if (scopes.some((s) => s.scopeName !== 'VolumeAttributesClass')) return undefined;
  return { name, hard, scopes, used: new Map() };
}

/** pvcMatchesScopeFunc: the VolumeAttributesClass scope against the claim's class, as a label selector would. */
function scopeMatches(s: ScopeRequirement, facts: ClaimRead): boolean {
  const vac = facts.attributesClass;
  switch (s.operator) {
    case 'Exists':
      return vac !== undefined;
    case 'DoesNotExist':
      return vac === undefined;
    case 'In':
      return vac !== undefined && s.values.includes(vac);
    case 'NotIn':
      return vac === undefined || !s.values.includes(vac);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// LimitRanger

interface Violation {
  readonly resource: string;
  readonly text: string;
}

/** MaxMilliValue: the largest value whose milli-units fit an int64. */
const MAX_MILLI = ((1n << 63n) - 1n) / 1000n;

/** PersistentVolumeClaimValidateLimitFunc over one LimitRange. */
function limitViolations(lr: LimitRangeInfo, facts: ClaimRead): Violation[] {
  const out: Violation[] = [];
  for (const item of lr.items) {
    for (const [k, min] of item.min) {
      const req = facts.requests.get(k);
      if (!req) {
        out.push({
          resource: k,
          text: `requires at least ${min.text} of ${k} per PersistentVolumeClaim, and this claim requests no ${k}`,
        });
      } else if (compareEnforced(req, min) < 0) {
        out.push({
          resource: k,
          text:
            `requires at least ${min.text} of ${k} per PersistentVolumeClaim, and this claim asks for ${req.text}` +
            bytesNote(req, 'less', min),
        });
      }
    }
    for (const [k, max] of item.max) {
      const req = facts.requests.get(k);
      if (!req) {
        out.push({
          resource: k,
          text: `allows at most ${max.text} of ${k} per PersistentVolumeClaim, and this claim requests no ${k}`,
        });
      } else if (compareEnforced(req, max) > 0) {
        out.push({
          resource: k,
          text:
            `allows at most ${max.text} of ${k} per PersistentVolumeClaim, and this claim asks for ${req.text}` +
            bytesNote(req, 'more', max),
        });
      }
    }
  }
  return out;
}

/**
 * requestLimitEnforcedValues: both values as whole units rounded up (Quantity.Value), or as
 * milli-units rounded up (MilliValue) when both fit; then compared.
 */
function compareEnforced(request: ParsedQuantity, enforced: ParsedQuantity): number {
  let a = ceilDiv(request.nanos, NANOS);
  let b = ceilDiv(enforced.nanos, NANOS);
  if (a <= MAX_MILLI && b <= MAX_MILLI) {
    a = ceilDiv(request.nanos, 1_000_000n);
    b = ceilDiv(enforced.nanos, 1_000_000n);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d > 0n ? q + 1n : q;
}

/** ` (1G = 1,000,000,000 bytes, less than 1Gi = 1,073,741,824 bytes)` when the two use different units. */
function bytesNote(q: ParsedQuantity, relation: 'less' | 'more', limit: ParsedQuantity): string {
  if (family(q) === family(limit)) return '';
  return ` (${q.text} = ${bytes(q.nanos)} bytes, ${relation} than ${limit.text} = ${bytes(limit.nanos)} bytes)`;
}

// ---------------------------------------------------------------------------------------------
// ResourceQuota

interface Charge {
  readonly resource: string;
  readonly amount: bigint;
  readonly storage: boolean;
  readonly perClass: boolean;
}

/** pvcEvaluator.Usage for a new claim: storage rounded up to whole bytes (getStorageUsage). */
function usageOf(facts: ClaimRead, claimClass: string): Charge[] {
  const storage = ceilDiv(facts.storage.nanos, NANOS) * NANOS;
  const out: Charge[] = [{ resource: 'requests.storage', amount: storage, storage: true, perClass: false }];
  if (claimClass !== '') {
    out.push({
      resource: `${claimClass}${STORAGE_CLASS_SUFFIX}requests.storage`,
      amount: storage,
      storage: true,
      perClass: true,
    });
  }
  out.push({ resource: 'persistentvolumeclaims', amount: NANOS, storage: false, perClass: false });
  out.push({ resource: 'count/persistentvolumeclaims', amount: NANOS, storage: false, perClass: false });
  if (claimClass !== '') {
    out.push({
      resource: `${claimClass}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`,
      amount: NANOS,
      storage: false,
      perClass: true,
    });
  }
  return out;
}

function quotaText(
  namespace: string,
  q: QuotaInfo,
  charge: Charge,
  hard: ParsedQuantity,
  used: bigint,
  facts: ClaimRead,
  claimClass: string,
): string {
  const head = `ResourceQuota "${q.name}" in namespace "${namespace}" limits ${charge.resource} to ${hard.text}`;
  const classNote =
    charge.perClass && facts.ownClass === undefined
      ? ` (it sets no storageClassName, so admission gives it the default class "${claimClass}")`
      : '';
  const before = q.existing
    ? `the claims ${charge.perClass ? `of class "${claimClass}" ` : ''}that exist and those before it in the manifests`
    : `the claims ${charge.perClass ? `of class "${claimClass}" ` : ''}before it in the manifests`;
  const verdict = ': the API server rejects it (exceeded quota)';
  if (!charge.storage) {
    const count = used / NANOS;
    return used === 0n
      ? `${head}, and this claim${classNote} alone adds 1${verdict}`
      : `${head}; ${before} already count ${count} and this one${classNote} adds 1${verdict}`;
  }
  const request = facts.storage;
  const usedText = used === 0n ? undefined : formatStorage(used, family(hard));
  const mixed =
    family(request) !== family(hard) || (usedText !== undefined && usedText.family !== family(hard));
  const total = used + charge.amount;
  const note = mixed
    ? ` (${bytes(total)} bytes${used === 0n ? '' : ' in all'}, more than ${hard.text} = ${bytes(hard.nanos)} bytes)`
    : '';
  return usedText === undefined
    ? `${head}, and this claim${classNote} alone asks for ${request.text}${note}${verdict}`
    : `${head}; ${before} already use ${usedText.text} and this one${classNote} asks for ${request.text}${note}${verdict}`;
}

type Family = 'binary' | 'decimal';

function family(q: ParsedQuantity): Family {
  return q.format === 'BinarySI' ? 'binary' : 'decimal';
}

const BINARY_SUFFIXES: ReadonlyArray<[string, bigint]> = [
  ['Ei', 1n << 60n],
  ['Pi', 1n << 50n],
  ['Ti', 1n << 40n],
  ['Gi', 1n << 30n],
  ['Mi', 1n << 20n],
  ['Ki', 1n << 10n],
];
const DECIMAL_SUFFIXES: ReadonlyArray<[string, bigint]> = [
  ['E', 10n ** 18n],
  ['P', 10n ** 15n],
  ['T', 10n ** 12n],
  ['G', 10n ** 9n],
  ['M', 10n ** 6n],
  ['k', 10n ** 3n],
];

/**
 * A sum of whole bytes in the largest suffix that states it exactly: of the preferred family (the
 * limit's), else of the other, else as plain bytes. Never rounded.
 */
function formatStorage(nanos: bigint, prefer: Family): { text: string; family: Family } {
  const whole = nanos / NANOS;
  const order: Family[] = prefer === 'binary' ? ['binary', 'decimal'] : ['decimal', 'binary'];
  for (const f of order) {
    for (const [suffix, base] of f === 'binary' ? BINARY_SUFFIXES : DECIMAL_SUFFIXES) {
      if (whole >= base && whole % base === 0n) return { text: `${whole / base}${suffix}`, family: f };
    }
  }
  return { text: String(whole), family: 'decimal' };
}

/** Whole bytes with thousands separators (a fraction of a byte is rounded up: quota storage is whole bytes). */
function bytes(nanos: bigint): string {
  return ceilDiv(nanos, NANOS)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
