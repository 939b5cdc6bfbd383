import { planStorage } from '../../src/plan/plan';
import { Finding, PlanOptions } from '../../src/plan/types';

type Obj = Record<string, any>;

/** CrossNamespaceVolumeDataSource is alpha (off) in every supported version: a test turns it on here. */
let mockCrossNamespaceOn = false;
jest.mock('../../src/k8s/feature-gates', () => {
  const actual = jest.requireActual('../../src/k8s/feature-gates');
  return {
    ...actual,
    gateEnabledByDefault: (name: string, version: string) =>
      name === 'CrossNamespaceVolumeDataSource' && mockCrossNamespaceOn
        ? true
        : actual.gateEnabledByDefault(name, version),
  };
});
function withCrossNamespace(check: () => void): void {
  mockCrossNamespaceOn = true;
  try {
    check();
  } finally {
    mockCrossNamespaceOn = false;
  }
}

const RULES = new Set([
  'snapshot-invalid',
  'data-source-invalid',
  'data-source-refused',
  'snapshot-class-driver',
  'snapshot-source-not-csi',
  'snapshot-class-default-missing',
  'snapshot-class-default-multiple',
  'snapshot-deletion-delete',
  'data-source-ignored',
]);
const CRDS = '(kubernetes-csi/external-snapshotter client/config/crd, x-kubernetes-validations)';
const PROVISIONER = 'kubernetes-csi/external-provisioner pkg/controller/controller.go';

/** The findings of this module's rules, without the file position. */
function snapshotFindings(manifests: Obj[], options: PlanOptions = {}): Finding[] {
  return planStorage(manifests, options).findings.filter((f) => RULES.has(f.rule));
}

const storageClass = (name: string, provisioner: string): Obj => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner,
  reclaimPolicy: 'Retain',
});
const claim = (name: string, spec: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'db' },
  spec: {
    storageClassName: 'ssd',
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '10Gi' } },
    ...spec,
  },
});
const snapshotClass = (name: string, driver: string, extra: Obj = {}): Obj => ({
  apiVersion: 'snapshot.storage.k8s.io/v1',
  kind: 'VolumeSnapshotClass',
  metadata: { name, ...extra },
  driver,
  deletionPolicy: 'Retain',
});
const snapshot = (name: string, spec: Obj): Obj => ({
  apiVersion: 'snapshot.storage.k8s.io/v1',
  kind: 'VolumeSnapshot',
  metadata: { name, namespace: 'db' },
  spec,
});
const SSD = storageClass('ssd', 'pd.csi.storage.gke.io');
const DATA = claim('data');
const SNAPCLASS = snapshotClass('snapclass', 'pd.csi.storage.gke.io');
const SNAP = snapshot('snap', {
  volumeSnapshotClassName: 'snapclass',
  source: { persistentVolumeClaimName: 'data' },
});
const FROM_SNAP = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' };
const FROM_DATA = { kind: 'PersistentVolumeClaim', name: 'data' };

describe('a restore and a clone that work', () => {
  test('snapshot of a CSI claim with a class of its driver, restored and cloned at the same size: nothing', () => {
    expect(
      snapshotFindings([
        SSD,
        DATA,
        SNAPCLASS,
        SNAP,
        claim('restore', { dataSource: FROM_SNAP }),
        claim('clone', { dataSource: FROM_DATA, resources: { requests: { storage: '20Gi' } } }),
        // dataSourceRef equal to dataSource is what the API server itself writes
        claim('both', { dataSource: FROM_DATA, dataSourceRef: FROM_DATA }),
      ]),
    ).toEqual([]);
  });
  test('the default class of the driver, when the snapshot names none', () => {
    const def = snapshotClass('snapclass', 'pd.csi.storage.gke.io', {
      annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' },
    });
    expect(
      snapshotFindings([SSD, DATA, def, snapshot('snap', { source: { persistentVolumeClaimName: 'data' } })]),
    ).toEqual([]);
  });
  test('a snapshot of a claim the files do not show, or of a class they do not show: nothing to judge', () => {
    expect(
      snapshotFindings([
        snapshot('a', { source: { persistentVolumeClaimName: 'elsewhere' } }),
        claim('other', { storageClassName: 'unknown' }),
        snapshot('b', { source: { persistentVolumeClaimName: 'other' } }),
        claim('restore', { dataSource: { ...FROM_SNAP, name: 'not-here' } }),
      ]),
    ).toEqual([]);
  });
});

