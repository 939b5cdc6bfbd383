/**
 * The safe readers every rule of the plan reads manifests through (_manifest.ts): what they
 * return for well-formed, malformed and hostile input, and the messages they compose.
 */
import {
  asArray,
  asRecord,
  asString,
  containersOf,
  dedupeFindings,
  describe as describeValue,
  FindingSink,
  get,
  getPath,
  guard,
  indexManifests,
  isClusterScoped,
  kindOf,
  manifestProblem,
  namespaceOf,
  nameOf,
  nsKey,
  podMetadataPath,
  podTemplateOf,
  refOf,
  stringMap,
} from '../../src/plan/_manifest';
import { Finding } from '../../src/plan/types';

const throwing = new Proxy(
  {},
  {
    get() {
      throw new Error('no reading');
    },
  },
);

describe('readers', () => {
  test('asRecord, asArray and asString take only their own shape', () => {
    expect(asRecord({ a: 1 })).toEqual({ a: 1 });
    expect(asRecord([1])).toBeUndefined();
    expect(asRecord(null)).toBeUndefined();
    expect(asRecord('x')).toBeUndefined();
    expect(asArray([1, 2])).toEqual([1, 2]);
    expect(asArray({ length: 1 })).toEqual([]);
    expect(asString('')).toBe('');
    expect(asString(1)).toBeUndefined();
  });

  test('get walks one to five keys and stops at anything that is not an object', () => {
    const m = { a: { b: { c: { d: { e: 5 } } } } };
    expect(get(m, 'a')).toBe(m.a);
    expect(get(m, 'a', 'b')).toBe(m.a.b);
    expect(get(m, 'a', 'b', 'c')).toBe(m.a.b.c);
    expect(get(m, 'a', 'b', 'c', 'd')).toBe(m.a.b.c.d);
    expect(get(m, 'a', 'b', 'c', 'd', 'e')).toBe(5);
    expect(get(m, 'a', 'x', 'c', 'd', 'e')).toBeUndefined();
    expect(get({ a: [{ b: 1 }] }, 'a', '0')).toBeUndefined();
    expect(get({ a: null }, 'a', 'b')).toBeUndefined();
    expect(get('text', 'length')).toBeUndefined();
    expect(getPath(m, ['a', 'b', 'c', 'd', 'e'])).toBe(5);
    expect(getPath(m, ['a', 'x', 'c'])).toBeUndefined();
    expect(getPath({ a: [1] }, ['a', '0'])).toBeUndefined();
    expect(getPath(m, [])).toBe(m);
  });

  test('stringMap keeps the string entries only', () => {
    expect(stringMap({ a: 'x', b: 1, c: null, d: '' })).toEqual({ a: 'x', d: '' });
    expect(stringMap(['a'])).toEqual({});
    expect(stringMap(undefined)).toEqual({});
  });

  test('kind, name, namespace and reference, with placeholders', () => {
    const pvc = { kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'app' } };
    expect(kindOf(pvc)).toBe('PersistentVolumeClaim');
    expect(kindOf({})).toBe('<no kind>');
    expect(nameOf(pvc)).toBe('data');
    expect(nameOf({ metadata: { name: 3 } })).toBe('<no name>');
    expect(namespaceOf(pvc)).toBe('app');
    expect(namespaceOf({ metadata: { namespace: '' } })).toBe('default');
    expect(refOf(pvc)).toBe('PersistentVolumeClaim/app/data');
    expect(refOf({ kind: 'PersistentVolume', metadata: { name: 'v', namespace: 'ignored' } })).toBe(
      'PersistentVolume/v',
    );
    expect(refOf({})).toBe('<no kind>/default/<no name>');
    // an empty name is no name
    expect(nameOf({ metadata: { name: '' } })).toBe('<no name>');
    expect(refOf({ kind: 'Pod', metadata: { name: '', namespace: 'app' } })).toBe('Pod/app/<no name>');
    // metadata.generateName: the prefix and `*` for the suffix the API server appends; a name wins
    const generated = { kind: 'Job', metadata: { generateName: 'backup-', namespace: 'app' } };
    expect(nameOf(generated)).toBe('backup-*');
    expect(refOf(generated)).toBe('Job/app/backup-*');
    expect(nameOf({ metadata: { name: '', generateName: 'backup-' } })).toBe('backup-*');
    expect(nameOf({ metadata: { name: 'b', generateName: 'backup-' } })).toBe('b');
    expect(nameOf({ metadata: { generateName: '' } })).toBe('<no name>');
    expect(nameOf({ metadata: { generateName: 3 } })).toBe('<no name>');
    expect(nsKey('app', 'data')).toBe('app/data');
  });

  test('the cluster-scoped kinds', () => {
    for (const kind of [
      'PersistentVolume',
      'StorageClass',
      'Namespace',
      'Node',
      'CSIDriver',
      'VolumeAttachment',
    ]) {
      expect(isClusterScoped(kind)).toBe(true);
    }
    for (const kind of ['PersistentVolumeClaim', 'Pod', 'StatefulSet', 'ConfigMap', '']) {
      expect(isClusterScoped(kind)).toBe(false);
    }
  });
});

