import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  API_VERSION_UNSERVED_RULE,
  apiVersionProblem,
  builtInResource,
  MAX_SCHEMA_PROBLEMS,
  REMOVED_API_GROUPS,
  SCHEMA_INVALID_RULE,
  schemaProblems,
} from '../../src/k8s/schema';
import { SCHEMA_RULES } from '../../src/plan/api-schema';
import { KUBERNETES_VERSIONS, KubernetesVersion } from '../../src/k8s/versions';

const generator = require('../../scripts/generate-schemas.js') as {
  generate(shared: string): { files: Record<string, string> };
  compact(schema: unknown, stats: unknown): any;
};
const ROOT = path.join(__dirname, '..', '..');

const pod = (spec: Record<string, unknown> = {}, volumes: unknown[] = []): any => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c', image: 'nginx:alpine' }], volumes, ...spec },
});
const claim = (spec: Record<string, unknown>): any => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'apps' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});
const storageClass = (fields: Record<string, unknown>): any => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'fast' },
  provisioner: 'ebs.csi.aws.com',
  ...fields,
});
const statefulSet = (spec: Record<string, unknown>): any => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db' },
  spec: {
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'mongo' }] } },
    ...spec,
  },
});
const snapshot = (spec: unknown, apiVersion = 'snapshot.storage.k8s.io/v1'): any => ({
  apiVersion,
  kind: 'VolumeSnapshot',
  metadata: { name: 'snap', namespace: 'apps' },
  spec,
});