describe('snapshot-invalid: the CRDs’ CEL rules', () => {
  test('VolumeSnapshot: both sources, no source, an empty class name', () => {
    expect(
      snapshotFindings([
        snapshot('both', { source: { persistentVolumeClaimName: 'data', volumeSnapshotContentName: 'c' } }),
        snapshot('none', { source: {} }),
        snapshot('empty', { volumeSnapshotClassName: '', source: { volumeSnapshotContentName: 'c' } }),
      ]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'snapshot-invalid',
        object: 'VolumeSnapshot/db/both',
        field: 'spec.source',
        message: `sets both persistentVolumeClaimName and volumeSnapshotContentName; the CRD refuses it: "exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set" ${CRDS}`,
      },
      {
        severity: 'error',
        rule: 'snapshot-invalid',
        object: 'VolumeSnapshot/db/empty',
        field: 'spec.volumeSnapshotClassName',
        message: `is ""; the CRD refuses it: "volumeSnapshotClassName must not be the empty string when set": name a class, or leave the field out for the driver's default class ${CRDS}`,
      },
      {
        severity: 'error',
        rule: 'snapshot-invalid',
        object: 'VolumeSnapshot/db/none',
        field: 'spec.source',
        message: `sets neither persistentVolumeClaimName nor volumeSnapshotContentName; the CRD refuses it: "exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set" ${CRDS}`,
      },
    ]);
  });
  test('VolumeSnapshotContent: both handles, a reference without a namespace', () => {
    const content = (name: string, source: Obj, ref: Obj): Obj => ({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotContent',
      metadata: { name },
      spec: { deletionPolicy: 'Retain', driver: 'pd.csi.storage.gke.io', source, volumeSnapshotRef: ref },
    });
    expect(
      snapshotFindings([
        content('both', { volumeHandle: 'v', snapshotHandle: 's' }, { name: 'snap', namespace: 'db' }),
        content('nons', { snapshotHandle: 's' }, { name: 'snap' }),
        content('ok', { snapshotHandle: 's' }, { name: 'snap', namespace: 'db' }),
      ]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'snapshot-invalid',
        object: 'VolumeSnapshotContent/both',
        field: 'spec.source',
        message: `sets both volumeHandle and snapshotHandle; the CRD refuses it: "exactly one of volumeHandle and snapshotHandle must be set" ${CRDS}`,
      },
      {
        severity: 'error',
        rule: 'snapshot-invalid',
        object: 'VolumeSnapshotContent/nons',
        field: 'spec.volumeSnapshotRef',
        message: `has no namespace; the CRD refuses it: "both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set" ${CRDS}`,
      },
    ]);
  });
  test('VolumeGroupSnapshot and its content', () => {
    const group = {
      apiVersion: 'groupsnapshot.storage.k8s.io/v1beta2',
      kind: 'VolumeGroupSnapshot',
      metadata: { name: 'g', namespace: 'db' },
      spec: {
        volumeGroupSnapshotClassName: '',
        source: { selector: { matchLabels: { a: 'b' } }, volumeGroupSnapshotContentName: 'c' },
      },
    };
    const content = {
      apiVersion: 'groupsnapshot.storage.k8s.io/v1beta2',
      kind: 'VolumeGroupSnapshotContent',
      metadata: { name: 'gc' },
      spec: { deletionPolicy: 'Retain', driver: 'd.example.com', source: {}, volumeGroupSnapshotRef: {} },
    };
    expect(
      snapshotFindings([group, content]).map((f) => [f.object, f.field, f.message.split(';')[0]]),
    ).toEqual([
      ['VolumeGroupSnapshot/db/g', 'spec.source', 'sets both selector and volumeGroupSnapshotContentName'],
      ['VolumeGroupSnapshot/db/g', 'spec.volumeGroupSnapshotClassName', 'is ""'],
      ['VolumeGroupSnapshotContent/gc', 'spec.source', 'sets neither volumeHandles nor groupSnapshotHandles'],
      ['VolumeGroupSnapshotContent/gc', 'spec.volumeGroupSnapshotRef', 'has no name and no namespace'],
    ]);
  });
  test('an unserved version (v1beta1) is left to the schema: never created, never judged here', () => {
    const old = {
      ...snapshot('old', { source: { persistentVolumeClaimName: 'data', volumeSnapshotContentName: 'c' } }),
      apiVersion: 'snapshot.storage.k8s.io/v1beta1',
    };
    const found = planStorage([old]).findings;
    expect(found.filter((f) => RULES.has(f.rule))).toEqual([]);
    expect(found.map((f) => f.rule)).toContain('api-version-unserved');
  });
  test('a null field counts as unset, as the API server drops it', () => {
    expect(
      snapshotFindings([
        snapshot('n', { source: { persistentVolumeClaimName: 'data', volumeSnapshotContentName: null } }),
      ]),
    ).toEqual([]);
  });
});

