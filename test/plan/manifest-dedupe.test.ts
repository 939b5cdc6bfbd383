/**
 * _manifest.ts, cases first found by mutation testing (docs/mutation.md, "Killed since, by the survivor tests"): dedupeFindings past
 * its linear scan (more than 16 findings on one object), where findings are keyed by a joined
 * string: every part of the key counts, the field included, and parts do not run into each other.
 */
import { dedupeFindings } from '../../src/plan/_manifest';
import { Finding } from '../../src/plan/types';

const f = (message: string, extra: Partial<Finding> = {}): Finding => ({
  severity: 'error',
  rule: 'r',
  object: 'Pod/shop/p',
  field: 'spec',
  message,
  ...extra,
});

/** 17 distinct findings on the object, so the ones after them are looked up by key. */
const FILLER = Array.from({ length: 17 }, (_, i) => f(`filler ${i}`));

describe('dedupeFindings above 16 findings on one object', () => {
  test('findings that differ only in their field are all kept; exact repeats are dropped', () => {
    const byField = ['spec.volumes[0]', 'spec.volumes[1]', 'spec.volumes[10]', 'metadata.name'].map((field) =>
      f('same message', { field }),
    );
    const withoutField = f('same message', { field: undefined });
    const out = dedupeFindings([
      ...FILLER,
      ...byField,
      withoutField,
      ...byField.map((x) => ({ ...x })),
      withoutField,
    ]);
    expect(out).toEqual([...FILLER, ...byField, withoutField]);
  });

  test('an empty field is a field left out', () => {
    expect(dedupeFindings([...FILLER, f('m', { field: undefined }), f('m', { field: '' })])).toEqual([
      ...FILLER,
      f('m', { field: undefined }),
    ]);
  });

  test('findings that differ only in severity, rule or message are all kept', () => {
    const variants = [
      f('m', { severity: 'warning' }),
      f('m', { severity: 'info' }),
      f('m', { rule: 'other' }),
      f('m2'),
      f('m'),
    ];
    expect(dedupeFindings([...FILLER, ...variants, ...variants.map((x) => ({ ...x }))])).toEqual([
      ...FILLER,
      ...variants,
    ]);
  });

  test('parts do not run into each other: field "ab" + message "c" is not field "a" + message "bc"', () => {
    const pairs = [
      f('c', { field: 'ab' }),
      f('bc', { field: 'a' }),
      f('m', { rule: 'ab', field: '' }),
      f('m', { rule: 'a', field: 'b' }),
    ];
    expect(dedupeFindings([...FILLER, ...pairs])).toEqual([...FILLER, ...pairs]);
  });

  test('the finding that fills the scan is kept, and later repeats of any earlier one are dropped', () => {
    // the 17th finding moves the object from the scan to the key set: it must be in the set too
    const sixteen = FILLER.slice(0, 16);
    const seventeenth = f('seventeenth');
    const out = dedupeFindings([
      ...sixteen,
      seventeenth,
      f('seventeenth'),
      f('filler 0'),
      f('filler 15'),
      f('new'),
    ]);
    expect(out).toEqual([...sixteen, seventeenth, f('new')]);
  });
});
