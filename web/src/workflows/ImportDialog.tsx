import { useState } from 'react';
import { api } from '../api/client';
import type { Workflow } from '../api/types';
import { Dialog } from '../ui/Dialog';
import { ErrorBanner } from '../ui/ErrorBanner';

/** Imports n8n workflow JSON from a file or pasted text (one workflow or an array). */
export function ImportDialog({ projectId, onClose, onImported }: { projectId?: string; onClose: () => void; onImported: (wfs: Workflow[]) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return setError(`That is not valid JSON: ${(err as Error).message}. Paste the workflow exactly as n8n exported it.`);
    }
    setBusy(true);
    setError(null);
    try {
      const result = await api.importWorkflows(projectId, json);
      onImported(Array.isArray(result) ? result : [result]);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Import n8n workflow" onClose={onClose} wide>
      <form className="stack" onSubmit={submit}>
        <label>From a file<input type="file" accept=".json,application/json" onChange={(e) => readFile(e.target.files?.[0])} /></label>
        <label>Or paste the JSON
          <textarea className="code" rows={14} value={text} onChange={(e) => setText(e.target.value)} placeholder='{ "name": "…", "nodes": [ … ], "connections": { … } }' spellCheck={false} />
        </label>
        <ErrorBanner message={error} />
        <div className="row end">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !text.trim()}>{busy ? 'Importing…' : 'Import'}</button>
        </div>
      </form>
    </Dialog>
  );
}
