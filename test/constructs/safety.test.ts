/**
 * Data safety: one test per default that protects data or the node, each checked on the
 * synthesized manifest (and, where it decides binding, by the storage plan), with its opt-out.
 * These are the promises of README.md's "Safety defaults" table.
 */
import { Chart, Testing } from 'cdk8s';
import { StaticClaim } from '../../src/constructs/persistent/claim';
import { DynamicClaim } from '../../src/constructs/persistent/dynamic-claim';
import { AccessMode, ReclaimPolicy } from '../../src/constructs/persistent/modes';
import {
  NodeAffinity,
  PersistentVolumeSource,
  StaticPersistentVolume,
} from '../../src/constructs/persistent/persistent-volume';
import { Provisioner, StorageClass } from '../../src/constructs/persistent/storage-class';
import { ClaimStatefulSet } from '../../src/constructs/persistent/workloads';
import { HostPathDaemon, HostPathPod } from '../../src/constructs/pod/host-path';
import { HostPathType, PodVolume } from '../../src/constructs/pod/volume';
import { planStorage } from '../../src/plan/plan';
import { expectSchemaValid } from '../_schema';

const ARGOCD = 'argocd.argoproj.io/sync-options';
const FLUX = 'kustomize.toolkit.fluxcd.io/prune';
const KEEP = { [ARGOCD]: 'Prune=false,Delete=false', [FLUX]: 'disabled' };

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(Testing.app(), 'safety');
  build(chart);
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  return manifests;
}
const one = (manifests: any[], kind: string) => {
  const found = manifests.filter((m) => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};
const nfs = () => PersistentVolumeSource.nfs('nfs.example.com', '/exports/data');
const volume = (chart: Chart, extra: object = {}) =>
  new StaticPersistentVolume(chart, 'pv', { name: 'data', capacity: '1Gi', source: nfs(), ...extra });
const set = (chart: Chart, extra: object = {}) =>
  new ClaimStatefulSet(chart, 'db', {
    containers: [{ name: 'db', image: 'postgres:16' }],
    volumeClaimTemplates: [{ name: 'data', storage: '10Gi', mountPath: '/var/lib/postgresql/data' }],
    ...extra,
  });

describe('reclaim policy Retain by default: deleting a claim does not delete the disk', () => {
  test('a PersistentVolume is Retain unless it says otherwise', () => {
    expect(
      one(
        synth((c) => volume(c)),
        'PersistentVolume',
      ).spec.persistentVolumeReclaimPolicy,
    ).toBe('Retain');
    const opted = synth((c) => volume(c, { reclaimPolicy: ReclaimPolicy.DELETE }));
    expect(one(opted, 'PersistentVolume').spec.persistentVolumeReclaimPolicy).toBe('Delete');
  });

  test('a StorageClass is Retain unless it says otherwise (Kubernetes defaults a class to Delete)', () => {
    const sc = (extra: object) =>
      one(
        synth((c) => new StorageClass(c, 'fast', { provisioner: Provisioner.gcePdCsi(), ...extra })),
        'StorageClass',
      );
    expect(sc({}).reclaimPolicy).toBe('Retain');
    expect(sc({ reclaimPolicy: ReclaimPolicy.DELETE }).reclaimPolicy).toBe('Delete');
  });

  test('a StatefulSet keeps its claims when deleted and when scaled down, stated explicitly', () => {
    expect(
      one(
        synth((c) => set(c)),
        'StatefulSet',
      ).spec.persistentVolumeClaimRetentionPolicy,
    ).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
  });
});

describe('GitOps prune protection by default, with an opt-out', () => {
  test('on PersistentVolumes', () => {
    expect(
      one(
        synth((c) => volume(c)),
        'PersistentVolume',
      ).metadata.annotations,
    ).toEqual(KEEP);
    expect(
      one(
        synth((c) => volume(c, { pruneProtection: false })),
        'PersistentVolume',
      ).metadata.annotations,
    ).toBeUndefined();
  });

  test('on static claims', () => {
    const claim = (extra: object) =>
      one(
        synth((c) => new StaticClaim(c, 'data', { storage: '1Gi', ...extra })),
        'PersistentVolumeClaim',
      );
    expect(claim({}).metadata.annotations).toEqual(KEEP);
    expect(claim({ pruneProtection: false }).metadata.annotations).toBeUndefined();
  });

  test('on dynamic claims', () => {
    const claim = (extra: object) =>
      one(
        synth((c) => new DynamicClaim(c, 'data', { storage: '1Gi', ...extra })),
        'PersistentVolumeClaim',
      );
    expect(claim({}).metadata.annotations).toEqual(KEEP);
    expect(claim({ pruneProtection: false }).metadata.annotations).toBeUndefined();
  });

  test('on StatefulSet claim templates', () => {
    const template = (extra: object) =>
      one(
        synth((c) => set(c, extra)),
        'StatefulSet',
      ).spec.volumeClaimTemplates[0];
    expect(template({}).metadata.annotations).toEqual(KEEP);
    expect(template({ pruneProtection: false }).metadata.annotations).toBeUndefined();
  });
});

describe('Recycle is refused where it is invalid', () => {
  // One rule, the plan's recycle-deprecated (src/plan/warnings.ts), applied by the self-check: no
  // volume plugin but nfs and hostPath has a recycler, so the released volume goes Failed.
  test('on volumes other than nfs and hostPath (no recycler: the released volume goes Failed)', () => {
    const chart = new Chart(Testing.app(), 'safety');
    expect(
      () =>
        new StaticPersistentVolume(chart, 'local', {
          capacity: '1Gi',
          source: PersistentVolumeSource.local('/mnt/disk1'),
          nodeAffinity: NodeAffinity.hostnames(['node1']),
          reclaimPolicy: ReclaimPolicy.RECYCLE,
        }),
    ).toThrow(
      'PersistentVolume/local: spec.persistentVolumeReclaimPolicy is "Recycle" on a local volume: only nfs and hostPath volumes have a recycler, ' +
        'so once its claim is released the volume goes Failed (and Recycle is deprecated anyway); use Retain or Delete ' +
        '[recycle-deprecated, warning; see https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#recycle-deprecated]; ' +
        "to accept it on purpose, pass ignoreChecks: { 'recycle-deprecated': '<reason>' } (construct safety/local)",
    );
    // Where Kubernetes does support it (nfs), the plan still warns that it is deprecated, so the
    // construct refuses it too unless the rule is accepted on purpose.
    expect(() =>
      volume(new Chart(Testing.app(), 'safety'), { reclaimPolicy: ReclaimPolicy.RECYCLE }),
    ).toThrow(
      'PersistentVolume/data: spec.persistentVolumeReclaimPolicy is "Recycle", which is deprecated (a basic rm -rf by a scrubber pod); ' +
        'use Retain and clean up yourself, or dynamic provisioning with Delete [recycle-deprecated, warning; ' +
        'see https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#recycle-deprecated]; ' +
        "to accept it on purpose, pass ignoreChecks: { 'recycle-deprecated': '<reason>' } (construct safety/pv)",
    );
    const accepted = one(
      synth((c) =>
        volume(c, {
          reclaimPolicy: ReclaimPolicy.RECYCLE,
          ignoreChecks: { 'recycle-deprecated': 'scratch exports, wiped between CI runs' },
        }),
      ),
      'PersistentVolume',
    );
    expect([
      accepted.spec.persistentVolumeReclaimPolicy,
      accepted.metadata.annotations['ignore-check.cdk8s-volumes.io/recycle-deprecated'],
    ]).toEqual(['Recycle', 'scratch exports, wiped between CI runs']);
  });

  test('on every StorageClass', () => {
    const chart = new Chart(Testing.app(), 'safety');
    expect(
      () =>
        new StorageClass(chart, 'sc', {
          provisioner: Provisioner.custom('example.com/nfs'),
          reclaimPolicy: ReclaimPolicy.RECYCLE,
        }),
    ).toThrow(/^StorageClass\/sc: reclaimPolicy is "Recycle"; expected one of "Retain", "Delete"$/);
  });
});

describe('dynamic claims cannot be made unprovisionable', () => {
  test('a selector is refused (a claim with a selector is never provisioned)', () => {
    const chart = new Chart(Testing.app(), 'safety');
    expect(
      () => new DynamicClaim(chart, 'data', { storage: '1Gi', selector: { matchLabels: { disk: 'ssd' } } }),
    ).toThrow(
      /^PersistentVolumeClaim\/data: spec\.selector is set, but a claim with a selector is never provisioned dynamically/,
    );
  });

  test('storageClassName "" is refused (it asks for a class-less volume made ahead of time)', () => {
    const chart = new Chart(Testing.app(), 'safety');
    expect(() => new DynamicClaim(chart, 'data', { storage: '1Gi', storageClassName: '' })).toThrow(
      /^PersistentVolumeClaim\/data: spec\.storageClassName is "", which asks for a class-less volume/,
    );
  });
});

describe('static claims ask for storageClassName "", so the default class cannot hijack them', () => {
  test("emitted explicitly, and with a default class in the cluster the claim still binds the admin's volume", () => {
    const manifests = synth((c) => {
      new StorageClass(c, 'standard', { provisioner: Provisioner.gcePdCsi(), isDefault: true });
      const pv = volume(c, { accessModes: [AccessMode.READ_WRITE_MANY] });
      new StaticClaim(c, 'orders', { storage: '1Gi', accessModes: [AccessMode.READ_WRITE_MANY], volume: pv });
    });
    const pvc = one(manifests, 'PersistentVolumeClaim');
    expect(pvc.spec.storageClassName).toBe('');
    expect(planStorage(manifests).claims).toEqual([
      expect.objectContaining({ name: 'orders', outcome: 'bound', volume: 'data' }),
    ]);
    // without "", admission would write the default class in, and the class would provision an empty disk
    const unset = structuredClone(manifests);
    delete unset.find((m: any) => m.kind === 'PersistentVolumeClaim').spec.storageClassName;
    delete unset.find((m: any) => m.kind === 'PersistentVolumeClaim').spec.volumeName;
    delete unset.find((m: any) => m.kind === 'PersistentVolume').spec.claimRef;
    expect(planStorage(unset).claims[0]).toMatchObject({ outcome: 'waiting', storageClass: 'standard' });
  });

  test('a reserved volume of another class fails at construction instead of binding something else', () => {
    const chart = new Chart(Testing.app(), 'safety');
    const pv = volume(chart, { storageClassName: 'manual' });
    expect(() => new StaticClaim(chart, 'orders', { storage: '1Gi', volume: pv })).toThrow(
      /its class "manual" is not the claim's "" \(no class\)/,
    );
  });
});

describe('hostPath: read-only by default, sensitive node paths refused', () => {
  const varLog = () => PodVolume.hostPath('varlog', { path: '/var/log', type: HostPathType.DIRECTORY });
  const mountOf = (m: any) =>
    (m.kind === 'Pod' ? m.spec : m.spec.template.spec).containers[0].volumeMounts[0];

  test.each([
    [
      'HostPathPod',
      (c: Chart, mount: object) =>
        new HostPathPod(c, 'p', {
          name: 'reader',
          containers: [
            { name: 'r', image: 'busybox', hostPathMounts: [{ volume: varLog(), path: '/host', ...mount }] },
          ],
        }),
    ],
    [
      'HostPathDaemon',
      (c: Chart, mount: object) =>
        new HostPathDaemon(c, 'd', {
          name: 'reader',
          containers: [
            { name: 'r', image: 'busybox', hostPathMounts: [{ volume: varLog(), path: '/host', ...mount }] },
          ],
        }),
    ],
  ])('%s mounts read-only unless readOnly: false', (_kind, make) => {
    expect(mountOf(synth((c) => make(c, {}))[0]).readOnly).toBe(true);
    expect(mountOf(synth((c) => make(c, { readOnly: false }))[0]).readOnly).toBeUndefined();
  });

  test.each([
    '/',
    '/etc',
    '/var/run/docker.sock',
    '/run/containerd/containerd.sock',
    '/var/lib/kubelet',
    '/proc',
    '/dev',
    '/root',
    '/etc//kubernetes/./pki',
    // a parent of a sensitive path (it holds the Docker socket and the kubelet's directory)
    '/var',
  ])('refuses %s in a pod unless allowed, and then still mounts it read-only', (path) => {
    const volume = PodVolume.hostPath('node', { path, type: HostPathType.UNCHECKED });
    const make = (c: Chart, mount: object) =>
      new HostPathDaemon(c, 'd', {
        name: 'agent',
        containers: [{ name: 'a', image: 'busybox', hostPathMounts: [{ volume, path: '/host', ...mount }] }],
      });
    expect(() => make(new Chart(Testing.app(), 'x'), {})).toThrow(
      /^HostPathDaemon\/agent: containers\[0\]\.hostPathMounts\[0\]\.volume is hostPath ".*" \(.*\), a sensitive node path; refused unless this mount sets allowSensitivePath: true/,
    );
    expect(mountOf(synth((c) => make(c, { allowSensitivePath: true }))[0]).readOnly).toBe(true);
  });

  test.each(['/sys', '/boot', '/etc/ssl/certs', '/etc/pki', '/etc/localtime'])(
    '%s is only a risk when written: read-only it mounts without allowSensitivePath, writable it is refused unless allowed',
    (path) => {
      const volume = PodVolume.hostPath('node', { path, type: HostPathType.UNCHECKED });
      const make = (c: Chart, mount: object) =>
        new HostPathDaemon(c, 'd', {
          name: 'agent',
          containers: [
            { name: 'a', image: 'busybox', hostPathMounts: [{ volume, path: '/host', ...mount }] },
          ],
        });
      expect(mountOf(synth((c) => make(c, {}))[0]).readOnly).toBe(true);
      expect(mountOf(synth((c) => make(c, { readOnly: true }))[0]).readOnly).toBe(true);
      expect(() => make(new Chart(Testing.app(), 'x'), { readOnly: false })).toThrow(
        /^HostPathDaemon\/agent: containers\[0\]\.hostPathMounts\[0\]\.volume is hostPath ".*" \(.*\), a sensitive node path; refused unless this mount sets allowSensitivePath: true/,
      );
      expect(
        mountOf(synth((c) => make(c, { readOnly: false, allowSensitivePath: true }))[0]).readOnly,
      ).toBeUndefined();
    },
  );

  test('refuses a sensitive path as a PersistentVolume source unless allowed', () => {
    const chart = new Chart(Testing.app(), 'safety');
    expect(
      () =>
        new StaticPersistentVolume(chart, 'pv', {
          capacity: '1Gi',
          source: PersistentVolumeSource.hostPath('/var/lib/kubelet', HostPathType.DIRECTORY),
        }),
    ).toThrow(
      /^PersistentVolume\/pv: spec\.hostPath\.path is "\/var\/lib\/kubelet", which exposes the kubelet's pods, volumes and credentials/,
    );
    const allowed = synth(
      (c) =>
        new StaticPersistentVolume(c, 'pv', {
          capacity: '1Gi',
          source: PersistentVolumeSource.hostPath('/var/lib/kubelet', HostPathType.DIRECTORY, {
            allowSensitivePath: true,
          }),
        }),
    );
    expect(one(allowed, 'PersistentVolume').spec.hostPath.path).toBe('/var/lib/kubelet');
  });
});
