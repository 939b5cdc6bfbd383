// The public API of cdk8s-volumes. Exports only: each module says what it holds.

// Volumes that live and die with a pod: emptyDir sharing, git clone, hostPath, configMap/secret/...
export * from './pod';

// Cluster storage: PersistentVolumes and their sources, claims, StorageClasses, workloads.
export * from './persistent';

// The storage plan: pure functions over plain manifests.
export { planStorage } from './plan/plan';
export { ClaimOutcome, ClaimPlan, Finding, PlanOptions, Severity, StoragePlan } from './plan/types';
export { compareQuantities, parseQuantity, ParsedQuantity } from './plan/quantity';
export { LoadOptions, LoadResult, loadManifests, parseManifestsText } from './plan/load';
export { renderJson, renderMarkdown, renderTable } from './plan/report';

// The plan wired into cdk8s: at synth, and as a cdk8s-cli validation plugin.
export { FailOn, StorageChecks, StorageChecksOptions, formatFinding } from './storage-checks';
export {
  IStorageValidationContext,
  IStorageValidationReport,
  StorageValidation,
  StorageValidationFailOn,
  StorageValidationProps,
  StorageViolatingResource,
  StorageViolation,
} from './validation-plugin';
