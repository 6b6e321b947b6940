import { useEffect, useMemo, useState } from 'react';
import type { Credential, Item, NodeType, PinnedItem, RunData, WorkflowNode } from '../api/types';
import { DataView } from '../data/DataView';
import { inputsOf, outputsOf } from '../data/runData';
import type { PreviewFn } from './ExpressionPreview';
import { ParameterForm } from './ParameterForm';
import { collectErrors, type Path } from './paramForm';
import type { Ports } from './graph';

type Tab = 'parameters' | 'input' | 'output' | 'settings';

export interface NodePanelProps {
  node: WorkflowNode;
  type: NodeType | undefined;
  ports: Ports;
  runData: RunData | null;
  pinned: PinnedItem[] | undefined;
  credentials: Credential[];
  readOnly: boolean;
  canRun: boolean;
  preview: PreviewFn;
  onParam: (path: Path, value: unknown) => void;
  onNodeChange: (patch: Partial<WorkflowNode>) => void;
  onRename: (name: string) => string | null;
  onPin: (items: PinnedItem[] | null) => void;
  onRunTo: () => void;
  onClose: () => void;
}

/** The side panel of the open node: generated parameter form, input and output data, pin data and settings. */
export function NodePanel(p: NodePanelProps) {
  const [tab, setTab] = useState<Tab>('parameters');
  const [output, setOutput] = useState(0);
  const run = p.runData?.[p.node.name]?.[p.runData[p.node.name].length - 1];
  const outputs = outputsOf(run);
  const input = p.runData ? inputsOf(p.runData, run) : [];
  const errors = useMemo(() => (p.type ? collectErrors(p.type.parameters, p.node.parameters, p.node.typeVersion) : []), [p.type, p.node.parameters, p.node.typeVersion]);
  const outLabels = [...p.ports.outputs, ...(p.ports.errorOutput ? ['error'] : [])];

  useEffect(() => {
    if (output >= Math.max(outputs.length, 1)) setOutput(0);
  }, [outputs.length, output]);

  const shown: Item[] = outputs[output] ?? (p.pinned as Item[] | undefined) ?? [];
  const tabs: [Tab, string][] = [['parameters', 'Parameters'], ['input', 'Input'], ['output', 'Output'], ['settings', 'Settings']];

  return (
    <aside className="node-panel" aria-label={`Node ${p.node.name}`}>
      <header className="panel-head">
        <NameEditor name={p.node.name} disabled={p.readOnly} onRename={p.onRename} />
        {p.canRun && <button type="button" className="small" onClick={p.onRunTo} title="Run the workflow up to this node">Run to here</button>}
        <button type="button" className="ghost" aria-label="Close node panel" onClick={p.onClose}>×</button>
      </header>
      <div className="muted small panel-sub">{p.type?.displayName ?? p.node.type} · v{p.node.typeVersion}{!p.type && ' · unknown node type'}</div>
      {run?.error && (
        <div className="banner error" role="alert">
          <strong>{run.error.message}</strong>
          {run.error.description && <div className="small">{run.error.description}</div>}
        </div>
      )}
      <div role="tablist" aria-label="Node panel sections" className="tabs">
        {tabs.map(([t, label]) => (
          <button key={t} type="button" role="tab" id={`tab-${t}`} aria-selected={tab === t} aria-controls={`tabpanel-${t}`} onClick={() => setTab(t)}>
            {label}{t === 'parameters' && errors.length > 0 && <span className="count error" aria-label={`${errors.length} problems`}>{errors.length}</span>}
            {t === 'output' && run && <span className="count">{outputs.reduce((n, o) => n + o.length, 0)}</span>}
          </button>
        ))}
      </div>
      <div className="panel-body" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'parameters' && (
          p.type ? (
            p.type.parameters.length ? (
              <ParameterForm params={p.type.parameters} values={p.node.parameters} base={[]} ctx={{ version: p.node.typeVersion, disabled: p.readOnly, preview: p.preview, onChange: p.onParam }} />
            ) : <p className="muted">This node has no parameters.</p>
          ) : <p className="muted">The server does not know the node type {p.node.type}; its parameters are kept as they are.</p>
        )}
        {tab === 'input' && (p.runData ? <DataView items={input} label="Input items" /> : <p className="muted">Run the workflow to see the items this node receives.</p>)}
        {tab === 'output' && (
          <>
            {outLabels.length > 1 && (
              <label className="inline">Output
                <select aria-label="Output" value={output} onChange={(e) => setOutput(Number(e.target.value))}>
                  {outLabels.map((l, i) => <option key={i} value={i}>{l || `Output ${i + 1}`} ({outputs[i]?.length ?? 0})</option>)}
                </select>
              </label>
            )}
            {run || p.pinned ? <DataView items={shown} label="Output items" /> : <p className="muted">Run the workflow to see this node's output, or pin data for it.</p>}
            <PinControls pinned={p.pinned} current={outputs[0]} readOnly={p.readOnly} onPin={p.onPin} />
          </>
        )}
        {tab === 'settings' && <Settings node={p.node} type={p.type} credentials={p.credentials} readOnly={p.readOnly} onChange={p.onNodeChange} />}
      </div>
    </aside>
  );
}

