/**
 * Generic ephemeral volumes as the claims they become. For each pod with a volume
 * `ephemeral.volumeClaimTemplate`, the ephemeral volume controller (pkg/controller/volume/ephemeral
 * controller.go handleVolume) creates a PersistentVolumeClaim named `<pod name>-<volume name>`
 * (pkg/volume/util/ephemeral VolumeClaimName) in the pod's namespace, owned by the pod, with the
 * template's labels, annotations and spec; it is provisioned and bound like any claim and deleted
 * with the pod. An existing claim of that name that the pod does not control is never used
 * (VolumeIsForPod: "PVC <ns>/<name> was not created for pod <ns>/<pod> (pod is not owner)"): the
 * kubelet and the scheduler refuse the pod, which never starts.
 *
 * A Pod's claim names are known, and so are a StatefulSet's (its pods are `<set>-<ordinal>`); the
 * pods of other workloads get generated names, so their claims are listed once, as
 * `<workload>-*-<volume>`, standing for one claim per pod.
 */
import {
  asArray,
  asRecord,
  asString,
  get,
  ManifestEntry,
  ManifestIndex,
  namespaceOf,
  podTemplateOf,
  refOf,
  statefulSetStartOrdinal,
} from './_manifest';
import { KubernetesVersion } from '../k8s/versions';

/** One claim the ephemeral volume controller makes (or, for generated pod names, one per pod). */
export interface EphemeralClaim {
  readonly namespace: string;
  /** `<pod>-<volume>`, or `<workload>-*-<volume>` when the pods' names are generated. */
  readonly name: string;
  /** The pod volume's name. */
  readonly volume: string;
  /** The Pod or workload, as findings name it. */
  readonly object: string;
  /** Field path of the template inside `object`, ending in `.` (`spec.volumes[0].ephemeral.volumeClaimTemplate.`). */
  readonly fieldPrefix: string;
  /** The volumeClaimTemplate: its spec is the claim's. */
  readonly template: unknown;
  /** The pod's name when it is known (a Pod, a StatefulSet's replica); undefined for generated names. */
  readonly pod?: string;
  /**
   * For generated names, how many claims the entry stands for at least: one per pod the workload
   * keeps at once, spec.replicas (Deployment, ReplicaSet, ReplicationController), the Job's
   * parallelism capped by its completions (JobSpec: fewer pods run when fewer completions remain),
   * one for a DaemonSet (one per node it runs on: at least one node, as the plan assumes). A rolling
   * update's surge pods and a Job's finished pods (kept, with their claims, until deleted) add more.
   * Undefined for a known pod name (one claim).
   */
  readonly pods?: number;
}

/** Most replicas of a StatefulSet expanded, as for its volumeClaimTemplates (binding/model.ts MAX_REPLICAS). */
const MAX_REPLICAS = 100_000;

/** The claims the ephemeral volume controller makes for the pods of the manifests. Never throws. */
export function ephemeralClaims(index: ManifestIndex, version: KubernetesVersion): EphemeralClaim[] {
  const out: EphemeralClaim[] = [];
  for (const e of index.workloads) {
    try {
      readWorkload(e, version, out);
    } catch {
      // skipped: validate reports objects it cannot read
    }
  }
  return out;
}

