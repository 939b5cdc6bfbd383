import { Chart, Testing } from 'cdk8s';
import { ReclaimPolicy, VolumeBindingMode } from '../../../src/constructs/persistent/modes';
import {
  EbsVolumeType,
  GcePdDiskType,
  GcePdReplication,
  Provisioner,
  StorageClass,
} from '../../../src/constructs/persistent/storage-class';
import { expectSchemaValid } from '../../_schema';

function setup(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

function synth(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests;
}

describe('StorageClass', () => {
  test('defaults: Retain, Immediate for a custom provisioner, no namespace even in a namespaced chart', () => {
    const chart = setup('apps');
    new StorageClass(chart, 'fast', { provisioner: Provisioner.custom('example.com/fast') });
    expect(synth(chart)).toEqual([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'fast' },
        provisioner: 'example.com/fast',
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'Immediate',
      },
    ]);
  });

  test('gcePdCsi: regional-pd, type, fstype, WaitForFirstConsumer by default, parameters sorted', () => {
    const chart = setup();
    const sc = new StorageClass(chart, 'regional', {
      provisioner: Provisioner.gcePdCsi({
        type: GcePdDiskType.BALANCED,
        replication: GcePdReplication.REGIONAL_PD,
        fsType: 'xfs',
      }),
      allowVolumeExpansion: true,
    });
    expect(sc.volumeBindingMode).toBe(VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER);
    const [m] = synth(chart);
    expect(m.provisioner).toBe('pd.csi.storage.gke.io');
    expect(m.parameters).toEqual({
      'csi.storage.k8s.io/fstype': 'xfs',
      'replication-type': 'regional-pd',
      type: 'pd-balanced',
    });
    expect(Object.keys(m.parameters)).toEqual(['csi.storage.k8s.io/fstype', 'replication-type', 'type']);
    expect(m.volumeBindingMode).toBe('WaitForFirstConsumer');
    expect(m.reclaimPolicy).toBe('Retain');
    expect(m.allowVolumeExpansion).toBe(true);
  });

  test('gcePdCsi custom disk type and no parameters at all', () => {
    const chart = setup();
    new StorageClass(chart, 'hd', {
      provisioner: Provisioner.gcePdCsi({ type: GcePdDiskType.custom('hyperdisk-balanced') }),
    });
    new StorageClass(chart, 'plain', { provisioner: Provisioner.gcePdCsi() });
    const [hd, plain] = synth(chart);
    expect(hd.parameters).toEqual({ type: 'hyperdisk-balanced' });
    expect(plain.parameters).toBeUndefined();
  });

  test('awsEbsCsi gp3 with iops, throughput and KMS encryption; Delete opted into; default class', () => {
    const chart = setup();
    new StorageClass(chart, 'gp3', {
      provisioner: Provisioner.awsEbsCsi({
        type: EbsVolumeType.GP3,
        iops: 4000,
        throughput: 250,
        encrypted: true,
        kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/abcd',
      }),
      reclaimPolicy: ReclaimPolicy.DELETE,
      isDefault: true,
      mountOptions: ['noatime'],
    });
    const [m] = synth(chart);
    expect(m.metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true' });
    expect(m.provisioner).toBe('ebs.csi.aws.com');
    expect(m.parameters).toEqual({
      encrypted: 'true',
      iops: '4000',
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/abcd',
      throughput: '250',
      type: 'gp3',
    });
    expect(m.reclaimPolicy).toBe('Delete');
    expect(m.volumeBindingMode).toBe('WaitForFirstConsumer');
    expect(m.mountOptions).toEqual(['noatime']);
  });

  test('local: no-provisioner, WaitForFirstConsumer', () => {
    const chart = setup();
    new StorageClass(chart, 'local', { provisioner: Provisioner.local() });
    const [m] = synth(chart);
    expect(m.provisioner).toBe('kubernetes.io/no-provisioner');
    expect(m.volumeBindingMode).toBe('WaitForFirstConsumer');
    expect(m.parameters).toBeUndefined();
  });

  test('nfsCsi: server, share, subDir, mountPermissions as octal; Immediate; an explicit binding mode wins', () => {
    const chart = setup();
    new StorageClass(chart, 'nfs', {
      provisioner: Provisioner.nfsCsi({
        server: 'nfs.example.com',
        share: '/exports',
        subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}',
        mountPermissions: 0o775,
      }),
    });
    new StorageClass(chart, 'ebs-now', {
      provisioner: Provisioner.awsEbsCsi(),
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
    });
    const [nfs, ebs] = synth(chart);
    expect(nfs.provisioner).toBe('nfs.csi.k8s.io');
    expect(nfs.parameters).toEqual({
      mountPermissions: '0775',
      server: 'nfs.example.com',
      share: '/exports',
      subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}',
    });
    expect(nfs.volumeBindingMode).toBe('Immediate');
    expect(ebs.volumeBindingMode).toBe('Immediate');
  });

  test('custom parameters are emitted sorted by key', () => {
    const chart = setup();
    new StorageClass(chart, 'ceph', {
      provisioner: Provisioner.custom('rbd.csi.ceph.com', {
        pool: 'kube',
        clusterID: 'c1',
        imageFeatures: 'layering',
      }),
      labels: { team: 'storage' },
    });
    const [m] = synth(chart);
    expect(Object.keys(m.parameters)).toEqual(['clusterID', 'imageFeatures', 'pool']);
    expect(m.metadata.labels).toEqual({ team: 'storage' });
  });

  describe('errors', () => {
    const cases: Array<[string, () => void, RegExp]> = [
      [
        'local with Immediate',
        () =>
          new StorageClass(setup(), 'local', {
            provisioner: Provisioner.local(),
            volumeBindingMode: VolumeBindingMode.IMMEDIATE,
          }),
        /^StorageClass\/local: volumeBindingMode is "Immediate" with provisioner kubernetes\.io\/no-provisioner; local volumes need WaitForFirstConsumer/,
      ],
      [
        'Recycle',
        () =>
          new StorageClass(setup(), 'sc', {
            provisioner: Provisioner.local(),
            reclaimPolicy: ReclaimPolicy.RECYCLE,
          }),
        /^StorageClass\/sc: reclaimPolicy is "Recycle"; expected one of "Retain", "Delete"/,
      ],
      [
        'no provisioner',
        () => new StorageClass(setup(), 'sc', {} as any),
        /^StorageClass\/sc: provisioner is not set/,
      ],
      [
        'bad binding mode',
        () =>
          new StorageClass(setup(), 'sc', {
            provisioner: Provisioner.awsEbsCsi(),
            volumeBindingMode: 'Later' as any,
          }),
        /^StorageClass\/sc: volumeBindingMode is "Later"; expected one of "Immediate", "WaitForFirstConsumer"/,
      ],
      [
        'bad name',
        () => new StorageClass(setup(), 'Fast', { provisioner: Provisioner.local() }),
        /^StorageClass\/Fast: metadata\.name is "Fast"; a DNS-1123 subdomain/,
      ],
      [
        'bad replication',
        () =>
          new StorageClass(setup(), 'sc', {
            provisioner: Provisioner.gcePdCsi({ replication: 'regional' as any }),
          }),
        /^StorageClass\/sc: parameters\.replication-type is "regional"; expected one of "none", "regional-pd"/,
      ],
      [
        'bad disk type',
        () =>
          new StorageClass(setup(), 'sc', {
            provisioner: Provisioner.gcePdCsi({ type: GcePdDiskType.custom('PD SSD') }),
          }),
        /^StorageClass\/sc: parameters\.type is "PD SSD"; expected a disk type/,
      ],
      [
        'iops on gp2',
        () =>
          new StorageClass(setup(), 'sc', {
            provisioner: Provisioner.awsEbsCsi({ type: EbsVolumeType.GP2, iops: 3000 }),
          }),
        /^StorageClass\/sc: parameters\.iops is 3000 with type gp2; only io1, io2 and gp3 volumes take provisioned IOPS/,
      ],
      [
        'throughput without gp3',
        () => new StorageClass(setup(), 'sc', { provisioner: Provisioner.awsEbsCsi({ throughput: 250 }) }),
        /^StorageClass\/sc: parameters\.throughput is 250 with type unset; only gp3 volumes take a throughput/,
      ],
      [
        'non-integer iops',
        () =>
          new StorageClass(setup(), 'sc', {
            provisioner: Provisioner.awsEbsCsi({ type: EbsVolumeType.IO2, iops: 1.5 }),
          }),
        /^StorageClass\/sc: parameters\.iops is 1\.5; expected a whole number above 0/,
      ],
      [
        'KMS key without encryption',
        () => new StorageClass(setup(), 'sc', { provisioner: Provisioner.awsEbsCsi({ kmsKeyId: 'k' }) }),
        /^StorageClass\/sc: parameters\.kmsKeyId is set, but encrypted is not true/,
      ],
      [
        'nfs server',
        () =>
          new StorageClass(setup(), 'sc', { provisioner: Provisioner.nfsCsi({ server: '', share: '/e' }) }),
        /^StorageClass\/sc: parameters\.server is ""; expected a host name or IP address/,
      ],
      [
        'nfs share',
        () =>
          new StorageClass(setup(), 'sc', {
            provisioner: Provisioner.nfsCsi({ server: 'nfs', share: 'exports' }),
          }),
        /^StorageClass\/sc: parameters\.share is "exports"; expected the exported path/,
      ],
      [
        'nfs subDir escaping',
        () =>
          new StorageClass(setup(), 'sc', {
            provisioner: Provisioner.nfsCsi({ server: 'nfs', share: '/e', subDir: '../x' }),
          }),
        /^StorageClass\/sc: parameters\.subDir is "\.\.\/x"; expected a relative path/,
      ],
      [
        'nfs mountPermissions',
        () =>
          new StorageClass(setup(), 'sc', {
            provisioner: Provisioner.nfsCsi({ server: 'nfs', share: '/e', mountPermissions: 1000 }),
          }),
        /^StorageClass\/sc: parameters\.mountPermissions is 1000; expected a file mode from 0 to 0o777/,
      ],
      [
        'custom provisioner name',
        () => new StorageClass(setup(), 'sc', { provisioner: Provisioner.custom('a/b/c') }),
        /^StorageClass\/sc: provisioner is "a\/b\/c"; a provisioner name has at most one '\/'/,
      ],
      [
        'custom provisioner prefix',
        () => new StorageClass(setup(), 'sc', { provisioner: Provisioner.custom('Example.com/x') }),
        /^StorageClass\/sc: provisioner is "Example\.com\/x"; its prefix is "Example\.com"/,
      ],
      [
        'custom parameter not a string',
        () =>
          new StorageClass(setup(), 'sc', {
            provisioner: Provisioner.custom('example.com/x', { replicas: 3 as any }),
          }),
        /^StorageClass\/sc: parameters\.replicas is 3; StorageClass parameters are strings/,
      ],
    ];
    test.each(cases)('%s', (_name, make, message) => {
      expect(make).toThrow(message);
    });
  });
});
