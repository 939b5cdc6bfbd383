import { Chart, Testing } from 'cdk8s';
import { KubePod, PodSpec } from '../../../imports/k8s';
import {
  ContainerProps,
  ImagePullPolicy,
  renderPodSpec,
  SecurityProfile,
} from '../../../src/constructs/pod/container';
import { podSecurityLevel } from '../../../src/plan/security';
import { PodVolume } from '../../../src/constructs/pod/volume';
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

describe('renderPodSpec', () => {
  test('defaults: one container, no security context, no volumes', () => {
    expect(wire(renderPodSpec('Pod/p', { containers: [c()] }))).toEqual({
      containers: [{ name: 'app', image: 'busybox:1.36' }],
    });
  });

  test('custom: shared volume listed once in first-mounted order, env sorted, ports, resources, init containers', () => {
    const shared = PodVolume.emptyDir('shared', { sizeLimit: '10Mi' });
    const conf = PodVolume.configMap('conf', { configMapName: 'app-config' });
    const spec = wire(
      renderPodSpec('Pod/p', {
        initContainers: [
          c({
            name: 'init',
            command: ['sh', '-c', 'echo hi > /work/x'],
            mounts: [{ volume: shared, path: '/work' }],
          }),
        ],
        containers: [
          c({
            args: ['serve'],
            env: { ZED: 'z', ALPHA: 'a' },
            ports: [8080],
            imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
            workingDir: '/app',
            resources: { cpuRequest: '100m', cpuLimit: '1', memoryRequest: '64Mi', memoryLimit: '128Mi' },
            mounts: [
              { volume: conf, path: '/etc/app', readOnly: true },
              { volume: PodVolume.emptyDir('shared', { sizeLimit: '10Mi' }), path: '/data', subPath: 'sub' },
            ],
          }),
        ],
        volumes: [PodVolume.emptyDir('spare')],
      }),
    );
    expect(spec.initContainers).toEqual([
      {
        name: 'init',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo hi > /work/x'],
        volumeMounts: [{ name: 'shared', mountPath: '/work' }],
      },
    ]);
    expect(spec.containers[0]).toEqual({
      name: 'app',
      image: 'busybox:1.36',
      args: ['serve'],
      env: [
        { name: 'ALPHA', value: 'a' },
        { name: 'ZED', value: 'z' },
      ],
      ports: [{ containerPort: 8080 }],
      imagePullPolicy: 'IfNotPresent',
      workingDir: '/app',
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
      volumeMounts: [
        { name: 'conf', mountPath: '/etc/app', readOnly: true },
        { name: 'shared', mountPath: '/data', subPath: 'sub' },
      ],
    });
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['shared', 'conf', 'spare']);
    expect(spec.volumes[0]).toEqual({ name: 'shared', emptyDir: { sizeLimit: '10Mi' } });
  });

  test('a downward API file may read the resource of a container of the pod', () => {
    const info = PodVolume.downwardApi('info', {
      items: [{ path: 'mem', resource: 'limits.memory', containerName: 'app' }],
    });
    const spec = wire(
      renderPodSpec('Pod/p', {
        containers: [c({ resources: { memoryLimit: '64Mi' }, mounts: [{ volume: info, path: '/info' }] })],
      }),
    );
    expect(spec.volumes[0].downwardAPI.items[0].resourceFieldRef).toEqual({
      resource: 'limits.memory',
      containerName: 'app',
    });
  });

  test('errors name the object, the field, the value and what is allowed', () => {
    const e = PodVolume.emptyDir('e');
    const bad = (parts: Parameters<typeof renderPodSpec>[1]) => () => renderPodSpec('Pod/p', parts);
    expect(bad({ containers: [] })).toThrow(
      /^Pod\/p: containers is empty; a pod needs at least one container$/,
    );
    expect(bad({ containers: [c({ name: 'App' })] })).toThrow(
      /^Pod\/p: containers\[0\].name is "App"; a DNS-1123 label/,
    );
    expect(bad({ containers: [c(), c()] })).toThrow(
      /^Pod\/p: containers\[1\].name is "app", which another container of this pod already uses$/,
    );
    expect(bad({ initContainers: [c()], containers: [c()] })).toThrow(
      /containers\[0\].name is "app", which another container/,
    );
    expect(bad({ containers: [c({ image: ' ' })] })).toThrow(
      /^Pod\/p: containers\[0\].image is " "; expected an image reference such as nginx:alpine$/,
    );
    expect(bad({ containers: [c({ imagePullPolicy: 'Sometimes' as ImagePullPolicy })] })).toThrow(
      /^Pod\/p: containers\[0\].imagePullPolicy is "Sometimes"; expected one of "Always", "IfNotPresent", "Never"$/,
    );
    expect(bad({ containers: [c({ mounts: [{ volume: { name: 'x' } as any, path: '/x' }] })] })).toThrow(
      /^Pod\/p: containers\[0\].volumeMounts\[0\].volume is not a PodVolume; make one with PodVolume.emptyDir\(\)/,
    );
    expect(bad({ containers: [c({ mounts: [{ volume: e, path: 'data' }] })] })).toThrow(
      /^Pod\/p: containers\[0\].volumeMounts\[0\].mountPath is "data"; expected an absolute path/,
    );
    expect(
      bad({
        containers: [
          c({
            mounts: [
              { volume: e, path: '/data' },
              { volume: PodVolume.emptyDir('f'), path: '/data/./' },
            ],
          }),
        ],
      }),
    ).toThrow(
      /^Pod\/p: containers\[0\].volumeMounts\[1\].mountPath is "\/data\/.\/", where this container already mounts another volume$/,
    );
    expect(bad({ containers: [c({ mounts: [{ volume: e, path: '/data', subPath: '../x' }] })] })).toThrow(
      /containers\[0\].volumeMounts\[0\].subPath is "..\/x"; a path may not contain '..'/,
    );
    expect(
      bad({
        containers: [
          c({ mounts: [{ volume: e, path: '/a' }] }),
          c({ name: 'b', mounts: [{ volume: PodVolume.emptyDir('e', { sizeLimit: '1Mi' }), path: '/a' }] }),
        ],
      }),
    ).toThrow(
      /^Pod\/p: containers\[1\].volumeMounts\[0\].volume names volume "e", but another volume of that name has a different source/,
    );
    expect(bad({ containers: [c()], volumes: [e, PodVolume.emptyDir('e', { sizeLimit: '2Mi' })] })).toThrow(
      /volumes\[1\] names volume "e"/,
    );
    expect(bad({ containers: [c({ ports: [0] })] })).toThrow(
      /^Pod\/p: containers\[0\].ports\[0\] is 0; expected a port from 1 to 65535$/,
    );
    expect(bad({ containers: [c({ resources: { memoryLimit: '1Gx' } })] })).toThrow(
      /^Pod\/p: containers\[0\].resources.memoryLimit is "1Gx", which is not a Kubernetes quantity/,
    );
    expect(bad({ containers: [c({ resources: { cpuRequest: '-1' } })] })).toThrow(
      /^Pod\/p: containers\[0\].resources.cpuRequest is "-1"; a resource quantity may not be negative$/,
    );
    expect(bad({ containers: [c({ resources: { memoryRequest: '1Gi', memoryLimit: '1G' } })] })).toThrow(
      /^Pod\/p: containers\[0\].resources.memoryRequest is "1Gi", above memoryLimit "1G"; a request may not exceed its limit$/,
    );
    expect(bad({ containers: [c({ runAsUser: 0 })], security: SecurityProfile.restricted() })).toThrow(
      /^Pod\/p: containers\[0\].runAsUser is 0; expected a non-root uid \(a whole number above 0\)$/,
    );
    expect(bad({ containers: [c({ env: { '1BAD': 'x' } })] })).toThrow(
      /^Pod\/p: containers\[0\].env has name "1BAD"; an environment variable name/,
    );
    const info = PodVolume.downwardApi('info', {
      items: [{ path: 'mem', resource: 'limits.memory', containerName: 'web' }],
    });
    expect(bad({ containers: [c({ mounts: [{ volume: info, path: '/info' }] })] })).toThrow(
      /^Pod\/p: volumes.info reads resource limits.memory of container "web", which this pod does not have \(containers: app\)$/,
    );
  });
});

