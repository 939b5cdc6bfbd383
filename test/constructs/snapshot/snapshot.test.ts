import { Chart, Testing } from 'cdk8s';
import { DynamicClaim } from '../../../src/constructs/persistent/dynamic-claim';
import { StaticClaim } from '../../../src/constructs/persistent/claim';
import { ClaimStatefulSet } from '../../../src/constructs/persistent/workloads';
import { VolumeMode } from '../../../src/constructs/persistent/modes';
import { Provisioner, StorageClass } from '../../../src/constructs/persistent/storage-class';
import {
  PersistentVolumeSource,
  StaticPersistentVolume,
} from '../../../src/constructs/persistent/persistent-volume';
import { planStorage } from '../../../src/plan/plan';
import {
  ClaimDataSource,
  SnapshotDeletionPolicy,
  VolumeSnapshot,
  VolumeSnapshotClass,
  VolumeSnapshotContent,
} from '../../../src/constructs/snapshot';
import { expectSchemaValid, schemaErrors } from '../../_schema';

function setup(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

function synth(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests;
}

const GKE = 'pd.csi.storage.gke.io';

function gkeClass(chart: Chart, name = 'ssd'): StorageClass {
  return new StorageClass(chart, name, { provisioner: Provisioner.custom(GKE) });
}

describe('VolumeSnapshotClass', () => {
  test('defaults: Retain, not the default class, cluster-scoped', () => {
    const chart = setup('apps');
    new VolumeSnapshotClass(chart, 'csi-snapclass', { driver: GKE });
    expect(synth(chart)).toEqual([
      {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshotClass',
        metadata: { name: 'csi-snapclass' },
        driver: GKE,
        deletionPolicy: 'Retain',
      },
    ]);
  });

  test('custom: Delete, parameters, default-class annotation', () => {
    const chart = setup();
    new VolumeSnapshotClass(chart, 'c', {
      name: 'fast-snap',
      driver: GKE,
      deletionPolicy: SnapshotDeletionPolicy.DELETE,
      parameters: { 'storage-locations': 'us-east2' },
      isDefault: true,
    });
    expect(synth(chart)[0]).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: {
        name: 'fast-snap',
        annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' },
      },
      driver: GKE,
      deletionPolicy: 'Delete',
      parameters: { 'storage-locations': 'us-east2' },
    });
  });

  test('refuses a missing driver and a bad deletion policy', () => {
    expect(() => new VolumeSnapshotClass(setup(), 'c', {} as any)).toThrow(
      'VolumeSnapshotClass/c: driver is undefined; expected the CSI driver\'s name, e.g. "pd.csi.storage.gke.io"',
    );
    expect(
      () => new VolumeSnapshotClass(setup(), 'c', { driver: GKE, deletionPolicy: 'Keep' as any }),
    ).toThrow('VolumeSnapshotClass/c: deletionPolicy is "Keep"; expected one of "Retain", "Delete"');
  });
});

