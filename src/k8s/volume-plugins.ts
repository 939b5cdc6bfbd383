/**
 * Which volume sources and in-tree provisioners each Kubernetes minor (1.27 to 1.36) has: working
 * in-tree, deprecated, off by default, redirected to a CSI driver by CSI migration, or gone. Data,
 * not ifs: one entry per pod-volume / PersistentVolume source key and per `kubernetes.io/*`
 * provisioner name, each a history of states with the source the fact comes from.
 *
 * What a state means for a manifest:
 * - `available`: the in-tree plugin mounts (or provisions) it.
 * - `deprecated`: it still works, and is announced for removal.
 * - `disabled`: the code is there but off by default behind a feature gate (`gate`); it works
 *   only on clusters that turned the gate on.
 * - `migrated`: CSI migration is on (and, unless the note says otherwise, locked), or the in-tree
 *   code is gone while csi-translation-lib still translates it: it works only where the CSI driver
 *   `csiDriver` is installed (controller and node plugin).
 * - `removed`: no plugin: the volume never mounts (the kubelet reports `no volume plugin matched`),
 *   the class never provisions (the PV controller reports `ProvisioningFailed`).
 * - `absent`: the field does not exist in that minor's API.
 *
 * Removing a plugin never removed its field: every key below except `image` (added in 1.31) is a
 * field of core/v1 `VolumeSource` / `PersistentVolumeSource` in every minor from 1.27 to 1.36
 * (k8s.io/api core/v1/types.go at v0.27.0..v0.36.0; the vendored schemas agree). So the API server
 * accepts a removed source, with at most a warning (pkg/api/pod/warnings.go
 * warningsForPodSpecAndMeta, pkg/api/persistentvolume/util.go warningsForPersistentVolumeSpecAndMeta):
 * the failure comes later, from the kubelet or a controller. See {@link apiServerAcceptsSource}.
 */
import { KubernetesVersion } from './versions';

/** The state of a volume source or provisioner in one minor (see the file comment). */
export type VolumePluginStateName =
  'absent' | 'available' | 'deprecated' | 'disabled' | 'migrated' | 'removed';

/** Where a source key can appear: a pod's `spec.volumes[*]` or a PersistentVolume's `spec`. */
export type VolumeSourceLocation = 'pod' | 'persistentVolume';

/** One step in a source's or provisioner's history: the state it reached in minor `since`. */
export interface VolumePluginSpan {
  /**
   * The Kubernetes minor in which this state began (may predate 1.27). For a source that works in
   * every minor this table covers and whose earlier history is not recorded, `1.27`.
   */
  readonly since: string;
  readonly state: VolumePluginStateName;
  /** For `migrated`: the CSI driver that must be installed. */
  readonly csiDriver?: string;
  /** For `disabled` (and where a gate decides the state): the feature gate. */
  readonly gate?: string;
  /** What the state means in practice, in words. */
  readonly note?: string;
  /** Where the fact comes from: file and function, changelog or pull request, KEP or docs page. */
  readonly source: string;
}

/** A pod-volume or PersistentVolume source key (`awsElasticBlockStore`, `nfs`, ...). */
export interface VolumeSourceEntry {
  readonly key: string;
  readonly locations: readonly VolumeSourceLocation[];
  /** The in-tree plugin's name, as the kubelet and the PV controller know it. */
  readonly plugin?: string;
  /** The first minor whose API has the field (all keys but `image` predate 1.27). */
  readonly apiFieldSince?: string;
  /** The warning the API server returns when it accepts the source (newest wording seen). */
  readonly apiServerWarning?: string;
  /** Oldest first; a minor's state is the last span whose `since` is not after it. */
  readonly history: readonly VolumePluginSpan[];
}

