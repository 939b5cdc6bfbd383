import { Chart, Testing } from 'cdk8s';
import { DynamicClaim } from '../../../src/constructs/persistent/dynamic-claim';
import { AccessMode } from '../../../src/constructs/persistent/modes';
import { Provisioner, StorageClass } from '../../../src/constructs/persistent/storage-class';
import { VolumeAttributesClass } from '../../../src/constructs/persistent/volume-attributes-class';
import { ClaimPod } from '../../../src/constructs/persistent/workloads';
import { PodVolume } from '../../../src/constructs/pod/volume';
import { KUBERNETES_VERSION_CONTEXT } from '../../../src/constructs/_self-check';
import { KubernetesVersion } from '../../../src/k8s/versions';
import { expectSchemaValid } from '../../_schema';

function chart(version?: string): Chart {
  const app = Testing.app();
  if (version) app.node.setContext(KUBERNETES_VERSION_CONTEXT, version);
  return new Chart(app, 'test');
}

const GOLD = { driverName: 'pd.csi.storage.gke.io', parameters: { iops: '5000' } };

describe('VolumeAttributesClass', () => {
  test('defaults: storage.k8s.io/v1, the id as name, sorted parameters', () => {
    const c = chart();
    const vac = new VolumeAttributesClass(c, 'gold', {
      driverName: 'pd.csi.storage.gke.io',
      parameters: { throughput: '250', iops: '5000' },
    });
    const manifests = Testing.synth(c);
    expect(manifests).toEqual([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttributesClass',
        metadata: { name: 'gold' },
        driverName: 'pd.csi.storage.gke.io',
        parameters: { iops: '5000', throughput: '250' },
      },
    ]);
    expect(Object.keys(manifests[0].parameters)).toEqual(['iops', 'throughput']);
    expect([vac.name, vac.driverName, vac.parameters]).toEqual([
      'gold',
      'pd.csi.storage.gke.io',
      { iops: '5000', throughput: '250' },
    ]);
    expectSchemaValid(manifests, '1.34');
    expectSchemaValid(manifests, '1.36');
  });

  test('custom: a name and labels; cluster-scoped even in a chart with a namespace', () => {
    const app = Testing.app();
    const c = new Chart(app, 'ns', { namespace: 'team' });
    new VolumeAttributesClass(c, 'x', { ...GOLD, name: 'silver', labels: { tier: 'silver' } });
    const [m] = Testing.synth(c);
    expect(m.metadata).toEqual({ name: 'silver', labels: { tier: 'silver' } });
    expectSchemaValid([m], '1.34');
  });

  test('before 1.34 it is storage.k8s.io/v1beta1, which the self-check says is not served by default', () => {
    expect(() => new VolumeAttributesClass(chart('1.31'), 'old', GOLD)).toThrow(
      'VolumeAttributesClass/old: apiVersion storage.k8s.io/v1beta1 VolumeAttributesClass is compiled into Kubernetes 1.31 but not served by default (a beta API): the API server serves it only where it runs with --runtime-config=storage.k8s.io/v1beta1=true, which the plan cannot see; otherwise kubectl reports no match for kind VolumeAttributesClass [api-version-unserved, warning;',
    );
    const c = chart('1.31');
    new VolumeAttributesClass(c, 'old', {
      ...GOLD,
      ignoreChecks: { 'api-version-unserved': 'runtime-config on' },
    });
    expect(Testing.synth(c)[0].apiVersion).toBe('storage.k8s.io/v1beta1');
  });

  test.each<[KubernetesVersion, string, string]>([
    ['1.29', 'storage.k8s.io/v1alpha1', 'an alpha API'],
    ['1.30', 'storage.k8s.io/v1alpha1', 'an alpha API'],
    ['1.33', 'storage.k8s.io/v1beta1', 'a beta API'],
  ])(
    'at %s it is %s, the apiVersion that minor serves, and the self-check asks only for the runtime-config',
    (version, apiVersion, stage) => {
      expect(() => new VolumeAttributesClass(chart(version), 'old', GOLD)).toThrow(
        `VolumeAttributesClass/old: apiVersion ${apiVersion} VolumeAttributesClass is compiled into Kubernetes ${version} but not served by default (${stage}): the API server serves it only where it runs with --runtime-config=${apiVersion}=true, which the plan cannot see; otherwise kubectl reports no match for kind VolumeAttributesClass [api-version-unserved, warning;`,
      );
      const c = chart(version);
      new VolumeAttributesClass(c, 'old', {
        ...GOLD,
        ignoreChecks: { 'api-version-unserved': 'runtime-config on' },
      });
      const manifests = Testing.synth(c);
      expect(manifests[0].apiVersion).toBe(apiVersion);
      expectSchemaValid(manifests, version);
    },
  );

  test('before 1.29 no version serves it: refused, naming the context and the first minor that does', () => {
    expect(() => new VolumeAttributesClass(chart('1.28'), 'old', GOLD)).toThrow(
      'VolumeAttributesClass/old: apiVersion has no value for Kubernetes 1.28 (context cdk8s-volumes:kubernetesVersion): no storage.k8s.io version of VolumeAttributesClass is served by that minor; the first minor that serves it is 1.29 (storage.k8s.io/v1alpha1): set cdk8s-volumes:kubernetesVersion to 1.29 or later, or leave the class out',
    );
  });

  test.each<[string, any, string]>([
    [
      'no driver',
      { parameters: { iops: '1' } },
      "VolumeAttributesClass/v: driverName is undefined; expected the CSI driver's name, e.g. pd.csi.storage.gke.io",
    ],
    [
      'a driver that is no qualified name',
      { driverName: 'pd csi', parameters: { iops: '1' } },
      "VolumeAttributesClass/v: driverName is \"pd csi\"; expected a qualified name such as 'ebs.csi.aws.com' or 'example.com/my-provisioner' (the part after '/' at most 63 characters)",
    ],
    [
      'no parameters',
      { driverName: 'pd.csi.storage.gke.io', parameters: {} },
      'VolumeAttributesClass/v: parameters is empty; a VolumeAttributesClass must set at least one key/value pair (e.g. { iops: "3000" })',
    ],
    [
      'too many parameters',
      {
        driverName: 'pd.csi.storage.gke.io',
        parameters: Object.fromEntries(Array.from({ length: 513 }, (_, i) => [`k${i}`, 'v'])),
      },
      'VolumeAttributesClass/v: parameters has 513 keys; at most 512 are allowed',
    ],
    [
      'parameters over 256Ki',
      { driverName: 'pd.csi.storage.gke.io', parameters: { a: 'x'.repeat(262144) } },
      'VolumeAttributesClass/v: parameters total 262145 bytes; keys and values may total at most 262144 bytes (256Ki)',
    ],
    [
      'a parameter that is not a string',
      { driverName: 'pd.csi.storage.gke.io', parameters: { iops: 5000 } },
      'VolumeAttributesClass/v: parameters.iops is 5000; expected a string',
    ],
  ])('refuses %s', (_, props, message) => {
    expect(() => new VolumeAttributesClass(chart(), 'v', props)).toThrow(message);
    try {
      new VolumeAttributesClass(chart(), 'v', props);
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });
});

