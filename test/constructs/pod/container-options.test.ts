import { Chart, Testing } from 'cdk8s';
import { IntOrString, KubePod, PodSpec } from '../../../imports/k8s';
import {
  ContainerProps,
  PodOptions,
  renderPodSpec,
  SecurityProfile,
} from '../../../src/constructs/pod/container';
import { expectSchemaValid } from '../../_schema';

/** The spec as it reaches the API server, schema-checked inside a pod. */
function wire(spec: PodSpec): any {
  const chart = new Chart(Testing.app(), 'test');
  new KubePod(chart, 'p', { metadata: { name: 'p' }, spec });
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests[0].spec;
}

const c = (extra: Partial<ContainerProps> = {}): ContainerProps => ({
  name: 'app',
  image: 'busybox:1.36',
  ...extra,
});
const render = (container: Partial<ContainerProps>, podOptions?: PodOptions, security?: SecurityProfile) =>
  renderPodSpec('Pod/p', { containers: [c(container)], podOptions, security });
const fails = (container: Partial<ContainerProps>, podOptions?: PodOptions, security?: SecurityProfile) =>
  expect(() => render(container, podOptions, security));

describe('container fields of real applications', () => {
  test('defaults: none of the new fields is emitted', () => {
    expect(wire(render({}))).toEqual({ containers: [{ name: 'app', image: 'busybox:1.36' }] });
  });

  test('custom: env then envVars in order, envFrom, probes, lifecycle, securityContext pass through', () => {
    const spec = wire(
      render({
        env: { B: '2', A: '1' },
        envVars: [
          { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db-auth', key: 'password' } } },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'URL', value: 'postgres://$(POD_IP)' },
        ],
        envFrom: [
          { configMapRef: { name: 'app-config' } },
          { secretRef: { name: 'app-secrets' }, prefix: 'S_' },
        ],
        livenessProbe: { tcpSocket: { port: IntOrString.fromNumber(5432) }, periodSeconds: 10 },
        readinessProbe: { exec: { command: ['pg_isready'] }, successThreshold: 2 },
        startupProbe: { exec: { command: ['pg_isready'] }, failureThreshold: 30 },
        lifecycle: { preStop: { exec: { command: ['sh', '-c', 'pg_ctl stop -m fast'] } } },
        securityContext: { readOnlyRootFilesystem: true, runAsUser: 999 },
      }),
    );
    const app = spec.containers[0];
    expect(app.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db-auth', key: 'password' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'URL', value: 'postgres://$(POD_IP)' },
    ]);
    expect(app.envFrom).toEqual([
      { configMapRef: { name: 'app-config' } },
      { secretRef: { name: 'app-secrets' }, prefix: 'S_' },
    ]);
    expect(app.livenessProbe).toEqual({ tcpSocket: { port: 5432 }, periodSeconds: 10 });
    expect(app.readinessProbe).toEqual({ exec: { command: ['pg_isready'] }, successThreshold: 2 });
    expect(app.startupProbe).toEqual({ exec: { command: ['pg_isready'] }, failureThreshold: 30 });
    expect(app.lifecycle).toEqual({ preStop: { exec: { command: ['sh', '-c', 'pg_ctl stop -m fast'] } } });
    expect(app.securityContext).toEqual({ readOnlyRootFilesystem: true, runAsUser: 999 });
  });

  test('securityContext merges over the restricted profile; repeating its values is fine', () => {
    const spec = wire(
      render(
        { securityContext: { allowPrivilegeEscalation: false, seLinuxOptions: { level: 's0:c1' } } },
        undefined,
        SecurityProfile.restricted(),
      ),
    );
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      seLinuxOptions: { level: 's0:c1' },
    });
  });

  test('refuses a securityContext that breaks the restricted profile, or a second runAsUser', () => {
    fails(
      { securityContext: { allowPrivilegeEscalation: true } },
      undefined,
      SecurityProfile.restricted(),
    ).toThrow(
      'Pod/p: containers[0].securityContext.allowPrivilegeEscalation is true, but the restricted security profile sets false; drop it, or use SecurityProfile.IMAGE_DEFAULT',
    );
    fails({ runAsUser: 101, securityContext: { runAsUser: 102 } }).toThrow(
      "Pod/p: containers[0].securityContext.runAsUser is 102, but the container's runAsUser is 101; set one of them",
    );
    fails({ securityContext: 'root' as any }).toThrow(
      'Pod/p: containers[0].securityContext is "root"; expected a securityContext object',
    );
  });

  test('refuses env entries the API server refuses, and a name set twice', () => {
    fails({ env: { A: '1' }, envVars: [{ name: 'A', value: '2' }] }).toThrow(
      'Pod/p: containers[0].envVars[0].name is "A", which env already sets; Kubernetes would keep only the last one',
    );
    fails({
      envVars: [
        { name: 'A', value: '1' },
        { name: 'A', value: '2' },
      ],
    }).toThrow(
      'Pod/p: containers[0].envVars[1].name is "A", which another envVars entry already sets; Kubernetes would keep only the last one',
    );
    fails({ envVars: [{ name: 'A=B', value: '1' }] }).toThrow(
      `Pod/p: containers[0].envVars[0].name is "A=B"; an environment variable name is printable ASCII characters other than '=', at least one`,
    );
    fails({
      envVars: [{ name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
    }).toThrow('Pod/p: containers[0].envVars[0].value is set with valueFrom; set one of value and valueFrom');
    fails({ envVars: [{ name: 'A', valueFrom: {} }] }).toThrow(
      'Pod/p: containers[0].envVars[0].valueFrom sets nothing; set exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef',
    );
    fails({
      envVars: [
        {
          name: 'A',
          valueFrom: { secretKeyRef: { name: 's', key: 'k' }, configMapKeyRef: { name: 'c', key: 'k' } },
        },
      ],
    }).toThrow(
      'Pod/p: containers[0].envVars[0].valueFrom sets configMapKeyRef and secretKeyRef; set exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef',
    );
    fails({ envVars: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'a/b' } } }] }).toThrow(
      `Pod/p: containers[0].envVars[0].valueFrom.secretKeyRef.key is "a/b"; expected a key of letters, digits, '-', '_' and '.' (at most 253 characters)`,
    );
    fails({
      envVars: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'Bad_Name', key: 'k' } } }],
    }).toThrow(
      `Pod/p: containers[0].envVars[0].valueFrom.configMapKeyRef.name is "Bad_Name"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit`,
    );
    fails({ envVars: [null as any] }).toThrow(
      'Pod/p: containers[0].envVars[0] is null; expected { name, value } or { name, valueFrom }',
    );
  });

  test('refuses envFrom without exactly one source, or with a bad prefix', () => {
    fails({ envFrom: [{}] }).toThrow(
      'Pod/p: containers[0].envFrom[0] sets neither; set exactly one of configMapRef and secretRef',
    );
    fails({ envFrom: [{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }] }).toThrow(
      'Pod/p: containers[0].envFrom[0] sets configMapRef and secretRef; set exactly one of configMapRef and secretRef',
    );
    fails({ envFrom: [{ secretRef: { name: 'a' }, prefix: 'X=' }] }).toThrow(
      `Pod/p: containers[0].envFrom[0].prefix is "X="; an environment variable name is printable ASCII characters other than '=', at least one`,
    );
  });

  test('refuses probes the API server refuses', () => {
    fails({ readinessProbe: {} }).toThrow(
      'Pod/p: containers[0].readinessProbe sets no handler; set exactly one of exec, httpGet, tcpSocket, grpc',
    );
    fails({ readinessProbe: { exec: { command: ['x'] }, grpc: { port: 1 } } }).toThrow(
      'Pod/p: containers[0].readinessProbe sets exec and grpc; set exactly one of exec, httpGet, tcpSocket, grpc',
    );
    fails({ livenessProbe: { exec: { command: [] } } }).toThrow(
      'Pod/p: containers[0].livenessProbe.exec.command is empty; give the command to run, e.g. ["pg_isready"]',
    );
    fails({ livenessProbe: { exec: { command: ['x'] }, successThreshold: 2 } }).toThrow(
      'Pod/p: containers[0].livenessProbe.successThreshold is 2; it must be 1 for this probe',
    );
    fails({ startupProbe: { exec: { command: ['x'] }, successThreshold: 3 } }).toThrow(
      'Pod/p: containers[0].startupProbe.successThreshold is 3; it must be 1 for this probe',
    );
    fails({ readinessProbe: { exec: { command: ['x'] }, periodSeconds: -1 } }).toThrow(
      'Pod/p: containers[0].readinessProbe.periodSeconds is -1; expected a whole number, 0 or more',
    );
  });
});

