/**
 * Every rule of validate.ts, finding by finding: for each case of _validate-cases.ts, the exact
 * findings (severity, rule, object, field and message). Messages are part of the contract: the
 * CLI, the report and the constructs show them, and the mutation tests hold them here.
 */
import { validateManifest, validateManifests } from '../../src/plan/validate';
import { Finding } from '../../src/plan/types';
import { CASES } from './_validate-cases';

const EXPECTED: Record<string, Finding[]> = {
  'unreadable manifests': [
    {
      severity: 'error',
      rule: 'manifest-unreadable',
      object: 'manifests[0]',
      message:
        'manifests[0] is null, not an object; a Kubernetes object needs kind, apiVersion and metadata.name or metadata.generateName (strings)',
    },
    {
      severity: 'error',
      rule: 'manifest-unreadable',
      object: 'manifests[1]',
      message:
        'manifests[1] is 5, not an object; a Kubernetes object needs kind, apiVersion and metadata.name or metadata.generateName (strings)',
    },
    {
      severity: 'error',
      rule: 'manifest-unreadable',
      object: 'manifests[2]',
      message:
        'manifests[2] is "x", not an object; a Kubernetes object needs kind, apiVersion and metadata.name or metadata.generateName (strings)',
    },
    {
      severity: 'error',
      rule: 'manifest-unreadable',
      object: 'manifests[3]',
      message:
        'manifests[3] is a list of 0, not an object; a Kubernetes object needs kind, apiVersion and metadata.name or metadata.generateName (strings)',
    },
    {
      severity: 'error',
      rule: 'manifest-unreadable',
      object: 'Pod/default/<no name>',
      message:
        'manifests[4] has no string apiVersion, metadata.name (or metadata.generateName); a Kubernetes object needs kind, apiVersion and metadata.name or metadata.generateName (strings)',
    },
    {
      severity: 'error',
      rule: 'manifest-unreadable',
      object: 'Pod/default/<no name>',
      message:
        'manifests[5] has no string metadata.name (or metadata.generateName); a Kubernetes object needs kind, apiVersion and metadata.name or metadata.generateName (strings)',
    },
    {
      severity: 'error',
      rule: 'manifest-unreadable',
      object: '/default/<no name>',
      message:
        'manifests[6] has no string kind, apiVersion, metadata.name (or metadata.generateName); a Kubernetes object needs kind, apiVersion and metadata.name or metadata.generateName (strings)',
    },
  ],
  'the same object twice, and once under another apiVersion': [
    {
      severity: 'warning',
      rule: 'duplicate-object',
      object: 'PersistentVolume/pv',
      message:
        'PersistentVolume/pv appears more than once in the manifests (again at manifests[1]); when applied, the later one replaces the earlier',
    },
  ],
  'a workload without a pod spec': [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/p',
      message:
        'Pod has no pod spec where one is required (an object at spec, spec.template.spec or spec.jobTemplate.spec.template.spec)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Deployment/default/d',
      message:
        'Deployment has no pod spec where one is required (an object at spec, spec.template.spec or spec.jobTemplate.spec.template.spec)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'CronJob/default/j',
      message:
        'CronJob has no pod spec where one is required (an object at spec, spec.template.spec or spec.jobTemplate.spec.template.spec)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'ReplicationController/default/rc',
      message:
        'ReplicationController has no pod spec where one is required (an object at spec, spec.template.spec or spec.jobTemplate.spec.template.spec)',
    },
  ],
  'metadata.generateName: checked as a prefix, never a duplicate': [
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'Pod/default/Bad_*',
      field: 'metadata.generateName',
      message:
        "Pod generateName is \"Bad_\"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit (a name prefix, so a trailing '-' is allowed)",
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'Pod/default/-lead*',
      field: 'metadata.generateName',
      message:
        "Pod generateName is \"-lead\"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit (a name prefix, so a trailing '-' is allowed)",
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'PersistentVolumeClaim/default/Named',
      field: 'metadata.name',
      message:
        "PersistentVolumeClaim name is \"Named\"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit",
    },
    {
      severity: 'error',
      rule: 'mount-volume-missing',
      object: 'ReplicationController/default/rc-*',
      field: 'spec.template.spec.containers[0].volumeMounts[0].name',
      message: 'volumeMount names volume "gone", which this pod does not have; its volumes are: none',
    },
  ],
  'names by kind': [
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'StatefulSet/default/Db',
      field: 'metadata.name',
      message:
        'StatefulSet name is "Db"; a DNS-1123 label has only lowercase letters, digits and \'-\', and starts and ends with a letter or digit',
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'Service/default/a.b',
      field: 'metadata.name',
      message:
        'Service name is "a.b"; a DNS-1123 label has only lowercase letters, digits and \'-\', and starts and ends with a letter or digit',
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'Namespace/a.b',
      field: 'metadata.name',
      message:
        'Namespace name is "a.b"; a DNS-1123 label has only lowercase letters, digits and \'-\', and starts and ends with a letter or digit',
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'Secret/default/S',
      field: 'metadata.name',
      message:
        "Secret name is \"S\"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit",
    },
  ],
  namespaces: [
    {
      severity: 'warning',
      rule: 'cluster-scoped-namespace',
      object: 'PersistentVolume/pv2',
      field: 'metadata.namespace',
      message:
        'metadata.namespace is "ns", but a PersistentVolume is cluster-scoped: the namespace is ignored; remove it',
    },
    {
      severity: 'error',
      rule: 'field-type',
      object: 'Pod/default/p',
      field: 'metadata.namespace',
      message: 'metadata.namespace is 5; expected a string',
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'Pod/Bad_NS/p2',
      field: 'metadata.namespace',
      message:
        'namespace is "Bad_NS"; a DNS-1123 label has only lowercase letters, digits and \'-\', and starts and ends with a letter or digit',
    },
  ],
  'PersistentVolume without a spec': [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolume/pv',
      field: 'spec',
      message: 'a PersistentVolume needs a spec (got unset)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolume/pv2',
      field: 'spec',
      message: 'a PersistentVolume needs a spec (got "x")',
    },
  ],
  'PersistentVolume capacity': [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolume/pv',
      field: 'spec.capacity.storage',
      message:
        'capacity storage is required; expected a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    },
    {
      severity: 'error',
      rule: 'quantity-format',
      object: 'PersistentVolume/b',
      field: 'spec.capacity.storage',
      message:
        'capacity storage is an object, which is not a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    },
    {
      severity: 'error',
      rule: 'quantity-range',
      object: 'PersistentVolume/c',
      field: 'spec.capacity.storage',
      message: 'capacity storage is "0"; it must be greater than zero',
    },
    {
      severity: 'error',
      rule: 'quantity-format',
      object: 'PersistentVolume/d',
      field: 'spec.capacity.storage',
      message:
        'capacity storage is "x", which is not a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    },
    {
      severity: 'error',
      rule: 'capacity-resource',
      object: 'PersistentVolume/f',
      field: 'spec.capacity',
      message: "capacity has cpu; a PersistentVolume's capacity takes only storage",
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolume/g',
      field: 'spec.capacity.storage',
      message:
        'capacity storage is required; expected a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    },
    {
      severity: 'error',
      rule: 'quantity-range',
      object: 'PersistentVolume/h',
      field: 'spec.capacity.storage',
      message: 'capacity storage is "-1"; it must be greater than zero',
    },
  ],
  'access modes': [
    {
      severity: 'error',
      rule: 'field-type',
      object: 'PersistentVolume/pv',
      field: 'spec.accessModes',
      message: 'accessModes is "ReadWriteOnce"; expected a list such as [ReadWriteOnce]',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolumeClaim/default/c',
      field: 'spec.accessModes',
      message:
        'accessModes is a list of 0; at least one is required: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolumeClaim/default/c2',
      field: 'spec.accessModes',
      message:
        'accessModes is null; at least one is required: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod',
    },
    {
      severity: 'error',
      rule: 'access-mode',
      object: 'PersistentVolumeClaim/default/c3',
      field: 'spec.accessModes[0]',
      message: 'access mode is "Bad"; allowed: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod',
    },
    {
      severity: 'error',
      rule: 'access-mode',
      object: 'PersistentVolumeClaim/default/c4',
      field: 'spec.accessModes',
      message:
        'accessModes are [ReadWriteOncePod, ReadWriteOnce]; ReadWriteOncePod cannot be combined with other access modes',
    },
    {
      severity: 'error',
      rule: 'access-mode',
      object: 'PersistentVolumeClaim/default/c5',
      field: 'spec.accessModes[0]',
      message: 'access mode is 5; allowed: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod',
    },
  ],
  'storage class names': [
    {
      severity: 'error',
      rule: 'field-type',
      object: 'PersistentVolume/pv',
      field: 'spec.storageClassName',
      message: 'storageClassName is 5; expected a string',
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'PersistentVolumeClaim/default/c1',
      field: 'spec.storageClassName',
      message:
        "storageClassName is \"Bad Class\"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit",
    },
    {
      severity: 'error',
      rule: 'field-type',
      object: 'PersistentVolumeClaim/default/c4',
      field: 'spec.storageClassName',
      message: 'storageClassName is false; expected a string',
    },
  ],
  'no source, several sources, a source that is not an object': [
    {
      severity: 'error',
      rule: 'volume-source',
      object: 'PersistentVolume/pv',
      field: 'spec',
      message:
        'a PersistentVolume needs exactly one source and has none (unknown keys: flocker2, other); one of: awsElasticBlockStore, azureDisk, azureFile, cephfs, cinder, csi, fc, flexVolume, flocker, gcePersistentDisk, glusterfs, hostPath, iscsi, local, nfs, photonPersistentDisk, portworxVolume, quobyte, rbd, scaleIO, storageos, vsphereVolume',
    },
    {
      severity: 'error',
      rule: 'volume-source',
      object: 'PersistentVolume/two',
      field: 'spec',
      message: 'a PersistentVolume has 3 sources (csi, hostPath, nfs); it must have exactly one',
    },
    {
      severity: 'error',
      rule: 'field-type',
      object: 'PersistentVolume/str',
      field: 'spec.nfs',
      message: 'nfs is "x"; expected an object',
    },
  ],
  'node paths': [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolume/pv',
      field: 'spec.hostPath.path',
      message: 'hostPath path is required (got unset)',
    },
    // the API server accepts a relative hostPath (only nfs must be absolute): a warning
    {
      severity: 'warning',
      rule: 'path-not-absolute',
      object: 'PersistentVolume/b',
      field: 'spec.hostPath.path',
      message:
        'hostPath path is "rel", not an absolute path: the API server accepts it, but the kubelet hands it to the runtime as it is, so what a Linux node mounts is unclear or the mount fails; use an absolute path (on Windows nodes a drive, \'\\\'-rooted or UNC path)',
    },
    {
      severity: 'error',
      rule: 'hostpath-type',
      object: 'PersistentVolume/b',
      field: 'spec.hostPath.type',
      message:
        'hostPath type is "dir"; allowed: "" (unset), DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice',
    },
    {
      severity: 'error',
      rule: 'path-backsteps',
      object: 'PersistentVolume/c',
      field: 'spec.hostPath.path',
      message: 'hostPath path is "/a/../b"; it must not contain a \'..\' element',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolume/d',
      field: 'spec.nfs.server',
      message: 'nfs server is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'path-not-absolute',
      object: 'PersistentVolume/d',
      field: 'spec.nfs.path',
      message: 'nfs path is "../x"; the API server requires an absolute path (starting with \'/\')',
    },
    {
      severity: 'error',
      rule: 'field-type',
      object: 'PersistentVolume/e',
      field: 'spec.local.path',
      message: 'local path is 5; expected a string',
    },
    // validateNFSVolumeSource uses Go's path.IsAbs: a Windows path is no absolute nfs path
    {
      severity: 'error',
      rule: 'path-not-absolute',
      object: 'PersistentVolume/win-nfs',
      field: 'spec.nfs.path',
      message: 'nfs path is "C:\\export"; the API server requires an absolute path (starting with \'/\')',
    },
    {
      severity: 'warning',
      rule: 'path-not-absolute',
      object: 'PersistentVolume/win-relative',
      field: 'spec.hostPath.path',
      message:
        'hostPath path is "C:data", not an absolute path: the API server accepts it, but the kubelet hands it to the runtime as it is, so what a Linux node mounts is unclear or the mount fails; use an absolute path (on Windows nodes a drive, \'\\\'-rooted or UNC path)',
    },
  ],
  'reclaim policies': [
    {
      severity: 'error',
      rule: 'reclaim-policy',
      object: 'PersistentVolume/pv',
      field: 'spec.persistentVolumeReclaimPolicy',
      message: 'persistentVolumeReclaimPolicy is "recycle"; allowed: Retain, Delete, Recycle',
    },
    // Recycle on a csi volume: the API server accepts it (only hostPath "/" is refused), so validation says
    // nothing; warnings.ts recycle-deprecated says the released volume goes Failed (test/plan/warnings.test.ts)
    {
      severity: 'error',
      rule: 'reclaim-policy',
      object: 'PersistentVolume/root',
      field: 'spec.persistentVolumeReclaimPolicy',
      message:
        'persistentVolumeReclaimPolicy is "Recycle" on hostPath "/"; recycling would wipe the node\'s root',
    },
  ],
  'local volumes need node affinity': [
    {
      severity: 'error',
      rule: 'local-node-affinity',
      object: 'PersistentVolume/pv',
      field: 'spec.nodeAffinity.required',
      message:
        'a local PersistentVolume needs spec.nodeAffinity.required with at least one nodeSelectorTerm naming its node (got unset)',
    },
    {
      severity: 'error',
      rule: 'local-node-affinity',
      object: 'PersistentVolume/b',
      field: 'spec.nodeAffinity.required',
      message:
        'a local PersistentVolume needs spec.nodeAffinity.required with at least one nodeSelectorTerm naming its node (got an object)',
    },
  ],
  'volume modes and claimRefs': [
    {
      severity: 'error',
      rule: 'volume-mode',
      object: 'PersistentVolume/pv',
      field: 'spec.volumeMode',
      message: 'volumeMode is "block"; allowed: Filesystem, Block',
    },
    {
      severity: 'error',
      rule: 'claimref-namespace',
      object: 'PersistentVolume/b',
      field: 'spec.claimRef.namespace',
      message:
        'claimRef names claim "c" with namespace unset; claimRef.namespace is required, or the claim never binds',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolume/c',
      field: 'spec.claimRef.name',
      message: 'claimRef name is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'claimref-namespace',
      object: 'PersistentVolume/e',
      field: 'spec.claimRef.namespace',
      message:
        'claimRef names claim "c" with namespace ""; claimRef.namespace is required, or the claim never binds',
    },
  ],
  claims: [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolumeClaim/default/c',
      field: 'spec',
      message: 'a claim needs a spec with accessModes and resources.requests.storage (got unset)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolumeClaim/default/list',
      field: 'spec',
      message: 'a claim needs a spec with accessModes and resources.requests.storage (got a list of 0)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolumeClaim/default/bad',
      field: 'spec.resources.requests.storage',
      message:
        'requested storage is required; expected a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    },
    {
      severity: 'error',
      rule: 'volume-mode',
      object: 'PersistentVolumeClaim/default/bad',
      field: 'spec.volumeMode',
      message: 'volumeMode is "fs"; allowed: Filesystem, Block',
    },
  ],
  'label selectors': [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolumeClaim/default/c',
      field: 'spec.selector.matchExpressions[0].key',
      message: 'matchExpressions[].key is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'label-selector',
      object: 'PersistentVolumeClaim/default/c',
      field: 'spec.selector.matchExpressions[0].values',
      message: 'operator In needs a non-empty values list (got unset)',
    },
    {
      severity: 'error',
      rule: 'label-selector',
      object: 'PersistentVolumeClaim/default/c',
      field: 'spec.selector.matchExpressions[1].values',
      message: 'operator NotIn needs a non-empty values list (got a list of 0)',
    },
    {
      severity: 'error',
      rule: 'label-selector',
      object: 'PersistentVolumeClaim/default/c',
      field: 'spec.selector.matchExpressions[2].values',
      message: 'operator Exists takes no values (got a list of 1)',
    },
    {
      severity: 'error',
      rule: 'label-selector',
      object: 'PersistentVolumeClaim/default/c',
      field: 'spec.selector.matchExpressions[3].values',
      message: 'operator DoesNotExist takes no values (got a list of 1)',
    },
    {
      severity: 'error',
      rule: 'label-selector',
      object: 'PersistentVolumeClaim/default/c',
      field: 'spec.selector.matchExpressions[4].operator',
      message: 'operator is "in"; allowed: In, NotIn, Exists, DoesNotExist',
    },
    {
      severity: 'error',
      rule: 'label-selector',
      object: 'PersistentVolumeClaim/default/c',
      field: 'spec.selector.matchExpressions[5].operator',
      message: 'operator is 5; allowed: In, NotIn, Exists, DoesNotExist',
    },
  ],
  'storage classes': [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'StorageClass/sc',
      field: 'provisioner',
      message: 'provisioner is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'field-type',
      object: 'StorageClass/b',
      field: 'provisioner',
      message: 'provisioner is 5; expected a string',
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'StorageClass/c',
      field: 'provisioner',
      message:
        "provisioner is \"bad prov\"; expected a qualified name such as 'ebs.csi.aws.com' or 'example.com/my-provisioner' (the part after '/' at most 63 characters)",
    },
    {
      severity: 'error',
      rule: 'reclaim-policy',
      object: 'StorageClass/e',
      field: 'reclaimPolicy',
      message: 'StorageClass reclaimPolicy is "Recycle"; allowed: Delete, Retain',
    },
    {
      severity: 'error',
      rule: 'volume-binding-mode',
      object: 'StorageClass/e',
      field: 'volumeBindingMode',
      message: 'volumeBindingMode is "Later"; allowed: Immediate, WaitForFirstConsumer',
    },
  ],
  'storage class topologies': [
    {
      severity: 'error',
      rule: 'storageclass-topology',
      object: 'StorageClass/sc',
      field: 'allowedTopologies[0].matchLabelExpressions',
      message: 'a topology term needs at least one matchLabelExpression (got unset)',
    },
    {
      severity: 'error',
      rule: 'storageclass-topology',
      object: 'StorageClass/sc',
      field: 'allowedTopologies[1].matchLabelExpressions[0].key',
      message: 'matchLabelExpressions key is ""; expected a label key such as topology.kubernetes.io/zone',
    },
    {
      severity: 'error',
      rule: 'storageclass-topology',
      object: 'StorageClass/sc',
      field: 'allowedTopologies[1].matchLabelExpressions[0].values',
      message: 'matchLabelExpressions values are a list of 0; expected a non-empty list of label values',
    },
    {
      severity: 'error',
      rule: 'storageclass-topology',
      object: 'StorageClass/sc',
      field: 'allowedTopologies[1].matchLabelExpressions[1].key',
      message: 'matchLabelExpressions key is 5; expected a label key such as topology.kubernetes.io/zone',
    },
    {
      severity: 'error',
      rule: 'storageclass-topology',
      object: 'StorageClass/sc',
      field: 'allowedTopologies[1].matchLabelExpressions[1].values',
      message: 'matchLabelExpressions values are a list of 2; expected a non-empty list of label values',
    },
    {
      severity: 'error',
      rule: 'storageclass-topology',
      object: 'StorageClass/sc',
      field: 'allowedTopologies[1].matchLabelExpressions[2].key',
      message: 'matchLabelExpressions key is unset; expected a label key such as topology.kubernetes.io/zone',
    },
    {
      severity: 'error',
      rule: 'storageclass-topology',
      object: 'StorageClass/sc',
      field: 'allowedTopologies[1].matchLabelExpressions[2].values',
      message: 'matchLabelExpressions values are a list of 1; expected a non-empty list of label values',
    },
  ],
  'StatefulSet claim templates': [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'StatefulSet/default/s',
      field: 'spec.volumeClaimTemplates[0].metadata.name',
      message: 'claim template name is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'StatefulSet/default/s',
      field: 'spec.volumeClaimTemplates[0].spec.accessModes',
      message:
        'accessModes is unset; at least one is required: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'StatefulSet/default/s',
      field: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
      message:
        'requested storage is required; expected a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'StatefulSet/default/s',
      field: 'spec.volumeClaimTemplates[1].metadata.name',
      message:
        "claim template name is \"Bad\"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit",
    },
    {
      severity: 'error',
      rule: 'mount-volume-missing',
      object: 'StatefulSet/default/s',
      field: 'spec.template.spec.containers[0].volumeMounts[1].name',
      message: 'volumeMount names volume "nope", which this pod does not have; its volumes are: Bad, data',
    },
  ],
  'pod volumes': [
    {
      severity: 'error',
      rule: 'field-type',
      object: 'Pod/default/p',
      field: 'spec.volumes',
      message: 'volumes is "x"; expected a list',
    },
    {
      severity: 'error',
      rule: 'field-type',
      object: 'Pod/default/p2',
      field: 'spec.volumes[0]',
      message: 'a volume is 5; expected an object with a name and one source',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/p2',
      field: 'spec.volumes[1].name',
      message: 'volume name is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'field-type',
      object: 'Pod/default/p2',
      field: 'spec.volumes[2].name',
      message: 'volume name is 5; expected a string',
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'Pod/default/p2',
      field: 'spec.volumes[3].name',
      message:
        'volume name is "Bad"; a DNS-1123 label has only lowercase letters, digits and \'-\', and starts and ends with a letter or digit',
    },
    {
      severity: 'error',
      rule: 'duplicate-name',
      object: 'Pod/default/p2',
      field: 'spec.volumes[5].name',
      message: 'volume name "d" is used more than once in this pod; names must be unique',
    },
    {
      severity: 'error',
      rule: 'duplicate-name',
      object: 'Pod/default/p3',
      field: 'spec.containers[1].name',
      message: 'container name "c" is used more than once in this pod; names must be unique',
    },
    {
      severity: 'error',
      rule: 'name-invalid',
      object: 'Pod/default/p3',
      field: 'spec.containers[2].name',
      message:
        'container name is "C"; a DNS-1123 label has only lowercase letters, digits and \'-\', and starts and ends with a letter or digit',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/p3',
      field: 'spec.containers[3].name',
      message: 'container name is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'duplicate-name',
      object: 'Pod/default/p3',
      field: 'spec.initContainers[0].name',
      message: 'container name "c" is used more than once in this pod; names must be unique',
    },
  ],
  'emptyDir media and size limits': [
    {
      severity: 'error',
      rule: 'quantity-range',
      object: 'Pod/default/e0',
      field: 'spec.volumes[0].emptyDir.sizeLimit',
      message: 'emptyDir sizeLimit is "-1Gi"; it must not be negative',
    },
    {
      severity: 'error',
      rule: 'quantity-format',
      object: 'Pod/default/e1',
      field: 'spec.volumes[0].emptyDir.sizeLimit',
      message:
        'emptyDir sizeLimit is an object, which is not a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    },
    {
      severity: 'error',
      rule: 'emptydir-medium',
      object: 'Pod/default/e5',
      field: 'spec.volumes[0].emptyDir.medium',
      message:
        'emptyDir medium is "HugePages-x"; allowed: "" (node disk), Memory, HugePages, HugePages-<size> (e.g. HugePages-2Mi)',
    },
    {
      severity: 'error',
      rule: 'quantity-format',
      object: 'Pod/default/e5',
      field: 'spec.volumes[0].emptyDir.sizeLimit',
      message:
        'emptyDir sizeLimit is "x", which is not a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    },
    {
      severity: 'error',
      rule: 'emptydir-medium',
      object: 'Pod/default/e6',
      field: 'spec.volumes[0].emptyDir.medium',
      message:
        'emptyDir medium is "hugepages"; allowed: "" (node disk), Memory, HugePages, HugePages-<size> (e.g. HugePages-2Mi)',
    },
    {
      severity: 'error',
      rule: 'emptydir-medium',
      object: 'Pod/default/e7',
      field: 'spec.volumes[0].emptyDir.medium',
      message:
        'emptyDir medium is 5; allowed: "" (node disk), Memory, HugePages, HugePages-<size> (e.g. HugePages-2Mi)',
    },
    {
      severity: 'error',
      rule: 'emptydir-medium',
      object: 'Pod/default/e8',
      field: 'spec.volumes[0].emptyDir.medium',
      message:
        'emptyDir medium is "xHugePages-2Mi"; allowed: "" (node disk), Memory, HugePages, HugePages-<size> (e.g. HugePages-2Mi)',
    },
    {
      severity: 'error',
      rule: 'emptydir-medium',
      object: 'Pod/default/e9',
      field: 'spec.volumes[0].emptyDir.medium',
      message:
        'emptyDir medium is "Disk"; allowed: "" (node disk), Memory, HugePages, HugePages-<size> (e.g. HugePages-2Mi)',
    },
  ],
  'file modes': [
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/m0',
      field: 'spec.volumes[0].configMap.defaultMode',
      message:
        'defaultMode is 644; a file mode is an integer from 0 to 0777 octal (511 decimal); 644 looks like octal: write 420 (decimal) or 0644 in YAML 1.1',
    },
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/m2',
      field: 'spec.volumes[0].configMap.defaultMode',
      message: 'defaultMode is -1; a file mode is an integer from 0 to 0777 octal (511 decimal)',
    },
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/m3',
      field: 'spec.volumes[0].configMap.defaultMode',
      message:
        'defaultMode is 512; a file mode is an integer from 0 to 0777 octal (511 decimal); 512 looks like octal: write 330 (decimal) or 0512 in YAML 1.1',
    },
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/m4',
      field: 'spec.volumes[0].configMap.defaultMode',
      message: 'defaultMode is 1.5; a file mode is an integer from 0 to 0777 octal (511 decimal)',
    },
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/m5',
      field: 'spec.volumes[0].configMap.defaultMode',
      message: 'defaultMode is "0644"; a file mode is an integer from 0 to 0777 octal (511 decimal)',
    },
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/m8',
      field: 'spec.volumes[0].configMap.defaultMode',
      message:
        'defaultMode is 777; a file mode is an integer from 0 to 0777 octal (511 decimal); 777 looks like octal: write 511 (decimal) or 0777 in YAML 1.1',
    },
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/m9',
      field: 'spec.volumes[0].configMap.defaultMode',
      message: 'defaultMode is 1000; a file mode is an integer from 0 to 0777 octal (511 decimal)',
    },
  ],
  'configMap, secret, downwardAPI, projected items': [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/p',
      field: 'spec.volumes[0].configMap.name',
      message: 'configMap name is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/p',
      field: 'spec.volumes[0].configMap.items[0].key',
      message: 'items[].key is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/p',
      field: 'spec.volumes[0].configMap.items[1].path',
      message: 'items[].path is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'path-not-relative',
      object: 'Pod/default/p',
      field: 'spec.volumes[0].configMap.items[2].path',
      message: 'items[].path is "/abs"; it must be a relative path inside the volume',
    },
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/p',
      field: 'spec.volumes[0].configMap.items[2].mode',
      message: 'items[].mode is 999; a file mode is an integer from 0 to 0777 octal (511 decimal)',
    },
    {
      severity: 'error',
      rule: 'field-type',
      object: 'Pod/default/p',
      field: 'spec.volumes[0].configMap.items[3].key',
      message: 'items[].key is 5; expected a string',
    },
    {
      severity: 'error',
      rule: 'path-backsteps',
      object: 'Pod/default/p',
      field: 'spec.volumes[0].configMap.items[3].path',
      message: 'items[].path is "a/../b"; it must not contain or start with \'..\'',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/s',
      field: 'spec.volumes[0].secret.secretName',
      message: 'secret secretName is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/s',
      field: 'spec.volumes[0].secret.defaultMode',
      message: 'defaultMode is 1000; a file mode is an integer from 0 to 0777 octal (511 decimal)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/s',
      field: 'spec.volumes[0].secret.items[0].key',
      message: 'items[].key is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/d',
      field: 'spec.volumes[0].downwardAPI.defaultMode',
      message: 'defaultMode is "x"; a file mode is an integer from 0 to 0777 octal (511 decimal)',
    },
    {
      severity: 'error',
      rule: 'path-backsteps',
      object: 'Pod/default/d',
      field: 'spec.volumes[0].downwardAPI.items[1].path',
      message: 'items[].path is "..x"; it must not contain or start with \'..\'',
    },
    {
      severity: 'error',
      rule: 'path-backsteps',
      object: 'Pod/default/d',
      field: 'spec.volumes[0].downwardAPI.items[2].path',
      message: 'items[].path is "../x"; it must not contain or start with \'..\'',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/d',
      field: 'spec.volumes[0].downwardAPI.items[3].path',
      message: 'items[].path is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'file-mode',
      object: 'Pod/default/pr',
      field: 'spec.volumes[0].projected.defaultMode',
      message: 'defaultMode is 999; a file mode is an integer from 0 to 0777 octal (511 decimal)',
    },
    {
      severity: 'error',
      rule: 'volume-source',
      object: 'Pod/default/pr',
      field: 'spec.volumes[0].projected.sources[0]',
      message:
        'a projected source sets nothing; each sets exactly one of secret, configMap, downwardAPI, serviceAccountToken, clusterTrustBundle',
    },
    {
      severity: 'error',
      rule: 'volume-source',
      object: 'Pod/default/pr',
      field: 'spec.volumes[0].projected.sources[1]',
      message:
        'a projected source sets secret, configMap; each sets exactly one of secret, configMap, downwardAPI, serviceAccountToken, clusterTrustBundle',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/pr',
      field: 'spec.volumes[0].projected.sources[1].secret.items[0].key',
      message: 'items[].key is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'path-not-relative',
      object: 'Pod/default/pr',
      field: 'spec.volumes[0].projected.sources[1].configMap.items[0].path',
      message: 'items[].path is "/a"; it must be a relative path inside the volume',
    },
    {
      severity: 'error',
      rule: 'path-not-relative',
      object: 'Pod/default/pr',
      field: 'spec.volumes[0].projected.sources[2].downwardAPI.items[0].path',
      message: 'items[].path is "/x"; it must be a relative path inside the volume',
    },
    {
      severity: 'error',
      rule: 'volume-source',
      object: 'Pod/default/pr',
      field: 'spec.volumes[0].projected.sources[4]',
      message:
        'a projected source sets nothing; each sets exactly one of secret, configMap, downwardAPI, serviceAccountToken, clusterTrustBundle',
    },
  ],
  'claim, gitRepo, csi and ephemeral volumes': [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/p',
      field: 'spec.volumes[0].persistentVolumeClaim.claimName',
      message: 'persistentVolumeClaim claimName is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/g',
      field: 'spec.volumes[0].gitRepo.repository',
      message: 'gitRepo repository is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'path-not-relative',
      object: 'Pod/default/g',
      field: 'spec.volumes[0].gitRepo.directory',
      message: 'gitRepo directory is "/abs"; it must be a relative path inside the volume',
    },
    {
      severity: 'error',
      rule: 'path-backsteps',
      object: 'Pod/default/g3',
      field: 'spec.volumes[0].gitRepo.directory',
      message: 'gitRepo directory is "a/.."; it must not contain or start with \'..\'',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/csi',
      field: 'spec.volumes[0].csi.driver',
      message: 'csi driver is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'PersistentVolume/csi-pv',
      field: 'spec.csi.volumeHandle',
      message: 'csi volumeHandle is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/eph',
      field: 'spec.volumes[0].ephemeral.volumeClaimTemplate',
      message: 'an ephemeral volume needs a volumeClaimTemplate (got unset)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/eph2',
      field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.spec',
      message: 'a claim needs a spec with accessModes and resources.requests.storage (got unset)',
    },
    {
      severity: 'error',
      rule: 'access-mode',
      object: 'Pod/default/eph3',
      field: 'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes[0]',
      message: 'access mode is "X"; allowed: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod',
    },
  ],
  'volume mounts': [
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/p',
      field: 'spec.containers[0].volumeMounts[0].name',
      message: 'volumeMount name is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'required-field',
      object: 'Pod/default/p',
      field: 'spec.containers[0].volumeMounts[0].mountPath',
      message: 'mountPath is required (got unset)',
    },
    {
      severity: 'error',
      rule: 'mount-volume-missing',
      object: 'Pod/default/p',
      field: 'spec.containers[0].volumeMounts[1].name',
      message: 'volumeMount names volume "nope", which this pod does not have; its volumes are: v',
    },
    // mountPath "rel" (and "D:rel" below): no finding, the kubelet makes a relative mountPath absolute
    {
      severity: 'error',
      rule: 'mount-path-duplicate',
      object: 'Pod/default/p',
      field: 'spec.containers[0].volumeMounts[3].mountPath',
      message:
        'mountPath "/a/" is already used by volumeMounts[2] in this container; each mount needs its own path',
    },
    {
      severity: 'error',
      rule: 'path-not-relative',
      object: 'Pod/default/p',
      field: 'spec.containers[0].volumeMounts[4].subPath',
      message: 'subPath is "/abs"; it must be a relative path inside the volume',
    },
    {
      severity: 'error',
      rule: 'subpath-exclusive',
      object: 'Pod/default/p',
      field: 'spec.containers[0].volumeMounts[4].subPathExpr',
      message: 'subPath "/abs" and subPathExpr "$(X)" are both set; use one of them',
    },
    {
      severity: 'error',
      rule: 'path-backsteps',
      object: 'Pod/default/p',
      field: 'spec.containers[0].volumeMounts[5].subPathExpr',
      message: 'subPathExpr is "../x"; it must not contain or start with \'..\'',
    },
    {
      severity: 'error',
      rule: 'mount-path-duplicate',
      object: 'Pod/default/p',
      field: 'spec.containers[0].volumeMounts[12].mountPath',
      message:
        'mountPath "a" is already used by volumeMounts[2] in this container; each mount needs its own path',
    },
    {
      severity: 'error',
      rule: 'mount-volume-missing',
      object: 'Pod/default/none',
      field: 'spec.containers[0].volumeMounts[0].name',
      message: 'volumeMount names volume "x", which this pod does not have; its volumes are: none',
    },
  ],
  'container resources': [
    {
      severity: 'error',
      rule: 'quantity-format',
      object: 'Pod/default/p',
      field: 'spec.containers[0].resources.limits.cpu',
      message:
        'limits.cpu is "x", which is not a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    },
    {
      severity: 'error',
      rule: 'quantity-range',
      object: 'Pod/default/p',
      field: 'spec.containers[0].resources.limits["nvidia.com/gpu"]',
      message: 'limits.nvidia.com/gpu is "-1"; it must not be negative',
    },
    {
      severity: 'error',
      rule: 'quantity-range',
      object: 'Pod/default/p',
      field: 'spec.containers[0].resources.requests.memory',
      message: 'requests.memory is "2Gi", more than limits.memory "1Gi"; a request may not exceed its limit',
    },
    {
      severity: 'error',
      rule: 'quantity-format',
      object: 'Pod/default/p',
      field: 'spec.containers[0].resources.requests["nvidia.com/gpu"]',
      message:
        'requests.nvidia.com/gpu is "y", which is not a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    },
  ],
  '<not a list>': [
    {
      severity: 'error',
      rule: 'manifest-unreadable',
      object: '<input>',
      message: 'the manifests are "x", not a list',
    },
  ],
  '<one manifest>': [
    {
      severity: 'error',
      rule: 'manifest-unreadable',
      object: 'Pod/default/<no name>',
      message:
        '<manifest> has no string apiVersion, metadata.name (or metadata.generateName); a Kubernetes object needs kind, apiVersion and metadata.name or metadata.generateName (strings)',
    },
  ],
};

test.each(CASES)('%s', (name, manifests) => {
  expect(validateManifests(manifests)).toEqual(EXPECTED[name]);
});

test('every case has its expectation, and every expectation its case', () => {
  expect(Object.keys(EXPECTED).sort()).toEqual(
    [...CASES.map(([n]) => n), '<not a list>', '<one manifest>'].sort(),
  );
});

test('input that is not a list', () => {
  expect(validateManifests('x' as any)).toEqual(EXPECTED['<not a list>']);
});

test('one manifest, as the constructs check what they build', () => {
  expect(validateManifest({ kind: 'Pod' })).toEqual(EXPECTED['<one manifest>']);
});

test("image whitespace is Go's strings.TrimSpace, not JavaScript's trim(): U+FEFF is kept, U+0085 is space", () => {
  const pod = (image: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns' },
    spec: { containers: [{ name: 'c', image }] },
  });
  const rules = (image: string) => validateManifests([pod(image)]).map((f) => f.rule);
  expect(rules('nginx:1.27\ufeff')).toEqual([]);
  expect(rules('\ufeffnginx:1.27')).toEqual([]);
  expect(rules('nginx:1.27\u0085')).toEqual(['image-whitespace']);
  expect(rules('\u3000nginx:1.27')).toEqual(['image-whitespace']);
  expect(rules(' nginx:1.27\t')).toEqual(['image-whitespace']);
});

