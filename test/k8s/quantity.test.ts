import {
  compareQuantities,
  describeBytes,
  isQuantity,
  parseQuantity,
  ParsedQuantity,
  QUANTITY_HINT,
  storageSizeProblem,
} from '../../src/k8s/quantity';

const MAX_INT64 = (1n << 63n) - 1n;
const NANO = 1_000_000_000n;

function q(value: unknown): ParsedQuantity {
  const parsed = parseQuantity(value);
  if (!parsed) throw new Error(`expected ${JSON.stringify(value)} to parse`);
  return parsed;
}

describe('parseQuantity', () => {
  test.each<[string, bigint, ParsedQuantity['format']]>([
    ['1', 1n * NANO, 'DecimalSI'],
    ['0', 0n, 'DecimalSI'],
    ['1k', 1000n * NANO, 'DecimalSI'],
    ['1M', 10n ** 6n * NANO, 'DecimalSI'],
    ['1G', 10n ** 9n * NANO, 'DecimalSI'],
    ['1T', 10n ** 12n * NANO, 'DecimalSI'],
    ['1P', 10n ** 15n * NANO, 'DecimalSI'],
    ['1E', 10n ** 18n * NANO, 'DecimalSI'],
    ['1Ki', 1024n * NANO, 'BinarySI'],
    ['1Mi', (1n << 20n) * NANO, 'BinarySI'],
    ['1Gi', (1n << 30n) * NANO, 'BinarySI'],
    ['1Ti', (1n << 40n) * NANO, 'BinarySI'],
    ['1Pi', (1n << 50n) * NANO, 'BinarySI'],
    ['1Ei', (1n << 60n) * NANO, 'BinarySI'],
    ['500m', 500_000_000n, 'DecimalSI'],
    ['1u', 1000n, 'DecimalSI'],
    ['1n', 1n, 'DecimalSI'],
    ['1.5Gi', 3n * (1n << 29n) * NANO, 'BinarySI'],
    ['1.5', 1_500_000_000n, 'DecimalSI'],
    ['+2Gi', 2n * (1n << 30n) * NANO, 'BinarySI'],
    ['1e3', 1000n * NANO, 'DecimalExponent'],
    ['1E3', 1000n * NANO, 'DecimalExponent'],
    ['1e+3', 1000n * NANO, 'DecimalExponent'],
    ['12e-3', 12_000_000n, 'DecimalExponent'],
    ['0.5e1', 5n * NANO, 'DecimalExponent'],
    ['007', 7n * NANO, 'DecimalSI'],
  ])('%s = %d nanos (%s)', (text, nanos, format) => {
    expect(parseQuantity(text)).toEqual({ text, nanos, format });
  });

  test('keeps the text exactly as written', () => {
    expect(q('1.50Gi').text).toBe('1.50Gi');
    expect(q('+2Gi').text).toBe('+2Gi');
  });

  test.each([
    '1Gx',
    'NaN',
    '1.5.0Gi',
    '',
    ' 1Gi',
    '1Gi ',
    '1e',
    '--1',
    '1K',
    '1ki',
    'Gi1',
    '1e3.5',
    '1e+',
    '1Ei5',
    '1i',
    'abc',
    '1 Gi',
    '１Gi',
  ])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
    expect(isQuantity(text)).toBe(false);
  });

  test('accepts the scanner quirks of apimachinery: an empty or bare number part is zero', () => {
    // parseQuantityString reads "" digits as 0 and allows "1." (a TODO upstream).
    for (const text of ['.', '-', '+', 'Gi', 'M', 'e3', '.5']) expect(isQuantity(text)).toBe(true);
    expect(q('.').nanos).toBe(0n);
    expect(q('-').nanos).toBe(0n);
    expect(q('Gi').nanos).toBe(0n);
    expect(q('.5').nanos).toBe(500_000_000n);
    expect(q('1.G').nanos).toBe(10n ** 9n * NANO);
  });

  test('negative values parse (storageSizeProblem rejects them)', () => {
    expect(q('-1Gi').nanos).toBe(-(1n << 30n) * NANO);
    expect(q('-0.1n').nanos).toBe(-1n);
  });

  test('rounds non-zero values up to whole nano-units, away from zero', () => {
    expect(q('0.1n').nanos).toBe(1n);
    expect(q('1.0000000001').nanos).toBe(NANO + 1n);
    expect(q('0.0000000001Ki').nanos).toBe(103n); // 102.4 nanos
    expect(q('1e-30').nanos).toBe(1n);
    expect(q('0.000000000000').nanos).toBe(0n);
  });

  test('caps binary-SI values at 2^63-1 and marks tiny ones DecimalSI', () => {
    expect(q('8Ei').nanos).toBe(MAX_INT64 * NANO);
    expect(q('9Ei').nanos).toBe(MAX_INT64 * NANO);
    expect(compareQuantities(q('8Ei'), q('100Ei'))).toBe(0);
    expect(q('7Ei').nanos).toBe(7n * (1n << 60n) * NANO);
    expect(q('0.0001Ki').format).toBe('DecimalSI');
  });

  test('does not cap decimal-SI or exponent values (only BinarySI is capped upstream)', () => {
    expect(q('9E').nanos).toBe(9n * 10n ** 18n * NANO); // below 2^63-1
    expect(compareQuantities(q('9E'), q('8Ei'))).toBe(-1);
    expect(q('10E').nanos).toBe(10n ** 19n * NANO);
    expect(compareQuantities(q('10E'), q('8Ei'))).toBe(1);
    expect(compareQuantities(q('1e19'), q('8Ei'))).toBe(1);
  });

  test('exponents: int64 range accepted, beyond rejected, far ones clamped', () => {
    expect(isQuantity('1e9223372036854775807')).toBe(true);
    expect(isQuantity('1e9223372036854775808')).toBe(false);
    expect(compareQuantities(q('1e500'), q('1e400'))).toBe(0); // both clamped: beyond any capacity
    expect(compareQuantities(q('1e300'), q('1e299'))).toBe(1);
  });

  test('accepts JSON numbers as their decimal text', () => {
    expect(q(1073741824)).toEqual({ text: '1073741824', nanos: (1n << 30n) * NANO, format: 'DecimalSI' });
    expect(q(1.5).nanos).toBe(1_500_000_000n);
    expect(q(1e21)).toEqual({ text: '1e+21', nanos: 10n ** 21n * NANO, format: 'DecimalExponent' });
    expect(q(0).nanos).toBe(0n);
    expect(parseQuantity(NaN)).toBeUndefined();
    expect(parseQuantity(Infinity)).toBeUndefined();
  });

  test.each([null, undefined, true, {}, [], ['1Gi'], 1n])('rejects the non-quantity %p', (value) => {
    expect(parseQuantity(value)).toBeUndefined();
  });
});