describe('podOptions', () => {
  test('custom: every pod field passes through', () => {
    const spec = wire(
      render(
        {},
        {
          serviceAccountName: 'db',
          automountServiceAccountToken: false,
          nodeSelector: { 'cloud.google.com/gke-nodepool': 'db' },
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } },
              ],
            },
          },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
          imagePullSecrets: ['registry'],
          terminationGracePeriodSeconds: 60,
          priorityClassName: 'high',
          labels: { tier: 'db' },
        },
      ),
    );
    expect(spec).toMatchObject({
      serviceAccountName: 'db',
      automountServiceAccountToken: false,
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'db' },
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [expect.anything()] } },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
      imagePullSecrets: [{ name: 'registry' }],
      terminationGracePeriodSeconds: 60,
      priorityClassName: 'high',
    });
    // labels and annotations go to the pod's metadata, not its spec.
    expect(spec.labels).toBeUndefined();
  });

  test('refuses pod fields the API server refuses', () => {
    fails({}, { serviceAccountName: 'Bad_SA' }).toThrow(
      `Pod/p: spec.serviceAccountName is "Bad_SA"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit`,
    );
    fails({}, { terminationGracePeriodSeconds: -5 }).toThrow(
      'Pod/p: spec.terminationGracePeriodSeconds is -5; expected a whole number of seconds, 0 or more',
    );
    fails({}, { imagePullSecrets: [''] }).toThrow(
      `Pod/p: spec.imagePullSecrets[0].name is ""; expected a non-empty DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253)`,
    );
    fails({}, { tolerations: [{ operator: 'Equal', value: 'x' }] }).toThrow(
      'Pod/p: spec.tolerations[0].operator is "Equal" with no key; a toleration without a key must use operator Exists (it then tolerates every taint)',
    );
    fails({}, { tolerations: [{ key: 'k', effect: 'NoSchedule', tolerationSeconds: 5 }] }).toThrow(
      'Pod/p: spec.tolerations[0].tolerationSeconds is 5, but only a NoExecute toleration has tolerationSeconds; set effect NoExecute',
    );
    fails({}, { nodeSelector: { 'a b': 'x' } }).toThrow(
      `Pod/p: spec.nodeSelector key is "a b"; expected a qualified name such as 'ebs.csi.aws.com' or 'example.com/my-provisioner' (the part after '/' at most 63 characters)`,
    );
    fails({}, 'x' as any).toThrow('Pod/p: podOptions is "x"; expected an object of pod fields');
  });
});
