import { App, Chart, Testing } from 'cdk8s';
import { ClaimPod } from '../../../src/constructs/persistent/workloads';
import { HostPathDaemon } from '../../../src/constructs/pod/host-path';
import { PodVolume } from '../../../src/constructs/pod/volume';
import { schemaErrors } from '../../_schema';

const models = () =>
  PodVolume.image('models', { reference: 'registry.example.com/models:v1', pullPolicy: 'IfNotPresent' });

function podWith(version?: string, ignoreChecks?: { [rule: string]: string }): any[] {
  const app: App = Testing.app();
  if (version) app.node.setContext('cdk8s-volumes:kubernetesVersion', version);
  const chart = new Chart(app, 'test');
  new ClaimPod(chart, 'infer', {
    name: 'infer',
    ignoreChecks,
    containers: [
      { name: 'app', image: 'busybox:1.36', mounts: [{ volume: models(), path: '/models', readOnly: true }] },
    ],
  });
  return Testing.synth(chart);
}

describe('PodVolume.image', () => {
  test('defaults: the reference only; emitted although the L1 bindings predate the field', () => {
    const v = PodVolume.image('models', { reference: 'registry.example.com/models:v1' });
    expect(v.sourceType).toBe('image');
    expect(v.toJson()).toEqual({ name: 'models', image: { reference: 'registry.example.com/models:v1' } });
  });

  test('custom: pullPolicy, in a Pod judged for 1.36 (GA) and valid against its schema', () => {
    const [pod] = podWith('1.36');
    expect(pod.spec.volumes).toEqual([
      { name: 'models', image: { reference: 'registry.example.com/models:v1', pullPolicy: 'IfNotPresent' } },
    ]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([
      { name: 'models', mountPath: '/models', readOnly: true },
    ]);
    expect(schemaErrors(pod, '1.36')).toEqual([]);
  });

  test('a DaemonSet carries it in its pod template', () => {
    const chart = new Chart(Testing.app(), 'test');
    new HostPathDaemon(chart, 'd', {
      name: 'd',
      containers: [{ name: 'a', image: 'busybox:1.36', mounts: [{ volume: models(), path: '/m' }] }],
    });
    const [ds] = Testing.synth(chart);
    expect(ds.spec.template.spec.volumes).toEqual([
      { name: 'models', image: { reference: 'registry.example.com/models:v1', pullPolicy: 'IfNotPresent' } },
    ]);
  });

  test('refused where the target Kubernetes minor drops it (the ImageVolume gate off by default)', () => {
    expect(() => podWith('1.33')).toThrow(
      'Pod/default/infer: spec.volumes[0].image volume source image is off by default in Kubernetes 1.33 (feature gate ImageVolume): ' +
        'alpha (1.31-1.32), then beta but off by default (1.33-1.34): with the gate off the API server silently drops the volume and every mount of it (dropImageVolumes). ' +
        'It works only where the cluster turns the gate on, which the plan cannot see [source-deprecated, warning; see https://github.com/cdk8s-volumes/cdk8s-volumes/blob/main/docs/rules.md#source-deprecated]; ' +
        "to accept it on purpose, pass ignoreChecks: { 'source-deprecated': '<reason>' } (construct test/infer)",
    );
    // A cluster that turns the gate on says so, and the pod is made.
    expect(
      podWith('1.33', { 'source-deprecated': 'ImageVolume is on in our clusters' })[0].spec.volumes[0].image,
    ).toEqual({
      pullPolicy: 'IfNotPresent',
      reference: 'registry.example.com/models:v1',
    });
  });

  test('refuses a missing reference or an unknown pull policy', () => {
    expect(() => PodVolume.image('m', { reference: '' })).toThrow(
      'volume "m": image.reference is ""; expected an image reference such as registry.example.com/models:v1',
    );
    expect(() => PodVolume.image('m', { reference: 'x', pullPolicy: 'Sometimes' })).toThrow(
      'volume "m": image.pullPolicy is "Sometimes"; expected one of "Always", "IfNotPresent", "Never"',
    );
  });
});
