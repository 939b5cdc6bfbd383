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
  /** The claim's namespace (`default` when the manifest names none). */
  readonly namespace: string;
  /** The claim's name (`<template>-<set>-<ordinal>` for the claims of a StatefulSet's templates). */
  readonly name: string;
  /**
   * `bound` to a volume of the manifests, `provisioned` by a class, `waiting` for a pod
   * (WaitForFirstConsumer), or `pending` for ever.
   */
  readonly outcome: ClaimOutcome;
  /**
   * The PersistentVolume it binds to (outcome `bound`), or the static volume the scheduler would
   * bind once a pod using it is scheduled (outcome `waiting`, a WaitForFirstConsumer class).
   * @default - none (no volume of the manifests is chosen)
   */
  readonly volume?: string;
  /**
   * The StorageClass that provisions it or that it waits for.
   * @default - none (a class-less claim, or no class found)
   */
  readonly storageClass?: string;
  /** In plain words: why this outcome; for `pending`, which volumes came closest and what failed. */
  readonly reason: string;
}

/**
 * How bad a finding is: `error` (the API server rejects it, or a claim stays Pending),
 * `warning` (works, but risks data, the node, or a deprecation), `info` (e.g. Pod Security levels).
 */
export type Severity = 'error' | 'warning' | 'info';

/** One thing the plan found. */
export interface Finding {
  /** How bad it is. */
  readonly severity: Severity;
  /** A stable rule id, e.g. `quantity-format`, `claim-pending`, `hostpath-sensitive`. */
  readonly rule: string;
  /** `Kind/name` for cluster-scoped objects, `Kind/namespace/name` for namespaced ones. */
  readonly object: string;
  /**
   * The field path, e.g. `spec.capacity.storage` or `spec.template.spec.volumes[0].hostPath.path`.
   * @default - none: the finding is about the whole object
   */
  readonly field?: string;
  /** What is wrong and why, in plain words, with the values involved. */
  readonly message: string;
}

/** The whole plan. */
export interface StoragePlan {
  /** One entry per claim, and per replica of each StatefulSet claim template, in a stable order. */
  readonly claims: ClaimPlan[];
  /** Everything found: errors first, then warnings, then info; each sorted by object, rule and field. */
  readonly findings: Finding[];
}
