import { describe, expect, it } from 'vitest';
import type { WorkflowDoc } from '../api/types';
import { autoLayout, connect, disconnect, edgesOf, portsOf, removeNodes, renameNode, uniqueName } from './graph';
import { commit, commitFrom, initHistory, redo, undo } from './history';

const base: WorkflowDoc = {
  name: 'wf',
  nodes: [
    { name: 'A', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { name: 'B', type: 'n8n-nodes-base.if', typeVersion: 2, position: [0, 0], parameters: {} },
    { name: 'C', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} },
    { name: 'D', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} },
  ],
  connections: {},
};

describe('graph', () => {
  it('names copies like n8n', () => {
    expect(uniqueName('Set', new Set(['Set']))).toBe('Set1');
    expect(uniqueName('Set1', new Set(['Set', 'Set1']))).toBe('Set2');
    expect(uniqueName('Free', new Set())).toBe('Free');
  });

  it('connects, ignores duplicates and disconnects', () => {
    let c = connect({}, 'B', 1, 'D', 0);
    expect(c).toEqual({ B: { main: [[], [{ node: 'D', type: 'main', index: 0 }]] } });
    expect(connect(c, 'B', 1, 'D', 0)).toBe(c);
    c = disconnect(c, 'B', 1, 'D', 0);
    expect(edgesOf({ ...base, connections: c })).toEqual([]);
  });

  it('counts ports, including If outputs and the error output', () => {
    const ifNode = { ...base.nodes[1], onError: 'continueErrorOutput' as const };
    expect(portsOf(ifNode, undefined)).toEqual({ inputs: 1, outputs: ['true', 'false'], errorOutput: true });
    expect(portsOf(base.nodes[0], { name: 't', displayName: 't', versions: [1], parameters: [], inputs: 0, outputs: 1 }).inputs).toBe(0);
    const sw = { name: 'S', type: 'n8n-nodes-base.switch', typeVersion: 3, position: [0, 0] as [number, number], parameters: { rules: { values: [{}, {}, {}] } } };
    expect(portsOf(sw, undefined).outputs).toHaveLength(3);
  });

  it('removes and renames nodes with their connections', () => {
    let doc: WorkflowDoc = { ...base, connections: connect(connect({}, 'A', 0, 'B', 0), 'B', 0, 'C', 0), pinData: { B: [{ json: {} }] } };
    doc = renameNode(doc, 'B', 'Check');
    expect(edgesOf(doc)).toEqual([
      { from: 'A', output: 0, to: 'Check', input: 0 },
      { from: 'Check', output: 0, to: 'C', input: 0 },
    ]);
    expect(Object.keys(doc.pinData!)).toEqual(['Check']);
    doc = removeNodes(doc, new Set(['Check']));
    expect(edgesOf(doc)).toEqual([]);
    expect(doc.nodes.map((n) => n.name)).toEqual(['A', 'C', 'D']);
  });

  it('lays out by longest path, branches in output order', () => {
    let c = connect({}, 'A', 0, 'B', 0);
    c = connect(c, 'B', 0, 'C', 0);
    c = connect(c, 'B', 1, 'D', 0);
    const out = autoLayout({ ...base, connections: c });
    const pos = Object.fromEntries(out.nodes.map((n) => [n.name, n.position]));
    expect(pos.A[0]).toBeLessThan(pos.B[0]);
    expect(pos.C[0]).toBe(pos.D[0]);
    expect(pos.C[1]).toBeLessThan(pos.D[1]);
  });

  it('survives loops while laying out', () => {
    let c = connect({}, 'C', 0, 'D', 0);
    c = connect(c, 'D', 0, 'C', 0);
    expect(autoLayout({ ...base, connections: c }).nodes).toHaveLength(4);
  });
});

describe('history', () => {
  it('undoes and redoes, and a drag is one step', () => {
    let h = initHistory(1);
    h = commit(h, 2);
    h = commit(h, 3, true);
    h = commit(h, 4, true);
    h = commitFrom(h, 2);
    expect(undo(h).present).toBe(2);
    expect(redo(undo(h)).present).toBe(4);
    expect(undo(undo(h)).present).toBe(1);
    expect(commit(undo(h), 9).future).toEqual([]);
  });
});
