/** The rules of the group Kubernetes versions: what a version removed, deprecated or does not have yet, with their examples. */
import { yaml, WORKLOADS, CLASS, CLAIM_POD, docs } from './_examples';
import type { RuleEntry } from './rule';

export const VERSION_RULES: RuleEntry[] = [
  {
    id: 'source-removed',
    severity: 'error',
    group: 'version',
    scope: 'object',
    summary:
      'A volume source or provisioner whose in-tree plugin the target version no longer has, with no CSI migration.',
    why:
      'The kubelet has no plugin to mount it and the controller none to provision it: pods using it never start, ' +
      'claims of the class stay Pending. GlusterFS (removed in 1.26), flocker, quobyte and storageos (1.25) have no ' +
      'CSI migration.',
    remediation:
      'Move the data to a volume of a CSI driver for that storage, or to a source Kubernetes still has.',
    source: 'docs: Volumes (removed volume types); CHANGELOG-1.25, CHANGELOG-1.26',
    kinds: ['PersistentVolume', 'StorageClass', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: shared
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            glusterfs:
              endpoints: glusterfs-cluster
              path: shared
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: shared
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/shared
        `,
      },
    },
  },
  {
    id: 'source-migrated',
    severity: 'warning',
    group: 'version',
    scope: 'object',
    summary:
      'An in-tree volume source or provisioner that works only through CSI migration in the target version.',
    why:
      'Its in-tree plugin is gone (e.g. awsElasticBlockStore and azureDisk from 1.27, gcePersistentDisk from 1.28); ' +
      'the kubelet and controllers hand it to the CSI driver (ebs.csi.aws.com, disk.csi.azure.com, ' +
      'pd.csi.storage.gke.io) only where that driver is installed. Without it, pods stay ContainerCreating and ' +
      'claims Pending. The plan cannot see which drivers the cluster runs.',
    remediation:
      'Name the CSI driver itself (a csi volume source, or the driver as the class provisioner), and install the driver.',
    // TODO(lead): wired by the version work in src/plan (RETIRED / version tables); check the severity it reports.
    source:
      'KEP-625 CSI migration; docs: Volumes (awsElasticBlockStore, azureDisk, gcePersistentDisk: CSI migration)',
    kinds: ['PersistentVolume', 'StorageClass', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: gp2
          provisioner: kubernetes.io/aws-ebs
          reclaimPolicy: Retain
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: gp2
          provisioner: ebs.csi.aws.com
          reclaimPolicy: Retain
        `,
      },
    },
  },
  {
    id: 'source-deprecated',
    severity: 'warning',
    group: 'version',
    scope: 'object',
    summary:
      'A deprecated volume source or provisioner that the target version still has, or one it turns off by default.',
    why:
      'It works today and goes away in a later minor (cephfs and rbd were deprecated in 1.28 and removed in 1.31; ' +
      'gitRepo is off by default from 1.33 and removed in 1.36): an upgrade breaks the pods or classes that use it. ' +
      'Off by default (gitRepo 1.33-1.35, image volumes 1.31-1.34), it works only where the cluster turns its ' +
      'feature gate on, which the plan cannot see.',
    remediation:
      'Use the CSI driver the message names; for gitRepo, clone in an init container into an emptyDir the app mounts.',
    source:
      'src/k8s/volume-plugins.ts (each state with its source: pkg/api/pod/warnings.go, KEPs, CHANGELOGs); docs: Volumes',
    kinds: ['PersistentVolume', 'StorageClass', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: disk-1
          spec:
            capacity:
              storage: 100Gi
            accessModes: [ReadWriteOnce]
            cephfs:
              monitors: ['10.0.0.1:6789']
              path: /volumes/disk-1
        `,
        options: { kubernetesVersion: '1.30' },
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: disk-1
          spec:
            capacity:
              storage: 100Gi
            accessModes: [ReadWriteOnce]
            csi:
              driver: cephfs.csi.ceph.com
              volumeHandle: disk-1
        `,
        options: { kubernetesVersion: '1.30' },
      },
    },
  },
  {
    id: 'recycle-deprecated',
    severity: 'warning',
    group: 'version',
    scope: 'object',
    summary: 'A PersistentVolume with persistentVolumeReclaimPolicy Recycle.',
    why:
      'Recycle is deprecated: after the claim is deleted, a scrubber pod runs rm -rf on the volume and offers it ' +
      'again, with no way to keep or inspect the data.',
    remediation: 'Use Retain and clean up yourself, or dynamic provisioning with reclaimPolicy Delete.',
    source: 'docs: Persistent Volumes, Reclaiming (Recycle, deprecated)',
    kinds: ['PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            persistentVolumeReclaimPolicy: Recycle
            nfs:
              server: nfs.example.com
              path: /exports/data
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            persistentVolumeReclaimPolicy: Retain
            nfs:
              server: nfs.example.com
              path: /exports/data
        `,
      },
    },
  },
  {
    id: 'field-gated',
    severity: 'warning',
    severities: ['warning', 'error'],
    group: 'version',
    scope: 'object',
    summary: 'A field whose feature gate is off by default in the target Kubernetes version.',
    why:
      'The API server drops a field whose gate is disabled (or the kubelet ignores it), so the setting silently does ' +
      'not happen, e.g. volumeAttributesClassName before VolumeAttributesClass is enabled by default (GA in 1.34). ' +
      'Warning when the cluster may enable the gate; error when the target version cannot.',
    remediation:
      'Enable the feature gate on the cluster, target a version where it is on by default, or remove the field.',
    // TODO(lead): wired by the version work (feature-gate tables); confirm when it reports error rather than warning.
    source:
      'docs: Feature Gates (the gate table per minor); pkg/api/persistentvolumeclaim: DropDisabledFields',
    kinds: ['*'],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              volumeAttributesClassName: gold
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
        options: { kubernetesVersion: '1.31' },
      },
      passing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
            spec:
              storageClassName: standard
              volumeAttributesClassName: gold
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
          // The class it names, of the claim's driver: the binding rules find nothing else to say.
          yaml`
            apiVersion: storage.k8s.io/v1
            kind: VolumeAttributesClass
            metadata:
              name: gold
            driverName: ebs.csi.aws.com
            parameters:
              iops: '5000'
          `,
        ),
        options: { kubernetesVersion: '1.34' },
      },
    },
  },
];
