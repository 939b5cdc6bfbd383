/**
 * Kubernetes resource quantities, parsed and compared exactly as the API server does
 * (k8s.io/apimachinery/pkg/api/resource ParseQuantity): `1G` is 10^9 bytes, `1Gi` is 2^30, so
 * a claim for `1Gi` does not fit a `1G` volume. Values are kept as whole nano-units in a
 * bigint: the API server rounds every non-zero value up to 1n, and caps binary-SI values
 * (`Ki`..`Ei`) at 2^63-1, so `8Ei` and `9Ei` compare equal. Decimal-SI and exponent values are
 * never capped: `9E` is exactly 9*10^18 (below 2^63-1) and `10E` is 10^19, more than `8Ei`.
 *
 * The scanner accepts what apimachinery's does, quirks included: the number part may be
 * empty or a bare point (`.`, `-`, `Gi` and `1.G` all parse, the first three as zero).
 * One deliberate difference: surrounding whitespace is rejected. The API server's JSON decoder
 * trims it (marked "TODO: Remove support for leading/trailing whitespace" upstream); a
 * manifest should not depend on that.
 *
 * The text the user wrote is never rewritten: constructs emit it as given.
 */

/** A parsed quantity. `nanos` is the exact value in units of 10^-9, rounded up. */
export interface ParsedQuantity {
  /** The quantity as written. */
  readonly text: string;
  /** The exact value in units of 10^-9, rounded away from zero (binary-SI values capped at 2^63-1). */
  readonly nanos: bigint;
  /**
   * The API server's format, from the suffix: `Gi` BinarySI, `G` or none DecimalSI, `e3`
   * DecimalExponent (a binary value between 0 and 1 is DecimalSI, as in apimachinery).
   */
  readonly format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
}

// <sign><digits>[.<digits>]<suffix>, where both digit runs may be empty (apimachinery's scanner
// reads "" as 0); suffix: binary SI, decimal SI, or e/E followed by a signed integer.
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const NANO_EXP = 9;
const NANOS_PER_UNIT = 10n ** BigInt(NANO_EXP);
const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;
/** 2^63-1 in nano-units: the cap for BinarySI values. */
const MAX_NANOS = MAX_INT64 * NANOS_PER_UNIT;
/** Exponents past this are clamped: such values exceed any real capacity by far. */
const MAX_EXPONENT = 400;

/** What a valid quantity looks like, for error messages. */
export const QUANTITY_HINT =
  'a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)';

/**
 * Parses a quantity as the API server would, or returns undefined if it would reject it.
 * JSON numbers are accepted as their decimal text, as the API server accepts them.
 */
export function parseQuantity(value: unknown): ParsedQuantity | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value); // 1e+21 stays in exponent form, which parses
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return undefined;
  }
  // The same few sizes recur across thousands of objects and are read by several rules.
  const cached = parsed.get(text);
  if (cached !== undefined) return cached ?? undefined;
  if (parsed.size >= CACHE_LIMIT) parsed.clear();
  const result = parseText(text);
  parsed.set(text, result ?? null);
  return result;
}

const CACHE_LIMIT = 10_000;
const parsed = new Map<string, ParsedQuantity | null>();

function parseText(text: string): ParsedQuantity | undefined {
  if (text === '') return undefined;
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const [, sign, intPart, fracPart = '', suffix = ''] = m;
  let mantissa = BigInt((intPart || '0') + fracPart);
  let exp10 = -fracPart.length;
  let format: ParsedQuantity['format'];
  if (suffix in BINARY) {
    format = 'BinarySI';
    mantissa <<= BigInt(BINARY[suffix]);
  } else if (suffix in DECIMAL) {
    format = 'DecimalSI';
    exp10 += DECIMAL[suffix];
  } else {
    format = 'DecimalExponent';
    // strconv.ParseInt(.., 64) must accept the exponent; Go then converts it to int32.
    const e = BigInt(suffix.slice(1));
    if (e < MIN_INT64 || e > MAX_INT64) return undefined;
    const e32 = Number(BigInt.asIntN(32, e));
    exp10 += Math.max(-MAX_EXPONENT, Math.min(MAX_EXPONENT, e32));
  }
  // Whole nano-units, rounded up (away from zero) like the API server.
  const shift = exp10 + NANO_EXP;
  let nanos: bigint;
  if (shift >= 0) {
    nanos = mantissa * 10n ** BigInt(shift);
  } else {
    const div = 10n ** BigInt(-shift);
    nanos = mantissa / div + (mantissa % div === 0n ? 0n : 1n);
  }
  // Only BinarySI is capped (resource.ParseQuantity: "The max is just a simple cap").
  if (format === 'BinarySI') {
    if (nanos > MAX_NANOS) nanos = MAX_NANOS;
    // A binary value between 0 and 1 is kept as DecimalSI, as apimachinery does.
    else if (nanos > 0n && nanos < NANOS_PER_UNIT) format = 'DecimalSI';
  }
  if (sign === '-') nanos = -nanos;
  return { text, nanos, format };
}

/** True if the API server accepts `value` as a quantity. */
export function isQuantity(value: unknown): boolean {
  return parseQuantity(value) !== undefined;
}

/** -1, 0 or 1 as a < b, a == b, a > b (exact). */
export function compareQuantities(a: ParsedQuantity, b: ParsedQuantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/**
 * Checks a storage size (capacity or request): it must parse and be greater than zero.
 * Returns what is wrong, naming the value and what is allowed, or undefined if it is fine.
 */
export function storageSizeProblem(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') {
    return `is required; expected ${QUANTITY_HINT}`;
  }
  const q = parseQuantity(value);
  if (!q) return `is ${describeValue(value)}, which is not ${QUANTITY_HINT}`;
  if (q.nanos <= 0n) return `is ${describeValue(value)}; it must be greater than zero`;
  return undefined;
}

/**
 * A value for a message. Never JSON.stringify an untrusted non-string: a BigInt or a cyclic
 * object throws, and NaN would print as null.
 */
function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 100 ? value.slice(0, 97) + '...' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : typeof value;
}

/** Human-readable exact size in bytes, for messages that compare `1G` with `1Gi`. */
export function describeBytes(q: ParsedQuantity): string {
  const negative = q.nanos < 0n;
  const abs = negative ? -q.nanos : q.nanos;
  const whole = abs / NANOS_PER_UNIT;
  const frac = abs % NANOS_PER_UNIT;
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = frac === 0n ? '' : '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
  return `${q.text} = ${negative ? '-' : ''}${grouped}${fraction} bytes`;
}
