import { describe, expect, it } from 'vitest';
import type { WorkflowDoc } from '../api/types';
import { copySelection, parseClipboard, pasteInto } from './clipboard';

const doc: WorkflowDoc = {
  name: 'wf',
  nodes: [
    { id: '1', name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { id: '2', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'manual' } },
    { id: '3', name: 'If', type: 'n8n-nodes-base.if', typeVersion: 2, position: [400, 0], parameters: {} },
  ],
  connections: {
    Trigger: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
    Set: { main: [[{ node: 'If', type: 'main', index: 0 }]] },
  },
  pinData: { Set: [{ json: { a: 1 } }] },
};

describe('copySelection', () => {
  it('writes n8n clipboard JSON with only the connections inside the selection', () => {
    const data = JSON.parse(copySelection(doc, ['Set', 'If']));
    expect(data.nodes.map((n: { name: string }) => n.name)).toEqual(['Set', 'If']);
    expect(data.connections).toEqual({ Set: { main: [[{ node: 'If', type: 'main', index: 0 }]] } });
    expect(data.pinData).toEqual({ Set: [{ json: { a: 1 } }] });
  });

  it('drops connections leaving the selection', () => {
    const data = JSON.parse(copySelection(doc, ['Trigger']));
    expect(data.connections).toEqual({});
    expect(data.pinData).toBeUndefined();
  });
});

describe('parseClipboard', () => {
  it('reads what n8n puts on the clipboard', () => {
    const n8n = '{"nodes":[{"parameters":{"values":{}},"name":"Edit Fields","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[460,300],"id":"abc"}],"connections":{},"pinData":{}}';
    const clip = parseClipboard(n8n)!;
    expect(clip.nodes[0].name).toBe('Edit Fields');
    expect(clip.nodes[0].position).toEqual([460, 300]);
  });

  it('accepts a bare node array and fills missing fields', () => {
    const clip = parseClipboard('[{"name":"A","type":"x.y"}]')!;
    expect(clip.nodes[0]).toMatchObject({ name: 'A', typeVersion: 1, position: [0, 0], parameters: {} });
  });

  it('returns null for text that is not nodes', () => {
    expect(parseClipboard('hello')).toBeNull();
    expect(parseClipboard('{"a":1}')).toBeNull();
    expect(parseClipboard('{"nodes":[]}')).toBeNull();
    expect(parseClipboard('{"nodes":[{"foo":1}]}')).toBeNull();
  });
});

describe('pasteInto', () => {
  it('renames clashing nodes, rewires their connections and gives new ids', () => {
    const clip = parseClipboard(copySelection(doc, ['Set', 'If']))!;
    const { doc: out, names } = pasteInto(doc, clip, [1000, 500]);
    expect(names).toEqual(['Set1', 'If1']);
    expect(out.nodes).toHaveLength(5);
    const set1 = out.nodes.find((n) => n.name === 'Set1')!;
    expect(set1.id).not.toBe('2');
    expect(set1.position).toEqual([1000, 500]);
    expect(out.nodes.find((n) => n.name === 'If1')!.position).toEqual([1200, 500]);
    expect(out.connections.Set1).toEqual({ main: [[{ node: 'If1', type: 'main', index: 0 }]] });
    expect(out.connections.Set).toEqual(doc.connections.Set);
    expect(out.pinData!.Set1).toEqual([{ json: { a: 1 } }]);
  });

  it('keeps names that are free and positions when no target is given', () => {
    const clip = parseClipboard('{"nodes":[{"name":"New","type":"x.y","position":[5,6]}],"connections":{"New":{"main":[[{"node":"Elsewhere","type":"main","index":0}]]}}}')!;
    const { doc: out, names } = pasteInto(doc, clip);
    expect(names).toEqual(['New']);
    expect(out.nodes[3].position).toEqual([5, 6]);
    expect(out.connections.New).toEqual({ main: [[]] });
  });

  it('round-trips copy then paste into an empty workflow unchanged apart from ids', () => {
    const clip = parseClipboard(copySelection(doc, ['Trigger', 'Set', 'If']))!;
    const { doc: out } = pasteInto({ name: 'empty', nodes: [], connections: {} }, clip);
    expect(out.connections).toEqual(doc.connections);
    expect(out.nodes.map(({ id: _id, ...rest }) => rest)).toEqual(doc.nodes.map(({ id: _id, ...rest }) => rest));
  });
});
