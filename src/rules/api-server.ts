/** The rules of the group API server: what it rejects (schema, validation, served versions), with their examples. */
import { SCHEMA_INVALID_RULE, API_VERSION_UNSERVED_RULE } from '../k8s/schema';
import { SCHEMA_RULES } from '../plan/api-schema';
import { CHANGE_RULES } from '../plan/change';
import { yaml, WORKLOADS, CLASS, CLAIM, CLAIM_POD, declared, docs, EXPANDABLE, claimOf } from './_examples';
import type { RuleEntry } from './rule';

export const API_SERVER_RULES: RuleEntry[] = [
  {
    ...declared(SCHEMA_RULES, SCHEMA_INVALID_RULE),
    scope: 'object',
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
            reclaimPolicy: Retain
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
    id: 'name-invalid',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'An object, namespace, volume, container, class or provisioner name breaks its naming rule.',
    why:
      'The API server rejects the object: object names are DNS-1123 subdomains (Services and Namespaces DNS-1123 ' +
      'labels), pod volume and container names DNS-1123 labels (at most 63 lower-case letters, digits and ' +
      "'-'), a provisioner a qualified name.",
    remediation:
      "Use lower-case letters, digits and '-' (and '.' where a subdomain is allowed), starting and ending with a letter or digit.",
    source:
      'k8s.io/apimachinery/pkg/api/validation: ValidateObjectMeta, NameIsDNSSubdomain, NameIsDNSLabel; ' +
      'pkg/apis/core/validation: ValidateVolumes, validateContainers; pkg/apis/storage/validation: validateProvisioner',
    kinds: ['*'],
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
                  - name: Scratch_Space
                    mountPath: /scratch
            volumes:
              - name: Scratch_Space
                emptyDir: {}
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
                volumeMounts:
                  - name: scratch-space
                    mountPath: /scratch
            volumes:
              - name: scratch-space
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'field-type',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary:
      'A field has the wrong JSON type: a string where a list is required, a scalar where an object is.',
    why:
      'The API server cannot decode the object and rejects it (or, for a list given as a string, the ' +
      'request fails before validation).',
    remediation:
      'Write the field in the shape the API has, e.g. accessModes: [ReadWriteOnce], not accessModes: ReadWriteOnce.',
    source: 'the API types of k8s.io/api/core/v1 and k8s.io/api/storage/v1 (JSON decoding)',
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
              accessModes: ReadWriteOnce
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'required-field',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary:
      'A required field is missing or empty: a claim without a storage request, a hostPath without a path.',
    why: 'The API server rejects the object with "Required value".',
    remediation: 'Set the field the message names.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeClaimSpec, ValidatePersistentVolumeSpec, validateVolumeSource; ' +
      'pkg/apis/storage/validation: ValidateStorageClass',
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
              accessModes: [ReadWriteOnce]
          `,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'cluster-scoped-namespace',
    severity: 'warning',
    group: 'api-server',
    scope: 'object',
    summary: 'A cluster-scoped object (PersistentVolume, StorageClass, ...) sets metadata.namespace.',
    why:
      'The API server clears the namespace of a cluster-scoped object: the object is not per-namespace, ' +
      'whatever the manifest suggests, and two such "copies" in two namespaces are one object.',
    remediation: 'Remove metadata.namespace; give per-namespace copies distinct names.',
    source: 'k8s.io/apiserver/pkg/registry/rest: BeforeCreate (a cluster-scoped object gets no namespace)',
    kinds: ['PersistentVolume', 'StorageClass', 'Namespace', 'CSIDriver', 'VolumeAttachment', 'Node'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
            namespace: team-a
          provisioner: ebs.csi.aws.com
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: ebs.csi.aws.com
        `,
      },
    },
  },
  {
    id: 'quantity-format',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A size is not a Kubernetes quantity (e.g. 10GB, 1Gx, NaN).',
    why:
      'The API server rejects the object. Quantities take the suffixes n, u, m, k, M, G, T, P, E (powers of ' +
      '1000) and Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024); "GB" is none of them.',
    remediation: 'Write 10Gi (2^30 bytes each) or 10G (10^9 bytes each).',
    source: 'k8s.io/apimachinery/pkg/api/resource: ParseQuantity',
    kinds: ['PersistentVolume', 'PersistentVolumeClaim', ...WORKLOADS],
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
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10GB
          `,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'quantity-range',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A quantity out of range: a negative size, a storage size of zero, a request above its limit.',
    why:
      'The API server rejects the object: storage capacity and requests must be greater than zero, ' +
      'resource quantities must not be negative, and a container request may not exceed its limit.',
    remediation: 'Use a positive size; keep each request at or below its limit.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeClaimSpec, ValidatePersistentVolumeSpec, ' +
      'ValidateResourceRequirements, ValidateNonnegativeQuantity',
    kinds: ['PersistentVolume', 'PersistentVolumeClaim', ...WORKLOADS],
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
                resources:
                  requests:
                    memory: 1Gi
                  limits:
                    memory: 512Mi
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
                  requests:
                    memory: 512Mi
                  limits:
                    memory: 1Gi
        `,
      },
    },
  },
  {
    id: 'access-mode',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'An unknown access mode, or ReadWriteOncePod combined with another mode.',
    why:
      'The API server rejects the claim or volume: the modes are ReadWriteOnce, ReadOnlyMany, ReadWriteMany and ' +
      'ReadWriteOncePod, and ReadWriteOncePod must be the only one.',
    remediation: 'Use the exact mode names; ask for ReadWriteOncePod alone.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeSpec, ValidatePersistentVolumeClaimSpec (supportedAccessModes)',
    kinds: ['PersistentVolume', 'PersistentVolumeClaim', ...WORKLOADS],
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
              accessModes: [ReadWriteOncePod, ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
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
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
      },
    },
  },
  {
    id: 'capacity-resource',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: "A PersistentVolume's capacity names a resource other than storage.",
    why: 'The API server rejects the volume: capacity takes only storage. IOPS or throughput belong to the StorageClass parameters or the CSI driver.',
    remediation: 'Keep only capacity.storage; move performance settings to the class parameters.',
    source: 'pkg/apis/core/validation: ValidatePersistentVolumeSpec (capacity: only storage)',
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
              iops: '3000'
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
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            nfs:
              server: nfs.example.com
              path: /exports/data
        `,
      },
    },
  },
  {
    id: 'volume-source',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A PersistentVolume or projected source without exactly one source (none, or several).',
    why:
      'The API server rejects the object: a PersistentVolume (and each entry of a projected volume) names exactly ' +
      'one source. A pod volume with none is defaulted to an emptyDir; one with several is rejected.',
    remediation: 'Keep one source per volume; split the others into volumes of their own.',
    source:
      'pkg/apis/core/validation: validateVolumeSource, ValidatePersistentVolumeSpec, validateProjectionSources',
    kinds: ['PersistentVolume', ...WORKLOADS],
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
            nfs:
              server: nfs.example.com
              path: /exports/shared
            hostPath:
              path: /srv/shared
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
    id: 'reclaim-policy',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary:
      'A reclaim policy that is unknown, Recycle on a StorageClass, on hostPath "/", or on a source that cannot be recycled.',
    why:
      'The API server rejects an unknown policy, Recycle on a StorageClass (Delete or Retain only) and Recycle ' +
      'on a hostPath volume of "/". Recycle on a source other than nfs and hostPath it accepts, but the PV ' +
      'controller has no recycler for it: once the claim is released the volume goes Failed and is never ' +
      'offered again.',
    remediation: 'Use Retain to keep the data, Delete to remove it with the claim.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeSpec (supported policies; no Recycle of hostPath "/"); ' +
      'pkg/apis/storage/validation: validateReclaimPolicy; pkg/controller/volume/persistentvolume: recycleVolumeOperation',
    kinds: ['PersistentVolume', 'StorageClass'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: scratch
          provisioner: ebs.csi.aws.com
          reclaimPolicy: Recycle
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: scratch
          provisioner: ebs.csi.aws.com
          reclaimPolicy: Delete
        `,
      },
    },
  },
  {
    id: 'local-node-affinity',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A local PersistentVolume without spec.nodeAffinity.required.',
    why:
      'The API server rejects the volume: a local volume is a disk of one node, and the scheduler needs its node ' +
      'affinity to place the pods that use it on that node.',
    remediation: 'Add spec.nodeAffinity.required.nodeSelectorTerms naming the node (kubernetes.io/hostname).',
    source: 'pkg/apis/core/validation: ValidatePersistentVolumeSpec ("Local volume requires node affinity")',
    kinds: ['PersistentVolume'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: local-ssd
          spec:
            capacity:
              storage: 100Gi
            accessModes: [ReadWriteOnce]
            storageClassName: local-storage
            local:
              path: /mnt/disks/ssd1
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: local-ssd
          spec:
            capacity:
              storage: 100Gi
            accessModes: [ReadWriteOnce]
            storageClassName: local-storage
            local:
              path: /mnt/disks/ssd1
            nodeAffinity:
              required:
                nodeSelectorTerms:
                  - matchExpressions:
                      - key: kubernetes.io/hostname
                        operator: In
                        values: [node-1]
        `,
      },
    },
  },
  {
    id: 'volume-mode',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A volumeMode other than Filesystem or Block.',
    why: 'The API server rejects the claim or volume; the values are case-sensitive.',
    remediation: 'Use Filesystem (the default) or Block.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeSpec, ValidatePersistentVolumeClaimSpec (supportedVolumeModes)',
    kinds: ['PersistentVolume', 'PersistentVolumeClaim', ...WORKLOADS],
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
              volumeMode: block
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 10Gi
          `,
          CLAIM_POD,
        ),
      },
      passing: { manifests: docs(CLASS, CLAIM, CLAIM_POD) },
    },
  },
  {
    id: 'volume-binding-mode',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A StorageClass volumeBindingMode other than Immediate or WaitForFirstConsumer.',
    why: 'The API server rejects the StorageClass, and every claim of that class then waits for a class that does not exist.',
    remediation: 'Use Immediate (the default) or WaitForFirstConsumer.',
    source: 'pkg/apis/storage/validation: validateVolumeBindingMode',
    kinds: ['StorageClass'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: zonal
          provisioner: pd.csi.storage.gke.io
          volumeBindingMode: WaitForConsumer
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: zonal
          provisioner: pd.csi.storage.gke.io
          volumeBindingMode: WaitForFirstConsumer
        `,
      },
    },
  },
  {
    id: 'storageclass-topology',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A StorageClass allowedTopologies term without matchLabelExpressions, a key or values.',
    why: 'The API server rejects the StorageClass: each topology term needs at least one expression with a key and non-empty values.',
    remediation: 'Give each term a key such as topology.kubernetes.io/zone and the values it allows.',
    source:
      'pkg/apis/storage/validation: validateAllowedTopologies; pkg/apis/core/validation: ValidateTopologySelectorTerm',
    kinds: ['StorageClass'],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: zonal
          provisioner: pd.csi.storage.gke.io
          allowedTopologies:
            - matchLabelExpressions:
                - key: topology.kubernetes.io/zone
                  values: []
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: zonal
          provisioner: pd.csi.storage.gke.io
          allowedTopologies:
            - matchLabelExpressions:
                - key: topology.kubernetes.io/zone
                  values: [europe-west1-b]
        `,
      },
    },
  },
  {
    id: 'duplicate-name',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'Two volumes, or two containers, of one pod share a name.',
    why: 'The API server rejects the pod with "Duplicate value": mounts refer to volumes by name, so names must be unique.',
    remediation: 'Rename one of them (and the volumeMounts that refer to it).',
    source: 'pkg/apis/core/validation: ValidateVolumes, validateContainers',
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
                emptyDir: {}
              - name: cache
                emptyDir: {}
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
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
                  - name: run
                    mountPath: /var/run
            volumes:
              - name: cache
                emptyDir: {}
              - name: run
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'mount-volume-missing',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A volumeMount names a volume the pod does not have.',
    why: 'The API server rejects the pod ("Not found"): a mount refers to one of the pod\'s own volumes (or, in a StatefulSet, a volumeClaimTemplate).',
    remediation: 'Add the volume to the pod, or fix the name in the volumeMount.',
    source: 'pkg/apis/core/validation: ValidateVolumeMounts',
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
              - name: scratch
                emptyDir: {}
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
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: cache
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'mount-path-duplicate',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'Two volumeMounts of one container at the same path.',
    why:
      'The API server rejects two mounts at the same path ("must be unique"). Written differently (`/data` and ' +
      '`/data/`), they pass the API server but name one directory: one mount hides the other, or the runtime ' +
      'refuses the container.',
    remediation: 'Give each mount its own path, or use subPath to place parts of volumes side by side.',
    source: 'pkg/apis/core/validation: ValidateVolumeMounts',
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
                  - name: content
                    mountPath: /usr/share/nginx/html
                  - name: extra
                    mountPath: /usr/share/nginx/html
            volumes:
              - name: content
                emptyDir: {}
              - name: extra
                emptyDir: {}
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
                volumeMounts:
                  - name: content
                    mountPath: /usr/share/nginx/html
                  - name: extra
                    mountPath: /usr/share/nginx/html/extra
            volumes:
              - name: content
                emptyDir: {}
              - name: extra
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'subpath-exclusive',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A volumeMount sets both subPath and subPathExpr.',
    why: 'The API server rejects the pod: subPath and subPathExpr are mutually exclusive.',
    remediation: 'Keep one: subPathExpr when the path uses $(VAR) from the environment, subPath otherwise.',
    source: 'pkg/apis/core/validation: ValidateVolumeMounts',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: logger
          spec:
            containers:
              - name: logger
                image: busybox:1.36
                env:
                  - name: POD_NAME
                    valueFrom:
                      fieldRef:
                        fieldPath: metadata.name
                volumeMounts:
                  - name: logs
                    mountPath: /logs
                    subPath: logger
                    subPathExpr: $(POD_NAME)
            volumes:
              - name: logs
                emptyDir: {}
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: logger
          spec:
            containers:
              - name: logger
                image: busybox:1.36
                env:
                  - name: POD_NAME
                    valueFrom:
                      fieldRef:
                        fieldPath: metadata.name
                volumeMounts:
                  - name: logs
                    mountPath: /logs
                    subPathExpr: $(POD_NAME)
            volumes:
              - name: logs
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'path-backsteps',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: "A node path, subPath, item path or gitRepo directory with a '..' element.",
    why:
      "The API server rejects the object: '..' would reach outside the volume (subPath, items) or make the node " +
      'path ambiguous (hostPath, local).',
    remediation:
      "Write the path without '..': mount a different volume or directory instead of climbing out of one.",
    source:
      'pkg/apis/core/validation: validatePathNoBacksteps, validateLocalDescendingPath, validateHostPathVolumeSource, ' +
      'validateLocalVolumeSource',
    kinds: ['PersistentVolume', ...WORKLOADS],
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
                  - name: content
                    mountPath: /usr/share/nginx/html
                    subPath: ../site
            volumes:
              - name: content
                emptyDir: {}
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
                volumeMounts:
                  - name: content
                    mountPath: /usr/share/nginx/html
                    subPath: site
            volumes:
              - name: content
                emptyDir: {}
        `,
      },
    },
  },
  {
    id: 'path-not-relative',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A subPath, items[].path or gitRepo directory that is absolute.',
    why: 'The API server rejects the object: these paths are inside the volume and must be relative to it.',
    remediation: "Drop the leading '/'.",
    source: 'pkg/apis/core/validation: validateLocalDescendingPath',
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
                  - name: config
                    mountPath: /etc/nginx/conf.d
            volumes:
              - name: config
                configMap:
                  name: web-config
                  items:
                    - key: site.conf
                      path: /default.conf
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
                volumeMounts:
                  - name: config
                    mountPath: /etc/nginx/conf.d
            volumes:
              - name: config
                configMap:
                  name: web-config
                  items:
                    - key: site.conf
                      path: default.conf
        `,
      },
    },
  },
  {
    id: 'path-not-absolute',
    severity: 'error',
    severities: ['error', 'warning'],
    group: 'api-server',
    scope: 'object',
    summary: 'An NFS export path, hostPath or local path that is not absolute.',
    why:
      'The API server rejects an NFS volume whose path is not absolute (an error). A relative hostPath or local ' +
      'path it accepts, and the kubelet hands it to the container runtime as it is, so what a Linux node mounts is ' +
      'unclear or the mount fails (a warning: Windows nodes take drive and \\-rooted paths). A relative mountPath ' +
      'is no problem: the kubelet makes it absolute.',
    remediation: "Start the path with '/' (or a drive letter on Windows nodes).",
    source:
      'pkg/apis/core/validation: validateNFSVolumeSource (path.IsAbs), validateHostPathVolumeSource, ' +
      'validateLocalVolumeSource; pkg/kubelet/kubelet_pods.go makeMounts (MakeAbsolutePath for a mountPath)',
    kinds: ['PersistentVolume', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: share
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            persistentVolumeReclaimPolicy: Retain
            nfs:
              server: nfs.example.com
              path: exports/share
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: share
          spec:
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteMany]
            persistentVolumeReclaimPolicy: Retain
            nfs:
              server: nfs.example.com
              path: /exports/share
        `,
      },
    },
  },
  {
    id: 'file-mode',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A defaultMode or items[].mode outside 0 to 0777 octal, often a decimal 644 meant as octal.',
    why:
      'The API server rejects the pod. YAML reads 644 as decimal 644, which is more than 0777 (511); kubectl reads ' +
      'YAML 1.1, where 0644 is octal (420).',
    remediation: 'Write the mode as 0644 in YAML, or as its decimal value (420) in JSON.',
    source:
      'pkg/apis/core/validation: validateSecretVolumeSource, validateConfigMapVolumeSource, validateKeyToPath',
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
                  - name: tls
                    mountPath: /etc/nginx/tls
                    readOnly: true
            volumes:
              - name: tls
                secret:
                  secretName: web-tls
                  defaultMode: 644
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
                volumeMounts:
                  - name: tls
                    mountPath: /etc/nginx/tls
                    readOnly: true
            volumes:
              - name: tls
                secret:
                  secretName: web-tls
                  defaultMode: 0644
        `,
      },
    },
  },
  {
    id: 'label-selector',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A claim selector expression with an unknown operator, or values that do not fit the operator.',
    why:
      'The API server rejects the claim: In and NotIn need a non-empty values list, Exists and DoesNotExist take ' +
      'no values, and no other operator exists.',
    remediation: 'Use matchLabels, or fix the expression as the message says.',
    source: 'k8s.io/apimachinery/pkg/apis/meta/v1/validation: ValidateLabelSelectorRequirement',
    kinds: ['PersistentVolumeClaim', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: fast-1
            labels:
              tier: fast
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteOnce]
            nfs:
              server: nfs.example.com
              path: /exports/fast-1
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
            selector:
              matchExpressions:
                - key: tier
                  operator: In
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: PersistentVolume
          metadata:
            name: fast-1
            labels:
              tier: fast
          spec:
            storageClassName: ''
            capacity:
              storage: 10Gi
            accessModes: [ReadWriteOnce]
            nfs:
              server: nfs.example.com
              path: /exports/fast-1
          ---
          apiVersion: v1
          kind: PersistentVolumeClaim
          metadata:
            name: data
          spec:
            storageClassName: ''
            accessModes: [ReadWriteOnce]
            resources:
              requests:
                storage: 10Gi
            selector:
              matchExpressions:
                - key: tier
                  operator: In
                  values: [fast]
        `,
      },
    },
  },
  {
    id: 'hostpath-type',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A hostPath type that is not one of the API values.',
    why:
      'The API server rejects the object. The type decides what the kubelet checks (or creates) before mounting: ' +
      '"", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice.',
    remediation: 'Use one of those values; Directory or File when the path must already exist.',
    source: 'pkg/apis/core/validation: validateHostPathType',
    kinds: ['PersistentVolume', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: log-reader
          spec:
            selector:
              matchLabels:
                app: log-reader
            template:
              metadata:
                labels:
                  app: log-reader
              spec:
                containers:
                  - name: reader
                    image: busybox:1.36
                    volumeMounts:
                      - name: logs
                        mountPath: /host/log
                        readOnly: true
                volumes:
                  - name: logs
                    hostPath:
                      path: /var/log
                      type: Dir
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: log-reader
          spec:
            selector:
              matchLabels:
                app: log-reader
            template:
              metadata:
                labels:
                  app: log-reader
              spec:
                containers:
                  - name: reader
                    image: busybox:1.36
                    volumeMounts:
                      - name: logs
                        mountPath: /host/log
                        readOnly: true
                volumes:
                  - name: logs
                    hostPath:
                      path: /var/log
                      type: Directory
        `,
      },
    },
  },
  {
    id: 'emptydir-medium',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'An emptyDir medium other than "", Memory, HugePages or HugePages-<size>.',
    why:
      'The API server accepts the pod, but the kubelet fails to set up the volume ("unknown storage medium") and ' +
      'the pod stays in ContainerCreating. The values are case-sensitive.',
    remediation: 'Use Memory for tmpfs, or leave medium unset for node disk.',
    source: 'pkg/volume/emptydir: SetUpAt (the kubelet); docs: Volumes, emptyDir',
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
                resources:
                  limits:
                    memory: 256Mi
                volumeMounts:
                  - name: cache
                    mountPath: /var/cache/nginx
            volumes:
              - name: cache
                emptyDir:
                  medium: memory
                  sizeLimit: 64Mi
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
    id: 'security-context-id',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary:
      'A runAsUser, runAsGroup, fsGroup or supplemental group outside 0 to 2147483647 (a number from code such as 2**31).',
    why:
      'The API server rejects the Pod or the workload: user and group ids are limited to the range the kernel and the ' +
      'container runtimes accept, although the field itself is an int64.',
    remediation: 'Use a uid or gid from 0 to 2147483647 (non-root images commonly use 1000 to 65535).',
    source:
      'pkg/apis/core/validation: validatePodSpecSecurityContext, ValidateSecurityContext; ' +
      'k8s.io/apimachinery/pkg/util/validation: IsValidUserID, IsValidGroupID',
    kinds: [...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            securityContext:
              runAsUser: 2147483648
            containers:
              - name: web
                image: nginx:1.27
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: v1
          kind: Pod
          metadata:
            name: web
          spec:
            securityContext:
              runAsUser: 2147483647
            containers:
              - name: web
                image: nginx:1.27
        `,
      },
    },
  },
  {
    id: 'image-whitespace',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary: 'A container image with leading or trailing whitespace.',
    why:
      'The API server rejects such a Pod. A pod template is not checked, so a Deployment or StatefulSet is accepted, ' +
      'and then every pod its controller creates is rejected: the workload never runs a pod (FailedCreate events).',
    remediation: 'Remove the whitespace around the image reference.',
    source: 'pkg/apis/core/validation: validateContainersOnlyForPod (called for Pods, not for pod templates)',
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
                image: " nginx:1.27"
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
        `,
      },
    },
  },
  {
    ...declared(SCHEMA_RULES, API_VERSION_UNSERVED_RULE),
    scope: 'object',
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1beta1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: ebs.csi.aws.com
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: ebs.csi.aws.com
        `,
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'update-immutable'),
    examples: {
      failing: {
        previous: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Retain
          parameters:
            type: pd-balanced
        `,
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Retain
          parameters:
            type: pd-ssd
        `,
      },
      passing: {
        previous: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Retain
          parameters:
            type: pd-balanced
        `,
        manifests: yaml`
          apiVersion: storage.k8s.io/v1
          kind: StorageClass
          metadata:
            name: fast
            labels:
              tier: gold
          provisioner: pd.csi.storage.gke.io
          reclaimPolicy: Retain
          parameters:
            type: pd-balanced
        `,
      },
    },
  },
  {
    ...declared(CHANGE_RULES, 'claim-shrink'),
    examples: {
      failing: {
        previous: docs(EXPANDABLE, claimOf('20Gi')),
        manifests: docs(EXPANDABLE, claimOf('10Gi')),
      },
      passing: {
        previous: docs(EXPANDABLE, claimOf('20Gi')),
        manifests: docs(EXPANDABLE, claimOf('20Gi')),
      },
    },
  },
  {
    id: 'ephemeral-template-metadata',
    severity: 'error',
    group: 'api-server',
    scope: 'object',
    summary:
      "An ephemeral volume's volumeClaimTemplate.metadata sets a field other than labels and annotations.",
    why:
      "The claim of a generic ephemeral volume is named <pod name>-<volume name> in the pod's namespace; its template " +
      'may carry only labels and annotations, and the API server rejects the pod if any other metadata field is set ' +
      '("cannot be set for an ephemeral volume").',
    remediation: 'Remove the field (name, namespace, ...): name the pod volume to choose the claim name.',
    source:
      'pkg/apis/core/validation: ValidatePersistentVolumeClaimTemplate, validatePersistentVolumeClaimTemplateObjectMeta ' +
      '(allowedPVCTemplateObjectMetaFields)',
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
                    metadata:
                      name: my-scratch
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
                    metadata:
                      labels:
                        app: web
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
];
