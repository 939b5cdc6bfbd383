import { Chart, Testing } from 'cdk8s';
import { KubePod } from '../../../imports/k8s';
import {
  absolutePathProblem,
  EmptyDirMedium,
  HostPathType,
  PodVolume,
  relativePathProblem,
} from '../../../src/constructs/pod/volume';
import { expectSchemaValid } from '../../_schema';

/** The volume as it reaches the API server, schema-checked inside a pod. */
function wire(volume: PodVolume): any {
  const chart = new Chart(Testing.app(), 'test');
  new KubePod(chart, 'p', {
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], volumes: [volume.toJson()] },
  });
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests[0].spec.volumes[0];
}

describe('PodVolume.emptyDir', () => {
  test('defaults: disk, no limit', () => {
    const v = PodVolume.emptyDir('scratch');
    expect(v.name).toBe('scratch');
    expect(v.sourceType).toBe('emptyDir');
    expect(wire(v)).toEqual({ name: 'scratch', emptyDir: {} });
  });
  test('custom: Memory (tmpfs) and a sizeLimit kept exactly as written', () => {
    expect(wire(PodVolume.emptyDir('cache', { medium: EmptyDirMedium.MEMORY, sizeLimit: '64Mi' }))).toEqual({
      name: 'cache',
      emptyDir: { medium: 'Memory', sizeLimit: '64Mi' },
    });
    expect(wire(PodVolume.emptyDir('d', { sizeLimit: '1.5G' })).emptyDir.sizeLimit).toBe('1.5G');
    expect(wire(PodVolume.emptyDir('d', { medium: EmptyDirMedium.DISK })).emptyDir).toEqual({});
  });
  test('errors name the volume, field, value and what is allowed', () => {
    expect(() => PodVolume.emptyDir('v', { medium: 'Tmpfs' as EmptyDirMedium })).toThrow(
      /^volume "v": emptyDir.medium is "Tmpfs"; expected one of "", "Memory"$/,
    );
    expect(() => PodVolume.emptyDir('v', { sizeLimit: '1Gx' })).toThrow(
      /^volume "v": emptyDir.sizeLimit is "1Gx", which is not a Kubernetes quantity/,
    );
    expect(() => PodVolume.emptyDir('v', { sizeLimit: '-1Gi' })).toThrow(
      /^volume "v": emptyDir.sizeLimit is "-1Gi"; it must be greater than zero$/,
    );
    expect(() => PodVolume.emptyDir('v', { sizeLimit: '0' })).toThrow(
      /emptyDir.sizeLimit is "0"; it must be greater than zero/,
    );
    expect(() => PodVolume.emptyDir('Scratch')).toThrow(
      /^volume "Scratch": name is "Scratch"; a DNS-1123 label/,
    );
    expect(() => PodVolume.emptyDir('')).toThrow(
      /^volume "": name is ""; expected a non-empty DNS-1123 label/,
    );
  });
});

describe('PodVolume.hostPath', () => {
  test('defaults: path and the required type', () => {
    const v = PodVolume.hostPath('logs', { path: '/var/log', type: HostPathType.DIRECTORY });
    expect(v.sourceType).toBe('hostPath');
    expect(wire(v)).toEqual({ name: 'logs', hostPath: { path: '/var/log', type: 'Directory' } });
  });
  test('custom: every type, including the unchecked ""', () => {
    for (const type of Object.values(HostPathType)) {
      expect(wire(PodVolume.hostPath('h', { path: '/srv/data', type })).hostPath).toEqual({
        path: '/srv/data',
        type,
      });
    }
  });
  test('errors', () => {
    expect(() => PodVolume.hostPath('h', { path: 'var/log', type: HostPathType.DIRECTORY })).toThrow(
      /^volume "h": hostPath.path is "var\/log"; expected an absolute path \(starting with \/\)$/,
    );
    expect(() => PodVolume.hostPath('h', { path: '', type: HostPathType.DIRECTORY })).toThrow(
      /hostPath.path is ""; expected an absolute path such as \/var\/log/,
    );
    expect(() => PodVolume.hostPath('h', { path: '/var/../etc', type: HostPathType.DIRECTORY })).toThrow(
      /hostPath.path is "\/var\/..\/etc"; a path may not contain '..'/,
    );
    expect(() => PodVolume.hostPath('h', { path: '/srv', type: 'Dir' as HostPathType })).toThrow(
      /^volume "h": hostPath.type is "Dir"; expected one of "", "DirectoryOrCreate", "Directory"/,
    );
  });
});