describe('data-source-invalid: validateDataSource and validateDataSourceRef', () => {
  test('apiGroup "" and no apiGroup differ when both fields are set (isDataSourceEqualDataSourceRef compares the pointers deeply)', () => {
    const both = (ds: Obj, dsr: Obj) =>
      snapshotFindings([SSD, DATA, claim('c', { dataSource: ds, dataSourceRef: dsr })]).map((f) => [
        f.rule,
        f.field,
      ]);
    expect(both({ ...FROM_DATA, apiGroup: '' }, FROM_DATA)).toEqual([
      ['data-source-invalid', 'spec.dataSource'],
    ]);
    expect(both({ ...FROM_DATA, apiGroup: '' }, { ...FROM_DATA, apiGroup: '' })).toEqual([]);
    // null is no value (a nil pointer), as unset is
    expect(both({ ...FROM_DATA, apiGroup: null }, FROM_DATA)).toEqual([]);
  });
  test('a VolumeSnapshot without apiGroup, a missing name, and a mismatch between the two fields', () => {
    expect(
      snapshotFindings([
        SSD,
        claim('nogroup', { dataSourceRef: { kind: 'VolumeSnapshot', name: 'snap' } }),
        claim('noname', { dataSource: { kind: 'PersistentVolumeClaim' } }),
        claim('mismatch', { dataSource: FROM_DATA, dataSourceRef: FROM_SNAP }),
        claim('badgroup', { dataSourceRef: { apiGroup: 'Not_A_Group', kind: 'X', name: 'x' } }),
      ]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'data-source-invalid',
        object: 'PersistentVolumeClaim/db/badgroup',
        field: 'spec.dataSourceRef.apiGroup',
        message: expect.stringMatching(/^is "Not_A_Group": /),
      },
      {
        severity: 'error',
        rule: 'data-source-invalid',
        object: 'PersistentVolumeClaim/db/mismatch',
        field: 'spec.dataSource',
        message:
          'must match dataSourceRef: dataSource is PersistentVolumeClaim data, dataSourceRef is snapshot.storage.k8s.io/VolumeSnapshot snap; set one of them (the API server copies it to the other)',
      },
      {
        severity: 'error',
        rule: 'data-source-invalid',
        object: 'PersistentVolumeClaim/db/nogroup',
        field: 'spec.dataSourceRef.kind',
        message:
          'is "VolumeSnapshot" with no apiGroup; of the core group only PersistentVolumeClaim is a data source (a VolumeSnapshot needs apiGroup: snapshot.storage.k8s.io)',
      },
      {
        severity: 'error',
        rule: 'data-source-invalid',
        object: 'PersistentVolumeClaim/db/noname',
        field: 'spec.dataSource.name',
        message: 'is required: dataSource names the source object (validateDataSource)',
      },
    ]);
  });
  test('dataSource alone of another kind is dropped, not refused: a warning (EnforceDataSourceBackwardsCompatibility)', () => {
    expect(
      snapshotFindings([
        SSD,
        claim('nogroup', { dataSource: { kind: 'VolumeSnapshot', name: 'snap' } }),
        claim('nokind', { dataSource: { name: 'snap' } }),
        claim('badgroup', { dataSource: { apiGroup: 'Not_A_Group', kind: 'X', name: 'x' } }),
      ]),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'data-source-invalid',
        object: 'PersistentVolumeClaim/db/badgroup',
        field: 'spec.dataSource',
        message:
          "is Not_A_Group/X x: without a dataSourceRef the API server keeps dataSource only for a PersistentVolumeClaim (core group) or a VolumeSnapshot (apiGroup snapshot.storage.k8s.io) and silently drops anything else (EnforceDataSourceBackwardsCompatibility), so the claim is created empty; set the apiGroup and kind of a snapshot or claim, or name a volume populator's source in dataSourceRef",
      },
      {
        severity: 'warning',
        rule: 'data-source-invalid',
        object: 'PersistentVolumeClaim/db/nogroup',
        field: 'spec.dataSource',
        message:
          'is VolumeSnapshot snap: without a dataSourceRef the API server keeps dataSource only for a PersistentVolumeClaim (core group) or a VolumeSnapshot (apiGroup snapshot.storage.k8s.io) and silently drops anything else (EnforceDataSourceBackwardsCompatibility), so the claim is created empty; add apiGroup: snapshot.storage.k8s.io',
      },
      {
        severity: 'warning',
        rule: 'data-source-invalid',
        object: 'PersistentVolumeClaim/db/nokind',
        field: 'spec.dataSource',
        message:
          "is <no kind> snap: without a dataSourceRef the API server keeps dataSource only for a PersistentVolumeClaim (core group) or a VolumeSnapshot (apiGroup snapshot.storage.k8s.io) and silently drops anything else (EnforceDataSourceBackwardsCompatibility), so the claim is created empty; set the apiGroup and kind of a snapshot or claim, or name a volume populator's source in dataSourceRef",
      },
    ]);
  });
  test('dataSourceRef.namespace: cleared whole with CrossNamespaceVolumeDataSource off, so not validated; judged when on', () => {
    const nsboth = claim('nsboth', {
      dataSource: FROM_DATA,
      dataSourceRef: { ...FROM_DATA, namespace: 'Not_A_Label' },
    });
    // Off (the default in every supported version): the API server drops dataSourceRef before
    // validation and keeps the valid dataSource; field-gated reports the drop.
    expect(snapshotFindings([SSD, nsboth])).toEqual([]);
    withCrossNamespace(() => {
      expect(snapshotFindings([SSD, nsboth]).map((f) => [f.severity, f.field, f.message])).toEqual([
        [
          'error',
          'spec.dataSource',
          'may not be specified when dataSourceRef.namespace is specified: a source in another namespace is named by dataSourceRef alone',
        ],
        [
          'error',
          'spec.dataSourceRef.namespace',
          'is "Not_A_Label"; a DNS-1123 label has only lowercase letters, digits and \'-\', and starts and ends with a letter or digit',
        ],
      ]);
    });
  });
  test('a StatefulSet template naming another namespace: the drop is said here (field-gated judges claims only)', () => {
    expect(
      snapshotFindings([SSD, statefulSet({ dataSourceRef: { ...FROM_SNAP, namespace: 'backup' } })]),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'data-source-invalid',
        object: 'StatefulSet/db/pg',
        field: 'spec.volumeClaimTemplates[0].spec.dataSourceRef.namespace',
        message:
          'is "backup": a dataSourceRef naming a namespace needs the feature gate CrossNamespaceVolumeDataSource, which Kubernetes 1.36 leaves off by default; unless the cluster turns it on, the API server clears the whole dataSourceRef (DropDisabledFields) and the claim is created empty (in every claim the StatefulSet controller makes from this template)',
      },
    ]);
  });
  test('in a StatefulSet template: every claim the controller makes is refused', () => {
    const set = statefulSet({ dataSourceRef: { kind: 'VolumeSnapshot', name: 'snap' } });
    expect(snapshotFindings([SSD, set])).toEqual([
      {
        severity: 'error',
        rule: 'data-source-invalid',
        object: 'StatefulSet/db/pg',
        field: 'spec.volumeClaimTemplates[0].spec.dataSourceRef.kind',
        message:
          'is "VolumeSnapshot" with no apiGroup; of the core group only PersistentVolumeClaim is a data source (a VolumeSnapshot needs apiGroup: snapshot.storage.k8s.io) (in every claim the StatefulSet controller makes from this template)',
      },
    ]);
  });
});

