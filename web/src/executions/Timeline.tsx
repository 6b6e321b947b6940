import type { RunData } from '../api/types';
import { formatDuration } from '../ui/StatusBadge';

export interface Bar {
  node: string;
  run: number;
  start: number;
  duration: number;
  status: 'success' | 'error' | 'running';
}

/** The node runs of an execution as bars on one time axis, in start order. */
export function barsOf(runData: RunData, running: Record<string, boolean> = {}): Bar[] {
  const bars: Bar[] = [];
  for (const [node, runs] of Object.entries(runData)) {
    runs.forEach((r, i) => bars.push({ node, run: i, start: r.startTime, duration: Math.max(0, r.executionTime ?? 0), status: r.error ? 'error' : 'success' }));
  }
  for (const node of Object.keys(running)) if (running[node] && !runData[node]) bars.push({ node, run: 0, start: Date.now(), duration: 0, status: 'running' });
  return bars.sort((a, b) => a.start - b.start || a.node.localeCompare(b.node));
}

/** A Gantt-style chart: one row per node run, bar offset by its start and sized by its duration. */
export function Timeline({ bars, selected, onSelect }: { bars: Bar[]; selected: string | null; onSelect: (node: string) => void }) {
  if (!bars.length) return <p className="muted">No node has run yet.</p>;
  const t0 = Math.min(...bars.map((b) => b.start));
  const end = Math.max(...bars.map((b) => b.start + b.duration));
  const span = Math.max(end - t0, 1);
  return (
    <div className="timeline" role="list" aria-label="Timeline">
      <div className="timeline-axis" aria-hidden="true"><span>0 ms</span><span>{formatDuration(span)}</span></div>
      {bars.map((b) => {
        const left = ((b.start - t0) / span) * 100;
        const width = Math.max((b.duration / span) * 100, 0.6);
        return (
          <button key={`${b.node}-${b.run}`} type="button" role="listitem" className={`timeline-row ${selected === b.node ? 'selected' : ''}`} onClick={() => onSelect(b.node)}
            aria-label={`${b.node}${b.run ? ` run ${b.run + 1}` : ''}: ${b.status}, started at +${formatDuration(b.start - t0)}, took ${formatDuration(b.duration)}`}>
            <span className="timeline-label">{b.node}{b.run > 0 && <span className="muted small"> #{b.run + 1}</span>}</span>
            <span className="timeline-track">
              <span className={`timeline-bar ${b.status}`} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} />
            </span>
            <span className="timeline-dur small">{formatDuration(b.duration)}</span>
          </button>
        );
      })}
    </div>
  );
}
