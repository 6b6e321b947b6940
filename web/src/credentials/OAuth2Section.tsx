import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Credential } from '../api/types';
import { type GrantKind, isConnected, waitForConnection } from './oauth2';

export interface OAuth2SectionProps {
  /** The credential as stored on the server; null until the form is saved the first time. */
  credential: Credential | null;
  grant: GrantKind;
  /** The callback URL to register with the provider. */
  redirectUri: string;
  /** Saves the form (creating the credential when new) and answers what the server stored; throws with a message to show. */
  ensureSaved: () => Promise<Credential>;
  onCredential: (c: Credential) => void;
  disabled?: boolean;
  /** Opens the sign-in window; the default opens a popup. Tests replace it. */
  openWindow?: () => Window | null;
}

type Result = { ok: boolean; message: string } | null;

/** Opens a blank popup at once, inside the click, so popup blockers let it through; its address is set once known. */
function openPopup(): Window | null {
  const w = window.open('', 'tessera-oauth2', 'popup=yes,width=600,height=720');
  // The provider's page must not be able to reach back into Tessera through window.opener.
  if (w) w.opener = null;
  return w;
}

/**
 * The OAuth2 part of the credential form: the redirect URL to register, the account status (never a token), and
 * "Connect my account" for the code grants or "Test" for client credentials.
 */
export function OAuth2Section({ credential, grant, redirectUri, ensureSaved, onCredential, disabled, openWindow = openPopup }: OAuth2SectionProps) {
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState<'connect' | 'test' | null>(null);
  const [result, setResult] = useState<Result>(null);
  const [fallbackUrl, setFallbackUrl] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);
  const connected = isConnected(credential);

  const copy = async (input: HTMLInputElement | null) => {
    try {
      await navigator.clipboard.writeText(redirectUri);
    } catch {
      // No clipboard permission (plain http): leave the URL selected for Ctrl+C.
      input?.select();
    }
    setCopied(true);
  };
  const urlInput = useRef<HTMLInputElement>(null);

  const connect = async () => {
    const popup = openWindow();
    setBusy('connect');
    setResult(null);
    setFallbackUrl(null);
    try {
      const saved = await ensureSaved();
      const { authUrl } = await api.oauth2Auth(saved.id);
      if (popup && !popup.closed) popup.location.href = authUrl;
      else setFallbackUrl(authUrl);
      const r = await waitForConnection({
        load: () => api.credential(saved.id),
        before: saved,
        // A blocked popup leaves the user the link: keep waiting until the form goes away or the time is up.
        stopped: () => !alive.current || (!!popup && popup.closed),
      });
      if (r.credential) onCredential(r.credential);
      if (!alive.current) return;
      if (r.outcome === 'connected') {
        popup?.close();
        setFallbackUrl(null);
        setResult({ ok: true, message: 'Connected: the provider granted access and the token is stored.' });
      } else {
        setResult({ ok: false, message: r.outcome === 'closed'
          ? 'The sign-in window was closed before the provider sent Tessera back a code. Connect again to retry.'
          : 'No answer from the provider within 10 minutes. Connect again to retry.' });
      }
    } catch (e) {
      popup?.close();
      if (alive.current) setResult({ ok: false, message: (e as Error).message });
    } finally {
      if (alive.current) setBusy(null);
    }
  };

  const test = async () => {
    setBusy('test');
    setResult(null);
    try {
      const saved = await ensureSaved();
      const r = await api.testCredential(saved.id);
      setResult(r);
      // A successful client-credentials test stores the token it fetched.
      onCredential(await api.credential(saved.id));
    } catch (e) {
      setResult({ ok: false, message: (e as Error).message });
    } finally {
      if (alive.current) setBusy(null);
    }
  };

  return (
    <fieldset className="stack oauth2">
      <legend>OAuth2 connection</legend>
      <label htmlFor="oauth2-redirect-url">OAuth Redirect URL</label>
      <div className="row">
        <input id="oauth2-redirect-url" ref={urlInput} readOnly value={redirectUri} aria-describedby="oauth2-redirect-hint" onFocus={(e) => e.target.select()} />
        <button type="button" aria-label="Copy the OAuth Redirect URL" onClick={() => copy(urlInput.current)}>{copied ? 'Copied' : 'Copy'}</button>
      </div>
      <span id="oauth2-redirect-hint" className="muted small">
        {grant === 'client' ? 'Client credentials need no redirect; other grants register this URL with the provider.' : 'Register this URL as the redirect (callback) URL of the app at the provider.'}
      </span>
      <p className="row" aria-live="polite">
        <span>Account:</span>
        <span className={`badge ${connected ? 'ok-text' : ''}`} data-testid="oauth2-status">{connected ? 'Connected' : 'Not connected'}</span>
      </p>
      <div className="row">
        {grant !== 'client' && (
          <button type="button" className="primary" disabled={disabled || busy !== null} onClick={connect}>
            {busy === 'connect' ? 'Waiting for the provider…' : connected ? 'Reconnect my account' : 'Connect my account'}
          </button>
        )}
        {grant !== 'code' && (
          <button type="button" disabled={disabled || busy !== null} onClick={test}>{busy === 'test' ? 'Testing…' : 'Test'}</button>
        )}
      </div>
      {fallbackUrl && <p className="small">The browser blocked the sign-in window: <a href={fallbackUrl} target="_blank" rel="noopener noreferrer">open the provider's sign-in page</a>.</p>}
      {result && <p role="status" className={result.ok ? 'ok-text' : 'danger-text'}>{result.ok ? '✓ ' : '✗ '}{result.message}</p>}
    </fieldset>
  );
}
