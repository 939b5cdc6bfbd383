import { Chart, Testing } from 'cdk8s';
import { StaticClaim } from '../../../src/constructs/persistent/claim';
import { AccessMode, SelectorOperator, VolumeMode } from '../../../src/constructs/persistent/modes';
import {
  NodeAffinity,
  PersistentVolumeSource,
  StaticPersistentVolume,
} from '../../../src/constructs/persistent/persistent-volume';
import { Provisioner, StorageClass } from '../../../src/constructs/persistent/storage-class';
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

const nfs = () => PersistentVolumeSource.nfs('nfs.example.com', '/exports/data1');
const volume = (
  chart: Chart,
  id: string,
  extra: Partial<ConstructorParameters<typeof StaticPersistentVolume>[2]> = {},
) => new StaticPersistentVolume(chart, id, { capacity: '1Gi', source: nfs(), ...extra });

describe('StaticClaim', () => {
  test('defaults: storageClassName "" emitted, ReadWriteOnce, namespace default, protection, request as written', () => {
    const chart = setup();
    const claim = new StaticClaim(chart, 'data', { storage: '500Mi' });
    expect(claim.namespace).toBe('default');
    const [pvc] = synth(chart);
    expect(pvc).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'data',
        namespace: 'default',
        annotations: {
          'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
          'kustomize.toolkit.fluxcd.io/prune': 'disabled',
        },
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '500Mi' } },
        storageClassName: '',
      },
    });
  });

  test('reserving a volume sets volumeName on the claim and claimRef {name, namespace} on the volume', () => {
    const chart = setup('shop');
    const pv = volume(chart, 'data1', { capacity: '2G' });
    new StaticClaim(chart, 'orders', { storage: '1G', volume: pv });
    const manifests = synth(chart);
    expect(find(manifests, 'PersistentVolumeClaim', 'orders').spec.volumeName).toBe('data1');
    expect(find(manifests, 'PersistentVolumeClaim', 'orders').metadata.namespace).toBe('shop');
    const m = find(manifests, 'PersistentVolume', 'data1');
    expect(m.spec.claimRef).toEqual({ name: 'orders', namespace: 'shop' });
    expect(m.spec.capacity.storage).toBe('2G');
    expect(m.metadata.namespace).toBeUndefined();
    expect(pv.reservedFor).toBe('shop/orders');
  });

  test('the claim namespace prop wins over the chart namespace, and reaches claimRef', () => {
    const chart = setup('shop');
    const pv = volume(chart, 'data1');
    new StaticClaim(chart, 'orders', { storage: '1Gi', volume: pv, namespace: 'billing' });
    expect(find(synth(chart), 'PersistentVolume', 'data1').spec.claimRef).toEqual({
      name: 'orders',
      namespace: 'billing',
    });
  });

  test('custom: class object, modes, Block, labels, selector with every operator, pruneProtection off', () => {
    const chart = setup();
    const sc = new StorageClass(chart, 'local-ssd', { provisioner: Provisioner.local() });
    const pv = new StaticPersistentVolume(chart, 'disk1', {
      capacity: '10Gi',
      source: PersistentVolumeSource.local('/mnt/ssd1'),
      nodeAffinity: NodeAffinity.hostnames(['node1']),
      storageClass: sc,
      volumeMode: VolumeMode.BLOCK,
      labels: { tier: 'fast', zone: 'a' },
    });
    new StaticClaim(chart, 'db', {
      name: 'db-data',
      storage: '10Gi',
      storageClass: sc,
      volumeMode: VolumeMode.BLOCK,
      labels: { app: 'db' },
      volume: pv,
      selector: {
        matchLabels: { zone: 'a', tier: 'fast' },
        matchExpressions: [
          { key: 'tier', operator: SelectorOperator.IN, values: ['fast'] },
          { key: 'tier', operator: SelectorOperator.NOT_IN, values: ['slow'] },
          { key: 'zone', operator: SelectorOperator.EXISTS },
          { key: 'broken', operator: SelectorOperator.DOES_NOT_EXIST },
        ],
      },
      pruneProtection: false,
    });
    const pvc = find(synth(chart), 'PersistentVolumeClaim', 'db-data');
    expect(pvc.metadata).toEqual({ name: 'db-data', namespace: 'default', labels: { app: 'db' } });
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      selector: {
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['fast'] },
          { key: 'tier', operator: 'NotIn', values: ['slow'] },
          { key: 'zone', operator: 'Exists' },
          { key: 'broken', operator: 'DoesNotExist' },
        ],
        matchLabels: { tier: 'fast', zone: 'a' },
      },
      storageClassName: 'local-ssd',
      volumeMode: 'Block',
      volumeName: 'disk1',
    });
  });

  test('a selector claim without a volume, and a claim with neither (binds any class-less volume that fits)', () => {
    const chart = setup();
    new StaticClaim(chart, 'sel', {
      storage: '1Gi',
      selector: { matchLabels: { disk: 'one' } },
      storageClassName: 'manual',
    });
    new StaticClaim(chart, 'any', { storage: '1Gi', accessModes: [AccessMode.READ_WRITE_MANY] });
    const [sel, any] = synth(chart);
    expect(sel.spec.selector).toEqual({ matchLabels: { disk: 'one' } });
    expect(sel.spec.storageClassName).toBe('manual');
    expect(any.spec.storageClassName).toBe('');
    expect(any.spec.selector).toBeUndefined();
    expect(any.spec.volumeName).toBeUndefined();
  });

  test('toPodVolume gives a persistentVolumeClaim volume', () => {
    const chart = setup();
    const claim = new StaticClaim(chart, 'data', { storage: '1Gi' });
    expect(claim.toPodVolume('data').toJson()).toEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'data' },
    });
    expect(claim.toPodVolume('ro', { readOnly: true }).toJson()).toEqual({
      name: 'ro',
      persistentVolumeClaim: { claimName: 'data', readOnly: true },
    });
  });

  describe('a reserved volume that cannot take the claim fails, naming both objects and the mismatch', () => {
    test('1Gi does not fit 1G', () => {
      const chart = setup();
      const pv = volume(chart, 'data1', { capacity: '1G' });
      expect(() => new StaticClaim(chart, 'data', { storage: '1Gi', volume: pv })).toThrow(
        /^PersistentVolumeClaim\/data: spec\.volumeName is "data1", but PersistentVolume\/data1 cannot bind this claim: its capacity 1G = 1,000,000,000 bytes is smaller than the request 1Gi = 1,073,741,824 bytes$/,
      );
      // the failed reservation leaves the volume free
      expect(pv.reservedFor).toBeUndefined();
    });
    test('access modes', () => {
      const chart = setup();
      const pv = volume(chart, 'data1');
      expect(
        () =>
          new StaticClaim(chart, 'data', {
            storage: '1Gi',
            volume: pv,
            accessModes: [AccessMode.READ_WRITE_MANY],
          }),
      ).toThrow(
        /^PersistentVolumeClaim\/data: spec\.volumeName is "data1", but PersistentVolume\/data1 cannot bind this claim: its access modes \[ReadWriteOnce\] do not include all of the requested \[ReadWriteMany\]/,
      );
    });
    test('class', () => {
      const chart = setup();
      const pv = volume(chart, 'data1', { storageClassName: 'manual' });
      expect(() => new StaticClaim(chart, 'data', { storage: '1Gi', volume: pv })).toThrow(
        /PersistentVolume\/data1 cannot bind this claim: its class "manual" is not the claim's "" \(no class\)/,
      );
    });
    test('volume mode', () => {
      const chart = setup();
      const pv = new StaticPersistentVolume(chart, 'data1', {
        capacity: '1Gi',
        source: PersistentVolumeSource.csi({ driver: 'd.example.com', volumeHandle: 'h' }),
        volumeMode: VolumeMode.BLOCK,
      });
      expect(() => new StaticClaim(chart, 'data', { storage: '1Gi', volume: pv })).toThrow(
        /PersistentVolume\/data1 cannot bind this claim: its volumeMode Block is not the claim's Filesystem/,
      );
    });
    test('selector given alongside the volume', () => {
      const chart = setup();
      const pv = volume(chart, 'data1', { labels: { disk: 'two' } });
      expect(
        () =>
          new StaticClaim(chart, 'data', {
            storage: '1Gi',
            volume: pv,
            selector: { matchLabels: { disk: 'one' } },
          }),
      ).toThrow(
        /PersistentVolume\/data1 cannot bind this claim: its labels \{disk: two\} do not match the claim's selector/,
      );
    });
    test('several mismatches are all reported', () => {
      const chart = setup();
      const pv = volume(chart, 'data1', { capacity: '1G', storageClassName: 'x' });
      expect(() => new StaticClaim(chart, 'data', { storage: '1Gi', volume: pv })).toThrow(
        /smaller than the request .*; its class "x"/,
      );
    });
    test('a volume reserved for another claim', () => {
      const chart = setup();
      const pv = volume(chart, 'data1');
      new StaticClaim(chart, 'a', { storage: '1Gi', volume: pv });
      expect(() => new StaticClaim(chart, 'b', { storage: '1Gi', volume: pv })).toThrow(
        /^PersistentVolumeClaim\/b: spec\.volumeName is "data1", but PersistentVolume\/data1 cannot bind this claim: it is already reserved for default\/a \(spec\.claimRef\); a volume binds exactly one claim$/,
      );
    });
  });

  describe('errors', () => {
    const cases: Array<[string, () => void, RegExp]> = [
      [
        'bad request',
        () => new StaticClaim(setup(), 'data', { storage: '1 Gi' }),
        /^PersistentVolumeClaim\/data: spec\.resources\.requests\.storage is "1 Gi", which is not a Kubernetes quantity/,
      ],
      [
        'negative request',
        () => new StaticClaim(setup(), 'data', { storage: '-1Gi' }),
        /^PersistentVolumeClaim\/data: spec\.resources\.requests\.storage is "-1Gi"; it must be greater than zero/,
      ],
      [
        'bad namespace',
        () => new StaticClaim(setup(), 'data', { storage: '1Gi', namespace: 'Shop' }),
        /^PersistentVolumeClaim\/data: metadata\.namespace is "Shop"; a DNS-1123 label/,
      ],
      [
        'bad class name',
        () => new StaticClaim(setup(), 'data', { storage: '1Gi', storageClassName: 'Fast SSD' }),
        /^PersistentVolumeClaim\/data: spec\.storageClassName is "Fast SSD"; a DNS-1123 subdomain/,
      ],
      [
        'class twice',
        () => {
          const chart = setup();
          const sc = new StorageClass(chart, 'sc', { provisioner: Provisioner.local() });
          new StaticClaim(chart, 'data', { storage: '1Gi', storageClass: sc, storageClassName: '' });
        },
        /^PersistentVolumeClaim\/data: spec\.storageClassName is set twice/,
      ],
      [
        'empty selector',
        () => new StaticClaim(setup(), 'data', { storage: '1Gi', selector: {} }),
        /^PersistentVolumeClaim\/data: spec\.selector is empty, which matches every volume/,
      ],
      [
        'In without values',
        () =>
          new StaticClaim(setup(), 'data', {
            storage: '1Gi',
            selector: { matchExpressions: [{ key: 'a', operator: SelectorOperator.IN }] },
          }),
        /^PersistentVolumeClaim\/data: spec\.selector is invalid: matchExpressions operator In on "a" needs at least one value/,
      ],
      [
        'Exists with values',
        () =>
          new StaticClaim(setup(), 'data', {
            storage: '1Gi',
            selector: { matchExpressions: [{ key: 'a', operator: SelectorOperator.EXISTS, values: ['x'] }] },
          }),
        /^PersistentVolumeClaim\/data: spec\.selector is invalid: matchExpressions operator Exists on "a" takes no values/,
      ],
      [
        'unknown operator',
        () =>
          new StaticClaim(setup(), 'data', {
            storage: '1Gi',
            selector: { matchExpressions: [{ key: 'a', operator: 'in' as any, values: ['x'] }] },
          }),
        /^PersistentVolumeClaim\/data: spec\.selector\.matchExpressions\[0\]\.operator is "in"; expected one of "In", "NotIn", "Exists", "DoesNotExist"/,
      ],
      [
        'bad label value',
        () =>
          new StaticClaim(setup(), 'data', { storage: '1Gi', selector: { matchLabels: { disk: 'a b' } } }),
        /^PersistentVolumeClaim\/data: spec\.selector is invalid: matchLabels value "a b" is not a valid label value/,
      ],
      [
        'bad label key',
        () =>
          new StaticClaim(setup(), 'data', { storage: '1Gi', selector: { matchLabels: { 'bad key': 'a' } } }),
        /^PersistentVolumeClaim\/data: spec\.selector is invalid: matchLabels key "bad key" is not a valid label key/,
      ],
      [
        'volume that is not a StaticPersistentVolume',
        () => new StaticClaim(setup(), 'data', { storage: '1Gi', volume: { name: 'x' } as any }),
        /^PersistentVolumeClaim\/data: spec\.volumeName is not a StaticPersistentVolume/,
      ],
      [
        'ReadWriteOncePod with another mode',
        () =>
          new StaticClaim(setup(), 'data', {
            storage: '1Gi',
            accessModes: [AccessMode.READ_WRITE_MANY, AccessMode.READ_WRITE_ONCE_POD],
          }),
        /^PersistentVolumeClaim\/data: spec\.accessModes is \[ReadWriteMany, ReadWriteOncePod\]; ReadWriteOncePod cannot be combined/,
      ],
      [
        'duplicate access mode',
        () =>
          new StaticClaim(setup(), 'data', {
            storage: '1Gi',
            accessModes: [AccessMode.READ_WRITE_ONCE, AccessMode.READ_WRITE_ONCE],
          }),
        /^PersistentVolumeClaim\/data: spec\.accessModes lists ReadWriteOnce twice/,
      ],
      [
        'bad volume mode',
        () => new StaticClaim(setup(), 'data', { storage: '1Gi', volumeMode: 'block' as any }),
        /^PersistentVolumeClaim\/data: spec\.volumeMode is "block"; expected one of "Filesystem", "Block"/,
      ],
    ];
    test.each(cases)('%s', (_name, make, message) => {
      expect(make).toThrow(message);
    });
  });
});