test('a StatefulSet name is a DNS label (since 1.27), and one its pods cannot carry: 62+ characters (their hostname), 53+ (the revision label)', () => {
  const sts = (name: string) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'ns' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    },
  });
  const judged = (name: string) =>
    validateManifests([sts(name)])
      .filter((f) => f.rule === 'name-invalid')
      .map((f) => [f.severity, f.message]);
  expect(judged('db')).toEqual([]);
  expect(judged('a'.repeat(52))).toEqual([]);
  expect(judged('a.b')).toEqual([
    [
      'error',
      `StatefulSet name is "a.b"; a DNS-1123 label has only lowercase letters, digits and '-', and starts and ends with a letter or digit`,
    ],
  ]);
  const long = 'a'.repeat(53);
  expect(judged(long)).toEqual([
    [
      'warning',
      `StatefulSet name "${long}" has 53 characters: the controller labels its pods controller-revision-hash: <name>-<hash> (the hash has up to 10 characters), a label value of at most 63 characters; with a long hash the API server refuses every pod (kubernetes#64023): keep the name to 52 characters`,
    ],
  ]);
  // 62 characters: a valid name, but "<name>-0" is past a DNS label's 63
  const long62 = 'a'.repeat(62);
  expect(judged(long62)).toEqual([
    [
      'error',
      `StatefulSet name "${long62}" has 62 characters: its pods are named <name>-<ordinal> and that is their hostname, a DNS-1123 label of at most 63 characters, so the API server refuses every pod and none runs; keep the name to 52 characters`,
    ],
  ]);
  expect(judged('a'.repeat(61)).map(([s]) => s)).toEqual(['warning']);
});