describe('schemaProblems: the examples the plan missed', () => {
  test('a StorageClass with a string for a boolean, non-strings in mountOptions and parameters', () => {
    const sc = storageClass({
      allowVolumeExpansion: 'yes',
      mountOptions: [NaN, 5],
      parameters: { iops: 3000 },
    });
    expect(schemaProblems('1.36', sc)).toEqual([
      { field: 'allowVolumeExpansion', message: 'is "yes", expected a boolean' },
      { field: 'mountOptions[0]', message: 'is NaN, expected a string' },
      { field: 'mountOptions[1]', message: 'is 5, expected a string' },
      { field: 'parameters.iops', message: 'is 3000, expected a string' },
    ]);
  });
  test('integers beyond their int32 or int64 format', () => {
    const set = statefulSet({ replicas: 2 ** 31 });
    set.spec.template.spec.securityContext = { runAsUser: 1e19, runAsGroup: -(2 ** 64) };
    expect(schemaProblems('1.36', set)).toEqual([
      { field: 'spec.replicas', message: '2147483648 is above the int32 maximum 2147483647' },
      {
        field: 'spec.template.spec.securityContext.runAsGroup',
        message: '-18446744073709552000 is below the int64 minimum -9223372036854775808',
      },
      {
        field: 'spec.template.spec.securityContext.runAsUser',
        message: '10000000000000000000 is above the int64 maximum 9223372036854775807',
      },
    ]);
    expect(schemaProblems('1.36', statefulSet({ replicas: -(2 ** 31) - 1 }))).toEqual([
      { field: 'spec.replicas', message: '-2147483649 is below the int32 minimum -2147483648' },
    ]);
    expect(schemaProblems('1.36', statefulSet({ replicas: 1.5 }))).toEqual([
      { field: 'spec.replicas', message: 'is 1.5, expected an integer' },
    ]);
  });
  test('the int32 and int64 bounds themselves are valid', () => {
    const set = statefulSet({ replicas: 2 ** 31 - 1 });
    set.spec.template.spec.securityContext = { runAsUser: 2 ** 63 - 1, runAsGroup: -(2 ** 63) };
    expect(schemaProblems('1.36', set)).toEqual([]);
  });
  test('an unknown field, with the known one it is closest to', () => {
    expect(schemaProblems('1.27', pod({}, [{ name: 'v', emptryDir: {} }]))).toEqual([
      { field: 'spec.volumes[0].emptryDir', message: 'unknown field "emptryDir" (did you mean "emptyDir"?)' },
    ]);
    expect(schemaProblems('1.27', claim({ colour: 'blue' }))).toEqual([
      { field: 'spec.colour', message: 'unknown field "colour"' },
    ]);
  });
  test('an unknown field at the top and in metadata', () => {
    const p = pod();
    p.metadata.labelz = { a: 'b' };
    p.sepc = {};
    expect(schemaProblems('1.27', p)).toEqual([
      { field: 'sepc', message: 'unknown field "sepc" (did you mean "spec"?)' },
      { field: 'metadata.labelz', message: 'unknown field "labelz" (did you mean "labels"?)' },
    ]);
  });
  test('a missing required field names the field', () => {
    const p = pod();
    delete p.spec.containers[0].name;
    expect(schemaProblems('1.27', p)).toEqual([
      { field: 'spec.containers[0].name', message: 'required field "name" is missing' },
    ]);
    expect(schemaProblems('1.27', storageClass({ provisioner: undefined }))).toEqual([
      { field: 'provisioner', message: 'required field "provisioner" is missing' },
    ]);
  });
  test('a Quantity or IntOrString of the wrong type is one problem, not one per alternative', () => {
    expect(schemaProblems('1.36', claim({ resources: { requests: { storage: true } } }))).toEqual([
      { field: 'spec.resources.requests.storage', message: 'is true, expected a string or a number' },
    ]);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        strategy: { rollingUpdate: { maxSurge: 1.5, maxUnavailable: { n: 1 } } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      },
    };
    expect(schemaProblems('1.36', deployment)).toEqual([
      { field: 'spec.strategy.rollingUpdate.maxSurge', message: 'is 1.5, expected a string or an integer' },
      {
        field: 'spec.strategy.rollingUpdate.maxUnavailable',
        message: 'is {"n":1}, expected a string or an integer',
      },
    ]);
  });
  test('a list where an object belongs, an object where a list belongs', () => {
    expect(schemaProblems('1.36', claim({ accessModes: 'ReadWriteOnce', selector: [] }))).toEqual([
      { field: 'spec.accessModes', message: 'is "ReadWriteOnce", expected a list' },
      { field: 'spec.selector', message: 'is [], expected an object' },
    ]);
  });
  test('map keys that are not identifiers are written in brackets; long values are cut', () => {
    const p = pod();
    p.metadata.labels = { 'app.kubernetes.io/name': 5 };
    p.metadata.annotations = { note: { text: 'x'.repeat(100) } };
    expect(schemaProblems('1.27', p)).toEqual([
      { field: 'metadata.annotations.note', message: `is {"text":"${'x'.repeat(30)}…, expected a string` },
      { field: 'metadata.labels["app.kubernetes.io/name"]', message: 'is 5, expected a string' },
    ]);
  });
  test('base64 (byte) and date-time formats, as Go decodes them', () => {
    const secret = (data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', creationTimestamp: 'yesterday' },
      data,
    });
    expect(
      schemaProblems('1.36', secret({ ok: 'aGVsbG8=', wrapped: 'aGVs\nbG8=', bad: 'not base64!' })),
    ).toEqual([
      { field: 'data.bad', message: 'is "not base64!", expected base64-encoded data' },
      {
        field: 'metadata.creationTimestamp',
        message: 'is "yesterday", expected an RFC 3339 date-time such as "2006-01-02T15:04:05Z"',
      },
    ]);
    const valid = secret({});
    valid.metadata.creationTimestamp = '2024-05-01T10:00:00.5+02:00';
    expect(schemaProblems('1.36', valid)).toEqual([]);
  });
  test(`at most ${MAX_SCHEMA_PROBLEMS} problems, one per distinct cause`, () => {
    const p = pod();
    for (let i = 0; i < 30; i++) p.spec[`unknown${i}`] = i;
    const problems = schemaProblems('1.36', p);
    expect(problems).toHaveLength(MAX_SCHEMA_PROBLEMS);
    expect(problems[0]).toEqual({ field: 'spec.unknown0', message: 'unknown field "unknown0"' });
    expect(new Set(problems.map((x) => x.field)).size).toBe(MAX_SCHEMA_PROBLEMS);
  });
  test('a valid object has no problems, and is not changed', () => {
    const p = pod({ securityContext: { runAsUser: 1000 } }, [
      { name: 'v', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
    const before = JSON.stringify(p);
    expect(schemaProblems('1.27', p)).toEqual([]);
    expect(JSON.stringify(p)).toBe(before);
  });
});

describe('schemaProblems: nulls read as the API server decodes them (Go encoding/json)', () => {
  test('a null field is unset: no type error', () => {
    const p = pod({ nodeSelector: null }, [
      { name: 'v', emptyDir: null, hostPath: { path: '/x', type: null } },
    ]);
    p.metadata.creationTimestamp = null;
    p.metadata.labels = { a: null };
    p.status = null;
    const before = JSON.stringify(p);
    expect(schemaProblems('1.36', p)).toEqual([]);
    expect(JSON.stringify(p)).toBe(before); // the object read is never modified
  });
  test('a required field set to null is missing', () => {
    const p = pod();
    p.spec.containers[0].name = null;
    expect(schemaProblems('1.36', p)).toEqual([
      { field: 'spec.containers[0].name', message: 'required field "name" is missing' },
    ]);
  });
  test('a null list item is the zero value of the item type', () => {
    const p = pod();
    p.spec.containers[0].args = [null, 'x'];
    expect(schemaProblems('1.36', p)).toEqual([]); // "" is a valid argument
    p.spec.containers.push(null); // {}: a container without name or image
    expect(schemaProblems('1.36', p)).toEqual([
      { field: 'spec.containers[1].name', message: 'required field "name" is missing' },
    ]);
  });
  test('nulls beside a real error: the error alone is reported', () => {
    const p = pod({}, [{ name: 'v', emptyDir: null, emptryDir: {} }]);
    expect(schemaProblems('1.36', p)).toEqual([
      { field: 'spec.volumes[0].emptryDir', message: 'unknown field "emptryDir" (did you mean "emptyDir"?)' },
    ]);
  });
});

describe('schemaProblems: what is validated', () => {
  test('a custom resource of an unknown kind passes untouched', () => {
    const cr = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', junk: 1 },
      spec: { anything: [NaN] },
    };
    expect(schemaProblems('1.36', cr)).toEqual([]);
    expect(builtInResource('1.36', 'example.com/v1', 'Widget')).toBeUndefined();
    expect(apiVersionProblem('1.36', cr)).toBeUndefined();
  });
  test('what is not an API object is skipped', () => {
    for (const value of [
      null,
      undefined,
      'text',
      5,
      [],
      {},
      { kind: 'Pod' },
      { apiVersion: 'v1', kind: '' },
      { apiVersion: 1, kind: 'Pod' },
    ]) {
      expect(schemaProblems('1.36', value)).toEqual([]);
      expect(apiVersionProblem('1.36', value)).toBeUndefined();
    }
  });
  test('an object in an unserved apiVersion has no schema problems: apiVersionProblem reports it', () => {
    const sc = { ...storageClass({ bogus: 1 }), apiVersion: 'storage.k8s.io/v1beta1' };
    expect(schemaProblems('1.27', sc)).toEqual([]);
    expect(apiVersionProblem('1.27', sc)).toEqual({
      field: 'apiVersion',
      message: 'storage.k8s.io/v1beta1 StorageClass is not served by Kubernetes 1.27; use storage.k8s.io/v1',
    });
  });
  test('free-form fields (RawExtension) take any content', () => {
    const revision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'r' },
      revision: 1,
      data: { spec: { anything: [{ deep: true }] } },
    };
    expect(schemaProblems('1.36', revision)).toEqual([]);
  });
  test('a VolumeSnapshot is validated against the CRD schema, with ObjectMeta for metadata', () => {
    expect(schemaProblems('1.36', snapshot({ source: { persistentVolumeClaimName: 'data' } }))).toEqual([]);
    const bad = snapshot({ source: { pvcName: 'data' }, volumeSnapshotClassName: 5 });
    bad.metadata.labels = { a: 1 };
    expect(schemaProblems('1.36', bad)).toEqual([
      { field: 'metadata.labels.a', message: 'is 1, expected a string' },
      { field: 'spec.source.pvcName', message: 'unknown field "pvcName"' },
      { field: 'spec.volumeSnapshotClassName', message: 'is 5, expected a string' },
    ]);
    expect(schemaProblems('1.36', { ...snapshot(undefined), spec: undefined })).toEqual([
      { field: 'spec', message: 'required field "spec" is missing' },
    ]);
  });
  test('a VolumeSnapshotClass deletionPolicy outside the CRD enum', () => {
    const cls = {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'c' },
      driver: 'ebs.csi.aws.com',
      deletionPolicy: 'Recycle',
    };
    expect(schemaProblems('1.27', cls)).toEqual([
      { field: 'deletionPolicy', message: 'is "Recycle", expected one of "Delete", "Retain"' },
    ]);
  });
});