/** A StorageClass `provisioner` name of an in-tree plugin (`kubernetes.io/aws-ebs`, ...). */
export interface ProvisionerEntry {
  readonly name: string;
  /** The volume source key the provisioner creates PersistentVolumes with, when it has one. */
  readonly sourceKey?: string;
  readonly history: readonly VolumePluginSpan[];
}

/** A source's or provisioner's state in one minor, as {@link volumePluginState} answers. */
export interface VolumePluginState {
  readonly state: VolumePluginStateName;
  /** The first minor of the run of minors in this state (may predate 1.27). */
  readonly since: string;
  readonly csiDriver?: string;
  readonly gate?: string;
  readonly note?: string;
  readonly source: string;
  /**
   * Whether that minor's API has the field, so the API server accepts the object (a removed
   * plugin is then the kubelet's or the PV controller's failure, not a rejection). Always true
   * for provisioners: `provisioner` is a free string.
   */
  readonly apiServerAccepts: boolean;
}

const ALL: readonly VolumeSourceLocation[] = ['pod', 'persistentVolume'];
const POD: readonly VolumeSourceLocation[] = ['pod'];
const PV: readonly VolumeSourceLocation[] = ['persistentVolume'];

const TYPES = 'k8s.io/api core/v1/types.go VolumeSource / PersistentVolumeSource (tags v0.27.0..v0.36.0)';
const TRANSLATION =
  'kubernetes/csi-translation-lib translate.go inTreePlugins and plugins/*.go (v0.27.0..v0.36.0)';
const WARNINGS = 'pkg/api/pod/warnings.go warningsForPodSpecAndMeta';
const NO_PLUGIN =
  'the kubelet fails the mount with "failed to get Plugin from volumeSpec ... no volume plugin matched" (kubernetes#111618, #111619, #111620)';

/** Works in every covered minor, no recorded change. */
function always(note?: string): readonly VolumePluginSpan[] {
  return [{ since: '1.27', state: 'available', note, source: TYPES }];
}

/** Redirected to `csiDriver` by CSI migration from `since`; in-tree code gone in `codeRemoved`. */
function migrated(
  since: string,
  csiDriver: string,
  gate: string,
  codeRemoved: string,
  source: string,
): readonly VolumePluginSpan[] {
  return [
    {
      since,
      state: 'migrated',
      csiDriver,
      gate,
      note: `CSI migration (${gate}) is GA and on; the in-tree plugin code was removed in ${codeRemoved}, and csi-translation-lib still translates the source to ${csiDriver} in 1.36. Without that driver installed the volume never attaches or mounts and a claim stays Pending.`,
      source: `${source}; ${TRANSLATION}`,
    },
  ];
}

/** Plugins removed without CSI migration: the field stays, nothing mounts it. */
function removedAt(since: string, source: string, note?: string): readonly VolumePluginSpan[] {
  return [
    {
      since,
      state: 'removed',
      note: note ?? `in-tree plugin removed, no CSI migration: ${NO_PLUGIN}`,
      source,
    },
  ];
}

/**
 * Every pod-volume and PersistentVolume source key. Keys and locations are those of core/v1
 * `Volume` / `PersistentVolumeSpec` in the 1.36 schema.
 */
