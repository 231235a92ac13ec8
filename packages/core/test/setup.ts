// Test helpers shared by core's suites: the package under test and a memory assertion.
import { expect } from 'vitest';
import type { MemoryInfo } from '../src/index';

export * from '../src/index';

/** Asserts that the live tensor count and bytes did not grow between two readings. */
export function assertFlat(before: MemoryInfo, after: MemoryInfo): void {
  expect(after.numTensors).toBe(before.numTensors);
  expect(after.numBytes).toBe(before.numBytes);
}