function statefulSet(templateSpec: Obj, replicas = 2): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'pg', namespace: 'db' },
    spec: {
      replicas,
      serviceName: 'pg',
      selector: { matchLabels: { app: 'pg' } },
      template: {
        metadata: { labels: { app: 'pg' } },
        spec: {
          containers: [
            { name: 'pg', image: 'postgres:16', volumeMounts: [{ name: 'data', mountPath: '/d' }] },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            storageClassName: 'ssd',
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '10Gi' } },
            ...templateSpec,
          },
        },
      ],
    },
  };
}

describe('data-source-refused: what the CSI provisioner refuses', () => {
  test('a clone smaller than its source, in another volume mode, of another driver', () => {
    expect(
      snapshotFindings([
        SSD,
        storageClass('ebs', 'ebs.csi.aws.com'),
        DATA,
        claim('small', { dataSource: FROM_DATA, resources: { requests: { storage: '5Gi' } } }),
        claim('block', { dataSource: FROM_DATA, volumeMode: 'Block' }),
        claim('other', { dataSource: FROM_DATA, storageClassName: 'ebs' }),
      ]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/block',
        field: 'spec.volumeMode',
        message: `is "Block", but the cloned claim data is "Filesystem"; the CSI provisioner clones only within one volume mode (${PROVISIONER} getPVCSource): use "Filesystem"`,
      },
      {
        severity: 'error',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/other',
        field: 'spec.storageClassName',
        message: `provisions with "ebs.csi.aws.com" (its class "ebs"), but the cloned claim data's volume is of "pd.csi.storage.gke.io" (its class "ssd"); a CSI driver clones only its own volumes (${PROVISIONER} getPVCSource): use a class of "pd.csi.storage.gke.io"`,
      },
      {
        severity: 'error',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/small',
        field: 'spec.resources.requests.storage',
        message: `is "5Gi", less than the "10Gi" of the cloned claim data; the CSI provisioner refuses a clone smaller than its source (${PROVISIONER} getPVCSource): request at least 10Gi`,
      },
    ]);
  });
  test('a clone into another class of the same driver is allowed (external-provisioner relaxed it)', () => {
    expect(
      snapshotFindings([
        SSD,
        storageClass('ssd2', 'pd.csi.storage.gke.io'),
        DATA,
        claim('c', { dataSource: FROM_DATA, storageClassName: 'ssd2' }),
      ]),
    ).toEqual([]);
  });
  test('a restore of a snapshot whose claim is not among the manifests: its class tells the driver', () => {
    // external-snapshotter common-controller createSnapshotContent: the content's driver is the class's.
    expect(
      snapshotFindings([
        storageClass('ebs', 'ebs.csi.aws.com'),
        SNAPCLASS,
        snapshot('snap', {
          source: { persistentVolumeClaimName: 'elsewhere' },
          volumeSnapshotClassName: 'snapclass',
        }),
        claim('other', { dataSourceRef: FROM_SNAP, storageClassName: 'ebs' }),
      ]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/other',
        field: 'spec.storageClassName',
        message: `provisions with "ebs.csi.aws.com" (its class "ebs"), but VolumeSnapshot snap is of driver "pd.csi.storage.gke.io" (its VolumeSnapshotClass snapclass); the CSI provisioner restores only its own driver's snapshots (${PROVISIONER} getSnapshotSource: the content's driver must be the class's provisioner): use a class of "pd.csi.storage.gke.io"`,
      },
    ]);
  });
  test('a restore smaller than the snapshot, into another mode (warning), of another driver', () => {
    expect(
      snapshotFindings([
        SSD,
        storageClass('ebs', 'ebs.csi.aws.com'),
        DATA,
        SNAPCLASS,
        SNAP,
        claim('small', { dataSource: FROM_SNAP, resources: { requests: { storage: '1Gi' } } }),
        claim('block', { dataSource: FROM_SNAP, volumeMode: 'Block' }),
        claim('other', { dataSourceRef: FROM_SNAP, storageClassName: 'ebs' }),
      ]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/other',
        field: 'spec.storageClassName',
        message: `provisions with "ebs.csi.aws.com" (its class "ebs"), but VolumeSnapshot snap is of driver "pd.csi.storage.gke.io" (its claim data); the CSI provisioner restores only its own driver's snapshots (${PROVISIONER} getSnapshotSource: the content's driver must be the class's provisioner): use a class of "pd.csi.storage.gke.io"`,
      },
      {
        severity: 'warning',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/block',
        field: 'spec.volumeMode',
        message:
          'is "Block", but VolumeSnapshot snap was taken of a "Filesystem" volume; the CSI provisioner (--prevent-volume-mode-conversion, on by default since v4) refuses the restore unless its VolumeSnapshotContent is annotated snapshot.storage.kubernetes.io/allow-volume-mode-change: "true": use "Filesystem"',
      },
      {
        severity: 'warning',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/small',
        field: 'spec.resources.requests.storage',
        message: `is "1Gi", less than the "10Gi" of claim data that VolumeSnapshot snap is taken of; the CSI provisioner refuses a restore smaller than the snapshot's restoreSize (${PROVISIONER} getSnapshotSource), which block-storage drivers report as the source volume's size (a driver that reports less accepts it): request at least 10Gi`,
      },
    ]);
  });
  test('a restore of a pre-provisioned snapshot reads the content’s driver and source mode', () => {
    const content = {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotContent',
      metadata: { name: 'imported' },
      spec: {
        deletionPolicy: 'Retain',
        driver: 'ebs.csi.aws.com',
        sourceVolumeMode: 'Block',
        source: { snapshotHandle: 'snap-0123' },
        volumeSnapshotRef: { name: 'snap', namespace: 'db' },
      },
    };
    const found = snapshotFindings([
      SSD,
      content,
      snapshot('snap', { source: { volumeSnapshotContentName: 'imported' } }),
      claim('r', { dataSource: FROM_SNAP }),
    ]);
    expect(found.map((f) => [f.severity, f.field, f.message.split(';')[0]])).toEqual([
      [
        'error',
        'spec.storageClassName',
        'provisions with "pd.csi.storage.gke.io" (its class "ssd"), but VolumeSnapshot snap is of driver "ebs.csi.aws.com" (its VolumeSnapshotContent imported)',
      ],
      [
        'warning',
        'spec.volumeMode',
        'is "Filesystem", but VolumeSnapshot snap was taken of a "Block" volume',
      ],
    ]);
  });
  test('a StatefulSet template smaller than the claim it clones: said once, for every replica', () => {
    expect(
      snapshotFindings([
        SSD,
        DATA,
        statefulSet({ dataSource: FROM_DATA, resources: { requests: { storage: '1Gi' } } }),
      ]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'data-source-refused',
        object: 'StatefulSet/db/pg',
        field: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
        message: `is "1Gi", less than the "10Gi" of the cloned claim data; the CSI provisioner refuses a clone smaller than its source (${PROVISIONER} getPVCSource): request at least 10Gi (in every claim the StatefulSet controller makes from this template)`,
      },
    ]);
  });
  test('another namespace: a warning without a ReferenceGrant among the manifests, nothing with one', () => {
    const restore = claim('r', { dataSourceRef: { ...FROM_SNAP, namespace: 'backup' } });
    // CrossNamespaceVolumeDataSource off (the default): dataSourceRef is dropped; field-gated says so.
    expect(snapshotFindings([SSD, restore])).toEqual([]);
    withCrossNamespace(() => {
      crossNamespace(restore);
    });
  });
  test('a clone or restore whose provisioner is not known to be CSI: warnings naming the assumption', () => {
    const local = storageClass('local', 'rancher.io/local-path');
    const found = snapshotFindings([
      SSD,
      local,
      DATA,
      claim('unknown', { dataSource: FROM_DATA, storageClassName: 'elsewhere', volumeMode: 'Block' }),
      claim('lib', { dataSource: FROM_DATA, storageClassName: 'local' }),
    ]);
    expect(found).toEqual([
      {
        severity: 'warning',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/lib',
        field: 'spec.storageClassName',
        message: `provisions with "rancher.io/local-path" (its class "local"), but the cloned claim data's volume is of "pd.csi.storage.gke.io" (its class "ssd"); a CSI driver clones only its own volumes (${PROVISIONER} getPVCSource): use a class of "pd.csi.storage.gke.io" (if "rancher.io/local-path" is a CSI driver: the manifests do not show it is, and a provisioner that is not one does not make these checks)`,
      },
      {
        severity: 'warning',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/unknown',
        field: 'spec.volumeMode',
        message: `is "Block", but the cloned claim data is "Filesystem"; the CSI provisioner clones only within one volume mode (${PROVISIONER} getPVCSource): use "Filesystem" (if a CSI driver provisions the claim: the manifests do not show its class's provisioner)`,
      },
    ]);
    // A CSIDriver object among the manifests shows a driver without ".csi." in its name is one.
    const longhorn = storageClass('lh', 'driver.longhorn.io');
    const csiDriver = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: 'driver.longhorn.io' },
      spec: {},
    };
    const clone = claim('c', {
      dataSource: { kind: 'PersistentVolumeClaim', name: 'src' },
      storageClassName: 'lh',
      resources: { requests: { storage: '1Gi' } },
    });
    const src = claim('src', { storageClassName: 'lh' });
    expect(snapshotFindings([longhorn, src, clone]).map((f) => f.severity)).toEqual(['warning']);
    expect(snapshotFindings([longhorn, csiDriver, src, clone]).map((f) => f.severity)).toEqual(['error']);
  });
});