describe('SecurityProfile', () => {
  test('defaults: IMAGE_DEFAULT sets nothing (the image user, often root)', () => {
    const spec = wire(renderPodSpec('Pod/p', { containers: [c()] }));
    expect(spec.securityContext).toBeUndefined();
    expect(spec.containers[0].securityContext).toBeUndefined();
    expect(SecurityProfile.IMAGE_DEFAULT.isRestricted).toBe(false);
  });

  test('IMAGE_DEFAULT keeps a container runAsUser (and only that): it is never dropped in silence', () => {
    const spec = wire(
      renderPodSpec('Pod/p', {
        initContainers: [c({ name: 'init', runAsUser: 65533 })],
        containers: [c({ runAsUser: 101 }), c({ name: 'other' })],
        security: SecurityProfile.IMAGE_DEFAULT,
      }),
    );
    expect(spec.securityContext).toBeUndefined();
    expect(spec.initContainers[0].securityContext).toEqual({ runAsUser: 65533 });
    expect(spec.containers[0].securityContext).toEqual({ runAsUser: 101 });
    expect(spec.containers[1].securityContext).toBeUndefined();
    expect(podSecurityLevel(spec).level).toBe('baseline');
  });

  test('restricted: Pod Security restricted fields, on init containers too, per-container uid', () => {
    const spec = wire(
      renderPodSpec('Pod/p', {
        initContainers: [c({ name: 'init' })],
        containers: [c({ runAsUser: 101 })],
        security: SecurityProfile.restricted(),
      }),
    );
    expect(spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const hardened = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    };
    expect(spec.initContainers[0].securityContext).toEqual(hardened);
    expect(spec.containers[0].securityContext).toEqual({ ...hardened, runAsUser: 101 });
  });

  test('restricted, custom: ids and a writable root filesystem', () => {
    const profile = SecurityProfile.restricted({
      runAsUser: 2000,
      runAsGroup: 3000,
      fsGroup: 4000,
      readOnlyRootFilesystem: false,
    });
    const spec = wire(renderPodSpec('Pod/p', { containers: [c()], security: profile }));
    expect(spec.securityContext).toMatchObject({ runAsUser: 2000, runAsGroup: 3000, fsGroup: 4000 });
    expect(spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
  });

  test('errors', () => {
    expect(() => SecurityProfile.restricted({ runAsUser: 0 })).toThrow(
      /^SecurityProfile.restricted: runAsUser is 0; expected a non-root id \(a whole number above 0\)$/,
    );
    expect(() => SecurityProfile.restricted({ fsGroup: 1.5 })).toThrow(
      /^SecurityProfile.restricted: fsGroup is 1.5; expected a non-root id/,
    );
    expect(() => SecurityProfile.restricted({ runAsGroup: -1 })).toThrow(/runAsGroup is -1/);
  });
});
