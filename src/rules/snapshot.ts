/** The rules of the group Snapshots: VolumeSnapshots, and claims restored or cloned from data (src/plan/snapshot.ts), with their examples. */
import { yaml, docs, CLASS, CLAIM } from './_examples';
import type { RuleEntry } from './rule';

/** A snapshot class of {@link CLASS}'s driver. */
const SNAPSHOT_CLASS = yaml`
  apiVersion: snapshot.storage.k8s.io/v1
  kind: VolumeSnapshotClass
  metadata:
    name: ebs-snapclass
  driver: ebs.csi.aws.com
  deletionPolicy: Retain
`;

/** A VolumeSnapshot of {@link CLAIM} with class {@link SNAPSHOT_CLASS}. */
const SNAPSHOT = yaml`
  apiVersion: snapshot.storage.k8s.io/v1
  kind: VolumeSnapshot
  metadata:
    name: data-snap
  spec:
    volumeSnapshotClassName: ebs-snapclass
    source:
      persistentVolumeClaimName: data
`;

/** A claim of `storage` on class `standard`, restored from `data-snap` or cloned from `data`. */
function restoreOf(storage: string, source: 'snapshot' | 'clone', className = 'standard'): string {
  const ref =
    source === 'snapshot'
      ? '    apiGroup: snapshot.storage.k8s.io\n    kind: VolumeSnapshot\n    name: data-snap\n'
      : '    kind: PersistentVolumeClaim\n    name: data\n';
  return (
    'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: restored\nspec:\n' +
    `  storageClassName: ${className}\n  accessModes: [ReadWriteOnce]\n` +
    `  resources:\n    requests:\n      storage: ${storage}\n  dataSource:\n${ref}`
  );
}

const CRDS =
  'kubernetes-csi/external-snapshotter client/config/crd (x-kubernetes-validations of VolumeSnapshot, VolumeSnapshotContent, VolumeGroupSnapshot, VolumeGroupSnapshotContent)';
const SNAPSHOT_CONTROLLER =
  'kubernetes-csi/external-snapshotter pkg/common-controller (snapshot_controller.go)';
const PROVISIONER =
  'kubernetes-csi/external-provisioner pkg/controller/controller.go: getPVCSource, getSnapshotSource; docs: Volume Snapshots, CSI Volume Cloning';

