/**
 * Values in the constructs' error messages (`<object>: <field> is <value>; ...`).
 */
import { describe } from './_manifest';

/**
 * A value as a message shows it: JSON for what JSON can hold (`"1Gx"`, `["a"]`, `{}`), as
 * written for what it cannot (`undefined`, `NaN`, `10n`), and by shape when JSON.stringify
 * would throw (a cyclic or very deep object). Never throws.
 */
export function show(value: unknown): string {
  if (value === undefined || typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'symbol' || typeof value === 'function') return typeof value;
  try {
    return JSON.stringify(value);
  } catch {
    return describe(value);
  }
}
