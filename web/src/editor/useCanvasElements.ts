import type { Edge as FlowEdge } from '@xyflow/react';
import { useCallback, useMemo, useRef } from 'react';
import type { NodeType, WorkflowDoc } from '../api/types';
import { totalItems } from '../data/runData';
import type { CanvasFlowNode } from './CanvasNode';
import { edgesOf, portsOf } from './graph';
import type { RunState } from './useRun';

/**
 * The xyflow nodes and edges for a workflow: ports from the node types, run status from the live run, selection.
 * Unchanged nodes and edges keep their objects between renders, so a drag or a selection re-renders only what it
 * touches, which keeps a 200-node canvas responsive.
 */
export function useCanvasElements(
  doc: WorkflowDoc,
  byType: Map<string, NodeType>,
  selected: Set<string>,
  selectedEdges: Set<string>,
  runState: RunState | null,
  onOpen: (name: string) => void,
) {
  // Node status on the canvas: live SSE progress first, then the stored run data.
  const statusOf = useCallback((name: string) => {
    const live = runState?.live[name];
    if (live) return live;
    const runs = runState?.runData?.[name];
    if (!runs?.length) return null;
    const last = runs[runs.length - 1];
    if (last.error) return { status: 'error' as const, error: last.error.message };
    return { status: 'success' as const, items: totalItems(last) };
  }, [runState]);


  // xyflow keeps each node's measured size on the node object; nodes rebuilt without it are hidden until measured
  // again. Keep sizes here and reuse unchanged node objects so a change re-renders only the nodes it touches.
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const nodeCache = useRef(new Map<string, { deps: unknown[]; node: CanvasFlowNode }>());
  const rfNodes: CanvasFlowNode[] = useMemo(() => {
    const next = new Map<string, { deps: unknown[]; node: CanvasFlowNode }>();
    const out = doc.nodes.map((n) => {
      const t = byType.get(n.type);
      const st = statusOf(n.name);
      const ports = portsOf(n, t, doc);
      const pinned = !!doc.pinData?.[n.name]?.length;
      const size = measured.current.get(n.name);
      const deps = [n, t, st?.status, st && 'items' in st ? st.items : undefined, st && 'error' in st ? st.error : undefined, selected.has(n.name), pinned, JSON.stringify(ports), size];
      const prev = nodeCache.current.get(n.name);
      if (prev && prev.deps.length === deps.length && prev.deps.every((d, i) => d === deps[i])) {
        next.set(n.name, prev);
        return prev.node;
      }
      const node: CanvasFlowNode = {
        id: n.name,
        type: 'tessera',
        position: { x: n.position[0], y: n.position[1] },
        selected: selected.has(n.name),
        measured: size,
        // The accessible name of the focusable node: its name, then how its last run went.
        ariaLabel: `${n.name}${st?.status === 'error' ? `, failed: ${st && 'error' in st ? st.error : ''}` : st?.status === 'success' ? `, ${st && 'items' in st ? st.items : 0} items` : st?.status ? `, ${st.status}` : ''}`,
        data: {
          node: n,
          typeLabel: t?.displayName ?? n.type,
          ports,
          status: st?.status,
          itemCount: st && 'items' in st ? st.items : undefined,
          error: st && 'error' in st ? st.error : undefined,
          pinned,
          unknownType: !t,
          onOpen,
        },
      };
      next.set(n.name, { deps, node });
      return node;
    });
    nodeCache.current = next;
    return out;
  }, [doc, byType, selected, statusOf, onOpen]);

  const edgeCache = useRef(new Map<string, FlowEdge>());
  const rfEdges: FlowEdge[] = useMemo(() => {
    const byName = new Map(doc.nodes.map((n) => [n.name, n]));
    const portMemo = new Map<string, ReturnType<typeof portsOf> | null>();
    const portsFor = (name: string) => {
      if (!portMemo.has(name)) {
        const n = byName.get(name);
        portMemo.set(name, n ? portsOf(n, byType.get(n.type), doc) : null);
      }
      return portMemo.get(name)!;
    };
    const next = new Map<string, FlowEdge>();
    const out = edgesOf(doc).map((e) => {
    const ports = portsFor(e.from);
    const isError = !!ports?.errorOutput && e.output === ports.outputs.length;
    const id = `${e.from}\u0000${e.output}\u0000${e.to}\u0000${e.input}`;
    const items = runState?.runData?.[e.from]?.at(-1)?.data?.main?.[e.output]?.length;
    const label = items !== undefined ? `${items} item${items === 1 ? '' : 's'}` : undefined;
    const sel = selectedEdges.has(id);
    const prev = edgeCache.current.get(id);
    // Unchanged edges keep their object so xyflow skips them.
    const edge: FlowEdge = prev && prev.selected === sel && prev.label === label && prev.className === (isError ? 'error-edge' : undefined) ? prev : {
      id,
      source: e.from,
      sourceHandle: isError ? 'err' : `out-${e.output}`,
      target: e.to,
      targetHandle: `in-${e.input}`,
      selected: sel,
      className: isError ? 'error-edge' : undefined,
      label,
      ariaLabel: `Connection from ${e.from} to ${e.to}`,
    };
    next.set(id, edge);
    return edge;
    });
    edgeCache.current = next;
    return out;
  }, [doc, byType, selectedEdges, runState]);

  return { rfNodes, rfEdges, measured };
}