describe('PodVolume.configMap and .secret', () => {
  test('defaults: every key', () => {
    expect(wire(PodVolume.configMap('conf', { configMapName: 'app-config' }))).toEqual({
      name: 'conf',
      configMap: { name: 'app-config' },
    });
    expect(wire(PodVolume.secret('creds', { secretName: 'db-creds' }))).toEqual({
      name: 'creds',
      secret: { secretName: 'db-creds' },
    });
  });
  test('custom: items, modes, optional', () => {
    const cm = PodVolume.configMap('conf', {
      configMapName: 'app-config',
      items: [{ key: 'app.yaml', path: 'config/app.yaml', mode: 0o600 }],
      defaultMode: 0o440,
      optional: true,
    });
    expect(wire(cm).configMap).toEqual({
      name: 'app-config',
      items: [{ key: 'app.yaml', path: 'config/app.yaml', mode: 0o600 }],
      defaultMode: 0o440,
      optional: true,
    });
    const s = PodVolume.secret('creds', {
      secretName: 'db-creds',
      items: [{ key: 'password', path: 'pw' }],
      defaultMode: 0o400,
    });
    expect(wire(s).secret).toEqual({
      secretName: 'db-creds',
      items: [{ key: 'password', path: 'pw' }],
      defaultMode: 0o400,
    });
  });
  test('errors', () => {
    expect(() => PodVolume.configMap('c', { configMapName: 'App_Config' })).toThrow(
      /^volume "c": configMap.name is "App_Config"; a DNS-1123 subdomain/,
    );
    expect(() => PodVolume.secret('s', { secretName: '' })).toThrow(
      /^volume "s": secret.secretName is ""; expected a non-empty DNS-1123 subdomain/,
    );
    expect(() =>
      PodVolume.configMap('c', { configMapName: 'a', items: [{ key: 'k', path: '/abs' }] }),
    ).toThrow(/^volume "c": configMap.items\[0\].path is "\/abs"; expected a relative path/);
    expect(() => PodVolume.configMap('c', { configMapName: 'a', items: [{ key: '', path: 'p' }] })).toThrow(
      /^volume "c": configMap.items\[0\].key is ""; expected the key to project$/,
    );
    expect(() =>
      PodVolume.configMap('c', { configMapName: 'a', items: [{ key: 'k', path: 'p', mode: 0o1000 }] }),
    ).toThrow(/configMap.items\[0\].mode is 512; expected a file mode from 0 to 0o777 \(511\)/);
    expect(() => PodVolume.secret('s', { secretName: 'a', defaultMode: -1 })).toThrow(
      /^volume "s": secret.defaultMode is -1; expected a file mode from 0 to 0o777/,
    );
  });
});

describe('PodVolume.downwardApi', () => {
  test('defaults: pod fields as files (wire name downwardAPI)', () => {
    const v = PodVolume.downwardApi('podinfo', { items: [{ path: 'labels', fieldPath: 'metadata.labels' }] });
    expect(v.sourceType).toBe('downwardAPI');
    expect(wire(v)).toEqual({
      name: 'podinfo',
      downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
    });
  });
  test('custom: one label, a container resource, modes', () => {
    const v = PodVolume.downwardApi('podinfo', {
      items: [
        { path: 'app', fieldPath: "metadata.labels['app']", mode: 0o444 },
        { path: 'mem', resource: 'limits.memory', containerName: 'app' },
      ],
      defaultMode: 0o440,
    });
    expect(wire(v).downwardAPI).toEqual({
      items: [
        { path: 'app', fieldRef: { fieldPath: "metadata.labels['app']" }, mode: 0o444 },
        { path: 'mem', resourceFieldRef: { resource: 'limits.memory', containerName: 'app' } },
      ],
      defaultMode: 0o440,
    });
  });
  test('errors', () => {
    expect(() => PodVolume.downwardApi('d', { items: [] })).toThrow(
      /^volume "d": downwardAPI.items is empty; give at least one file$/,
    );
    expect(() =>
      PodVolume.downwardApi('d', { items: [{ path: '../x', fieldPath: 'metadata.name' }] }),
    ).toThrow(/downwardAPI.items\[0\].path is "..\/x"; a path may not contain '..'/);
    expect(() => PodVolume.downwardApi('d', { items: [{ path: 'x' }] })).toThrow(
      /^volume "d": downwardAPI.items\[0\] must set exactly one of fieldPath \(e.g. metadata.labels\) and resource/,
    );
    expect(() =>
      PodVolume.downwardApi('d', {
        items: [{ path: 'x', fieldPath: 'metadata.name', resource: 'limits.cpu', containerName: 'c' }],
      }),
    ).toThrow(/downwardAPI.items\[0\] must set exactly one of fieldPath/);
    expect(() => PodVolume.downwardApi('d', { items: [{ path: 'ip', fieldPath: 'status.podIP' }] })).toThrow(
      /^volume "d": downwardAPI.items\[0\].fieldPath is "status.podIP"; a downward API volume supports metadata.name, metadata.namespace/,
    );
    expect(() =>
      PodVolume.downwardApi('d', { items: [{ path: 'g', resource: 'limits.gpu', containerName: 'c' }] }),
    ).toThrow(
      /^volume "d": downwardAPI.items\[0\].resource is "limits.gpu"; expected one of limits.cpu, limits.memory/,
    );
    expect(() => PodVolume.downwardApi('d', { items: [{ path: 'm', resource: 'limits.memory' }] })).toThrow(
      /^volume "d": downwardAPI.items\[0\].containerName is required with resource in a volume/,
    );
    expect(() =>
      PodVolume.downwardApi('d', { items: [{ path: 'm', resource: 'limits.memory', containerName: 'App' }] }),
    ).toThrow(/downwardAPI.items\[0\].containerName is "App"; a DNS-1123 label/);
    expect(() =>
      PodVolume.downwardApi('d', { items: [{ path: 'm', fieldPath: 'metadata.uid' }], defaultMode: 0o1777 }),
    ).toThrow(/downwardAPI.defaultMode is 1023; expected a file mode/);
  });
});

