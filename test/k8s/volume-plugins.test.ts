import * as fs from 'fs';
import * as path from 'path';
import { KUBERNETES_VERSIONS, KubernetesVersion } from '../../src/k8s/versions';
import {
  apiServerAcceptsSource,
  minorOf,
  PROVISIONERS,
  provisionerState,
  VOLUME_SOURCES,
  VolumePluginStateName,
  volumePluginState,
} from '../../src/k8s/volume-plugins';

const ROOT = path.join(__dirname, '..', '..');
const definitions = (version: KubernetesVersion): Record<string, { properties?: Record<string, unknown> }> =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', `k8s-${version}.json`), 'utf8')).definitions;

/** The state of `key` in every covered minor, as one line per run: `1.27-1.30 available`. */
function states(lookup: (v: KubernetesVersion) => { state: VolumePluginStateName } | undefined): string[] {
  const out: string[] = [];
  let start: KubernetesVersion | undefined;
  let current: string | undefined;
  const flush = (end: KubernetesVersion) =>
    out.push(`${start === end ? start : `${start}-${end}`} ${current}`);
  KUBERNETES_VERSIONS.forEach((v, i) => {
    const state = lookup(v)?.state ?? 'unknown';
    if (state !== current) {
      if (current !== undefined) flush(KUBERNETES_VERSIONS[i - 1]);
      start = v;
      current = state;
    }
  });
  flush(KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1]);
  return out;
}
const sourceStates = (key: string) => states((v) => volumePluginState(key, v));
const provisionerStates = (name: string) => states((v) => provisionerState(name, v));

describe('the table', () => {
  test('every entry and every span says where its fact comes from', () => {
    for (const entry of [...VOLUME_SOURCES, ...PROVISIONERS]) {
      expect(entry.history.length).toBeGreaterThan(0);
      for (const span of entry.history) {
        expect(span.source.trim().length).toBeGreaterThan(10);
        if (span.state === 'migrated') expect(span.csiDriver).toMatch(/\./);
        if (span.state === 'disabled' && 'key' in entry) expect(span.gate).toBeDefined();
      }
      const sinces = entry.history.map((s) => minorOf(s.since));
      expect([...sinces].sort((a, b) => a - b)).toEqual(sinces);
    }
  });

  test('keys and names are unique', () => {
    expect(new Set(VOLUME_SOURCES.map((e) => e.key)).size).toBe(VOLUME_SOURCES.length);
    expect(new Set(PROVISIONERS.map((e) => e.name)).size).toBe(PROVISIONERS.length);
  });

  test('the pod keys are exactly the volume sources of core/v1 Volume in 1.36', () => {
    const volume = Object.keys(definitions('1.36')['io.k8s.api.core.v1.Volume'].properties ?? {}).filter(
      (k) => k !== 'name',
    );
    const pod = VOLUME_SOURCES.filter((e) => e.locations.includes('pod')).map((e) => e.key);
    expect([...pod].sort()).toEqual([...volume].sort());
  });

  test('the PersistentVolume keys are exactly the sources of core/v1 PersistentVolumeSpec in 1.36', () => {
    const notSources = new Set([
      'accessModes',
      'capacity',
      'claimRef',
      'mountOptions',
      'nodeAffinity',
      'persistentVolumeReclaimPolicy',
      'storageClassName',
      'volumeAttributesClassName',
      'volumeMode',
    ]);
    const spec = Object.keys(
      definitions('1.36')['io.k8s.api.core.v1.PersistentVolumeSpec'].properties ?? {},
    ).filter((k) => !notSources.has(k));
    const pv = VOLUME_SOURCES.filter((e) => e.locations.includes('persistentVolume')).map((e) => e.key);
    expect([...pv].sort()).toEqual([...spec].sort());
  });

  test.each([...KUBERNETES_VERSIONS])(
    'apiServerAcceptsSource agrees with the %s schema for every key',
    (version) => {
      const volume = definitions(version)['io.k8s.api.core.v1.Volume'].properties ?? {};
      const spec = definitions(version)['io.k8s.api.core.v1.PersistentVolumeSpec'].properties ?? {};
      for (const entry of VOLUME_SOURCES) {
        const inSchema = entry.locations.includes('pod') ? entry.key in volume : entry.key in spec;
        expect([entry.key, apiServerAcceptsSource(entry.key, version)]).toEqual([entry.key, inSchema]);
      }
    },
  );

  test('a removed plugin keeps its API field: the API server accepts it in every minor', () => {
    for (const version of KUBERNETES_VERSIONS) {
      for (const entry of VOLUME_SOURCES) {
        const state = volumePluginState(entry.key, version);
        if (state?.state === 'removed')
          expect([entry.key, state.apiServerAccepts]).toEqual([entry.key, true]);
      }
    }
  });

  test('a state never starts after the minor asked about', () => {
    for (const version of KUBERNETES_VERSIONS) {
      for (const entry of VOLUME_SOURCES) {
        expect(minorOf(volumePluginState(entry.key, version)?.since ?? '9.99')).toBeLessThanOrEqual(
          minorOf(version),
        );
      }
      for (const entry of PROVISIONERS) {
        expect(minorOf(provisionerState(entry.name, version)?.since ?? '9.99')).toBeLessThanOrEqual(
          minorOf(version),
        );
      }
    }
  });
});