/** The ReferenceGrant check, which applies only with CrossNamespaceVolumeDataSource on. */
function crossNamespace(restore: Obj): void {
  expect(snapshotFindings([SSD, restore])).toEqual([
    {
      severity: 'warning',
      rule: 'data-source-refused',
      object: 'PersistentVolumeClaim/db/r',
      field: 'spec.dataSourceRef.namespace',
      message:
        'is "backup": the CSI provisioner restores or clones from another namespace only when a ReferenceGrant (gateway.networking.k8s.io) in "backup" lets PersistentVolumeClaims of "db" read VolumeSnapshot snap; none among the manifests does: unless the cluster has one, the claim stays Pending',
    },
  ]);
  const grant = {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: 'restore', namespace: 'backup' },
    spec: {
      from: [{ group: '', kind: 'PersistentVolumeClaim', namespace: 'db' }],
      to: [{ group: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot' }],
    },
  };
  expect(snapshotFindings([SSD, restore, grant])).toEqual([]);
  const otherNs = {
    ...grant,
    spec: { ...grant.spec, from: [{ group: '', kind: 'PersistentVolumeClaim', namespace: 'web' }] },
  };
  expect(snapshotFindings([SSD, restore, otherNs]).map((f) => f.rule)).toEqual(['data-source-refused']);
}

describe('the snapshot’s class and driver', () => {
  test('snapshot-class-driver: a class of another driver than the claim’s', () => {
    expect(snapshotFindings([SSD, DATA, snapshotClass('snapclass', 'ebs.csi.aws.com'), SNAP])).toEqual([
      {
        severity: 'error',
        rule: 'snapshot-class-driver',
        object: 'VolumeSnapshot/db/snap',
        field: 'spec.volumeSnapshotClassName',
        message:
          'is "snapclass", whose driver "ebs.csi.aws.com" is not the CSI driver "pd.csi.storage.gke.io" of claim data (its class "ssd"); the snapshot is never taken: use a VolumeSnapshotClass of driver "pd.csi.storage.gke.io"',
      },
    ]);
  });
  test('the driver of a StatefulSet replica’s claim comes from its template’s class', () => {
    const snap = snapshot('s', {
      volumeSnapshotClassName: 'x',
      source: { persistentVolumeClaimName: 'data-pg-1' },
    });
    expect(
      snapshotFindings([SSD, statefulSet({}), snapshotClass('x', 'ebs.csi.aws.com'), snap]).map(
        (f) => f.rule,
      ),
    ).toEqual(['snapshot-class-driver']);
    // data-pg-2 is no replica of a 2-replica set: nothing known of it
    const beyond = snapshot('s', {
      volumeSnapshotClassName: 'x',
      source: { persistentVolumeClaimName: 'data-pg-2' },
    });
    expect(snapshotFindings([SSD, statefulSet({}), snapshotClass('x', 'ebs.csi.aws.com'), beyond])).toEqual(
      [],
    );
  });
  test('snapshot-class-default-missing and -multiple', () => {
    const noClass = snapshot('snap', { source: { persistentVolumeClaimName: 'data' } });
    expect(snapshotFindings([SSD, DATA, SNAPCLASS, noClass])).toEqual([
      {
        severity: 'warning',
        rule: 'snapshot-class-default-missing',
        object: 'VolumeSnapshot/db/snap',
        field: 'spec.volumeSnapshotClassName',
        message:
          'is unset, and no VolumeSnapshotClass of driver "pd.csi.storage.gke.io" (claim data, its class "ssd") among the manifests is marked default (annotation snapshot.storage.kubernetes.io/is-default-class: "true"); snapclass is not: unless the cluster has a default class of that driver, the snapshot fails; name the class',
      },
    ]);
    const def = { annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } };
    expect(
      snapshotFindings([
        SSD,
        DATA,
        snapshotClass('a', 'pd.csi.storage.gke.io', def),
        snapshotClass('b', 'pd.csi.storage.gke.io', def),
        snapshotClass('c', 'ebs.csi.aws.com', def),
        noClass,
      ]),
    ).toEqual([
      {
        severity: 'error',
        rule: 'snapshot-class-default-multiple',
        object: 'VolumeSnapshot/db/snap',
        field: 'spec.volumeSnapshotClassName',
        message:
          'is unset, and 2 VolumeSnapshotClasses of driver "pd.csi.storage.gke.io" are marked default (a, b); the snapshot controller then refuses to pick one and the snapshot fails: name the class, or keep one default',
      },
    ]);
  });
  test('a class given twice is one object (the later replaces the earlier): one default, not two', () => {
    const def = { annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } };
    const noClass = snapshot('snap', { source: { persistentVolumeClaimName: 'data' } });
    const a = snapshotClass('a', 'pd.csi.storage.gke.io', def);
    expect(snapshotFindings([SSD, DATA, a, a, noClass]).map((f) => f.rule)).toEqual([]);
    // the later document decides: its driver is another, so no default class of the claim's driver
    const moved = snapshotClass('a', 'ebs.csi.aws.com', def);
    expect(snapshotFindings([SSD, DATA, a, moved, noClass]).map((f) => f.rule)).toEqual([
      'snapshot-class-default-missing',
    ]);
  });
  test('a claim that clones itself stays Pending under a CSI provisioner: its source is never bound', () => {
    expect(snapshotFindings([SSD, claim('data', { dataSource: FROM_DATA })])).toEqual([
      {
        severity: 'error',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/data',
        field: 'spec.dataSource',
        message:
          'names claim data itself: the CSI provisioner clones only a bound source claim, and this claim is bound only once it is provisioned, so it stays Pending (kubernetes-csi/external-provisioner pkg/controller/controller.go getPVCSource: "volume name is empty in source PVC"); name another claim',
      },
    ]);
    // A claim naming its volume is bound, never provisioned: nothing reads the data source.
    expect(
      snapshotFindings([SSD, claim('data', { dataSource: FROM_DATA, volumeName: 'pv-elsewhere' })]),
    ).toEqual([]);
    // A provisioner not known to be CSI (local-path does not read data sources): a warning naming that.
    const local = storageClass('lp', 'rancher.io/local-path');
    expect(
      snapshotFindings([local, claim('data', { dataSource: FROM_DATA, storageClassName: 'lp' })]).map((f) => [
        f.severity,
        f.rule,
      ]),
    ).toEqual([['warning', 'data-source-refused']]);
  });
  test('a clone of a claim whose volume is not CSI: the CSI provisioner refuses it (getPVCSource: no spec.csi)', () => {
    const nfs = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'share' },
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        nfs: { server: 'nfs.example.com', path: '/exports' },
      },
    };
    const onNfs = claim('data', { storageClassName: '', volumeName: 'share' });
    expect(snapshotFindings([SSD, nfs, onNfs, claim('copy', { dataSource: FROM_DATA })])).toEqual([
      {
        severity: 'error',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/copy',
        field: 'spec.dataSource',
        message:
          'names claim data, whose volume is not a CSI volume (nfs volume, from its volume share); the CSI provisioner clones only a volume with spec.csi of its own driver (kubernetes-csi/external-provisioner pkg/controller/controller.go getPVCSource: "claim in dataSource not bound or invalid"): clone a claim of a "pd.csi.storage.gke.io" class, or copy the data with a job',
      },
    ]);
  });
  test('snapshot-source-not-csi: an NFS volume is an error, a migrated in-tree class a warning', () => {
    const nfs = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'share' },
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        nfs: { server: 'nfs.example.com', path: '/exports' },
      },
    };
    const onNfs = claim('data', { storageClassName: '', volumeName: 'share' });
    expect(snapshotFindings([nfs, onNfs, SNAPCLASS, SNAP])).toEqual([
      {
        severity: 'error',
        rule: 'snapshot-source-not-csi',
        object: 'VolumeSnapshot/db/snap',
        field: 'spec.source.persistentVolumeClaimName',
        message:
          'snapshots claim data, whose volume is not a CSI volume (nfs volume, from its volume share); only a CSI driver takes VolumeSnapshots, so the snapshot never becomes ready: snapshot a claim of a CSI StorageClass',
      },
    ]);
    const gce = storageClass('ssd', 'kubernetes.io/gce-pd');
    const found = snapshotFindings([gce, DATA, SNAPCLASS, SNAP], { kubernetesVersion: '1.30' });
    expect(found.map((f) => [f.severity, f.rule])).toEqual([['warning', 'snapshot-source-not-csi']]);
    expect(found[0].message).toContain('CSI migration hands the volume to pd.csi.storage.gke.io');
  });
});

