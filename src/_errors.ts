/**
 * The one shape of every construct error: `<object>: <field> <problem>`, where the problem
 * (usually from a src/plan/ check) names the value received and what is allowed, e.g.
 * `PersistentVolume/data1: spec.capacity.storage is "1Gx", which is not a Kubernetes quantity ...`.
 */
import { show } from './_show';

export class StorageValidationError extends Error {
  constructor(
    public readonly object: string,
    public readonly field: string,
    public readonly problem: string,
  ) {
    super(`${object}: ${field} ${problem}`);
    this.name = 'StorageValidationError';
  }
}

/** Throws if `problem` is set: pass the result of a src/plan/ check. */
export function check(object: string, field: string, problem: string | undefined): void {
  if (problem !== undefined) throw new StorageValidationError(object, field, problem);
}

/** Throws unconditionally. */
export function fail(object: string, field: string, problem: string): never {
  throw new StorageValidationError(object, field, problem);
}

/** Checks a value is one of a fixed set (an enum's wire strings). */
export function oneOf(object: string, field: string, value: unknown, allowed: readonly string[]): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    fail(
      object,
      field,
      `is ${show(value)}; expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
    );
  }
}
