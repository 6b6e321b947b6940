import {
  Background, Controls, MiniMap, ReactFlow, useReactFlow,
  type Connection, type Edge as FlowEdge, type EdgeChange, type NodeChange, type OnSelectionChangeParams,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Credential, NodeType, PinnedItem, Workflow, WorkflowDoc, WorkflowNode } from '../api/types';
import { linkHandler, setNavigationGuard } from '../app/router';
import { can, useSession } from '../app/session';
import { useTheme } from '../app/theme';
import { Dialog } from '../ui/Dialog';
import { ErrorBanner } from '../ui/ErrorBanner';
import { StatusBadge } from '../ui/StatusBadge';
import { CanvasNode, type CanvasFlowNode } from './CanvasNode';
import { useCanvasElements } from './useCanvasElements';
import { copySelection, parseClipboard, pasteInto } from './clipboard';
import type { PreviewFn } from './ExpressionPreview';
import { autoLayout, connect, disconnect, newId, portsOf, removeNodes, renameNode, uniqueName, GRID_X } from './graph';
import { commit, commitFrom, initHistory, redo, undo, type History } from './history';
import { NodePanel } from './NodePanel';
import { WorkflowSettingsDialog } from './WorkflowSettingsDialog';
import { DRAG_MIME, Palette } from './Palette';
import { setIn, type Path } from './paramForm';
import { typeIndex } from './nodeTypes';
import { useExecutionFollower } from './useRun';

const nodeTypesMap = { tessera: CanvasNode };

