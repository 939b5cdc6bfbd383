/**
 * Which apiVersion/kind pairs the plan cares about each Kubernetes minor (1.27 to 1.36) serves by
 * default. A minor can compile an API in and still not serve it: alpha API versions are always off
 * by default, and so is every beta API version introduced after 1.24 (KEP-3136, "Beta APIs Off by
 * Default"): kube-apiserver lists them in `alphaAPIGroupVersionsDisabledByDefault` /
 * `betaAPIGroupVersionsDisabledByDefault` (pkg/controlplane/instance.go, later
 * pkg/controlplane/apiserver/options), and a cluster serves them only with
 * `--runtime-config=<group>/<version>=true` (and, usually, the feature gate).
 *
 * The vendored schemas (`schemas/k8s-X.Y.json`) list what a minor compiles in, served or not; this
 * table adds whether it is served by default. Snapshot and group-snapshot kinds are CRDs: a cluster
 * serves them only where the CSI snapshot CRDs are installed, whatever its minor.
 */
import { KubernetesVersion } from './versions';

/**
 * - `served`: served by a default kube-apiserver;
 * - `off-by-default`: compiled in, served only when enabled with --runtime-config;
 * - `absent`: not in that minor at all (never added, or removed);
 * - `crd`: a CustomResourceDefinition's served version: served where those CRDs are installed;
 * - `crd-not-served`: a version the current CRDs no longer serve.
 */
export type ApiAvailabilityName = 'served' | 'off-by-default' | 'absent' | 'crd' | 'crd-not-served';

/** From minor `since`, the apiVersion serves the kinds this way. */
export interface ApiAvailabilitySpan {
  /**
   * The minor this availability began (may predate 1.27); `1.27` for an API served in every
   * covered minor whose earlier history this table does not record.
   */
  readonly since: string;
  readonly availability: ApiAvailabilityName;
  readonly note?: string;
}

/** An apiVersion and the kinds of it this table covers. */
export interface ApiEntry {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** Oldest first; before the first span the kinds are `absent`. */
  readonly history: readonly ApiAvailabilitySpan[];
  readonly source: string;
}

/** An apiVersion/kind's availability in one minor, as {@link apiAvailability} answers. */
export interface ApiAvailability {
  readonly availability: ApiAvailabilityName;
  /** The first minor of the run of minors with this availability (may predate 1.27). */
  readonly since: string;
  readonly note?: string;
  readonly source: string;
}

const SCHEMA = 'the vendored OpenAPI schemas (../shared/k8s-schema/vX.Y.0, schemas/k8s-X.Y.json)';
const OFF_BY_DEFAULT =
  'KEP-3136 (beta APIs off by default); pkg/controlplane DefaultAPIResourceConfigSource: alphaAPIGroupVersionsDisabledByDefault / betaAPIGroupVersionsDisabledByDefault';
const SNAPSHOT_CRDS =
  'kubernetes-csi/external-snapshotter client/config/crd (../shared/crds/external-snapshotter, commit afb2f0d; schemas/snapshot-crds.json)';
const DEPRECATION_GUIDE = 'kubernetes.io docs "Deprecated API Migration Guide"';

const served = (since: string, note?: string): ApiAvailabilitySpan => ({
  since,
  availability: 'served',
  note,
});
const off = (since: string, note?: string): ApiAvailabilitySpan => ({
  since,
  availability: 'off-by-default',
  note,
});
const gone = (since: string, note?: string): ApiAvailabilitySpan => ({ since, availability: 'absent', note });
const crd = (note?: string): ApiAvailabilitySpan => ({ since: '1.27', availability: 'crd', note });

const CORE_KINDS = [
  'ConfigMap',
  'Namespace',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'Secret',
  'Service',
  'ServiceAccount',
];
const APPS_KINDS = ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'];

