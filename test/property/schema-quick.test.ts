/**
 * The schema's quick check (src/k8s/schema.ts) against ajv: for any object, the quick check says
 * valid exactly when ajv's validator does. Objects are generated from the compact schemas
 * themselves (every kind of a version, each field picked or left out at random, recursing through
 * $ref), and at a random rate a value anywhere is replaced by one of the wrong type, out of range,
 * malformed for its format, outside its enum, or a field is added that the schema does not have, or
 * a required one removed. The quick check answering false for a valid object would cost only time;
 * answering true for an invalid one would hide an error, so both directions are asserted.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { schemaVerdicts } from '../../src/k8s/schema';
import { KubernetesVersion } from '../../src/k8s/versions';
import { checkProperty, TIMEOUT } from './_fc';

const SCHEMAS = path.join(__dirname, '..', '..', 'schemas');
const readSchema = (name: string): any => JSON.parse(fs.readFileSync(path.join(SCHEMAS, name), 'utf-8'));
const VERSIONS: KubernetesVersion[] = ['1.27', '1.36'];
const CRDS = readSchema('snapshot-crds.json');

interface Kind {
  readonly version: KubernetesVersion;
  readonly apiVersion: string;
  readonly kind: string;
  readonly definition: string;
  readonly definitions: Record<string, any>;
}

const KINDS: Kind[] = VERSIONS.flatMap((version) => {
  const schema = readSchema(`k8s-${version}.json`);
  const definitions = { ...schema.definitions, ...CRDS.definitions };
  const all: Record<string, Record<string, string>> = { ...schema.kinds, ...CRDS.kinds };
  return Object.entries(all).flatMap(([apiVersion, kinds]) =>
    Object.entries(kinds).map(([kind, definition]) => ({
      version,
      apiVersion,
      kind,
      definition,
      definitions,
    })),
  );
});

/** mulberry32: a small seeded generator, so fast-check's seed decides the whole object. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values that break a schema somewhere: wrong types, numbers at and past the formats' bounds, bad formats. */
const ODD: unknown[] = [
  null,
  undefined,
  true,
  false,
  0,
  -1,
  1.5,
  2147483647,
  2147483648,
  -2147483649,
  9223372036854775807,
  2 ** 64,
  -(2 ** 64),
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  '10Gi',
  '1.5e3',
  'Zm9vYmFy',
  'Zm9vYmFy=',
  'Zm9v\nYmFy',
  '2024-01-01T00:00:00Z',
  '2024-01-01',
  'ReadWriteOnce',
  [],
  ['x'],
  [null],
  {},
  { name: 'x' },
];

/** A value for `schema`; at rate `odd`, anywhere, one that may break it. */
/** Where a generated value sits and its schema: to break exactly one of them afterwards. */
interface Site {
  readonly parent: Record<string, unknown> | unknown[];
  readonly key: string | number;
  readonly schema: any;
}

