/**
 * The storage-relevant Kubernetes feature gates, their state in each minor from 1.27 to 1.36, and
 * the manifest fields they gate with what the API server does to a field whose gate is off.
 *
 * The stages and defaults are Kubernetes' versioned feature specs: pkg/features/kube_features.go
 * `defaultVersionedKubernetesFeatureGates`, as generated into
 * test/compatibility_lifecycle/reference/versioned_feature_list.yaml (read at a 1.34 development
 * snapshot of kubernetes/kubernetes and at a 1.36 development snapshot, fork zongruxie4/kubernetes
 * commit 044f65c), the kubernetes/website feature-gate pages
 * (content/en/docs/reference/command-line-tools-reference/feature-gates/<Gate>.md, whose
 * `toVersion` is the last minor that has a removed gate), and the removal pull requests named per
 * gate. The field behaviour is the API server's `DropDisabled*` code named per field.
 *
 * A gate's state in a minor:
 * - `absent`: the gate does not exist yet (the feature does not either, unless the entry says so);
 * - `alpha`: exists, off by default; `beta-off` / `beta-on`: beta, off / on by default;
 * - `ga`: on (`locked` says whether a cluster can still turn it off);
 * - `deprecated`: a deprecated gate, with its default in `enabledByDefault`;
 * - `removed`: the gate is gone; `enabledByDefault` then says whether the behaviour it guarded is
 *   permanent (a graduated feature) or gone.
 */
import { KubernetesVersion } from './versions';

/** A feature gate's maturity in a span of minors. */
export type GateStage = 'alpha' | 'beta' | 'ga' | 'deprecated';

/** A gate's state in one minor (see the file comment). */
export type GateStateName = 'absent' | 'alpha' | 'beta-off' | 'beta-on' | 'ga' | 'deprecated' | 'removed';

/** One versioned spec of a gate: from minor `since`, this stage and default. */
export interface GateSpec {
  readonly since: string;
  readonly stage: GateStage;
  readonly enabledByDefault: boolean;
  /** Locked to its default: a cluster cannot change it. @default false */
  readonly locked?: boolean;
}

/** A storage-relevant feature gate and its history. */
export interface FeatureGateEntry {
  readonly name: string;
  /** The KEP that owns it, as `KEP-NNNN`, when it has one. */
  readonly kep?: string;
  /** Oldest first (only what matters from 1.27 on, plus the stage the gate had before). */
  readonly specs: readonly GateSpec[];
  /** The first minor without the gate. */
  readonly removedIn?: string;
  /** Whether the guarded behaviour is on before the gate existed (gitRepo was). @default false */
  readonly enabledBeforeGate?: boolean;
  /** What the gate changes for a manifest, in words ("none" when it only changes a controller). */
  readonly manifestEffect: string;
  readonly source: string;
  /** Facts the sources did not settle. */
  readonly unconfirmed?: string;
}

/** A gate's state in one minor, as {@link gateState} answers. */
export interface GateState {
  readonly state: GateStateName;
  /** Whether the guarded behaviour is on in a cluster that leaves the gate at its default. */
  readonly enabledByDefault: boolean;
  readonly locked: boolean;
  /** The first minor of the run of minors in this state (may predate 1.27). */
  readonly since: string;
  readonly source: string;
}

const FEATURE_LIST =
  'test/compatibility_lifecycle/reference/versioned_feature_list.yaml (kube_features.go defaultVersionedKubernetesFeatureGates)';
const WEBSITE = (gate: string) => `kubernetes/website feature-gates/${gate}.md`;

const alpha = (since: string): GateSpec => ({ since, stage: 'alpha', enabledByDefault: false });
const betaOff = (since: string): GateSpec => ({ since, stage: 'beta', enabledByDefault: false });
const betaOn = (since: string): GateSpec => ({ since, stage: 'beta', enabledByDefault: true });
const ga = (since: string, locked = true): GateSpec => ({
  since,
  stage: 'ga',
  enabledByDefault: true,
  locked,
});