describe('snapshot-deletion-delete', () => {
  test('a class with Delete, noting an unprotected snapshot of it; a content with Delete', () => {
    const content = {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotContent',
      metadata: { name: 'imported' },
      spec: {
        deletionPolicy: 'Delete',
        driver: 'pd.csi.storage.gke.io',
        source: { snapshotHandle: 'h' },
        volumeSnapshotRef: { name: 'x', namespace: 'db' },
      },
    };
    expect(snapshotFindings([SSD, DATA, { ...SNAPCLASS, deletionPolicy: 'Delete' }, SNAP, content])).toEqual([
      {
        severity: 'info',
        rule: 'snapshot-deletion-delete',
        object: 'VolumeSnapshotClass/snapclass',
        field: 'deletionPolicy',
        message:
          'deletionPolicy is "Delete": deleting a VolumeSnapshot of this class (kubectl delete, a namespace deletion, a GitOps prune) deletes the snapshot in the storage system, and a VolumeSnapshot of the manifests that uses it has no prune protection; use Retain for snapshots you keep (a backup)',
      },
      {
        severity: 'info',
        rule: 'snapshot-deletion-delete',
        object: 'VolumeSnapshotContent/imported',
        field: 'spec.deletionPolicy',
        message:
          'spec.deletionPolicy is "Delete": deleting this content, or the VolumeSnapshot bound to it (kubectl delete, a GitOps prune), deletes the snapshot in the storage system; use Retain for a snapshot you keep',
      },
    ]);
    const guarded = {
      ...SNAP,
      metadata: { ...SNAP.metadata, annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } },
    };
    const msg = snapshotFindings([SSD, DATA, { ...SNAPCLASS, deletionPolicy: 'Delete' }, guarded])[0].message;
    expect(msg).not.toContain('prune protection');
  });
});