function NameEditor({ name, disabled, onRename }: { name: string; disabled: boolean; onRename: (n: string) => string | null }) {
  const [text, setText] = useState(name);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(name), [name]);
  const commit = () => {
    if (text === name) return;
    const err = onRename(text.trim());
    setError(err);
    if (err) setText(name);
  };
  return (
    <div className="name-editor">
      <input aria-label="Node name" className="title-input" value={text} disabled={disabled} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      {error && <div className="field-error" role="alert">{error}</div>}
    </div>
  );
}

function PinControls({ pinned, current, readOnly, onPin }: { pinned?: PinnedItem[]; current?: Item[]; readOnly: boolean; onPin: (items: PinnedItem[] | null) => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (readOnly) return pinned ? <p className="muted small">⚑ This node's output is pinned.</p> : null;
  return (
    <div className="pin-controls">
      {pinned ? (
        <>
          <span className="muted small">⚑ Pinned: runs use these {pinned.length} items instead of executing the node.</span>
          <button type="button" className="small" onClick={() => onPin(null)}>Unpin</button>
        </>
      ) : (
        current && current.length > 0 && <button type="button" className="small" onClick={() => onPin(current.map((i) => ({ json: i.json })))}>Pin this output</button>
      )}
      <button type="button" className="small" onClick={() => { setText(JSON.stringify((pinned ?? current?.map((i) => ({ json: i.json })) ?? [{ json: {} }]).map((i) => i.json), null, 2)); setEditing(!editing); }}>
        {editing ? 'Cancel editing' : 'Edit pinned data'}
      </button>
      {editing && (
        <div className="stack">
          <textarea className="code" rows={8} aria-label="Pinned data JSON" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
          {error && <div className="field-error" role="alert">{error}</div>}
          <button type="button" className="small primary" onClick={() => {
            try {
              const parsed = JSON.parse(text);
              const list = Array.isArray(parsed) ? parsed : [parsed];
              onPin(list.map((j) => ({ json: j })));
              setEditing(false);
              setError(null);
            } catch (e) {
              setError(`Pinned data must be JSON (an object or an array of objects): ${(e as Error).message}`);
            }
          }}>Pin this data</button>
        </div>
      )}
    </div>
  );
}

function Settings({ node, type, credentials, readOnly, onChange }: { node: WorkflowNode; type?: NodeType; credentials: Credential[]; readOnly: boolean; onChange: (patch: Partial<WorkflowNode>) => void }) {
  const credTypes = type?.credentials ?? [];
  return (
    <div className="form">
      <div className="field">
        <label htmlFor="set-onError">On error</label>
        <select id="set-onError" disabled={readOnly} value={node.onError ?? 'stopWorkflow'} onChange={(e) => onChange({ onError: e.target.value as WorkflowNode['onError'] })}>
          <option value="stopWorkflow">Stop the workflow</option>
          <option value="continueRegularOutput">Continue (failed items go to the regular output)</option>
          <option value="continueErrorOutput">Continue using the error output</option>
        </select>
      </div>
      <div className="field">
        <label className="inline"><input type="checkbox" disabled={readOnly} checked={!!node.disabled} onChange={(e) => onChange({ disabled: e.target.checked || undefined })} /> Disabled (items pass through)</label>
      </div>
      {['retryOnFail', 'alwaysOutputData', 'executeOnce'].map((k) => (
        <div className="field" key={k}>
          <label className="inline"><input type="checkbox" disabled={readOnly} checked={node[k] === true} onChange={(e) => onChange({ [k]: e.target.checked || undefined })} /> {k === 'retryOnFail' ? 'Retry on fail' : k === 'alwaysOutputData' ? 'Always output data' : 'Execute once'}</label>
        </div>
      ))}
      {credTypes.map((ct) => (
        <div className="field" key={ct}>
          <label htmlFor={`cred-${ct}`}>Credential ({ct})</label>
          <select id={`cred-${ct}`} disabled={readOnly} value={node.credentials?.[ct]?.id ?? ''}
            onChange={(e) => {
              const c = credentials.find((x) => x.id === e.target.value);
              const next = { ...(node.credentials ?? {}) };
              if (c) next[ct] = { id: c.id, name: c.name };
              else delete next[ct];
              onChange({ credentials: next });
            }}>
            <option value="">None</option>
            {credentials.filter((c) => c.type === ct).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
      ))}
      <div className="field">
        <label htmlFor="set-notes">Notes</label>
        <textarea id="set-notes" rows={3} disabled={readOnly} value={node.notes ?? ''} onChange={(e) => onChange({ notes: e.target.value || undefined })} />
      </div>
    </div>
  );
}
