// Times opening a 200-node workflow in the editor (target < 1 s) and how it responds afterwards, in headless Debian
// Chromium against a real `tessera serve` (or TESSERA_E2E_URL). Run from the repository root after building:
//   (cd web && npm ci && npm run build) && node bench/ui/editor-200.mjs
import { launchBrowser, startServer } from '../../web/e2e/harness.mjs';

const RUNS = Number(process.env.RUNS ?? 7);
const OWNER = { name: 'Bench', email: 'bench@example.com', password: 'bench password 1' };

/** 200 nodes: a trigger, then 10 parallel chains of Set → If → NoOp … like a wide real workflow. */
function bigWorkflow() {
  const nodes = [{ id: 't', name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
  const connections = {};
  const link = (a, b, out = 0) => {
    connections[a] ??= { main: [] };
    while (connections[a].main.length <= out) connections[a].main.push([]);
    connections[a].main[out].push({ node: b, type: 'main', index: 0 });
  };
  const kinds = [
    ['n8n-nodes-base.set', 3.4, { assignments: { assignments: [{ id: 'a', name: 'x', value: '={{ $json.x ?? 1 }}', type: 'number' }] } }],
    ['n8n-nodes-base.if', 2, {}],
    ['n8n-nodes-base.noOp', 1, {}],
  ];
  for (let chain = 0; chain < 10; chain++) {
    let prev = 'Trigger';
    for (let step = 0; step < 20 - (chain === 0 ? 1 : 0); step++) {
      const [type, typeVersion, parameters] = kinds[step % kinds.length];
      const name = `N${chain}-${step}`;
      nodes.push({ id: name, name, type, typeVersion, position: [240 * (step + 1), 140 * chain], parameters });
      link(prev, name);
      prev = name;
    }
  }
  return { name: 'Bench: 200 nodes', nodes, connections, settings: { executionOrder: 'v1' } };
}

async function call(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const r = await fetch(`/api/v1${p}`, { method: m, headers: { 'Content-Type': 'application/json' }, body: b ? JSON.stringify(b) : undefined });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [method, path, body]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await page.goto(server.url);
  const status = await call(page, 'GET', '/auth/status');
  if (status.body.setupRequired) await call(page, 'POST', '/auth/setup', OWNER);
  else await call(page, 'POST', '/auth/login', OWNER);
  const me = await call(page, 'GET', '/me');
  const wf = await call(page, 'POST', `/workflows?projectId=${encodeURIComponent(me.body.projects?.[0]?.id ?? '')}`, bigWorkflow());
  if (wf.status >= 300) throw new Error(`creating the workflow failed: ${wf.status} ${JSON.stringify(wf.body)}`);
  const count = wf.body.nodes.length;

  const open = [];
  const api = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${server.url}/workflows`);
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    const t0 = Date.now();
    await page.evaluate((id) => { history.pushState(null, '', `/workflows/${id}`); dispatchEvent(new PopStateEvent('popstate')); }, wf.body.id);
    // Done when every node is rendered and measured (xyflow shows a node only once it knows its size).
    await page.waitForFunction((n) => {
      const els = document.querySelectorAll('.react-flow__node');
      return els.length === n && [...els].every((e) => getComputedStyle(e).visibility === 'visible');
    }, count, { polling: 'raf', timeout: 30_000 });
    open.push(Date.now() - t0);
    // The share of that spent waiting for GET /workflows/{id} (the server), from the browser's resource timing.
    api.push(await page.evaluate((id) => {
      const e = performance.getEntriesByType('resource').filter((r) => r.name.endsWith(`/api/v1/workflows/${id}`)).pop();
      performance.clearResourceTimings();
      return e ? Math.round(e.duration) : null;
    }, wf.body.id));
  }

  // Responsiveness: open a node's panel, and drag a node 20 frames.
  const panel = [];
  const drag = [];
  for (let i = 0; i < RUNS; i++) {
    const node = page.locator(`.react-flow__node[data-id="N${i % 10}-3"]`);
    const t0 = Date.now();
    await node.dblclick();
    await page.getByRole('complementary', { name: `Node N${i % 10}-3` }).waitFor();
    panel.push(Date.now() - t0);
    await page.getByRole('button', { name: 'Close node panel' }).click();
    const box = await node.boundingBox();
    const t1 = Date.now();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2 + 40, { steps: 20 });
    await page.mouse.up();
    drag.push((Date.now() - t1) / 20);
  }
  console.log(JSON.stringify({ nodes: count, runs: RUNS, openMsMedian: median(open), openMsAll: open, apiMsMedian: median(api.filter((x) => x !== null)), panelOpenMsMedian: median(panel), dragMsPerFrameMedian: Number(median(drag).toFixed(1)) }, null, 2));
  if (median(open) >= 1000) process.exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
}
