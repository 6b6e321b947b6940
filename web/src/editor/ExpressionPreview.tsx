import { useEffect, useState } from 'react';

export type PreviewFn = (expression: string) => Promise<{ value?: unknown; error?: string }>;

function show(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The value an expression has for the current item, refreshed as the user types. */
export function ExpressionPreview({ expression, preview, id }: { expression: string; preview: PreviewFn; id: string }) {
  const [state, setState] = useState<{ value?: unknown; error?: string; busy: boolean }>({ busy: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, busy: true }));
    const t = setTimeout(() => {
      preview(expression)
        .then((r) => live && setState({ ...r, busy: false }))
        .catch((e) => live && setState({ error: (e as Error).message, busy: false }));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [expression, preview]);
  return (
    <div id={id} className={`expr-preview ${state.error ? 'error' : ''}`} aria-live="polite" aria-label="Expression result">
      <span className="muted small">Result: </span>
      {state.error ? <span>{state.error}</span> : state.busy && !('value' in state) ? <span className="muted">…</span> : <code>{show(state.value)}</code>}
    </div>
  );
}
