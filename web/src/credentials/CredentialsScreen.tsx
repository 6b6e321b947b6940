import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Credential, CredentialType } from '../api/types';
import { can, useSession } from '../app/session';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { ErrorBanner } from '../ui/ErrorBanner';
import { formatTime } from '../ui/StatusBadge';
import { OAuth2Section } from './OAuth2Section';
import { type GrantKind, OAUTH2_TYPE, callbackUrl, grantKind, isConnected, userFields, visibleProperties } from './oauth2';

/** Credentials of the project. Stored secrets never come back from the server, so the form never shows them. */
export function CredentialsScreen() {
  const session = useSession();
  const projectId = session.project?.id;
  const [list, setList] = useState<Credential[] | null>(null);
  const [types, setTypes] = useState<CredentialType[]>([]);
  const [editing, setEditing] = useState<Credential | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Credential | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, { ok: boolean; message: string }>>({});
  const canEdit = can(session, 'editor');

  const load = useCallback(async () => {
    try {
      setList(await api.credentials(projectId));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [projectId]);

  useEffect(() => {
    load();
    api.credentialTypes().then(setTypes).catch((e) => setError((e as Error).message));
  }, [load]);

  const test = async (c: Credential) => {
    try {
      const r = await api.testCredential(c.id);
      setTests((t) => ({ ...t, [c.id]: r }));
    } catch (e) {
      setTests((t) => ({ ...t, [c.id]: { ok: false, message: (e as Error).message } }));
    }
  };

  const typeName = (n: string) => types.find((t) => t.name === n)?.displayName ?? n;

  return (
    <div className="page">
      <div className="page-head">
        <h1>Credentials</h1>
        <span className="spacer" />
        {canEdit && <button type="button" className="primary" onClick={() => setEditing('new')}>Create credential</button>}
      </div>
      <ErrorBanner message={error} onClose={() => setError(null)} />
      {!list ? <p aria-busy="true">Loading…</p> : list.length === 0 ? <div className="empty"><p>No credentials yet.</p></div> : (
        <table className="table" aria-label="Credentials">
          <thead><tr><th>Name</th><th>Type</th><th>Fields set</th><th>Updated</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{typeName(c.type)}</td>
                <td className="muted small">
                  {userFields(c).join(', ') || '—'}
                  {c.type === OAUTH2_TYPE && <> · <span className={isConnected(c) ? 'ok-text' : ''}>{isConnected(c) ? 'Connected' : 'Not connected'}</span></>}
                </td>
                <td className="muted small">{formatTime(c.updatedAt)}</td>
                <td className="actions">
                  <button type="button" className="ghost" aria-label={`Test ${c.name}`} onClick={() => test(c)}>Test</button>
                  {tests[c.id] && <span role="status" className={tests[c.id].ok ? 'ok-text' : 'danger-text'}>{tests[c.id].ok ? '✓ ' : '✗ '}{tests[c.id].message}</span>}
                  {canEdit && <button type="button" className="ghost" aria-label={`Edit ${c.name}`} onClick={() => setEditing(c)}>Edit</button>}
                  {canEdit && <button type="button" className="ghost danger-text" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c)}>Delete</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && <CredentialForm credential={editing === 'new' ? null : editing} types={types} projectId={projectId} onClose={() => { setEditing(null); load(); }} onSaved={() => { setEditing(null); load(); }} />}
      {deleting && <ConfirmDialog title="Delete credential" message={`Delete "${deleting.name}"? Workflows using it will fail until they get another credential.`} confirmLabel="Delete credential"
        onCancel={() => setDeleting(null)} onConfirm={async () => { const c = deleting; setDeleting(null); try { await api.deleteCredential(c.id); load(); } catch (e) { setError((e as Error).message); } }} />}
    </div>
  );
}

function CredentialForm({ credential, types, projectId, onClose, onSaved }: { credential: Credential | null; types: CredentialType[]; projectId?: string; onClose: () => void; onSaved: () => void }) {
  // What the server holds: a new credential gets one when saved, which OAuth2's Connect and Test do before leaving the form.
  const [saved, setSaved] = useState<Credential | null>(credential);
  const [name, setName] = useState(credential?.name ?? '');
  const [chosenType, setType] = useState(credential?.type ?? '');
  // The types may arrive after the dialog opens: until one is chosen, the first is the one shown.
  const type = chosenType || types[0]?.name || '';
  // Only what the user types is held here; stored values are never fetched.
  const [data, setData] = useState<Record<string, string>>({});
  // What was last sent, so Connect and Test save only when something changed since.
  const [sent, setSent] = useState<{ name: string; data: Record<string, string> } | null>(credential ? { name: credential.name, data: {} } : null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const def = types.find((t) => t.name === type);
  const isSet = (f: string) => saved?.fields.includes(f) ?? false;

  // OAuth2: the grant decides the buttons and fields. A stored grant is never sent back, so the server is asked.
  const isOAuth2 = type === OAUTH2_TYPE;
  const [serverGrant, setServerGrant] = useState<{ grant: GrantKind; redirectUri?: string } | null>(null);
  const grantProp = def?.properties.find((p) => p.name === 'grantType');
  const chosenGrant = grantKind(data.grantType, !!saved, grantProp?.default);
  const grant: GrantKind = chosenGrant !== 'unknown' ? chosenGrant : serverGrant?.grant ?? 'unknown';
  const savedId = saved?.id;
  useEffect(() => {
    if (!isOAuth2 || !savedId || data.grantType || serverGrant) return;
    api.oauth2Auth(savedId)
      .then((r) => setServerGrant({ grant: 'code', redirectUri: r.redirectUri }))
      // 400 naming the client-credentials grant, which has nothing to connect; any other failure leaves both actions.
      .catch((e) => setServerGrant({ grant: e instanceof ApiError && e.status === 400 && /client.credentials/i.test(e.message) ? 'client' : 'unknown' }));
  }, [isOAuth2, savedId, data.grantType, serverGrant]);
  const redirectUri = serverGrant?.redirectUri ?? callbackUrl(window.location.origin);

  const persist = async (): Promise<Credential> => {
    const filled: Record<string, unknown> = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== ''));
    if (saved) {
      if (sent && sent.name === name && JSON.stringify(sent.data) === JSON.stringify(data)) return saved;
      const c = await api.updateCredential(saved.id, { name, data: filled });
      setSaved(c);
      setSent({ name, data });
      return c;
    }
    // A choice the user left at its shown default is still sent when creating.
    for (const p of def?.properties ?? []) if (!p.system && p.options?.length && !(p.name in filled)) filled[p.name] = p.default ?? (typeof p.options[0] === 'string' ? p.options[0] : p.options[0].value);
    const missing = visibleProperties(def, grant).filter((p) => p.required && !filled[p.name]).map((p) => p.displayName);
    if (missing.length) throw new Error(`Fill in ${missing.join(', ')}: ${missing.length === 1 ? 'it is' : 'they are'} required for ${def?.displayName}.`);
    const c = await api.createCredential(projectId, { name, type, data: filled });
    setSaved(c);
    setSent({ name, data });
    if (isOAuth2) setServerGrant({ grant });
    return c;
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await persist();
      onSaved();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  // Connect and Test save first; their failures to save show where the form's errors do.
  const ensureSaved = async () => {
    if (!name) throw new Error('Give the credential a name first: it is saved before connecting or testing.');
    setError(null);
    return persist();
  };

  return (
    <Dialog title={saved ? `Edit ${saved.name}` : 'Create credential'} onClose={onClose}>
      <form className="stack" onSubmit={submit} autoComplete="off">
        <label>Name<input required value={name} onChange={(e) => setName(e.target.value)} autoFocus /></label>
        <label>Type
          <select value={type} disabled={!!saved} onChange={(e) => { setType(e.target.value); setData({}); }}>
            {types.map((t) => <option key={t.name} value={t.name}>{t.displayName}</option>)}
          </select>
        </label>
        {visibleProperties(def, grant).map((p) => {
          const secret = p.secret || p.type === 'password';
          const stored = isSet(p.name);
          const hint = stored && <span id={`stored-${p.name}`} className="muted small">A value is stored and never shown. Leave empty to keep it.</span>;
          if (p.options?.length) {
            const opts = p.options.map((o) => (typeof o === 'string' ? { name: o, value: o } : o));
            return (
              <label key={p.name}>{p.displayName}
                <select value={data[p.name] ?? (stored ? '' : String(p.default ?? opts[0].value))} aria-describedby={stored ? `stored-${p.name}` : undefined}
                  onChange={(e) => setData({ ...data, [p.name]: e.target.value })}>
                  {stored && <option value="">(keep the stored choice)</option>}
                  {opts.map((o) => <option key={o.value} value={o.value}>{o.name}</option>)}
                </select>
                {hint}
              </label>
            );
          }
          if (p.type === 'json') {
            return (
              <label key={p.name}><span>{p.displayName}{p.required && !stored && <span aria-hidden="true"> *</span>}</span>
                <textarea className="code" rows={5} spellCheck={false} value={data[p.name] ?? ''} placeholder={stored ? 'stored — type to replace' : '{ }'}
                  aria-describedby={stored ? `stored-${p.name}` : undefined} onChange={(e) => setData({ ...data, [p.name]: e.target.value })} />
                {hint}
              </label>
            );
          }
          return (
            <label key={p.name}><span>{p.displayName}{p.required && !stored && <span aria-hidden="true"> *</span>}</span>
              <input
                type={secret ? 'password' : p.type === 'number' ? 'number' : 'text'}
                autoComplete={secret ? 'new-password' : 'off'}
                value={data[p.name] ?? ''}
                placeholder={stored ? 'stored — type to replace' : ''}
                aria-describedby={stored ? `stored-${p.name}` : undefined}
                onChange={(e) => setData({ ...data, [p.name]: e.target.value })}
              />
              {hint}
            </label>
          );
        })}
        {isOAuth2 && <OAuth2Section credential={saved} grant={grant} redirectUri={redirectUri} ensureSaved={ensureSaved} onCredential={setSaved} disabled={busy} />}
        <ErrorBanner message={error} />
        <div className="row end">
          <button type="button" onClick={onClose}>{saved && !credential ? 'Done' : 'Cancel'}</button>
          <button type="submit" className="primary" disabled={busy || !name || !type}>{busy ? 'Saving…' : saved ? 'Save' : 'Create'}</button>
        </div>
      </form>
    </Dialog>
  );
}
