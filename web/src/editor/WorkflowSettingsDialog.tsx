import { useState } from 'react';
import type { WorkflowDoc } from '../api/types';
import { Dialog } from '../ui/Dialog';

/** Workflow-level settings kept in the n8n JSON: tags, time zone, error workflow, execution order. */
export function WorkflowSettingsDialog({ doc, readOnly, onSave, onClose }: { doc: WorkflowDoc; readOnly: boolean; onSave: (patch: Partial<WorkflowDoc>) => void; onClose: () => void }) {
  const settings = (doc.settings ?? {}) as Record<string, unknown>;
  const [tags, setTags] = useState((doc.tags ?? []).join(', '));
  const [timezone, setTimezone] = useState(String(settings.timezone ?? ''));
  const [errorWorkflow, setErrorWorkflow] = useState(String(settings.errorWorkflow ?? ''));
  const [order, setOrder] = useState(String(settings.executionOrder ?? 'v1'));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const next: Record<string, unknown> = { ...settings, executionOrder: order };
    if (timezone.trim()) next.timezone = timezone.trim();
    else delete next.timezone;
    if (errorWorkflow.trim()) next.errorWorkflow = errorWorkflow.trim();
    else delete next.errorWorkflow;
    onSave({ tags: [...new Set(tags.split(',').map((t) => t.trim()).filter(Boolean))], settings: next });
  };
  return (
    <Dialog title="Workflow settings" onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <label>Tags<input value={tags} disabled={readOnly} onChange={(e) => setTags(e.target.value)} placeholder="sales, nightly" aria-describedby="tags-hint" /></label>
        <span id="tags-hint" className="muted small">Separate tags with commas.</span>
        <label>Time zone<input value={timezone} disabled={readOnly} onChange={(e) => setTimezone(e.target.value)} placeholder="server default (e.g. Europe/Berlin)" /></label>
        <label>Error workflow id<input value={errorWorkflow} disabled={readOnly} onChange={(e) => setErrorWorkflow(e.target.value)} placeholder="none" /></label>
        <label>Execution order
          <select value={order} disabled={readOnly} onChange={(e) => setOrder(e.target.value)}>
            <option value="v1">v1 (branch by branch, current n8n)</option>
            <option value="v0">v0 (legacy, breadth first)</option>
          </select>
        </label>
        <div className="row end">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={readOnly}>Apply</button>
        </div>
      </form>
    </Dialog>
  );
}
