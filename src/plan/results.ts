/**
 * The storage plan's results as the public API names them: the same objects the plan builds
 * (./types.ts), with the closed sets of wire strings typed as enums. jsii erases a string-literal
 * union to `string` in Python, Java, Go and .NET; an enum gives those languages completion and
 * exhaustiveness. Each enum member's value is the wire string itself, so the plan's objects are
 * these types at run time unchanged, and every JSON report stays byte for byte what it was.
 *
 * The plan's own code keeps the string-literal types of ./types.ts (an enum value is assignable
 * to its literal, not the reverse); the one place a plan crosses from those types to these is a
 * cast in ./api.ts, which test/plan/api.test.ts pins down by comparing the wire values.
 */

import type { SkippedInput, ManifestSource } from './load';

/**
 * How bad a finding is.
 */
export enum Severity {
  /** The API server rejects it, or a claim stays Pending. */
  ERROR = 'error',
  /** It works, but risks data, the node, or a deprecation. */
  WARNING = 'warning',
  /** For information, e.g. Pod Security levels. */
  INFO = 'info',
}

/** What the plan predicts for a claim. */
export enum ClaimOutcome {
  /** Bound to a PersistentVolume of the manifests (or of the cluster). */
  BOUND = 'bound',
  /** Provisioned by its StorageClass. */
  PROVISIONED = 'provisioned',
  /** Waiting for a pod that uses it (a WaitForFirstConsumer class). */
  WAITING = 'waiting',
  /** Pending for ever: nothing binds or provisions it. */
  PENDING = 'pending',
}

/** What an apply does to one object. */
export enum ChangeAction {
  /** Only in the next manifests: it is created. */
  CREATE = 'create',
  /** In both, with changed fields. */
  UPDATE = 'update',
  /** Only in the previous manifests: a pruning GitOps tool deletes it. */
  DELETE = 'delete',
  /** In both, no field changed; also a deletion that the object's prune protection stops. */
  UNCHANGED = 'unchanged',
}

/** The API server's format of a quantity, from its suffix (apimachinery `resource.Format`). */
export enum QuantityFormat {
  /** A binary-SI suffix: `Ki`, `Mi`, `Gi`, `Ti`, `Pi`, `Ei`. */
  BINARY_SI = 'BinarySI',
  /** A decimal-SI suffix (`n` .. `E`) or none. */
  DECIMAL_SI = 'DecimalSI',
  /** An exponent: `e3`, `E-2`. */
  DECIMAL_EXPONENT = 'DecimalExponent',
}

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

/** One object of the change from the previous manifests to the next. */
export interface ObjectChange {
  /** `Kind/name` for cluster-scoped objects, `Kind/namespace/name` for namespaced ones (as findings name them). */
  readonly object: string;
  /** The apiVersion of the next manifest (of the previous one for a deletion). */
  readonly apiVersion: string;
  /** What the apply does to it. */
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

/** Manifests read from text or files, where each came from, what could not be read, and what was skipped. */
export interface LoadResult {
  /** The Kubernetes objects, in file order then document order; `List` kinds are expanded. */
  readonly manifests: any[];
  /** Where each manifest came from: `sources[i]` is the source of `manifests[i]` (a List's items share the List's). */
  readonly sources: ManifestSource[];
  /** One finding per file or document that could not be read, per duplicate key, per limit passed. */
  readonly findings: Finding[];
  /** The documents and files that are not API objects (none with `strict`: they are error findings). */
  readonly skipped: SkippedInput[];
}

/** What the JSON report says besides the plan: the version judged for, and the inputs skipped. */
export interface JsonExtras {
  /**
   * The Kubernetes minor the plan judged for.
   * @default - no `kubernetesVersion` in the summary
   */
  readonly kubernetesVersion?: string;
  /**
   * Inputs that are not API objects, skipped by the loader.
   * @default - none: no `skipped` count or list
   */
  readonly skipped?: SkippedInput[];
}

/** A quantity as the API server reads it, in shapes every language has (no 64-bit or big integers). */
export interface QuantityValue {
  /** The quantity as written. */
  readonly text: string;
  /** The API server's format, from the suffix. */
  readonly format: QuantityFormat;
  /**
   * The exact value in units of 10^-9, rounded away from zero as the API server rounds, as a
   * decimal integer string (`1Gi` is `"1073741824000000000"`): too large for a double, exact here.
   */
  readonly nanos: string;
  /**
   * The exact value in bytes (or whole units), with a fraction when there is one: `1Gi` is
   * `"1073741824"`, `1500m` is `"1.5"`, `1n` is `"0.000000001"`.
   */
  readonly value: string;
}

/** What the SARIF report says about the tool; the rules' help links are the rule catalogue's. */
export interface SarifOptions {
  /**
   * The tool version written as `tool.driver.version`.
   * @default - this package's version
   */
  readonly version?: string;
  /**
   * The tool's home page, `tool.driver.informationUri`.
   * @default - the repository's home page
   */
  readonly informationUri?: string;
}

/** The manifests of a git revision (`loadAtRevision`), and the paths given that do not exist there. */
export interface RevisionManifests {
  /** The objects read, in the order a directory walk of the same paths reads them. */
  readonly manifests: unknown[];
  /** What could not be read, as `manifest-unreadable` findings named `REV:path`. */
  readonly findings: Finding[];
  /**
   * The paths, as given, that do not exist at the revision.
   * @default - none: every path exists there
   */
  readonly missing?: string[];
}

/**
 * No previous version can be read (not in a git repository, or the revision is not in it: a shallow
 * CI checkout, a branch not fetched, a first commit).
 */
export interface RevisionUnavailable {
  /** Why, in words, naming the option and the revision. */
  readonly unavailable: string;
}
