import * as fs from 'fs';
import * as path from 'path';
import { KUBERNETES_VERSIONS, KubernetesVersion } from '../../src/k8s/versions';
import { API_AVAILABILITY, apiAvailability, apiServedByDefault } from '../../src/k8s/api-availability';

const ROOT = path.join(__dirname, '..', '..');
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', name), 'utf8'));
const compiled = (version: KubernetesVersion): Record<string, Record<string, string>> =>
  read(`k8s-${version}.json`).kinds;
const crdVersions: Record<string, Array<{ version: string; served: boolean }>> = read(
  'snapshot-crds.json',
).versions;

/** served / off / absent / crd per minor, one line per run. */
function runs(apiVersion: string, kind: string): string[] {
  const out: string[] = [];
  let start = '';
  let current: string | undefined;
  KUBERNETES_VERSIONS.forEach((v, i) => {
    const state = apiAvailability(apiVersion, kind, v)?.availability ?? 'unknown';
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
  test('every entry says where its facts come from', () => {
    for (const entry of API_AVAILABILITY) {
      expect(entry.source.trim().length).toBeGreaterThan(10);
      expect(entry.kinds.length).toBeGreaterThan(0);
      expect(entry.history.length).toBeGreaterThan(0);
    }
  });

  test('each apiVersion/kind pair appears once', () => {
    const pairs = API_AVAILABILITY.flatMap((e) => e.kinds.map((k) => `${e.apiVersion} ${k}`));
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  test('only alpha and beta apiVersions are ever off by default', () => {
    for (const entry of API_AVAILABILITY) {
      if (entry.history.some((s) => s.availability === 'off-by-default')) {
        expect(entry.apiVersion).toMatch(/\/v\d+(alpha|beta)\d+$/);
      }
    }
  });

  test.each([...KUBERNETES_VERSIONS])(
    'built-in entries agree with what the %s schema compiles in',
    (version) => {
      const kinds = compiled(version);
      for (const entry of API_AVAILABILITY) {
        for (const kind of entry.kinds) {
          const found = apiAvailability(entry.apiVersion, kind, version);
          if (found?.availability === 'crd' || found?.availability === 'crd-not-served') continue;
          const inSchema = kinds[entry.apiVersion]?.[kind] !== undefined;
          expect([entry.apiVersion, kind, inSchema]).toEqual([
            entry.apiVersion,
            kind,
            found?.availability !== 'absent',
          ]);
        }
      }
    },
  );

  test('CRD entries agree with the served versions of the vendored snapshot CRDs', () => {
    for (const entry of API_AVAILABILITY) {
      const [group, version] = entry.apiVersion.split('/');
      for (const kind of entry.kinds) {
        const found = apiAvailability(entry.apiVersion, kind, '1.36');
        if (found?.availability !== 'crd' && found?.availability !== 'crd-not-served') continue;
        const served = crdVersions[`${group}/${kind}`]?.find((v) => v.version === version)?.served;
        expect([entry.apiVersion, kind, served]).toEqual([
          entry.apiVersion,
          kind,
          found.availability === 'crd',
        ]);
      }
    }
  });
});

describe('apiAvailability', () => {
  test('VolumeAttributesClass: alpha 1.29-1.34, beta (off) from 1.31, v1 served from 1.34', () => {
    expect(runs('storage.k8s.io/v1alpha1', 'VolumeAttributesClass')).toEqual([
      '1.27-1.28 absent',
      '1.29-1.34 off-by-default',
      '1.35-1.36 absent',
    ]);
    expect(runs('storage.k8s.io/v1beta1', 'VolumeAttributesClass')).toEqual([
      '1.27-1.30 absent',
      '1.31-1.36 off-by-default',
    ]);
    expect(runs('storage.k8s.io/v1', 'VolumeAttributesClass')).toEqual([
      '1.27-1.33 absent',
      '1.34-1.36 served',
    ]);
    expect(apiAvailability('storage.k8s.io/v1beta1', 'VolumeAttributesClass', '1.31')?.note).toMatch(
      /--runtime-config/,
    );
    expect(apiAvailability('storage.k8s.io/v1', 'VolumeAttributesClass', '1.33')?.note).toMatch(
      /does not exist before 1.34/,
    );
  });

  test('ClusterTrustBundle and PodCertificateRequest are never served by default', () => {
    expect(runs('certificates.k8s.io/v1alpha1', 'ClusterTrustBundle')).toEqual(['1.27-1.36 off-by-default']);
    expect(runs('certificates.k8s.io/v1beta1', 'ClusterTrustBundle')).toEqual([
      '1.27-1.32 absent',
      '1.33-1.36 off-by-default',
    ]);
    expect(runs('certificates.k8s.io/v1alpha1', 'PodCertificateRequest')).toEqual([
      '1.27-1.33 absent',
      '1.34 off-by-default',
      '1.35-1.36 absent',
    ]);
    expect(runs('certificates.k8s.io/v1beta1', 'PodCertificateRequest')).toEqual([
      '1.27-1.34 absent',
      '1.35-1.36 off-by-default',
    ]);
  });

  test('removed beta APIs stay absent', () => {
    expect(runs('batch/v1beta1', 'CronJob')).toEqual(['1.27-1.36 absent']);
    expect(apiAvailability('batch/v1beta1', 'CronJob', '1.27')).toMatchObject({ since: '1.25' });
    expect(runs('storage.k8s.io/v1beta1', 'CSIStorageCapacity')).toEqual(['1.27-1.36 absent']);
    expect(runs('storage.k8s.io/v1beta1', 'StorageClass')).toEqual(['1.27-1.36 absent']);
  });
});

describe('apiServedByDefault', () => {
  test.each([
    ['storage.k8s.io/v1beta1', 'VolumeAttributesClass', '1.31', false],
    ['storage.k8s.io/v1beta1', 'VolumeAttributesClass', '1.36', false],
    ['storage.k8s.io/v1alpha1', 'VolumeAttributesClass', '1.29', false],
    ['storage.k8s.io/v1', 'VolumeAttributesClass', '1.33', false],
    ['storage.k8s.io/v1', 'VolumeAttributesClass', '1.34', true],
    ['storage.k8s.io/v1', 'StorageClass', '1.27', true],
    ['storage.k8s.io/v1', 'CSIStorageCapacity', '1.36', true],
    ['v1', 'PersistentVolumeClaim', '1.27', true],
    ['apps/v1', 'StatefulSet', '1.36', true],
    ['apps/v1beta1', 'StatefulSet', '1.27', false],
    ['batch/v1', 'CronJob', '1.30', true],
    ['policy/v1beta1', 'PodDisruptionBudget', '1.27', false],
    ['certificates.k8s.io/v1beta1', 'ClusterTrustBundle', '1.33', false],
    ['snapshot.storage.k8s.io/v1beta1', 'VolumeSnapshot', '1.30', false],
  ] as const)('%s %s in %s: %s', (apiVersion, kind, version, expected) => {
    expect(apiServedByDefault(apiVersion, kind, version)).toBe(expected);
  });

  test('CRD kinds and uncovered pairs are unknown', () => {
    expect(apiServedByDefault('snapshot.storage.k8s.io/v1', 'VolumeSnapshot', '1.36')).toBeUndefined();
    expect(
      apiServedByDefault('groupsnapshot.storage.k8s.io/v1', 'VolumeGroupSnapshot', '1.36'),
    ).toBeUndefined();
    expect(
      apiServedByDefault('groupsnapshot.storage.k8s.io/v1beta1', 'VolumeGroupSnapshotClass', '1.30'),
    ).toBeUndefined();
    expect(
      apiAvailability('groupsnapshot.storage.k8s.io/v1beta1', 'VolumeGroupSnapshot', '1.30')?.note,
    ).toMatch(/deprecated/);
    expect(apiServedByDefault('example.com/v1', 'Widget', '1.30')).toBeUndefined();
    expect(apiServedByDefault('v1', 'NoSuchKind', '1.30')).toBeUndefined();
  });
});
