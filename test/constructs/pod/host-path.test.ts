import { Chart, Testing } from 'cdk8s';
import { SecurityProfile } from '../../../src/constructs/pod/container';
import {
  HostPathContainerProps,
  HostPathDaemon,
  HostPathPod,
  TaintEffect,
  TolerationOperator,
} from '../../../src/constructs/pod/host-path';
import { HostPathType, PodVolume } from '../../../src/constructs/pod/volume';
import { podSecurityLevel } from '../../../src/plan/security';
import { expectSchemaValid } from '../../_schema';

function setup(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

function synth(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests;
}

const varLog = () => PodVolume.hostPath('varlog', { path: '/var/log', type: HostPathType.DIRECTORY });
const reader = (extra: Partial<HostPathContainerProps> = {}): HostPathContainerProps => ({
  name: 'reader',
  image: 'busybox:1.36',
  command: ['tail', '-F', '/host/var/log/syslog'],
  hostPathMounts: [{ volume: varLog(), path: '/host/var/log' }],
  ...extra,
});

describe('HostPathPod', () => {
  test('defaults: node path mounted read-only, no node pinning, no tolerations', () => {
    const chart = setup();
    const p = new HostPathPod(chart, 'p', { name: 'log-reader', containers: [reader()] });
    const [pod] = synth(chart);
    expect(p.pod.name).toBe('log-reader');
    expect(podSecurityLevel(pod.spec).level).toBe('privileged');
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'log-reader', namespace: 'default', labels: { app: 'log-reader' } },
      spec: {
        containers: [
          {
            name: 'reader',
            image: 'busybox:1.36',
            command: ['tail', '-F', '/host/var/log/syslog'],
            volumeMounts: [{ name: 'varlog', mountPath: '/host/var/log', readOnly: true }],
          },
        ],
        volumes: [{ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } }],
      },
    });
  });

  test('custom: writable node directory, other volumes beside it, node pinning, tolerations, restricted profile', () => {
    const chart = setup();
    new HostPathPod(chart, 'p', {
      name: 'cache-warmer',
      namespace: 'node-tools',
      labels: { app: 'cache-warmer' },
      nodeName: 'worker-1',
      nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' },
      tolerations: [
        {
          key: 'dedicated',
          operator: TolerationOperator.EQUAL,
          value: 'cache',
          effect: TaintEffect.NO_SCHEDULE,
        },
      ],
      security: SecurityProfile.restricted(),
      containers: [
        {
          name: 'warmer',
          image: 'busybox:1.36',
          mounts: [
            {
              volume: PodVolume.configMap('conf', { configMapName: 'warmer' }),
              path: '/etc/warmer',
              readOnly: true,
            },
          ],
          hostPathMounts: [
            {
              volume: PodVolume.hostPath('cache', {
                path: '/mnt/cache',
                type: HostPathType.DIRECTORY_OR_CREATE,
              }),
              path: '/cache',
              readOnly: false,
              subPath: 'warm',
            },
          ],
        },
      ],
    });
    const [pod] = synth(chart);
    expect(pod.metadata.namespace).toBe('node-tools');
    expect(pod.spec.nodeName).toBe('worker-1');
    expect(Object.keys(pod.spec.nodeSelector)).toEqual(['disk', 'kubernetes.io/os']);
    expect(pod.spec.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'cache', effect: 'NoSchedule' },
    ]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([
      { name: 'conf', mountPath: '/etc/warmer', readOnly: true },
      { name: 'cache', mountPath: '/cache', subPath: 'warm' },
    ]);
    expect(pod.spec.volumes[1]).toEqual({
      name: 'cache',
      hostPath: { path: '/mnt/cache', type: 'DirectoryOrCreate' },
    });
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
  });

  test('a path only risky when written (CA certificates, /sys, /boot) mounts read-only without allowSensitivePath', () => {
    const chart = setup();
    const certs = PodVolume.hostPath('certs', { path: '/etc/ssl/certs', type: HostPathType.DIRECTORY });
    const sys = PodVolume.hostPath('sys', { path: '/sys', type: HostPathType.DIRECTORY });
    const boot = PodVolume.hostPath('boot', { path: '/boot', type: HostPathType.DIRECTORY });
    new HostPathPod(chart, 'p', {
      name: 'node-info',
      containers: [
        {
          name: 'info',
          image: 'busybox:1.36',
          hostPathMounts: [
            { volume: certs, path: '/certs' },
            { volume: sys, path: '/host/sys', readOnly: true },
            { volume: boot, path: '/host/boot' },
          ],
        },
      ],
    });
    const [pod] = synth(chart);
    expect(pod.spec.containers[0].volumeMounts).toEqual([
      { name: 'certs', mountPath: '/certs', readOnly: true },
      { name: 'sys', mountPath: '/host/sys', readOnly: true },
      { name: 'boot', mountPath: '/host/boot', readOnly: true },
    ]);
    expect(pod.spec.volumes).toEqual([
      { name: 'certs', hostPath: { path: '/etc/ssl/certs', type: 'Directory' } },
      { name: 'sys', hostPath: { path: '/sys', type: 'Directory' } },
      { name: 'boot', hostPath: { path: '/boot', type: 'Directory' } },
    ]);
    // writable, it needs allowSensitivePath
    const writable = (allowSensitivePath?: boolean) => () =>
      new HostPathPod(setup(), 'p', {
        name: 'node-info',
        containers: [
          {
            name: 'info',
            image: 'busybox:1.36',
            hostPathMounts: [{ volume: certs, path: '/certs', readOnly: false, allowSensitivePath }],
          },
        ],
      });
    expect(writable()).toThrow(
      /^HostPathPod\/node-info: containers\[0\].hostPathMounts\[0\].volume is hostPath "\/etc\/ssl\/certs" \(the node's trusted CA certificates\), a sensitive node path; refused unless this mount sets allowSensitivePath: true \(it is then read-only unless readOnly: false\)$/,
    );
    expect(writable(true)).not.toThrow();
  });

  test("a CSI driver's own directory under /var/lib/kubelet/plugins is not sensitive", () => {
    const chart = setup();
    const driver = PodVolume.hostPath('plugin', {
      path: '/var/lib/kubelet/plugins/ebs.csi.aws.com',
      type: HostPathType.DIRECTORY_OR_CREATE,
    });
    new HostPathPod(chart, 'p', {
      name: 'csi-node',
      containers: [
        {
          name: 'driver',
          image: 'busybox:1.36',
          hostPathMounts: [{ volume: driver, path: '/csi', readOnly: false }],
        },
      ],
    });
    const [pod] = synth(chart);
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: 'plugin', mountPath: '/csi' }]);
    const plugins = PodVolume.hostPath('plugins', {
      path: '/var/lib/kubelet/plugins',
      type: HostPathType.DIRECTORY,
    });
    expect(
      () =>
        new HostPathPod(setup(), 'p', {
          name: 'csi-node',
          containers: [
            { name: 'driver', image: 'busybox:1.36', hostPathMounts: [{ volume: plugins, path: '/p' }] },
          ],
        }),
    ).toThrow(
      /^HostPathPod\/csi-node: containers\[0\].hostPathMounts\[0\].volume is hostPath "\/var\/lib\/kubelet\/plugins" \(every CSI driver's sockets and staged volumes\), a sensitive node path/,
    );
  });

  test('a sensitive path mounts only when the mount opts in, and stays read-only unless asked', () => {
    const chart = setup();
    const kubelet = PodVolume.hostPath('kubelet', { path: '/var/lib/kubelet', type: HostPathType.DIRECTORY });
    new HostPathPod(chart, 'p', {
      name: 'inspector',
      initContainers: [
        {
          name: 'list',
          image: 'busybox:1.36',
          hostPathMounts: [{ volume: kubelet, path: '/kubelet', allowSensitivePath: true }],
        },
      ],
      containers: [
        {
          name: 'fixer',
          image: 'busybox:1.36',
          hostPathMounts: [{ volume: kubelet, path: '/kubelet', allowSensitivePath: true, readOnly: false }],
        },
      ],
    });
    const [pod] = synth(chart);
    expect(pod.spec.initContainers[0].volumeMounts).toEqual([
      { name: 'kubelet', mountPath: '/kubelet', readOnly: true },
    ]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: 'kubelet', mountPath: '/kubelet' }]);
    expect(pod.spec.volumes).toEqual([
      { name: 'kubelet', hostPath: { path: '/var/lib/kubelet', type: 'Directory' } },
    ]);
  });

  test('errors', () => {
    const make = (props: any) => () =>
      new HostPathPod(setup(), 'p', { name: 'node-reader', containers: [reader()], ...props });
    const sensitive = (path: string, type = HostPathType.DIRECTORY) => ({
      containers: [
        reader({ hostPathMounts: [{ volume: PodVolume.hostPath('h', { path, type }), path: '/h' }] }),
      ],
    });
    expect(make(sensitive('/var/lib/kubelet'))).toThrow(
      /^HostPathPod\/node-reader: containers\[0\].hostPathMounts\[0\].volume is hostPath "\/var\/lib\/kubelet" \(the kubelet's pods, volumes and credentials\), a sensitive node path; refused unless this mount sets allowSensitivePath: true \(it is then read-only unless readOnly: false\)$/,
    );
    expect(make(sensitive('/'))).toThrow(
      /volume is hostPath "\/" \(the whole node filesystem\), a sensitive node path/,
    );
    expect(make(sensitive('/etc/kubernetes/pki'))).toThrow(
      /volume is hostPath "\/etc\/kubernetes\/pki" \(the node configuration and credentials\)/,
    );
    expect(make(sensitive('/var/run/docker.sock', HostPathType.SOCKET))).toThrow(
      /hostPath "\/var\/run\/docker.sock" \(the Docker socket: root on the node\)/,
    );
    expect(make(sensitive('/run/containerd/containerd.sock', HostPathType.SOCKET))).toThrow(
      /the containerd socket: root on the node/,
    );
    expect(make(sensitive('/proc'))).toThrow(/the kernel and every process of the node/);
    // /sys is only a risk when written: refused when mounted readOnly: false
    expect(
      make({
        initContainers: [
          reader({
            hostPathMounts: [
              {
                volume: PodVolume.hostPath('h', { path: '/sys', type: HostPathType.DIRECTORY }),
                path: '/h',
                readOnly: false,
              },
            ],
          }),
        ],
      }),
    ).toThrow(
      /^HostPathPod\/node-reader: initContainers\[0\].hostPathMounts\[0\].volume is hostPath "\/sys" \(the kernel and devices of the node\), a sensitive node path; refused unless this mount sets allowSensitivePath: true \(it is then read-only unless readOnly: false\)$/,
    );
    // a parent of a sensitive path is refused too, naming what is inside it
    expect(make(sensitive('/var'))).toThrow(
      /^HostPathPod\/node-reader: containers\[0\].hostPathMounts\[0\].volume is hostPath "\/var" \(the Docker socket: root on the node \(\/var\/run\/docker.sock is inside it\)\), a sensitive node path; refused unless this mount sets allowSensitivePath: true \(it is then read-only unless readOnly: false\)$/,
    );
    // read-only by default: a path only risky when written is accepted
    expect(make(sensitive('/etc/ssl/certs'))).not.toThrow();
    expect(
      make({ containers: [reader({ hostPathMounts: [], mounts: [{ volume: varLog(), path: '/logs' }] })] }),
    ).toThrow(
      /^HostPathPod\/node-reader: containers\[0\].volumeMounts\[0\].volume is hostPath volume "varlog"; mount node paths through the container's hostPathMounts/,
    );
    expect(
      make({ containers: [reader({ hostPathMounts: [{ volume: PodVolume.emptyDir('e'), path: '/e' }] })] }),
    ).toThrow(
      /^HostPathPod\/node-reader: containers\[0\].hostPathMounts\[0\].volume is emptyDir volume "e"; hostPathMounts takes PodVolume.hostPath\(\) volumes, mount others through mounts$/,
    );
    expect(
      make({ containers: [reader({ hostPathMounts: [{ volume: '/var/log', path: '/e' } as any] })] }),
    ).toThrow(
      /^HostPathPod\/node-reader: containers\[0\].hostPathMounts\[0\].volume is not a PodVolume; make one with PodVolume.hostPath\(name, \{ path, type \}\)$/,
    );
    expect(
      make({ containers: [reader({ hostPathMounts: [{ volume: varLog(), path: 'relative' }] })] }),
    ).toThrow(/containers\[0\].volumeMounts\[0\].mountPath is "relative"; expected an absolute path/);
    expect(make({ nodeName: 'Worker_1' })).toThrow(
      /^HostPathPod\/node-reader: nodeName is "Worker_1"; a DNS-1123 subdomain/,
    );
    expect(make({ nodeSelector: { 'bad key': 'x' } })).toThrow(
      /^HostPathPod\/node-reader: nodeSelector key is "bad key"; expected a qualified name/,
    );
    expect(make({ nodeSelector: { disk: 'fast ssd' } })).toThrow(
      /^HostPathPod\/node-reader: nodeSelector.disk is "fast ssd"; a label value has at most 63/,
    );
    expect(make({ name: 'Node' })).toThrow(/^HostPathPod\/Node: name is "Node"/);
  });
});

