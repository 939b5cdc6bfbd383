/** The rules of the group Node exposure: what hands a pod the node, with their examples. */
import { yaml, WORKLOADS } from './_examples';
import type { RuleEntry } from './rule';

export const NODE_EXPOSURE_RULES: RuleEntry[] = [
  {
    id: 'hostpath-sensitive',
    severity: 'warning',
    group: 'node-exposure',
    scope: 'object',
    summary:
      'A hostPath that exposes the node: its root, /etc, a container runtime socket, kubelet data, /proc, /sys, /dev.',
    why:
      'Whoever controls the pod controls the node: the runtime socket starts privileged containers, /var/lib/kubelet ' +
      "holds other pods' secrets, /etc holds node credentials. Read-only does not help for a socket, since connecting " +
      'to it is enough.',
    remediation:
      'Keep such mounts out of application pods, narrow the path to what the pod needs, and mount it readOnly: true where it is only read.',
    source:
      'docs: Volumes, hostPath (security warning); docs: Pod Security Standards, baseline (HostPath Volumes)',
    kinds: ['PersistentVolume', ...WORKLOADS],
    examples: {
      failing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: agent
          spec:
            selector:
              matchLabels:
                app: agent
            template:
              metadata:
                labels:
                  app: agent
              spec:
                containers:
                  - name: agent
                    image: busybox:1.36
                    volumeMounts:
                      - name: runtime
                        mountPath: /var/run/docker.sock
                volumes:
                  - name: runtime
                    hostPath:
                      path: /var/run/docker.sock
                      type: Socket
        `,
      },
      passing: {
        manifests: yaml`
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: agent
          spec:
            selector:
              matchLabels:
                app: agent
            template:
              metadata:
                labels:
                  app: agent
              spec:
                containers:
                  - name: agent
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
];
