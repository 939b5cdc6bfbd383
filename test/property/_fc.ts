/**
 * Shared configuration and arbitraries of the property-based tests (fast-check).
 *
 * FUZZ_RUNS: runs per property (default 200; `npm run fuzz` sets 10 000).
 * FUZZ_SEED: the seed (default a fixed number, so `npm test` is reproducible); `random` takes one
 * from the clock. A failing property prints its seed and the shrunk counterexample: rerun it with
 * `FUZZ_SEED=<seed> npx jest test/property`.
 */
import { Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { StorageValidationError } from '../../src/_errors';
import { planStorage } from '../../src/plan/plan';
import { Finding, PlanOptions } from '../../src/plan/types';
import { expectSchemaValid } from '../_schema';

const DEFAULT_SEED = 20240601;

function readSeed(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  if (raw === 'random') return Date.now() ^ (Math.random() * 0x7fffffff);
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED is "${raw}"; expected an integer or "random"`);
  return n;
}

export const FUZZ_SEED = readSeed();
export const FUZZ_RUNS: number = (() => {
  const n = Number(process.env.FUZZ_RUNS ?? 200);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`FUZZ_RUNS is "${process.env.FUZZ_RUNS}"; expected a whole number above 0`);
  return n;
})();

/** A quarter of the runs (at least 20), for the many small properties of one file. */
export const QUARTER_RUNS = Math.max(20, Math.ceil(FUZZ_RUNS / 4));

/** A jest timeout that grows with the number of runs (10 000 runs of a synth take a while). */
export const TIMEOUT = Math.max(60_000, FUZZ_RUNS * 40);

/**
 * fc.assert with the suite's seed and runs. fast-check's error already names the seed and the
 * path of the counterexample; it is also printed here, so a CI log shows how to replay it.
 */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts>,
  options: { numRuns?: number } = {},
): void {
  const numRuns = options.numRuns ?? FUZZ_RUNS;
  try {
    fc.assert(property, { seed: FUZZ_SEED, numRuns });
  } catch (e) {
    console.error(`property failed with FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${numRuns}`);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Building and checking charts

/**
 * Builds a chart, synthesizes it, checks every object against the strict 1.27 schema and the
 * constructs' synth-time validations, and returns the manifests.
 */
export function synthValid(build: (chart: Chart) => void, namespace?: string): any[] {
  const chart = new Chart(Testing.app(), 't', { namespace });
  build(chart);
  const manifests = Testing.synth(chart);
  expectSchemaValid(manifests);
  const problems = chart.node.findAll().flatMap((c) => c.node.validate());
  if (problems.length) throw new Error(`synth-time validation failed:\n  ${problems.join('\n  ')}`);
  return manifests;
}

/** The plan's error findings, minus the rules listed (each listed on purpose by the caller). */
export function planErrors(
  manifests: readonly unknown[],
  options: PlanOptions = {},
  expectedRules: readonly string[] = [],
): Finding[] {
  const plan = planStorage(manifests, options);
  return plan.findings.filter((f) => f.severity === 'error' && !expectedRules.includes(f.rule));
}

/** Throws a readable error when the plan has an unexpected error finding. */
export function expectNoPlanErrors(
  manifests: readonly unknown[],
  options: PlanOptions = {},
  expectedRules: readonly string[] = [],
): void {
  const errors = planErrors(manifests, options, expectedRules);
  if (errors.length) {
    throw new Error(
      `plan errors:\n  ${errors.map((f) => `${f.object} ${f.field ?? ''} [${f.rule}] ${f.message}`).join('\n  ')}`,
    );
  }
}

/**
 * Runs `make`, which must throw a StorageValidationError (never a TypeError or another crash,
 * never succeed) naming `object` and a field matching `field`, in the message too.
 */
export function expectValidationError(
  make: () => unknown,
  object: string | RegExp,
  field: string | RegExp,
): void {
  let thrown: unknown;
  try {
    make();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined)
    throw new Error(`expected a StorageValidationError for ${object} ${field}, but nothing was thrown`);
  if (!(thrown instanceof StorageValidationError)) {
    throw new Error(
      `expected a StorageValidationError for ${object} ${field}, got ${String((thrown as Error)?.stack ?? thrown)}`,
    );
  }
  const matches = (value: string, want: string | RegExp) =>
    typeof want === 'string' ? value === want : want.test(value);
  if (!matches(thrown.object, object) || !matches(thrown.field, field)) {
    throw new Error(
      `expected the error to name ${object} and field ${field}, got object "${thrown.object}", field "${thrown.field}": ${thrown.message}`,
    );
  }
  if (!thrown.message.startsWith(`${thrown.object}: ${thrown.field} `) || thrown.problem.trim() === '') {
    throw new Error(`malformed message: ${thrown.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries: valid values

/** A DNS-1123 label (short, so composed names stay valid). */
const dnsLabelRaw = (maxLength = 20): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[a-z]([-a-z0-9]{0,${Math.max(0, maxLength - 2)}}[a-z0-9])?$`));

/** A DNS-1123 subdomain of a few short labels. */
const dnsSubdomainRaw = (): fc.Arbitrary<string> =>
  fc.array(dnsLabel(12), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));

const labelPart = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,12}[A-Za-z0-9])?$/);

/** A label key: an optional DNS subdomain prefix and '/', then a name. */
const labelKeyRaw = (): fc.Arbitrary<string> =>
  fc.tuple(fc.option(dnsSubdomain(), { nil: undefined }), labelPart).map(([p, n]) => (p ? `${p}/${n}` : n));

/** A label value (possibly empty). */
const labelValueRaw = (): fc.Arbitrary<string> => fc.oneof(fc.constant(''), labelPart);

/** A non-empty label value (selectors and pattern labels need one). */
const nonEmptyLabelValueRaw = (): fc.Arbitrary<string> => labelPart;

const labelsRaw = (minKeys = 0): fc.Arbitrary<Record<string, string>> =>
  fc.dictionary(labelKey(), labelValue(), { minKeys, maxKeys: 4, noNullPrototype: true });

/** Every unit a quantity may carry, with its size in bytes as a bigint multiplier (or exponent). */
export const BINARY_SUFFIXES = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'] as const;
export const DECIMAL_SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P'] as const;

/** A positive storage quantity, in any accepted notation. */
const positiveQuantityRaw = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .tuple(fc.integer({ min: 1, max: 999_999 }), fc.constantFrom(...BINARY_SUFFIXES, ...DECIMAL_SUFFIXES))
      .map(([n, s]) => `${n}${s}`),
    fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom(...BINARY_SUFFIXES, 'M', 'G'),
      )
      .map(([i, f, s]) => `${i}.${f}${s}`),
    fc
      .tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 15 }), fc.constantFrom('e', 'E'))
      .map(([n, e, s]) => `${n}${s}${e}`),
    fc.constantFrom('1', '+1Gi', '1.Gi', '.5Gi', '01Gi', '1e999999', '0.000000001', '8Ei', '9E', '1n'),
  );

/** A size pair where the capacity is at least the request, in mixed units (1Gi fits a 1G request). */
const fittingSizesRaw = (): fc.Arbitrary<{ request: string; capacity: string }> =>
  fc
    .tuple(
      fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.constantFrom<'same' | 'binary-over-decimal'>('same', 'binary-over-decimal'),
      fc.constantFrom('k', 'M', 'G', 'T'),
    )
    .map(([n, extra, how, unit]) =>
      how === 'same'
        ? { request: `${n}${unit}`, capacity: `${n + extra}${unit}` }
        : // 1Ki > 1k, 1Mi > 1M, ...: the binary unit of the same number is always larger.
          { request: `${n}${unit}`, capacity: `${n + extra}${unit === 'k' ? 'Ki' : unit + 'i'}` },
    );

/** An absolute path that is not sensitive (not under /, /etc, /proc, ...). */
const safeAbsolutePathRaw = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom('/data', '/srv', '/mnt', '/var/log', '/opt/app', '/home/app'),
      fc.array(dnsLabel(8), { maxLength: 3 }),
    )
    .map(([root, parts]) => [root, ...parts].join('/'));

/** An absolute path inside a container (mount points). */
const mountPathRaw = (): fc.Arbitrary<string> =>
  fc.array(dnsLabel(8), { minLength: 1, maxLength: 3 }).map((parts) => '/' + parts.join('/'));

/** A relative path inside a volume (subPath, items[].path). */
const relativePathRaw = (): fc.Arbitrary<string> =>
  fc.array(dnsLabel(8), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));

const imageRaw = (): fc.Arbitrary<string> =>
  fc.constantFrom('busybox:1.36', 'nginx:alpine', 'registry.example.com/team/app:v1.2.3', 'alpine');

// ---------------------------------------------------------------------------------------------
// Arbitraries: invalid values

/** Names the API server refuses for objects (DNS-1123 subdomain) and volumes (label). */
const badNameRaw = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(
      '',
      'Upper',
      'under_score',
      '-dash',
      'dash-',
      'a b',
      'a..b',
      '.a',
      'ü',
      'a/b',
      'x'.repeat(254),
    ),
    fc
      .string()
      .filter(
        (s) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s) || s.length > 253,
      ),
    fc.constantFrom(null, 42, {}, [], true),
  );

/** Names a DNS-1123 label refuses (volume and container names, namespaces). */
const badLabelNameRaw = (): fc.Arbitrary<unknown> =>
  fc.oneof(badName(), fc.constantFrom('a.b', 'x'.repeat(64)));

/** Strings and values that are not a positive Kubernetes quantity. */
const badQuantityRaw = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(
      '1Gx',
      'NaN',
      '-1Gi',
      '1.5.0Gi',
      '0',
      '0Gi',
      '',
      ' 1Gi',
      '1Gi ',
      '1 Gi',
      'Infinity',
      '1e',
      '1ki',
      '1KI',
      'Gi',
      '.',
      '-',
      '1e99999999999999999999',
      '--1',
      '1,5Gi',
      '0x10',
    ),
    fc.constantFrom(null, undefined, -1, 0, Number.NaN, Number.POSITIVE_INFINITY, {}, [], true),
  );

/** Paths that are not absolute or climb out (`..`). */
const badAbsolutePathRaw = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(
      '',
      'relative/path',
      'data',
      './data',
      '../data',
      '/data/../etc',
      '/a/..',
      null,
      undefined,
      42,
    ),
    relativePath(),
  );

/** A value of the wrong type or an unknown wire string for an enum prop. */
const badEnumRaw = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(
      'readwriteonce',
      'RWO',
      'retain',
      'recycle',
      'block',
      'memory',
      'directory',
      'Unknown',
      ' ',
      0,
      {},
      true,
      10n,
    ),
    fc.string({ minLength: 1, maxLength: 12 }).map((s) => `x-${s}`),
  );

// ---------------------------------------------------------------------------------------------

/**
 * Caches an arbitrary factory: building an arbitrary (fc.stringMatching parses its regex) costs
 * far more than drawing from it, and `chain` builds arbitraries on every draw.
 */
export function memo<A extends unknown[], T>(
  make: (...args: A) => fc.Arbitrary<T>,
): (...args: A) => fc.Arbitrary<T> {
  const cache = new Map<string, fc.Arbitrary<T>>();
  return (...args: A) => {
    const key = JSON.stringify(args);
    let arb = cache.get(key);
    if (!arb) cache.set(key, (arb = make(...args)));
    return arb;
  };
}

export const dnsLabel = memo(dnsLabelRaw);
export const dnsSubdomain = memo(dnsSubdomainRaw);
export const labelKey = memo(labelKeyRaw);
export const labelValue = memo(labelValueRaw);
export const nonEmptyLabelValue = memo(nonEmptyLabelValueRaw);
export const labels = memo(labelsRaw);
export const positiveQuantity = memo(positiveQuantityRaw);
export const fittingSizes = memo(fittingSizesRaw);
export const safeAbsolutePath = memo(safeAbsolutePathRaw);
export const mountPath = memo(mountPathRaw);
export const relativePath = memo(relativePathRaw);
export const image = memo(imageRaw);
export const badName = memo(badNameRaw);
export const badLabelName = memo(badLabelNameRaw);
export const badQuantity = memo(badQuantityRaw);
export const badAbsolutePath = memo(badAbsolutePathRaw);
export const badEnum = memo(badEnumRaw);
