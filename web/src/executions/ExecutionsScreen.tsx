import { useCallback, useEffect, useRef, useState } from 'react';
import { api, openEvents } from '../api/client';
import type { ExecutionSummary, WorkflowSummary } from '../api/types';
import { linkHandler } from '../app/router';
import { useSession } from '../app/session';
import { ErrorBanner } from '../ui/ErrorBanner';
import { StatusBadge, formatDuration, formatTime } from '../ui/StatusBadge';

const PAGE = 25;
const STATUSES = ['running', 'waiting', 'success', 'error', 'canceled'];

/** Executions with filters and keyset paging; refreshes itself from the project's SSE stream. */
export function ExecutionsScreen() {
  const session = useSession();
  const projectId = session.project?.id;
  const params = new URLSearchParams(location.search);
  const [workflowId, setWorkflowId] = useState(params.get('workflowId') ?? '');
  const [status, setStatus] = useState(params.get('status') ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ items: ExecutionSummary[]; nextCursor: string | null } | null>(null);
  const [workflows, setWorkflows] = useState<WorkflowSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    api.workflows({ projectId, limit: 200 }).then((r) => setWorkflows(r.items)).catch(() => undefined);
  }, [projectId]);

  const load = useCallback(async () => {
    try {
      setPage(await api.executions({ projectId, workflowId, status, from: from ? new Date(from).toISOString() : undefined, to: to ? new Date(to).toISOString() : undefined, limit: PAGE, cursor }));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [projectId, workflowId, status, from, to, cursor]);

  useEffect(() => {
    load();
  }, [load]);

  // Live: any execution starting or finishing in the project reloads the first page.
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (!projectId) return;
    let t: ReturnType<typeof setTimeout> | undefined;
    const bump = () => {
      clearTimeout(t);
      t = setTimeout(() => loadRef.current(), 300);
    };
    let src: EventSource | null = null;
    try {
      src = openEvents(`/events?projectId=${encodeURIComponent(projectId)}`, { executionStarted: bump, executionFinished: bump, executionWaiting: bump });
      src.onerror = () => src?.close();
    } catch {
      src = null;
    }
    return () => {
      clearTimeout(t);
      src?.close();
    };
  }, [projectId]);

  const reset = () => setCursors([undefined]);

  return (
    <div className="page">
      <div className="page-head"><h1>Executions</h1></div>
      <div className="filters" role="search">
        <select aria-label="Filter by workflow" value={workflowId} onChange={(e) => { setWorkflowId(e.target.value); reset(); }}>
          <option value="">All workflows</option>
          {workflows.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
        </select>
        <select aria-label="Filter by status" value={status} onChange={(e) => { setStatus(e.target.value); reset(); }}>
          <option value="">Any status</option>
          {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <label className="inline small">From<input type="datetime-local" aria-label="Started from" value={from} onChange={(e) => { setFrom(e.target.value); reset(); }} /></label>
        <label className="inline small">To<input type="datetime-local" aria-label="Started before" value={to} onChange={(e) => { setTo(e.target.value); reset(); }} /></label>
        <button type="button" onClick={load}>Refresh</button>
      </div>
      <ErrorBanner message={error} onClose={() => setError(null)} />
      {!page ? <p aria-busy="true">Loading…</p> : page.items.length === 0 ? <div className="empty"><p>No executions match.</p></div> : (
        <table className="table" aria-label="Executions">
          <thead><tr><th>Workflow</th><th>Status</th><th>Mode</th><th>Started</th><th>Duration</th><th>Id</th></tr></thead>
          <tbody>
            {page.items.map((x) => (
              <tr key={x.id}>
                <td><a href={`/executions/${x.id}`} onClick={linkHandler(`/executions/${x.id}`)}>{x.workflowName || x.workflowId}</a>{x.failedNode && <div className="muted small">failed at {x.failedNode}</div>}</td>
                <td><StatusBadge status={x.status} /></td>
                <td className="muted">{x.mode}</td>
                <td className="muted small">{formatTime(x.startedAt)}</td>
                <td>{formatDuration(x.durationMs)}</td>
                <td className="muted small mono">{x.id}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>Previous page</button>
        <span>Page {cursors.length}</span>
        <button type="button" disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}>Next page</button>
      </div>
    </div>
  );
}
