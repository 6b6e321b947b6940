// Undo/redo over immutable workflow snapshots.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

const LIMIT = 200;

export function initHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** Records a new state; `transient` replaces the present without an undo step (e.g. while dragging). */
export function commit<T>(h: History<T>, next: T, transient = false): History<T> {
  if (next === h.present) return h;
  if (transient) return { ...h, present: next };
  return { past: [...h.past.slice(-LIMIT + 1), h.present], present: next, future: [] };
}

/** Marks the present as a step to return to: used at the end of a drag that began at `before`. */
export function commitFrom<T>(h: History<T>, before: T): History<T> {
  if (before === h.present) return h;
  return { past: [...h.past.slice(-LIMIT + 1), before], present: h.present, future: [] };
}

export function undo<T>(h: History<T>): History<T> {
  if (!h.past.length) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  if (!h.future.length) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1) };
}
