import type { Credential, CredentialType, CredentialTypeProperty } from '../api/types';

/** The generic OAuth2 credential type (n8n's name). */
export const OAUTH2_TYPE = 'oAuth2Api';
/** The field Tessera writes the provider's tokens to; its value never leaves the server. */
export const OAUTH2_TOKEN_FIELD = 'oauthTokenData';
/** n8n's redirect path, served by `tessera serve` outside /api/v1 (docs/api.md). */
export const OAUTH2_CALLBACK_PATH = '/rest/oauth2-credential/callback';

/**
 * Which kind of grant the form is editing: `code` (authorization code or PKCE: the user signs in at the provider),
 * `client` (client credentials: Tessera fetches tokens itself) or `unknown` (a stored credential whose grant the
 * server has not told us yet — stored values are never fetched).
 */
export type GrantKind = 'code' | 'client' | 'unknown';

/** The callback URL to register with the provider when the server has not named one (it does in `redirectUri`). */
export function callbackUrl(origin: string): string {
  return origin.replace(/\/+$/, '') + OAUTH2_CALLBACK_PATH;
}

/** The grant from the value chosen in the form, else the type's default for a new credential. */
export function grantKind(chosen: string | undefined, storedOnServer: boolean, defaultGrant: unknown): GrantKind {
  const value = chosen || (storedOnServer ? undefined : String(defaultGrant ?? 'authorizationCode'));
  if (!value) return 'unknown';
  return value === 'clientCredentials' ? 'client' : 'code';
}

/** Client-credential grants never visit the provider's sign-in page, so its URL and query are not asked for. */
const CODE_ONLY = new Set(['authUrl', 'authQueryParameters']);

/** The properties the form edits: never those Tessera writes itself (`system`), nor the ones the grant does not use. */
export function visibleProperties(type: CredentialType | undefined, grant: GrantKind): CredentialTypeProperty[] {
  const props = (type?.properties ?? []).filter((p) => !p.system);
  if (type?.name !== OAUTH2_TYPE) return props;
  return props
    .filter((p) => !(grant === 'client' && CODE_ONLY.has(p.name)))
    // The provider's sign-in page is what the code grants are about: without it there is nothing to open.
    .map((p) => (p.name === 'authUrl' && grant === 'code' ? { ...p, required: true } : p));
}

/** Whether the server holds a token for the credential (its field names are all the API ever tells). */
export function isConnected(c: Pick<Credential, 'fields'> | null | undefined): boolean {
  return !!c?.fields.includes(OAUTH2_TOKEN_FIELD);
}

/** Field names worth listing to users: the token field is shown as the account status instead. */
export function userFields(c: Pick<Credential, 'fields' | 'type'>): string[] {
  return c.type === OAUTH2_TYPE ? c.fields.filter((f) => f !== OAUTH2_TOKEN_FIELD) : c.fields;
}

export type WaitOutcome = 'connected' | 'closed' | 'timeout';

export interface WaitOptions {
  /** Loads the credential as the server has it now. */
  load: () => Promise<Credential>;
  /** The credential before the sign-in started: a reconnection counts once the token is stored again (updatedAt moves). */
  before: Pick<Credential, 'fields' | 'updatedAt'>;
  /** True once the sign-in window was closed or the form went away: one last look, then give up. */
  stopped: () => boolean;
  intervalMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Polls the credential until the provider's callback has stored a token. The server's callback page posts no message
 * to the opener (and the opener link is cut, so the provider's page cannot reach back), so the credential is the source.
 */
export async function waitForConnection(o: WaitOptions): Promise<{ outcome: WaitOutcome; credential?: Credential }> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = o.now ?? Date.now;
  const deadline = now() + (o.timeoutMs ?? 10 * 60_000);
  const wasConnected = isConnected(o.before);
  const done = (c: Credential) => isConnected(c) && (!wasConnected || c.updatedAt !== o.before.updatedAt);
  for (;;) {
    const stopped = o.stopped();
    const c = await o.load().catch(() => undefined);
    if (c && done(c)) return { outcome: 'connected', credential: c };
    if (stopped) return { outcome: 'closed', credential: c };
    if (now() >= deadline) return { outcome: 'timeout', credential: c };
    await sleep(o.intervalMs ?? 1000);
  }
}
