import { useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';

export function initialTheme(): Theme {
  const saved = localStorage.getItem('tessera.theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(t: Theme): void {
  document.documentElement.dataset.theme = t;
  localStorage.setItem('tessera.theme', t);
  window.dispatchEvent(new Event('tessera-theme'));
}

/** The current theme, re-rendering the caller when it changes (for components that style themselves, like the canvas). */
export function useTheme(): Theme {
  return useSyncExternalStore(
    (notify) => {
      window.addEventListener('tessera-theme', notify);
      return () => window.removeEventListener('tessera-theme', notify);
    },
    () => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'),
  );
}
