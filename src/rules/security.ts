/** The rules of the group Security: Pod Security levels, with their examples. */
import { yaml, WORKLOADS } from './_examples';
import type { RuleEntry } from './rule';

export const SECURITY_RULES: RuleEntry[] = [
  {
    id: 'pod-security',
    severity: 'info',
    group: 'security',
    summary:
      'The Pod Security Standards level each workload meets, and the fields that keep it from the next one.',
    why:
      'A namespace labelled pod-security.kubernetes.io/enforce: restricted (or baseline) rejects pods below that ' +
      'level. Reported for every workload, so the level is visible before a namespace policy rejects the pod.',
    remediation:
      'To reach restricted: runAsNonRoot: true with an image that runs as non-root, allowPrivilegeEscalation: false, ' +
      'capabilities drop [ALL], seccompProfile RuntimeDefault, and no hostPath volumes.',
    source:
      'docs: Pod Security Standards; k8s.io/pod-security-admission/policy (checks at policy version 1.27)',
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
              runAsNonRoot: true
              runAsUser: 101
              seccompProfile:
                type: RuntimeDefault
            containers:
              - name: web
                image: nginxinc/nginx-unprivileged:1.27
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    drop: [ALL]
        `,
      },
      messageIncludes: 'not "restricted"',
    },
  },
];
