// The browser bundle's entry: core's shared suites, run in the page on the backends the
// bundle was built for; results go to `window.__tessera` for the driver to collect.
import { runAll, type TestResult } from './vitest-shim';
import '../ops.parity.test';
import '../memory.test';
import '../errors.test';
import '../properties.test';
import '../random.test';
import '../tensor.test';
import '../sparse.test';

interface Report {
  done: boolean;
  results: TestResult[];
  fatal?: string;
}

const report: Report = { done: false, results: [] };
(globalThis as { __tessera?: Report }).__tessera = report;
runAll((r) => report.results.push(r))
  .catch((error: unknown) => {
    report.fatal = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
  })
  .finally(() => {
    report.done = true;
  });
