// A small real OAuth2 provider for the e2e suite: an authorize endpoint that sends the browser straight back with a
// code, and a token endpoint speaking RFC 6749 (form POST in, JSON out) for the client-credentials and code grants.
import http from 'node:http';

export const PROVIDER_TOKENS = { client: 'cc-access-token-never-shown', code: 'ac-access-token-never-shown', refresh: 'refresh-token-never-shown' };

/** Starts the provider on 127.0.0.1 with a random port; `clients` maps client ids to their secrets. */
export async function startOAuth2Provider(clients) {
  const authorizeRequests = [];
  const tokenRequests = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'GET' && u.pathname === '/authorize') {
      const q = Object.fromEntries(u.searchParams);
      authorizeRequests.push({ url: req.url, query: q });
      const back = new URL(q.redirect_uri);
      back.searchParams.set('code', 'the-code');
      back.searchParams.set('state', q.state ?? '');
      res.writeHead(302, { Location: back.toString() }).end();
      return;
    }
    if (req.method === 'POST' && u.pathname === '/token') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        let [id, secret] = [form.client_id, form.client_secret];
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
        if (basic) [id, secret] = Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent);
        tokenRequests.push({ ...form, client: id, basic: !!basic });
        const json = (status, o) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(o));
        if (!(id in clients) || clients[id] !== secret) return json(401, { error: 'invalid_client', error_description: 'Unknown client or wrong secret.' });
        if (form.grant_type === 'client_credentials') return json(200, { access_token: PROVIDER_TOKENS.client, token_type: 'Bearer', expires_in: 3600 });
        if (form.grant_type === 'authorization_code' && form.code === 'the-code') {
          return json(200, { access_token: PROVIDER_TOKENS.code, refresh_token: PROVIDER_TOKENS.refresh, token_type: 'Bearer', expires_in: 3600 });
        }
        return json(400, { error: 'invalid_grant' });
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    authorizeRequests,
    tokenRequests,
    stop: () => new Promise((r) => server.close(r)),
  };
}
