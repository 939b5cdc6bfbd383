import * as fs from 'fs';
import * as path from 'path';
import { KUBERNETES_VERSIONS, KubernetesVersion } from '../../src/k8s/versions';
import {
  FEATURE_GATES,
  featureGate,
  GATED_FIELDS,
  gatedFields,
  gateEnabledByDefault,
  gateState,
} from '../../src/k8s/feature-gates';

const ROOT = path.join(__dirname, '..', '..');
interface Schema {
  kinds: Record<string, Record<string, string>>;
  definitions: Record<string, any>;
}
const schemas = new Map<KubernetesVersion, Schema>();
const schema = (version: KubernetesVersion): Schema => {
  if (!schemas.has(version)) {
    schemas.set(
      version,
      JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', `k8s-${version}.json`), 'utf8')),
    );
  }
  return schemas.get(version) as Schema;
};

const API_VERSION: Record<string, string> = {
  Pod: 'v1',
  PersistentVolume: 'v1',
  PersistentVolumeClaim: 'v1',
  StatefulSet: 'apps/v1',
};

/** Whether `version`'s schema of `kind` has the field `fieldPath` (`spec.volumes[*].image`). */
function hasField(version: KubernetesVersion, kind: string, fieldPath: string): boolean {
  const { kinds, definitions } = schema(version);
  const deref = (node: any): any =>
    node?.$ref ? definitions[node.$ref.replace('#/definitions/', '')] : node;
  let node: any = definitions[kinds[API_VERSION[kind]][kind]];
  for (const segment of fieldPath.split('.')) {
    const name = segment.replace('[*]', '');
    const map = typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
    node = deref(node?.properties?.[name] ?? map); // a map's keys: its values' schema
    if (node === undefined) return false;
    if (segment.endsWith('[*]')) node = deref(node.items);
  }
  return node !== undefined;
}

/** A gate's state in every covered minor, one line per run: `1.31-1.32 alpha`. */
function states(gate: string): string[] {
  const out: string[] = [];
  let start = '';
  let current: string | undefined;
  KUBERNETES_VERSIONS.forEach((v, i) => {
    const s = gateState(gate, v);
    const state = s ? `${s.state}${s.locked ? ' (locked)' : ''}` : 'unknown';
    if (state !== current) {
      if (current !== undefined) {
        const end = KUBERNETES_VERSIONS[i - 1];
        out.push(`${start === end ? start : `${start}-${end}`} ${current}`);
      }
      start = v;
      current = state;
    }
  });
  const end = KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1];
  out.push(`${start === end ? start : `${start}-${end}`} ${current}`);
  return out;
}

describe('the table', () => {
  test('every gate and every gated field says where its fact comes from', () => {
    for (const gate of FEATURE_GATES) {
      expect(gate.source.trim().length).toBeGreaterThan(10);
      expect(gate.manifestEffect.trim().length).toBeGreaterThan(3);
      expect(gate.specs.length).toBeGreaterThan(0);
      const sinces = gate.specs.map((s) => Number(s.since.split('.')[1]));
      expect([...sinces].sort((a, b) => a - b)).toEqual(sinces);
    }
    for (const field of GATED_FIELDS) {
      expect(field.source.trim().length).toBeGreaterThan(10);
      expect(field.detail.trim().length).toBeGreaterThan(10);
      expect(field.kinds.length).toBeGreaterThan(0);
    }
  });

  test('gate names are unique and every gated field names a gate of the table', () => {
    expect(new Set(FEATURE_GATES.map((g) => g.name)).size).toBe(FEATURE_GATES.length);
    for (const field of GATED_FIELDS)
      expect([field.path, featureGate(field.gate)?.name]).toEqual([field.path, field.gate]);
  });

  test('every gated field exists in the schema of each minor whose gate exists', () => {
    for (const field of GATED_FIELDS) {
      for (const version of KUBERNETES_VERSIONS) {
        if (gateState(field.gate, version)?.state === 'absent') continue;
        if (field.requires && gateState(field.requires, version)?.state === 'absent') continue;
        expect([field.path, version, hasField(version, field.kinds[0], field.path)]).toEqual([
          field.path,
          version,
          true,
        ]);
      }
    }
  });

  test.each([
    ['spec.volumes[*].image', 'ImageVolume'],
    ['spec.containers[*].volumeMounts[*].recursiveReadOnly', 'RecursiveReadOnlyMounts'],
    ['spec.volumes[*].projected.sources[*].clusterTrustBundle', 'ClusterTrustBundleProjection'],
    ['spec.volumes[*].projected.sources[*].podCertificate', 'PodCertificateRequest'],
    ['spec.securityContext.seLinuxChangePolicy', 'SELinuxChangePolicy'],
  ])('%s appears in the schema with its gate %s, not before', (fieldPath, gate) => {
    for (const version of KUBERNETES_VERSIONS) {
      const exists = gateState(gate, version)?.state !== 'absent';
      expect([version, hasField(version, 'Pod', fieldPath)]).toEqual([version, exists]);
    }
  });

  test('volumeAttributesClassName appears on claims and volumes with the VolumeAttributesClass gate', () => {
    for (const version of KUBERNETES_VERSIONS) {
      const exists = gateState('VolumeAttributesClass', version)?.state !== 'absent';
      expect(hasField(version, 'PersistentVolumeClaim', 'spec.volumeAttributesClassName')).toBe(exists);
      expect(hasField(version, 'PersistentVolume', 'spec.volumeAttributesClassName')).toBe(exists);
    }
  });
});