describe('allowSensitivePath on an init container alone is honoured (the opt-in annotation covers it)', () => {
  const props = () => ({
    initContainers: [
      {
        name: 'list',
        image: 'busybox:1.36',
        hostPathMounts: [
          {
            volume: PodVolume.hostPath('kubelet', { path: '/var/lib/kubelet', type: HostPathType.DIRECTORY }),
            path: '/kubelet',
            allowSensitivePath: true,
          },
        ],
      },
    ],
    containers: [reader()],
  });
  test.each([
    ['HostPathPod', (chart: Chart) => new HostPathPod(chart, 'p', { name: 'inspector', ...props() })],
    ['HostPathDaemon', (chart: Chart) => new HostPathDaemon(chart, 'd', { name: 'inspector', ...props() })],
  ])('%s', (_kind, make) => {
    const chart = setup();
    make(chart);
    const [object] = synth(chart);
    expect(object.metadata.annotations).toEqual({
      'ignore-check.cdk8s-volumes.io/hostpath-sensitive': 'allowSensitivePath: true on a hostPath mount',
    });
    const pod = object.kind === 'Pod' ? object.spec : object.spec.template.spec;
    expect(pod.initContainers[0].volumeMounts).toEqual([
      { name: 'kubelet', mountPath: '/kubelet', readOnly: true },
    ]);
  });
});

