/**
 * Properties of the storage plan over untrusted input: random values, manifests with wrong types
 * at every level, missing specs, huge and tiny quantities, 10 000-deep structures, throwing
 * getters. planStorage never throws, always returns { claims: [...], findings: [...] }, reports
 * an unreadable manifest as an error, never mutates its input, and gives the same plan twice.
 * The reports render whatever plan comes out.
 */
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { buildApp } from '../../src/main';
import { planStorage } from '../../src/plan/plan';
import { compareQuantities, describeBytes, parseQuantity } from '../../src/k8s/quantity';
import { renderJson, renderMarkdown, renderTable } from '../../src/plan/report';
import { StoragePlan } from '../../src/plan/types';
import { checkProperty, QUARTER_RUNS, TIMEOUT } from './_fc';

const SEVERITIES = ['error', 'warning', 'info'];
const OUTCOMES = ['bound', 'provisioned', 'waiting', 'pending'];

/** The shape every plan has, whatever the input. */
function expectWellFormed(plan: StoragePlan): void {
  expect(Array.isArray(plan.claims)).toBe(true);
  expect(Array.isArray(plan.findings)).toBe(true);
  for (const f of plan.findings) {
    expect(SEVERITIES).toContain(f.severity);
    expect(typeof f.rule).toBe('string');
    expect(f.rule).not.toBe('');
    expect(typeof f.object).toBe('string');
    expect(typeof f.message).toBe('string');
    expect(f.message).not.toBe('');
    if (f.field !== undefined) expect(typeof f.field).toBe('string');
  }
  for (const c of plan.claims) {
    expect(OUTCOMES).toContain(c.outcome);
    expect(typeof c.name).toBe('string');
    expect(typeof c.namespace).toBe('string');
    expect(typeof c.reason).toBe('string');
  }
}

/** Plans, renders, and checks the plan's shape; returns the plan. */
function planAndRender(manifests: unknown, options?: unknown): StoragePlan {
  const plan = planStorage(manifests as unknown[], options as any);
  expectWellFormed(plan);
  expect(typeof renderTable(plan)).toBe('string');
  expect(typeof renderMarkdown(plan, Array.isArray(manifests) ? manifests : [])).toBe('string');
  expect(() => JSON.parse(renderJson(plan))).not.toThrow();
  return plan;
}

const anythingAtAll = () =>
  fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
    maxDepth: 4,
  });

const KINDS = [
  'PersistentVolume',
  'PersistentVolumeClaim',
  'StorageClass',
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ConfigMap',
];
const API_VERSIONS = ['v1', 'apps/v1', 'batch/v1', 'storage.k8s.io/v1'];

const anything = anythingAtAll;

/** Something shaped like a manifest of a storage kind, with random values at every level. */
const manifestLike = (anything: () => fc.Arbitrary<unknown> = anythingAtAll) =>
  fc.record(
    {
      apiVersion: fc.oneof(fc.constantFrom(...API_VERSIONS), anything()),
      kind: fc.oneof(fc.constantFrom(...KINDS), anything()),
      metadata: fc.oneof(
        fc.record(
          {
            name: fc.oneof(fc.constantFrom('a', 'data', 'pv-1'), anything()),
            namespace: fc.oneof(fc.constantFrom('default', 'shop'), anything()),
            labels: anything(),
            annotations: fc.oneof(
              fc.constant({ 'storageclass.kubernetes.io/is-default-class': 'true' }),
              anything(),
            ),
          },
          { requiredKeys: [] },
        ),
        anything(),
      ),
      spec: anything(),
      provisioner: anything(),
      reclaimPolicy: anything(),
      volumeBindingMode: anything(),
    },
    { requiredKeys: [] },
  );

/** The app's own manifests: a realistic base to break. */
const APP = buildApp(Testing.app()).charts.flatMap((c) => c.toJson());

/** Sets `value` at a random path of a deep copy of `m` (or deletes what is there). */
function mutateAt(m: any, path: number[], value: unknown, remove: boolean): any {
  const copy = structuredClone(m);
  let cur: any = copy;
  for (let i = 0; i < path.length; i++) {
    const keys = cur !== null && typeof cur === 'object' ? Object.keys(cur) : [];
    if (keys.length === 0) break;
    const key = keys[path[i] % keys.length];
    const last = i === path.length - 1 || cur[key] === null || typeof cur[key] !== 'object';
    if (last) {
      if (remove) delete cur[key];
      else cur[key] = value;
      return copy;
    }
    cur = cur[key];
  }
  return copy;
}

function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value !== null && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const v of Object.values(value as object)) deepFreeze(v, seen);
    Object.freeze(value);
  }
  return value;
}