describe('describe (values in messages)', () => {
  test.each<[unknown, string]>([
    ['1Gx', '"1Gx"'],
    ['x'.repeat(100), JSON.stringify('x'.repeat(100))],
    ['x'.repeat(101), JSON.stringify('x'.repeat(97) + '...')],
    [3, '3'],
    [false, 'false'],
    [10n, '10'],
    [undefined, 'unset'],
    [null, 'null'],
    [[1, 2, 3], 'a list of 3'],
    [{ a: 1 }, 'an object'],
    [() => 1, 'function'],
    [Symbol('s'), 'symbol'],
  ])('%p is shown as %s', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });
});

describe('manifestProblem', () => {
  test.each<[unknown, string | undefined]>([
    [{ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' } }, undefined],
    [null, 'is null, not an object'],
    [[1], 'is a list of 1, not an object'],
    ['text', 'is "text", not an object'],
    [{ apiVersion: 'v1', metadata: { name: 'p' } }, 'has no string kind'],
    [{ kind: '', apiVersion: 'v1', metadata: { name: 'p' } }, 'has no string kind'],
    [{ kind: 'Pod', metadata: { name: 'p' } }, 'has no string apiVersion'],
    [{ kind: 'Pod', apiVersion: '', metadata: { name: 'p' } }, 'has no string apiVersion'],
    [{ kind: 'Pod', apiVersion: 'v1' }, 'has no string metadata.name (or metadata.generateName)'],
    [
      { kind: 'Pod', apiVersion: 'v1', metadata: { name: '' } },
      'has no string metadata.name (or metadata.generateName)',
    ],
    [
      { kind: 'Pod', apiVersion: 'v1', metadata: { name: 7 } },
      'has no string metadata.name (or metadata.generateName)',
    ],
    [{ kind: 'Pod', apiVersion: 'v1', metadata: { generateName: 'web-' } }, undefined],
    [{ kind: 'Pod', apiVersion: 'v1', metadata: { name: '', generateName: 'web-' } }, undefined],
    [
      { kind: 'Pod', apiVersion: 'v1', metadata: { generateName: '' } },
      'has no string metadata.name (or metadata.generateName)',
    ],
    [
      { kind: 'Pod', apiVersion: 'v1', metadata: { generateName: 7 } },
      'has no string metadata.name (or metadata.generateName)',
    ],
    [{ kind: 7, apiVersion: 'v1', metadata: { name: 'p' } }, 'has no string kind'],
    [{ kind: 7, apiVersion: 'v1', metadata: { generateName: 'p-' } }, 'has no string kind'],
    [{}, 'has no string kind, apiVersion, metadata.name (or metadata.generateName)'],
  ])('%j', (m, problem) => {
    expect(manifestProblem(m)).toBe(problem);
  });

  test('a manifest that throws when read', () => {
    expect(manifestProblem(throwing)).toBe('cannot be read (reading it throws)');
  });
});

describe('pod templates and containers', () => {
  const spec = { containers: [{ name: 'c' }] };

  test('each workload kind: where its pod spec sits and how many pods run it', () => {
    expect(podTemplateOf({ kind: 'Pod', spec })).toEqual({ spec, path: 'spec', replicas: 1, perNode: false });
    for (const kind of ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']) {
      expect(podTemplateOf({ kind, spec: { replicas: 3, template: { spec } } })).toEqual({
        spec,
        path: 'spec.template.spec',
        replicas: 3,
        perNode: false,
      });
      expect(podTemplateOf({ kind, spec: { replicas: '3', template: { spec } } })?.replicas).toBe(1);
    }
    expect(podTemplateOf({ kind: 'DaemonSet', spec: { template: { spec } } })).toEqual({
      spec,
      path: 'spec.template.spec',
      replicas: undefined,
      perNode: true,
    });
    expect(podTemplateOf({ kind: 'Job', spec: { parallelism: 4, template: { spec } } })).toEqual({
      spec,
      path: 'spec.template.spec',
      replicas: 4,
      perNode: false,
    });
    expect(podTemplateOf({ kind: 'Job', spec: { template: { spec } } })?.replicas).toBe(1);
    expect(
      podTemplateOf({
        kind: 'CronJob',
        spec: { jobTemplate: { spec: { parallelism: 2, template: { spec } } } },
      }),
    ).toEqual({ spec, path: 'spec.jobTemplate.spec.template.spec', replicas: 2, perNode: false });
    expect(
      podTemplateOf({ kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec } } } } })?.replicas,
    ).toBe(1);
    expect(podTemplateOf({ kind: 'ConfigMap', spec })).toBeUndefined();
    expect(podTemplateOf({ kind: 'Pod', spec: [spec] })).toBeUndefined();
    expect(podTemplateOf({ kind: 'Deployment', spec: { template: {} } })).toBeUndefined();
  });

  test('containersOf lists containers, init containers and ephemeral containers, in that order', () => {
    const podSpec = {
      containers: [{ name: 'app' }, 'not an object'],
      initContainers: [{ name: '' }],
      ephemeralContainers: [{ name: 'debug' }],
    };
    expect(containersOf(podSpec)).toEqual([
      { container: { name: 'app' }, list: 'containers', index: 0, at: 'containers[0]', name: 'app' },
      { container: {}, list: 'containers', index: 1, at: 'containers[1]', name: '#1' },
      { container: { name: '' }, list: 'initContainers', index: 0, at: 'initContainers[0]', name: '#0' },
      {
        container: { name: 'debug' },
        list: 'ephemeralContainers',
        index: 0,
        at: 'ephemeralContainers[0]',
        name: 'debug',
      },
    ]);
    expect(containersOf(undefined)).toEqual([]);
  });

  test('podMetadataPath', () => {
    expect(podMetadataPath('spec.template.spec')).toBe('spec.template.metadata');
    expect(podMetadataPath('spec')).toBe('metadata');
    expect(podMetadataPath('spec.jobTemplate.spec.template.spec')).toBe(
      'spec.jobTemplate.spec.template.metadata',
    );
  });

  test('guard returns the fallback only when reading throws', () => {
    expect(guard(() => 1, 2)).toBe(1);
    expect(
      guard(() => {
        throw new Error('x');
      }, 2),
    ).toBe(2);
  });
});

