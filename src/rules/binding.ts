/** The rules of the group Binding: what the PV controller and the provisioners do with claims, with their examples. */
import { yaml, WORKLOADS, CLASS, CLAIM, CLAIM_POD, docs } from './_examples';
import type { RuleEntry } from './rule';

export const BINDING_RULES: RuleEntry[] = [
  {
    id: 'claim-pending',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'binding',
    summary: 'A claim no volume of the manifests fits and no class can provision: it stays Pending.',
    why:
      'The PV controller binds a claim to the smallest available volume of its class, access modes, volumeMode ' +
      'and selector, or a provisioner creates one; otherwise the claim stays Pending and every pod mounting it ' +
      'stays Pending too. Error when the manifests decide it (storageClassName "", a selector, a ' +
      'kubernetes.io/no-provisioner class, a named volume that cannot take it); warning when it depends on a ' +
      'StorageClass or PersistentVolume outside the manifests, or on whether the cluster has a default class ' +
      '(settled by --default-storage-class, options.defaultStorageClass).',
    remediation:
      'Read the closest volumes in the message: fix the size, class, access modes, volumeMode or labels on the claim ' +
      'or the volume; or name a class that provisions.',
    source:
      'pkg/controller/volume/persistentvolume: syncUnboundClaim, findBestMatchForClaim, checkVolumeSatisfyClaim; ' +
      'docs: Persistent Volumes (Binding, Class, Access Modes)',
    kinds: ['PersistentVolumeClaim', 'StatefulSet', 'PersistentVolume', 'StorageClass'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 5Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'claim-competing',
    severity: 'error',
    group: 'binding',
    summary: 'Two claims need the same volume; the one the plan binds second stays Pending.',
    why:
      'A PersistentVolume binds to one claim. When two claims name it (spec.volumeName) or it is the only one ' +
      'that fits both, whichever claim the controller syncs first gets it and the other stays Pending.',
    remediation: 'Give each claim its own volume, or let a StorageClass provision them.',
    source:
      'pkg/controller/volume/persistentvolume: syncUnboundClaim, findBestMatchForClaim; docs: Persistent Volumes, Binding',
    kinds: ['PersistentVolumeClaim', 'StatefulSet', 'PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: pv-a
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteOnce]
            nfs:
              server: nfs.example.com
              path: /exports/a
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: first
          spec:
            storageClassName: ''
            volumeName: pv-a
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: second
          spec:
            storageClassName: ''
            volumeName: pv-a
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: pv-a
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteOnce]
            nfs:
              server: nfs.example.com
              path: /exports/a
          ---
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: pv-b
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteOnce]
            nfs:
              server: nfs.example.com
              path: /exports/b
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: first
          spec:
            storageClassName: ''
            volumeName: pv-a
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: second
          spec:
            storageClassName: ''
            volumeName: pv-b
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'claimref-namespace',
    severity: 'error',
    group: 'binding',
    scope: 'object',
    summary: 'A PersistentVolume spec.claimRef without a namespace.',
    why:
      'The PV controller matches claimRef by namespace and name. Without a namespace it matches no claim: the ' +
      'volume stays reserved for nothing, and the claim it was meant for stays Pending (or binds elsewhere).',
    remediation: "Set spec.claimRef.namespace to the claim's namespace.",
    source:
      'pkg/controller/volume/persistentvolume: syncVolume, IsVolumeBoundToClaim; docs: Persistent Volumes, Reserving a PersistentVolume',
    kinds: ['PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
              namespace: default
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'claim-bound-mismatch',
    severity: 'warning',
    group: 'binding',
    summary: 'A claim and volume that name each other bind although the volume does not fit the claim.',
    why:
      'When the claim names the volume (spec.volumeName) and the volume reserves the claim (spec.claimRef), the ' +
      'controller completes the binding without checking size, class, access modes or volumeMode: the claim gets ' +
      'a smaller volume, or modes it did not ask for, and an application that relies on them fails later.',
    remediation:
      'Make the volume fit the claim (capacity, class, access modes, volumeMode), or fix the claim.',
    source:
      'pkg/controller/volume/persistentvolume: syncUnboundClaim (a pre-bound pair is bound without checkVolumeSatisfyClaim)',
    kinds: ['PersistentVolumeClaim', 'PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 1Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
              namespace: default
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            volumeName: nfs-data
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
              namespace: default
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            volumeName: nfs-data
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'prebound-bypassed',
    severity: 'warning',
    group: 'binding',
    summary: 'A volume reserved for a claim (spec.claimRef) that the claim does not bind to.',
    why:
      'A reserved volume binds only to the claim it names. When that claim binds elsewhere or cannot use it (too ' +
      'small, another volumeMode or access modes), the volume stays Available and reserved, unusable by any other claim.',
    remediation: 'Make the reserved volume fit the claim, or remove the claimRef so other claims can use it.',
    source:
      'pkg/controller/volume/persistentvolume/index.go: findByClaim; docs: Persistent Volumes, Reserving a PersistentVolume',
    kinds: ['PersistentVolume', 'PersistentVolumeClaim'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: reserved
          spec:
            storageClassName: ''
            capacity:
              storage: 1Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
              namespace: default
            nfs:
              server: nfs.example.com
              path: /exports/reserved
          ---
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: spare
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/spare
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: reserved
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            claimRef:
              name: data
              namespace: default
            nfs:
              server: nfs.example.com
              path: /exports/reserved
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'claim-class-unset',
    severity: 'warning',
    group: 'binding',
    summary:
      'A claim without storageClassName binds to a class-less volume only if the cluster has no default class.',
    why:
      'On a cluster with a default StorageClass, the DefaultStorageClass admission plugin writes that class into a ' +
      'claim that sets none; the claim then no longer matches the class-less volume, and is provisioned by the ' +
      'default class instead (or stays Pending). The plan cannot see the cluster: it names the assumption and ' +
      'the option that settles it (--default-storage-class, options.defaultStorageClass).',
    remediation: 'Set storageClassName: "" on a claim meant for a pre-made class-less volume.',
    source:
      'plugin/pkg/admission/storage/storageclass/setdefault; pkg/controller/volume/persistentvolume: ' +
      'checkVolumeSatisfyClaim; docs: Persistent Volumes, Class',
    kinds: ['PersistentVolumeClaim', 'StatefulSet'],
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
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
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
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'claim-missing',
    severity: 'warning',
    group: 'binding',
    summary: 'A pod volume mounts a claim that is not in the manifests.',
    why:
      'The scheduler does not place a pod whose claim does not exist: it stays Pending until a claim of that ' +
      'name exists in its namespace. The claim may exist in the cluster, which the plan cannot see.',
    remediation: 'Add the PersistentVolumeClaim to the manifests, or fix claimName (and the namespace).',
    source:
      'pkg/scheduler/framework/plugins/volumebinding (persistentvolumeclaim not found); docs: Persistent Volumes, Claims As Volumes',
    kinds: [...WORKLOADS],
    examples: {
      failing: { manifests: docs(CLASS, CLAIM_POD) },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'claim-rwop-rollout',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'binding',
    summary: 'A Deployment with a ReadWriteOncePod claim whose rolling update can never finish.',
    why:
      'A rolling update starts the new pod before an old one stops. Only one pod can use a ReadWriteOncePod ' +
      'claim, so the new pod stays Pending while the old one holds it; with maxUnavailable at 0 (the default ' +
      '25% rounds down for fewer than four replicas) no old pod is stopped first, and every rollout after the ' +
      'first hangs until progressDeadlineSeconds. A warning when replicas is unset and a percentage decides: an ' +
      'autoscaler may run a count the plan cannot see. ClaimDeployment refuses what this rule flags.',
    remediation: 'Use strategy type Recreate, or a rollingUpdate.maxUnavailable of at least 1.',
    source:
      'pkg/controller/deployment/util: ResolveFenceposts; pkg/scheduler/framework/plugins/volumerestrictions (ReadWriteOncePod)',
    kinds: ['Deployment'],
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
              accessModes: [ReadWriteOncePod]
              resources:
                requests:
                  storage: 1Gi
          `,
          yaml`
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
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
                        - name: data
                          mountPath: /data
                  volumes:
                    - name: data
                      persistentVolumeClaim:
                        claimName: data
          `,
        ),
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
              accessModes: [ReadWriteOncePod]
              resources:
                requests:
                  storage: 1Gi
          `,
          yaml`
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              strategy:
                type: Recreate
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
                        - name: data
                          mountPath: /data
                  volumes:
                    - name: data
                      persistentVolumeClaim:
                        claimName: data
          `,
        ),
      },
    },
  },
  {
    id: 'claim-access-mode-shared',
    severity: 'warning',
    // src/plan/warnings.ts sharedClaimFinding: an error for ReadWriteOncePod (one pod, whatever the nodes).
    severities: ['warning', 'error'],
    group: 'binding',
    summary: 'A ReadWriteOnce or ReadWriteOncePod claim mounted by more pods than its mode allows.',
    why:
      'A ReadWriteOnce volume attaches to one node at a time: pods scheduled on another node stay in ' +
      'ContainerCreating with a Multi-Attach error. Only one pod can use a ReadWriteOncePod volume; the others ' +
      'stay Pending.',
    remediation:
      'Use a ReadWriteMany volume to share data, a StatefulSet volumeClaimTemplate for a claim per pod, or a single replica.',
    source:
      'pkg/controller/volume/attachdetach/reconciler (Multi-Attach); pkg/scheduler/framework/plugins/volumerestrictions ' +
      '(ReadWriteOncePod); docs: Persistent Volumes, Access Modes',
    kinds: ['PersistentVolumeClaim', ...WORKLOADS],
    examples: {
      failing: {
        manifests: docs(
          CLASS,
          CLAIM,
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
                        - name: data
                          mountPath: /usr/share/nginx/html
                  volumes:
                    - name: data
                      persistentVolumeClaim:
                        claimName: data
          `,
        ),
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
              name: data
            spec:
              storageClassName: shared
              accessModes: [ReadWriteMany]
              resources:
                requests:
                  storage: 10Gi
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
                        - name: data
                          mountPath: /usr/share/nginx/html
                  volumes:
                    - name: data
                      persistentVolumeClaim:
                        claimName: data
          `,
        ),
      },
    },
  },
  {
    id: 'claim-unused',
    severity: 'info',
    group: 'binding',
    summary: 'A claim no workload of the manifests mounts.',
    why:
      'An unmounted claim holds its storage (and its cost) for nothing, and a claim of a WaitForFirstConsumer class ' +
      'is never provisioned until a pod uses it. It may be mounted from elsewhere, which the plan cannot see.',
    remediation: 'Mount it, or delete it when nothing needs its data.',
    source:
      'docs: Persistent Volumes (Lifecycle of a volume and claim); docs: Storage Classes, Volume Binding Mode',
    kinds: ['PersistentVolumeClaim'],
    examples: {
      failing: { manifests: docs(CLASS, CLAIM) },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'volume-unclaimed',
    severity: 'info',
    group: 'binding',
    summary: 'A PersistentVolume no claim of the manifests binds to.',
    why:
      'It stays Available (or reserved by a claimRef no claim matches): storage provisioned and paid for that no ' +
      'pod of these manifests uses. A claim elsewhere may bind it.',
    remediation: 'Add the claim meant for it, fix its claimRef, or remove it.',
    source: 'pkg/controller/volume/persistentvolume: syncVolume; docs: Persistent Volumes, Phase',
    kinds: ['PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: nfs-data
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
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
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteMany]
            resources:
              requests:
                storage: 10Gi
        `,
      },
    },
  },
  {
    id: 'statefulset-replicas-capped',
    severity: 'info',
    group: 'binding',
    summary: 'A StatefulSet with more replicas than the binding plan expands (100 000).',
    why:
      'The plan predicts a claim per replica of each volumeClaimTemplate; beyond 100 000 ordinals it stops, so the ' +
      'claims of the higher ordinals are not judged. Nothing changes on the cluster.',
    remediation: 'None needed; lower spec.replicas if the number is a mistake.',
    source: "this plan's binding predictor (src/plan/binding/model.ts, MAX_REPLICAS)",
    kinds: ['StatefulSet'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: cache
          spec:
            replicas: 100001
            serviceName: cache
            volumeClaimTemplates:
              - metadata:
                  name: data
                spec:
                  accessModes: [ReadWriteOnce]
                  resources:
                    requests:
                      storage: 1Gi
            selector:
              matchLabels:
                app: cache
            template:
              metadata:
                labels:
                  app: cache
              spec:
                containers:
                  - name: cache
                    image: nginx:1.27
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: cache
          spec:
            replicas: 3
            serviceName: cache
            selector:
              matchLabels:
                app: cache
            template:
              metadata:
                labels:
                  app: cache
              spec:
                containers:
                  - name: cache
                    image: nginx:1.27
        `,
      },
    },
  },
  {
    id: 'ephemeral-claim-conflict',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'binding',
    summary:
      "A claim of the manifests has the name of a pod's generic ephemeral volume claim (<pod>-<volume>).",
    why:
      'For a generic ephemeral volume the ephemeral volume controller creates a claim named <pod name>-<volume name>, ' +
      'owned by the pod. If a claim of that name already exists and the pod does not control it, the controller ' +
      'never uses it (VolumeIsForPod: "was not created for pod ... (pod is not owner)"), so that an unrelated volume ' +
      'is not handed to the pod by mistake: the pod never starts until that claim is gone. Warning when the claim ' +
      "names the pod as its controller: it is the pod's only if the ownerReference's uid is the pod's, which the plan cannot see.",
    remediation:
      'Rename the pod volume or the claim; mount an existing claim with persistentVolumeClaim instead.',
    source:
      'pkg/volume/util/ephemeral: VolumeClaimName, VolumeIsForPod; pkg/controller/volume/ephemeral: handleVolume; ' +
      'docs: Ephemeral Volumes (PersistentVolumeClaim naming)',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Delete
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: scratch
                    mountPath: /scratch
            volumes:
              - name: scratch
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      storageClassName: fast
                      accessModes: [ReadWriteOnce]
                      resources:
                        requests:
                          storage: 1Gi
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: web-scratch
          spec:
            storageClassName: fast
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 1Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Delete
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: scratch
                    mountPath: /scratch
            volumes:
              - name: scratch
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      storageClassName: fast
                      accessModes: [ReadWriteOnce]
                      resources:
                        requests:
                          storage: 1Gi
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: web-data
          spec:
            storageClassName: fast
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 1Gi
        `,
      },
    },
  },
  {
    id: 'attributes-class-missing',
    severity: 'warning',
    group: 'binding',
    summary: 'A claim the plan sees provisioned names a VolumeAttributesClass that is not in the manifests.',
    why:
      'The CSI external-provisioner reads the VolumeAttributesClass named by spec.volumeAttributesClassName before it ' +
      'creates the volume; if the class does not exist it retries, and the claim stays Pending until it does. The ' +
      'class may exist on the cluster, which the plan cannot see. Judged from Kubernetes 1.34, where the ' +
      'VolumeAttributesClass feature is on by default (before, the API server drops the field).',
    remediation:
      'Add the VolumeAttributesClass to the manifests (or plan with the cluster objects), or fix the name.',
    source:
      'kubernetes-csi/external-provisioner pkg/controller/controller.go prepareProvision (VolumeAttributesClasses().Get); ' +
      'docs: Volume Attributes Classes',
    kinds: ['PersistentVolumeClaim', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Delete
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: scratch
                    mountPath: /scratch
            volumes:
              - name: scratch
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      storageClassName: fast
                      accessModes: [ReadWriteOnce]
                      volumeAttributesClassName: gold
                      resources:
                        requests:
                          storage: 1Gi
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Delete
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: scratch
                    mountPath: /scratch
            volumes:
              - name: scratch
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      storageClassName: fast
                      accessModes: [ReadWriteOnce]
                      volumeAttributesClassName: gold
                      resources:
                        requests:
                          storage: 1Gi
          ---
          apiVersion: storage.k8s.io/v1
          kind: VolumeAttributesClass
          metadata:
            name: gold
          driverName: pd.csi.storage.gke.io
          parameters:
            iops: '5000'
        `,
      },
    },
  },
  {
    id: 'attributes-class-driver-mismatch',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'binding',
    summary:
      "A claim names a VolumeAttributesClass of another CSI driver than its class's provisioner: it stays Pending.",
    why:
      "The CSI external-provisioner compares the VolumeAttributesClass's driverName with its own driver name and fails " +
      'the provisioning ("VAC ... referenced in PVC is for driver ... which does not match driver name ..."): the ' +
      'claim stays Pending, and so do the pods mounting it. Classes with an in-tree provisioner name (kubernetes.io/...) ' +
      'are not judged: CSI migration may hand them to a driver of another name. A provisioner not known to be a CSI ' +
      'driver (no CSIDriver object of it in the manifests, not named <x>.csi.<domain>) gets a warning: a provisioner ' +
      'that is not CSI (local-path, nfs-subdir) ignores the VolumeAttributesClass.',
    remediation: "Name a VolumeAttributesClass whose driverName is the claim's StorageClass provisioner.",
    source:
      'kubernetes-csi/external-provisioner pkg/controller/controller.go prepareProvision; docs: Volume Attributes Classes',
    kinds: ['PersistentVolumeClaim', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Delete
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: scratch
                    mountPath: /scratch
            volumes:
              - name: scratch
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      storageClassName: fast
                      accessModes: [ReadWriteOnce]
                      volumeAttributesClassName: gold
                      resources:
                        requests:
                          storage: 1Gi
          ---
          apiVersion: storage.k8s.io/v1
          kind: VolumeAttributesClass
          metadata:
            name: gold
          driverName: ebs.csi.aws.com
          parameters:
            iops: '5000'
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Delete
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            containers:
              - name: web
                image: nginx:1.27
                volumeMounts:
                  - name: scratch
                    mountPath: /scratch
            volumes:
              - name: scratch
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      storageClassName: fast
                      accessModes: [ReadWriteOnce]
                      volumeAttributesClassName: gold
                      resources:
                        requests:
                          storage: 1Gi
          ---
          apiVersion: storage.k8s.io/v1
          kind: VolumeAttributesClass
          metadata:
            name: gold
          driverName: pd.csi.storage.gke.io
          parameters:
            iops: '5000'
        `,
      },
    },
  },
];
