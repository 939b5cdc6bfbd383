import { Chart, Testing } from 'cdk8s';
import { ContainerProps, SecurityProfile } from '../../../src/constructs/pod/container';
import { ServiceType, SharedEmptyDirPod } from '../../../src/constructs/pod/shared-empty-dir-pod';
import { EmptyDirMedium, HostPathType, PodVolume } from '../../../src/constructs/pod/volume';
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

function find(manifests: any[], kind: string, name: string): any {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind}/${name}`);
  return m;
}

const busybox = (name: string, extra: Partial<ContainerProps> = {}): ContainerProps => ({
  name,
  image: 'busybox:1.36',
  command: ['sleep', '3600'],
  ...extra,
});

describe('SharedEmptyDirPod.fortune', () => {
  test('defaults: html-generator writes the html emptyDir, web-server serves it read-only; images run as they are', () => {
    const chart = setup();
    const fortune = SharedEmptyDirPod.fortune(chart, 'fortune');
    const manifests = synth(chart);
    expect(manifests).toHaveLength(1);
    expect(fortune.service).toBeUndefined();
    expect(fortune.pod.name).toBe('fortune');
    expect(podSecurityLevel(manifests[0].spec).level).toBe('baseline');
    expect(manifests[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'fortune', namespace: 'default', labels: { app: 'fortune' } },
      spec: {
        containers: [
          {
            name: 'html-generator',
            image: 'luksa/fortune',
            volumeMounts: [{ name: 'html', mountPath: '/var/htdocs' }],
          },
          {
            name: 'web-server',
            image: 'nginx:alpine',
            ports: [{ containerPort: 80 }],
            volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html', readOnly: true }],
          },
        ],
        volumes: [{ name: 'html', emptyDir: {} }],
      },
    });
  });

  test('custom: name, namespace, labels, tmpfs with a sizeLimit kept as written, NodePort Service', () => {
    const chart = setup();
    const fortune = SharedEmptyDirPod.fortune(chart, 'fortune', {
      name: 'fortune-tmpfs',
      namespace: 'demo',
      labels: { app: 'fortune', tier: 'web' },
      medium: EmptyDirMedium.MEMORY,
      sizeLimit: '1M',
      memoryLimit: '16Mi',
      service: { port: 8000, type: ServiceType.NODE_PORT, nodePort: 30080 },
    });
    const manifests = synth(chart);
    const pod = find(manifests, 'Pod', 'fortune-tmpfs');
    expect(pod.metadata).toEqual({
      name: 'fortune-tmpfs',
      namespace: 'demo',
      labels: { app: 'fortune', tier: 'web' },
    });
    expect(pod.spec.volumes).toEqual([{ name: 'html', emptyDir: { medium: 'Memory', sizeLimit: '1M' } }]);
    // a tmpfs counts against its writers' memory limits (rule emptydir-memory): both containers have one above it
    expect(pod.spec.containers.map((c: any) => c.resources)).toEqual([
      { limits: { memory: '16Mi' } },
      { limits: { memory: '16Mi' } },
    ]);
    expect(find(manifests, 'Service', 'fortune-tmpfs')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'fortune-tmpfs', namespace: 'demo', labels: { app: 'fortune', tier: 'web' } },
      spec: {
        type: 'NodePort',
        selector: { app: 'fortune', tier: 'web' },
        ports: [{ port: 8000, targetPort: 80, nodePort: 30080 }],
      },
    });
    expect(fortune.labels).toEqual({ app: 'fortune', tier: 'web' });
    expect(fortune.service!.name).toBe('fortune-tmpfs');
  });

  test('hardened: Pod Security restricted, non-root writer with fsGroup, nginx-unprivileged on 8080 with writable cache and /tmp', () => {
    const chart = setup();
    SharedEmptyDirPod.fortune(chart, 'fortune', { hardened: true, service: { port: 80 } });
    const manifests = synth(chart);
    const pod = find(manifests, 'Pod', 'fortune');
    expect(podSecurityLevel(pod.spec)).toEqual({ level: 'restricted', notBaseline: [], notRestricted: [] });
    expect(pod.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const [writer, web] = pod.spec.containers;
    for (const container of [writer, web]) {
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
      });
    }
    expect(writer).toMatchObject({
      name: 'html-generator',
      image: 'luksa/fortune',
      volumeMounts: [{ name: 'html', mountPath: '/var/htdocs' }],
    });
    expect(writer.volumeMounts[0].readOnly).toBeUndefined();
    expect(web.image).toBe('nginxinc/nginx-unprivileged:alpine');
    expect(web.ports).toEqual([{ containerPort: 8080 }]);
    expect(web.securityContext.runAsUser).toBe(101);
    expect(web.volumeMounts).toEqual([
      { name: 'html', mountPath: '/usr/share/nginx/html', readOnly: true },
      { name: 'nginx-cache', mountPath: '/var/cache/nginx' },
      { name: 'nginx-tmp', mountPath: '/tmp' },
    ]);
    expect(pod.spec.volumes.map((v: any) => v.name)).toEqual(['html', 'nginx-cache', 'nginx-tmp']);
    expect(find(manifests, 'Service', 'fortune').spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
  });

  test('errors from its options name the pod and the volume', () => {
    expect(() => SharedEmptyDirPod.fortune(setup(), 'f', { sizeLimit: '10 MB' })).toThrow(
      /^volume "html": emptyDir.sizeLimit is "10 MB", which is not a Kubernetes quantity/,
    );
    expect(() => SharedEmptyDirPod.fortune(setup(), 'f', { name: 'Fortune' })).toThrow(
      /^SharedEmptyDirPod\/Fortune: name is "Fortune"/,
    );
    expect(() =>
      SharedEmptyDirPod.fortune(setup(), 'f', { hardened: true, service: { port: 80, targetPort: 80 } }),
    ).toThrow(
      /^SharedEmptyDirPod\/fortune: service.targetPort is 80, which no container of the pod declares \(declared: 8080\)/,
    );
  });
});

describe('SharedEmptyDirPod', () => {
  test('defaults: app label, namespace default (no prop, no chart namespace), no Service, image-default security', () => {
    const scratch = PodVolume.emptyDir('scratch');
    const chart = setup();
    new SharedEmptyDirPod(chart, 'p', {
      name: 'pair',
      containers: [
        busybox('a', { mounts: [{ volume: scratch, path: '/scratch' }] }),
        busybox('b', { mounts: [{ volume: scratch, path: '/in' }] }),
      ],
    });
    const [pod] = synth(chart);
    expect(pod.metadata).toEqual({ name: 'pair', namespace: 'default', labels: { app: 'pair' } });
    expect(pod.spec.securityContext).toBeUndefined();
    expect(pod.spec.volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
    expect(pod.spec.containers.map((x: any) => x.volumeMounts)).toEqual([
      [{ name: 'scratch', mountPath: '/scratch' }],
      [{ name: 'scratch', mountPath: '/in' }],
    ]);

    const namespaced = setup('team-a');
    new SharedEmptyDirPod(namespaced, 'p', { name: 'pair', containers: [busybox('a')] });
    expect(synth(namespaced)[0].metadata.namespace).toBe('team-a');
  });

  test('custom: two emptyDirs mounted at different paths, read-only or not, init container, restricted, LoadBalancer Service', () => {
    const work = PodVolume.emptyDir('work', { sizeLimit: '500Mi' });
    const cache = PodVolume.emptyDir('cache', { medium: EmptyDirMedium.MEMORY, sizeLimit: '64Mi' });
    const chart = setup();
    const p = new SharedEmptyDirPod(chart, 'p', {
      name: 'pipeline',
      namespace: 'batch',
      labels: { app: 'pipeline', 'example.com/team': 'data' },
      initContainers: [
        busybox('prepare', {
          command: ['sh', '-c', 'mkdir -p /work/in'],
          mounts: [{ volume: work, path: '/work' }],
        }),
      ],
      containers: [
        busybox('producer', {
          resources: { memoryLimit: '128Mi' },
          mounts: [
            { volume: work, path: '/work' },
            { volume: cache, path: '/cache' },
          ],
        }),
        busybox('consumer', {
          ports: [9000],
          resources: { memoryLimit: '128Mi' },
          mounts: [
            { volume: work, path: '/data', readOnly: true, subPath: 'in' },
            { volume: cache, path: '/cache', readOnly: true },
          ],
        }),
      ],
      security: SecurityProfile.restricted({ runAsUser: 1001, fsGroup: 2000 }),
      service: { port: 80, targetPort: 9000, type: ServiceType.LOAD_BALANCER, name: 'pipeline-lb' },
    });
    const manifests = synth(chart);
    const pod = find(manifests, 'Pod', 'pipeline');
    expect(pod.metadata.namespace).toBe('batch');
    expect(pod.spec.initContainers[0].volumeMounts).toEqual([{ name: 'work', mountPath: '/work' }]);
    expect(pod.spec.containers[1].volumeMounts).toEqual([
      { name: 'work', mountPath: '/data', readOnly: true, subPath: 'in' },
      { name: 'cache', mountPath: '/cache', readOnly: true },
    ]);
    expect(pod.spec.volumes).toEqual([
      { name: 'work', emptyDir: { sizeLimit: '500Mi' } },
      { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1001, fsGroup: 2000 });
    const svc = find(manifests, 'Service', 'pipeline-lb');
    expect(svc.metadata.namespace).toBe('batch');
    expect(svc.spec).toEqual({
      type: 'LoadBalancer',
      selector: { app: 'pipeline', 'example.com/team': 'data' },
      ports: [{ port: 80, targetPort: 9000 }],
    });
    expect(p.service).toBeDefined();
  });

  test('configMap, secret, downwardAPI and projected volumes mount in the pod', () => {
    const chart = setup();
    new SharedEmptyDirPod(chart, 'p', {
      name: 'configured',
      containers: [
        busybox('app', {
          resources: { memoryLimit: '128Mi' },
          mounts: [
            {
              volume: PodVolume.configMap('config', { configMapName: 'app-config' }),
              path: '/etc/app',
              readOnly: true,
            },
            {
              volume: PodVolume.secret('creds', { secretName: 'db-creds', defaultMode: 0o400 }),
              path: '/etc/creds',
              readOnly: true,
            },
            {
              volume: PodVolume.downwardApi('podinfo', {
                items: [
                  { path: 'labels', fieldPath: 'metadata.labels' },
                  { path: 'mem', resource: 'limits.memory', containerName: 'app' },
                ],
              }),
              path: '/etc/podinfo',
            },
            {
              volume: PodVolume.projected('bundle', {
                sources: [
                  { configMap: { configMapName: 'app-config' } },
                  { secret: { secretName: 'db-creds' } },
                  { serviceAccountToken: { path: 'token', audience: 'api', expirationSeconds: 3600 } },
                ],
              }),
              path: '/etc/bundle',
              readOnly: true,
            },
          ],
        }),
      ],
    });
    const [pod] = synth(chart);
    expect(pod.spec.volumes).toEqual([
      { name: 'config', configMap: { name: 'app-config' } },
      { name: 'creds', secret: { secretName: 'db-creds', defaultMode: 0o400 } },
      {
        name: 'podinfo',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: 'mem', resourceFieldRef: { resource: 'limits.memory', containerName: 'app' } },
          ],
        },
      },
      {
        name: 'bundle',
        projected: {
          sources: [
            { configMap: { name: 'app-config' } },
            { secret: { name: 'db-creds' } },
            { serviceAccountToken: { path: 'token', audience: 'api', expirationSeconds: 3600 } },
          ],
        },
      },
    ]);
    expect(pod.spec.containers[0].volumeMounts.map((m: any) => [m.name, m.mountPath, m.readOnly])).toEqual([
      ['config', '/etc/app', true],
      ['creds', '/etc/creds', true],
      ['podinfo', '/etc/podinfo', undefined],
      ['bundle', '/etc/bundle', true],
    ]);
  });

  test('errors name the pod, the field, the value and what is allowed', () => {
    const make = (props: Partial<ConstructorParameters<typeof SharedEmptyDirPod>[2]>) => () =>
      new SharedEmptyDirPod(setup(), 'p', {
        name: 'web',
        containers: [busybox('a', { ports: [8080] })],
        ...props,
      });
    expect(make({ name: 'Web_1' })).toThrow(
      /^SharedEmptyDirPod\/Web_1: name is "Web_1"; a DNS-1123 subdomain/,
    );
    expect(make({ name: '' })).toThrow(
      /^SharedEmptyDirPod\/p: name is ""; expected a non-empty DNS-1123 subdomain/,
    );
    expect(make({ namespace: 'Team.A' })).toThrow(
      /^SharedEmptyDirPod\/web: namespace is "Team.A"; a DNS-1123 label/,
    );
    expect(make({ labels: {} })).toThrow(
      /^SharedEmptyDirPod\/web: labels is empty; give at least one label: it selects the pod$/,
    );
    expect(make({ labels: { 'bad key!': 'x' } })).toThrow(
      /^SharedEmptyDirPod\/web: labels key is "bad key!"; expected a qualified name/,
    );
    expect(make({ labels: { app: 'no spaces' } })).toThrow(
      /^SharedEmptyDirPod\/web: labels.app is "no spaces"; a label value has at most 63/,
    );
    const long = 'a'.repeat(64);
    expect(make({ name: long })).toThrow(
      /labels.app is "a{64}"; a label value has at most 63 .* \(it defaults to the name: give labels explicitly\)$/,
    );
    expect(make({ containers: [] })).toThrow(
      /^SharedEmptyDirPod\/web: containers is empty; a pod needs at least one container$/,
    );
    const host = PodVolume.hostPath('logs', { path: '/var/log', type: HostPathType.DIRECTORY });
    expect(make({ containers: [busybox('a', { mounts: [{ volume: host, path: '/logs' }] })] })).toThrow(
      /^SharedEmptyDirPod\/web: containers\[0\].volumeMounts\[0\].volume is hostPath volume "logs"; use HostPathPod or HostPathDaemon, which check node paths$/,
    );
    expect(make({ initContainers: [busybox('i', { mounts: [{ volume: host, path: '/logs' }] })] })).toThrow(
      /^SharedEmptyDirPod\/web: initContainers\[0\].volumeMounts\[0\].volume is hostPath volume "logs"/,
    );
    expect(make({ service: { port: 0 } })).toThrow(
      /^SharedEmptyDirPod\/web: service.port is 0; expected a port from 1 to 65535$/,
    );
    expect(make({ service: { port: 80, targetPort: 70000 } })).toThrow(
      /^SharedEmptyDirPod\/web: service.targetPort is 70000; expected a port from 1 to 65535$/,
    );
    expect(make({ service: { port: 80 } })).toThrow(
      /^SharedEmptyDirPod\/web: service.targetPort is 80, which no container of the pod declares \(declared: 8080\); add it to the serving container's ports$/,
    );
    expect(make({ service: { port: 80, targetPort: 8080, type: 'External' as ServiceType } })).toThrow(
      /^SharedEmptyDirPod\/web: service.type is "External"; expected one of "ClusterIP", "NodePort", "LoadBalancer"$/,
    );
    expect(make({ service: { port: 80, targetPort: 8080, nodePort: 30000 } })).toThrow(
      /^SharedEmptyDirPod\/web: service.nodePort is 30000, but a ClusterIP Service has no node port; set type NodePort or LoadBalancer$/,
    );
    expect(
      make({ service: { port: 80, targetPort: 8080, type: ServiceType.NODE_PORT, nodePort: 99999 } }),
    ).toThrow(
      /^SharedEmptyDirPod\/web: service.nodePort is 99999; expected a port in the cluster's node port range/,
    );
    expect(make({ name: 'web.example', service: { port: 8080 } })).toThrow(
      /^SharedEmptyDirPod\/web.example: service.name is "web.example"; a DNS-1123 label .* \(it defaults to the pod name: set service.name\)$/,
    );
    expect(make({ service: { port: 8080, name: 'Web' } })).toThrow(
      /^SharedEmptyDirPod\/web: service.name is "Web"; a DNS-1123 label/,
    );
  });
});
