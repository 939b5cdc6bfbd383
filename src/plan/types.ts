/**
 * The storage plan's public data: what `planStorage` returns. Plain data, so the same
 * result serves the constructs (at synth), the cdk8s validation plugin and the CLI.
 */

/** Options for {@link planStorage}. */
export interface PlanOptions {
  /**
   * The name of the cluster's default StorageClass, when it is not among the manifests.
   * A StorageClass in the manifests annotated `storageclass.kubernetes.io/is-default-class: "true"`
   * is the default without this.
   * @default - the annotated class in the manifests, else no default class
   */
  readonly defaultStorageClass?: string;
}

/** What the plan predicts for a claim. */
export type ClaimOutcome = 'bound' | 'provisioned' | 'waiting' | 'pending';

/** The predicted fate of one PersistentVolumeClaim (or StatefulSet claim template). */
export interface ClaimPlan {
  readonly namespace: string;
  readonly name: string;
  readonly outcome: ClaimOutcome;
  /** The PersistentVolume it binds to (outcome `bound`). */
  readonly volume?: string;
  /** The StorageClass that provisions it or that it waits for. */
  readonly storageClass?: string;
  /** In plain words: why this outcome; for `pending`, which volumes came closest and what failed. */
  readonly reason: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** One thing the plan found. */
export interface Finding {
  readonly severity: Severity;
  /** A stable rule id, e.g. `quantity-format`, `claim-pending`, `hostpath-sensitive`. */
  readonly rule: string;
  /** `Kind/name` for cluster-scoped objects, `Kind/namespace/name` for namespaced ones. */
  readonly object: string;
  /** The field path, e.g. `spec.capacity.storage` or `spec.template.spec.volumes[0].hostPath.path`. */
  readonly field?: string;
  readonly message: string;
}

/** The whole plan. */
export interface StoragePlan {
  readonly claims: ClaimPlan[];
  readonly findings: Finding[];
}
