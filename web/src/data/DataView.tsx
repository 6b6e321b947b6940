import { useMemo, useState } from 'react';
import type { BinaryInfo, Item } from '../api/types';

type Mode = 'table' | 'json' | 'binary';
const MAX_ROWS = 200;

function cell(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Items as a table, as JSON, or their binary attachments with a preview of images and text. */
export function DataView({ items, label }: { items: Item[]; label: string }) {
  const hasBinary = items.some((i) => i.binary && Object.keys(i.binary).length);
  const [mode, setMode] = useState<Mode>('table');
  const columns = useMemo(() => {
    const set = new Set<string>();
    for (const it of items.slice(0, MAX_ROWS)) for (const k of Object.keys(it.json ?? {})) set.add(k);
    return [...set];
  }, [items]);

  const effective = mode === 'binary' && !hasBinary ? 'table' : mode;
  return (
    <section className="dataview" aria-label={label}>
      <div className="row">
        <span className="muted small">{items.length} item{items.length === 1 ? '' : 's'}</span>
        <span className="spacer" />
        <div role="tablist" aria-label={`${label} view`} className="seg">
          {(['table', 'json', ...(hasBinary ? ['binary'] : [])] as Mode[]).map((m) => (
            <button key={m} type="button" role="tab" aria-selected={effective === m} onClick={() => setMode(m)}>{m === 'json' ? 'JSON' : m[0].toUpperCase() + m.slice(1)}</button>
          ))}
        </div>
      </div>
      {items.length === 0 ? (
        <p className="muted small">No items.</p>
      ) : effective === 'json' ? (
        <pre className="json" tabIndex={0} aria-label={`${label} as JSON`}>{JSON.stringify(items.slice(0, MAX_ROWS).map((i) => i.json), null, 2)}</pre>
      ) : effective === 'binary' ? (
        <div className="binaries">
          {items.slice(0, MAX_ROWS).map((it, i) => Object.entries(it.binary ?? {}).map(([key, b]) => <BinaryCard key={`${i}-${key}`} index={i} name={key} bin={b} />))}
        </div>
      ) : (
        <div className="table-wrap" tabIndex={0} aria-label={`${label} as a table`}>
          <table className="table data">
            <thead><tr><th>#</th>{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
            <tbody>
              {items.slice(0, MAX_ROWS).map((it, i) => (
                <tr key={i}><td className="muted">{i}</td>{columns.map((c) => <td key={c}>{cell(it.json?.[c])}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items.length > MAX_ROWS && <p className="muted small">Showing the first {MAX_ROWS} of {items.length} items.</p>}
    </section>
  );
}

function BinaryCard({ index, name, bin }: { index: number; name: string; bin: BinaryInfo }) {
  const mime = bin.mimeType ?? 'application/octet-stream';
  const inline = typeof bin.data === 'string' && bin.data.length > 0 && !bin.id;
  let preview: React.ReactNode = null;
  if (inline && mime.startsWith('image/')) preview = <img alt={`${name} of item ${index}`} src={`data:${mime};base64,${bin.data}`} />;
  else if (inline && (mime.startsWith('text/') || mime === 'application/json')) {
    let text = '';
    try {
      text = new TextDecoder().decode(Uint8Array.from(atob(bin.data!), (c) => c.charCodeAt(0))).slice(0, 4000);
    } catch {
      text = '(not valid base64)';
    }
    preview = <pre className="json">{text}</pre>;
  }
  return (
    <div className="binary-card">
      <div><strong>{name}</strong> <span className="muted small">item {index}</span></div>
      <div className="muted small">{bin.fileName ?? 'unnamed'} · {mime}{bin.fileSize ? ` · ${bin.fileSize}` : ''}</div>
      {preview}
    </div>
  );
}
