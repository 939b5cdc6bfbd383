// The public API of cdk8s-volumes. Exports only: each module says what it holds.

// Volumes that live and die with a pod: emptyDir sharing, git clone, hostPath, configMap/secret/...
export * from './pod';

// Cluster storage: PersistentVolumes and their sources, claims, StorageClasses, workloads.
export * from './persistent';

// The storage plan: pure functions over plain manifests.
export { planStorage } from './plan/plan';
export {
  ClaimOutcome,
  ClaimPlan,
  Finding,
  PlanOptions,
  Severity,
  StoragePlan,
  SuppressedFinding,
} from './plan/types';
export { ChangeAction, ObjectChange } from './plan/change';
export { compareQuantities, parseQuantity, ParsedQuantity } from './plan/quantity';
export {
  LoadOptions,
  LoadResult,
  ManifestSource,
  SkippedInput,
  loadManifests,
  locateFindings,
  parseManifestsText,
  MAX_DOCUMENT_BYTES,
  MAX_FILE_BYTES,
} from './plan/load';
export { loadAtRevision } from './plan/load-git';
export { JsonExtras, renderJson, renderMarkdown, renderTable, TableOptions } from './plan/report';
export { renderSarif, SarifToolInfo } from './plan/sarif';
export { renderJunit } from './plan/junit';
export { IGNORE_ANNOTATION_PREFIX } from './plan/suppress';

// Kubernetes knowledge the plan judges by, and the rule catalogue.
export { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS, KubernetesVersion } from './k8s/versions';
export { RuleDeclaration, RuleGroup } from './rules/rule';
export { RULES, RuleEntry, RuleExample, RuleExamples, ruleById, ruleDocUrl } from './rules/catalogue';

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
