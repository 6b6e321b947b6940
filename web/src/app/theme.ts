export type Theme = 'light' | 'dark';

export function initialTheme(): Theme {
  const saved = localStorage.getItem('tessera.theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(t: Theme): void {
  document.documentElement.dataset.theme = t;
  localStorage.setItem('tessera.theme', t);
}