export const VOLUME_SOURCES: readonly VolumeSourceEntry[] = [
  {
    key: 'awsElasticBlockStore',
    locations: ALL,
    plugin: 'kubernetes.io/aws-ebs',
    history: migrated(
      '1.25',
      'ebs.csi.aws.com',
      'CSIMigrationAWS',
      '1.27',
      'kubernetes#115838 "Remove AWS legacy cloud provider + EBS in-tree storage plugin" (1.27; CSIMigrationAWS GA since 1.25); KEP-1487',
    ),
  },
  {
    key: 'azureDisk',
    locations: ALL,
    plugin: 'kubernetes.io/azure-disk',
    history: migrated(
      '1.24',
      'disk.csi.azure.com',
      'CSIMigrationAzureDisk',
      '1.27',
      'kubernetes#116301 "Remove Azure disk in-tree storage plugin" (1.27); CSIMigrationAzureDisk GA in 1.24 (kubernetes/website#32901); KEP-1490',
    ),
  },
  {
    key: 'azureFile',
    locations: ALL,
    plugin: 'kubernetes.io/azure-file',
    history: migrated(
      '1.26',
      'file.csi.azure.com',
      'CSIMigrationAzureFile',
      '1.30',
      'kubernetes#122576 "removed the deprecated azureFile in-tree storage plugin" (1.30; #118388: the gate was locked on from 1.27); website feature-gates/CSIMigrationAzureFile.md (stable 1.26-1.29, removed); KEP-1885',
    ),
  },
  {
    key: 'cephfs',
    locations: ALL,
    plugin: 'kubernetes.io/cephfs',
    apiServerWarning: 'deprecated in v1.28, non-functional in v1.31+',
    history: [
      { since: '1.27', state: 'available', source: TYPES },
      {
        since: '1.28',
        state: 'deprecated',
        note: 'no CSI migration (KEP-2924 withdrawn); the CephFS CSI driver (cephfs.csi.ceph.com, ceph/ceph-csi) needs a re-created volume',
        source: `kubernetes#118143 (deprecation in 1.28); ${WARNINGS}; keps/sig-storage/2924-csi-migration-cephfs/kep.yaml (status: withdrawn)`,
      },
      {
        since: '1.31',
        state: 'removed',
        note: 'the cephfs volume type is non-functional; a re-deployment with the CephFS CSI driver is needed',
        source:
          'kubernetes#124544 "remove the support for in-tree volume plugin cephfs" (1.31, ACTION REQUIRED note); blog 2024-07-19 Kubernetes 1.31 deprecations and removals',
      },
    ],
  },
  {
    key: 'cinder',
    locations: ALL,
    plugin: 'kubernetes.io/cinder',
    history: migrated(
      '1.24',
      'cinder.csi.openstack.org',
      'CSIMigrationOpenStack',
      '1.26',
      'kubernetes#67782 (in-tree OpenStack provider and cinder plugin removed in 1.26; CSI translation kept, kubernetes#113811); kubernetes#107462 (CSI migration GA and on in 1.24); KEP-1489',
    ),
  },
  {
    key: 'configMap',
    locations: POD,
    history: always(),
  },
  {
    key: 'csi',
    locations: ALL,
    history: always(
      'CSI volumes (inline ephemeral in a pod, persistent in a PV): work where the named driver is installed',
    ),
  },
  { key: 'downwardAPI', locations: POD, history: always() },
  { key: 'emptyDir', locations: POD, history: always() },
  {
    key: 'ephemeral',
    locations: POD,
    history: always('generic ephemeral volume: a claim per pod, provisioned like any claim'),
  },
  { key: 'fc', locations: ALL, plugin: 'kubernetes.io/fc', history: always() },
  {
    key: 'flexVolume',
    locations: ALL,
    history: [
      {
        since: '1.23',
        state: 'deprecated',
        note: 'still works where the FlexVolume driver binary is installed on the nodes; no removal planned (kubernetes#123804)',
        source:
          'kubernetes.io docs "Compute, Storage, and Networking Extensions" (FlexVolume deprecated since v1.23); k8s.io/api core/v1 VolumeSource.FlexVolume "Deprecated: FlexVolume is deprecated. Consider using a CSIDriver instead." (v0.32.0+)',
      },
    ],
  },
  {
    key: 'flocker',
    locations: ALL,
    plugin: 'kubernetes.io/flocker',
    apiServerWarning: 'deprecated in v1.22, non-functional in v1.25+',
    history: removedAt('1.25', `kubernetes#111618 (flocker plugin removed in 1.25); ${WARNINGS}`),
  },
  {
    key: 'gcePersistentDisk',
    locations: ALL,
    plugin: 'kubernetes.io/gce-pd',
    history: migrated(
      '1.25',
      'pd.csi.storage.gke.io',
      'CSIMigrationGCE',
      '1.28',
      'website feature-gates/CSIMigrationGCE.md (stable from 1.25, gate removed after 1.27); in-tree GCE PD plugin removed in 1.28 (kubernetes/website#42415, #44359); KEP-1488',
    ),
  },
  {
    key: 'gitRepo',
    locations: POD,
    plugin: 'kubernetes.io/git-repo',
    apiServerWarning: 'deprecated in v1.11',
    history: [
      {
        since: '1.11',
        state: 'deprecated',
        note: 'runs git on the node as root; clone in an init container into an emptyDir instead',
        source: WARNINGS,
      },
      {
        since: '1.33',
        state: 'disabled',
        gate: 'GitRepoVolumeDriver',
        note: 'the kubelet refuses gitRepo volumes unless its GitRepoVolumeDriver gate is turned back on; the API server still accepts the pod',
        source:
          'keps/sig-storage/5040-remove-gitrepo-driver README (Timeline v1.33); pkg/features GitRepoVolumeDriver (Deprecated, default false, 1.33)',
      },
      {
        since: '1.36',
        state: 'removed',
        gate: 'GitRepoVolumeDriver',
        note: 'GitRepoVolumeDriver is locked to false: no cluster can run gitRepo volumes (the driver code itself is removed in 1.39 per KEP-5040); the API server still accepts the pod',
        source:
          'test/compatibility_lifecycle/reference/versioned_feature_list.yaml (GitRepoVolumeDriver Deprecated, lockToDefault true, 1.36); KEP-5040 Timeline v1.36 "Lock the feature-gate"; AWS EKS 1.36 release notes ("permanently disabled ... cannot be re-enabled")',
      },
    ],
  },
  {
    key: 'glusterfs',
    locations: ALL,
    plugin: 'kubernetes.io/glusterfs',
    apiServerWarning: 'deprecated in v1.25, non-functional in v1.26+',
    history: removedAt(
      '1.26',
      `kubernetes#112015 (GlusterFS removed in 1.26, per kubernetes#115035); ${WARNINGS}`,
    ),
  },
  { key: 'hostPath', locations: ALL, plugin: 'kubernetes.io/host-path', history: always() },
  {
    key: 'image',
    locations: POD,
    apiFieldSince: '1.31',
    history: [
      {
        since: '1.31',
        state: 'disabled',
        gate: 'ImageVolume',
        note: 'alpha (1.31-1.32), then beta but off by default (1.33-1.34): with the gate off the API server silently drops the volume and every mount of it (dropImageVolumes)',
        source:
          'versioned_feature_list.yaml ImageVolume (Alpha 1.31, Beta default false 1.33); pkg/api/pod/util.go dropImageVolumes; KEP-4639; blog 2025-04-29 "Image Volumes graduate to beta" (still disabled by default)',
      },
      {
        since: '1.35',
        state: 'available',
        gate: 'ImageVolume',
        note: 'beta and on by default in 1.35, GA in 1.36; the node container runtime must implement image volumes (CRI-O, containerd 2.1+), or the pod fails to start',
        source:
          'versioned_feature_list.yaml ImageVolume (Beta default true 1.35, GA locked 1.36); kubernetes.io docs "Use an Image Volume With a Pod" (v1.35 beta, enabled by default)',
      },
    ],
  },
  { key: 'iscsi', locations: ALL, plugin: 'kubernetes.io/iscsi', history: always() },
  {
    key: 'local',
    locations: PV,
    plugin: 'kubernetes.io/local-volume',
    history: always('needs spec.nodeAffinity; no dynamic provisioning in-tree'),
  },
  { key: 'nfs', locations: ALL, plugin: 'kubernetes.io/nfs', history: always() },
  { key: 'persistentVolumeClaim', locations: POD, history: always() },
  {
    key: 'photonPersistentDisk',
    locations: ALL,
    plugin: 'kubernetes.io/photon-pd',
    apiServerWarning: 'deprecated in v1.11, non-functional in v1.16+',
    history: removedAt(
      '1.16',
      `${WARNINGS}; kubernetes/website#35685 (photonPersistentDisk not available after v1.15)`,
    ),
  },
  {
    key: 'portworxVolume',
    locations: ALL,
    plugin: 'kubernetes.io/portworx-volume',
    history: [
      {
        since: '1.25',
        state: 'deprecated',
        gate: 'CSIMigrationPortworx',
        note: 'the in-tree plugin serves it; CSI migration is beta but off by default',
        source:
          'website feature-gates/CSIMigrationPortworx.md (beta default false 1.25-1.30); kubernetes/website#46506 (portworxVolume deprecated starting v1.25)',
      },
      {
        since: '1.31',
        state: 'migrated',
        csiDriver: 'pxd.portworx.com',
        gate: 'CSIMigrationPortworx',
        note: 'CSI migration on by default (beta, 1.31-1.32: a cluster may still turn it off), GA and locked 1.33-1.35; the in-tree plugin was removed in 1.36 and csi-translation-lib still translates it',
        source:
          'kubernetes#125016 (on by default in 1.31: "make sure that the corresponding portworx csi driver is installed"); kubernetes#129297 (GA 1.33); kubernetes#135322 "[1.36] Remove intree volume plugin portworx"; csi-translation-lib plugins/portworx.go (v0.36.0)',
      },
    ],
  },
  { key: 'projected', locations: POD, history: always() },
  {
    key: 'quobyte',
    locations: ALL,
    plugin: 'kubernetes.io/quobyte',
    apiServerWarning: 'deprecated in v1.22, non-functional in v1.25+',
    history: removedAt('1.25', `kubernetes#111619 (quobyte plugin removed in 1.25); ${WARNINGS}`),
  },
  {
    key: 'rbd',
    locations: ALL,
    plugin: 'kubernetes.io/rbd',
    apiServerWarning: 'deprecated in v1.28, non-functional in v1.31+',
    history: [
      // CSIMigrationRBD (off by default, not locked) hands the volumes to rbd.csi.ceph.com where a cluster turns it on.
      { since: '1.27', state: 'available', gate: 'CSIMigrationRBD', source: TYPES },
      {
        since: '1.28',
        state: 'deprecated',
        gate: 'CSIMigrationRBD',
        note: 'its CSI migration (CSIMigrationRBD) never left alpha and was deprecated with the plugin',
        source: `kubernetes#118552 (deprecation in 1.28); website feature-gates/CSIMigrationRBD.md (alpha 1.23-1.27, deprecated 1.28-1.30, removed); ${WARNINGS}`,
      },
      {
        since: '1.31',
        state: 'removed',
        note: 'the plugin and its CSI migration were removed: the rbd volume type is non-functional; the RBD CSI driver (rbd.csi.ceph.com) needs a re-created volume',
        source:
          'kubernetes#124546 "CephRBD volume plugin and its csi migration support are removed" (1.31, ACTION REQUIRED); csi-translation-lib drops plugins/rbd.go at v0.31.0',
      },
    ],
  },
  {
    key: 'scaleIO',
    locations: ALL,
    plugin: 'kubernetes.io/scaleio',
    apiServerWarning: 'deprecated in v1.16, non-functional in v1.22+',
    history: removedAt(
      '1.22',
      `kubernetes#101685 "Remove scaleio volume plugins from k8s codebase" (1.22); ${WARNINGS}`,
    ),
  },
  { key: 'secret', locations: POD, history: always() },
  {
    key: 'storageos',
    locations: ALL,
    plugin: 'kubernetes.io/storageos',
    apiServerWarning: 'deprecated in v1.22, non-functional in v1.25+',
    history: removedAt('1.25', `kubernetes#111620 (storageos plugin removed in 1.25); ${WARNINGS}`),
  },
  {
    key: 'vsphereVolume',
    locations: ALL,
    plugin: 'kubernetes.io/vsphere-volume',
    history: migrated(
      '1.26',
      'csi.vsphere.vmware.com',
      'CSIMigrationvSphere',
      '1.30',
      'website feature-gates/CSIMigrationvSphere.md (stable 1.26-1.28, removed); kubernetes#122090 (in-tree vSphere volume code removed) and kubernetes#124794 (vSphere cloud provider removed in 1.30); KEP-1491',
    ),
  },
];