function readWorkload(e: ManifestEntry, version: KubernetesVersion, out: EphemeralClaim[]): void {
  const m = e.manifest;
  const tpl = e.unread ? podTemplateOf(m) : e.template;
  if (!tpl) return;
  const kind = e.unread ? asString(get(m, 'kind')) : e.kind;
  const name = e.unread ? asString(get(m, 'metadata', 'name')) : e.name;
  if (!name) return;
  const namespace = e.unread ? namespaceOf(m) : e.namespace;
  const object = e.unread ? refOf(m) : e.ref;
  asArray(tpl.spec.volumes).forEach((v, i) => {
    const template = asRecord(get(v, 'ephemeral', 'volumeClaimTemplate'));
    const volume = asString(get(v, 'name'));
    if (!template || !volume) return;
    const fieldPrefix = `${tpl.path}.volumes[${i}].ephemeral.volumeClaimTemplate.`;
    const claim = { namespace, volume, object, fieldPrefix, template };
    if (kind === 'Pod') {
      out.push({ ...claim, name: `${name}-${volume}`, pod: name });
    } else if (kind === 'StatefulSet') {
      // Pods are `<set>-<ordinal>` (getPodName in pkg/controller/statefulset/stateful_set_utils.go).
      const replicas = tpl.replicas === undefined ? 1 : Math.max(0, Math.floor(tpl.replicas));
      const start = statefulSetStartOrdinal(m, version);
      for (let k = 0; k < Math.min(replicas, MAX_REPLICAS); k++) {
        const pod = `${name}-${start + k}`;
        out.push({ ...claim, name: `${pod}-${volume}`, pod });
      }
    } else if (tpl.replicas === undefined || tpl.replicas > 0) {
      out.push({ ...claim, name: `${name}-*-${volume}`, pods: generatedPods(m, kind, tpl.replicas) });
    }
  });
}

/** See {@link EphemeralClaim.pods}: at least one, as the entry is listed only when pods are expected. */
function generatedPods(m: unknown, kind: string | undefined, replicas: number | undefined): number {
  let n = replicas === undefined ? 1 : Math.floor(replicas);
  if (kind === 'Job' || kind === 'CronJob') {
    const spec = kind === 'Job' ? get(m, 'spec') : get(m, 'spec', 'jobTemplate', 'spec');
    const completions = get(spec, 'completions');
    if (typeof completions === 'number' && completions >= 1) n = Math.min(n, Math.floor(completions));
  }
  return Math.max(1, Math.min(n, MAX_REPLICAS));
}

/**
 * True when a claim names the pod as its controller (ownerReferences, controller: true): then it
 * may be the pod's, if the reference's uid is the pod's (metav1.IsControlledBy compares uids, which
 * the plan cannot see), so {@link ephemeralConflict} makes that a warning.
 */
export function controlledByPod(pvc: unknown, pod: string): boolean {
  return asArray(get(pvc, 'metadata', 'ownerReferences')).some(
    (r) => get(r, 'kind') === 'Pod' && get(r, 'name') === pod && get(r, 'controller') === true,
  );
}

/** The finding for a claim of the manifests that takes an ephemeral claim's name. */
export function ephemeralConflict(
  c: EphemeralClaim,
  pvc: unknown,
): { severity: 'error' | 'warning'; rule: string; object: string; field: string; message: string } {
  const pod = c.pod as string;
  const field = `${c.fieldPrefix.slice(0, -'.ephemeral.volumeClaimTemplate.'.length)}.name`;
  const claim = `PersistentVolumeClaim ${c.namespace}/${c.name}`;
  if (controlledByPod(pvc, pod)) {
    return {
      severity: 'warning',
      rule: 'ephemeral-claim-conflict',
      object: c.object,
      field,
      message:
        `ephemeral volume "${c.volume}" of pod ${pod} uses the claim ${c.name}, and the manifests define ${claim} ` +
        `with an ownerReference to Pod ${pod}: the pod uses it only if that ownerReference's uid is the pod's ` +
        `(VolumeIsForPod), which the plan cannot see; otherwise the pod never starts`,
    };
  }
  return {
    severity: 'error',
    rule: 'ephemeral-claim-conflict',
    object: c.object,
    field,
    message:
      `ephemeral volume "${c.volume}" of pod ${pod} needs a claim named ${c.name}, but the manifests define ${claim}, ` +
      `which the pod does not own: the ephemeral volume controller never uses it ("PVC ${c.namespace}/${c.name} was ` +
      `not created for pod ${c.namespace}/${pod} (pod is not owner)") and the pod never starts; rename the volume or the claim`,
  };
}

/** The note a generic ephemeral claim's plan ends with: whose claim it is, and when it goes. */
export function ephemeralNote(c: EphemeralClaim): string {
  const who = c.pod
    ? `pod ${c.pod}`
    : `each pod of ${c.object} (pods get generated names, so one entry stands for a claim named <pod name>-${c.volume} per pod)`;
  return ` It is the claim the ephemeral volume controller makes for volume "${c.volume}" of ${who}, and it is deleted with the pod.`;
}
