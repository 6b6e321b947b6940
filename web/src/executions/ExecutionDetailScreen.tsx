import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, openEvents } from '../api/client';
import type { Execution } from '../api/types';
import { linkHandler, navigate } from '../app/router';
import { can, useSession } from '../app/session';
import { DataView } from '../data/DataView';
import { inputsOf, outputsOf } from '../data/runData';
import { ErrorBanner } from '../ui/ErrorBanner';
import { StatusBadge, formatDuration, formatTime } from '../ui/StatusBadge';
import { Timeline, barsOf } from './Timeline';

const FINISHED = new Set(['success', 'error', 'canceled', 'crashed']);
// As in n8n, only executions that did not succeed can be retried; any finished one can be replayed from a node.
const RETRYABLE = new Set(['error', 'canceled', 'crashed']);

/** One execution: summary, timeline, per-node data, retry, replay from a node; follows it live while it runs. */
export function ExecutionDetailScreen({ executionId }: { executionId: string }) {
  const session = useSession();
  const [ex, setEx] = useState<Execution | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [node, setNode] = useState<string | null>(null);
  const [running, setRunning] = useState<Record<string, boolean>>({});
  const [replayFrom, setReplayFrom] = useState('');
  const [output, setOutput] = useState(0);
  const canOperate = can(session, 'operator');

  const load = useCallback(async () => {
    try {
      const x = await api.execution(executionId);
      setEx(x);
      return x;
    } catch (e) {
      setError((e as Error).message);
      return null;
    }
  }, [executionId]);

  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let src: EventSource | null = null;
    let t: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(t);
      t = setTimeout(() => loadRef.current(), 150);
    };
    load().then((x) => {
      if (!x || FINISHED.has(x.status)) return;
      src = openEvents(`/executions/${encodeURIComponent(executionId)}/events`, {
        nodeStarted: (d) => setRunning((r) => ({ ...r, [d.node]: true })),
        nodeFinished: (d) => { setRunning((r) => ({ ...r, [d.node]: false })); refresh(); },
        executionWaiting: refresh,
        executionFinished: () => { refresh(); src?.close(); },
      });
      src.onerror = () => src?.close();
    });
    return () => {
      clearTimeout(t);
      src?.close();
    };
  }, [executionId, load]);

  const bars = useMemo(() => (ex ? barsOf(ex.runData ?? {}, running) : []), [ex, running]);
  const nodes = useMemo(() => [...new Set(bars.map((b) => b.node))], [bars]);
  const selected = node ?? ex?.failedNode ?? ex?.lastNode ?? nodes[nodes.length - 1] ?? null;
  const runs = selected ? ex?.runData?.[selected] : undefined;
  const run = runs?.[runs.length - 1];
  const outs = outputsOf(run);

  const act = async (fn: () => Promise<{ executionId: string }>) => {
    setError(null);
    try {
      const r = await fn();
      navigate(`/executions/${r.executionId}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!ex) return <div className="page">{error ? <ErrorBanner message={error} /> : <p aria-busy="true">Loading…</p>}</div>;
  return (
    <div className="page execution">
      <div className="page-head">
        <h1>Execution <span className="mono">{ex.id}</span></h1>
        <StatusBadge status={ex.status} />
        <span className="spacer" />
        <a href={`/workflows/${ex.workflowId}`} onClick={linkHandler(`/workflows/${ex.workflowId}`)}>Open workflow</a>
        {canOperate && !FINISHED.has(ex.status) && <button type="button" onClick={async () => { try { await api.cancelExecution(ex.id); load(); } catch (e) { setError((e as Error).message); } }}>Cancel</button>}
        {canOperate && RETRYABLE.has(ex.status) && <button type="button" onClick={() => act(() => api.retry(ex.id))} title="Run the failed execution again from where it stopped">Retry</button>}
      </div>
      <dl className="facts">
        <div><dt>Workflow</dt><dd>{ex.workflowName || ex.workflowId}</dd></div>
        <div><dt>Mode</dt><dd>{ex.mode}</dd></div>
        <div><dt>Started</dt><dd>{formatTime(ex.startedAt)}</dd></div>
        <div><dt>Duration</dt><dd>{formatDuration(ex.durationMs)}</dd></div>
        {ex.parentExecutionId && <div><dt>Parent</dt><dd><a href={`/executions/${ex.parentExecutionId}`} onClick={linkHandler(`/executions/${ex.parentExecutionId}`)}>{ex.parentExecutionId}</a></dd></div>}
      </dl>
      <ErrorBanner message={error} onClose={() => setError(null)} />
      {ex.error && <div className="banner error" role="alert"><strong>{ex.failedNode ? `${ex.failedNode}: ` : ''}{ex.error.message}</strong>{ex.error.description && <div className="small">{ex.error.description}</div>}</div>}
      <div className="execution-grid">
        <section aria-label="Timeline section" className="card">
          <h2>Timeline</h2>
          <Timeline bars={bars} selected={selected} onSelect={(n) => { setNode(n); setOutput(0); }} />
          {canOperate && FINISHED.has(ex.status) && nodes.length > 0 && (
            <div className="row replay">
              <label className="inline small">Replay from
                <select aria-label="Replay from node" value={replayFrom || selected || ''} onChange={(e) => setReplayFrom(e.target.value)}>
                  {nodes.map((n) => <option key={n} value={n}>{n}</option>)}
                </select>
              </label>
              <button type="button" onClick={() => act(() => api.replay(ex.id, replayFrom || selected || nodes[0]))}>Replay</button>
            </div>
          )}
        </section>
        <section aria-label="Node data" className="card">
          <h2>{selected ?? 'Node data'}</h2>
          {run?.error && <div className="banner error" role="alert">{run.error.message}</div>}
          {run ? (
            <>
              <h3>Input</h3>
              <DataView items={inputsOf(ex.runData, run)} label={`Input of ${selected}`} />
              <h3>Output {outs.length > 1 && (
                <select aria-label="Output" value={output} onChange={(e) => setOutput(Number(e.target.value))}>
                  {outs.map((o, i) => <option key={i} value={i}>Output {i + 1} ({o.length})</option>)}
                </select>
              )}</h3>
              <DataView items={outs[output] ?? []} label={`Output of ${selected}`} />
            </>
          ) : <p className="muted">Select a node in the timeline.</p>}
        </section>
      </div>
    </div>
  );
}