function generate(
  schema: any,
  kind: Kind,
  rnd: () => number,
  odd: number,
  depth: number,
  sites: Site[] = [],
): unknown {
  if (rnd() < odd) {
    const near = nearMiss(schema, kind);
    return near.length > 0 && rnd() < 0.5
      ? near[Math.floor(rnd() * near.length)]
      : ODD[Math.floor(rnd() * ODD.length)];
  }
  if (schema.$ref) {
    const target = kind.definitions[schema.$ref.slice('#/definitions/'.length)];
    return target ? generate(target, kind, rnd, odd, depth, sites) : {};
  }
  if (schema.enum) return schema.enum[Math.floor(rnd() * schema.enum.length)];
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : ['object'];
  const type = types[Math.floor(rnd() * types.length)];
  switch (type) {
    case 'string':
      if (schema.format === 'byte') return 'Zm9vYmFy';
      if (schema.format === 'date-time') return '2024-01-01T00:00:00Z';
      if (schema.pattern) return ['1Gi', '500m', '1.5e3', '2'][Math.floor(rnd() * 4)];
      return ['a', 'data', '1', ''][Math.floor(rnd() * 4)];
    case 'integer':
      return [0, 1, 3, 65535][Math.floor(rnd() * 4)];
    case 'number':
      return [0, 0.5, 2][Math.floor(rnd() * 3)];
    case 'boolean':
      return rnd() < 0.5;
    case 'array': {
      const n = depth > 6 ? 0 : Math.floor(rnd() * 3);
      const list: unknown[] = [];
      for (let i = 0; i < n; i++) {
        list.push(generate(schema.items ?? {}, kind, rnd, odd, depth + 1, sites));
        sites.push({ parent: list, key: i, schema: schema.items ?? {} });
      }
      return list;
    }
    default: {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [name, sub] of Object.entries<any>(schema.properties ?? {})) {
        // required fields always (but for an odd removal), others now and then, fewer deeper down
        const take = required.has(name) ? rnd() >= odd : depth < 7 && rnd() < 0.35;
        if (take) {
          out[name] = generate(sub, kind, rnd, odd, depth + 1, sites);
          sites.push({ parent: out, key: name, schema: sub });
        }
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object' && depth < 7) {
        const n = Math.floor(rnd() * 3);
        for (let i = 0; i < n; i++) {
          out[`k${i}`] = generate(schema.additionalProperties, kind, rnd, odd, depth + 1, sites);
          sites.push({ parent: out, key: `k${i}`, schema: schema.additionalProperties });
        }
      }
      if (rnd() < odd) out[['emptryDir', 'unknownField', 'x'][Math.floor(rnd() * 3)]] = 'x';
      return out;
    }
  }
}

/** Values just past what `schema` allows: the boundary each keyword draws. */
function nearMiss(schema: any, kind: Kind): unknown[] {
  if (schema.$ref) {
    const target = kind.definitions[schema.$ref.slice('#/definitions/'.length)];
    return target ? nearMiss(target, kind) : [];
  }
  if (schema.enum) return ['NotInTheEnum', schema.enum[0]?.toLowerCase?.()];
  const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const out: unknown[] = [];
  if (types.includes('integer')) out.push(1.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 1e21);
  if (types.includes('number')) out.push(Number.NaN, Number.NEGATIVE_INFINITY);
  if (types.includes('integer') || types.includes('number')) out.push('1', true);
  if (schema.format === 'int32') out.push(2147483648, -2147483649, 2147483647, -2147483648);
  if (schema.format === 'int64') out.push(2 ** 63, 2 ** 64, -(2 ** 63), -(2 ** 64));
  if (schema.format === 'byte') out.push('Zm9v!', 'Zm9', 'Zm9v\r\nYmFy', 'Zm9vYg==');
  if (schema.format === 'date-time')
    out.push('2024-01-01', '2024-01-01T00:00:00', '2024-01-01T00:00:00.5+01:00');
  if (schema.pattern) out.push('1Gb', '-1', '1e', '.5Ki');
  if (schema.minimum !== undefined) out.push(schema.minimum - 1, schema.minimum);
  if (types.includes('string')) out.push(5, null, ['a']);
  if (types.includes('boolean')) out.push('true', 1);
  if (types.includes('array')) out.push({}, 'a', [5, 'a']);
  if (types.includes('object') || (!schema.type && schema.properties)) out.push([], 'a', { unknownField: 1 });
  return out;
}

function manifest(kind: Kind, seed: number, odd: number): unknown {
  const rnd = random(seed);
  const body = generate(kind.definitions[kind.definition], kind, rnd, odd, 0) as Record<string, unknown>;
  return { ...(body ?? {}), apiVersion: kind.apiVersion, kind: kind.kind };
}

/** A valid object of `kind` with exactly one value replaced by one just past what its schema allows. */
function oneBroken(kind: Kind, seed: number): unknown {
  const rnd = random(seed);
  const sites: Site[] = [];
  const body = generate(kind.definitions[kind.definition], kind, rnd, 0, 0, sites) as Record<string, unknown>;
  const candidates = sites.filter((site) => nearMiss(site.schema, kind).length > 0);
  if (candidates.length > 0) {
    const site = candidates[Math.floor(rnd() * candidates.length)];
    const near = nearMiss(site.schema, kind);
    (site.parent as any)[site.key] = near[Math.floor(rnd() * near.length)];
  }
  return { ...body, apiVersion: kind.apiVersion, kind: kind.kind };
}