const PV_CONTROLLER =
  'pkg/controller/volume/persistentvolume/pv_controller.go findProvisionablePlugin: a kubernetes.io/ name with no provisionable in-tree plugin is an error, reported as ProvisioningFailed "no volume plugin matched name: ..." (kubernetes#113811)';

function provisionerFrom(entry: VolumeSourceEntry): ProvisionerEntry {
  return {
    name: entry.plugin as string,
    sourceKey: entry.key,
    history: entry.history.map((span) =>
      span.state === 'removed' ? { ...span, note: `no in-tree provisioner: ${PV_CONTROLLER}` } : span,
    ),
  };
}

const bySourceKey = (key: string): VolumeSourceEntry =>
  VOLUME_SOURCES.find((e) => e.key === key) as VolumeSourceEntry;

/**
 * The in-tree provisioner names a StorageClass can name. A migrated one provisions through the CSI
 * driver's external-provisioner (csi-translation-lib TranslateInTreeStorageClassToCSI translates the
 * class parameters), so only where that driver is installed.
 */
export const PROVISIONERS: readonly ProvisionerEntry[] = [
  ...[
    'awsElasticBlockStore',
    'azureDisk',
    'azureFile',
    'cinder',
    'gcePersistentDisk',
    'vsphereVolume',
    'portworxVolume',
    'rbd',
    'glusterfs',
    'scaleIO',
    'storageos',
    'quobyte',
    'flocker',
    'photonPersistentDisk',
  ].map((key) => provisionerFrom(bySourceKey(key))),
  {
    name: 'kubernetes.io/cephfs',
    sourceKey: 'cephfs',
    history: [
      {
        since: '1.27',
        state: 'removed',
        note: `the in-tree cephfs plugin never implemented dynamic provisioning (the docs' StorageClass provisioner table has no internal provisioner for CephFS), and the plugin itself was removed in 1.31: ${PV_CONTROLLER}`,
        source:
          'kubernetes.io docs "Storage Classes" provisioner table (CephFS: no internal provisioner); kubernetes#124544',
      },
    ],
  },
  {
    name: 'kubernetes.io/no-provisioner',
    sourceKey: 'local',
    history: [
      {
        since: '1.27',
        state: 'available',
        note: 'not a provisioner: a class for pre-created volumes (typically local). Nothing is provisioned; a claim binds only to an existing PersistentVolume of the class, and with WaitForFirstConsumer a pod with no such volume stays unschedulable',
        source:
          'k8s.io/component-helpers storage/volume NotSupportedProvisioner = "kubernetes.io/no-provisioner"; pkg/scheduler/framework/plugins/volumebinding/binder.go checkVolumeProvisions ("does not support dynamic provisioning")',
      },
    ],
  },
  {
    name: 'kubernetes.io/host-path',
    sourceKey: 'hostPath',
    history: [
      {
        since: '1.27',
        state: 'disabled',
        note: 'provisions only when kube-controller-manager runs with --enable-hostpath-provisioner (single-node testing); otherwise the claim stays Pending with ProvisioningFailed',
        source:
          'cmd/kube-controller-manager/app/plugins.go ProbeControllerVolumePlugins (hostPathConfig ProvisioningEnabled: EnableHostPathProvisioning), flag --enable-hostpath-provisioner (default false); kubernetes#123804',
      },
    ],
  },
];

