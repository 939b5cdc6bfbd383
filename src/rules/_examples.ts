/**
 * Building blocks of the rule examples: YAML written indented in code, and the objects many
 * examples share. The examples themselves are beside their declarations in the group files.
 */
import type { RuleDeclaration } from './rule';

/** Strips the common indentation of a template literal and its first newline: YAML written indented in code. */
export function yaml(strings: TemplateStringsArray): string {
  const lines = strings
    .join('')
    .replace(/^\n/, '')
    .replace(/\n[ ]*$/, '\n')
    .split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Kinds that carry a pod template (the plan reads their volumes and containers). */
export const WORKLOADS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
] as const;

/** A StorageClass the examples provision with. */
export const CLASS = yaml`
  apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    name: standard
  provisioner: ebs.csi.aws.com
  reclaimPolicy: Retain
`;

/** A claim provisioned by {@link CLASS}. */
export const CLAIM = yaml`
  apiVersion: v1
  kind: PersistentVolumeClaim
  metadata:
    name: data
  spec:
    storageClassName: standard
    accessModes: [ReadWriteOnce]
    resources:
      requests:
        storage: 10Gi
`;

/** A pod mounting {@link CLAIM}. */
export const CLAIM_POD = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: app
  spec:
    containers:
      - name: app
        image: nginx:1.27
        volumeMounts:
          - name: data
            mountPath: /data
    volumes:
      - name: data
        persistentVolumeClaim:
          claimName: data
`;

/**
 * A declaration made beside its check (src/k8s/, src/plan/), which the catalogue takes as it is and
 * gives its examples: one declaration per id, wherever it is written.
 */
export function declared(from: readonly RuleDeclaration[], id: string): RuleDeclaration {
  const rule = from.find((r) => r.id === id);
  if (!rule) throw new Error(`rule "${id}" is not among the declarations it is taken from`);
  return rule;
}

/** Joins YAML documents. */
export function docs(...parts: string[]): string {
  return parts.join('---\n');
}

/** A class that lets its claims grow. */
export const EXPANDABLE = yaml`
  apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    name: expandable
  provisioner: ebs.csi.aws.com
  reclaimPolicy: Retain
  allowVolumeExpansion: true
`;

/** A class whose volumes are deleted with their claims (reclaimPolicy Delete, Kubernetes' default). */
export const DELETING = yaml`
  apiVersion: storage.k8s.io/v1
  kind: StorageClass
  metadata:
    name: deleting
  provisioner: ebs.csi.aws.com
  reclaimPolicy: Delete
`;

/** A claim of `storage` on a class (default: {@link EXPANDABLE}), optionally prune-protected. */
export function claimOf(storage: string, className = 'expandable', protect = false, name = 'data'): string {
  const annotations = protect
    ? '\n  annotations:\n    argocd.argoproj.io/sync-options: Prune=false,Delete=false'
    : '';
  return (
    `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}${annotations}\n` +
    `spec:\n  storageClassName: ${className}\n  accessModes: [ReadWriteOnce]\n` +
    `  resources:\n    requests:\n      storage: ${storage}\n`
  );
}

/** A Deployment mounting claim `claim`. */
export function deploymentMounting(claim: string): string {
  return (
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n' +
    '  strategy:\n    type: Recreate\n  selector:\n    matchLabels:\n      app: web\n  template:\n' +
    '    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n' +
    '          image: nginx:1.27\n          volumeMounts:\n            - name: data\n              mountPath: /data\n' +
    `      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: ${claim}\n`
  );
}

/** A StatefulSet of `replicas` with a claim template on {@link DELETING} and whenScaled `whenScaled`. */
export function statefulSetOf(replicas: number, whenScaled: string): string {
  return (
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: ${replicas}\n` +
    '  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n' +
    `  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Retain\n    whenScaled: ${whenScaled}\n` +
    '  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n' +
    '        - name: db\n          image: postgres:16\n          volumeMounts:\n            - name: data\n' +
    '              mountPath: /var/lib/postgresql/data\n  volumeClaimTemplates:\n    - metadata:\n        name: data\n' +
    '      spec:\n        storageClassName: deleting\n        accessModes: [ReadWriteOnce]\n' +
    '        resources:\n          requests:\n            storage: 10Gi\n'
  );
}

/** A static NFS volume with reclaim policy `policy`. */
export function volumeWith(policy: string): string {
  return (
    'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: share\nspec:\n  capacity:\n    storage: 10Gi\n' +
    `  accessModes: [ReadWriteMany]\n  persistentVolumeReclaimPolicy: ${policy}\n` +
    '  nfs:\n    server: nfs.example.com\n    path: /exports/share\n'
  );
}
