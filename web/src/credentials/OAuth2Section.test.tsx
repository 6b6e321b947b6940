import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Credential } from '../api/types';
import { OAuth2Section, type OAuth2SectionProps } from './OAuth2Section';

const redirectUri = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
const stored = (fields: string[]): Credential => ({ id: 'c1', name: 'API', type: 'oAuth2Api', projectId: 'p', fields });

function render(over: Partial<OAuth2SectionProps>) {
  const props: OAuth2SectionProps = { credential: null, grant: 'code', redirectUri, ensureSaved: async () => stored([]), onCredential: () => undefined, ...over };
  return renderToStaticMarkup(<OAuth2Section {...props} />);
}

describe('OAuth2Section', () => {
  it('shows the redirect URL read-only with a labelled copy button', () => {
    const html = render({});
    expect(html).toContain('<label for="oauth2-redirect-url">OAuth Redirect URL</label>');
    expect(html).toContain(`<input id="oauth2-redirect-url" readOnly="" aria-describedby="oauth2-redirect-hint" value="${redirectUri}"/>`);
    expect(html).toContain('aria-label="Copy the OAuth Redirect URL"');
    expect(html).toContain('id="oauth2-redirect-hint"');
  });

  it('offers Connect for the code grants and Test for client credentials; both while the grant is unknown', () => {
    const code = render({ grant: 'code' });
    expect(code).toContain('>Connect my account</button>');
    expect(code).not.toContain('>Test</button>');
    const client = render({ grant: 'client' });
    expect(client).toContain('>Test</button>');
    expect(client).not.toContain('Connect my account');
    const unknown = render({ grant: 'unknown' });
    expect(unknown).toContain('>Connect my account</button>');
    expect(unknown).toContain('>Test</button>');
  });

  it('shows the account status from the stored field names, never a token', () => {
    expect(render({ credential: null })).toContain('>Not connected</span>');
    const connected = render({ credential: stored(['clientId', 'oauthTokenData']) });
    expect(connected).toContain('>Connected</span>');
    expect(connected).toContain('>Reconnect my account</button>');
    expect(connected).not.toContain('oauthTokenData');
  });

  it('disables the actions while the form is saving', () => {
    expect(render({ grant: 'unknown', disabled: true }).match(/<button type="button" (class="primary" )?disabled=""/g)?.length).toBe(2);
  });
});