/** Storage-relevant feature gates, alphabetical. */
export const FEATURE_GATES: readonly FeatureGateEntry[] = [
  {
    name: 'AnyVolumeDataSource',
    kep: 'KEP-1495',
    specs: [alpha('1.18'), betaOn('1.24'), ga('1.33')],
    manifestEffect: 'PersistentVolumeClaim spec.dataSourceRef (any populator object as a data source)',
    source: `${FEATURE_LIST}; keps/sig-storage/1495-volume-populators/kep.yaml`,
  },
  {
    name: 'ClusterTrustBundle',
    kep: 'KEP-3257',
    specs: [alpha('1.27'), betaOff('1.33')],
    manifestEffect:
      'the ClusterTrustBundle API (certificates.k8s.io) that clusterTrustBundle projections read; see api-availability.ts',
    source: `${FEATURE_LIST}; keps/sig-auth/3257-cluster-trust-bundles/kep.yaml`,
  },
  {
    name: 'ClusterTrustBundleProjection',
    kep: 'KEP-3257',
    specs: [alpha('1.29'), betaOff('1.33')],
    manifestEffect: 'pod spec.volumes[*].projected.sources[*].clusterTrustBundle',
    source: `${FEATURE_LIST}; keps/sig-auth/3257-cluster-trust-bundles/kep.yaml`,
  },
  {
    name: 'CrossNamespaceVolumeDataSource',
    kep: 'KEP-3294',
    specs: [alpha('1.26')],
    manifestEffect: 'PersistentVolumeClaim spec.dataSourceRef.namespace (restore from another namespace)',
    source: `${FEATURE_LIST} (still Alpha 1.26 in the 1.36 list)`,
  },
  {
    name: 'CSIMigrationPortworx',
    kep: 'KEP-2589',
    specs: [alpha('1.23'), betaOff('1.25'), betaOn('1.31'), ga('1.33')],
    removedIn: '1.36',
    manifestEffect:
      'portworxVolume sources and kubernetes.io/portworx-volume classes need the pxd.portworx.com CSI driver when on; see volume-plugins.ts',
    source: `${FEATURE_LIST}; ${WEBSITE('CSIMigrationPortworx')}; kubernetes#125016 (on by default 1.31), #129297 (GA 1.33), #135322 (gate and in-tree plugin removed in 1.36)`,
  },
  {
    name: 'CSIMigrationRBD',
    specs: [alpha('1.23'), { since: '1.28', stage: 'deprecated', enabledByDefault: false }],
    removedIn: '1.31',
    manifestEffect:
      'none by default: rbd volumes were never migrated to CSI unless a cluster enabled this alpha gate',
    source: `${WEBSITE('CSIMigrationRBD')} (alpha 1.23-1.27, deprecated 1.28-1.30, removed); kubernetes#124546`,
  },
  {
    name: 'CSINodeExpandSecret',
    kep: 'KEP-3107',
    specs: [alpha('1.25'), betaOn('1.27'), ga('1.29')],
    removedIn: '1.31',
    manifestEffect: 'PersistentVolume spec.csi.nodeExpandSecretRef',
    source: `${WEBSITE('CSINodeExpandSecret')} (beta 1.27-1.28, stable 1.29-1.30, removed: true); k8s.io/api core/v1 CSIPersistentVolumeSource.nodeExpandSecretRef +featureGate (v0.27.0, v0.28.0)`,
    unconfirmed: 'whether its GA spec was locked (the website page does not say)',
  },
  {
    name: 'GitRepoVolumeDriver',
    kep: 'KEP-5040',
    specs: [
      { since: '1.33', stage: 'deprecated', enabledByDefault: false },
      { since: '1.36', stage: 'deprecated', enabledByDefault: false, locked: true },
    ],
    enabledBeforeGate: true,
    manifestEffect:
      'pod spec.volumes[*].gitRepo: the kubelet refuses the volume when off; the API server accepts it in every minor',
    source: `${FEATURE_LIST} (GitRepoVolumeDriver Deprecated default false 1.33, lockToDefault 1.36; the list back-fills "GA 1.0" for the years before the gate existed); keps/sig-storage/5040-remove-gitrepo-driver README Timeline (gate added default false in 1.33, locked in 1.36, gate and driver removed in 1.39)`,
  },
  {
    name: 'HonorPVReclaimPolicy',
    kep: 'KEP-2644',
    specs: [alpha('1.23'), betaOn('1.31'), ga('1.33')],
    removedIn: '1.36',
    manifestEffect:
      'none: the PV controller and external-provisioner honour reclaimPolicy Delete even when the PV is deleted before its claim (finalizer)',
    source: `${FEATURE_LIST}; ${WEBSITE('HonorPVReclaimPolicy')}; kubernetes#135335 "[1.36] Remove feature gate HonorPVReclaimPolicy"`,
  },
  {
    name: 'ImageVolume',
    kep: 'KEP-4639',
    specs: [alpha('1.31'), betaOff('1.33'), betaOn('1.35'), ga('1.36')],
    manifestEffect: 'pod spec.volumes[*].image',
    source: `${FEATURE_LIST} (1.36 snapshot: Alpha 1.31, Beta false 1.33, Beta true 1.35, GA locked 1.36); kubernetes.io docs "Use an Image Volume With a Pod" (v1.35 beta, enabled by default); k8s.io/api drops the +featureGate=ImageVolume tag at v0.36.0`,
    unconfirmed:
      'keps/sig-node/4639-oci-volume-source/kep.yaml lists beta as v1.34; the feature list (beta, off by default, from 1.33) and the 1.33 release blog are followed here',
  },
  {
    name: 'InTreePluginPortworxUnregister',
    kep: 'KEP-2589',
    specs: [alpha('1.23')],
    removedIn: '1.36',
    manifestEffect: 'none by default (alpha): it unregisters the in-tree Portworx plugin',
    source: `${FEATURE_LIST}; kubernetes#135322 (removed in 1.36)`,
  },
  {
    name: 'MaxUnavailableStatefulSet',
    kep: 'KEP-961',
    specs: [alpha('1.24'), betaOn('1.35')],
    manifestEffect: 'StatefulSet spec.updateStrategy.rollingUpdate.maxUnavailable',
    source: `${FEATURE_LIST} (1.36 snapshot: Beta true 1.35); pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields`,
  },
  {
    name: 'MutablePVNodeAffinity',
    kep: 'KEP-5381',
    specs: [alpha('1.35')],
    manifestEffect: 'updates to PersistentVolume spec.nodeAffinity (immutable unless on)',
    source: `${FEATURE_LIST} (1.36 snapshot: Alpha 1.35); keps/sig-storage/5381-mutable-pv-affinity/kep.yaml`,
  },
  {
    name: 'PersistentVolumeLastPhaseTransitionTime',
    kep: 'KEP-3762',
    specs: [alpha('1.28'), betaOn('1.29'), ga('1.31')],
    removedIn: '1.33',
    manifestEffect: 'none a manifest sets: PersistentVolume status.lastPhaseTransitionTime',
    source: `${WEBSITE('PersistentVolumeLastPhaseTransitionTime')} (stable 1.31-1.32, removed: true); kubernetes#129295`,
  },
  {
    name: 'PodCertificateRequest',
    kep: 'KEP-4317',
    specs: [alpha('1.34'), betaOff('1.35')],
    manifestEffect:
      'pod spec.volumes[*].projected.sources[*].podCertificate, and the PodCertificateRequest API; see api-availability.ts',
    source: `${FEATURE_LIST} (1.36 snapshot: Alpha 1.34, Beta false 1.35); pkg/api/pod/util.go dropDisabledPodCertificateProjection (checks PodCertificateRequest; k8s.io/api tags the field +featureGate=PodCertificateProjection, a gate the feature list does not have)`,
  },
  {
    name: 'ReadWriteOncePod',
    kep: 'KEP-2485',
    specs: [alpha('1.22'), betaOn('1.27'), ga('1.29')],
    removedIn: '1.31',
    manifestEffect: 'the ReadWriteOncePod access mode of PersistentVolumes and claims',
    source: `${WEBSITE('ReadWriteOncePod')} (beta 1.27-1.28, stable 1.29-1.30, removed: true); keps/sig-storage/2485-read-write-once-pod-pv-access-mode/kep.yaml`,
    unconfirmed: 'whether its GA spec was locked (the website page does not say)',
  },
  {
    name: 'RecoverVolumeExpansionFailure',
    kep: 'KEP-1790',
    specs: [alpha('1.23'), betaOn('1.32'), ga('1.34')],
    manifestEffect:
      'updates that lower PersistentVolumeClaim spec.resources.requests.storage after a failed expansion',
    source: `${FEATURE_LIST} (1.36 snapshot); keps/sig-storage/1790-recover-resize-failure/kep.yaml`,
  },
  {
    // Not storage, but the constructs emit Services (a pod pattern's Service, a StatefulSet's
    // headless Service), and the plan judges their names by it.
    name: 'RelaxedServiceNameValidation',
    kep: 'KEP-5311',
    specs: [alpha('1.34'), betaOn('1.36')],
    manifestEffect:
      'Service metadata.name: a DNS-1123 label (may start with a digit) where on; a DNS-1035 label (must start with a letter: ValidateServiceName = NameIsDNS1035Label) where off',
    source:
      'kubernetes/enhancements#5311 (KEP-5311: alpha 1.34 via kubernetes#132339, beta 1.36 via kubernetes#135426 and #136389, GA targeted 1.37)',
    unconfirmed:
      "the 1.36 beta default is read from the KEP's tracking issue, not from the versioned feature list",
  },
  {
    name: 'RecursiveReadOnlyMounts',
    kep: 'KEP-3857',
    specs: [alpha('1.30'), betaOn('1.31'), ga('1.33')],
    manifestEffect: 'container volumeMounts[*].recursiveReadOnly',
    source: `${FEATURE_LIST} (1.36 snapshot); keps/sig-node/3857-rro-mounts/kep.yaml`,
  },
  {
    name: 'SELinuxChangePolicy',
    kep: 'KEP-1710',
    specs: [alpha('1.32'), betaOn('1.33'), ga('1.36')],
    manifestEffect: 'pod spec.securityContext.seLinuxChangePolicy',
    source: `${FEATURE_LIST} (1.36 snapshot: GA locked 1.36); keps/sig-storage/1710-selinux-relabeling/kep.yaml`,
  },
  {
    name: 'SELinuxMount',
    kep: 'KEP-1710',
    specs: [alpha('1.30'), betaOff('1.33')],
    manifestEffect:
      'pod spec.securityContext.seLinuxChangePolicy: MountOption (only Recursive is accepted while off) and mount-option relabelling of every volume',
    source: `${FEATURE_LIST} (1.36 snapshot: Beta false 1.33); pkg/api/pod/util.go useOnlyRecursiveSELinuxChangePolicy`,
  },
  {
    name: 'SELinuxMountReadWriteOncePod',
    kep: 'KEP-1710',
    specs: [alpha('1.25'), betaOff('1.27'), betaOn('1.28'), ga('1.36')],
    manifestEffect:
      'none a pod sets: mount-option SELinux relabelling of ReadWriteOncePod volumes (CSIDriver spec.seLinuxMount)',
    source: `${FEATURE_LIST} (1.36 snapshot: GA locked 1.36)`,
  },
  {
    name: 'StatefulSetAutoDeletePVC',
    kep: 'KEP-1847',
    specs: [alpha('1.23'), betaOn('1.27'), ga('1.32')],
    removedIn: '1.35',
    manifestEffect: 'StatefulSet spec.persistentVolumeClaimRetentionPolicy',
    source: `${FEATURE_LIST} (1.34 snapshot: GA locked 1.32; absent from the 1.36 list); kubernetes#133684 "Drop StatefulSetAutoDeletePVC after the feature GA-ed in 1.32" (merged 2025-08-25, the 1.35 cycle)`,
  },
  {
    name: 'StatefulSetStartOrdinal',
    kep: 'KEP-3335',
    specs: [alpha('1.26'), betaOn('1.27'), ga('1.31')],
    removedIn: '1.34',
    manifestEffect: 'StatefulSet spec.ordinals',
    source: `${WEBSITE('StatefulSetStartOrdinal')} (beta 1.27-1.30, stable 1.31); kubernetes#132119 "KEP-3335: drop StatefulSetStartOrdinal feature gate" (merged 2025-06-05, the 1.34 cycle; absent from the 1.34 list)`,
    unconfirmed: 'whether its GA spec was locked (the website page does not say)',
  },
  {
    name: 'StorageCapacityScoring',
    kep: 'KEP-4049',
    specs: [alpha('1.33')],
    manifestEffect:
      'none: scheduler scoring of nodes by free storage capacity (replaces VolumeCapacityPriority)',
    source: `${FEATURE_LIST} (1.36 snapshot: Alpha 1.33)`,
  },
  {
    name: 'VolumeAttributesClass',
    kep: 'KEP-3751',
    specs: [alpha('1.29'), betaOff('1.31'), ga('1.34', false), ga('1.36')],
    manifestEffect:
      'PersistentVolumeClaim and PersistentVolume spec.volumeAttributesClassName, and the VolumeAttributesClass API; see api-availability.ts',
    source: `${FEATURE_LIST} (1.36 snapshot: Alpha 1.29, Beta false 1.31, GA default true unlocked 1.34, locked 1.36); keps/sig-storage/3751-volume-attributes-class/kep.yaml`,
  },
  {
    name: 'VolumeCapacityPriority',
    kep: 'KEP-1845',
    specs: [alpha('1.21')],
    removedIn: '1.33',
    manifestEffect: 'none: scheduler scoring (renamed StorageCapacityScoring in 1.33)',
    source: `${WEBSITE('VolumeCapacityPriority')} (alpha 1.21-1.32, removed: true)`,
  },
];

