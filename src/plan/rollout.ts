/**
 * The rolling update of a Deployment that mounts a ReadWriteOncePod claim (rule
 * `claim-rwop-rollout`): one judgment, used by the plan (warnings.ts, which knows the claim's access
 * modes from the manifests) and by ClaimDeployment (which knows them from the claim it mounts), so
 * the construct refuses exactly what the plan flags.
 *
 * The scheduler admits one pod per ReadWriteOncePod claim (the VolumeRestrictions plugin). A
 * rolling update starts a new pod before an old one stops unless maxUnavailable, resolved against
 * the replicas, is at least 1 (deployment util ResolveFenceposts: a percentage rounds down for
 * maxUnavailable and up for maxSurge; both 0 becomes maxUnavailable 1). With maxUnavailable 0 the new
 * pod stays Pending while the old one holds the claim, and the rollout never completes (it fails at
 * progressDeadlineSeconds).
 */
import { describe, get } from './_manifest';

/** What the rule reports on one Deployment: an error when it will hang, a warning when that depends on the replica count. */
export interface RolloutVerdict {
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/**
 * The verdict for Deployment manifest `deployment`, which mounts ReadWriteOncePod claim
 * `claimName`; undefined when its rollouts can finish (Recreate, or maxUnavailable at least 1), or
 * when a value is one the API server refuses (validation and the schema report those).
 */
export function rwopRolloutVerdict(deployment: unknown, claimName: string): RolloutVerdict | undefined {
  const type = get(deployment, 'spec', 'strategy', 'type');
  if (type === 'Recreate') return undefined;
  if (type !== undefined && type !== null && type !== 'RollingUpdate') return undefined; // validation reports it
  const r = get(deployment, 'spec', 'replicas');
  // SetDefaults_Deployment: unset replicas is 1 when created; an autoscaler or `kubectl scale` may change it later.
  // Scaled to 0 no pod runs, so no rollout can hang (whatever maxSurge says); scaling up is a change
  // the manifests do not show.
  if (r === 0) return undefined;
  const replicasKnown = typeof r === 'number';
  const replicas = replicasKnown ? r : 1;
  const rawUnavailable = get(deployment, 'spec', 'strategy', 'rollingUpdate', 'maxUnavailable');
  const rawSurge = get(deployment, 'spec', 'strategy', 'rollingUpdate', 'maxSurge');
  const unavailable = scaled(rawUnavailable, replicas, false);
  const surge = scaled(rawSurge, replicas, true);
  if (unavailable === undefined || surge === undefined || unavailable > 0 || surge === 0) return undefined;
  // Only a percentage depends on the replica count; absolute numbers do not.
  const dependsOnReplicas =
    !replicasKnown && (typeof rawUnavailable !== 'number' || typeof rawSurge !== 'number');
  const setting =
    rawUnavailable === undefined || rawUnavailable === null ? '25% (the default)' : describe(rawUnavailable);
  const base =
    `mounts ReadWriteOncePod claim "${claimName}" with the RollingUpdate strategy and maxUnavailable ${setting}, ` +
    `which is ${unavailable} of ${replicas} replica${replicas === 1 ? '' : 's'}: a rollout starts the new pod before an old one stops, ` +
    'and the new pod cannot use the claim while the old one holds it, so every rollout after the first hangs; ' +
    'use strategy Recreate, or maxUnavailable 1';
  return dependsOnReplicas
    ? {
        severity: 'warning',
        message: `${base} (replicas is unset: judged for 1, as created; an autoscaler or kubectl scale may run more, which the plan cannot see)`,
      }
    : { severity: 'error', message: base };
}

/**
 * A maxUnavailable or maxSurge value resolved against the replicas as the Deployment controller
 * does (intstr GetScaledValueFromIntOrPercent: a percentage rounded down, or up for maxSurge);
 * unset is the default 25%; undefined for a value the API server refuses (validation reports it).
 */
function scaled(value: unknown, replicas: number, roundUp: boolean): number | undefined {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(
    value === undefined || value === null ? '25%' : typeof value === 'string' ? value : '',
  );
  if (!percent) return undefined;
  const exact = (replicas * Number(percent[1])) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
