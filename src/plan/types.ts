/**
 * The storage plan's public data: what `planStorage` returns. Plain data, so the same
 * result serves the constructs (at synth), the cdk8s validation plugin and the CLI.
 */

/** Options for {@link planStorage}. */
export interface PlanOptions {
  /**
   * The name of the cluster's default StorageClass, when it is not among the manifests, or `""`
   * to say the cluster has none. A StorageClass in the manifests annotated
   * `storageclass.kubernetes.io/is-default-class: "true"` is the default without this.
   * @default - the annotated class in the manifests, else unknown: a claim whose fate depends on
   * the cluster's default class gets a warning that names this option
   */
  readonly defaultStorageClass?: string;
  /**
   * The Kubernetes minor the manifests are judged for, `1.27` to `1.36`: its schema, the API
   * versions it serves, the volume sources and provisioners it has, and its feature gates.
   * @default DEFAULT_KUBERNETES_VERSION
   */
  readonly kubernetesVersion?: string;
  /**
   * Rule ids silenced everywhere (docs/rules.md lists them). Their findings move to the plan's
   * `suppressed` list; an id that is no rule is an error finding (`option-invalid`).
   * @default - none
   */
  readonly disableRules?: string[];
  /**
   * The manifests applied before (the previous commit of `dist/`, say): the plan then also judges
   * the update from them to these manifests as an apply (and a pruning GitOps tool) performs it,
   * and lists what happens to each object in the plan's `changes`.
   * @default - no previous manifests: everything is created
   */
  readonly previous?: unknown[];
  /**
   * What exists in the cluster: StorageClasses, PersistentVolumes and PersistentVolumeClaims as the
   * API returns them, status included (`kubectl get storageclass,pv,pvc -A -o yaml`; a `List`'s
   * items are read). They are not judged or applied, but the plan binds against them and honours
   * their status: their classes are known (a class of the manifests of the same name wins), the
   * class annotated default is the default when neither the manifests nor `defaultStorageClass`
   * name one (and with StorageClasses given, none annotated means the cluster has none), an
   * Available volume binds like one of the manifests, a Bound one is taken, a Released one keeps
   * its deleted claim, and a claim of the manifests that exists Bound keeps its volume.
   * @default - none: the plan sees only the manifests
   */
  readonly cluster?: unknown[];
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
  /**
   * The file the object was read from, relative to the working folder (manifests read by the loader).
   * @default - none: the object was not read from a file
   */
  readonly file?: string;
  /**
   * The 1-based line in `file` where the object's document starts.
   * @default - none
   */
  readonly line?: number;
}

/** A finding silenced on purpose: by an annotation on its object, or by the `disableRules` option. */
export interface SuppressedFinding {
  /** The finding as the plan made it. */
  readonly finding: Finding;
  /** `annotation` (`ignore-check.cdk8s-volumes.io/<rule>` on the object) or `option` (`disableRules`). */
  readonly by: string;
  /** The annotation's value: why it is silenced. */
  readonly reason: string;
}

/** The whole plan. */
export interface StoragePlan {
  /** One entry per claim, and per replica of each StatefulSet claim template, in a stable order. */
  readonly claims: ClaimPlan[];
  /** Everything found: errors first, then warnings, then info; each sorted by object, rule and field. */
  readonly findings: Finding[];
  /**
   * Findings silenced on purpose, in the same order; counted in every summary, never dropped.
   * @default - none
   */
  readonly suppressed?: SuppressedFinding[];
  /**
   * With `previous` in the options: what an apply of these manifests does to each object
   * (created, updated with the changed fields, deleted, unchanged) and to its data.
   * @default - none (no previous manifests)
   */
  readonly changes?: ObjectChange[];
}

/** What an apply does to one object: `create`, `update`, `delete` or `unchanged`. */
export type ChangeAction = 'create' | 'update' | 'delete' | 'unchanged';

/** One object of the change from the previous manifests to the next. */
export interface ObjectChange {
  /** `Kind/name` for cluster-scoped objects, `Kind/namespace/name` for namespaced ones (as findings name them). */
  readonly object: string;
  /** The apiVersion of the next manifest (of the previous one for a deletion). */
  readonly apiVersion: string;
  /**
   * `create` (only in the next manifests), `update` (in both, with changed fields), `delete` (only
   * in the previous manifests: a pruning GitOps tool deletes it) or `unchanged` (in both, no field
   * changed; also a deletion the object's prune protection stops).
   */
  readonly action: ChangeAction;
  /**
   * The changed field paths of an update, e.g. `spec.resources.requests.storage`: at most 20, then
   * one entry `and N more`.
   * @default - none (not an update)
   */
  readonly fields?: string[];
  /**
   * What the change means for data, in words, e.g. "the volume pv-3 and its data are deleted
   * (PersistentVolume pv-3 reclaimPolicy Delete)", or "kept: prune protection".
   * @default - nothing to say about data
   */
  readonly data?: string;
}