/** The Kubernetes minor number of `v` (`'1.31'` is 31). */
export function minorOf(v: string): number {
  return Number(v.split('.')[1]);
}

function spanFor(
  history: readonly VolumePluginSpan[],
  version: string,
): { span?: VolumePluginSpan; since?: string } {
  const at = minorOf(version);
  let index = -1;
  history.forEach((span, i) => {
    if (minorOf(span.since) <= at) index = i;
  });
  if (index < 0) return {};
  let first = index;
  while (first > 0 && history[first - 1].state === history[index].state) first--;
  return { span: history[index], since: history[first].since };
}

/** Whether `version`'s API has the source field `key` (so the API server accepts the object). */
export function apiServerAcceptsSource(key: string, version: KubernetesVersion): boolean {
  const entry = VOLUME_SOURCES.find((e) => e.key === key);
  if (!entry) return false;
  return entry.apiFieldSince === undefined || minorOf(entry.apiFieldSince) <= minorOf(version);
}

/**
 * The state of volume source `key` (a key of a pod volume or of a PersistentVolume spec) in
 * `version`, or undefined for a key that is no volume source.
 */
export function volumePluginState(key: string, version: KubernetesVersion): VolumePluginState | undefined {
  const entry = VOLUME_SOURCES.find((e) => e.key === key);
  if (!entry) return undefined;
  const { span, since } = spanFor(entry.history, version);
  const apiServerAccepts = apiServerAcceptsSource(key, version);
  if (!span || !since) {
    return {
      state: 'absent',
      since: '1.27',
      note: `the ${key} field does not exist before ${entry.apiFieldSince}: the API server rejects it as an unknown field (strict field validation), or drops it and then rejects a volume with no source`,
      source: TYPES,
      apiServerAccepts,
    };
  }
  return withoutUndefined({
    state: span.state,
    since,
    csiDriver: span.csiDriver,
    gate: span.gate,
    note: span.note,
    source: span.source,
    apiServerAccepts,
  });
}