/** The covered apiVersion/kind pairs. */
export const API_AVAILABILITY: readonly ApiEntry[] = [
  { apiVersion: 'v1', kinds: CORE_KINDS, history: [served('1.27')], source: SCHEMA },
  { apiVersion: 'apps/v1', kinds: APPS_KINDS, history: [served('1.27')], source: SCHEMA },
  {
    apiVersion: 'apps/v1beta1',
    kinds: ['ControllerRevision', 'Deployment', 'StatefulSet'],
    history: [gone('1.16', 'removed in 1.16: use apps/v1')],
    source: `${DEPRECATION_GUIDE} (v1.16); ${SCHEMA}`,
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: APPS_KINDS,
    history: [gone('1.16', 'removed in 1.16: use apps/v1')],
    source: `${DEPRECATION_GUIDE} (v1.16); ${SCHEMA}`,
  },
  { apiVersion: 'batch/v1', kinds: ['CronJob', 'Job'], history: [served('1.27')], source: SCHEMA },
  {
    apiVersion: 'batch/v1beta1',
    kinds: ['CronJob'],
    history: [gone('1.25', 'removed in 1.25: use batch/v1')],
    source: `${DEPRECATION_GUIDE} (v1.25); ${SCHEMA}`,
  },
  { apiVersion: 'policy/v1', kinds: ['PodDisruptionBudget'], history: [served('1.27')], source: SCHEMA },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodDisruptionBudget'],
    history: [gone('1.25', 'removed in 1.25: use policy/v1')],
    source: `${DEPRECATION_GUIDE} (v1.25); ${SCHEMA}`,
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kinds: ['CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment'],
    history: [served('1.27')],
    source: SCHEMA,
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kinds: ['VolumeAttributesClass'],
    history: [served('1.34', 'GA in 1.34 (the VolumeAttributesClass gate is GA and on from 1.34)')],
    source: `${SCHEMA} (storage.k8s.io/v1 VolumeAttributesClass from 1.34); keps/sig-storage/3751-volume-attributes-class/kep.yaml (stable v1.34)`,
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['VolumeAttributesClass'],
    history: [
      off(
        '1.31',
        'beta API introduced after 1.24: served only with --runtime-config=storage.k8s.io/v1beta1=true (and, before 1.34, the VolumeAttributesClass gate)',
      ),
    ],
    source: `${SCHEMA} (storage.k8s.io/v1beta1 VolumeAttributesClass from 1.31); ${OFF_BY_DEFAULT} (storageapiv1beta1 is in the beta list)`,
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    history: [gone('1.27', 'removed in 1.27: use storage.k8s.io/v1')],
    source: `${DEPRECATION_GUIDE} (v1.27); ${SCHEMA}`,
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    history: [gone('1.22', 'removed in 1.22: use storage.k8s.io/v1')],
    source: `${DEPRECATION_GUIDE} (v1.22); ${SCHEMA}`,
  },
  {
    apiVersion: 'storage.k8s.io/v1alpha1',
    kinds: ['VolumeAttributesClass'],
    history: [
      off('1.29', 'alpha API: served only with --runtime-config and the VolumeAttributesClass gate'),
      gone('1.35'),
    ],
    source: `${SCHEMA} (storage.k8s.io/v1alpha1 VolumeAttributesClass in 1.29-1.34, gone from 1.35); ${OFF_BY_DEFAULT} (storageapiv1alpha1 is in the alpha list)`,
  },
  {
    apiVersion: 'certificates.k8s.io/v1alpha1',
    kinds: ['ClusterTrustBundle'],
    history: [off('1.27', 'alpha API: served only with --runtime-config and the ClusterTrustBundle gate')],
    source: `${SCHEMA}; ${OFF_BY_DEFAULT} (certificatesv1alpha1 is in the alpha list); keps/sig-auth/3257-cluster-trust-bundles`,
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['ClusterTrustBundle'],
    history: [
      off(
        '1.33',
        'beta API introduced after 1.24: served only with --runtime-config=certificates.k8s.io/v1beta1=true',
      ),
    ],
    source: `${SCHEMA} (certificates.k8s.io/v1beta1 ClusterTrustBundle from 1.33); ${OFF_BY_DEFAULT}`,
  },
  {
    apiVersion: 'certificates.k8s.io/v1alpha1',
    kinds: ['PodCertificateRequest'],
    history: [off('1.34', 'alpha API'), gone('1.35')],
    source: `${SCHEMA} (certificates.k8s.io/v1alpha1 PodCertificateRequest only in 1.34); ${OFF_BY_DEFAULT}`,
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['PodCertificateRequest'],
    history: [
      off('1.35', 'beta API introduced after 1.24, and the PodCertificateRequest gate is off by default'),
    ],
    source: `${SCHEMA} (certificates.k8s.io/v1beta1 PodCertificateRequest from 1.35); ${OFF_BY_DEFAULT}`,
  },
  {
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kinds: ['VolumeSnapshot', 'VolumeSnapshotClass', 'VolumeSnapshotContent'],
    history: [crd('served where the CSI snapshot CRDs (and snapshot-controller) are installed')],
    source: SNAPSHOT_CRDS,
  },
  {
    apiVersion: 'snapshot.storage.k8s.io/v1beta1',
    kinds: ['VolumeSnapshot', 'VolumeSnapshotClass', 'VolumeSnapshotContent'],
    history: [
      {
        since: '1.27',
        availability: 'crd-not-served',
        note: 'deprecated, served: false in the current CRDs: use snapshot.storage.k8s.io/v1',
      },
    ],
    source: SNAPSHOT_CRDS,
  },
  ...['v1beta1', 'v1beta2', 'v1'].map((version): ApiEntry => ({
    apiVersion: `groupsnapshot.storage.k8s.io/${version}`,
    kinds: ['VolumeGroupSnapshot', 'VolumeGroupSnapshotClass', 'VolumeGroupSnapshotContent'],
    history: [
      crd(
        version === 'v1beta1'
          ? 'served but deprecated by the current CRDs, where the group-snapshot CRDs are installed'
          : 'served where the group-snapshot CRDs (and a snapshot-controller that handles them) are installed',
      ),
    ],
    source: SNAPSHOT_CRDS,
  })),
];