describe('robustness', () => {
  test('malformed snapshot objects and data sources never throw', () => {
    const weird: Obj[] = [
      snapshot('a', null as any),
      snapshot('b', { source: 'x' }),
      {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshotContent',
        metadata: { name: 'c' },
        spec: { source: [], volumeSnapshotRef: 3 },
      },
      claim('d', { dataSource: 'x', dataSourceRef: [] }),
      claim('e', { dataSource: { kind: 7, name: {} } }),
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 's' },
        spec: { volumeClaimTemplates: [null, { spec: { dataSource: null } }] },
      },
    ];
    expect(() => planStorage(weird)).not.toThrow();
  });
});

describe('claims with a data source that the PV controller handles otherwise', () => {
  test('data-source-ignored: a restore that binds an existing volume gets that volume, not the snapshot', () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'old' },
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'ssd',
        csi: { driver: 'pd.csi.storage.gke.io', volumeHandle: 'disk-1' },
        claimRef: { namespace: 'db', name: 'restore' },
      },
    };
    expect(
      snapshotFindings([SSD, DATA, SNAPCLASS, SNAP, pv, claim('restore', { dataSource: FROM_SNAP })]),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'data-source-ignored',
        object: 'PersistentVolumeClaim/db/restore',
        field: 'spec.dataSource',
        message:
          "names VolumeSnapshot snap, but claim restore is predicted to bind the existing volume old: a claim that binds an existing volume is neither restored nor cloned, so it gets that volume's data, not snap's; give the claim a class that provisions (and no matching volume), or drop the data source",
      },
    ]);
  });
  test('an in-tree provisioner that is not migrated cannot provision a claim with a data source, unless the cluster turns its migration on', () => {
    const px = storageClass('ssd', 'kubernetes.io/portworx-volume');
    // 1.30: CSIMigrationPortworx is beta and off by default, not locked: a warning naming it
    expect(
      snapshotFindings([px, DATA, claim('c', { dataSource: FROM_DATA })], { kubernetesVersion: '1.30' }),
    ).toEqual([
      {
        severity: 'warning',
        rule: 'data-source-refused',
        object: 'PersistentVolumeClaim/db/c',
        field: 'spec.storageClassName',
        message:
          'is provisioned by the in-tree provisioner kubernetes.io/portworx-volume (its class "ssd"), which is not a CSI plugin; the PV controller provisions a claim with a data source only through a CSI driver ("Only CSI plugin can provision a claim with a datasource"), unless the cluster turns on CSIMigrationPortworx (off by default in 1.30) so that pxd.portworx.com provisions it: use a class of a CSI driver',
      },
    ]);
    // rbd until 1.30: CSIMigrationRBD, alpha then deprecated, off by default
    const rbd = storageClass('ceph', 'kubernetes.io/rbd');
    expect(
      snapshotFindings([rbd, DATA, claim('c', { dataSource: FROM_DATA, storageClassName: 'ceph' })], {
        kubernetesVersion: '1.28',
      }).map((f) => [
        f.severity,
        f.rule,
        f.message.includes(
          'unless the cluster turns on CSIMigrationRBD (off by default in 1.28) so that its CSI driver provisions it',
        ),
      ]),
    ).toEqual([['warning', 'data-source-refused', true]]);
    // migrated to its CSI driver in 1.31: the external-provisioner clones
    expect(
      snapshotFindings([px, DATA, claim('c', { dataSource: FROM_DATA })], { kubernetesVersion: '1.36' }),
    ).toEqual([]);
  });
});