describe('per-version schema facts, derived from the vendored schemas', () => {
  const imageVolume = pod({}, [{ name: 'v', image: { reference: 'registry.example/data:1' } }]);
  test.each(KUBERNETES_VERSIONS.map((v) => [v]))('the image volume source in %s', (version) => {
    const expected =
      Number(version.split('.')[1]) >= 31
        ? []
        : [{ field: 'spec.volumes[0].image', message: 'unknown field "image"' }];
    expect(schemaProblems(version, imageVolume)).toEqual(expected);
  });
  test('volumeAttributesClassName on a claim: unknown in 1.27 and 1.28, a field from 1.29', () => {
    const c = claim({ volumeAttributesClassName: 'gold' });
    const unknown = [
      { field: 'spec.volumeAttributesClassName', message: 'unknown field "volumeAttributesClassName"' },
    ];
    expect(schemaProblems('1.27', c)).toEqual(unknown);
    expect(schemaProblems('1.28', c)).toEqual(unknown);
    expect(schemaProblems('1.29', c)).toEqual([]);
    expect(schemaProblems('1.36', c)).toEqual([]);
  });
});

describe('builtInResource and apiVersionProblem', () => {
  test.each(KUBERNETES_VERSIONS.map((v) => [v]))(
    'in %s, StorageClass is storage.k8s.io/v1 only',
    (version) => {
      expect(builtInResource(version, 'storage.k8s.io/v1', 'StorageClass')).toEqual({ served: true });
      expect(builtInResource(version, 'storage.k8s.io/v1beta1', 'StorageClass')).toEqual({
        served: false,
        servedAs: ['storage.k8s.io/v1'],
      });
    },
  );
  test('removed apiVersions name the one that serves the kind', () => {
    const cases: Array<[KubernetesVersion, string, string, string]> = [
      [
        '1.27',
        'apps/v1beta1',
        'StatefulSet',
        'apps/v1beta1 StatefulSet is not served by Kubernetes 1.27; use apps/v1',
      ],
      [
        '1.36',
        'apps/v1beta2',
        'Deployment',
        'apps/v1beta2 Deployment is not served by Kubernetes 1.36; use apps/v1',
      ],
      [
        '1.27',
        'extensions/v1beta1',
        'DaemonSet',
        'extensions/v1beta1 DaemonSet is not served by Kubernetes 1.27; use apps/v1',
      ],
      [
        '1.30',
        'extensions/v1beta1',
        'Ingress',
        'extensions/v1beta1 Ingress is not served by Kubernetes 1.30; use networking.k8s.io/v1',
      ],
      [
        '1.27',
        'batch/v1beta1',
        'CronJob',
        'batch/v1beta1 CronJob is not served by Kubernetes 1.27; use batch/v1',
      ],
      [
        '1.27',
        'v2',
        'PersistentVolumeClaim',
        'v2 PersistentVolumeClaim is not served by Kubernetes 1.27; use v1',
      ],
      [
        '1.27',
        'extensions/v1beta1',
        'PodSecurityPolicy',
        'extensions/v1beta1 PodSecurityPolicy is not served by Kubernetes 1.27, and no other apiVersion serves PodSecurityPolicy',
      ],
    ];
    for (const [version, apiVersion, kind, message] of cases) {
      expect(apiVersionProblem(version, { apiVersion, kind, metadata: { name: 'x' } })).toEqual({
        field: 'apiVersion',
        message,
      });
    }
  });
  test('a snapshot CRD version the current CRDs do not serve depends on the release installed: an assumption, named', () => {
    // groupsnapshot v1alpha1 is what external-snapshotter v8.0 and v8.1 install (clusters of 1.31, 1.32)
    for (const [apiVersion, kind, use] of [
      ['snapshot.storage.k8s.io/v1beta1', 'VolumeSnapshot', 'snapshot.storage.k8s.io/v1'],
      [
        'groupsnapshot.storage.k8s.io/v1alpha1',
        'VolumeGroupSnapshotClass',
        'groupsnapshot.storage.k8s.io/v1',
      ],
    ]) {
      const group = apiVersion.slice(0, apiVersion.indexOf('/'));
      const problem = apiVersionProblem('1.31', { apiVersion, kind, metadata: { name: 'x' } });
      expect(problem).toEqual({
        field: 'apiVersion',
        message: expect.stringContaining(
          `${apiVersion} ${kind} is not served by the current VolumeSnapshot CRDs (kubernetes-csi/external-snapshotter); use ${use}`,
        ),
        assumption: 'the CRDs of the current external-snapshotter release',
      });
      expect(problem!.message).toContain(
        `an older release's may serve ${apiVersion} (see \`kubectl api-versions | grep ${group}\`)`,
      );
    }
  });
  test('a kind a built-in group does not have is unserved, with nothing to use instead', () => {
    expect(builtInResource('1.27', 'v1', 'Pdo')).toEqual({ served: false, servedAs: [] });
  });
  test('a historical group is built-in, not a custom resource', () => {
    expect(REMOVED_API_GROUPS).toContain('extensions');
    expect(builtInResource('1.36', 'settings.k8s.io/v1alpha1', 'PodPreset')).toEqual({
      served: false,
      servedAs: [],
    });
  });
  test('an API the schema compiles in is served whatever its default; servedAs is in version priority', () => {
    expect(builtInResource('1.31', 'storage.k8s.io/v1beta1', 'VolumeAttributesClass')).toEqual({
      served: true,
    });
    expect(builtInResource('1.30', 'storage.k8s.io/v1beta1', 'VolumeAttributesClass')).toEqual({
      served: false,
      servedAs: ['storage.k8s.io/v1alpha1'],
    });
    expect(builtInResource('1.36', 'storage.k8s.io/v1alpha1', 'VolumeAttributesClass')).toEqual({
      served: false,
      servedAs: ['storage.k8s.io/v1', 'storage.k8s.io/v1beta1'],
    });
  });
  test('the snapshot kinds are served by the CRD versions, whatever the Kubernetes version', () => {
    expect(builtInResource('1.27', 'snapshot.storage.k8s.io/v1', 'VolumeSnapshot')).toEqual({ served: true });
    expect(builtInResource('1.27', 'groupsnapshot.storage.k8s.io/v1beta2', 'VolumeGroupSnapshot')).toEqual({
      served: true,
    });
    expect(builtInResource('1.27', 'snapshot.storage.k8s.io/v1', 'VolumeSnapshotz')).toEqual({
      served: false,
      servedAs: [],
    });
  });
  test('an unknown version is a programming error', () => {
    expect(() => builtInResource('1.26' as KubernetesVersion, 'v1', 'Pod')).toThrow(
      'no schema for Kubernetes 1.26; known: 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36',
    );
  });
});