describe('VolumeSnapshot', () => {
  test('of a claim by name, with no class (the driver default)', () => {
    const chart = setup();
    const s = new VolumeSnapshot(chart, 'postgres-data-snap', { claimName: 'data-postgres-0' });
    expect(s.sourceClaimName).toBe('data-postgres-0');
    expect(synth(chart)).toEqual([
      {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshot',
        metadata: { name: 'postgres-data-snap', namespace: 'default' },
        spec: { source: { persistentVolumeClaimName: 'data-postgres-0' } },
      },
    ]);
  });

  test('of a claim of this app with a class of its driver', () => {
    const chart = setup('db');
    const claim = new DynamicClaim(chart, 'data', { storage: '10Gi', storageClass: gkeClass(chart) });
    const klass = new VolumeSnapshotClass(chart, 'snap', { driver: GKE });
    new VolumeSnapshot(chart, 's', { claim, volumeSnapshotClass: klass });
    expect(synth(chart).find((m) => m.kind === 'VolumeSnapshot').spec).toEqual({
      source: { persistentVolumeClaimName: 'data' },
      volumeSnapshotClassName: 'snap',
    });
  });

  test('refuses a class of another driver than the claim class provisioner', () => {
    const chart = setup();
    const claim = new DynamicClaim(chart, 'data', { storage: '10Gi', storageClass: gkeClass(chart) });
    const klass = new VolumeSnapshotClass(chart, 'ebs', { driver: 'ebs.csi.aws.com' });
    expect(() => new VolumeSnapshot(chart, 's', { claim, volumeSnapshotClass: klass })).toThrow(
      'VolumeSnapshot/default/s: spec.volumeSnapshotClassName is "ebs", whose driver "ebs.csi.aws.com" is not the CSI driver "pd.csi.storage.gke.io" of claim data (its class "ssd"); the snapshot is never taken: use a VolumeSnapshotClass of driver "pd.csi.storage.gke.io" [snapshot-class-driver, error;',
    );
  });

  test('refuses no source, two sources, an empty class name and a claim of another namespace', () => {
    const chart = setup();
    expect(() => new VolumeSnapshot(chart, 'a', {})).toThrow(
      'VolumeSnapshot/a: spec.source has 0 sources (claim, claimName, content); exactly one of a claim and a pre-provisioned VolumeSnapshotContent must be set',
    );
    const claim = new DynamicClaim(chart, 'data', { storage: '1Gi', namespace: 'other' });
    expect(() => new VolumeSnapshot(chart, 'b', { claim, claimName: 'x' })).toThrow(
      'VolumeSnapshot/b: spec.source has 2 sources (claim, claimName, content); exactly one of a claim and a pre-provisioned VolumeSnapshotContent must be set',
    );
    expect(() => new VolumeSnapshot(chart, 'c', { claimName: 'x', volumeSnapshotClassName: '' })).toThrow(
      'VolumeSnapshot/c: spec.volumeSnapshotClassName is ""; name a class, or leave it unset for the default class of the driver',
    );
    expect(() => new VolumeSnapshot(chart, 'd', { claim })).toThrow(
      'VolumeSnapshot/d: spec.source.persistentVolumeClaimName is claim "data" of namespace "other"; a VolumeSnapshot snapshots a claim of its own namespace "default"',
    );
  });

  test('from a pre-provisioned VolumeSnapshotContent', () => {
    const chart = setup('apps');
    const content = new VolumeSnapshotContent(chart, 'imported', {
      driver: 'ebs.csi.aws.com',
      snapshotHandle: 'snap-0123456789abcdef0',
      volumeSnapshotName: 'imported',
      volumeSnapshotNamespace: 'apps',
    });
    new VolumeSnapshot(chart, 'imported-snap', { name: 'imported', content });
    expect(synth(chart)).toEqual([
      {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshotContent',
        metadata: { name: 'imported' },
        spec: {
          deletionPolicy: 'Retain',
          driver: 'ebs.csi.aws.com',
          source: { snapshotHandle: 'snap-0123456789abcdef0' },
          volumeSnapshotRef: { name: 'imported', namespace: 'apps' },
        },
      },
      {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshot',
        metadata: { name: 'imported', namespace: 'apps' },
        spec: { source: { volumeSnapshotContentName: 'imported' } },
      },
    ]);
    expect(() => new VolumeSnapshot(chart, 'other', { content })).toThrow(
      'VolumeSnapshot/other: spec.source.volumeSnapshotContentName is "imported", which is reserved for VolumeSnapshot apps/imported, not apps/other; the snapshot controller binds the two only when each names the other',
    );
  });

  test('VolumeSnapshotContent refuses an empty handle', () => {
    expect(
      () =>
        new VolumeSnapshotContent(setup(), 'c', {
          driver: GKE,
          snapshotHandle: '',
          volumeSnapshotName: 's',
          volumeSnapshotNamespace: 'default',
        }),
    ).toThrow(
      'VolumeSnapshotContent/c: spec.source.snapshotHandle is ""; expected the snapshot\'s id in the storage system',
    );
  });

  test('the CRD schema judges the objects: a missing driver is a schema error', () => {
    expect(
      schemaErrors({
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshotClass',
        metadata: { name: 'x' },
        deletionPolicy: 'Retain',
      }),
    ).not.toEqual([]);
  });
});

