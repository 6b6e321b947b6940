// End-to-end tests of the web UI against a real Tessera server in headless Chromium.
// Run: node e2e/run.mjs (after `npm run build` and the .NET build). E2E_SCREENSHOTS=1 also writes docs/images/*.png.
import fs from 'node:fs';
import path from 'node:path';
import { expect, launchBrowser, repoRoot, runAll, startServer, test } from './harness.mjs';
import { importedWorkflow } from './fixtures.mjs';
import { PROVIDER_TOKENS, startOAuth2Provider } from './oauth2-provider.mjs';

const OWNER = { name: 'Ada Owner', email: 'owner@example.com', password: 'correct horse battery' };
const VIEWER = { name: 'Vic Viewer', email: 'viewer@example.com', password: 'viewer password 1' };
const SECRET = 'pa55-w0rd-never-shown';
const shots = process.env.E2E_SCREENSHOTS === '1';
const imagesDir = process.env.E2E_SCREENSHOT_DIR ?? path.join(repoRoot, 'docs/images');
const state = {};

async function screenshot(page, name) {
  if (!shots) return;
  fs.mkdirSync(imagesDir, { recursive: true });
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(imagesDir, `${name}.png`) });
}

async function signIn(page, url, who) {
  await page.goto(`${url}/workflows`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
}

/** Drags a palette entry onto the canvas at a point relative to the canvas' top-left corner. */
async function dropNode(page, label, x, y) {
  const canvas = page.locator('.react-flow__pane');
  await page.getByRole('button', { name: `Add ${label} node` }).dragTo(canvas, { targetPosition: { x, y } });
}

/** Drags from one node's output handle to another node's input handle, as a user draws a connection. */
async function connectNodes(page, from, to, output = 0) {
  const src = page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle[data-handleid="out-${output}"]`);
  const dst = page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle[data-handleid="in-0"]`);
  const a = await src.boundingBox();
  const b = await dst.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Opens a node's panel by double-clicking it, closing an open panel first so it cannot cover the node. */
async function openNode(page, name) {
  const close = page.getByRole('button', { name: 'Close node panel' });
  if (await close.count()) await close.click();
  const node = page.locator(`.react-flow__node[data-id="${name}"]`);
  const panel = page.getByLabel('Node name').and(page.locator(`[value="${name}"]`));
  // A node still moving (auto-layout, undo) can take the double-click on its old spot: try again a few times.
  for (let attempt = 1; ; attempt++) {
    await node.dblclick();
    try {
      await panel.waitFor({ timeout: 3000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

async function api(page, method, p, body) {
  return page.evaluate(async ([m, url, b]) => {
    const r = await fetch(`/api/v1${url}`, { method: m, headers: { 'Content-Type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null, text };
  }, [method, p, body]);
}

test('first run: set up the owner, sign out, sign in again', async ({ page, url }) => {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Set up the owner account' }).waitFor();
  await screenshot(page, 'setup');
  await page.getByLabel('Name').fill(OWNER.name);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
  expect(await page.getByLabel('Project').count() === 1, 'the project switcher is shown');
});

test('import an n8n workflow from a JSON file (or pasted)', async ({ page }) => {
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('Or paste the JSON').fill('{ not json');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('dialog').getByRole('alert').filter({ hasText: 'not valid JSON' }).waitFor();
  await page.getByLabel('From a file').setInputFiles({ name: 'workflow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(importedWorkflow, null, 2)) });
  await page.waitForFunction(() => document.querySelector('dialog textarea').value.includes('Imported from n8n'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.locator('.react-flow__node[data-id="Edit Fields"]').waitFor();
  expect(await page.locator('.react-flow__node').count() === 2, 'both imported nodes are on the canvas');
  expect(await page.locator('.react-flow__edge').count() === 1, 'the imported connection is drawn');
  state.importedUrl = page.url();
  await page.getByRole('link', { name: 'Back to workflows' }).click();
  await page.getByRole('link', { name: 'Imported from n8n' }).waitFor();
  await page.getByRole('button', { name: 'Filter by tag demo' }).waitFor();
});

test('build a 4-node workflow by drag and drop, set an expression and see its preview', async ({ page }) => {
  await page.getByRole('button', { name: 'Create workflow' }).click();
  await page.locator('.react-flow__pane').waitFor();
  await page.getByLabel('Workflow name').fill('Built in the browser');
  await dropNode(page, 'Manual Trigger', 120, 200);
  await dropNode(page, 'Edit Fields (Set)', 380, 200);
  await dropNode(page, 'Edit Fields (Set)', 640, 200);
  await dropNode(page, 'No Operation, do nothing', 900, 200);
  expect(await page.locator('.react-flow__node').count() === 4, 'four nodes on the canvas');
  await connectNodes(page, 'Manual Trigger', 'Edit Fields');
  await connectNodes(page, 'Edit Fields', 'Edit Fields1');
  await connectNodes(page, 'Edit Fields1', 'No Operation, do nothing');
  const edges = await page.locator('.react-flow__edge').count();
  expect(edges === 3, `three connections drawn (found ${edges})`);

  // The first Set node: a field whose value is an expression, with its live preview.
  await openNode(page, 'Edit Fields');
  await page.getByRole('button', { name: '+ Add field' }).click();
  await page.getByLabel('Field 1 name').fill('greeting');
  await page.getByLabel('Expression mode for field 1 value').click();
  await page.getByLabel('Field 1 value', { exact: true }).fill("{{ 'Hello ' + 'Tessera' }}");
  await page.getByLabel('Expression result').filter({ hasText: 'Hello Tessera' }).waitFor();
  await screenshot(page, 'editor-expression');

  // The second Set node keeps the field and adds one computed from it.
  await openNode(page, 'Edit Fields1');
  await page.getByRole('button', { name: '+ Add field' }).click();
  await page.getByLabel('Field 1 name').fill('length');
  await page.getByLabel('Field 1 type').selectOption('number');
  await page.getByLabel('Expression mode for field 1 value').click();
  await page.getByLabel('Field 1 value', { exact: true }).fill('{{ $json.greeting.length }}');
  const include = page.getByRole('switch', { name: 'Include Other Input Fields' });
  if (await include.count()) await include.check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  state.builtUrl = page.url();
});

test('run the workflow and check every node output in the UI', async ({ page }) => {
  await page.getByRole('button', { name: '▶ Run workflow' }).click();
  for (const name of ['Manual Trigger', 'Edit Fields', 'Edit Fields1', 'No Operation, do nothing'])
    await page.locator(`.react-flow__node[data-id="${name}"] .wf-node.st-success`).waitFor({ timeout: 20_000 });
  await openNode(page, 'Edit Fields');
  await page.getByRole('tab', { name: /Output/ }).click();
  await page.getByLabel('Output items as a table').getByText('Hello Tessera').waitFor();
  await openNode(page, 'Edit Fields1');
  await page.getByRole('tab', { name: /Output/ }).click();
  const table = page.getByLabel('Output items as a table');
  await table.getByText('13', { exact: true }).waitFor();
  await page.getByRole('tab', { name: 'JSON' }).click();
  const json = await page.getByLabel('Output items as JSON').textContent();
  expect(json.includes('"length": 13'), `the JSON view shows the computed field (got ${json})`);
  await openNode(page, 'No Operation, do nothing');
  await page.getByRole('tab', { name: /Output/ }).click();
  await page.getByLabel('Output items as a table').getByText('Hello Tessera').waitFor();
  await page.getByRole('tab', { name: /Input/ }).click();
  await page.getByLabel('Input items as a table').getByText('Hello Tessera').waitFor();
  await page.getByRole('tab', { name: /Output/ }).click();
  await screenshot(page, 'editor-run');
});

test('copy and paste nodes as n8n clipboard JSON, undo, redo and auto-layout', async ({ page }) => {
  const nodes = page.locator('.react-flow__node');
  await page.getByRole('button', { name: 'Close node panel' }).click();
  await page.locator('.react-flow__node[data-id="Edit Fields1"]').click();
  await page.keyboard.press('Control+c');
  const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
  expect(copied && JSON.parse(copied).nodes[0].name === 'Edit Fields1', `the system clipboard holds n8n node JSON (got ${copied})`);
  await page.keyboard.press('Control+v');
  await page.locator('.react-flow__node[data-id="Edit Fields2"]').waitFor();
  expect((await nodes.count()) === 5, 'the pasted node is added with a fresh name');
  await page.keyboard.press('Control+z');
  await page.locator('.react-flow__node[data-id="Edit Fields2"]').waitFor({ state: 'detached' });
  await page.keyboard.press('Control+Shift+z');
  await page.locator('.react-flow__node[data-id="Edit Fields2"]').waitFor();
  await page.keyboard.press('Control+z');
  await page.locator('.react-flow__node[data-id="Edit Fields2"]').waitFor({ state: 'detached' });

  const before = await page.locator('.react-flow__node[data-id="Edit Fields"]').getAttribute('style');
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.waitForFunction((b) => document.querySelector('.react-flow__node[data-id="Edit Fields"]').getAttribute('style') !== b, before);
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction(() => !document.body.textContent.includes('unsaved changes'));
});

test('pin a node output and unpin it', async ({ page }) => {
  await openNode(page, 'Edit Fields1');
  await page.getByRole('tab', { name: /Output/ }).click();
  await page.getByRole('button', { name: 'Pin this output' }).click();
  await page.locator('.react-flow__node[data-id="Edit Fields1"]').getByLabel('Output pinned').waitFor();
  await page.getByText(/Pinned: runs use these 1 items/).waitFor();
  await page.getByRole('button', { name: 'Unpin' }).click();
  await page.locator('.react-flow__node[data-id="Edit Fields1"]').getByLabel('Output pinned').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Close node panel' }).click();
});

test('keyboard: Enter opens a focused node, Escape closes it, arrows move it and undo puts it back', async ({ page }) => {
  const node = page.locator('.react-flow__node[data-id="Edit Fields"]');
  await node.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('complementary', { name: 'Node Edit Fields' }).waitFor();
  await page.getByRole('tab', { name: 'Parameters' }).focus();
  await page.keyboard.press('Escape');
  await page.getByRole('complementary', { name: 'Node Edit Fields' }).waitFor({ state: 'detached' });
  await node.click();
  await node.focus();
  const before = await node.getAttribute('style');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => document.querySelector('.react-flow__node[data-id="Edit Fields"]').getAttribute('style') !== b, before);
  await page.keyboard.press('Control+z');
  await page.waitForFunction((b) => document.querySelector('.react-flow__node[data-id="Edit Fields"]').getAttribute('style') === b, before);
});

test('saving over a change made elsewhere reports the version conflict and can overwrite it', async ({ page }) => {
  const id = new URL(state.builtUrl).pathname.split('/').pop();
  const current = await api(page, 'GET', `/workflows/${id}`);
  const elsewhere = await api(page, 'PUT', `/workflows/${id}`, { ...current.body, name: 'Renamed elsewhere' });
  expect(elsewhere.status === 200, `a concurrent save succeeds (${elsewhere.status} ${elsewhere.text})`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Someone else saved this workflow' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Overwrite with mine' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  const after = await api(page, 'GET', `/workflows/${id}`);
  expect(after.body.name === 'Built in the browser', `the editor's version won (${after.body.name})`);
});

test('open the execution and see its timeline', async ({ page }) => {
  await page.getByRole('link', { name: /^Last run: success/ }).click();
  await page.getByRole('heading', { name: /^Execution/ }).waitFor();
  const rows = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
  await rows.nth(3).waitFor();
  expect(await rows.count() === 4, 'one timeline bar per node');
  const bar = page.getByRole('listitem', { name: /^Edit Fields: / });
  const label = await bar.getAttribute('aria-label');
  expect(/^Edit Fields: success, started at \+.*, took /.test(label), `a bar names node, status and duration (${label})`);
  await bar.click();
  await page.getByLabel('Output of Edit Fields as a table').getByText('Hello Tessera').waitFor();
  await screenshot(page, 'execution');
  expect((await page.getByRole('button', { name: 'Retry' }).count()) === 0, 'a successful execution offers no retry');
  const firstUrl = page.url();
  await page.getByLabel('Replay from node').selectOption('Edit Fields1');
  await page.getByRole('button', { name: 'Replay' }).click();
  await page.waitForURL((u) => u.toString() !== firstUrl);
  await page.getByRole('listitem', { name: /^Edit Fields1: success/ }).waitFor({ timeout: 20_000 });
  await page.getByRole('link', { name: 'Executions' }).click();
  await page.getByRole('table', { name: 'Executions' }).getByText('Built in the browser').first().waitFor();
  await screenshot(page, 'executions');
});

test('create a credential; its secret is never shown again', async ({ page }) => {
  await page.getByRole('link', { name: 'Credentials' }).click();
  await page.getByRole('button', { name: 'Create credential' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Partner API login');
  const typeSelect = dialog.getByLabel('Type');
  await typeSelect.locator('option').first().waitFor({ state: 'attached' });
  const options = await typeSelect.locator('option').allTextContents();
  const basic = options.find((o) => /basic auth/i.test(o));
  if (basic) await typeSelect.selectOption({ label: basic });
  const secretInput = dialog.locator('input[type="password"]').first();
  await secretInput.fill(SECRET);
  for (const input of await dialog.locator('input[type="text"]').all()) if (!(await input.inputValue())) await input.fill('partner-user');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('table', { name: 'Credentials' }).getByText('Partner API login').waitFor();
  expect(!(await page.content()).includes(SECRET), 'the list does not contain the secret');
  await page.getByRole('button', { name: 'Edit Partner API login' }).click();
  const edit = page.getByRole('dialog');
  const pw = edit.locator('input[type="password"]').first();
  expect((await pw.inputValue()) === '', 'the stored secret is not filled into the form');
  expect(/stored/.test((await pw.getAttribute('placeholder')) ?? ''), 'the form says a value is stored');
  expect(!(await page.content()).includes(SECRET), 'the edit form does not contain the secret');
  await screenshot(page, 'credentials');
  await edit.getByRole('button', { name: 'Cancel' }).click();
  const listed = await api(page, 'GET', '/credentials');
  expect(listed.status === 200 && !listed.text.includes(SECRET), 'the API never returns the secret');
});

test('OAuth2: client credentials pass Test against a token endpoint; an authorization code connects through the callback', async ({ page, url }) => {
  const CLIENT_SECRET = 'oauth-client-secret-never-shown';
  const provider = await startOAuth2Provider({ machine: CLIENT_SECRET, webapp: CLIENT_SECRET });
  const neverShown = [CLIENT_SECRET, ...Object.values(PROVIDER_TOKENS)];
  try {
    await page.goto(`${url}/credentials`);
    await page.getByRole('button', { name: 'Create credential' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Machine API');
    await dialog.locator('select').first().selectOption({ label: 'OAuth2 API' });
    await dialog.getByLabel('Grant Type').selectOption('clientCredentials');
    expect(await dialog.getByLabel('Authorization URL').count() === 0, 'client credentials do not ask for the sign-in page');
    expect(await dialog.getByText('OAuth Token Data').count() === 0, 'the system token field is not offered for editing');
    await dialog.getByLabel('Access Token URL').fill(`${provider.url}/token`);
    await dialog.getByLabel('Client ID').fill('machine');
    await dialog.getByLabel('Client Secret').fill(CLIENT_SECRET);
    await dialog.getByTestId('oauth2-status').filter({ hasText: /^Not connected$/ }).waitFor();
    await dialog.getByRole('button', { name: 'Test', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: '✓ The token endpoint issued an access token' }).waitFor();
    await dialog.getByTestId('oauth2-status').filter({ hasText: /^Connected$/ }).waitFor();
    const cc = provider.tokenRequests.at(-1);
    expect(cc.grant_type === 'client_credentials' && cc.client === 'machine' && cc.basic, `the token endpoint got a client-credentials request with Basic auth (${JSON.stringify(cc)})`);
    // A wrong secret: Test saves it first (which drops the stored token) and reports the provider's refusal.
    await dialog.getByLabel('Client Secret').fill('wrong secret');
    await dialog.getByRole('button', { name: 'Test', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: /✗ .*invalid_client/ }).waitFor();
    await dialog.getByTestId('oauth2-status').filter({ hasText: /^Not connected$/ }).waitFor();
    await dialog.getByLabel('Client Secret').fill(CLIENT_SECRET);
    await dialog.getByRole('button', { name: 'Test', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: '✓' }).waitFor();
    expect(!(await page.content()).includes(PROVIDER_TOKENS.client), 'the token is never shown');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row').filter({ hasText: 'Machine API' }).getByText('Connected', { exact: true }).waitFor();
    // Reopened, the stored grant (never sent back) is learned from the server: Test stays, Connect goes.
    await page.getByRole('button', { name: 'Edit Machine API' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Connect my account' }).waitFor({ state: 'detached' });
    expect(await dialog.getByRole('button', { name: 'Test', exact: true }).count() === 1, 'client credentials keep Test');
    expect(await dialog.getByLabel('Authorization URL').count() === 0, 'client credentials do not ask for the sign-in page');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Authorization code: the redirect URL to register is the server's callback, and Connect opens the provider.
    await page.getByRole('button', { name: 'Create credential' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('User API');
    await dialog.locator('select').first().selectOption({ label: 'OAuth2 API' });
    const callback = `${url}/rest/oauth2-credential/callback`;
    const shown = await dialog.getByRole('textbox', { name: 'OAuth Redirect URL' }).inputValue();
    expect(shown === callback, `the redirect URL shown (${shown}) is the server's callback (${callback})`);
    await dialog.getByRole('button', { name: 'Copy the OAuth Redirect URL' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied === callback, `Copy puts the redirect URL on the clipboard (${copied})`);
    await dialog.getByLabel('Authorization URL').fill(`${provider.url}/authorize`);
    await dialog.getByLabel('Access Token URL').fill(`${provider.url}/token`);
    await dialog.getByLabel('Client ID').fill('webapp');
    await dialog.getByLabel('Client Secret').fill(CLIENT_SECRET);
    await dialog.getByLabel('Scope').fill('read write');
    const violations = await axeViolations(page);
    expect(violations.length === 0, `the OAuth2 form has no WCAG 2 A/AA violations:\n      ${violations.join('\n      ')}`);
    await dialog.getByRole('group', { name: 'OAuth2 connection' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'credentials-oauth2');
    const popupOpened = page.waitForEvent('popup');
    await dialog.getByRole('button', { name: 'Connect my account' }).click();
    const popup = await popupOpened;
    const visited = [];
    popup.on('request', (r) => visited.push(r.url()));
    await dialog.getByTestId('oauth2-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: 30_000 });
    await dialog.getByRole('status').filter({ hasText: '✓ Connected' }).waitFor();
    // The window went to the authUrl the server builds (each carries its own sealed state).
    const listed = await api(page, 'GET', '/credentials');
    const created = listed.body.find((c) => c.name === 'User API');
    const { body: start } = await api(page, 'GET', `/credentials/${created.id}/oauth2/auth`);
    const withoutState = (u) => { const x = new URL(u); x.searchParams.delete('state'); return x.toString(); };
    const opened = visited.find((u) => u.startsWith(`${provider.url}/authorize`));
    expect(opened && withoutState(opened) === withoutState(start.authUrl), `the Connect window opened the authUrl (${opened} vs ${start.authUrl})`);
    expect(start.redirectUri === callback, `the server's redirectUri is the URL shown (${start.redirectUri})`);
    const auth = provider.authorizeRequests.at(-1).query;
    expect(auth.response_type === 'code' && auth.client_id === 'webapp' && auth.redirect_uri === callback && auth.scope === 'read write' && !!auth.state,
      `the provider saw a code request for the callback (${JSON.stringify(auth)})`);
    const exchange = provider.tokenRequests.at(-1);
    expect(exchange.grant_type === 'authorization_code' && exchange.code === 'the-code' && exchange.redirect_uri === callback,
      `the callback exchanged the code (${JSON.stringify(exchange)})`);
    expect(created.fields.includes('oauthTokenData'), 'the token is stored');
    if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 5000 });
    expect(popup.isClosed(), 'the sign-in window is closed once connected');
    const content = await page.content();
    expect(!Object.values(PROVIDER_TOKENS).some((s) => content.includes(s)), 'no token is shown (the secret typed is still in its field)');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row').filter({ hasText: 'User API' }).getByText('Connected', { exact: true }).waitFor();
    // Reopened, the stored grant is learned from the server: Connect (now Reconnect) without Test, no token field.
    await page.getByRole('button', { name: 'Edit User API' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Reconnect my account' }).waitFor();
    await dialog.getByTestId('oauth2-status').filter({ hasText: /^Connected$/ }).waitFor();
    // Until the server answers, both actions are offered; a code grant then drops the client-credentials Test.
    await dialog.getByRole('button', { name: 'Test', exact: true }).waitFor({ state: 'detached' });
    expect(await dialog.getByLabel('Authorization URL').count() === 1, 'a code grant asks for the sign-in page');
    const reopened = await page.content();
    expect(!neverShown.some((s) => reopened.includes(s)), 'reopened, neither the client secret nor a token is shown');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await provider.stop();
  }
});

test('a viewer can open a workflow but cannot save it', async ({ browser, page, url }) => {
  const me = await api(page, 'GET', '/me');
  const projectId = me.body.projects[0].id;
  const created = await api(page, 'POST', '/users', { email: VIEWER.email, name: VIEWER.name, password: VIEWER.password });
  expect(created.status === 201 || created.status === 200, `the owner creates a user (${created.status} ${created.text})`);
  const member = await api(page, 'PUT', `/projects/${projectId}/members/${created.body.id}`, { role: 'viewer' });
  expect(member.status < 300, `the owner makes them a viewer (${member.status} ${member.text})`);

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const vp = await ctx.newPage();
  try {
    await signIn(vp, url, VIEWER);
    await vp.goto(state.builtUrl);
    await vp.locator('.react-flow__node[data-id="Edit Fields"]').waitFor();
    const save = vp.getByRole('button', { name: 'Save', exact: true });
    expect(await save.isDisabled(), 'Save is disabled for a viewer');
    await vp.getByText('read-only (viewer)').waitFor();
    expect((await vp.getByRole('button', { name: /Add .* node/ }).count()) === 0, 'no palette for a viewer');
    const id = new URL(state.builtUrl).pathname.split('/').pop();
    const wf = await api(vp, 'GET', `/workflows/${id}`);
    const put = await api(vp, 'PUT', `/workflows/${id}`, { ...wf.body, name: 'hijacked' });
    expect(put.status === 403, `the server refuses the viewer's save (${put.status})`);
  } finally {
    await ctx.close();
  }
});

test('workflows list: search, duplicate, delete with confirmation; no layout break at 1920×1080 in dark theme', async ({ page, url }) => {
  await page.goto(`${url}/workflows`);
  await page.getByLabel('Search workflows').fill('Built');
  await page.getByRole('link', { name: 'Imported from n8n' }).waitFor({ state: 'detached' });
  await page.getByLabel('Search workflows').fill('');
  await page.getByRole('button', { name: 'Duplicate Imported from n8n' }).click();
  const copies = page.getByRole('table', { name: 'Workflows' }).getByRole('row');
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Workflows"] tbody tr').length === 3);
  expect((await copies.count()) === 4, 'the duplicate appears');
  await screenshot(page, 'workflows');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Imported from n8n', exact: true }).click()]);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(exported.nodes?.length === 2 && exported.connections, 'Export downloads the n8n workflow JSON');
  const dupName = (await page.locator('table[aria-label="Workflows"] tbody tr td a').allTextContents()).find((n) => n !== 'Imported from n8n' && n.includes('Imported'));
  await page.getByRole('button', { name: `Delete ${dupName}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete workflow' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Workflows"] tbody tr').length === 2);

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('button', { name: /Switch to dark theme/ }).click();
  await page.goto(state.builtUrl);
  await page.locator('.react-flow__node').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(!overflow, 'no horizontal overflow at 1920×1080');
  await screenshot(page, 'editor-dark');
  await page.getByRole('button', { name: /Switch to light theme/ }).click();
  await page.setViewportSize({ width: 1280, height: 720 });
  const overflowSmall = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(!overflowSmall, 'no horizontal overflow at 1280×720');
});

test('a failing node shows its error on the canvas and in its panel', async ({ page }) => {
  await page.goto(state.builtUrl);
  await page.locator('.react-flow__node[data-id="No Operation, do nothing"]').click();
  await page.getByRole('button', { name: 'Add HTTP Request node' }).click();
  await page.getByLabel('Node name').and(page.locator('[value="HTTP Request"]')).waitFor();
  await page.getByRole('textbox', { name: /^Url|^URL/ }).fill('http://127.0.0.1:9/unreachable');
  expect((await page.locator('.react-flow__edge').count()) === 4, 'the node added with a node selected is connected after it');
  // "Continue using the error output" adds the error output port; back to "Stop the workflow" removes it.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('On error').selectOption('continueErrorOutput');
  await page.locator('.react-flow__node[data-id="HTTP Request"] .react-flow__handle[data-handleid="err"]').waitFor();
  await page.getByLabel('On error').selectOption('stopWorkflow');
  await page.locator('.react-flow__node[data-id="HTTP Request"] .react-flow__handle[data-handleid="err"]').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: '▶ Run workflow' }).click();
  const failed = page.locator('.react-flow__node[data-id="HTTP Request"] .wf-node.st-error');
  await failed.waitFor({ timeout: 20_000 });
  const message = await failed.locator('.wf-node-error').textContent();
  expect(message && message.replace('⚠', '').trim().length > 3, `the node shows the error message (${message})`);
  await page.locator('.node-panel').getByRole('alert').first().waitFor();
  await screenshot(page, 'editor-error');

  // The failed execution can be retried from its page.
  await page.getByRole('link', { name: /^Last run: error/ }).click();
  await page.getByRole('heading', { name: /^Execution/ }).waitFor();
  const failedUrl = page.url();
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.waitForURL((u) => u.toString() !== failedUrl);
  await page.getByRole('listitem', { name: /^HTTP Request: error/ }).waitFor({ timeout: 20_000 });
});

test('live progress: a running node is shown while it runs (SSE), then its result', async ({ page, url }) => {
  const slow = {
    name: 'Slow on purpose',
    nodes: [
      { id: 's1', name: 'Start here', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 's2', name: 'Wait a bit', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [240, 0], parameters: { amount: 2, unit: 'seconds' } },
      { id: 's3', name: 'Then this', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [480, 0], parameters: {} },
    ],
    connections: { 'Start here': { main: [[{ node: 'Wait a bit', type: 'main', index: 0 }]] }, 'Wait a bit': { main: [[{ node: 'Then this', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
  const created = await api(page, 'POST', '/workflows', slow);
  expect(created.status === 201, `the slow workflow is created (${created.status} ${created.text})`);
  await page.goto(`${url}/workflows/${created.body.id}`);
  await page.locator('.react-flow__node[data-id="Wait a bit"]').waitFor();
  await page.getByRole('button', { name: '▶ Run workflow' }).click();
  await page.locator('.react-flow__node[data-id="Wait a bit"] .wf-node.st-running, .react-flow__node[data-id="Wait a bit"] .wf-node.st-waiting').waitFor({ timeout: 10_000 });
  await page.locator('.react-flow__node[data-id="Then this"] .wf-node.st-success').waitFor({ timeout: 30_000 });
});

/** axe-core's WCAG 2 A and AA violations on the current page. */
async function axeViolations(page) {
  await page.addScriptTag({ path: path.join(import.meta.dirname, '../node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

test('the main screens have no WCAG 2 A/AA violations (axe-core) nor overflow at 1280×720, in light and dark themes', async ({ browser, page, url }) => {
  const found = [];
  const check = async (name) => {
    found.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
    // …and nothing wider than the 1280×720 window.
    if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) found.push(`${name}: wider than the window at 1280×720`);
  };
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => localStorage.setItem('tessera.theme', t), theme);
    await page.goto(`${url}/workflows`);
    await page.getByRole('table', { name: 'Workflows' }).waitFor();
    await check(`workflows (${theme})`);
    await page.goto(state.builtUrl);
    await openNode(page, 'Edit Fields');
    await check(`editor with node panel (${theme})`);
    await page.goto(`${url}/executions`);
    await page.getByRole('table', { name: 'Executions' }).waitFor();
    await check(`executions (${theme})`);
    await page.getByRole('table', { name: 'Executions' }).getByRole('link').first().click();
    await page.getByRole('list', { name: 'Timeline' }).waitFor();
    await check(`execution (${theme})`);
    await page.goto(`${url}/credentials`);
    await page.getByRole('table', { name: 'Credentials' }).waitFor();
    await check(`credentials (${theme})`);
  }
  await page.evaluate(() => localStorage.setItem('tessera.theme', 'light'));
  const ctx = await browser.newContext();
  const signIn = await ctx.newPage();
  await signIn.goto(url);
  await signIn.getByRole('heading', { name: 'Sign in' }).waitFor();
  found.push(...(await axeViolations(signIn)).map((v) => `sign-in: ${v}`));
  await ctx.close();
  expect(found.length === 0, `accessibility violations:\n      ${found.join('\n      ')}`);
});

const server = await startServer();
const browser = await launchBrowser();
const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 720 }, permissions: ['clipboard-read', 'clipboard-write'] });
context.setDefaultTimeout(10_000);
const page = await context.newPage();
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));
// Leaving an editor with unsaved changes asks first; the tests answer yes.
page.on('dialog', (d) => d.accept());
let failed = 1;
try {
  failed = await runAll({
    page, browser, url: server.url,
    onFailure: async (name) => {
      const dir = path.join(import.meta.dirname, 'out');
      fs.mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, `${name.replace(/\W+/g, '_').slice(0, 60)}.png`) });
    },
  });
  if (consoleErrors.length) console.log(`page errors:\n  ${consoleErrors.join('\n  ')}`);
} finally {
  await browser.close();
  if (failed && server.log) {
    fs.mkdirSync(path.join(import.meta.dirname, 'out'), { recursive: true });
    fs.writeFileSync(path.join(import.meta.dirname, 'out/server.log'), server.log());
    console.log(`failure screenshots and the server log: ${path.join(import.meta.dirname, 'out')}`);
  }
  await server.stop();
}
process.exit(failed ? 1 : 0);