function docOf(wf: Workflow): WorkflowDoc {
  const { name, nodes, connections, settings, pinData, staticData, meta, tags } = wf;
  return { name, nodes: nodes ?? [], connections: connections ?? {}, settings, pinData, staticData, meta, tags };
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

let internalClipboard = '';

export function Editor({ initial, types, credentials }: { initial: Workflow; types: NodeType[]; credentials: Credential[] }) {
  const session = useSession();
  const flow = useReactFlow();
  const theme = useTheme();
  const role = session.projects.find((p) => p.id === initial.projectId)?.role;
  const canEdit = can(session, 'editor', role);
  const canRun = can(session, 'operator', role);
  const byType = useMemo(() => typeIndex(types), [types]);

  const [meta, setMeta] = useState(initial);
  const [hist, setHist] = useState<History<WorkflowDoc>>(() => initHistory(docOf(initial)));
  const [saved, setSaved] = useState<WorkflowDoc>(hist.present);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());
  const [openNode, setOpenNode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [showPalette, setShowPalette] = useState(true);
  const [showSettings, setShowSettings] = useState(false);
  const dragBase = useRef<WorkflowDoc | null>(null);
  const nameBase = useRef<WorkflowDoc | null>(null);
  // Fit the view to the nodes a workflow opens with; an empty canvas keeps zoom 1 so the first drop lands where it is dropped.
  const [fitOnOpen] = useState(() => (initial.nodes?.length ?? 0) > 0);
  const run = useExecutionFollower();
  const doc = hist.present;
  const dirty = doc !== saved;

  const change = useCallback((fn: (d: WorkflowDoc) => WorkflowDoc, transient = false) => setHist((h) => commit(h, fn(h.present), transient)), []);

  const openRef = useRef(setOpenNode);
  openRef.current = setOpenNode;
  const onOpen = useCallback((name: string) => openRef.current(name), []);
  const { rfNodes, rfEdges, measured } = useCanvasElements(doc, byType, selected, selectedEdges, run.state, onOpen);

  const onNodesChange = useCallback((changes: NodeChange<CanvasFlowNode>[]) => {
    const moves = new Map<string, { x: number; y: number }>();
    let sel: Set<string> | null = null;
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) {
        measured.current.set(c.id, c.dimensions);
      }
      if (c.type === 'position' && c.position) moves.set(c.id, c.position);
      if (c.type === 'select') {
        sel ??= new Set(selected);
        if (c.selected) sel.add(c.id);
        else sel.delete(c.id);
      }
    }
    if (sel) setSelected(sel);
    if (moves.size && canEdit) {
      // While dragging, positions change without undo steps (the drag becomes one on release); arrow keys make one each.
      change((d) => ({ ...d, nodes: d.nodes.map((n) => (moves.has(n.name) ? { ...n, position: [Math.round(moves.get(n.name)!.x), Math.round(moves.get(n.name)!.y)] as [number, number] } : n)) }), dragBase.current !== null);
    }
  }, [selected, change, canEdit]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    let sel: Set<string> | null = null;
    for (const c of changes) {
      if (c.type === 'select') {
        sel ??= new Set(selectedEdges);
        if (c.selected) sel.add(c.id);
        else sel.delete(c.id);
      }
    }
    if (sel) setSelectedEdges(sel);
  }, [selectedEdges]);

  const deleteSelection = useCallback(() => {
    if (!canEdit) return;
    const edges = [...selectedEdges].map((id) => id.split('\u0000'));
    if (!selected.size && !edges.length) return;
    change((d) => {
      let next = removeNodes(d, selected);
      for (const [from, out, to, input] of edges) next = { ...next, connections: disconnect(next.connections, from, Number(out), to, Number(input)) };
      return next;
    });
    if (openNode && selected.has(openNode)) setOpenNode(null);
    setSelected(new Set());
    setSelectedEdges(new Set());
  }, [canEdit, selected, selectedEdges, change, openNode]);

  const onConnect = useCallback((c: Connection) => {
    if (!canEdit || !c.source || !c.target || c.source === c.target) return;
    const from = doc.nodes.find((n) => n.name === c.source);
    const ports = from ? portsOf(from, byType.get(from.type), doc) : null;
    const output = c.sourceHandle === 'err' ? (ports?.outputs.length ?? 1) : Number((c.sourceHandle ?? 'out-0').slice(4));
    const input = Number((c.targetHandle ?? 'in-0').slice(3));
    change((d) => ({ ...d, connections: connect(d.connections, c.source, output, c.target, input) }));
  }, [canEdit, doc, byType, change]);

  const addNode = useCallback((t: NodeType, at?: { x: number; y: number }) => {
    if (!canEdit) return;
    const taken = new Set(doc.nodes.map((n) => n.name));
    const name = uniqueName(t.displayName.replace(/\s*\(.*\)$/, ''), taken);
    const anchor = doc.nodes.find((n) => selected.size === 1 && selected.has(n.name));
    let position: [number, number];
    if (at) position = [Math.round(at.x), Math.round(at.y)];
    else if (anchor) {
      position = [anchor.position[0] + GRID_X, anchor.position[1]];
      // Step down past nodes already there, so the new node never lands on top of one.
      while (doc.nodes.some((n) => Math.abs(n.position[0] - position[0]) < 200 && Math.abs(n.position[1] - position[1]) < 80)) position = [position[0], position[1] + 120];
    }
    else {
      const c = flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
      position = [Math.round(c.x), Math.round(c.y)];
    }
    const node: WorkflowNode = { id: newId(), name, type: t.name, typeVersion: t.defaultVersion ?? t.versions[t.versions.length - 1] ?? 1, position, parameters: {} };
    change((d) => {
      let next = { ...d, nodes: [...d.nodes, node] };
      // Adding with a node selected (click or Enter in the palette) chains the new node after it, as n8n does.
      if (!at && anchor && portsOf(anchor, byType.get(anchor.type), d).outputs.length > 0 && portsOf(node, t).inputs > 0)
        next = { ...next, connections: connect(next.connections, anchor.name, 0, name, 0) };
      return next;
    });
    setSelected(new Set([name]));
    // Added from the palette by keyboard or click: open it to set parameters. Dropped: stay on the canvas.
    if (!at) setOpenNode(name);
  }, [canEdit, doc, selected, flow, change, byType]);

  const onDrop = useCallback((e: React.DragEvent) => {
    const typeName = e.dataTransfer.getData(DRAG_MIME);
    const t = byType.get(typeName);
    if (!t) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNode(t, { x: p.x - 90, y: p.y - 30 });
  }, [byType, flow, addNode]);

  const layout = useCallback(() => {
    if (!canEdit) return;
    change((d) => autoLayout(d));
    requestAnimationFrame(() => flow.fitView({ duration: 200 }));
  }, [canEdit, change, flow]);

  const copy = useCallback((): string | null => {
    if (!selected.size) return null;
    const text = copySelection(doc, selected);
    internalClipboard = text;
    return text;
  }, [doc, selected]);

  const paste = useCallback((text: string) => {
    if (!canEdit) return false;
    const clip = parseClipboard(text);
    if (!clip) return false;
    const c = flow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
    const at: [number, number] = [Math.round(c.x), Math.round(c.y)];
    let names: string[] = [];
    change((d) => {
      const r = pasteInto(d, clip, at);
      names = r.names;
      return r.doc;
    });
    requestAnimationFrame(() => setSelected(new Set(names)));
    setNotice(`Pasted ${clip.nodes.length} node${clip.nodes.length === 1 ? '' : 's'}.`);
    return true;
  }, [canEdit, flow, change]);

  const save = useCallback(async (overwrite = false) => {
    if (!canEdit) {
      setError(`Your role in this project (${role ?? 'none'}) cannot save workflows; an editor or admin can.`);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      let versionId = meta.versionId;
      if (overwrite) versionId = (await api.workflow(meta.id)).versionId;
      const current = hist.present;
      const result = await api.saveWorkflow(meta.id, { ...meta, ...current, versionId });
      setMeta(result);
      setSaved(current);
      setConflict(null);
      setNotice('Saved.');
    } catch (e) {
      if (e instanceof ApiError && (e.slug === 'version-conflict' || e.status === 409)) setConflict(String(e.problem.currentVersionId ?? ''));
      else if (e instanceof ApiError && e.status === 403) setError(`You cannot save this workflow: ${e.message}`);
      else setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  }, [canEdit, role, meta, hist.present]);

  const reloadTheirs = useCallback(async () => {
    const wf = await api.workflow(meta.id);
    setMeta(wf);
    const d = docOf(wf);
    setHist(initHistory(d));
    setSaved(d);
    setConflict(null);
    setNotice('Loaded the latest saved version.');
  }, [meta.id]);

  const runWorkflow = useCallback(async (destinationNode?: string) => {
    if (!canRun) return;
    setError(null);
    run.setState({ executionId: null, status: 'starting', runData: null, live: {} });
    try {
      const r = await api.runWorkflow(meta.id, { workflow: hist.present, destinationNode });
      if (r.runData && r.status) run.apply(r as never);
      else run.follow(r.executionId);
    } catch (e) {
      run.clear();
      setError((e as Error).message);
    }
  }, [canRun, meta.id, hist.present, run]);

  const toggleActive = useCallback(async () => {
    try {
      setMeta(await api.activate(meta.id, !meta.active));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [meta]);

  // Keyboard shortcuts; skipped while typing so fields keep their own keys.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 's') {
        e.preventDefault();
        save();
        return;
      }
      if (isTyping(e.target)) return;
      if (mod && e.key.toLowerCase() === 'z' && !e.shiftKey) { e.preventDefault(); setHist(undo); }
      else if (mod && (e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey))) { e.preventDefault(); setHist(redo); }
      else if (mod && e.key.toLowerCase() === 'a') { e.preventDefault(); setSelected(new Set(doc.nodes.map((n) => n.name))); }
      else if (mod && e.key === 'Enter') { e.preventDefault(); runWorkflow(); }
      else if (e.key === 'Delete' || e.key === 'Backspace') { e.preventDefault(); deleteSelection(); }
      else if (e.key === 'Escape') setOpenNode(null);
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isTyping(e.target)) return;
      const text = copy();
      if (text && e.clipboardData) { e.clipboardData.setData('text/plain', text); e.preventDefault(); }
    };
    const onCut = (e: ClipboardEvent) => {
      if (isTyping(e.target) || !canEdit) return;
      const text = copy();
      if (text && e.clipboardData) { e.clipboardData.setData('text/plain', text); e.preventDefault(); deleteSelection(); }
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target)) return;
      const text = e.clipboardData?.getData('text/plain') || internalClipboard;
      if (paste(text)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', onPaste);
    };
  }, [save, doc.nodes, runWorkflow, deleteSelection, copy, paste, canEdit]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    setNavigationGuard(() => window.confirm('This workflow has unsaved changes. Leave without saving them?'));
    return () => {
      window.removeEventListener('beforeunload', warn);
      setNavigationGuard(null);
    };
  }, [dirty]);

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 2500);
    return () => clearTimeout(t);
  }, [notice]);

  const open = openNode ? doc.nodes.find((n) => n.name === openNode) : undefined;
  const preview: PreviewFn = useCallback(async (expression: string) => {
    if (!openNode) return { error: 'No node is open.' };
    const r = await api.previewExpression({ workflow: hist.present, node: openNode, expression, itemIndex: 0, runData: run.state?.runData ?? undefined });
    const err = typeof r.error === 'string' ? r.error : r.error?.message;
    return err ? { error: err } : { value: r.value };
  }, [openNode, hist.present, run.state?.runData]);

  const onSelectionChange = useCallback((_: OnSelectionChangeParams) => undefined, []);
  const execStatus = run.state?.status;

  return (
    <div className={`editor ${showPalette && canEdit ? 'with-palette' : ''} ${open ? 'with-panel' : ''}`}>
      <div className="editor-bar" role="toolbar" aria-label="Workflow">
        <a href="/workflows" onClick={linkHandler('/workflows')} className="ghost" aria-label="Back to workflows">←</a>
        <input className="title-input" aria-label="Workflow name" value={doc.name} disabled={!canEdit}
          onFocus={() => { nameBase.current = hist.present; }}
          onChange={(e) => change((d) => ({ ...d, name: e.target.value }), true)}
          onBlur={() => { const b = nameBase.current; nameBase.current = null; if (b) setHist((h) => commitFrom(h, b)); }} />
        {dirty && <span className="muted small nowrap" aria-live="polite" title="Unsaved changes (Ctrl+S saves)">● unsaved<span className="sr-only"> changes</span></span>}
        {!canEdit && <span className="badge" title="Your role can view but not change this workflow">read-only ({role ?? 'no role'})</span>}
        <span className="spacer" />
        {canEdit && <button type="button" className="ghost" aria-pressed={showPalette} onClick={() => setShowPalette(!showPalette)}>Nodes</button>}
        <button type="button" className="ghost" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!hist.past.length || !canEdit} onClick={() => setHist(undo)}>↶</button>
        <button type="button" className="ghost" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!hist.future.length || !canEdit} onClick={() => setHist(redo)}>↷</button>
        <button type="button" className="ghost" aria-label="Auto-layout" title="Tidy up the layout" disabled={!canEdit || !doc.nodes.length} onClick={layout}>⊞ Layout</button>
        <button type="button" className="ghost" onClick={() => setShowSettings(true)}>Settings</button>
        <a className="ghost" href={`/executions?workflowId=${encodeURIComponent(meta.id)}`} onClick={linkHandler(`/executions?workflowId=${encodeURIComponent(meta.id)}`)}>Executions</a>
        <button type="button" className="ghost" aria-label="Copy selected nodes" disabled={!selected.size} onClick={async () => { const t = copy(); if (t) await navigator.clipboard?.writeText(t).catch(() => undefined); setNotice('Copied as n8n clipboard JSON.'); }}>Copy</button>
        <button type="button" className="ghost" aria-label="Paste nodes" disabled={!canEdit} onClick={async () => { const t = (await navigator.clipboard?.readText().catch(() => '')) || internalClipboard; if (!paste(t)) setError('The clipboard holds no nodes. Copy nodes in Tessera or n8n first.'); }}>Paste</button>
        <label className="inline small">
          <button type="button" role="switch" aria-checked={meta.active} aria-label="Active" className={`switch ${meta.active ? 'on' : ''}`} disabled={!canRun} onClick={toggleActive}><span /></button>
          Active
        </label>
        {execStatus && execStatus !== 'starting' && run.state?.executionId && (
          <a href={`/executions/${run.state.executionId}`} onClick={linkHandler(`/executions/${run.state.executionId}`)} aria-label={`Last run: ${execStatus}`}><StatusBadge status={execStatus} /></a>
        )}
        <button type="button" onClick={() => runWorkflow()} disabled={!canRun || execStatus === 'running' || execStatus === 'starting'} title="Run (Ctrl+Enter)">
          {execStatus === 'running' || execStatus === 'starting' ? 'Running…' : '▶ Run workflow'}
        </button>
        <button type="button" className="primary" onClick={() => save()} disabled={!canEdit || saving} title={canEdit ? 'Save (Ctrl+S)' : 'Your role cannot save workflows'}>{saving ? 'Saving…' : 'Save'}</button>
      </div>
      {(error || notice || run.state?.error) && (
        <div className="editor-msgs">
          <ErrorBanner message={error} onClose={() => setError(null)} />
          {run.state?.error && !error && <ErrorBanner message={`The run failed: ${run.state.error}`} />}
          {notice && <div className="banner ok" role="status">{notice}</div>}
        </div>
      )}
      {showPalette && canEdit && <Palette types={types} onAdd={(t) => addNode(t)} />}
      <div className="canvas" onDragOver={(e) => { if (e.dataTransfer.types.includes(DRAG_MIME)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } }} onDrop={onDrop} aria-label="Workflow canvas"
        onKeyDown={(e) => {
          // A focused node (Tab moves between nodes) opens with Enter.
          const el = e.target as HTMLElement;
          if (e.key === 'Enter' && el.classList.contains('react-flow__node')) {
            const id = el.getAttribute('data-id');
            if (id) setOpenNode(id);
          }
        }}>
        <ReactFlow<CanvasFlowNode, FlowEdge>
          nodes={rfNodes}
          edges={rfEdges}
          nodeTypes={nodeTypesMap}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onSelectionChange={onSelectionChange}
          onNodeDragStart={() => { dragBase.current = hist.present; }}
          onNodeDragStop={() => { const b = dragBase.current; dragBase.current = null; if (b) setHist((h) => commitFrom(h, b)); }}
          onNodeDoubleClick={(_, n) => setOpenNode(n.id)}
          onPaneClick={() => setOpenNode(null)}
          nodesDraggable={canEdit}
          nodesConnectable={canEdit}
          deleteKeyCode={null}
          multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
          fitView={fitOnOpen}
          fitViewOptions={{ maxZoom: 1.2, padding: 0.2 }}
          minZoom={0.1}
          proOptions={{ hideAttribution: true }}
          colorMode={theme}
          ariaLabelConfig={{ 'node.a11yDescription.default': 'Press Enter to open the node, arrow keys to move it, Delete to remove it.' }}
        >
          <Background gap={20} />
          <Controls showInteractive={false} />
          {doc.nodes.length > 12 && <MiniMap pannable zoomable ariaLabel="Mini map" />}
        </ReactFlow>
        {doc.nodes.length === 0 && (
          <div className="canvas-empty">{canEdit ? 'Drag a node from the list on the left, or press Enter on one to add it.' : 'This workflow has no nodes.'}</div>
        )}
      </div>
      {open && (
        <NodePanel
          key={open.id ?? open.name}
          node={open}
          type={byType.get(open.type)}
          ports={portsOf(open, byType.get(open.type), doc)}
          runData={run.state?.runData ?? null}
          pinned={doc.pinData?.[open.name]}
          credentials={credentials}
          readOnly={!canEdit}
          canRun={canRun}
          preview={preview}
          onParam={(path: Path, value: unknown) => change((d) => ({ ...d, nodes: d.nodes.map((n) => (n.name === open.name ? { ...n, parameters: setIn(n.parameters, path, value) } : n)) }))}
          onNodeChange={(patch) => change((d) => ({ ...d, nodes: d.nodes.map((n) => (n.name === open.name ? { ...n, ...patch } : n)) }))}
          onRename={(name) => {
            if (!name) return 'A node needs a name.';
            if (doc.nodes.some((n) => n.name === name)) return `Another node is already called "${name}". Pick a different name.`;
            change((d) => renameNode(d, open.name, name));
            setOpenNode(name);
            setSelected(new Set([name]));
            return null;
          }}
          onPin={(items: PinnedItem[] | null) => change((d) => {
            const pinData = { ...(d.pinData ?? {}) };
            if (items) pinData[open.name] = items;
            else delete pinData[open.name];
            return { ...d, pinData };
          })}
          onRunTo={() => runWorkflow(open.name)}
          onClose={() => setOpenNode(null)}
        />
      )}
      {showSettings && (
        <WorkflowSettingsDialog doc={doc} readOnly={!canEdit} onClose={() => setShowSettings(false)}
          onSave={(patch) => { change((d) => ({ ...d, ...patch })); setShowSettings(false); }} />
      )}
      {conflict !== null && (
        <Dialog title="Someone else saved this workflow" onClose={() => setConflict(null)}>
          <p>This workflow was saved by someone else after you opened it{conflict ? ` (their version ${conflict})` : ''}. Your changes are not saved yet.</p>
          <div className="row end">
            <button type="button" onClick={() => setConflict(null)}>Keep editing</button>
            <button type="button" onClick={reloadTheirs}>Discard mine and load theirs</button>
            <button type="button" className="danger" onClick={() => save(true)}>Overwrite with mine</button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
