import { describe, expect, it } from 'vitest';
import type { Credential, CredentialType } from '../api/types';
import { callbackUrl, grantKind, isConnected, userFields, visibleProperties, waitForConnection } from './oauth2';

const oauth2: CredentialType = {
  name: 'oAuth2Api',
  displayName: 'OAuth2 API',
  properties: [
    { name: 'grantType', displayName: 'Grant Type', type: 'options', options: ['authorizationCode', 'clientCredentials', 'pkce'], default: 'authorizationCode' },
    { name: 'authUrl', displayName: 'Authorization URL', type: 'string' },
    { name: 'accessTokenUrl', displayName: 'Access Token URL', type: 'string', required: true },
    { name: 'clientSecret', displayName: 'Client Secret', type: 'string', secret: true },
    { name: 'authQueryParameters', displayName: 'Auth URI Query Parameters', type: 'string' },
    { name: 'oauthTokenData', displayName: 'OAuth Token Data', type: 'json', secret: true, system: true },
  ],
};

const cred = (fields: string[], updatedAt = 't0'): Credential => ({ id: 'c1', name: 'API', type: 'oAuth2Api', projectId: 'p', fields, updatedAt });

describe('oauth2 form logic', () => {
  it('builds the callback URL from the origin, as the server does without TESSERA_PUBLIC_URL', () => {
    expect(callbackUrl('http://127.0.0.1:5678')).toBe('http://127.0.0.1:5678/rest/oauth2-credential/callback');
    expect(callbackUrl('https://tessera.example.com/')).toBe('https://tessera.example.com/rest/oauth2-credential/callback');
  });

  it('knows the grant from the choice, the default for a new credential, and not at all for a stored one', () => {
    expect(grantKind('clientCredentials', true, 'authorizationCode')).toBe('client');
    expect(grantKind('pkce', true, 'authorizationCode')).toBe('code');
    expect(grantKind(undefined, false, 'authorizationCode')).toBe('code');
    expect(grantKind('', false, 'clientCredentials')).toBe('client');
    expect(grantKind(undefined, true, 'authorizationCode')).toBe('unknown');
  });

  it('never offers system properties, and drops the sign-in page fields for client credentials', () => {
    const names = (g: Parameters<typeof visibleProperties>[1]) => visibleProperties(oauth2, g).map((p) => p.name);
    expect(names('code')).toEqual(['grantType', 'authUrl', 'accessTokenUrl', 'clientSecret', 'authQueryParameters']);
    expect(names('client')).toEqual(['grantType', 'accessTokenUrl', 'clientSecret']);
    expect(names('unknown')).toEqual(names('code'));
    expect(visibleProperties(oauth2, 'code').find((p) => p.name === 'authUrl')?.required).toBe(true);
    expect(visibleProperties(oauth2, 'unknown').find((p) => p.name === 'authUrl')?.required).toBeFalsy();
    const basic: CredentialType = { name: 'httpBasicAuth', displayName: 'Basic', properties: [{ name: 'user', displayName: 'User', type: 'string' }, { name: 'x', displayName: 'X', type: 'json', system: true }] };
    expect(visibleProperties(basic, 'unknown').map((p) => p.name)).toEqual(['user']);
  });

  it('reports connected from the field names only, and lists the token field as status rather than a field', () => {
    expect(isConnected(cred(['clientId']))).toBe(false);
    expect(isConnected(cred(['clientId', 'oauthTokenData']))).toBe(true);
    expect(isConnected(null)).toBe(false);
    expect(userFields(cred(['clientId', 'oauthTokenData']))).toEqual(['clientId']);
    expect(userFields({ type: 'httpBasicAuth', fields: ['user', 'oauthTokenData'] })).toEqual(['user', 'oauthTokenData']);
  });
});

describe('waitForConnection', () => {
  function clock() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  }

  it('polls until the callback has stored a token', async () => {
    const answers = [cred(['clientId']), cred(['clientId']), cred(['clientId', 'oauthTokenData'], 't1')];
    let loads = 0;
    const r = await waitForConnection({ load: async () => answers[Math.min(loads++, answers.length - 1)], before: cred(['clientId']), stopped: () => false, ...clock() });
    expect(r.outcome).toBe('connected');
    expect(loads).toBe(3);
    expect(r.credential?.updatedAt).toBe('t1');
  });

  it('on reconnecting, waits for a new token rather than taking the old one', async () => {
    const answers = [cred(['oauthTokenData'], 't0'), cred(['oauthTokenData'], 't2')];
    let loads = 0;
    const r = await waitForConnection({ load: async () => answers[Math.min(loads++, answers.length - 1)], before: cred(['oauthTokenData'], 't0'), stopped: () => false, ...clock() });
    expect(r.outcome).toBe('connected');
    expect(loads).toBe(2);
  });

  it('gives up with one last look when the window is closed, and after the timeout', async () => {
    let closed = false;
    let loads = 0;
    const closedResult = await waitForConnection({ load: async () => { loads++; if (loads === 2) closed = true; return cred([]); }, before: cred([]), stopped: () => closed, ...clock() });
    expect(closedResult.outcome).toBe('closed');
    expect(loads).toBe(3);

    const c = clock();
    const timedOut = await waitForConnection({ load: async () => cred([]), before: cred([]), stopped: () => false, intervalMs: 1000, timeoutMs: 5000, ...c });
    expect(timedOut.outcome).toBe('timeout');
    expect(c.now()).toBe(5000);
  });

  it('keeps polling through a failed load (the server restarting, a dropped connection)', async () => {
    let loads = 0;
    const r = await waitForConnection({
      load: async () => { loads++; if (loads === 1) throw new Error('offline'); return cred(['oauthTokenData'], 't1'); },
      before: cred([]), stopped: () => false, ...clock(),
    });
    expect(r.outcome).toBe('connected');
  });
});
