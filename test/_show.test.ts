import { show } from '../src/_show';

describe('show', () => {
  test.each<[string, unknown, string]>([
    ['a string, quoted', '1Gx', '"1Gx"'],
    ['a list as JSON', ['a', 1], '["a",1]'],
    ['an object as JSON', { a: 1 }, '{"a":1}'],
    ['null', null, 'null'],
    ['undefined as written', undefined, 'undefined'],
    ['NaN as written, not as null', Number.NaN, 'NaN'],
    ['Infinity as written', Infinity, 'Infinity'],
    ['a number', 1.5, '1.5'],
    ['a BigInt, which JSON cannot hold', 10n, '10'],
    ['a boolean', true, 'true'],
    ['a symbol', Symbol('s'), 'symbol'],
    ['a function', () => 1, 'function'],
  ])('%s', (_what, value, shown) => {
    expect(show(value)).toBe(shown);
  });

  test('a cyclic or very deep object by its shape, never a throw', () => {
    const cyclic: any = {};
    cyclic.self = cyclic;
    expect(show(cyclic)).toBe('an object');
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(show(deep)).toBe('a list of 1');
  });
});