describe('the binding plan of a claim made from data', () => {
  test('the reason says where a new volume’s data comes from', () => {
    const plan = planStorage([
      SSD,
      DATA,
      SNAPCLASS,
      SNAP,
      claim('restore', { dataSource: FROM_SNAP }),
      claim('clone', { dataSourceRef: FROM_DATA }),
    ]);
    const reason = (name: string) => plan.claims.find((c) => c.name === name)?.reason;
    expect(reason('restore')).toBe(
      'no free static volume fits, so StorageClass "ssd" (provisioner pd.csi.storage.gke.io, volumeBindingMode Immediate) provisions a new volume. The new volume starts with the data of VolumeSnapshot snap (the CSI provisioner restores or clones it).',
    );
    expect(reason('clone')).toMatch(
      / The new volume starts with the data of PersistentVolumeClaim data \(the CSI provisioner restores or clones it\)\.$/,
    );
    expect(reason('data')).not.toMatch(/data of/);
  });
  test('a template claim that binds an existing volume: its data source is not used', () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'old' },
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'ssd',
        csi: { driver: 'pd.csi.storage.gke.io', volumeHandle: 'disk-1' },
        claimRef: { namespace: 'db', name: 'data-pg-0' },
      },
    };
    const plan = planStorage([SSD, DATA, pv, statefulSet({ dataSource: FROM_DATA })]);
    const c = plan.claims.find((x) => x.name === 'data-pg-0');
    expect(c?.volume).toBe('old');
    expect(c?.reason).toMatch(
      / Its data source \(PersistentVolumeClaim data\) is not used: a claim that binds an existing volume is neither restored nor cloned\.$/,
    );
    expect(
      plan.findings.filter((f) => f.rule === 'data-source-ignored').map((f) => [f.object, f.field]),
    ).toEqual([['StatefulSet/db/pg', 'spec.volumeClaimTemplates[0].spec.dataSource']]);
  });
});

test('a claim of a no-provisioner class, or a Pending claim, is not judged for its driver', () => {
  const local = storageClass('ssd', 'kubernetes.io/no-provisioner');
  expect(snapshotFindings([local, DATA, SNAPCLASS, SNAP, claim('c', { dataSource: FROM_DATA })])).toEqual([]);
});