/**
 * The state of in-tree provisioner `name` in `version`. An unknown `kubernetes.io/` name is
 * `removed` (the PV controller has no plugin for it); any other name is an external provisioner
 * this table knows nothing of: undefined.
 */
export function provisionerState(name: string, version: KubernetesVersion): VolumePluginState | undefined {
  const entry = PROVISIONERS.find((e) => e.name === name);
  if (!entry) {
    if (!name.startsWith('kubernetes.io/')) return undefined;
    return {
      state: 'removed',
      since: '1.27',
      note: `no in-tree plugin provisions ${name}: ${PV_CONTROLLER}`,
      source: PV_CONTROLLER,
      apiServerAccepts: true,
    };
  }
  const { span, since } = spanFor(entry.history, version);
  const found = span as VolumePluginSpan; // every provisioner history starts at or before 1.27
  return withoutUndefined({
    state: found.state,
    since: since as string,
    csiDriver: found.csiDriver,
    gate: found.gate,
    note: found.note,
    source: found.source,
    apiServerAccepts: true,
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Whether a provisioner or driver name is named as most CSI drivers are: `<x>.csi.<domain>` or
 * `csi.<domain>` (pd.csi.storage.gke.io, ebs.csi.aws.com, csi.vsphere.vmware.com). Not every CSI
 * driver is (Longhorn's driver.longhorn.io, TopoLVM's topolvm.io), so callers also count a
 * CSIDriver object or a CSI volume of that driver as evidence; a name that is neither may be a
 * sig-storage-lib-external-provisioner (local-path, nfs-subdir, OpenEBS local), which does not make
 * the CSI external-provisioner's checks.
 */
export function namedLikeCsiDriver(name: string): boolean {
  return /(^|\.)csi\./.test(name);
}
