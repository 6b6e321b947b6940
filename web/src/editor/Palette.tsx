import { useMemo, useState } from 'react';
import type { NodeType } from '../api/types';
import { iconFor } from './nodeTypes';

export const DRAG_MIME = 'application/x-tessera-node-type';

/** The node catalogue grouped by category, searchable; drag an entry onto the canvas or press Enter to add it. */
export function Palette({ types, onAdd }: { types: NodeType[]; onAdd: (type: NodeType) => void }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const match = (t: NodeType) => !q || t.displayName.toLowerCase().includes(q) || t.name.toLowerCase().includes(q) || (t.description ?? '').toLowerCase().includes(q);
    const byCat = new Map<string, NodeType[]>();
    for (const t of types.filter(match)) {
      const cat = t.category || 'Other';
      if (!byCat.has(cat)) byCat.set(cat, []);
      byCat.get(cat)!.push(t);
    }
    for (const list of byCat.values()) list.sort((a, b) => a.displayName.localeCompare(b.displayName));
    return [...byCat.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [types, query]);

  return (
    <aside className="palette" aria-label="Nodes">
      <input type="search" placeholder="Search nodes" aria-label="Search nodes" value={query} onChange={(e) => setQuery(e.target.value)} />
      <div className="palette-list">
        {groups.length === 0 && <p className="muted small">No node matches “{query}”.</p>}
        {groups.map(([cat, list]) => (
          <details key={cat} open>
            <summary>{cat} <span className="muted small">{list.length}</span></summary>
            <ul>
              {list.map((t) => (
                <li key={t.name}>
                  <button
                    type="button"
                    className="palette-item"
                    draggable
                    title={t.description || t.displayName}
                    aria-label={`Add ${t.displayName} node`}
                    data-node-type={t.name}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DRAG_MIME, t.name);
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => onAdd(t)}
                  >
                    <span className="palette-icon" aria-hidden="true">{iconFor(t.name)}</span>
                    <span>{t.displayName}</span>
                  </button>
                </li>
              ))}
            </ul>
          </details>
        ))}
      </div>
    </aside>
  );
}
