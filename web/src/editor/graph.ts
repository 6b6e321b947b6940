// Pure operations on n8n workflow JSON: names, ports, connections, removal, renaming and auto-layout.
import type { Connections, NodeType, WorkflowDoc, WorkflowNode } from '../api/types';

export const MAIN = 'main';

/** A new id for a node (n8n uses UUIDs). */
export function newId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID) return c.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => {
    const r = (Math.random() * 16) | 0;
    return (ch === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

/** `base` if free, else `base1`, `base2`… as n8n names copies. A trailing number in `base` is replaced. */
export function uniqueName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  const stem = base.replace(/\d+$/, '');
  for (let i = 1; ; i++) {
    const candidate = `${stem}${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function countOf(spec: unknown): number | null {
  if (typeof spec === 'number') return spec;
  if (Array.isArray(spec)) return spec.length;
  return null;
}

/** The highest output index any connection of this node uses, plus one. */
function usedOutputs(doc: WorkflowDoc, name: string): number {
  return doc.connections[name]?.[MAIN]?.length ?? 0;
}

export interface Ports {
  inputs: number;
  /** Regular outputs, each with its label (may be empty). */
  outputs: string[];
  /** True when the node routes failed items to an extra, last output. */
  errorOutput: boolean;
}

/** How many inputs and outputs to draw for a node, from its type and its parameters. */
export function portsOf(node: WorkflowNode, type: NodeType | undefined, doc?: WorkflowDoc): Ports {
  const t = node.type;
  let inputs = countOf(type?.inputs) ?? (type?.group === 'trigger' || /trigger$/i.test(t) ? 0 : 1);
  let outputs = countOf(type?.outputs) ?? 1;
  const names = [...(type?.outputNames ?? [])];

  // Some counts depend on parameters (n8n computes them from the node); mirror the common ones.
  if (t.endsWith('.merge')) {
    const n = Number((node.parameters as Record<string, unknown>).numberInputs ?? 2);
    inputs = Number.isFinite(n) && n >= 2 ? n : 2;
  }
  if (t.endsWith('.switch')) {
    const p = node.parameters as Record<string, any>;
    if (p.mode === 'expression') outputs = Number(p.numberOutputs ?? 4) || 4;
    else {
      const rules = p.rules?.values ?? p.rules?.rules ?? [];
      outputs = Array.isArray(rules) ? Math.max(rules.length, 1) : 1;
      if (p.options?.fallbackOutput === 'extra') {
        outputs += 1;
        names.length = 0;
        for (let i = 0; i < outputs - 1; i++) names.push(String(rules[i]?.outputKey ?? i));
        names.push('Fallback');
      }
    }
  }
  if (t.endsWith('.if') && outputs < 2) outputs = 2;
  if (t.endsWith('.splitInBatches') && node.typeVersion >= 2 && outputs < 2) outputs = 2;
  if (t.endsWith('.filter') && (node.parameters as any)?.options?.allowDiscardedOutput === true) outputs = Math.max(outputs, 2);

  const errorOutput = node.onError === 'continueErrorOutput';
  if (doc) {
    // Never hide a port that a connection uses.
    const used = usedOutputs(doc, node.name) - (errorOutput ? 1 : 0);
    if (used > outputs) outputs = used;
  }
  const labels = Array.from({ length: outputs }, (_, i) => names[i] ?? '');
  if (t.endsWith('.if') && !names.length) labels.splice(0, 2, 'true', 'false');
  if (t.endsWith('.splitInBatches') && node.typeVersion >= 2 && !names.length) labels.splice(0, 2, 'done', 'loop');
  return { inputs, outputs: labels, errorOutput };
}

/** Adds a main connection; a duplicate is ignored. */
export function connect(conns: Connections, from: string, output: number, to: string, input: number): Connections {
  const next: Connections = { ...conns };
  const byType = { ...(next[from] ?? {}) };
  const outs = [...(byType[MAIN] ?? [])];
  while (outs.length <= output) outs.push([]);
  const targets = [...(outs[output] ?? [])];
  if (targets.some((c) => c.node === to && c.index === input)) return conns;
  targets.push({ node: to, type: MAIN, index: input });
  outs[output] = targets;
  byType[MAIN] = outs;
  next[from] = byType;
  return next;
}

/** Removes one main connection. */
export function disconnect(conns: Connections, from: string, output: number, to: string, input: number): Connections {
  const outs = conns[from]?.[MAIN];
  if (!outs?.[output]) return conns;
  const next: Connections = { ...conns, [from]: { ...conns[from], [MAIN]: outs.map((targets, i) => (i === output ? (targets ?? []).filter((c) => !(c.node === to && c.index === input)) : targets)) } };
  return next;
}

/** Drops every connection to or from the named nodes. */
export function removeNodes(doc: WorkflowDoc, names: Set<string>): WorkflowDoc {
  const connections: Connections = {};
  for (const [from, byType] of Object.entries(doc.connections)) {
    if (names.has(from)) continue;
    const copy: Connections[string] = {};
    for (const [type, outs] of Object.entries(byType)) copy[type] = outs.map((targets) => (targets ?? []).filter((c) => !names.has(c.node)));
    connections[from] = copy;
  }
  const pinData = doc.pinData ? Object.fromEntries(Object.entries(doc.pinData).filter(([k]) => !names.has(k))) : doc.pinData;
  return { ...doc, nodes: doc.nodes.filter((n) => !names.has(n.name)), connections, pinData };
}

/** Renames a node and every reference to it in connections and pin data. */
export function renameNode(doc: WorkflowDoc, from: string, to: string): WorkflowDoc {
  if (from === to) return doc;
  const nodes = doc.nodes.map((n) => (n.name === from ? { ...n, name: to } : n));
  const connections: Connections = {};
  for (const [src, byType] of Object.entries(doc.connections)) {
    const copy: Connections[string] = {};
    for (const [type, outs] of Object.entries(byType)) copy[type] = outs.map((targets) => (targets ?? []).map((c) => (c.node === from ? { ...c, node: to } : c)));
    connections[src === from ? to : src] = copy;
  }
  let pinData = doc.pinData;
  if (pinData && from in pinData) {
    pinData = { ...pinData, [to]: pinData[from] };
    delete pinData[from];
  }
  return { ...doc, nodes, connections, pinData };
}

export interface Edge {
  from: string;
  output: number;
  to: string;
  input: number;
}

/** Every main connection as a flat list. */
export function edgesOf(doc: WorkflowDoc): Edge[] {
  const out: Edge[] = [];
  for (const [from, byType] of Object.entries(doc.connections)) {
    (byType[MAIN] ?? []).forEach((targets, output) => {
      for (const t of targets ?? []) out.push({ from, output, to: t.node, input: t.index ?? 0 });
    });
  }
  return out;
}

export const GRID_X = 240;
export const GRID_Y = 140;

/**
 * Layered left-to-right layout: each node's column is the longest path from a node without inputs; within a column,
 * nodes are ordered by the mean row of their parents (fewer crossings), then centred vertically.
 */
export function autoLayout(doc: WorkflowDoc, origin: [number, number] = [0, 0]): WorkflowDoc {
  const names = doc.nodes.map((n) => n.name);
  const edges = edgesOf(doc).filter((e) => names.includes(e.to) && names.includes(e.from));
  const parents = new Map<string, Edge[]>(names.map((n) => [n, []]));
  for (const e of edges) parents.get(e.to)!.push(e);

  const rank = new Map<string, number>();
  const visiting = new Set<string>();
  const rankOf = (n: string): number => {
    if (rank.has(n)) return rank.get(n)!;
    if (visiting.has(n)) return 0; // a loop-back edge: ignore it for ranking
    visiting.add(n);
    let r = 0;
    for (const e of parents.get(n)!) r = Math.max(r, rankOf(e.from) + 1);
    visiting.delete(n);
    rank.set(n, r);
    return r;
  };
  names.forEach(rankOf);

  const columns: string[][] = [];
  for (const n of names) (columns[rank.get(n)!] ??= []).push(n);
  const row = new Map<string, number>();
  columns.forEach((col) => {
    const key = (n: string) => {
      const ps = parents.get(n)!.filter((e) => row.has(e.from));
      if (!ps.length) return names.indexOf(n);
      return ps.reduce((s, e) => s + row.get(e.from)! + e.output * 0.01, 0) / ps.length;
    };
    col.sort((a, b) => key(a) - key(b));
    col.forEach((n, i) => row.set(n, i - (col.length - 1) / 2));
  });

  const nodes = doc.nodes.map((n) => ({
    ...n,
    position: [origin[0] + rank.get(n.name)! * GRID_X, origin[1] + Math.round(row.get(n.name)! * GRID_Y)] as [number, number],
  }));
  return { ...doc, nodes };
}
