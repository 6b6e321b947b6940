import { useCallback, useEffect, useRef, useState } from 'react';
import { api, openEvents } from '../api/client';
import type { Execution, ExecutionStatus, RunData } from '../api/types';

export type LiveStatus = 'running' | 'success' | 'error' | 'waiting';

export interface RunState {
  executionId: string | null;
  status: ExecutionStatus | 'starting';
  runData: RunData | null;
  live: Record<string, { status: LiveStatus; items?: number; error?: string }>;
  error?: string | null;
}

const FINISHED = new Set(['success', 'error', 'canceled', 'crashed']);

/**
 * Follows one execution: node progress from its SSE stream, and the full run data from GET /executions/{id} (polled
 * as a fallback while the stream is silent, then once more when it finishes).
 */
export function useExecutionFollower() {
  const [state, setState] = useState<RunState | null>(null);
  const stop = useRef<() => void>(() => undefined);

  useEffect(() => () => stop.current(), []);

  const apply = useCallback((ex: Execution) => {
    setState((s) => ({ executionId: ex.id, status: ex.status, runData: ex.runData ?? {}, live: FINISHED.has(ex.status) ? {} : (s?.live ?? {}), error: ex.error?.message ?? null }));
    return FINISHED.has(ex.status);
  }, []);

  const follow = useCallback((executionId: string) => {
    stop.current();
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => ({ executionId, status: 'running', runData: s?.runData ?? null, live: {}, error: null }));
    const refresh = async () => {
      if (done) return;
      try {
        const ex = await api.execution(executionId);
        if (apply(ex)) finish();
      } catch {
        /* the execution may not be stored yet: try again on the next tick */
      }
    };
    const poll = () => {
      timer = setTimeout(async () => {
        await refresh();
        if (!done) poll();
      }, 600);
    };
    let source: EventSource | null = null;
    try {
      source = openEvents(`/executions/${encodeURIComponent(executionId)}/events`, {
        nodeStarted: (d) => setState((s) => (s ? { ...s, live: { ...s.live, [d.node]: { status: 'running' } } } : s)),
        nodeFinished: (d) =>
          setState((s) => (s ? { ...s, live: { ...s.live, [d.node]: { status: d.status === 'error' ? 'error' : 'success', items: (d.itemCounts ?? []).reduce((a: number, b: number) => a + b, 0), error: d.error?.message ?? d.error } } } : s)),
        executionWaiting: (d) => setState((s) => (s ? { ...s, status: 'waiting', live: { ...s.live, [d.node]: { status: 'waiting' } } } : s)),
        executionFinished: () => void refresh(),
      });
      source.onerror = () => source?.close();
    } catch {
      source = null;
    }
    function finish() {
      done = true;
      if (timer) clearTimeout(timer);
      source?.close();
    }
    stop.current = finish;
    poll();
  }, [apply]);

  const clear = useCallback(() => {
    stop.current();
    setState(null);
  }, []);

  return { state, setState, follow, apply, clear };
}