describe('findings', () => {
  test('FindingSink sets the object, and the field only when there is one', () => {
    const into: Finding[] = [];
    const sink = new FindingSink('Pod/default/p', into);
    sink.error('r1', 'spec', 'm1');
    sink.warning('r2', undefined, 'm2');
    sink.info('r3', 'f', 'm3');
    expect(sink.findings).toBe(into);
    expect(into).toEqual([
      { severity: 'error', rule: 'r1', object: 'Pod/default/p', field: 'spec', message: 'm1' },
      { severity: 'warning', rule: 'r2', object: 'Pod/default/p', message: 'm2' },
      { severity: 'info', rule: 'r3', object: 'Pod/default/p', field: 'f', message: 'm3' },
    ]);
    expect('field' in into[1]).toBe(false);
    expect(new FindingSink('x').findings).toEqual([]);
  });

  const f = (object: string, message: string, extra: Partial<Finding> = {}): Finding => ({
    severity: 'error',
    rule: 'r',
    object,
    field: 'spec',
    message,
    ...extra,
  });

  test('dedupeFindings drops findings equal in every field, and keeps the first of each', () => {
    const a = f('A', 'm');
    const findings = [
      a,
      f('A', 'm'),
      f('B', 'm'),
      f('A', 'm', { severity: 'warning' }),
      f('A', 'm', { rule: 'other' }),
      f('A', 'm', { field: 'other' }),
      f('A', 'm', { field: undefined }),
      f('A', 'other'),
      f('A', 'm', { field: undefined }),
      f('A', 'other'),
      f('B', 'm'),
    ];
    const out = dedupeFindings(findings);
    expect(out).toEqual([
      a,
      f('B', 'm'),
      f('A', 'm', { severity: 'warning' }),
      f('A', 'm', { rule: 'other' }),
      f('A', 'm', { field: 'other' }),
      f('A', 'm', { field: undefined }),
      f('A', 'other'),
    ]);
    expect(out[0]).toBe(a);
  });

  test('dedupeFindings on an object with many findings (past the linear scan) still drops only duplicates', () => {
    const many = Array.from({ length: 40 }, (_, i) => f('A', `m${i % 25}`));
    expect(dedupeFindings(many)).toEqual(Array.from({ length: 25 }, (_, i) => f('A', `m${i}`)));
    const distinct = Array.from({ length: 40 }, (_, i) => f('A', `m${i}`));
    expect(dedupeFindings([...distinct, ...distinct])).toEqual(distinct);
    // a field left out equals an empty field, as it did before the scan
    expect(dedupeFindings([f('A', 'm', { field: undefined }), f('A', 'm', { field: '' })])).toHaveLength(1);
  });
});

