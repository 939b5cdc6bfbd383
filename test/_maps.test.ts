import { StorageValidationError } from '../src/_errors';
import { checkedLabels, checkedMap } from '../src/_maps';

describe('checkedMap', () => {
  test('unset is undefined; a map is copied with its keys sorted', () => {
    expect(checkedMap('X/x', 'f', undefined)).toBeUndefined();
    expect(checkedMap('X/x', 'f', null)).toBeUndefined();
    const given = { b: '2', a: '1' };
    const out = checkedMap('X/x', 'f', given)!;
    expect(Object.keys(out)).toEqual(['a', 'b']);
    expect(out).not.toBe(given);
    expect(checkedMap('X/x', 'f', {})).toEqual({});
  });

  test.each([
    ['a string', 'a=b', 'X/x: f is "a=b"; expected a map of strings'],
    ['a list', ['a'], 'X/x: f is ["a"]; expected a map of strings'],
    ['a number', 5, 'X/x: f is 5; expected a map of strings'],
    ['a non-string value', { a: 5 }, 'X/x: f.a is 5; expected a string'],
    ['a null value', { a: null }, 'X/x: f.a is null; expected a string'],
    [
      'key constructor',
      { constructor: 'v' },
      'X/x: f has key "constructor", which cdk8s cannot render in a manifest; rename it',
    ],
  ])('refuses %s', (_what, map, message) => {
    expect(() => checkedMap('X/x', 'f', map)).toThrow(StorageValidationError);
    expect(() => checkedMap('X/x', 'f', map)).toThrow(message);
  });

  test('refuses a __proto__ key, which would vanish from the YAML', () => {
    const map = {};
    Object.defineProperty(map, '__proto__', { value: 'v', enumerable: true });
    expect(() => checkedMap('X/x', 'f', map)).toThrow(
      'X/x: f has key "__proto__", which cdk8s cannot render',
    );
  });

  test('custom key and value rules name the key', () => {
    const keyRule = (k: string) => (k === 'bad' ? 'is "bad"; no' : undefined);
    const valueRule = (v: unknown) => (v === 'x' ? 'is "x"; no' : undefined);
    expect(() => checkedMap('X/x', 'f', { bad: 'v' }, keyRule)).toThrow('X/x: f key is "bad"; no');
    expect(() => checkedMap('X/x', 'f', { k: 'x' }, keyRule, valueRule)).toThrow('X/x: f.k is "x"; no');
    expect(checkedMap('X/x', 'f', { k: 5 }, keyRule, () => undefined)).toEqual({ k: 5 });
  });
});

describe('checkedLabels', () => {
  test('qualified-name keys and label values', () => {
    expect(checkedLabels('X/x', 'metadata.labels', { 'example.com/tier': 'gold', app: '' })).toEqual({
      app: '',
      'example.com/tier': 'gold',
    });
    expect(() => checkedLabels('X/x', 'metadata.labels', { 'Example.com/tier': 'gold' })).toThrow(
      'X/x: metadata.labels key is "Example.com/tier"; its prefix "Example.com" is not a DNS-1123 subdomain',
    );
    expect(() => checkedLabels('X/x', 'metadata.labels', { tier: 'a b' })).toThrow(
      /^X\/x: metadata\.labels\.tier is "a b"; a label value has at most 63/,
    );
  });
});