describe('volumePluginState', () => {
  test('cephfs and rbd: available in 1.27, deprecated 1.28-1.30, removed from 1.31', () => {
    for (const key of ['cephfs', 'rbd']) {
      expect(sourceStates(key)).toEqual(['1.27 available', '1.28-1.30 deprecated', '1.31-1.36 removed']);
      expect(volumePluginState(key, '1.31')).toMatchObject({ since: '1.31', apiServerAccepts: true });
      expect(volumePluginState(key, '1.36')?.source).toMatch(key === 'cephfs' ? /#124544/ : /#124546/);
    }
  });

  test.each([
    ['awsElasticBlockStore', 'ebs.csi.aws.com', '1.25'],
    ['azureDisk', 'disk.csi.azure.com', '1.24'],
    ['azureFile', 'file.csi.azure.com', '1.26'],
    ['cinder', 'cinder.csi.openstack.org', '1.24'],
    ['gcePersistentDisk', 'pd.csi.storage.gke.io', '1.25'],
    ['vsphereVolume', 'csi.vsphere.vmware.com', '1.26'],
  ])('%s is migrated to %s in every minor (since %s), not removed', (key, driver, since) => {
    expect(sourceStates(key)).toEqual(['1.27-1.36 migrated']);
    for (const version of KUBERNETES_VERSIONS) {
      expect(volumePluginState(key, version)).toMatchObject({ state: 'migrated', csiDriver: driver, since });
    }
  });

  test('gcePersistentDisk: migrated from 1.28 with driver pd.csi.storage.gke.io (in-tree code gone in 1.28)', () => {
    const state = volumePluginState('gcePersistentDisk', '1.28');
    expect(state).toMatchObject({
      state: 'migrated',
      csiDriver: 'pd.csi.storage.gke.io',
      gate: 'CSIMigrationGCE',
    });
    expect(state?.note).toMatch(/removed in 1\.28/);
  });

  test('portworxVolume: deprecated to 1.30, migrated to pxd.portworx.com from 1.31', () => {
    expect(sourceStates('portworxVolume')).toEqual(['1.27-1.30 deprecated', '1.31-1.36 migrated']);
    expect(volumePluginState('portworxVolume', '1.30')).toMatchObject({
      since: '1.25',
      gate: 'CSIMigrationPortworx',
    });
    expect(volumePluginState('portworxVolume', '1.36')).toMatchObject({
      since: '1.31',
      csiDriver: 'pxd.portworx.com',
    });
  });

  test('gitRepo: deprecated, off by default from 1.33 (GitRepoVolumeDriver), unusable from 1.36, always accepted', () => {
    expect(sourceStates('gitRepo')).toEqual(['1.27-1.32 deprecated', '1.33-1.35 disabled', '1.36 removed']);
    expect(volumePluginState('gitRepo', '1.32')).toMatchObject({ since: '1.11' });
    expect(volumePluginState('gitRepo', '1.33')).toMatchObject({
      since: '1.33',
      gate: 'GitRepoVolumeDriver',
    });
    expect(volumePluginState('gitRepo', '1.36')).toMatchObject({ since: '1.36', apiServerAccepts: true });
    expect(volumePluginState('gitRepo', '1.36')?.note).toMatch(/locked to false/);
  });

  test('image: no field before 1.31, off by default 1.31-1.34 (ImageVolume), on from 1.35', () => {
    expect(sourceStates('image')).toEqual(['1.27-1.30 absent', '1.31-1.34 disabled', '1.35-1.36 available']);
    expect(volumePluginState('image', '1.30')).toMatchObject({ apiServerAccepts: false });
    expect(volumePluginState('image', '1.30')?.note).toMatch(/unknown field/);
    expect(volumePluginState('image', '1.34')).toMatchObject({
      since: '1.31',
      gate: 'ImageVolume',
      apiServerAccepts: true,
    });
    expect(volumePluginState('image', '1.36')).toMatchObject({ since: '1.35', apiServerAccepts: true });
  });

  test.each([
    ['glusterfs', '1.26'],
    ['flocker', '1.25'],
    ['quobyte', '1.25'],
    ['storageos', '1.25'],
    ['scaleIO', '1.22'],
    ['photonPersistentDisk', '1.16'],
  ])('%s is removed in every minor (since %s), with the API server warning', (key, since) => {
    expect(sourceStates(key)).toEqual(['1.27-1.36 removed']);
    expect(volumePluginState(key, '1.27')).toMatchObject({ since, apiServerAccepts: true });
    expect(VOLUME_SOURCES.find((e) => e.key === key)?.apiServerWarning).toMatch(/non-functional/);
  });

  test('flexVolume is deprecated (since 1.23) and still works', () => {
    expect(sourceStates('flexVolume')).toEqual(['1.27-1.36 deprecated']);
    expect(volumePluginState('flexVolume', '1.36')).toMatchObject({ since: '1.23' });
  });

  test.each(['nfs', 'hostPath', 'csi', 'ephemeral', 'local', 'emptyDir', 'projected', 'iscsi', 'fc'])(
    '%s is available in every minor',
    (key) => {
      expect(sourceStates(key)).toEqual(['1.27-1.36 available']);
    },
  );

  test('an unknown key is no volume source', () => {
    expect(volumePluginState('name', '1.36')).toBeUndefined();
    expect(apiServerAcceptsSource('bogus', '1.36')).toBe(false);
  });
});

describe('provisionerState', () => {
  test.each([
    ['kubernetes.io/aws-ebs', 'ebs.csi.aws.com'],
    ['kubernetes.io/azure-disk', 'disk.csi.azure.com'],
    ['kubernetes.io/azure-file', 'file.csi.azure.com'],
    ['kubernetes.io/cinder', 'cinder.csi.openstack.org'],
    ['kubernetes.io/gce-pd', 'pd.csi.storage.gke.io'],
    ['kubernetes.io/vsphere-volume', 'csi.vsphere.vmware.com'],
  ])('%s provisions through %s in every minor', (name, driver) => {
    expect(provisionerStates(name)).toEqual(['1.27-1.36 migrated']);
    expect(provisionerState(name, '1.27')).toMatchObject({ csiDriver: driver, apiServerAccepts: true });
  });

  test('kubernetes.io/portworx-volume: in-tree to 1.30, pxd.portworx.com from 1.31', () => {
    expect(provisionerStates('kubernetes.io/portworx-volume')).toEqual([
      '1.27-1.30 deprecated',
      '1.31-1.36 migrated',
    ]);
    expect(provisionerState('kubernetes.io/portworx-volume', '1.31')).toMatchObject({
      csiDriver: 'pxd.portworx.com',
    });
  });

  test('kubernetes.io/rbd: provisions to 1.30, never from 1.31 (ProvisioningFailed)', () => {
    expect(provisionerStates('kubernetes.io/rbd')).toEqual([
      '1.27 available',
      '1.28-1.30 deprecated',
      '1.31-1.36 removed',
    ]);
    expect(provisionerState('kubernetes.io/rbd', '1.31')?.note).toMatch(/no volume plugin matched/);
  });

  test.each([
    ['kubernetes.io/glusterfs', '1.26'],
    ['kubernetes.io/scaleio', '1.22'],
    ['kubernetes.io/storageos', '1.25'],
    ['kubernetes.io/quobyte', '1.25'],
    ['kubernetes.io/flocker', '1.25'],
    ['kubernetes.io/photon-pd', '1.16'],
  ])('%s never provisions (removed since %s)', (name, since) => {
    expect(provisionerStates(name)).toEqual(['1.27-1.36 removed']);
    expect(provisionerState(name, '1.36')).toMatchObject({ since });
    expect(provisionerState(name, '1.36')?.note).toMatch(/ProvisioningFailed/);
  });

  test('kubernetes.io/cephfs never was an in-tree provisioner', () => {
    expect(provisionerStates('kubernetes.io/cephfs')).toEqual(['1.27-1.36 removed']);
  });

  test('kubernetes.io/no-provisioner is a static-only class; kubernetes.io/host-path is off by default', () => {
    expect(provisionerStates('kubernetes.io/no-provisioner')).toEqual(['1.27-1.36 available']);
    expect(provisionerState('kubernetes.io/no-provisioner', '1.36')?.note).toMatch(/pre-created/);
    expect(provisionerStates('kubernetes.io/host-path')).toEqual(['1.27-1.36 disabled']);
    expect(provisionerState('kubernetes.io/host-path', '1.30')?.note).toMatch(
      /--enable-hostpath-provisioner/,
    );
  });

  test('an unknown kubernetes.io/ name has no plugin; any other name is an external provisioner', () => {
    expect(provisionerState('kubernetes.io/nope', '1.30')).toMatchObject({
      state: 'removed',
      apiServerAccepts: true,
    });
    expect(provisionerState('ebs.csi.aws.com', '1.30')).toBeUndefined();
  });

  test('every provisioner that mirrors a source key agrees with it on state and driver', () => {
    // cephfs never provisioned, and host-path provisioning is off unless the controller manager turns it on.
    const differ = new Set(['kubernetes.io/cephfs', 'kubernetes.io/host-path']);
    for (const entry of PROVISIONERS.filter((e) => !differ.has(e.name))) {
      const source = VOLUME_SOURCES.find((e) => e.key === entry.sourceKey && e.plugin === entry.name);
      if (!source) continue;
      for (const version of KUBERNETES_VERSIONS) {
        const s = volumePluginState(source.key, version);
        const p = provisionerState(entry.name, version);
        expect([entry.name, version, p?.state, p?.csiDriver]).toEqual([
          entry.name,
          version,
          s?.state,
          s?.csiDriver,
        ]);
      }
    }
  });
});
