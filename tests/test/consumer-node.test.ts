// The packed packages, installed with npm into a fresh project, used from Node: the ESM and
// CommonJS builds each train a small model with core + autograd + layers + metrics, and
// every package shares one core.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const consumer = inject('consumerDir');

/** Runs one of the consumer's scripts with Node and parses the JSON line it prints. */
function runScript(file: string): Record<string, unknown> {
  return JSON.parse(execFileSync(process.execPath, [join(consumer, file)], { cwd: consumer, encoding: 'utf8' }));
}

describe.each(['train.mjs', 'train.cjs'])('the installed packages from %s', (script) => {
  const facts = runScript(script);

  it('run on the default wasm backend', () => {
    expect(facts.backend).toBe('wasm');
  });

  it('differentiate when backward(loss) is the first autograd call', () => {
    expect(facts.firstGrad).toEqual([2, 4, 6]);
  });

  it('resolve one core from every package', () => {
    expect(facts.oneCore).toBe(true);
  });

  it('train the model: the loss falls and the accuracy is high', () => {
    expect(facts.lastLoss as number).toBeLessThan((facts.firstLoss as number) / 4);
    expect(facts.accuracy as number).toBeGreaterThan(0.95);
  });

  it('hold a flat tensor count while training and count a tensor once', () => {
    expect(facts.tensorsAtEnd).toBe(facts.tensorsAtStep10);
    expect(facts.tensorsAfterMetrics).toBe(0);
    expect(facts.countedOnce).toBe(true);
    expect(facts.backends).toEqual(['wasm']);
  });
});

it('core and metrics load without autograd', () => {
  expect(runScript('core-and-metrics.mjs')).toEqual({ score: 2 / 3, autogradLoaded: false });
});
