import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Credential, NodeType, Workflow } from '../api/types';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Editor } from './Editor';
import { loadNodeTypes } from './nodeTypes';

/** Loads what the editor needs (workflow, node catalogue, credentials), then shows it. */
export function EditorScreen({ workflowId }: { workflowId: string }) {
  const [data, setData] = useState<{ wf: Workflow; types: NodeType[]; credentials: Credential[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [wf, types] = await Promise.all([api.workflow(workflowId), loadNodeTypes()]);
        if (!live) return;
        setData({ wf, types, credentials: [] });
        // Credentials only fill the node settings' pickers: load them without holding up the canvas.
        const credentials = await api.credentials(wf.projectId).catch(() => []);
        if (live) setData({ wf, types, credentials });
      } catch (e) {
        if (live) setError((e as Error).message);
      }
    })();
    return () => {
      live = false;
    };
  }, [workflowId]);
  if (error) return <div className="page"><ErrorBanner message={error} /></div>;
  if (!data) return <div className="page" aria-busy="true">Loading the workflow…</div>;
  return (
    <ReactFlowProvider>
      <Editor initial={data.wf} types={data.types} credentials={data.credentials} />
    </ReactFlowProvider>
  );
}