describe('rule declarations', () => {
  test('schema-invalid and api-version-unserved, errors of the api-server group, fully documented', () => {
    expect(SCHEMA_RULES.map((r) => r.id)).toEqual([SCHEMA_INVALID_RULE, API_VERSION_UNSERVED_RULE]);
    expect(SCHEMA_INVALID_RULE).toBe('schema-invalid');
    expect(API_VERSION_UNSERVED_RULE).toBe('api-version-unserved');
    for (const rule of SCHEMA_RULES) {
      expect(rule).toMatchObject({ severity: 'error', group: 'api-server', kinds: ['*'] });
      for (const text of [rule.summary, rule.why, rule.remediation, rule.source])
        expect(text.length).toBeGreaterThan(20);
    }
    expect(SCHEMA_RULES[1].source).toContain(
      'https://kubernetes.io/docs/reference/using-api/deprecation-guide/',
    );
  });
});

describe('scripts/generate-schemas.js', () => {
  // ../shared holds the vendored upstream schemas the script reads: beside the checkout on the
  // project's machines and in CI, not in a user's clone, where this comparison is skipped.
  const vendored = fs.existsSync(path.join(ROOT, '..', 'shared', 'k8s-schema'));
  (vendored ? test : test.skip)('the committed schemas/ are what the script writes from ../shared', () => {
    const { files } = generator.generate(path.join(ROOT, '..', 'shared'));
    const committed = fs.readdirSync(path.join(ROOT, 'schemas')).sort();
    expect(committed).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) {
      expect(fs.readFileSync(path.join(ROOT, 'schemas', name), 'utf-8') === text).toBe(true);
    }
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(KUBERNETES_VERSIONS.map((v) => `k8s-${v}.json`)),
    );
  });
  test('it fails loudly when the vendored files are missing', () => {
    const missing = path.join(os.tmpdir(), 'cdk8s-volumes-no-shared');
    expect(() => generator.generate(missing)).toThrow(
      /_definitions.json is missing: the vendored Kubernetes 1.27 schema/,
    );
  });
  test('no absolute path of the machine is written', () => {
    for (const name of fs.readdirSync(path.join(ROOT, 'schemas'))) {
      const text = fs.readFileSync(path.join(ROOT, 'schemas', name), 'utf-8');
      expect(text).not.toContain(ROOT);
      expect(text).not.toMatch(/"source":"\//);
    }
  });
  const stats = () => ({ strict: 0, preserved: 0, typeLists: 0, droppedFormats: {} });
  test('strictness comes from the schema: properties without additionalProperties become closed', () => {
    const s = stats();
    expect(
      generator.compact(
        {
          description: 'dropped',
          type: 'object',
          properties: {
            a: { type: 'string', description: 'x' },
            m: { type: 'object', additionalProperties: { type: 'string' } },
            free: { type: 'object' },
            ref: { $ref: '#/definitions/X', description: 'dropped' },
          },
          required: ['a'],
          'x-kubernetes-list-type': 'atomic',
        },
        s,
      ),
    ).toEqual({
      type: 'object',
      properties: {
        a: { type: 'string' },
        m: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object' },
        ref: { $ref: '#/definitions/X' },
      },
      required: ['a'],
      additionalProperties: false,
    });
    expect(s).toEqual({ strict: 1, preserved: 0, typeLists: 0, droppedFormats: {} });
  });
  test('x-kubernetes-preserve-unknown-fields keeps an object open', () => {
    const s = stats();
    expect(
      generator.compact(
        {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { a: { type: 'string' } },
        },
        s,
      ),
    ).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(s.preserved).toBe(1);
  });
  test('formats: int32, int64, byte and date-time kept, others dropped; unions of types become type lists', () => {
    const s = stats();
    expect(
      generator.compact(
        {
          type: 'object',
          properties: {
            r: { type: 'integer', format: 'int32' },
            d: { type: 'number', format: 'double' },
            q: { oneOf: [{ type: 'string' }, { type: 'number' }] },
            i: { type: 'string', 'x-kubernetes-int-or-string': true, pattern: '^a' },
            u: { oneOf: [{ required: ['a'] }, { required: ['b'] }] },
          },
        },
        s,
      ).properties,
    ).toEqual({
      r: { type: 'integer', format: 'int32' },
      d: { type: 'number' },
      q: { type: ['string', 'number'] },
      i: { type: ['integer', 'string'], pattern: '^a' },
      u: { oneOf: [{ required: ['a'] }, { required: ['b'] }] },
    });
    expect(s.droppedFormats).toEqual({ double: 1 });
  });
});