/** What the API server does with a gated field while its gate is off. */
export type GateOffBehaviour =
  /** Silently cleared on create (and on update unless the stored object already used it). */
  | 'dropped'
  /** Validation rejects the object. */
  | 'rejected'
  /** Accepted; the kubelet or a controller refuses it. */
  | 'accepted'
  /** Create is unaffected; an update that changes the field is rejected. */
  | 'update-rejected';

/** A manifest field a feature gate decides. */
export interface GatedField {
  /** The kinds whose manifests carry the field. */
  readonly kinds: readonly string[];
  /**
   * The field as on the first kind. For pod fields this is the Pod path; in a workload it sits
   * under `spec.template.spec` (`spec.jobTemplate.spec.template.spec` in a CronJob).
   */
  readonly path: string;
  /** Set when the gate decides only some values of the field. */
  readonly value?: string;
  readonly gate: string;
  /** Another gate the field itself needs (it exists, and is kept, only where that one is on). */
  readonly requires?: string;
  readonly whenOff: GateOffBehaviour;
  /** What exactly happens, and what it does to the workload. */
  readonly detail: string;
  readonly source: string;
  /** What the sources read did not settle. */
  readonly unconfirmed?: string;
}

/** Pod and every kind with a pod template: the API server runs the same drop code for each. */
const POD_KINDS: readonly string[] = [
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
];
const POD_UTIL =
  'pkg/api/pod/util.go dropDisabledFields (called by DropDisabledPodFields and DropDisabledTemplateFields)';