function minorNumber(v: string): number {
  return Number(v.split('.')[1]);
}

/**
 * How `version` serves `apiVersion` `kind`, or undefined for a pair this table does not cover.
 */
export function apiAvailability(
  apiVersion: string,
  kind: string,
  version: KubernetesVersion,
): ApiAvailability | undefined {
  const entry = API_AVAILABILITY.find((e) => e.apiVersion === apiVersion && e.kinds.includes(kind));
  if (!entry) return undefined;
  const minor = minorNumber(version);
  let index = -1;
  entry.history.forEach((span, i) => {
    if (minorNumber(span.since) <= minor) index = i;
  });
  if (index < 0) {
    return {
      availability: 'absent',
      since: '1.27',
      note: `${apiVersion} ${kind} does not exist before ${entry.history[0].since}`,
      source: entry.source,
    };
  }
  const span = entry.history[index];
  const result: ApiAvailability = {
    availability: span.availability,
    since: span.since,
    source: entry.source,
  };
  return span.note === undefined ? result : { ...result, note: span.note };
}

/**
 * Whether a default kube-apiserver of `version` serves `apiVersion` `kind`: true when it does,
 * false when it does not (absent, or compiled in but off by default, or a CRD version the current
 * CRDs do not serve), undefined when unknown: a pair this table does not cover, or a CRD kind,
 * served only where its CRDs are installed.
 */
export function apiServedByDefault(
  apiVersion: string,
  kind: string,
  version: KubernetesVersion,
): boolean | undefined {
  const found = apiAvailability(apiVersion, kind, version);
  if (!found || found.availability === 'crd') return undefined;
  return found.availability === 'served';
}