describe('compareQuantities', () => {
  test.each<[string, string, number]>([
    ['1G', '1Gi', -1],
    ['1Gi', '1G', 1],
    ['1024Mi', '1Gi', 0],
    ['1000M', '1G', 0],
    ['1e9', '1G', 0],
    ['1073741824', '1Gi', 0],
    ['0.5Gi', '512Mi', 0],
    ['1.5Gi', '1536Mi', 0],
    ['999999999999m', '1G', -1],
    ['1Ti', '1T', 1],
  ])('%s vs %s -> %d', (a, b, expected) => {
    expect(compareQuantities(q(a), q(b))).toBe(expected);
  });
});

describe('storageSizeProblem', () => {
  test('accepts positive sizes', () => {
    expect(storageSizeProblem('1Gi')).toBeUndefined();
    expect(storageSizeProblem(1)).toBeUndefined();
    expect(storageSizeProblem('1n')).toBeUndefined();
  });

  test('names the value and what is allowed', () => {
    expect(storageSizeProblem(undefined)).toBe(`is required; expected ${QUANTITY_HINT}`);
    expect(storageSizeProblem('')).toBe(`is required; expected ${QUANTITY_HINT}`);
    expect(storageSizeProblem('1Gx')).toBe(`is "1Gx", which is not ${QUANTITY_HINT}`);
    expect(storageSizeProblem('0')).toBe('is "0"; it must be greater than zero');
    expect(storageSizeProblem('-1Gi')).toBe('is "-1Gi"; it must be greater than zero');
    expect(storageSizeProblem(NaN)).toBe(`is NaN, which is not ${QUANTITY_HINT}`);
  });

  test('never throws on values JSON cannot print', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(storageSizeProblem(cyclic)).toBe(`is an object, which is not ${QUANTITY_HINT}`);
    expect(storageSizeProblem(10n)).toBe(`is 10, which is not ${QUANTITY_HINT}`);
    expect(storageSizeProblem(['1Gi'])).toBe(`is a list of 1, which is not ${QUANTITY_HINT}`);
    expect(storageSizeProblem('x'.repeat(500))).toContain('..."');
  });
});

