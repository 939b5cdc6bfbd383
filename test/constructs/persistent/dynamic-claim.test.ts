import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DynamicClaim } from '../../../src/constructs/persistent/dynamic-claim';
import { AccessMode, VolumeMode } from '../../../src/constructs/persistent/modes';
import {
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

describe('DynamicClaim', () => {
  test('defaults: the default class (no storageClassName), ReadWriteOnce, namespace, protection', () => {
    const chart = setup();
    const claim = new DynamicClaim(chart, 'cache', { storage: '10Gi' });
    expect(claim.storageClassName).toBeUndefined();
    expect(synth(chart)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name: 'cache',
          namespace: 'default',
          annotations: {
            'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
            'kustomize.toolkit.fluxcd.io/prune': 'disabled',
          },
        },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      },
    ]);
  });

  test('custom: a StorageClass object, chart namespace, Block, labels, protection off', () => {
    const chart = setup('shop');
    const sc = new StorageClass(chart, 'regional', {
      provisioner: Provisioner.gcePdCsi({ replication: GcePdReplication.REGIONAL_PD }),
    });
    new DynamicClaim(chart, 'db', {
      storage: '200G',
      storageClass: sc,
      accessModes: [AccessMode.READ_WRITE_ONCE_POD],
      volumeMode: VolumeMode.BLOCK,
      labels: { app: 'db' },
      pruneProtection: false,
    });
    const pvc = synth(chart).find((m) => m.kind === 'PersistentVolumeClaim');
    expect(pvc.metadata).toEqual({ name: 'db', namespace: 'shop', labels: { app: 'db' } });
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOncePod'],
      resources: { requests: { storage: '200G' } },
      storageClassName: 'regional',
      volumeMode: 'Block',
    });
  });

  test('a class by name', () => {
    const chart = setup();
    new DynamicClaim(chart, 'data', {
      storage: '1Gi',
      storageClassName: 'standard-rwo',
      namespace: 'team-a',
    });
    const [pvc] = synth(chart);
    expect(pvc.spec.storageClassName).toBe('standard-rwo');
    expect(pvc.metadata.namespace).toBe('team-a');
  });

  test('toPlusVolume: a kplus.Deployment mounts the claim', () => {
    const chart = setup();
    const claim = new DynamicClaim(chart, 'web-data', { storage: '1Gi', storageClassName: 'standard' });
    const volume = claim.toPlusVolume(chart);
    expect(claim.toPlusVolume(chart)).toBe(volume); // same scope and options: the same Volume
    new kplus.Deployment(chart, 'web', {
      containers: [
        {
          image: 'nginx:alpine',
          portNumber: 80,
          // cdk8s-plus forces non-root and a read-only root filesystem; nginx:alpine needs neither.
          securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
          volumeMounts: [{ path: '/usr/share/nginx/html', volume }],
        },
      ],
    });
    const manifests = synth(chart);
    const deployment = manifests.find((m) => m.kind === 'Deployment');
    const spec = deployment.spec.template.spec;
    expect(spec.volumes).toEqual([
      { name: 'pvc-web-data', persistentVolumeClaim: { claimName: 'web-data', readOnly: false } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { mountPath: '/usr/share/nginx/html', name: 'pvc-web-data' },
    ]);
  });

  test('toPlusVolume with a name and read-only, scoped to the claim by default', () => {
    const chart = setup();
    const claim = new DynamicClaim(chart, 'shared', {
      storage: '1Gi',
      accessModes: [AccessMode.READ_ONLY_MANY],
    });
    const volume = claim.toPlusVolume(undefined, { volumeName: 'content', readOnly: true });
    expect(volume.name).toBe('content');
    expect(volume.node.scope).toBe(claim);
  });

  describe('errors', () => {
    const cases: Array<[string, () => void, RegExp]> = [
      [
        'a selector',
        () => new DynamicClaim(setup(), 'data', { storage: '1Gi', selector: { matchLabels: { a: 'b' } } }),
        /^PersistentVolumeClaim\/data: spec\.selector is set, but a claim with a selector is never provisioned dynamically/,
      ],
      [
        'class ""',
        () => new DynamicClaim(setup(), 'data', { storage: '1Gi', storageClassName: '' }),
        /^PersistentVolumeClaim\/data: spec\.storageClassName is "", which asks for a class-less volume made ahead of time and is never provisioned; use StaticClaim/,
      ],
      [
        'class twice',
        () => {
          const chart = setup();
          const sc = new StorageClass(chart, 'sc', { provisioner: Provisioner.awsEbsCsi() });
          new DynamicClaim(chart, 'data', { storage: '1Gi', storageClass: sc, storageClassName: 'sc' });
        },
        /^PersistentVolumeClaim\/data: spec\.storageClassName is set twice/,
      ],
      [
        'ReadWriteMany from a disk class',
        () => {
          const chart = setup();
          const sc = new StorageClass(chart, 'pd', { provisioner: Provisioner.gcePdCsi() });
          new DynamicClaim(chart, 'data', {
            storage: '1Gi',
            storageClass: sc,
            accessModes: [AccessMode.READ_WRITE_MANY],
          });
        },
        /^PersistentVolumeClaim\/data: spec\.accessModes asks for ReadWriteMany, but class "pd" \(pd\.csi\.storage\.gke\.io\) makes disks that attach read-write to one node/,
      ],
      [
        'bad request',
        () => new DynamicClaim(setup(), 'data', { storage: 'NaN' }),
        /^PersistentVolumeClaim\/data: spec\.resources\.requests\.storage is "NaN", which is not a Kubernetes quantity/,
      ],
      [
        'bad name',
        () => new DynamicClaim(setup(), 'data', { storage: '1Gi', name: 'data/1' }),
        /^PersistentVolumeClaim\/data\/1: metadata\.name is "data\/1"/,
      ],
      [
        'storageClass not a StorageClass',
        () => new DynamicClaim(setup(), 'data', { storage: '1Gi', storageClass: { name: 'x' } as any }),
        /^PersistentVolumeClaim\/data: spec\.storageClassName has a storageClass that is not a StorageClass/,
      ],
    ];
    test.each(cases)('%s', (_name, make, message) => {
      expect(make).toThrow(message);
    });
  });
});