describe('gateState', () => {
  test.each([
    [
      'ImageVolume',
      ['1.27-1.30 absent', '1.31-1.32 alpha', '1.33-1.34 beta-off', '1.35 beta-on', '1.36 ga (locked)'],
    ],
    [
      'RecursiveReadOnlyMounts',
      ['1.27-1.29 absent', '1.30 alpha', '1.31-1.32 beta-on', '1.33-1.36 ga (locked)'],
    ],
    [
      'VolumeAttributesClass',
      ['1.27-1.28 absent', '1.29-1.30 alpha', '1.31-1.33 beta-off', '1.34-1.35 ga', '1.36 ga (locked)'],
    ],
    ['ReadWriteOncePod', ['1.27-1.28 beta-on', '1.29-1.30 ga (locked)', '1.31-1.36 removed (locked)']],
    [
      'StatefulSetAutoDeletePVC',
      ['1.27-1.31 beta-on', '1.32-1.34 ga (locked)', '1.35-1.36 removed (locked)'],
    ],
    ['StatefulSetStartOrdinal', ['1.27-1.30 beta-on', '1.31-1.33 ga (locked)', '1.34-1.36 removed (locked)']],
    ['CrossNamespaceVolumeDataSource', ['1.27-1.36 alpha']],
    ['AnyVolumeDataSource', ['1.27-1.32 beta-on', '1.33-1.36 ga (locked)']],
    [
      'HonorPVReclaimPolicy',
      ['1.27-1.30 alpha', '1.31-1.32 beta-on', '1.33-1.35 ga (locked)', '1.36 removed (locked)'],
    ],
    ['SELinuxMountReadWriteOncePod', ['1.27 beta-off', '1.28-1.35 beta-on', '1.36 ga (locked)']],
    ['SELinuxMount', ['1.27-1.29 absent', '1.30-1.32 alpha', '1.33-1.36 beta-off']],
    ['SELinuxChangePolicy', ['1.27-1.31 absent', '1.32 alpha', '1.33-1.35 beta-on', '1.36 ga (locked)']],
    ['ClusterTrustBundle', ['1.27-1.32 alpha', '1.33-1.36 beta-off']],
    ['ClusterTrustBundleProjection', ['1.27-1.28 absent', '1.29-1.32 alpha', '1.33-1.36 beta-off']],
    ['PodCertificateRequest', ['1.27-1.33 absent', '1.34 alpha', '1.35-1.36 beta-off']],
    ['GitRepoVolumeDriver', ['1.27-1.32 absent', '1.33-1.35 deprecated', '1.36 deprecated (locked)']],
    [
      'CSIMigrationPortworx',
      ['1.27-1.30 beta-off', '1.31-1.32 beta-on', '1.33-1.35 ga (locked)', '1.36 removed (locked)'],
    ],
    ['InTreePluginPortworxUnregister', ['1.27-1.35 alpha', '1.36 removed (locked)']],
    ['CSIMigrationRBD', ['1.27 alpha', '1.28-1.30 deprecated', '1.31-1.36 removed (locked)']],
    [
      'PersistentVolumeLastPhaseTransitionTime',
      [
        '1.27 absent',
        '1.28 alpha',
        '1.29-1.30 beta-on',
        '1.31-1.32 ga (locked)',
        '1.33-1.36 removed (locked)',
      ],
    ],
    ['RecoverVolumeExpansionFailure', ['1.27-1.31 alpha', '1.32-1.33 beta-on', '1.34-1.36 ga (locked)']],
    ['MutablePVNodeAffinity', ['1.27-1.34 absent', '1.35-1.36 alpha']],
    ['MaxUnavailableStatefulSet', ['1.27-1.34 alpha', '1.35-1.36 beta-on']],
    ['CSINodeExpandSecret', ['1.27-1.28 beta-on', '1.29-1.30 ga (locked)', '1.31-1.36 removed (locked)']],
    ['VolumeCapacityPriority', ['1.27-1.32 alpha', '1.33-1.36 removed (locked)']],
    ['StorageCapacityScoring', ['1.27-1.32 absent', '1.33-1.36 alpha']],
  ])('%s', (gate, expected) => {
    expect(states(gate)).toEqual(expected);
  });

  test('since is the first minor of the run, which may predate 1.27', () => {
    expect(gateState('ImageVolume', '1.34')).toMatchObject({ since: '1.33', enabledByDefault: false });
    expect(gateState('VolumeAttributesClass', '1.35')).toMatchObject({ since: '1.34', locked: false });
    expect(gateState('VolumeAttributesClass', '1.36')).toMatchObject({ since: '1.34', locked: true });
    expect(gateState('CrossNamespaceVolumeDataSource', '1.30')).toMatchObject({ since: '1.26' });
    expect(gateState('HonorPVReclaimPolicy', '1.36')).toMatchObject({
      since: '1.36',
      enabledByDefault: true,
    });
  });

  test('a removed graduated gate leaves its behaviour on; a removed deprecated one leaves it off', () => {
    expect(gateEnabledByDefault('ReadWriteOncePod', '1.36')).toBe(true);
    expect(gateEnabledByDefault('CSIMigrationRBD', '1.36')).toBe(false);
  });

  test('gitRepo worked before its gate existed and is off by default from 1.33', () => {
    expect(gateEnabledByDefault('GitRepoVolumeDriver', '1.32')).toBe(true);
    expect(gateState('GitRepoVolumeDriver', '1.33')).toMatchObject({
      enabledByDefault: false,
      locked: false,
    });
    expect(gateState('GitRepoVolumeDriver', '1.36')).toMatchObject({ enabledByDefault: false, locked: true });
  });

  test('an absent gate is off, and an unknown gate is undefined', () => {
    expect(gateState('ImageVolume', '1.30')).toMatchObject({
      state: 'absent',
      enabledByDefault: false,
      locked: false,
    });
    expect(gateState('NoSuchGate', '1.30')).toBeUndefined();
    expect(gateEnabledByDefault('NoSuchGate', '1.30')).toBeUndefined();
  });
});

