// Options arrive from JavaScript callers too, where the compiler checks nothing; a wrong
// string should fail at construction with the allowed values, not produce a silent default.
import { metricError } from './errors.js';

/** Throws unless `value` is one of `allowed`. */
export function checkChoice<T>(value: T, allowed: readonly T[], metric: string, name: string): void {
  if (!allowed.includes(value)) {
    throw metricError(metric, `${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(value)}`);
  }
}
