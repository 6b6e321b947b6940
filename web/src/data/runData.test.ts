import { describe, expect, it } from 'vitest';
import type { RunData } from '../api/types';
import { barsOf } from '../executions/Timeline';
import { inputsOf, outputsOf, totalItems } from './runData';

const runData: RunData = {
  Trigger: [{ startTime: 1000, executionTime: 5, source: [], data: { main: [[{ json: { a: 1 } }, { json: { a: 2 } }]] } }],
  If: [{ startTime: 1006, executionTime: 3, source: [{ previousNode: 'Trigger' }], data: { main: [[{ json: { a: 2 } }], [{ json: { a: 1 } }]] } }],
  False: [{ startTime: 1010, executionTime: 20, source: [{ previousNode: 'If', previousNodeOutput: 1 }], data: { main: [[]] }, error: { message: 'boom' } }],
};

describe('run data', () => {
  it('reads outputs per output index and counts items', () => {
    expect(outputsOf(runData.If[0]).map((o) => o.length)).toEqual([1, 1]);
    expect(totalItems(runData.Trigger[0])).toBe(2);
    expect(outputsOf(undefined)).toEqual([]);
  });

  it('finds a node run input through its source output', () => {
    expect(inputsOf(runData, runData.False[0])).toEqual([{ json: { a: 1 } }]);
    expect(inputsOf(runData, runData.If[0])).toHaveLength(2);
    expect(inputsOf(runData, runData.Trigger[0])).toEqual([]);
  });
});

describe('timeline bars', () => {
  it('orders node runs by start, with status and duration', () => {
    const bars = barsOf(runData);
    expect(bars.map((b) => [b.node, b.start, b.duration, b.status])).toEqual([
      ['Trigger', 1000, 5, 'success'],
      ['If', 1006, 3, 'success'],
      ['False', 1010, 20, 'error'],
    ]);
  });

  it('adds a running bar for a node that started but has no run data yet', () => {
    const bars = barsOf({}, { Slow: true, Done: false });
    expect(bars.map((b) => [b.node, b.status])).toEqual([['Slow', 'running']]);
  });
});
