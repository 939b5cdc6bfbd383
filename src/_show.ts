/**
 * Values in messages: the constructs' errors (`<object>: <field> is <value>; ...`) and the plan's
 * findings. Below every layer: it knows nothing of Kubernetes.
 */

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

/**
 * A short, safe rendering of any value for messages: strings quoted (long ones cut), numbers
 * as written, objects and lists only by shape. Never JSON.stringify untrusted objects: a cyclic
 * or 10 000-deep value would throw.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 100 ? value.slice(0, 97) + '...' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === undefined) return 'unset';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
