// The part of vitest's API that core's shared suites use (describe, describe.each, it,
// beforeAll, expect), for running those same files in a browser page. `expect` is vitest's
// own (chai with @vitest/expect's matchers); the runner is a small in-order queue.
import { chai, GLOBAL_EXPECT, JestAsymmetricMatchers, JestChaiExpect, JestExtend, getState, setState } from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Fn = () => unknown;

/** One test's outcome. */
export interface TestResult {
  name: string;
  passed: boolean;
  error?: string;
}

interface Suite {
  name: string;
  beforeAll: Fn[];
  entries: ({ kind: 'test'; name: string; fn: Fn } | { kind: 'suite'; suite: Suite })[];
}

const root: Suite = { name: '', beforeAll: [], entries: [] };
let current = root;

/** vitest's expect, as the suites call it. */
export const expect = ((value: unknown, message?: string) => {
  const { assertionCalls } = getState(expect);
  setState({ assertionCalls: assertionCalls + 1 }, expect);
  return chai.expect(value, message);
}) as unknown as typeof import('vitest').expect;
Object.assign(expect, chai.expect);
setState({ assertionCalls: 0, isExpectingAssertions: false, isExpectingAssertionsError: null, expectedAssertionsNumber: null, expectedAssertionsNumberErrorGen: null }, expect);
(globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] = expect;

function collect(name: string, fn: Fn): void {
  const suite: Suite = { name, beforeAll: [], entries: [] };
  current.entries.push({ kind: 'suite', suite });
  const parent = current;
  current = suite;
  try {
    fn();
  } finally {
    current = parent;
  }
}

/** Groups tests; `describe.each(values)(name, fn)` makes one group per value (`%s` in the name). */
export const describe = Object.assign(collect, {
  each:
    <T>(values: readonly T[]) =>
    (name: string, fn: (value: T) => void) => {
      for (const value of values) collect(name.replace('%s', String(value)), () => fn(value));
    },
});

/** Registers a test. */
export function it(name: string, fn: Fn): void {
  current.entries.push({ kind: 'test', name, fn });
}

/** Registers a hook run once before the tests of the enclosing group. */
export function beforeAll(fn: Fn): void {
  current.beforeAll.push(fn);
}

async function runSuite(suite: Suite, prefix: string, results: TestResult[], onResult: (r: TestResult) => void): Promise<void> {
  for (const hook of suite.beforeAll) await hook();
  for (const entry of suite.entries) {
    if (entry.kind === 'suite') {
      await runSuite(entry.suite, `${prefix}${entry.suite.name} > `, results, onResult);
      continue;
    }
    const result: TestResult = { name: `${prefix}${entry.name}`, passed: true };
    try {
      await entry.fn();
    } catch (error) {
      result.passed = false;
      result.error = error instanceof Error ? error.message : String(error);
    }
    results.push(result);
    onResult(result);
  }
}

/** Runs every registered test in order. */
export async function runAll(onResult: (r: TestResult) => void = () => {}): Promise<TestResult[]> {
  const results: TestResult[] = [];
  await runSuite(root, '', results, onResult);
  return results;
}
