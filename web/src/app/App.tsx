import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, onUnauthorized } from '../api/client';
import type { ProjectRef, User } from '../api/types';
import { SetupScreen, SignInScreen } from '../auth/AuthScreens';
import { CredentialsScreen } from '../credentials/CredentialsScreen';
import { EditorScreen } from '../editor/EditorScreen';
import { ExecutionDetailScreen } from '../executions/ExecutionDetailScreen';
import { ExecutionsScreen } from '../executions/ExecutionsScreen';
import { ErrorBanner } from '../ui/ErrorBanner';
import { WorkflowsScreen } from '../workflows/WorkflowsScreen';
import { linkHandler, match, navigate, usePath } from './router';
import { SessionContext, useSession, type Session } from './session';
import { applyTheme, initialTheme, type Theme } from './theme';

type Boot = { state: 'loading' } | { state: 'setup' } | { state: 'signin' } | { state: 'ready'; user: User; projects: ProjectRef[] } | { state: 'error'; message: string };

export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [projectId, setProjectId] = useState<string | null>(() => localStorage.getItem('tessera.project'));
  const path = usePath();

  useEffect(() => applyTheme(theme), [theme]);

  const load = useCallback(async () => {
    try {
      const status = await api.authStatus();
      if (status.setupRequired) return setBoot({ state: 'setup' });
      if (!status.user) return setBoot({ state: 'signin' });
      const me = await api.me();
      let projects: ProjectRef[] = me.projects ?? [];
      if (!projects.length) projects = await api.projects().catch(() => []);
      setBoot({ state: 'ready', user: me, projects });
    } catch (e) {
      setBoot({ state: 'error', message: (e as Error).message });
    }
  }, []);

  useEffect(() => {
    load();
    return onUnauthorized(() => setBoot({ state: 'signin' }));
  }, [load]);

  const session = useMemo<Session | null>(() => {
    if (boot.state !== 'ready') return null;
    const project = boot.projects.find((p) => p.id === projectId) ?? boot.projects[0] ?? null;
    return {
      user: boot.user,
      projects: boot.projects,
      project,
      setProject: (id) => {
        localStorage.setItem('tessera.project', id);
        setProjectId(id);
      },
      signOut: async () => {
        await api.logout().catch(() => undefined);
        setBoot({ state: 'signin' });
        navigate('/signin');
      },
    };
  }, [boot, projectId]);

  const themeButton = (
    <button type="button" className="ghost" aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );

  if (boot.state === 'loading') return <div className="center-screen" aria-busy="true">Loading…</div>;
  if (boot.state === 'error') return <div className="center-screen"><ErrorBanner message={boot.message} /><button onClick={load}>Try again</button></div>;
  if (boot.state === 'setup') return <SetupScreen onDone={load} themeButton={themeButton} />;
  if (boot.state === 'signin' || !session) return <SignInScreen onDone={load} themeButton={themeButton} />;

  return (
    <SessionContext.Provider value={session}>
      <Shell path={path} themeButton={themeButton} />
    </SessionContext.Provider>
  );
}

function Shell({ path, themeButton }: { path: string; themeButton: React.ReactNode }) {
  let screen: React.ReactNode;
  let m: Record<string, string> | null;
  const entry = path === '/' || path === '/signin' || path === '/setup';
  useEffect(() => {
    if (entry) navigate('/workflows', true);
  }, [entry]);
  if (entry) screen = null;
  else if (path === '/workflows') screen = <WorkflowsScreen />;
  else if ((m = match('/workflows/:id', path))) screen = <EditorScreen key={m.id} workflowId={m.id} />;
  else if (path === '/executions') screen = <ExecutionsScreen />;
  else if ((m = match('/executions/:id', path))) screen = <ExecutionDetailScreen key={m.id} executionId={m.id} />;
  else if (path === '/credentials') screen = <CredentialsScreen />;
  else screen = <div className="page"><h1>Not found</h1><p>No page at {path}. <a href="/workflows" onClick={linkHandler('/workflows')}>Go to workflows</a>.</p></div>;

  return (
    <div className="app">
      <TopBar path={path} themeButton={themeButton} />
      <main className="main" id="main">{screen}</main>
    </div>
  );
}


function TopBar({ path, themeButton }: { path: string; themeButton: React.ReactNode }) {
  const s = useSession();
  const nav = [
    ['/workflows', 'Workflows'],
    ['/executions', 'Executions'],
    ['/credentials', 'Credentials'],
  ] as const;
  return (
    <header className="topbar">
      <a className="skip" href="#main">Skip to content</a>
      <span className="brand" aria-hidden="true">▦ Tessera</span>
      <nav aria-label="Main">
        {nav.map(([href, label]) => (
          <a key={href} href={href} onClick={linkHandler(href)} aria-current={path.startsWith(href) ? 'page' : undefined}>{label}</a>
        ))}
      </nav>
      <span className="spacer" />
      <label className="inline">
        <span className="muted">Project</span>
        <select aria-label="Project" value={s.project?.id ?? ''} onChange={(e) => s.setProject(e.target.value)}>
          {s.projects.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.role})</option>)}
        </select>
      </label>
      {themeButton}
      <span className="muted user" title={s.user.email}>{s.user.name || s.user.email}</span>
      <button type="button" className="ghost" onClick={s.signOut}>Sign out</button>
    </header>
  );
}