describe('the schema quick check agrees with ajv', () => {
  test(
    'on valid objects with exactly one value broken',
    () => {
      let invalid = 0;
      checkProperty(
        fc.property(fc.integer({ min: 0, max: KINDS.length - 1 }), fc.integer(), (k, seed) => {
          const verdicts = schemaVerdicts(KINDS[k].version, oneBroken(KINDS[k], seed))!;
          if (!verdicts.ajv) invalid++;
          expect({ kind: KINDS[k].kind, quick: verdicts.quick }).toEqual({
            kind: KINDS[k].kind,
            quick: verdicts.ajv,
          });
        }),
        { numRuns: 3000 },
      );
      expect(invalid).toBeGreaterThan(1000);
    },
    TIMEOUT,
  );

  test(
    'on every kind of both ends of the version range, valid and broken',
    () => {
      let valid = 0;
      let invalid = 0;
      checkProperty(
        fc.property(
          fc.integer({ min: 0, max: KINDS.length - 1 }),
          fc.integer(),
          fc.constantFrom(0, 0, 0.005, 0.02, 0.1),
          (k, seed, odd) => {
            const m = manifest(KINDS[k], seed, odd);
            const verdicts = schemaVerdicts(KINDS[k].version, m);
            expect(verdicts).toBeDefined();
            if (verdicts!.ajv) valid++;
            else invalid++;
            expect({ kind: KINDS[k].kind, quick: verdicts!.quick }).toEqual({
              kind: KINDS[k].kind,
              quick: verdicts!.ajv,
            });
          },
        ),
        { numRuns: 2000 },
      );
      // Both sides of the boundary were reached, so the agreement says something.
      expect(valid).toBeGreaterThan(200);
      expect(invalid).toBeGreaterThan(200);
    },
    TIMEOUT,
  );

  test(
    'on the storage kinds, many times over',
    () => {
      const storage = KINDS.filter((k) =>
        ['PersistentVolume', 'PersistentVolumeClaim', 'StorageClass', 'Pod', 'StatefulSet'].includes(k.kind),
      );
      checkProperty(
        fc.property(
          fc.integer({ min: 0, max: storage.length - 1 }),
          fc.integer(),
          fc.constantFrom(0, 0.002, 0.01, 0.03),
          (k, seed, odd) => {
            const verdicts = schemaVerdicts(storage[k].version, manifest(storage[k], seed, odd))!;
            expect(verdicts.quick).toBe(verdicts.ajv);
          },
        ),
        { numRuns: 2000 },
      );
    },
    TIMEOUT,
  );

  test('objects made by code: undefined fields, a prototype of their own, a getter that throws', () => {
    const base = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    // An undefined field is no field for ajv's `properties`, but is an additional key all the same.
    const undefinedKnown = { ...base, spec: { ...base.spec, volumeName: undefined } };
    expect(schemaVerdicts('1.36', undefinedKnown)).toEqual({ quick: true, ajv: true });
    const undefinedUnknown = { ...base, spec: { ...base.spec, volumName: undefined } };
    expect(schemaVerdicts('1.36', undefinedUnknown)).toEqual({ quick: false, ajv: false });
    // Fields inherited from a prototype of its own: ajv reads `data.name`; the quick check defers.
    const inherited = Object.assign(Object.create({ name: 5 }), { generateName: 'd-' });
    expect(schemaVerdicts('1.36', { ...base, metadata: inherited })).toEqual({ quick: false, ajv: false });
    const throwing = {
      ...base,
      get spec(): unknown {
        throw new Error('no spec');
      },
    };
    expect(() => schemaVerdicts('1.36', throwing)).toThrow('no spec'); // ajv throws; the quick check deferred
  });
});