describe('volumeAttributesClassName on claims', () => {
  test('DynamicClaim: by name or by object, written into the claim (absent by default)', () => {
    const c = chart();
    const pd = new StorageClass(c, 'pd', { provisioner: Provisioner.gcePdCsi() });
    const gold = new VolumeAttributesClass(c, 'gold', GOLD);
    new DynamicClaim(c, 'a', { storage: '10Gi', storageClass: pd, volumeAttributesClass: gold });
    const b = new DynamicClaim(c, 'b', {
      storage: '10Gi',
      storageClassName: 'pd',
      volumeAttributesClassName: 'gold',
    });
    new DynamicClaim(c, 'plain', { storage: '10Gi', storageClass: pd });
    expect(b.volumeAttributesClassName).toBe('gold');
    const manifests = Testing.synth(c);
    const claim = (n: string) =>
      manifests.find((m) => m.kind === 'PersistentVolumeClaim' && m.metadata.name === n);
    expect(claim('a').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: 'pd',
      volumeAttributesClassName: 'gold',
    });
    expect(claim('b').spec.volumeAttributesClassName).toBe('gold');
    expect(claim('plain').spec).not.toHaveProperty('volumeAttributesClassName');
    expectSchemaValid(manifests, '1.34');
  });

  test('DynamicClaim refuses a class of another driver, both props, and a bad name', () => {
    const c = chart();
    const pd = new StorageClass(c, 'pd', { provisioner: Provisioner.gcePdCsi() });
    const ebs = new VolumeAttributesClass(c, 'ebs', {
      driverName: 'ebs.csi.aws.com',
      parameters: { iops: '3000' },
    });
    const cases: Array<[any, string]> = [
      [
        { storageClass: pd, volumeAttributesClass: ebs },
        "PersistentVolumeClaim/x: spec.volumeAttributesClassName names VolumeAttributesClass ebs of driver ebs.csi.aws.com, but the claim's class is provisioned by pd.csi.storage.gke.io: the CSI provisioner refuses to create the volume and the claim stays Pending; use a VolumeAttributesClass of pd.csi.storage.gke.io",
      ],
      [
        { volumeAttributesClass: ebs, volumeAttributesClassName: 'ebs' },
        'PersistentVolumeClaim/x: spec.volumeAttributesClassName is set twice (volumeAttributesClass and volumeAttributesClassName); set one',
      ],
      [
        { volumeAttributesClass: { name: 'gold' } },
        'PersistentVolumeClaim/x: spec.volumeAttributesClassName has a volumeAttributesClass that is not a VolumeAttributesClass; pass the object, or its name as volumeAttributesClassName',
      ],
      [
        { volumeAttributesClassName: 'Gold' },
        "PersistentVolumeClaim/x: spec.volumeAttributesClassName is \"Gold\"; a DNS-1123 subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit",
      ],
    ];
    for (const [props, message] of cases) {
      let thrown: Error | undefined;
      try {
        new DynamicClaim(chart(), 'x', { storage: '1Gi', ...props });
      } catch (e) {
        thrown = e as Error;
      }
      expect(thrown?.message).toBe(message);
    }
  });

  test("ephemeral volume: written into the pod's claim template, checked against the class", () => {
    const c = chart();
    const pd = new StorageClass(c, 'pd', { provisioner: Provisioner.gcePdCsi() });
    const gold = new VolumeAttributesClass(c, 'gold', GOLD);
    const scratch = PodVolume.ephemeral('scratch', {
      storage: '1Gi',
      storageClass: pd,
      accessModes: [AccessMode.READ_WRITE_ONCE],
      volumeAttributesClass: gold,
    });
    new ClaimPod(c, 'web', {
      containers: [{ name: 'web', image: 'nginx:1.27', mounts: [{ volume: scratch, path: '/scratch' }] }],
    });
    const manifests = Testing.synth(c);
    const pod = manifests.find((m) => m.kind === 'Pod');
    expect(pod.spec.volumes[0].ephemeral.volumeClaimTemplate.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'pd',
      volumeAttributesClassName: 'gold',
      resources: { requests: { storage: '1Gi' } },
    });
    expectSchemaValid(manifests, '1.34');
    const ebs = new VolumeAttributesClass(c, 'ebs', {
      driverName: 'ebs.csi.aws.com',
      parameters: { iops: '3000' },
    });
    expect(() =>
      PodVolume.ephemeral('s', { storage: '1Gi', storageClass: pd, volumeAttributesClass: ebs }),
    ).toThrow(
      `volume "s": ephemeral.volumeClaimTemplate.spec.volumeAttributesClassName names VolumeAttributesClass ebs of driver ebs.csi.aws.com, but the claim's class is provisioned by pd.csi.storage.gke.io: the CSI provisioner refuses to create the volume and the claim stays Pending; use a VolumeAttributesClass of pd.csi.storage.gke.io`,
    );
  });
});