describe('PodVolume.projected', () => {
  test('defaults: one source', () => {
    const v = PodVolume.projected('all', { sources: [{ configMap: { configMapName: 'app-config' } }] });
    expect(wire(v)).toEqual({ name: 'all', projected: { sources: [{ configMap: { name: 'app-config' } }] } });
  });
  test('custom: configMap, secret, downward API and a token in one directory', () => {
    const v = PodVolume.projected('all', {
      sources: [
        {
          configMap: {
            configMapName: 'app-config',
            items: [{ key: 'a', path: 'a.yaml' }],
            defaultMode: 0o600,
          },
        },
        { secret: { secretName: 'db-creds', optional: true } },
        { downwardApi: { items: [{ path: 'name', fieldPath: 'metadata.name' }] } },
        { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 600 } },
      ],
      defaultMode: 0o440,
    });
    expect(wire(v).projected).toEqual({
      defaultMode: 0o440,
      sources: [
        { configMap: { name: 'app-config', items: [{ key: 'a', path: 'a.yaml' }] } },
        { secret: { name: 'db-creds', optional: true } },
        { downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
        { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 600 } },
      ],
    });
  });
  test('errors', () => {
    expect(() => PodVolume.projected('p', { sources: [] })).toThrow(
      /^volume "p": projected.sources is empty; give at least one source$/,
    );
    expect(() => PodVolume.projected('p', { sources: [{}] })).toThrow(
      /^volume "p": projected.sources\[0\] sets nothing; set exactly one of configMap, secret, downwardApi, serviceAccountToken$/,
    );
    expect(() =>
      PodVolume.projected('p', {
        sources: [{ configMap: { configMapName: 'a' }, secret: { secretName: 'b' } }],
      }),
    ).toThrow(/projected.sources\[0\] sets configMap and secret; set exactly one/);
    expect(() =>
      PodVolume.projected('p', { sources: [{ serviceAccountToken: { path: '/token' } }] }),
    ).toThrow(/projected.sources\[0\].serviceAccountToken.path is "\/token"; expected a relative path/);
    expect(() =>
      PodVolume.projected('p', { sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 60 } }] }),
    ).toThrow(
      /projected.sources\[0\].serviceAccountToken.expirationSeconds is 60; expected a whole number of seconds, at least 600/,
    );
    expect(() =>
      PodVolume.projected('p', {
        sources: [{ downwardApi: { items: [{ path: 'm', resource: 'requests.cpu' }] } }],
      }),
    ).toThrow(/projected.sources\[0\].downwardAPI.items\[0\].containerName is required with resource/);
    expect(() =>
      PodVolume.projected('p', { sources: [{ secret: { secretName: 's' } }], defaultMode: 1000 }),
    ).toThrow(/projected.defaultMode is 1000; expected a file mode/);
  });
});

describe('PodVolume.persistentVolumeClaim', () => {
  test('defaults: read-write', () => {
    expect(wire(PodVolume.persistentVolumeClaim('data', { claimName: 'data-claim' }))).toEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'data-claim' },
    });
  });
  test('custom: read-only', () => {
    expect(
      wire(PodVolume.persistentVolumeClaim('data', { claimName: 'c', readOnly: true })).persistentVolumeClaim,
    ).toEqual({
      claimName: 'c',
      readOnly: true,
    });
  });
  test('errors', () => {
    expect(() => PodVolume.persistentVolumeClaim('data', { claimName: 'Bad Claim' })).toThrow(
      /^volume "data": persistentVolumeClaim.claimName is "Bad Claim"; a DNS-1123 subdomain/,
    );
  });
});

describe('sameAs and path checks', () => {
  test('the same source twice is the same volume; a different source is not', () => {
    expect(
      PodVolume.emptyDir('a', { sizeLimit: '1Mi' }).sameAs(PodVolume.emptyDir('a', { sizeLimit: '1Mi' })),
    ).toBe(true);
    expect(PodVolume.emptyDir('a').sameAs(PodVolume.emptyDir('a', { medium: EmptyDirMedium.MEMORY }))).toBe(
      false,
    );
  });
  test('absolutePathProblem and relativePathProblem', () => {
    expect(absolutePathProblem('/data')).toBeUndefined();
    expect(absolutePathProblem(undefined)).toMatch(/^is undefined; expected an absolute path/);
    expect(relativePathProblem('a/b')).toBeUndefined();
    expect(relativePathProblem('')).toMatch(/^is ""; expected a relative file path/);
    expect(relativePathProblem('a/../b')).toMatch(/may not contain '..'/);
  });
});