describe('planStorage never throws and always answers', () => {
  test(
    'random values as the manifest list, as manifests, and as options',
    () => {
      checkProperty(
        fc.property(
          anything(),
          fc.array(anything(), { maxLength: 5 }),
          anything(),
          (notAList, list, options) => {
            planAndRender(notAList, options);
            const plan = planAndRender(list, options);
            // every manifest that is not an object with kind, apiVersion and metadata.name is an error
            list.forEach((m, i) => {
              const r = m as any;
              const readable =
                r !== null &&
                typeof r === 'object' &&
                !Array.isArray(r) &&
                typeof r.kind === 'string' &&
                r.kind !== '' &&
                typeof r.apiVersion === 'string' &&
                r.apiVersion !== '' &&
                r.metadata !== null &&
                typeof r.metadata === 'object' &&
                !Array.isArray(r.metadata) &&
                typeof r.metadata.name === 'string' &&
                r.metadata.name !== '';
              if (!readable) {
                expect(plan.findings).toContainEqual(
                  expect.objectContaining({
                    severity: 'error',
                    rule: 'manifest-unreadable',
                    message: expect.stringContaining(`manifests[${i}]`),
                  }),
                );
              }
            });
          },
        ),
      );
    },
    TIMEOUT,
  );

  test(
    'manifest-shaped input with wrong types at every level',
    () => {
      checkProperty(
        fc.property(
          fc.array(manifestLike(), { maxLength: 8 }),
          fc.option(fc.string(), { nil: undefined }),
          (list, defaultStorageClass) => {
            planAndRender(list, { defaultStorageClass });
          },
        ),
      );
    },
    TIMEOUT,
  );

  test(
    "the app's manifests with one value replaced or removed anywhere",
    () => {
      checkProperty(
        fc.property(
          fc.nat(APP.length - 1),
          fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
          fc.oneof(
            anything(),
            fc.constantFrom('1e999999', '0.000000001', '-1Gi', '1Gx', 'NaN', '', null, [], {}, 1e308, -0),
          ),
          fc.boolean(),
          (index, path, value, remove) => {
            const list = APP.map((m, i) => (i === index ? mutateAt(m, path, value, remove) : m));
            planAndRender(list);
          },
        ),
      );
    },
    TIMEOUT,
  );

  test(
    'never mutates its input, and gives the same plan twice',
    () => {
      checkProperty(
        fc.property(
          fc.array(
            fc.oneof(
              manifestLike(() => fc.jsonValue({ maxDepth: 3 })),
              fc.constantFrom(...APP),
            ),
            { maxLength: 6 },
          ),
          (list) => {
            const copy = structuredClone(list);
            deepFreeze(list); // a write to the input would throw (strict mode)
            const a = planStorage(list);
            const b = planStorage(list);
            expect(b).toEqual(a);
            expect(list).toEqual(copy);
          },
        ),
        { numRuns: QUARTER_RUNS },
      );
    },
    TIMEOUT,
  );

  test('null, non-objects and empty things', () => {
    for (const input of [
      null,
      undefined,
      0,
      'manifests',
      {},
      [null],
      [undefined],
      [[]],
      [{}],
      [1, 'a', true],
      [{ kind: 'PersistentVolume' }],
    ]) {
      const plan = planAndRender(input);
      if (Array.isArray(input) && input.length) {
        expect(plan.findings.filter((f) => f.rule === 'manifest-unreadable')).toHaveLength(input.length);
      }
    }
  });

  test(
    'huge and tiny quantities in every storage field',
    () => {
      const quantity = fc.oneof(
        fc.constantFrom(
          '1e999999',
          '1e-999999',
          '0.000000001',
          '1n',
          '9223372036854775807',
          '9223372036854775808Ki',
          '99999999999999999999999999Ei',
          '1e9223372036854775807',
          '1e9223372036854775808',
          '-0',
          '0e0',
          '.',
          '+.5',
          '1.',
          '-1e-9',
        ),
        fc
          .tuple(
            fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
            fc.constantFrom('', 'n', 'm', 'Ki', 'Ei', 'E', 'e18', 'e-18'),
          )
          .map(([n, s]) => `${n}${s}`),
        fc.double(),
      );
      checkProperty(
        fc.property(quantity, quantity, quantity, (capacity, request, limit) => {
          const plan = planAndRender([
            {
              apiVersion: 'v1',
              kind: 'PersistentVolume',
              metadata: { name: 'pv' },
              spec: {
                capacity: { storage: capacity },
                accessModes: ['ReadWriteOnce'],
                nfs: { server: 'h', path: '/e' },
              },
            },
            {
              apiVersion: 'v1',
              kind: 'PersistentVolumeClaim',
              metadata: { name: 'pvc' },
              spec: {
                storageClassName: '',
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: request } },
              },
            },
            {
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: { name: 'p' },
              spec: {
                containers: [
                  {
                    name: 'c',
                    image: 'i',
                    resources: { limits: { memory: limit }, requests: { memory: request } },
                  },
                ],
                volumes: [{ name: 'v', emptyDir: { sizeLimit: limit } }],
              },
            },
          ]);
          const c = plan.claims.find((x) => x.name === 'pvc');
          const cap = parseQuantity(capacity);
          const req = parseQuantity(request);
          // a positive request fits a volume exactly when the capacity is at least as large
          if (cap && req && cap.nanos > 0n && req.nanos > 0n) {
            expect(c?.outcome).toBe(compareQuantities(cap, req) >= 0 ? 'bound' : 'pending');
          }
        }),
      );
    },
    TIMEOUT,
  );

  test('10 000-deep label maps, specs and lists, built iteratively', () => {
    const deep = (depth: number, wrap: (inner: unknown) => unknown): unknown => {
      let v: unknown = 'leaf';
      for (let i = 0; i < depth; i++) v = wrap(v);
      return v;
    };
    const D = 10_000;
    const nested = deep(D, (v) => ({ a: v }));
    const list = deep(D, (v) => [v]);
    const manifests = [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'pv', labels: nested, annotations: nested },
        spec: { capacity: { storage: nested }, accessModes: list, claimRef: nested, nfs: nested },
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'c', labels: nested },
        spec: { selector: { matchLabels: nested, matchExpressions: list }, resources: nested },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', labels: nested },
        spec: { replicas: nested, template: { metadata: nested, spec: { containers: list, volumes: list } } },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 's' },
        spec: { volumeClaimTemplates: list, template: { spec: nested } },
      },
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'sc', annotations: nested },
        provisioner: nested,
        parameters: nested,
      },
      nested,
      list,
    ];
    const plan = planAndRender(manifests);
    expect(plan.findings.filter((f) => f.rule === 'manifest-unreadable').length).toBeGreaterThanOrEqual(2);
  });

  test('throwing getters, proxies and cyclic objects', () => {
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    const getter = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'x' },
      get spec(): unknown {
        throw new Error('boom');
      },
    };
    const cyclic: any = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} };
    cyclic.spec.self = cyclic;
    cyclic.spec.containers = [cyclic];
    cyclic.metadata.labels = cyclic;
    const plan = planAndRender([
      throwing,
      getter,
      cyclic,
      { apiVersion: 'v1', kind: 'PersistentVolume', metadata: throwing },
    ]);
    expect(plan.findings.some((f) => f.severity === 'error')).toBe(true);
  });
});