describe('gatedFields', () => {
  test('all fields, or one gate’s', () => {
    expect(gatedFields()).toBe(GATED_FIELDS);
    expect(gatedFields('ImageVolume')).toEqual([
      expect.objectContaining({
        path: 'spec.volumes[*].image',
        whenOff: 'dropped',
        kinds: expect.arrayContaining(['Pod', 'Deployment', 'CronJob']),
      }),
    ]);
    expect(gatedFields('NoSuchGate')).toEqual([]);
  });

  test('what the API server does while a gate is off', () => {
    const byPath = (gate: string, value?: string) =>
      GATED_FIELDS.find((f) => f.gate === gate && f.value === value);
    expect(byPath('ImageVolume')?.detail).toMatch(/every volumeMount/);
    expect(byPath('CrossNamespaceVolumeDataSource')).toMatchObject({
      path: 'spec.dataSourceRef.namespace',
      whenOff: 'dropped',
    });
    expect(byPath('CrossNamespaceVolumeDataSource')?.detail).toMatch(/empty volume/);
    expect(byPath('VolumeAttributesClass')).toMatchObject({
      kinds: ['PersistentVolumeClaim'],
      whenOff: 'dropped',
    });
    expect(byPath('SELinuxMount', 'MountOption')).toMatchObject({ whenOff: 'rejected' });
    expect(byPath('ReadWriteOncePod', 'ReadWriteOncePod')).toMatchObject({ whenOff: 'rejected' });
    expect(byPath('GitRepoVolumeDriver')).toMatchObject({ whenOff: 'accepted' });
    expect(byPath('RecoverVolumeExpansionFailure')).toMatchObject({ whenOff: 'update-rejected' });
    expect(byPath('MutablePVNodeAffinity')).toMatchObject({ whenOff: 'update-rejected' });
  });
});