const PVC_UTIL = 'pkg/api/persistentvolumeclaim/util.go DropDisabledFields';

/** The manifest fields the gates above decide. */
export const GATED_FIELDS: readonly GatedField[] = [
  {
    kinds: POD_KINDS,
    path: 'spec.volumes[*].image',
    gate: 'ImageVolume',
    whenOff: 'dropped',
    detail:
      'the whole image volume is removed, and so is every volumeMount of it in containers, init containers and ephemeral containers: the pod starts without the files',
    source: `${POD_UTIL} -> dropImageVolumes`,
  },
  {
    kinds: POD_KINDS,
    path: 'spec.containers[*].volumeMounts[*].recursiveReadOnly',
    gate: 'RecursiveReadOnlyMounts',
    whenOff: 'dropped',
    detail: 'cleared in containers, init containers and ephemeral containers: submounts stay writable',
    source: `${POD_UTIL} (RecursiveReadOnlyMounts branch, rroInUse)`,
  },
  {
    kinds: POD_KINDS,
    path: 'spec.volumes[*].projected.sources[*].clusterTrustBundle',
    gate: 'ClusterTrustBundleProjection',
    whenOff: 'dropped',
    unconfirmed:
      'whether validation then rejects the emptied projection source (if it was the only one) or accepts it',
    detail: 'the projection source is cleared: the bundle file is never written',
    source: `${POD_UTIL} -> dropDisabledClusterTrustBundleProjection`,
  },
  {
    kinds: POD_KINDS,
    path: 'spec.volumes[*].projected.sources[*].podCertificate',
    gate: 'PodCertificateRequest',
    whenOff: 'dropped',
    unconfirmed:
      'whether validation then rejects the emptied projection source (if it was the only one) or accepts it',
    detail: 'the projection source is cleared: no key or certificate is written',
    source: `${POD_UTIL} -> dropDisabledPodCertificateProjection`,
  },
  {
    kinds: POD_KINDS,
    path: 'spec.securityContext.seLinuxChangePolicy',
    gate: 'SELinuxChangePolicy',
    whenOff: 'dropped',
    detail: 'cleared: volumes are relabelled the default way',
    source: `${POD_UTIL} -> dropSELinuxChangePolicy`,
  },
  {
    kinds: POD_KINDS,
    path: 'spec.securityContext.seLinuxChangePolicy',
    value: 'MountOption',
    gate: 'SELinuxMount',
    requires: 'SELinuxChangePolicy',
    whenOff: 'rejected',
    detail:
      'while SELinuxMount is off only Recursive is a valid value (unless the stored object already had a policy)',
    source:
      'pkg/api/pod/util.go GetValidationOptionsFromPodSpecAndMeta -> useOnlyRecursiveSELinuxChangePolicy (AllowOnlyRecursiveSELinuxChangePolicy)',
  },
  {
    kinds: POD_KINDS,
    path: 'spec.volumes[*].gitRepo',
    gate: 'GitRepoVolumeDriver',
    whenOff: 'accepted',
    detail:
      'the API server accepts the pod (with the warning "deprecated in v1.11"); the kubelet refuses to set up the gitRepo volume, so the pod never starts',
    source:
      'keps/sig-storage/5040-remove-gitrepo-driver README (Proposal, Test Plan); pkg/api/pod/warnings.go',
  },
  {
    kinds: ['PersistentVolumeClaim'],
    path: 'spec.volumeAttributesClassName',
    gate: 'VolumeAttributesClass',
    whenOff: 'dropped',
    detail:
      'cleared on create (kept on update only if the stored claim had it): the volume gets the class defaults, not the attributes asked for. A StatefulSet volumeClaimTemplate or an ephemeral volume template loses it when its claim is created',
    source: PVC_UTIL,
  },
  {
    // The template is kept as written (DropDisabledPodFields does not read it); the claim made from
    // it is a PersistentVolumeClaim create, which DropDisabledFields clears.
    kinds: [...POD_KINDS],
    path: 'spec.volumes[*].ephemeral.volumeClaimTemplate.spec.volumeAttributesClassName',
    gate: 'VolumeAttributesClass',
    whenOff: 'accepted',
    detail:
      'the ephemeral volume controller creates the claim, and that create clears the field: the volume gets the class defaults, not the attributes asked for',
    source: `${PVC_UTIL}; pkg/controller/volume/ephemeral (the claim is created from the template)`,
  },
  {
    kinds: ['StatefulSet'],
    path: 'spec.volumeClaimTemplates[*].spec.volumeAttributesClassName',
    gate: 'VolumeAttributesClass',
    whenOff: 'accepted',
    detail:
      'the StatefulSet controller creates each claim, and that create clears the field: the volumes get the class defaults, not the attributes asked for',
    source: `${PVC_UTIL}; the StatefulSet controller creates the claims from the templates`,
  },
  {
    kinds: ['PersistentVolume'],
    path: 'spec.volumeAttributesClassName',
    gate: 'VolumeAttributesClass',
    whenOff: 'dropped',
    detail: 'cleared on create (kept on update only if the stored volume had it)',
    source: 'pkg/api/persistentvolume/util.go DropDisabledSpecFields',
  },
  {
    kinds: ['PersistentVolumeClaim'],
    path: 'spec.dataSourceRef',
    gate: 'AnyVolumeDataSource',
    whenOff: 'dropped',
    detail:
      'cleared (then EnforceDataSourceBackwardsCompatibility keeps dataSource only for a PVC or VolumeSnapshot)',
    source: `${PVC_UTIL}; EnforceDataSourceBackwardsCompatibility`,
  },
  {
    kinds: ['PersistentVolumeClaim'],
    path: 'spec.dataSourceRef.namespace',
    gate: 'CrossNamespaceVolumeDataSource',
    whenOff: 'dropped',
    detail:
      'the whole dataSourceRef is cleared when it names a namespace: the claim is provisioned as an empty volume, not restored from the snapshot or cloned',
    source: PVC_UTIL,
  },
  {
    kinds: ['StatefulSet'],
    path: 'spec.persistentVolumeClaimRetentionPolicy',
    gate: 'StatefulSetAutoDeletePVC',
    whenOff: 'dropped',
    unconfirmed:
      'the branch was read only after its removal (the 1.35+ function keeps the maxUnavailable branch alone); its form is the DropDisabled pattern, not read for 1.27-1.34',
    detail: 'cleared: claims are retained whatever the policy said',
    source:
      'pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields (StatefulSetAutoDeletePVC branch, until the gate was removed in 1.35)',
  },
  {
    kinds: ['StatefulSet'],
    path: 'spec.ordinals',
    gate: 'StatefulSetStartOrdinal',
    whenOff: 'dropped',
    unconfirmed:
      'as for persistentVolumeClaimRetentionPolicy: the branch itself was not read (kubernetes#116027 made validation check ordinals regardless of the gate)',
    detail: 'cleared: ordinals start at 0, so pods and their claims get other names',
    source:
      'pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields (StatefulSetStartOrdinal branch, until the gate was removed in 1.34)',
  },
  {
    kinds: ['StatefulSet'],
    path: 'spec.updateStrategy.rollingUpdate.maxUnavailable',
    gate: 'MaxUnavailableStatefulSet',
    whenOff: 'dropped',
    detail: 'cleared: the rolling update replaces one pod at a time',
    source: 'pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields (maxUnavailableInUse)',
  },
  {
    kinds: ['PersistentVolume', 'PersistentVolumeClaim'],
    path: 'spec.accessModes[*]',
    value: 'ReadWriteOncePod',
    gate: 'ReadWriteOncePod',
    whenOff: 'rejected',
    unconfirmed:
      'the 1.27-1.28 validation code was not read; it matters only where a cluster turned the beta gate off',
    detail: 'validation lists ReadWriteOncePod as an unsupported value while the gate is off',
    source:
      'pkg/apis/core/validation (PersistentVolume / PersistentVolumeClaim access-mode validation with EnableReadWriteOncePod); KEP-2485',
  },
  {
    kinds: ['PersistentVolume'],
    path: 'spec.csi.nodeExpandSecretRef',
    gate: 'CSINodeExpandSecret',
    whenOff: 'dropped',
    unconfirmed:
      'the 1.27-1.30 DropDisabledSpecFields body was not read (the version read has only the VolumeAttributesClass branch)',
    detail: 'cleared: NodeExpandVolume gets no secret',
    source:
      'pkg/api/persistentvolume/util.go DropDisabledSpecFields (CSINodeExpandSecret branch, 1.25-1.30); k8s.io/api CSIPersistentVolumeSource.nodeExpandSecretRef +featureGate=CSINodeExpandSecret',
  },
  {
    kinds: ['PersistentVolume'],
    path: 'spec.nodeAffinity',
    gate: 'MutablePVNodeAffinity',
    whenOff: 'update-rejected',
    unconfirmed: 'taken from the KEP, not from the validation code',
    detail: 'the node affinity of an existing volume is immutable; the gate lets an update change it',
    source:
      'keps/sig-storage/5381-mutable-pv-affinity (README); pkg/apis/core/validation ValidatePersistentVolumeUpdate',
  },
  {
    kinds: ['PersistentVolumeClaim'],
    path: 'spec.resources.requests.storage',
    gate: 'RecoverVolumeExpansionFailure',
    whenOff: 'update-rejected',
    unconfirmed: 'taken from the KEP, not from the validation code',
    detail:
      'off: a request may never shrink. On: after a failed expansion a bound claim may lower its request, but not to or below status.capacity',
    source:
      'keps/sig-storage/1790-recover-resize-failure (README); pkg/apis/core/validation ValidatePersistentVolumeClaimUpdate',
  },
];

