/** The rules of the group Data safety: what loses data, with their examples. */
import { CHANGE_RULES } from '../plan/change';
import {
  yaml,
  WORKLOADS,
  CLASS,
  CLAIM,
  CLAIM_POD,
  declared,
  docs,
  DELETING,
  claimOf,
  deploymentMounting,
  statefulSetOf,
  volumeWith,
} from './_examples';
import type { RuleEntry } from './rule';

export const DATA_SAFETY_RULES: RuleEntry[] = [
  {
    id: 'reclaim-delete',
    severity: 'info',
    group: 'data-safety',
    summary:
      'A volume, or a class that provisions a claim of the manifests, deletes its storage with the claim.',
    why:
      'With reclaim policy Delete (a StorageClass default), deleting the bound claim deletes the volume and its ' +
      'data: a kubectl delete, a namespace deletion, or a GitOps prune of the claim is enough.',
    remediation: 'Use Retain for data you keep; Delete for data you can recreate.',
    source:
      'docs: Persistent Volumes, Reclaiming (Delete); pkg/apis/storage/v1: SetDefaults_StorageClass (reclaimPolicy Delete)',
    kinds: ['PersistentVolume', 'StorageClass'],
    examples: {
      failing: {
        manifests: docs(
          yaml`
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: standard
            provisioner: ebs.csi.aws.com
          `,
          CLAIM,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'prune-unprotected',
    severity: 'info',
    group: 'data-safety',
    summary: 'A claim or volume whose storage is deleted with it, without GitOps prune protection.',
    why:
      'If the object leaves the repository (a rename, a moved file, a deleted chart), Argo CD or Flux with pruning ' +
      'deletes it from the cluster, and with reclaim policy Delete the volume and its data go too.',
    remediation:
      'Annotate argocd.argoproj.io/sync-options: Prune=false (Argo CD) or kustomize.toolkit.fluxcd.io/prune: disabled (Flux).',
    source:
      'Argo CD: Sync Options, No Prune Resources; Flux kustomize-controller: Prune (kustomize.toolkit.fluxcd.io/prune)',
    kinds: ['PersistentVolumeClaim', 'PersistentVolume'],
    examples: {
      failing: {
        manifests: docs(
          yaml`
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: standard
            provisioner: ebs.csi.aws.com
          `,
          CLAIM,
          CLAIM_POD,
        ),
      },
      passing: {
        manifests: docs(
          yaml`
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: standard
            provisioner: ebs.csi.aws.com
          `,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: data
              annotations:
                argocd.argoproj.io/sync-options: Prune=false
            spec:
              storageClassName: standard
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
      },
    },
  },
  {
    id: 'emptydir-database',
    severity: 'warning',
    group: 'data-safety',
    scope: 'object',
    summary: 'A database image keeps its data directory on an emptyDir.',
    why:
      'An emptyDir is deleted with its pod: every rollout, eviction, node drain or reschedule starts the database ' +
      'empty. The plan knows the data directories of common images (postgres, mysql, mongo, redis, ...).',
    remediation: 'Mount a PersistentVolumeClaim there; in a StatefulSet, a volumeClaimTemplate per replica.',
    source: 'docs: Volumes, emptyDir ("the data in the emptyDir is deleted permanently")',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: db
          spec:
            selector:
              matchLabels:
                app: db
            template:
              metadata:
                labels:
                  app: db
              spec:
                containers:
                  - name: postgres
                    image: postgres:16
                    volumeMounts:
                      - name: data
                        mountPath: /var/lib/postgresql/data
                volumes:
                  - name: data
                    emptyDir: {}
        `,
      },
      passing: {
        manifests: docs(
          CLASS,
          yaml`
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              serviceName: db
              selector:
                matchLabels:
                  app: db
              template:
                metadata:
                  labels:
                    app: db
                spec:
                  containers:
                    - name: postgres
                      image: postgres:16
                      volumeMounts:
                        - name: data
                          mountPath: /var/lib/postgresql/data
              volumeClaimTemplates:
                - metadata:
                    name: data
                  spec:
                    storageClassName: standard
                    accessModes: [ReadWriteOnce]
                    resources:
                      requests:
                        storage: 20Gi
          `,
        ),
      },
    },
  },
  {
    id: 'emptydir-memory',
    severity: 'warning',
    group: 'data-safety',
    scope: 'object',
    summary:
      'A Memory emptyDir without a sizeLimit, mounted by a container without a memory limit, or larger than that limit.',
    why:
      "A Memory emptyDir is tmpfs: what is written there counts against the writing container's memory limit. " +
      'Without a sizeLimit it grows until a writing container is OOM-killed or, with no memory limit, until the ' +
      'node runs short of memory and evicts pods.',
    remediation:
      "Set a sizeLimit below each mounting container's memory limit, and give those containers a memory limit.",
    source: 'docs: Volumes, emptyDir (medium: Memory); docs: Resource Management for Pods and Containers',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: cache
                emptyDir:
                  medium: Memory
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                resources:
                  limits:
                    memory: 256Mi
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: cache
                emptyDir:
                  medium: Memory
                  sizeLimit: 64Mi
        `,
      },
    },
  },
  {
    id: 'hostpath-multi-replica',
    severity: 'warning',
    group: 'data-safety',
    scope: 'object',
    summary: 'A hostPath volume in a Deployment, ReplicaSet or StatefulSet with more than one replica.',
    why:
      'Each pod sees the directory of whichever node it lands on: replicas do not share data, and a pod ' +
      'rescheduled to another node finds a different (often empty) directory.',
    remediation: 'Use a PersistentVolumeClaim (ReadWriteMany to share), or a DaemonSet for per-node agents.',
    source:
      'docs: Volumes, hostPath ("Pods with identical configuration may behave differently on different nodes")',
    kinds: ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            replicas: 3
            selector:
              matchLabels:
                app: web
            template:
              metadata:
                labels:
                  app: web
              spec:
                containers:
                  - name: web
                    image: nginx:1.27
                    volumeMounts:
                      - name: content
                        mountPath: /usr/share/nginx/html
                volumes:
                  - name: content
                    hostPath:
                      path: /srv/web
                      type: Directory
        `,
      },
      passing: {
        manifests: docs(
          yaml`
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: shared
            provisioner: efs.csi.aws.com
            reclaimPolicy: Retain
          `,
          yaml`
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: content
            spec:
              storageClassName: shared
              accessModes: [ReadWriteMany]
              resources:
                requests:
                  storage: 5Gi
          `,
          yaml`
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      volumeMounts:
                        - name: content
                          mountPath: /usr/share/nginx/html
                  volumes:
                    - name: content
                      persistentVolumeClaim:
                        claimName: content
          `,
        ),
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'delete-data-loss'),
    examples: {
      failing: {
        previous: docs(DELETING, claimOf('10Gi', 'deleting')),
        manifests: DELETING,
      },
      passing: {
        previous: docs(DELETING, claimOf('10Gi', 'deleting', true)),
        manifests: DELETING,
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'claim-renamed'),
    examples: {
      failing: {
        previous: docs(CLASS, claimOf('10Gi', 'standard', false, 'data'), deploymentMounting('data')),
        manifests: docs(CLASS, claimOf('10Gi', 'standard', false, 'data-v2'), deploymentMounting('data-v2')),
      },
      passing: {
        previous: docs(CLASS, claimOf('10Gi', 'standard', false, 'data'), deploymentMounting('data')),
        manifests: docs(CLASS, claimOf('10Gi', 'standard', false, 'data'), deploymentMounting('data')),
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'statefulset-scale-down-deletes'),
    examples: {
      failing: {
        previous: docs(DELETING, statefulSetOf(3, 'Delete')),
        manifests: docs(DELETING, statefulSetOf(1, 'Delete')),
      },
      passing: {
        previous: docs(DELETING, statefulSetOf(3, 'Retain')),
        manifests: docs(DELETING, statefulSetOf(1, 'Retain')),
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'reclaim-policy-to-delete'),
    examples: {
      failing: {
        previous: volumeWith('Retain'),
        manifests: volumeWith('Delete'),
      },
      passing: {
        previous: volumeWith('Retain'),
        manifests: volumeWith('Retain'),
      },
    },
  },
];
