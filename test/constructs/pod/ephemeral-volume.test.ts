import { Chart, Testing } from 'cdk8s';
import { KubePod } from '../../../imports/k8s';
import { AccessMode, VolumeMode } from '../../../src/constructs/persistent/modes';
import { Provisioner, StorageClass } from '../../../src/constructs/persistent/storage-class';
import { renderPodSpec } from '../../../src/constructs/pod/container';
import { PodVolume } from '../../../src/constructs/pod/volume';
import { expectSchemaValid } from '../../_schema';

/** The volume as it reaches the API server, schema-checked inside a pod. */
function wire(volume: PodVolume): any {
  const chart = new Chart(Testing.app(), 'test');
  new KubePod(chart, 'p', {
    metadata: { name: 'p' },
    spec: {
      containers: [{ name: 'app', image: 'busybox:1.36' }],
      volumes: [volume.toJson()],
    },
  });
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests[0].spec.volumes[0];
}

describe('PodVolume.ephemeral', () => {
  test('defaults: ReadWriteOnce, the default class, no metadata', () => {
    const v = PodVolume.ephemeral('scratch', { storage: '1Gi' });
    expect(v.sourceType).toBe('ephemeral');
    expect(wire(v)).toEqual({
      name: 'scratch',
      ephemeral: {
        volumeClaimTemplate: {
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      },
    });
  });

  test('custom: a class object, Block mode, labels and annotations', () => {
    const chart = new Chart(Testing.app(), 'c');
    const ssd = new StorageClass(chart, 'ssd', { name: 'ssd', provisioner: Provisioner.gcePdCsi() });
    const v = PodVolume.ephemeral('raw', {
      storage: '5Gi',
      storageClass: ssd,
      accessModes: [AccessMode.READ_WRITE_ONCE_POD],
      volumeMode: VolumeMode.BLOCK,
      labels: { app: 'cache' },
      annotations: { 'example.com/owner': 'team-a' },
    });
    expect(wire(v).ephemeral.volumeClaimTemplate).toEqual({
      metadata: { labels: { app: 'cache' }, annotations: { 'example.com/owner': 'team-a' } },
      spec: {
        accessModes: ['ReadWriteOncePod'],
        storageClassName: 'ssd',
        volumeMode: 'Block',
        resources: { requests: { storage: '5Gi' } },
      },
    });
    expect(wire(PodVolume.ephemeral('s', { storage: '1Gi', storageClassName: 'standard' }))).toMatchObject({
      ephemeral: { volumeClaimTemplate: { spec: { storageClassName: 'standard' } } },
    });
  });

  test('a Block ephemeral volume cannot be mounted at a path', () => {
    const raw = PodVolume.ephemeral('raw', { storage: '1Gi', volumeMode: VolumeMode.BLOCK });
    expect(() =>
      renderPodSpec('Pod/p', {
        containers: [{ name: 'app', image: 'x', mounts: [{ volume: raw, path: '/raw' }] }],
      }),
    ).toThrow(
      'Pod/p: containers[0].volumeMounts[0].volume is ephemeral volume "raw" of volumeMode Block, a raw device that cannot be mounted at a path; use volumeMode Filesystem',
    );
  });

  test('refuses what the API server or the class refuses', () => {
    expect(() => PodVolume.ephemeral('s', { storage: '1Gx' })).toThrow(
      'volume "s": ephemeral.volumeClaimTemplate.spec.resources.requests.storage is "1Gx", which is not a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    );
    expect(() => PodVolume.ephemeral('s', undefined as any)).toThrow(
      'volume "s": ephemeral.volumeClaimTemplate is undefined; expected options with at least storage, e.g. { storage: \'1Gi\' }',
    );
    expect(() =>
      PodVolume.ephemeral('s', { storage: '1Gi', storageClassName: 'a', storageClass: {} as any }),
    ).toThrow(
      'volume "s": ephemeral.volumeClaimTemplate.spec.storageClassName is set twice (storageClass and storageClassName); set one',
    );
    expect(() => PodVolume.ephemeral('s', { storage: '1Gi', storageClass: { name: 'x' } as any })).toThrow(
      'volume "s": ephemeral.volumeClaimTemplate.spec.storageClassName has a storageClass that is not a StorageClass; pass the object, or its name as storageClassName',
    );
    expect(() => PodVolume.ephemeral('s', { storage: '1Gi', accessModes: [] })).toThrow(
      'volume "s": ephemeral.volumeClaimTemplate.spec.accessModes is []; give at least one access mode (usually ReadWriteOnce)',
    );
    const chart = new Chart(Testing.app(), 'c');
    const pd = new StorageClass(chart, 'pd', { name: 'pd', provisioner: Provisioner.gcePdCsi() });
    expect(() =>
      PodVolume.ephemeral('s', {
        storage: '1Gi',
        storageClass: pd,
        accessModes: [AccessMode.READ_WRITE_MANY],
      }),
    ).toThrow(
      'volume "s": ephemeral.volumeClaimTemplate.spec.accessModes asks for ReadWriteMany, but class "pd" (pd.csi.storage.gke.io) makes disks that attach read-write to one node; use a ReadWriteMany class (NFS, Filestore, EFS), or ReadWriteOnce',
    );
  });
});

describe('PodVolume.csi', () => {
  test('defaults: only the driver', () => {
    const v = PodVolume.csi('secrets', { driver: 'secrets-store.csi.k8s.io' });
    expect(v.sourceType).toBe('csi');
    expect(wire(v)).toEqual({ name: 'secrets', csi: { driver: 'secrets-store.csi.k8s.io' } });
  });

  test('custom: attributes, read-only, fsType, node publish secret', () => {
    const v = PodVolume.csi('secrets', {
      driver: 'secrets-store.csi.k8s.io',
      volumeAttributes: { secretProviderClass: 'vault-db' },
      readOnly: true,
      fsType: 'ext4',
      nodePublishSecretName: 'vault-creds',
    });
    expect(wire(v)).toEqual({
      name: 'secrets',
      csi: {
        driver: 'secrets-store.csi.k8s.io',
        volumeAttributes: { secretProviderClass: 'vault-db' },
        readOnly: true,
        fsType: 'ext4',
        nodePublishSecretRef: { name: 'vault-creds' },
      },
    });
  });

  test('refuses a driver name, secret or fsType the API server refuses', () => {
    expect(() => PodVolume.csi('s', { driver: '' })).toThrow(
      `volume "s": csi.driver is ""; expected the CSI driver's name, such as secrets-store.csi.k8s.io`,
    );
    expect(() => PodVolume.csi('s', { driver: 'a'.repeat(64) })).toThrow(
      `volume "s": csi.driver is "${'a'.repeat(64)}" (64 characters); a CSI driver name has at most 63`,
    );
    expect(() => PodVolume.csi('s', { driver: 'bad_driver' })).toThrow(
      'volume "s": csi.driver is "bad_driver"; a CSI driver name is a DNS-1123 subdomain (lowercased)',
    );
    // Upper case is fine: the API server lowercases before checking.
    expect(PodVolume.csi('s', { driver: 'Example.COM' }).toJson().csi!.driver).toBe('Example.COM');
    expect(() =>
      PodVolume.csi('s', { driver: 'd.example.com', nodePublishSecretName: 'Bad_Secret' }),
    ).toThrow(
      `volume "s": csi.nodePublishSecretRef.name is "Bad_Secret"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit`,
    );
    expect(() => PodVolume.csi('s', { driver: 'd.example.com', fsType: '' })).toThrow(
      'volume "s": csi.fsType is ""; expected a filesystem type such as ext4, or leave it out',
    );
    expect(() => PodVolume.csi('s', { driver: 'd.example.com', volumeAttributes: { a: 1 as any } })).toThrow(
      'volume "s": csi.volumeAttributes.a is 1; expected a string',
    );
  });
});