describe('indexManifests', () => {
  test('lists each manifest once, and by kind, in the manifests order', () => {
    const pv = { kind: 'PersistentVolume', apiVersion: 'v1', metadata: { name: 'v' } };
    const pvc = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', metadata: { name: 'c', namespace: 'n' } };
    const sc = { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', metadata: { name: 's' } };
    const sts = {
      kind: 'StatefulSet',
      apiVersion: 'apps/v1',
      metadata: { name: 'set' },
      spec: { template: { spec: { containers: [] } } },
    };
    const pod = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' }, spec: { containers: [] } };
    const index = indexManifests([pv, pvc, sc, sts, pod, null]);
    expect(index.entries.map((e) => [e.position, e.kind, e.name, e.namespace, e.ref, e.unread])).toEqual([
      [0, 'PersistentVolume', 'v', 'default', 'PersistentVolume/v', false],
      [1, 'PersistentVolumeClaim', 'c', 'n', 'PersistentVolumeClaim/n/c', false],
      [2, 'StorageClass', 's', 'default', 'StorageClass/s', false],
      [3, 'StatefulSet', 'set', 'default', 'StatefulSet/default/set', false],
      [4, 'Pod', 'p', 'default', 'Pod/default/p', false],
      [5, '<no kind>', undefined, 'default', '<no kind>/default/<no name>', false],
    ]);
    expect(index.entries[5].problem).toBe('is null, not an object');
    expect(index.entries[0].problem).toBeUndefined();
    expect(index.volumes.map((e) => e.manifest)).toEqual([pv]);
    expect(index.claims.map((e) => e.manifest)).toEqual([pvc]);
    expect(index.classes.map((e) => e.manifest)).toEqual([sc]);
    expect(index.claimSources.map((e) => e.manifest)).toEqual([pvc, sts]);
    expect(index.workloads.map((e) => e.manifest)).toEqual([sts, pod]);
    expect(index.entries[4].template).toEqual({ spec: pod.spec, path: 'spec', replicas: 1, perNode: false });
    expect(indexManifests('no list' as unknown as unknown[]).entries).toEqual([]);
  });

  test('an object named by metadata.generateName is read as <prefix>*; an empty name as no name', () => {
    const job = {
      kind: 'Job',
      apiVersion: 'batch/v1',
      metadata: { generateName: 'backup-', namespace: 'ops' },
      spec: { template: { spec: { containers: [] } } },
    };
    const nameless = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: '', namespace: 'ops' },
      spec: { containers: [] },
    };
    const rc = {
      kind: 'ReplicationController',
      apiVersion: 'v1',
      metadata: { name: 'rc' },
      spec: { template: { spec: { containers: [] } } },
    };
    const index = indexManifests([job, nameless, rc]);
    expect(index.entries.map((e) => [e.position, e.kind, e.name, e.namespace, e.ref, e.problem])).toEqual([
      [0, 'Job', 'backup-*', 'ops', 'Job/ops/backup-*', undefined],
      [
        1,
        'Pod',
        undefined,
        'ops',
        'Pod/ops/<no name>',
        'has no string metadata.name (or metadata.generateName)',
      ],
      [2, 'ReplicationController', 'rc', 'default', 'ReplicationController/default/rc', undefined],
    ]);
    expect(index.workloads.map((e) => e.manifest)).toEqual([job, nameless, rc]);
    expect(index.entries[2].template).toEqual({
      spec: rc.spec.template.spec,
      path: 'spec.template.spec',
      replicas: 1,
      perNode: false,
    });
  });

  test('a manifest that throws when read is in every list, unread, for each module to read itself', () => {
    const index = indexManifests([throwing]);
    expect(index.entries).toHaveLength(1);
    const { manifest, ...read } = index.entries[0];
    expect(manifest).toBe(throwing);
    expect(read).toEqual({
      position: 0,
      problem: 'cannot be read (reading it throws)',
      unread: true,
      kind: '',
      name: undefined,
      namespace: '',
      ref: '',
      template: undefined,
    });
    for (const list of [index.volumes, index.claims, index.classes, index.workloads, index.claimSources]) {
      expect(list).toHaveLength(1);
      expect(list[0]).toBe(index.entries[0]);
    }
  });
});