function specIndexFor(entry: FeatureGateEntry, minor: number): number {
  let index = -1;
  entry.specs.forEach((spec, i) => {
    if (minorNumber(spec.since) <= minor) index = i;
  });
  return index;
}

function minorNumber(v: string): number {
  return Number(v.split('.')[1]);
}

function stateName(spec: GateSpec): GateStateName {
  if (spec.stage === 'beta') return spec.enabledByDefault ? 'beta-on' : 'beta-off';
  return spec.stage;
}

/** The gate `name`'s entry, or undefined for a gate this table does not cover. */
export function featureGate(name: string): FeatureGateEntry | undefined {
  return FEATURE_GATES.find((g) => g.name === name);
}

/** The state of gate `name` in `version`, or undefined for a gate this table does not cover. */
export function gateState(name: string, version: KubernetesVersion): GateState | undefined {
  const entry = featureGate(name);
  if (!entry) return undefined;
  const minor = minorNumber(version);
  if (entry.removedIn !== undefined && minorNumber(entry.removedIn) <= minor) {
    const last = entry.specs[entry.specs.length - 1];
    return {
      state: 'removed',
      enabledByDefault: last.enabledByDefault,
      locked: true,
      since: entry.removedIn,
      source: entry.source,
    };
  }
  const index = specIndexFor(entry, minor);
  if (index < 0) {
    return {
      state: 'absent',
      enabledByDefault: entry.enabledBeforeGate ?? false,
      locked: false,
      since: '1.27',
      source: entry.source,
    };
  }
  const spec = entry.specs[index];
  let first = index;
  while (first > 0 && stateName(entry.specs[first - 1]) === stateName(spec)) first--;
  return {
    state: stateName(spec),
    enabledByDefault: spec.enabledByDefault,
    locked: spec.locked ?? false,
    since: entry.specs[first].since,
    source: entry.source,
  };
}

/** Whether the behaviour gate `name` guards is on in a default cluster of `version`. */
export function gateEnabledByDefault(name: string, version: KubernetesVersion): boolean | undefined {
  return gateState(name, version)?.enabledByDefault;
}

/** The manifest fields the gates decide; with `gate`, only that gate's. */
export function gatedFields(gate?: string): readonly GatedField[] {
  return gate === undefined ? GATED_FIELDS : GATED_FIELDS.filter((f) => f.gate === gate);
}
