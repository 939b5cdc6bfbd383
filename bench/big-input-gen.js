#!/usr/bin/env node
// Big input for the CLI benchmark: `node bench/big-input-gen.js FILE MIB` writes about MIB MiB of
// multi-document YAML, the same bytes for the same size on every machine: StorageClasses, static
// PersistentVolumes (nfs, csi, hostPath) with the claims that bind them, claims provisioned by a
// class, and the Deployments and StatefulSets (with claim templates) that mount them, in the
// layouts `helm template` and `kubectl get -o yaml` write (comments, quoted strings, block
// scalars, flow lists). Set i is the same text whatever the size, so 200 MiB is 20 MiB ten times
// over in kind, and growth compares like with like.
'use strict';
const fs = require('fs');

const NAMESPACES = 20;
const CLASSES = ['standard', 'fast', 'local', 'nfs'];

/** The documents of set `i`, joined, each ending in a line break. */
function set(i) {
  const ns = `team-${i % NAMESPACES}`;
  const size = 1 + (i % 20);
  const docs = [];
  if (i % 50 === 0) {
    const name = `${CLASSES[(i / 50) % CLASSES.length]}-${i / 50}`;
    docs.push(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: ${name}
  annotations:
    storageclass.kubernetes.io/is-default-class: "${i === 0 ? 'true' : 'false'}"
provisioner: ${i % 100 === 0 ? 'ebs.csi.aws.com' : 'pd.csi.storage.gke.io'}
volumeBindingMode: ${i % 100 === 0 ? 'WaitForFirstConsumer' : 'Immediate'}
allowVolumeExpansion: true
reclaimPolicy: Delete
parameters:
  type: ${i % 100 === 0 ? 'gp3' : 'pd-balanced'}
`);
  }
  const source =
    i % 3 === 0
      ? `  nfs:\n    server: nfs-${i % 7}.storage.example.com\n    path: /exports/team-${i % NAMESPACES}/data-${i}\n`
      : i % 3 === 1
        ? `  csi:\n    driver: ebs.csi.aws.com\n    volumeHandle: vol-${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}\n    fsType: ext4\n`
        : `  hostPath:\n    path: /mnt/disks/data-${i}\n    type: DirectoryOrCreate\n  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n        - matchExpressions:\n            - key: kubernetes.io/hostname\n              operator: In\n              values: [node-${i % 13}]\n`;
  docs.push(`# Source: storage/templates/volume.yaml
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-${i}
  labels:
    app.kubernetes.io/name: data-${i}
    app.kubernetes.io/part-of: shop
    tier: ${['gold', 'silver', 'bronze'][i % 3]}
spec:
  capacity:
    storage: ${size}Gi
  accessModes:
    - ReadWriteOnce
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  claimRef:
    namespace: ${ns}
    name: data-${i}
${source}`);
  docs.push(`# Source: storage/templates/claim.yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data-${i}
  namespace: ${ns}
  labels: {app: web-${i}, tier: ${['gold', 'silver', 'bronze'][i % 3]}}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  volumeName: pv-${i}
  resources:
    requests:
      storage: ${size}Gi
`);
  if (i % 2 === 0) {
    docs.push(`apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: cache-${i}
  namespace: ${ns}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${CLASSES[i % 2]}-0
  resources:
    requests:
      storage: ${500 + (i % 10) * 100}Mi
`);
  }
  if (i % 5 === 4) {
    docs.push(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db-${i}
  namespace: ${ns}
spec:
  serviceName: db-${i}
  replicas: 3
  selector:
    matchLabels:
      app: db-${i}
  template:
    metadata:
      labels:
        app: db-${i}
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 999
        fsGroup: 999
      containers:
        - name: postgres
          image: postgres:16.4
          env:
            - name: PGDATA
              value: /var/lib/postgresql/data/pgdata
          volumeMounts:
            - name: pgdata
              mountPath: /var/lib/postgresql/data
            - name: shared
              mountPath: /shared
              readOnly: true
      volumes:
        - name: shared
          persistentVolumeClaim:
            claimName: data-${i}
            readOnly: true
  volumeClaimTemplates:
    - metadata:
        name: pgdata
      spec:
        accessModes: ["ReadWriteOnce"]
        storageClassName: standard-0
        resources:
          requests:
            storage: 10Gi
`);
  } else {
    docs.push(`# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: ${ns}
  annotations:
    description: >-
      Serves the files of claim data-${i}
      on port 8080, read-only.
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web-${i}
  template:
    metadata:
      labels:
        app: web-${i}
    spec:
      containers:
        - name: web
          image: nginx:1.27-alpine
          ports:
            - containerPort: 8080
          resources:
            limits: {cpu: 500m, memory: 128Mi}
          volumeMounts:
            - name: content
              mountPath: /usr/share/nginx/html
              readOnly: true
            - name: scratch
              mountPath: /tmp
${i % 2 === 0 ? `            - name: cache\n              mountPath: /var/cache/nginx\n` : ''}      volumes:
        - name: content
          persistentVolumeClaim:
            claimName: data-${i}
            readOnly: true
        - name: scratch
          emptyDir:
            sizeLimit: 64Mi
${i % 2 === 0 ? `        - name: cache\n          persistentVolumeClaim:\n            claimName: cache-${i}\n` : ''}`);
  }
  return docs.join('---\n');
}

/** Writes sets until the file holds `mib` MiB; returns its size, the sets and the documents. */
function generate(file, mib) {
  const target = mib * 2 ** 20;
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let sets = 0;
  let documents = 0;
  let pending = '';
  try {
    while (bytes + pending.length < target) {
      const text = `${sets === 0 ? '' : '---\n'}${set(sets)}`;
      documents += text.split('\n---\n').length;
      pending += text;
      sets++;
      if (pending.length >= 1 << 20) {
        fs.writeSync(fd, pending);
        bytes += Buffer.byteLength(pending);
        pending = '';
      }
    }
    fs.writeSync(fd, pending);
    bytes += Buffer.byteLength(pending);
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, sets, documents };
}

module.exports = { generate, set };

if (require.main === module) {
  const [file, mib] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(generate(file, Number(mib))) + '\n');
}
