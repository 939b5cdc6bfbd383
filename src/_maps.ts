/**
 * String maps given by users (labels, selectors, CSI volume attributes, StorageClass
 * parameters), checked and copied with sorted keys, so output is deterministic and nothing the
 * user wrote is lost on the way to YAML.
 */
import { fail } from './_errors';
import { show } from './_show';
import { labelValueProblem, qualifiedNameProblem } from './k8s/names';

/**
 * Keys cdk8s cannot render: it copies a map key by key (`out[key] = value`), which sets the
 * prototype instead of a `__proto__` entry (the entry vanishes from the YAML), and it reads
 * `constructor` to tell a plain object (an entry of that name fails the synth).
 */
const UNRENDERABLE_KEYS = ['__proto__', 'constructor'];

/**
 * Checks a map of strings and returns a copy with its keys sorted, or undefined when `map` is
 * unset (undefined or null).
 * Fails, naming `object` and `field`, on a value that is not a plain object, a key cdk8s cannot
 * render, a key `keyProblem` refuses (`field key <problem>`), or a value `valueProblem` refuses
 * (`field.<key> <problem>`; by default any non-string).
 */
export function checkedMap(
  object: string,
  field: string,
  map: unknown,
  keyProblem: (key: string) => string | undefined = () => undefined,
  valueProblem: (value: unknown) => string | undefined = (v) =>
    typeof v === 'string' ? undefined : `is ${show(v)}; expected a string`,
): { [key: string]: string } | undefined {
  if (map === undefined || map === null) return undefined;
  if (typeof map !== 'object' || Array.isArray(map)) {
    fail(object, field, `is ${show(map)}; expected a map of strings`);
  }
  const source = map as Record<string, unknown>;
  const out: { [key: string]: string } = {};
  for (const key of Object.keys(source).sort()) {
    if (UNRENDERABLE_KEYS.includes(key)) {
      fail(object, field, `has key "${key}", which cdk8s cannot render in a manifest; rename it`);
    }
    const kp = keyProblem(key);
    if (kp !== undefined) fail(object, field, `key ${kp}`);
    const vp = valueProblem(source[key]);
    if (vp !== undefined) fail(object, `${field}.${key}`, vp);
    out[key] = source[key] as string;
  }
  return out;
}

/** Labels (or label selector matchLabels): qualified-name keys and label values, sorted by key. */
export function checkedLabels(
  object: string,
  field: string,
  labels: unknown,
): { [key: string]: string } | undefined {
  return checkedMap(object, field, labels, qualifiedNameProblem, labelValueProblem);
}
