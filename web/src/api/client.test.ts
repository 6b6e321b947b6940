import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, onUnauthorized } from './client';

afterEach(() => vi.unstubAllGlobals());

function respond(status: number, body: unknown) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })));
}

describe('api client', () => {
  it('turns problem details into an ApiError with the slug and every field error', async () => {
    respond(400, { type: 'https://tessera.dev/problems/validation-failed', title: 'Invalid', status: 400, detail: 'The workflow has problems', errors: [{ path: 'nodes[0].type', message: 'is unknown' }] });
    const err = await api.workflow('x').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.slug).toBe('validation-failed');
    expect(err.status).toBe(400);
    expect(err.message).toBe('The workflow has problems: nodes[0].type: is unknown');
  });

  it('keeps the current version id of a conflict', async () => {
    respond(409, { type: 'https://tessera.dev/problems/version-conflict', title: 'Conflict', currentVersionId: 'v9' });
    const err = (await api.saveWorkflow('w', { name: 'n', nodes: [], connections: {}, versionId: 'v1' }).catch((e) => e)) as ApiError;
    expect(err.slug).toBe('version-conflict');
    expect(err.problem.currentVersionId).toBe('v9');
  });

  it('tells listeners about a 401 outside /auth, so the app returns to sign-in', async () => {
    const seen = vi.fn();
    const off = onUnauthorized(seen);
    respond(401, { title: 'Unauthorized' });
    await api.workflows({}).catch(() => undefined);
    await api.login({ email: 'a', password: 'b' }).catch(() => undefined);
    off();
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('sends JSON and builds query strings without empty values', async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => new Response(JSON.stringify({ items: [], total: 0 }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await api.workflows({ projectId: 'p1', search: '', tag: 'a b', limit: 50 });
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/workflows?projectId=p1&tag=a+b&limit=50');
    await api.login({ email: 'e', password: 'p' });
    const init = fetchMock.mock.calls[1][1]!;
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ email: 'e', password: 'p' });
  });
});
