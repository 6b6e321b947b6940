// n8n's clipboard format: copying nodes puts `{ nodes, connections, pinData? }` JSON on the clipboard as text, so nodes
// move between Tessera and n8n editors both ways.
import type { Connections, PinnedItem, WorkflowDoc, WorkflowNode } from '../api/types';
import { MAIN, newId, uniqueName } from './graph';

export interface ClipboardData {
  nodes: WorkflowNode[];
  connections: Connections;
  pinData?: Record<string, PinnedItem[]>;
}

/** The clipboard JSON for the named nodes: only connections between copied nodes are kept. */
export function copySelection(doc: WorkflowDoc, names: Iterable<string>): string {
  const set = new Set(names);
  const nodes = doc.nodes.filter((n) => set.has(n.name));
  const connections: Connections = {};
  for (const n of nodes) {
    const byType = doc.connections[n.name];
    if (!byType) continue;
    const copy: Connections[string] = {};
    for (const [type, outs] of Object.entries(byType)) {
      const kept = outs.map((targets) => (targets ?? []).filter((c) => set.has(c.node)));
      if (kept.some((t) => t.length)) copy[type] = kept;
    }
    if (Object.keys(copy).length) connections[n.name] = copy;
  }
  const data: ClipboardData & { meta?: unknown } = { nodes, connections };
  const pins = Object.entries(doc.pinData ?? {}).filter(([k]) => set.has(k));
  if (pins.length) data.pinData = Object.fromEntries(pins);
  return JSON.stringify(data, null, 2);
}

function isNode(v: unknown): v is WorkflowNode {
  if (typeof v !== 'object' || v === null) return false;
  const n = v as Record<string, unknown>;
  return typeof n.name === 'string' && typeof n.type === 'string';
}

/**
 * Reads clipboard text: n8n's `{ nodes, connections }`, a whole workflow, or a bare node array. Returns null when the
 * text is not nodes (the paste is then left to the focused text field).
 */
export function parseClipboard(text: string): ClipboardData | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (Array.isArray(data)) data = { nodes: data, connections: {} };
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (!Array.isArray(d.nodes) || d.nodes.length === 0 || !d.nodes.every(isNode)) return null;
  const nodes = (d.nodes as WorkflowNode[]).map((n) => ({
    ...n,
    typeVersion: typeof n.typeVersion === 'number' ? n.typeVersion : 1,
    position: Array.isArray(n.position) && n.position.length === 2 ? ([Number(n.position[0]) || 0, Number(n.position[1]) || 0] as [number, number]) : ([0, 0] as [number, number]),
    parameters: typeof n.parameters === 'object' && n.parameters !== null ? n.parameters : {},
  }));
  const connections = typeof d.connections === 'object' && d.connections !== null ? (d.connections as Connections) : {};
  const pinData = typeof d.pinData === 'object' && d.pinData !== null ? (d.pinData as Record<string, PinnedItem[]>) : undefined;
  return { nodes, connections, pinData };
}

/**
 * Adds pasted nodes to a workflow: names that clash get a number (and connections follow), every node gets a new id,
 * and the group moves so its top-left corner sits at `at` (when given). Returns the workflow and the new names.
 */
export function pasteInto(doc: WorkflowDoc, clip: ClipboardData, at?: [number, number]): { doc: WorkflowDoc; names: string[] } {
  const taken = new Set(doc.nodes.map((n) => n.name));
  const rename = new Map<string, string>();
  for (const n of clip.nodes) {
    const name = uniqueName(n.name, taken);
    taken.add(name);
    rename.set(n.name, name);
  }
  const minX = Math.min(...clip.nodes.map((n) => n.position[0]));
  const minY = Math.min(...clip.nodes.map((n) => n.position[1]));
  const dx = at ? at[0] - minX : 0;
  const dy = at ? at[1] - minY : 0;
  const nodes = clip.nodes.map((n) => ({ ...n, id: newId(), name: rename.get(n.name)!, position: [n.position[0] + dx, n.position[1] + dy] as [number, number] }));

  const connections: Connections = { ...doc.connections };
  for (const [from, byType] of Object.entries(clip.connections)) {
    const src = rename.get(from);
    if (!src) continue;
    const copy: Connections[string] = {};
    for (const [type, outs] of Object.entries(byType)) {
      if (!Array.isArray(outs)) continue;
      copy[type] = outs.map((targets) =>
        (targets ?? []).filter((c) => rename.has(c.node)).map((c) => ({ node: rename.get(c.node)!, type: c.type ?? MAIN, index: c.index ?? 0 })),
      );
    }
    connections[src] = copy;
  }
  let pinData = doc.pinData;
  if (clip.pinData) {
    pinData = { ...(pinData ?? {}) };
    for (const [k, v] of Object.entries(clip.pinData)) if (rename.has(k)) pinData[rename.get(k)!] = v;
  }
  return { doc: { ...doc, nodes: [...doc.nodes, ...nodes], connections, pinData }, names: nodes.map((n) => n.name) };
}
