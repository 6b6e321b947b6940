import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import type { WorkflowSummary } from '../api/types';
import { linkHandler, navigate } from '../app/router';
import { can, useSession } from '../app/session';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorBanner } from '../ui/ErrorBanner';
import { StatusBadge, formatTime } from '../ui/StatusBadge';
import { downloadJson, safeFileName } from './download';
import { ImportDialog } from './ImportDialog';

const PAGE = 50;

export function WorkflowsScreen() {
  const session = useSession();
  const projectId = session.project?.id;
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [tag, setTag] = useState('');
  const [active, setActive] = useState<'' | 'true' | 'false'>('');
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<{ items: WorkflowSummary[]; total: number } | null>(null);
  const [knownTags, setKnownTags] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<WorkflowSummary | null>(null);
  const canEdit = can(session, 'editor');
  const canOperate = can(session, 'operator');

  useEffect(() => {
    const t = setTimeout(() => setDebounced(search), 200);
    return () => clearTimeout(t);
  }, [search]);

  const load = useCallback(async () => {
    try {
      const page = await api.workflows({ projectId, search: debounced, tag, active: active === '' ? undefined : active === 'true', limit: PAGE, offset });
      setData(page);
      setKnownTags((prev) => [...new Set([...prev, ...page.items.flatMap((w) => w.tags ?? [])])].sort());
    } catch (e) {
      setError((e as Error).message);
    }
  }, [projectId, debounced, tag, active, offset]);

  useEffect(() => {
    load();
  }, [load]);

  const act = async (what: () => Promise<unknown>) => {
    setError(null);
    try {
      await what();
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const create = () =>
    act(async () => {
      const wf = await api.createWorkflow(projectId, { name: 'My workflow', nodes: [], connections: {}, settings: { executionOrder: 'v1' } });
      navigate(`/workflows/${wf.id}`);
    });

  const pages = useMemo(() => (data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1), [data]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Workflows</h1>
        <span className="spacer" />
        {canEdit && <button type="button" onClick={() => setImporting(true)}>Import…</button>}
        {canEdit && <button type="button" className="primary" onClick={create}>Create workflow</button>}
      </div>
      <div className="filters" role="search">
        <input type="search" placeholder="Search workflows" aria-label="Search workflows" value={search} onChange={(e) => { setSearch(e.target.value); setOffset(0); }} />
        <select aria-label="Filter by tag" value={tag} onChange={(e) => { setTag(e.target.value); setOffset(0); }}>
          <option value="">All tags</option>
          {knownTags.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        <select aria-label="Filter by state" value={active} onChange={(e) => { setActive(e.target.value as '' | 'true' | 'false'); setOffset(0); }}>
          <option value="">Active and inactive</option>
          <option value="true">Active only</option>
          <option value="false">Inactive only</option>
        </select>
      </div>
      <ErrorBanner message={error} onClose={() => setError(null)} />
      {!data ? (
        <p aria-busy="true">Loading…</p>
      ) : data.items.length === 0 ? (
        <div className="empty">
          <p>{debounced || tag || active ? 'No workflow matches these filters.' : 'No workflows yet.'}</p>
          {canEdit && !debounced && <p>Create one, or import an n8n workflow JSON file.</p>}
        </div>
      ) : (
        <table className="table" aria-label="Workflows">
          <thead>
            <tr><th>Name</th><th>Tags</th><th>Active</th><th>Last run</th><th>Updated</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {data.items.map((w) => (
              <tr key={w.id}>
                <td>
                  <a href={`/workflows/${w.id}`} onClick={linkHandler(`/workflows/${w.id}`)}>{w.name}</a>
                  <div className="muted small">{w.nodeCount} nodes</div>
                </td>
                <td>{(w.tags ?? []).map((t) => <button key={t} type="button" className="tag" onClick={() => setTag(t)} aria-label={`Filter by tag ${t}`}>{t}</button>)}</td>
                <td>
                  <button type="button" role="switch" aria-checked={w.active} aria-label={`Active: ${w.name}`} className={`switch ${w.active ? 'on' : ''}`} disabled={!canOperate}
                    onClick={() => act(() => api.activate(w.id, !w.active))}>
                    <span />
                  </button>
                </td>
                <td>
                  {w.lastExecution ? (
                    <a href={`/executions/${w.lastExecution.id}`} onClick={linkHandler(`/executions/${w.lastExecution.id}`)} aria-label={`Last run of ${w.name}: ${w.lastExecution.status}`}>
                      <StatusBadge status={w.lastExecution.status} /> <span className="muted small">{formatTime(w.lastExecution.startedAt)}</span>
                    </a>
                  ) : <StatusBadge status={null} />}
                </td>
                <td className="muted small">{formatTime(w.updatedAt)}</td>
                <td className="actions">
                  <button type="button" className="ghost" aria-label={`Export ${w.name}`} onClick={() => act(async () => downloadJson(safeFileName(w.name), await api.exportWorkflow(w.id)))}>Export</button>
                  {canEdit && <button type="button" className="ghost" aria-label={`Duplicate ${w.name}`} onClick={() => act(() => api.duplicate(w.id))}>Duplicate</button>}
                  {canEdit && <button type="button" className="ghost danger-text" aria-label={`Delete ${w.name}`} onClick={() => setDeleting(w)}>Delete</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.total > PAGE && (
        <div className="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous page</button>
          <span>Page {offset / PAGE + 1} of {pages}</span>
          <button type="button" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>Next page</button>
        </div>
      )}
      {importing && <ImportDialog projectId={projectId} onClose={() => setImporting(false)} onImported={(wfs) => { setImporting(false); if (wfs.length === 1) navigate(`/workflows/${wfs[0].id}`); else load(); }} />}
      {deleting && (
        <ConfirmDialog title="Delete workflow" message={`Delete "${deleting.name}"? Its executions stay in the history, but the workflow cannot be restored.`} confirmLabel="Delete workflow"
          onCancel={() => setDeleting(null)} onConfirm={() => { const w = deleting; setDeleting(null); act(() => api.deleteWorkflow(w.id)); }} />
      )}
    </div>
  );
}