describe('describeBytes', () => {
  test.each<[string, string]>([
    ['1Gi', '1Gi = 1,073,741,824 bytes'],
    ['1G', '1G = 1,000,000,000 bytes'],
    ['500m', '500m = 0.5 bytes'],
    ['1n', '1n = 0.000000001 bytes'],
    ['8Ei', '8Ei = 9,223,372,036,854,775,807 bytes'],
    ['-1.5', '-1.5 = -1.5 bytes'],
    ['0', '0 = 0 bytes'],
  ])('%s', (text, expected) => {
    expect(describeBytes(q(text))).toBe(expected);
  });
});

describe('boundaries (each pins one rule of the parser)', () => {
  const nanos = (s: unknown) => parseQuantity(s)?.nanos;

  test('non-finite numbers and non-strings are not quantities', () => {
    expect(parseQuantity(Number.NaN)).toBeUndefined();
    expect(parseQuantity(Infinity)).toBeUndefined();
    expect(parseQuantity(-Infinity)).toBeUndefined();
    expect(parseQuantity({})).toBeUndefined();
    expect(parseQuantity(true)).toBeUndefined();
    expect(parseQuantity(10n)).toBeUndefined();
    expect(nanos(1.5)).toBe(1_500_000_000n);
  });

  test('the exponent must fit a signed 64-bit integer, both ways', () => {
    expect(parseQuantity('1e9223372036854775807')).toBeDefined();
    expect(parseQuantity('1e9223372036854775808')).toBeUndefined();
    expect(parseQuantity('1e-9223372036854775808')).toBeDefined();
    expect(parseQuantity('1e-9223372036854775809')).toBeUndefined();
  });

  test('below one nano-unit rounds up, by division (not multiplication)', () => {
    expect(nanos('1.5n')).toBe(2n);
    expect(nanos('1.1n')).toBe(2n);
    expect(nanos('10n')).toBe(10n);
    expect(nanos('0.000000001')).toBe(1n);
    expect(nanos('-1.5n')).toBe(-2n);
  });

  test('a binary value below one unit is DecimalSI; one unit and zero stay BinarySI', () => {
    expect(parseQuantity('0.0001Ki')?.format).toBe('DecimalSI');
    expect(parseQuantity('0.0009765625Ki')).toMatchObject({ nanos: 1_000_000_000n, format: 'BinarySI' });
    expect(parseQuantity('0Ki')?.format).toBe('BinarySI');
    expect(parseQuantity('1Ki')?.format).toBe('BinarySI');
  });

  test('storageSizeProblem messages, value by value', () => {
    const hint = QUANTITY_HINT;
    expect(hint).toBe(
      'a Kubernetes quantity such as 500Mi, 1G, 2Gi or 1.5Ti (suffixes Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or e<exponent>)',
    );
    expect(storageSizeProblem('')).toBe(`is required; expected ${hint}`);
    expect(storageSizeProblem(null)).toBe(`is required; expected ${hint}`);
    expect(storageSizeProblem(undefined)).toBe(`is required; expected ${hint}`);
    expect(storageSizeProblem('x'.repeat(100))).toBe(`is "${'x'.repeat(100)}", which is not ${hint}`);
    expect(storageSizeProblem('x'.repeat(101))).toBe(`is "${'x'.repeat(97)}...", which is not ${hint}`);
    expect(storageSizeProblem(true)).toBe(`is true, which is not ${hint}`);
    expect(storageSizeProblem(10n)).toBe(`is 10, which is not ${hint}`);
    expect(storageSizeProblem(Number.NaN)).toBe(`is NaN, which is not ${hint}`);
    expect(storageSizeProblem({})).toBe(`is an object, which is not ${hint}`);
    expect(storageSizeProblem(['1Gi', 'x'])).toBe(`is a list of 2, which is not ${hint}`);
    expect(storageSizeProblem(() => 1)).toBe(`is function, which is not ${hint}`);
    expect(storageSizeProblem(0)).toBe('is 0; it must be greater than zero');
    expect(storageSizeProblem('-1Gi')).toBe('is "-1Gi"; it must be greater than zero');
    expect(storageSizeProblem('1n')).toBeUndefined();
  });
});