describe('HostPathDaemon', () => {
  test('defaults: one pod per node, labels as selector, read-only mounts, no tolerations', () => {
    const chart = setup();
    const d = new HostPathDaemon(chart, 'd', { name: 'log-collector', containers: [reader()] });
    const [ds] = synth(chart);
    expect(d.daemonSet.name).toBe('log-collector');
    expect(podSecurityLevel(ds.spec.template.spec).notBaseline).toEqual([expect.stringMatching(/hostPath/)]);
    expect(ds).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'log-collector', namespace: 'default', labels: { app: 'log-collector' } },
      spec: {
        selector: { matchLabels: { app: 'log-collector' } },
        template: {
          metadata: { labels: { app: 'log-collector' } },
          spec: {
            containers: [
              {
                name: 'reader',
                image: 'busybox:1.36',
                command: ['tail', '-F', '/host/var/log/syslog'],
                volumeMounts: [{ name: 'varlog', mountPath: '/host/var/log', readOnly: true }],
              },
            ],
            volumes: [{ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } }],
          },
        },
      },
    });
  });

  test('custom: every node including the control plane, namespace, labels, sensitive socket opted in read-only', () => {
    const chart = setup();
    const d = new HostPathDaemon(chart, 'd', {
      name: 'node-agent',
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/name': 'node-agent' },
      tolerateAllTaints: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      containers: [
        reader({
          name: 'agent',
          hostPathMounts: [
            { volume: varLog(), path: '/host/var/log' },
            {
              volume: PodVolume.hostPath('containerd', {
                path: '/run/containerd/containerd.sock',
                type: HostPathType.SOCKET,
              }),
              path: '/run/containerd/containerd.sock',
              allowSensitivePath: true,
            },
          ],
        }),
      ],
    });
    const [ds] = synth(chart);
    expect(d.labels).toEqual({ 'app.kubernetes.io/name': 'node-agent' });
    expect(ds.metadata.namespace).toBe('monitoring');
    expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'node-agent' });
    expect(ds.spec.template.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'node-agent' });
    const spec = ds.spec.template.spec;
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'varlog', mountPath: '/host/var/log', readOnly: true },
      { name: 'containerd', mountPath: '/run/containerd/containerd.sock', readOnly: true },
    ]);
    expect(spec.volumes[1]).toEqual({
      name: 'containerd',
      hostPath: { path: '/run/containerd/containerd.sock', type: 'Socket' },
    });
  });

  test('custom tolerations: control-plane taint and a NoExecute grace period', () => {
    const chart = setup();
    new HostPathDaemon(chart, 'd', {
      name: 'agent',
      containers: [reader()],
      tolerations: [
        {
          key: 'node-role.kubernetes.io/control-plane',
          operator: TolerationOperator.EXISTS,
          effect: TaintEffect.NO_SCHEDULE,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: TolerationOperator.EXISTS,
          effect: TaintEffect.NO_EXECUTE,
          tolerationSeconds: 300,
        },
        { key: 'team', value: 'infra' },
      ],
    });
    const [ds] = synth(chart);
    expect(ds.spec.template.spec.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      { key: 'team', operator: 'Equal', value: 'infra' },
    ]);
  });

  test('errors', () => {
    const make = (props: any) => () =>
      new HostPathDaemon(setup(), 'd', { name: 'agent', containers: [reader()], ...props });
    expect(
      make({ tolerateAllTaints: true, tolerations: [{ key: 'a', operator: TolerationOperator.EXISTS }] }),
    ).toThrow(
      /^HostPathDaemon\/agent: tolerations are set with tolerateAllTaints: true, which already tolerates every taint; set one of them$/,
    );
    const tol = (t: any) => make({ tolerations: [t] });
    expect(tol({ value: 'x' })).toThrow(
      /^HostPathDaemon\/agent: tolerations\[0\].operator is "Equal" with no key; a toleration without a key must use operator Exists/,
    );
    expect(tol({ key: 'a', operator: TolerationOperator.EXISTS, value: 'x' })).toThrow(
      /^HostPathDaemon\/agent: tolerations\[0\].value is "x", but operator Exists takes no value$/,
    );
    expect(tol({ key: 'a', operator: TolerationOperator.EXISTS, tolerationSeconds: 60 })).toThrow(
      /^HostPathDaemon\/agent: tolerations\[0\].tolerationSeconds is 60, but only a NoExecute toleration has tolerationSeconds; set effect NoExecute$/,
    );
    expect(
      tol({
        key: 'a',
        operator: TolerationOperator.EXISTS,
        effect: TaintEffect.NO_EXECUTE,
        tolerationSeconds: 1.5,
      }),
    ).toThrow(/tolerations\[0\].tolerationSeconds is 1.5; expected a whole number of seconds$/);
    expect(tol({ key: 'bad key', operator: TolerationOperator.EXISTS })).toThrow(
      /^HostPathDaemon\/agent: tolerations\[0\].key is "bad key"; expected a qualified name/,
    );
    expect(tol({ key: 'a', operator: 'In' })).toThrow(
      /^HostPathDaemon\/agent: tolerations\[0\].operator is "In"; expected one of "Equal", "Exists"$/,
    );
    expect(tol({ key: 'a', operator: TolerationOperator.EXISTS, effect: 'Evict' })).toThrow(
      /tolerations\[0\].effect is "Evict"; expected one of "NoSchedule", "PreferNoSchedule", "NoExecute"$/,
    );
    expect(tol({ key: 'a', value: 'two words' })).toThrow(
      /tolerations\[0\].value is "two words"; a label value has at most 63/,
    );
    expect(make({ name: 'Agent' })).toThrow(/^HostPathDaemon\/Agent: name is "Agent"; a DNS-1123 subdomain/);
    expect(make({ labels: {} })).toThrow(
      /^HostPathDaemon\/agent: labels is empty; give at least one label: it selects the pod$/,
    );
    expect(
      make({
        containers: [
          reader({
            hostPathMounts: [
              {
                volume: PodVolume.hostPath('d', { path: '/dev', type: HostPathType.DIRECTORY }),
                path: '/dev',
              },
            ],
          }),
        ],
      }),
    ).toThrow(
      /^HostPathDaemon\/agent: containers\[0\].hostPathMounts\[0\].volume is hostPath "\/dev" \(the devices of the node\), a sensitive node path/,
    );
  });
});