describe('ClaimDataSource', () => {
  test('restore from a snapshot of this app, and clone by name', () => {
    const chart = setup();
    const snap = new VolumeSnapshot(chart, 'snap', { claimName: 'data-postgres-0' });
    new DynamicClaim(chart, 'restore', { storage: '10Gi', dataSource: ClaimDataSource.fromSnapshot(snap) });
    new DynamicClaim(chart, 'clone', {
      storage: '10Gi',
      dataSource: ClaimDataSource.fromClaimName('data-postgres-0'),
    });
    const claims = synth(chart).filter((m) => m.kind === 'PersistentVolumeClaim');
    expect(claims.map((c) => c.spec.dataSource)).toEqual([
      { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' },
      { kind: 'PersistentVolumeClaim', name: 'data-postgres-0' },
    ]);
    expect(claims.map((c) => c.spec.dataSourceRef)).toEqual([undefined, undefined]);
  });

  test('a populator and an opted-in cross-namespace source go to dataSourceRef', () => {
    const chart = setup();
    new DynamicClaim(chart, 'a', {
      storage: '1Gi',
      dataSource: ClaimDataSource.fromPopulator('hello.example.com', 'Hello', 'h'),
    });
    new DynamicClaim(chart, 'b', {
      storage: '1Gi',
      dataSource: ClaimDataSource.fromSnapshotName('nightly', {
        namespace: 'backup',
        allowCrossNamespace: true,
      }),
    });
    const claims = synth(chart);
    expect(claims.map((c) => [c.spec.dataSource, c.spec.dataSourceRef])).toEqual([
      [undefined, { apiGroup: 'hello.example.com', kind: 'Hello', name: 'h' }],
      [
        undefined,
        { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'nightly', namespace: 'backup' },
      ],
    ]);
  });

  test('refuses another namespace without the opt-in', () => {
    expect(
      () =>
        new DynamicClaim(setup(), 'a', {
          storage: '1Gi',
          dataSource: ClaimDataSource.fromClaimName('src', { namespace: 'prod' }),
        }),
    ).toThrow(
      'PersistentVolumeClaim/a: spec.dataSource.namespace is "prod", not the claim\'s namespace "default"; a source in another namespace needs spec.dataSourceRef.namespace, which the API server drops unless the alpha feature gate CrossNamespaceVolumeDataSource is on, and a ReferenceGrant in "prod": set allowCrossNamespace: true to opt in',
    );
  });

  test('refuses a populator of the core group or a VolumeSnapshotContent', () => {
    expect(
      () =>
        new DynamicClaim(setup(), 'a', {
          storage: '1Gi',
          dataSource: ClaimDataSource.fromPopulator('', 'ConfigMap', 'x'),
        }),
    ).toThrow(
      'PersistentVolumeClaim/a: spec.dataSource.apiGroup is "" for kind "ConfigMap"; a populator\'s kind is of a non-core API group (the core group allows only PersistentVolumeClaim: use ClaimDataSource.fromClaim)',
    );
    expect(
      () =>
        new DynamicClaim(setup(), 'a', {
          storage: '1Gi',
          dataSource: ClaimDataSource.fromPopulator('snapshot.storage.k8s.io', 'VolumeSnapshotContent', 'x'),
        }),
    ).toThrow(
      'PersistentVolumeClaim/a: spec.dataSource.kind is "VolumeSnapshotContent" of group snapshot.storage.k8s.io; only a VolumeSnapshot of that group is a claim\'s data source (a VolumeSnapshotContent is bound through a VolumeSnapshot)',
    );
  });

  test('refuses a clone smaller than its source, across volume modes, and across provisioners', () => {
    const chart = setup();
    const ssd = gkeClass(chart);
    const src = new DynamicClaim(chart, 'src', { storage: '10Gi', storageClass: ssd });
    expect(
      () =>
        new DynamicClaim(chart, 'small', {
          storage: '5Gi',
          storageClass: ssd,
          dataSource: ClaimDataSource.fromClaim(src),
        }),
    ).toThrow(
      // The plan's data-source-refused judgment (src/plan/snapshot.ts judgeDataSource), in its words.
      'PersistentVolumeClaim/default/small: spec.resources.requests.storage is "5Gi", less than the "10Gi" of the cloned claim src; the CSI provisioner refuses a clone smaller than its source (kubernetes-csi/external-provisioner pkg/controller/controller.go getPVCSource): request at least 10Gi [data-source-refused, error;',
    );
    expect(
      () =>
        new DynamicClaim(chart, 'block', {
          storage: '10Gi',
          storageClass: ssd,
          volumeMode: VolumeMode.BLOCK,
          dataSource: ClaimDataSource.fromClaim(src),
        }),
    ).toThrow(
      'PersistentVolumeClaim/default/block: spec.volumeMode is "Block", but the cloned claim src is "Filesystem"; the CSI provisioner clones only within one volume mode (kubernetes-csi/external-provisioner pkg/controller/controller.go getPVCSource): use "Filesystem" [data-source-refused, error;',
    );
    const ebs = new StorageClass(chart, 'ebs', { provisioner: Provisioner.custom('ebs.csi.aws.com') });
    expect(
      () =>
        new DynamicClaim(chart, 'x', {
          storage: '10Gi',
          storageClass: ebs,
          dataSource: ClaimDataSource.fromClaim(src),
        }),
    ).toThrow(
      'PersistentVolumeClaim/default/x: spec.storageClassName provisions with "ebs.csi.aws.com" (its class "ebs"), but the cloned claim src\'s volume is of "pd.csi.storage.gke.io" (its class "ssd"); a CSI driver clones only its own volumes (kubernetes-csi/external-provisioner pkg/controller/controller.go getPVCSource): use a class of "pd.csi.storage.gke.io" [data-source-refused, error;',
    );
    // Another class of the same driver is allowed (external-provisioner relaxed the same-class rule).
    const other = gkeClass(chart, 'ssd2');
    new DynamicClaim(chart, 'ok', {
      storage: '20Gi',
      storageClass: other,
      dataSource: ClaimDataSource.fromClaim(src),
    });
    expect(synth(chart).find((m) => m.metadata.name === 'ok').spec.dataSource).toEqual({
      kind: 'PersistentVolumeClaim',
      name: 'src',
    });
  });

  test('refuses a restore smaller than the snapshot claim', () => {
    const chart = setup();
    const src = new DynamicClaim(chart, 'src', { storage: '10Gi' });
    const snap = new VolumeSnapshot(chart, 'snap', { claim: src });
    expect(
      () => new DynamicClaim(chart, 'r', { storage: '1Gi', dataSource: ClaimDataSource.fromSnapshot(snap) }),
    ).toThrow(
      // The plan's data-source-refused judgment, in its words: a warning (restoreSize is the driver's), which the construct refuses too.
      'PersistentVolumeClaim/default/r: spec.resources.requests.storage is "1Gi", less than the "10Gi" of claim src that VolumeSnapshot snap is taken of; the CSI provisioner refuses a restore smaller than the snapshot\'s restoreSize (kubernetes-csi/external-provisioner pkg/controller/controller.go getSnapshotSource), which block-storage drivers report as the source volume\'s size (a driver that reports less accepts it): request at least 10Gi [data-source-refused, warning;',
    );
  });
});

describe('ClaimStatefulSet claim templates with a data source', () => {
  test('every replica restores the snapshot', () => {
    const chart = setup();
    const snap = new VolumeSnapshot(chart, 'seed', { claimName: 'data-postgres-0' });
    new ClaimStatefulSet(chart, 'replica', {
      containers: [{ name: 'pg', image: 'postgres:16' }],
      volumeClaimTemplates: [
        { name: 'data', storage: '10Gi', mountPath: '/data', dataSource: ClaimDataSource.fromSnapshot(snap) },
      ],
    });
    const set = synth(chart).find((m) => m.kind === 'StatefulSet');
    expect(set.spec.volumeClaimTemplates[0].spec.dataSource).toEqual({
      apiGroup: 'snapshot.storage.k8s.io',
      kind: 'VolumeSnapshot',
      name: 'seed',
    });
  });

  test('refuses a template smaller than its clone source', () => {
    const chart = setup();
    const src = new DynamicClaim(chart, 'src', { storage: '10Gi' });
    expect(
      () =>
        new ClaimStatefulSet(chart, 'replica', {
          containers: [{ name: 'pg', image: 'postgres:16' }],
          volumeClaimTemplates: [
            { name: 'data', storage: '1Gi', mountPath: '/data', dataSource: ClaimDataSource.fromClaim(src) },
          ],
        }),
    ).toThrow(
      // The plan's data-source-refused judgment, in its words (a warning: the classes are the cluster's default).
      'StatefulSet/default/replica: spec.volumeClaimTemplates[0].spec.resources.requests.storage is "1Gi", less than the "10Gi" of the cloned claim src; the CSI provisioner refuses a clone smaller than its source (kubernetes-csi/external-provisioner pkg/controller/controller.go getPVCSource): request at least 10Gi (if a CSI driver provisions the claim: the manifests do not show its class\'s provisioner) (in every claim the StatefulSet controller makes from this template) [data-source-refused, warning;',
    );
  });
});

describe('every refusal names the object, the field, the value and what is allowed', () => {
  const SUBDOMAIN =
    "a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit";
  const LABEL =
    "a DNS-1123 label has only lowercase letters, digits and '-', and starts and ends with a letter or digit";
  const content = (
    chart: Chart,
    props: Partial<ConstructorParameters<typeof VolumeSnapshotContent>[2]> = {},
  ) =>
    new VolumeSnapshotContent(chart, 'c', {
      driver: GKE,
      snapshotHandle: 'h',
      volumeSnapshotName: 's',
      volumeSnapshotNamespace: 'apps',
      ...props,
    });

  test('VolumeSnapshotClass: driver name, driver length, parameters', () => {
    expect(() => new VolumeSnapshotClass(setup(), 'c', { driver: 'Bad_Driver' })).toThrow(
      `VolumeSnapshotClass/c: driver is "Bad_Driver"; ${SUBDOMAIN}`,
    );
    expect(() => new VolumeSnapshotClass(setup(), 'c', { driver: 'a'.repeat(64) })).toThrow(
      `VolumeSnapshotClass/c: driver is "${'a'.repeat(64)}" (64 characters); a CSI driver name has at most 63`,
    );
    expect(() => new VolumeSnapshotClass(setup(), 'c', { driver: GKE, parameters: 'x' as any })).toThrow(
      'VolumeSnapshotClass/c: parameters is "x"; expected a map of strings',
    );
    expect(() => new VolumeSnapshotClass(setup(), 'c', { driver: GKE, parameters: { a: 1 as any } })).toThrow(
      'VolumeSnapshotClass/c: parameters.a is 1; expected a string',
    );
  });

  test('VolumeSnapshotContent: reference, source volume mode, class of another driver', () => {
    expect(() => content(setup(), { volumeSnapshotName: 'Bad_Name' })).toThrow(
      `VolumeSnapshotContent/c: spec.volumeSnapshotRef.name is "Bad_Name"; ${SUBDOMAIN}`,
    );
    expect(() => content(setup(), { volumeSnapshotNamespace: 'apps.x' })).toThrow(
      `VolumeSnapshotContent/c: spec.volumeSnapshotRef.namespace is "apps.x"; ${LABEL}`,
    );
    expect(() => content(setup(), { sourceVolumeMode: 'Raw' as any })).toThrow(
      'VolumeSnapshotContent/c: spec.sourceVolumeMode is "Raw"; expected one of "Filesystem", "Block"',
    );
    const chart = setup();
    const ebs = new VolumeSnapshotClass(chart, 'k', { driver: 'ebs.csi.aws.com' });
    expect(() => content(chart, { volumeSnapshotClass: ebs })).toThrow(
      'VolumeSnapshotContent/c: spec.volumeSnapshotClassName is "k", whose driver is "ebs.csi.aws.com", not this content\'s driver "pd.csi.storage.gke.io"; use a class of the same driver',
    );
  });

  test('VolumeSnapshot: claim name, foreign content, class twice, class name, class of another driver than the content', () => {
    expect(() => new VolumeSnapshot(setup(), 's', { claimName: 'Bad_Claim' })).toThrow(
      `VolumeSnapshot/s: spec.source.persistentVolumeClaimName is "Bad_Claim"; ${SUBDOMAIN}`,
    );
    expect(() => new VolumeSnapshot(setup(), 's', { content: {} as any })).toThrow(
      'VolumeSnapshot/s: spec.source.volumeSnapshotContentName has a content that is not a VolumeSnapshotContent of this library',
    );
    const chart = setup('apps');
    const gke = new VolumeSnapshotClass(chart, 'gke', { driver: GKE });
    expect(
      () =>
        new VolumeSnapshot(chart, 'a', {
          claimName: 'x',
          volumeSnapshotClass: gke,
          volumeSnapshotClassName: 'gke',
        }),
    ).toThrow(
      'VolumeSnapshot/a: spec.volumeSnapshotClassName is set twice (volumeSnapshotClass and volumeSnapshotClassName); set one',
    );
    expect(
      () => new VolumeSnapshot(chart, 'b', { claimName: 'x', volumeSnapshotClassName: 'Bad_Class' }),
    ).toThrow(`VolumeSnapshot/b: spec.volumeSnapshotClassName is "Bad_Class"; ${SUBDOMAIN}`);
    const ebs = new VolumeSnapshotClass(chart, 'ebs', { driver: 'ebs.csi.aws.com' });
    const c = content(chart);
    expect(() => new VolumeSnapshot(chart, 's', { content: c, volumeSnapshotClass: ebs })).toThrow(
      'VolumeSnapshot/s: spec.volumeSnapshotClassName is "ebs", whose driver "ebs.csi.aws.com" is not the driver "pd.csi.storage.gke.io" of content c; use a class of that driver',
    );
  });

  test('ClaimDataSource: not a snapshot, names, populator kind, namespace', () => {
    expect(() => ClaimDataSource.fromSnapshot({} as any)).toThrow(
      new TypeError(
        'ClaimDataSource.fromSnapshot: expected a VolumeSnapshot; use fromSnapshotName for one by name',
      ),
    );
    const claimWith = (dataSource: ClaimDataSource) => () =>
      new DynamicClaim(setup(), 'a', { storage: '1Gi', dataSource });
    expect(claimWith(ClaimDataSource.fromSnapshotName('Bad_Snap'))).toThrow(
      `PersistentVolumeClaim/a: spec.dataSource.name is "Bad_Snap"; ${SUBDOMAIN}`,
    );
    expect(claimWith(ClaimDataSource.fromPopulator('Bad_Group', 'X', 'x'))).toThrow(
      `PersistentVolumeClaim/a: spec.dataSource.apiGroup is "Bad_Group"; ${SUBDOMAIN}`,
    );
    expect(claimWith(ClaimDataSource.fromPopulator('example.com', 'lower', 'x'))).toThrow(
      'PersistentVolumeClaim/a: spec.dataSource.kind is "lower"; expected a kind such as "VolumeImportSource"',
    );
    expect(
      claimWith(ClaimDataSource.fromClaimName('x', { namespace: 'Bad_Ns', allowCrossNamespace: true })),
    ).toThrow(`PersistentVolumeClaim/a: spec.dataSource.namespace is "Bad_Ns"; ${LABEL}`);
    expect(claimWith({} as any)).toThrow(
      'PersistentVolumeClaim/a: spec.dataSource is not a ClaimDataSource; use ClaimDataSource.fromSnapshot(), fromClaim() or fromPopulator()',
    );
  });

  test('a restore into a class of another driver than the snapshot', () => {
    const chart = setup();
    const ssd = gkeClass(chart);
    const ebs = new StorageClass(chart, 'ebs', { provisioner: Provisioner.custom('ebs.csi.aws.com') });
    const src = new DynamicClaim(chart, 'src', { storage: '10Gi', storageClass: ssd });
    const snap = new VolumeSnapshot(chart, 'snap', { claim: src });
    expect(
      () =>
        new DynamicClaim(chart, 'r', {
          storage: '10Gi',
          storageClass: ebs,
          dataSource: ClaimDataSource.fromSnapshot(snap),
        }),
    ).toThrow(
      'PersistentVolumeClaim/default/r: spec.storageClassName provisions with "ebs.csi.aws.com" (its class "ebs"), but VolumeSnapshot snap is of driver "pd.csi.storage.gke.io" (its claim src); the CSI provisioner restores only its own driver\'s snapshots (kubernetes-csi/external-provisioner pkg/controller/controller.go getSnapshotSource: the content\'s driver must be the class\'s provisioner): use a class of "pd.csi.storage.gke.io" [data-source-refused, error;',
    );
    // the same driver restores, into any class of it
    new DynamicClaim(chart, 'ok', {
      storage: '10Gi',
      storageClass: ssd,
      dataSource: ClaimDataSource.fromSnapshot(snap),
    });
    expect(synth(chart).filter((m) => m.kind === 'PersistentVolumeClaim')).toHaveLength(2);
  });

  test('a claim template that is not given a ClaimDataSource', () => {
    expect(
      () =>
        new ClaimStatefulSet(setup(), 'replica', {
          containers: [{ name: 'pg', image: 'postgres:16' }],
          volumeClaimTemplates: [{ name: 'data', storage: '1Gi', mountPath: '/data', dataSource: {} as any }],
        }),
    ).toThrow(
      'StatefulSet/replica: spec.volumeClaimTemplates[0].spec.dataSource is not a ClaimDataSource; use ClaimDataSource.fromSnapshot(), fromClaim() or fromPopulator()',
    );
  });
});

describe('the construct refuses what the plan flags on a data source (src/plan/snapshot.ts judgeDataSource)', () => {
  test('a restore into another volume mode than the snapshotted claim', () => {
    const chart = setup();
    const ssd = gkeClass(chart);
    const src = new DynamicClaim(chart, 'src', { storage: '10Gi', storageClass: ssd });
    const snap = new VolumeSnapshot(chart, 'snap', { claim: src });
    expect(
      () =>
        new DynamicClaim(chart, 'r', {
          storage: '10Gi',
          storageClass: ssd,
          volumeMode: VolumeMode.BLOCK,
          dataSource: ClaimDataSource.fromSnapshot(snap),
        }),
    ).toThrow(
      'PersistentVolumeClaim/default/r: spec.volumeMode is "Block", but VolumeSnapshot snap was taken of a "Filesystem" volume; the CSI provisioner (--prevent-volume-mode-conversion, on by default since v4) refuses the restore unless its VolumeSnapshotContent is annotated snapshot.storage.kubernetes.io/allow-volume-mode-change: "true": use "Filesystem" [data-source-refused, warning;',
    );
  });

  test('a clone of a StaticClaim of another volume mode', () => {
    const chart = setup();
    const src = new StaticClaim(chart, 'src', {
      storage: '10Gi',
      storageClassName: 'manual',
      volumeMode: VolumeMode.BLOCK,
    });
    expect(
      () =>
        new DynamicClaim(chart, 'r', {
          storage: '10Gi',
          storageClass: gkeClass(chart),
          dataSource: ClaimDataSource.fromClaim(src),
        }),
    ).toThrow(
      'PersistentVolumeClaim/default/r: spec.volumeMode is "Filesystem", but the cloned claim src is "Block";',
    );
  });

  test('a data source on a class of an in-tree provisioner that provisions by itself', () => {
    const app = Testing.app();
    app.node.setContext('cdk8s-volumes:kubernetesVersion', '1.30');
    const chart = new Chart(app, 'test');
    const px = new StorageClass(chart, 'px', {
      provisioner: Provisioner.custom('kubernetes.io/portworx-volume'),
      ignoreChecks: { 'source-deprecated': 'test' },
    });
    expect(
      () =>
        new DynamicClaim(chart, 'r', {
          storage: '10Gi',
          storageClass: px,
          dataSource: ClaimDataSource.fromSnapshotName('s'),
        }),
    ).toThrow(
      'PersistentVolumeClaim/default/r: spec.storageClassName is provisioned by the in-tree provisioner kubernetes.io/portworx-volume (its class "px"), which is not a CSI plugin;',
    );
  });

  test('ignoreChecks accepts the rule, and writes the annotation the plan reads', () => {
    const chart = setup();
    const ssd = gkeClass(chart);
    const src = new DynamicClaim(chart, 'src', { storage: '10Gi', storageClass: ssd });
    new DynamicClaim(chart, 'r', {
      storage: '5Gi',
      storageClass: ssd,
      dataSource: ClaimDataSource.fromClaim(src),
      ignoreChecks: { 'data-source-refused': 'the driver clones into a smaller volume' },
    });
    const r = synth(chart).find((m) => m.metadata.name === 'r');
    expect(r.metadata.annotations['ignore-check.cdk8s-volumes.io/data-source-refused']).toBe(
      'the driver clones into a smaller volume',
    );
  });

  test("allowCrossNamespace on a claim template accepts the plan's warning on the gated field", () => {
    const chart = setup();
    new ClaimStatefulSet(chart, 'set', {
      containers: [{ name: 'pg', image: 'postgres:16' }],
      volumeClaimTemplates: [
        {
          name: 'data',
          storage: '1Gi',
          mountPath: '/data',
          dataSource: ClaimDataSource.fromSnapshotName('n', {
            namespace: 'backup',
            allowCrossNamespace: true,
          }),
        },
      ],
    });
    const set = synth(chart).find((m) => m.kind === 'StatefulSet');
    expect(set.metadata.annotations['ignore-check.cdk8s-volumes.io/data-source-invalid']).toMatch(
      /allowCrossNamespace/,
    );
  });
});

describe("a snapshot or clone of a StaticClaim judged by its reserved volume's driver (src/plan/snapshot.ts volumeDriver)", () => {
  function staticClaim(chart: Chart, source: PersistentVolumeSource, id = 'share'): StaticClaim {
    const volume = new StaticPersistentVolume(chart, `${id}-pv`, {
      capacity: '10Gi',
      storageClassName: 'manual',
      source,
    });
    return new StaticClaim(chart, id, { storage: '10Gi', storageClassName: 'manual', volume });
  }
  const nfs = () => PersistentVolumeSource.nfs('nfs.example.com', '/exports/share');
  const ebs = () => PersistentVolumeSource.csi({ driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0123' });

  test("a VolumeSnapshot of a claim of an NFS volume is refused with the plan's snapshot-source-not-csi", () => {
    const chart = setup();
    const claim = staticClaim(chart, nfs());
    const klass = new VolumeSnapshotClass(chart, 'vsc', { driver: GKE });
    expect(() => new VolumeSnapshot(chart, 'snap', { claim, volumeSnapshotClass: klass })).toThrow(
      'VolumeSnapshot/default/snap: spec.source.persistentVolumeClaimName snapshots claim share, whose volume is not a CSI volume (nfs volume, from its volume share-pv); only a CSI driver takes VolumeSnapshots, so the snapshot never becomes ready: snapshot a claim of a CSI StorageClass [snapshot-source-not-csi, error;',
    );
  });

  test('ignoreChecks accepts it; the plan reads the annotation and reports nothing else on the snapshot', () => {
    const chart = setup();
    const claim = staticClaim(chart, nfs());
    const klass = new VolumeSnapshotClass(chart, 'vsc', { driver: GKE });
    new VolumeSnapshot(chart, 'snap', {
      claim,
      volumeSnapshotClass: klass,
      ignoreChecks: { 'snapshot-source-not-csi': 'the NAS snapshots the export itself' },
    });
    const manifests = synth(chart);
    const snap = manifests.find((m) => m.kind === 'VolumeSnapshot');
    expect(snap.metadata.annotations).toEqual({
      'ignore-check.cdk8s-volumes.io/snapshot-source-not-csi': 'the NAS snapshots the export itself',
    });
    const onSnapshot = planStorage(manifests).findings.filter(
      (f) => f.object === 'VolumeSnapshot/default/snap' && f.severity !== 'info',
    );
    expect(onSnapshot).toEqual([]);
    // Without the annotation, the plan flags the same YAML with the same rule.
    delete snap.metadata.annotations;
    expect(
      planStorage(manifests)
        .findings.filter((f) => f.object === 'VolumeSnapshot/default/snap')
        .map((f) => [f.severity, f.rule, f.field]),
    ).toEqual([['error', 'snapshot-source-not-csi', 'spec.source.persistentVolumeClaimName']]);
  });

  test('a claim of a CSI volume: a class of its driver is accepted, of another driver refused', () => {
    const chart = setup();
    const claim = staticClaim(chart, ebs());
    const ebsClass = new VolumeSnapshotClass(chart, 'ebs', { driver: 'ebs.csi.aws.com' });
    new VolumeSnapshot(chart, 'ok', { claim, volumeSnapshotClass: ebsClass });
    const gke = new VolumeSnapshotClass(chart, 'gke', { driver: GKE });
    expect(() => new VolumeSnapshot(chart, 'bad', { claim, volumeSnapshotClass: gke })).toThrow(
      'VolumeSnapshot/default/bad: spec.volumeSnapshotClassName is "gke", whose driver "pd.csi.storage.gke.io" is not the CSI driver "ebs.csi.aws.com" of claim share (its volume share-pv (spec.csi.driver)); the snapshot is never taken: use a VolumeSnapshotClass of driver "ebs.csi.aws.com" [snapshot-class-driver, error;',
    );
  });

  test('a restore of a snapshot of a CSI static claim into a class of another driver is refused, as the plan does', () => {
    const chart = setup();
    const claim = staticClaim(chart, ebs());
    const snap = new VolumeSnapshot(chart, 'snap', { claim });
    expect(
      () =>
        new DynamicClaim(chart, 'r', {
          storage: '10Gi',
          storageClass: gkeClass(chart),
          dataSource: ClaimDataSource.fromSnapshot(snap),
        }),
    ).toThrow(
      'PersistentVolumeClaim/default/r: spec.storageClassName provisions with "pd.csi.storage.gke.io" (its class "ssd"), but VolumeSnapshot snap is of driver "ebs.csi.aws.com" (its claim share);',
    );
  });

  test('a claim that clones itself is refused, as the plan does: it would stay Pending', () => {
    const chart = setup();
    expect(
      () =>
        new DynamicClaim(chart, 'r', {
          name: 'data',
          storage: '10Gi',
          storageClass: gkeClass(chart),
          dataSource: ClaimDataSource.fromClaimName('data'),
        }),
    ).toThrow(
      'PersistentVolumeClaim/default/data: spec.dataSource names claim data itself: the CSI provisioner clones only a bound source claim',
    );
  });

  test('a clone of a static claim of an NFS volume is refused, as the plan does (getPVCSource: no spec.csi)', () => {
    const chart = setup();
    const claim = staticClaim(chart, nfs());
    expect(
      () =>
        new DynamicClaim(chart, 'r', {
          storage: '10Gi',
          storageClass: gkeClass(chart),
          dataSource: ClaimDataSource.fromClaim(claim),
        }),
    ).toThrow(
      'PersistentVolumeClaim/default/r: spec.dataSource names claim share, whose volume is not a CSI volume (nfs volume, from its volume share-pv); the CSI provisioner clones only a volume with spec.csi of its own driver',
    );
  });

  test('a clone of a CSI static claim into a class of another driver is refused, as the plan does', () => {
    const chart = setup();
    const claim = staticClaim(chart, ebs());
    expect(
      () =>
        new DynamicClaim(chart, 'r', {
          storage: '10Gi',
          storageClass: gkeClass(chart),
          dataSource: ClaimDataSource.fromClaim(claim),
        }),
    ).toThrow(
      'PersistentVolumeClaim/default/r: spec.storageClassName provisions with "pd.csi.storage.gke.io" (its class "ssd"), but the cloned claim share\'s volume is of "ebs.csi.aws.com" (its volume share-pv (spec.csi.driver));',
    );
  });
});