describe('quantities', () => {
  const UNITS: Record<string, bigint> = {
    '': 1n,
    k: 1000n,
    M: 10n ** 6n,
    G: 10n ** 9n,
    T: 10n ** 12n,
    Ki: 1024n,
    Mi: 1024n ** 2n,
    Gi: 1024n ** 3n,
    Ti: 1024n ** 4n,
  };
  test(
    'an integer with a unit is exactly that many bytes; order follows the bytes, never the text',
    () => {
      const q = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.constantFrom(...Object.keys(UNITS)));
      checkProperty(
        fc.property(q, q, ([n1, u1], [n2, u2]) => {
          const a = parseQuantity(`${n1}${u1}`)!;
          const b = parseQuantity(`${n2}${u2}`)!;
          // apimachinery caps binary-SI values at 2^63-1 (so 8Ei and 9Ei compare equal); decimal ones are exact
          const MAX = (1n << 63n) - 1n;
          const bytes = (n: bigint, u: string) =>
            u.endsWith('i') && n * UNITS[u] > MAX ? MAX : n * UNITS[u];
          expect(a.nanos).toBe(bytes(n1, u1) * 10n ** 9n);
          const want = bytes(n1, u1) < bytes(n2, u2) ? -1 : bytes(n1, u1) > bytes(n2, u2) ? 1 : 0;
          expect(compareQuantities(a, b)).toBe(want);
          expect(compareQuantities(b, a)).toBe(-want || 0);
          expect(describeBytes(a)).toMatch(new RegExp(`^${n1}${u1} = [\\d,]+ bytes$`));
          expect(a.text).toBe(`${n1}${u1}`); // kept as written
        }),
      );
    },
    TIMEOUT,
  );

  test(
    'a decimal fraction is rounded up to whole nano-units, never down',
    () => {
      checkProperty(
        fc.property(
          fc.bigInt({ min: 0n, max: 10n ** 6n }),
          fc.stringMatching(/^[0-9]{1,15}$/),
          (whole, frac) => {
            const q = parseQuantity(`${whole}.${frac}`)!;
            const den = 10n ** BigInt(frac.length);
            const num = (whole * den + BigInt(frac)) * 10n ** 9n;
            expect(q.nanos).toBe(num / den + (num % den === 0n ? 0n : 1n));
          },
        ),
      );
    },
    TIMEOUT,
  );
});
