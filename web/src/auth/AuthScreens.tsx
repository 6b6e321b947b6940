import { useState } from 'react';
import { api } from '../api/client';
import { ErrorBanner } from '../ui/ErrorBanner';

function AuthFrame({ title, children, themeButton }: { title: string; children: React.ReactNode; themeButton: React.ReactNode }) {
  return (
    <div className="auth">
      <div className="auth-theme">{themeButton}</div>
      <main className="auth-card">
        <div className="brand big" aria-hidden="true">▦ Tessera</div>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}

export function SignInScreen({ onDone, themeButton }: { onDone: () => void; themeButton: React.ReactNode }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.login({ email, password });
      onDone();
    } catch (err) {
      setError((err as { status?: number }).status === 401 ? 'The email or password is wrong. Check both and try again.' : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthFrame title="Sign in" themeButton={themeButton}>
      <form onSubmit={submit} className="stack">
        <label>Email<input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus /></label>
        <label>Password<input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        <ErrorBanner message={error} />
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </AuthFrame>
  );
}

export function SetupScreen({ onDone, themeButton }: { onDone: () => void; themeButton: React.ReactNode }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (password.length < 8) return setError('The password needs at least 8 characters.');
    setBusy(true);
    setError(null);
    try {
      await api.setup({ email, name, password });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthFrame title="Set up the owner account" themeButton={themeButton}>
      <p className="muted">This is the first start: the account you create here owns this Tessera instance.</p>
      <form onSubmit={submit} className="stack">
        <label>Name<input autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} autoFocus /></label>
        <label>Email<input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} /></label>
        <label>Password<input type="password" autoComplete="new-password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="pw-hint" /></label>
        <span id="pw-hint" className="muted small">At least 8 characters.</span>
        <ErrorBanner message={error} />
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Creating…' : 'Create owner account'}</button>
      </form>
    </AuthFrame>
  );
}
