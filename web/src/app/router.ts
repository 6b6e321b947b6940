// A small history-API router: the server serves index.html for every UI path.
import { useEffect, useState } from 'react';

const listeners = new Set<() => void>();

let guard: (() => boolean) | null = null;

/** Lets a screen with unsaved work ask before the app navigates away (returning false stays). */
export function setNavigationGuard(g: (() => boolean) | null): void {
  guard = g;
}

export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return;
  if (guard && !guard()) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  listeners.forEach((l) => l());
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** Matches `/workflows/:id` style patterns; returns the parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) out[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return out;
}

/** An in-app link: a real `<a href>` (keyboard, middle-click) that navigates without reloading. */
export function linkHandler(path: string) {
  return (e: React.MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
  };
}