export const SNAPSHOT_RULES: RuleEntry[] = [
  {
    id: 'snapshot-invalid',
    severity: 'error',
    group: 'snapshot',
    summary:
      "A VolumeSnapshot, VolumeSnapshotContent or group snapshot object breaks one of its CRD's validation rules (CEL).",
    why:
      'The CRDs carry x-kubernetes-validations rules beyond their schema: exactly one source, a class name that is not empty, ' +
      'a content reference with both name and namespace. The API server rejects an object that breaks one, so the apply fails.',
    remediation:
      'Set exactly one source (a claim or a pre-provisioned content; a volume handle or a snapshot handle); leave volumeSnapshotClassName out rather than empty; give volumeSnapshotRef a name and a namespace.',
    source: CRDS,
    kinds: ['VolumeSnapshot', 'VolumeSnapshotContent', 'VolumeGroupSnapshot', 'VolumeGroupSnapshotContent'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: snapshot.storage.k8s.io/v1
          kind: VolumeSnapshot
          metadata:
            name: data-snap
          spec:
            volumeSnapshotClassName: ebs-snapclass
            source:
              persistentVolumeClaimName: data
              volumeSnapshotContentName: data-content
        `,
      },
      passing: { manifests: SNAPSHOT },
    },
  },
  {
    id: 'data-source-invalid',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'snapshot',
    summary: "A claim's dataSource or dataSourceRef is refused, or silently dropped, by the API server.",
    why:
      'The API server requires a name and a kind, allows only PersistentVolumeClaim from the core group (a VolumeSnapshot ' +
      'needs apiGroup snapshot.storage.k8s.io), and refuses dataSource and dataSourceRef that differ, or dataSource beside a ' +
      'dataSourceRef with a namespace. The claim (or every claim of a StatefulSet template) is never created. A dataSource ' +
      'alone that is neither a core PersistentVolumeClaim nor a snapshot.storage.k8s.io VolumeSnapshot is not refused but ' +
      'dropped before validation, so the claim is created empty (a warning); a dataSourceRef with a namespace is dropped ' +
      'whole while CrossNamespaceVolumeDataSource is off (field-gated reports it).',
    remediation:
      'Name the source with its apiGroup, kind and name, in one of the two fields (the API server copies it into the other).',
    source:
      'kubernetes/kubernetes pkg/apis/core/validation/validation.go: ValidatePersistentVolumeClaimSpec, validateDataSource, validateDataSourceRef; pkg/api/persistentvolumeclaim/util.go: DropDisabledFields, EnforceDataSourceBackwardsCompatibility (called by the claim strategy PrepareForCreate)',
    kinds: ['PersistentVolumeClaim', 'StatefulSet'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          CLAIM,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: restored
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
              dataSourceRef:
                kind: VolumeSnapshot
                name: data-snap
          `,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, SNAPSHOT_CLASS, SNAPSHOT, restoreOf('10Gi', 'snapshot')) },
    },
  },
  {
    id: 'data-source-refused',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'snapshot',
    summary:
      'A restore or clone that is refused: smaller than its source, another volume mode, another driver, another namespace without a grant, or an in-tree class.',
    why:
      'The external-provisioner refuses a volume smaller than its source, a clone into another volume mode, a source of ' +
      "another CSI driver than the class's, and a source in another namespace without a ReferenceGrant; the PV controller " +
      'refuses a data source on a class of an in-tree plugin not migrated to CSI. The claim stays ' +
      'Pending with a ProvisioningFailed event. What depends on what the files do not show is a warning: a provisioner ' +
      "flag, a grant, the snapshot's restoreSize (which the driver reports), or whether the claim's provisioner is a CSI " +
      'driver (a class not among the manifests, or a provisioner name without .csi. and no CSIDriver object).',
    remediation:
      "Request at least the source's size, keep its volume mode, use a class of the source's driver; for another namespace, add a ReferenceGrant there.",
    source: `${PROVISIONER}; kubernetes/kubernetes pkg/controller/volume/persistentvolume provisionClaimOperation ("Only CSI plugin can provision a claim with a datasource")`,
    kinds: ['PersistentVolumeClaim', 'StatefulSet'],
    examples: {
      failing: { manifests: docs(CLASS, CLAIM, restoreOf('5Gi', 'clone')) },
      passing: { manifests: docs(CLASS, CLAIM, restoreOf('10Gi', 'clone')) },
    },
  },
  {
    id: 'data-source-ignored',
    severity: 'warning',
    group: 'snapshot',
    summary: 'A claim with a data source that binds an existing volume: it is neither restored nor cloned.',
    why:
      'The PV controller binds a claim to a matching existing volume without reading its dataSource; only a volume the CSI ' +
      "provisioner makes is filled from the snapshot or claim. The workload then sees the old volume's data, not the restore.",
    remediation:
      'Give the claim a class that provisions and no matching or reserved volume, or drop the data source if the existing volume is meant.',
    source:
      'kubernetes/kubernetes pkg/controller/volume/persistentvolume: syncUnboundClaim, FindMatchingVolume (no dataSource check); docs: Volume Snapshots (restore)',
    kinds: ['PersistentVolumeClaim', 'StatefulSet'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          CLAIM,
          SNAPSHOT_CLASS,
          SNAPSHOT,
          yaml`
            apiVersion: v1
            kind: PersistentVolume
            metadata:
              name: old
            spec:
              capacity:
                storage: 10Gi
              accessModes: [ReadWriteOnce]
              persistentVolumeReclaimPolicy: Retain
              storageClassName: standard
              csi:
                driver: ebs.csi.aws.com
                volumeHandle: vol-0123
              claimRef:
                namespace: default
                name: restored
          `,
          restoreOf('10Gi', 'snapshot'),
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, SNAPSHOT_CLASS, SNAPSHOT, restoreOf('10Gi', 'snapshot')) },
    },
  },
  {
    id: 'snapshot-class-driver',
    severity: 'error',
    group: 'snapshot',
    summary: "A VolumeSnapshot's class is of another CSI driver than the claim it snapshots.",
    why:
      "The snapshot controller makes the snapshot's content with the class's driver; only that driver's csi-snapshotter acts " +
      "on it, and it cannot snapshot another driver's volume: the snapshot never becomes ready.",
    remediation: "Use a VolumeSnapshotClass whose driver is the provisioner of the claim's StorageClass.",
    source: SNAPSHOT_CONTROLLER,
    kinds: ['VolumeSnapshot'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          CLAIM,
          yaml`
            apiVersion: snapshot.storage.k8s.io/v1
            kind: VolumeSnapshotClass
            metadata:
              name: ebs-snapclass
            driver: pd.csi.storage.gke.io
            deletionPolicy: Retain
          `,
          SNAPSHOT,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, SNAPSHOT_CLASS, SNAPSHOT) },
    },
  },
  {
    id: 'snapshot-source-not-csi',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'snapshot',
    summary: 'A VolumeSnapshot of a claim whose volume no CSI driver provides.',
    why:
      'Only CSI drivers take VolumeSnapshots: a claim bound to a hostPath, local or NFS volume, or provisioned by an in-tree ' +
      'plugin, cannot be snapshotted (the snapshot never becomes ready). An in-tree plugin that CSI migration moves to a CSI ' +
      'driver is a warning: it works only if the migration and the driver’s snapshotter handle it.',
    remediation: 'Snapshot a claim of a CSI StorageClass, or back up the data another way.',
    source: `${SNAPSHOT_CONTROLLER}; docs: Volume Snapshots ("only available for CSI drivers")`,
    kinds: ['VolumeSnapshot'],
    examples: {
      failing: {
        manifests: docs(
          yaml`
            apiVersion: v1
            kind: PersistentVolume
            metadata:
              name: share
            spec:
              capacity:
                storage: 10Gi
              accessModes: [ReadWriteOnce]
              persistentVolumeReclaimPolicy: Retain
              nfs:
                server: nfs.example.com
                path: /exports/share
          `,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: ""
              volumeName: share
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          SNAPSHOT_CLASS,
          SNAPSHOT,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, SNAPSHOT_CLASS, SNAPSHOT) },
    },
  },
  {
    id: 'snapshot-class-default-missing',
    severity: 'warning',
    group: 'snapshot',
    summary:
      "A VolumeSnapshot with no class, and no default VolumeSnapshotClass of its claim's driver among the manifests.",
    why:
      "With no volumeSnapshotClassName the snapshot controller uses the one class of the claim's driver annotated " +
      'snapshot.storage.kubernetes.io/is-default-class: "true"; with none the snapshot fails. The cluster may have one the files do not show.',
    remediation:
      'Name the class in volumeSnapshotClassName, or annotate one class of the driver as its default.',
    source: `${SNAPSHOT_CONTROLLER}: SetDefaultSnapshotClass`,
    kinds: ['VolumeSnapshot'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          CLAIM,
          SNAPSHOT_CLASS,
          yaml`
            apiVersion: snapshot.storage.k8s.io/v1
            kind: VolumeSnapshot
            metadata:
              name: data-snap
            spec:
              source:
                persistentVolumeClaimName: data
          `,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, SNAPSHOT_CLASS, SNAPSHOT) },
    },
  },
  {
    id: 'snapshot-class-default-multiple',
    severity: 'error',
    group: 'snapshot',
    summary:
      "A VolumeSnapshot with no class, and several default VolumeSnapshotClasses of its claim's driver.",
    why: 'The snapshot controller refuses to choose between several default classes of one driver: the snapshot fails.',
    remediation: 'Keep one default class per driver, or name the class in volumeSnapshotClassName.',
    source: `${SNAPSHOT_CONTROLLER}: SetDefaultSnapshotClass ("default snapshot class ... found more than one")`,
    kinds: ['VolumeSnapshot'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          CLAIM,
          yaml`
            apiVersion: snapshot.storage.k8s.io/v1
            kind: VolumeSnapshotClass
            metadata:
              name: fast
              annotations:
                snapshot.storage.kubernetes.io/is-default-class: "true"
            driver: ebs.csi.aws.com
            deletionPolicy: Retain
          `,
          yaml`
            apiVersion: snapshot.storage.k8s.io/v1
            kind: VolumeSnapshotClass
            metadata:
              name: slow
              annotations:
                snapshot.storage.kubernetes.io/is-default-class: "true"
            driver: ebs.csi.aws.com
            deletionPolicy: Retain
          `,
          yaml`
            apiVersion: snapshot.storage.k8s.io/v1
            kind: VolumeSnapshot
            metadata:
              name: data-snap
            spec:
              source:
                persistentVolumeClaimName: data
          `,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, SNAPSHOT_CLASS, SNAPSHOT) },
    },
  },
  {
    id: 'snapshot-deletion-delete',
    severity: 'info',
    group: 'snapshot',
    summary: 'A VolumeSnapshotClass or VolumeSnapshotContent deletes the stored snapshot with its object.',
    why:
      'With deletionPolicy Delete, deleting the VolumeSnapshot (kubectl delete, a namespace deletion, a GitOps prune) deletes ' +
      'the snapshot in the storage system: a backup goes with its object.',
    remediation: 'Use deletionPolicy Retain for snapshots you keep; Delete for snapshots you can take again.',
    source: 'docs: Volume Snapshot Classes (deletionPolicy); Volume Snapshots (Delete)',
    kinds: ['VolumeSnapshotClass', 'VolumeSnapshotContent'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          CLAIM,
          yaml`
            apiVersion: snapshot.storage.k8s.io/v1
            kind: VolumeSnapshotClass
            metadata:
              name: ebs-snapclass
            driver: ebs.csi.aws.com
            deletionPolicy: Delete
          `,
          SNAPSHOT,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, SNAPSHOT_CLASS, SNAPSHOT) },
    },
  },
];
