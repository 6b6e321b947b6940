// A small test harness for the end-to-end suite: starts a real Tessera server (or uses TESSERA_E2E_URL), drives
// Debian's Chromium through playwright-core, runs the tests in order and reports like a test runner.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitHealthy(url, child, log) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`The server exited (code ${child.exitCode}) before answering:\n${log()}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server at ${url} did not answer /healthz within 90 s:\n${log()}`);
}

function withoutOwnerEnv(env) {
  const copy = { ...env };
  delete copy.TESSERA_ADMIN_EMAIL;
  delete copy.TESSERA_ADMIN_PASSWORD;
  delete copy.TESSERA_DATABASE_URL;
  return copy;
}

/** Starts `tessera serve` on a free port with a throw-away data folder; returns its URL and a stop function. */
export async function startServer() {
  if (process.env.TESSERA_E2E_URL) return { url: process.env.TESSERA_E2E_URL.replace(/\/$/, ''), stop: async () => undefined };
  const candidates = [process.env.TESSERA_CLI_DLL, path.join(repoRoot, 'artifacts/cli/tessera.dll'), path.join(repoRoot, 'src/Tessera.Cli/bin/Debug/net10.0/tessera.dll')];
  const dll = candidates.find((p) => p && fs.existsSync(p)) ?? '';
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-e2e-'));
  const [cmd, args] = fs.existsSync(dll)
    ? ['dotnet', [dll, 'serve', '--port', String(port), '--no-examples']]
    : [path.join(repoRoot, 'tessera'), ['serve', '--port', String(port), '--no-examples']];
  let output = '';
  const child = spawn(cmd, args, {
    cwd: repoRoot,
    // A fresh instance: the first test creates the owner through the set-up screen, so no owner from the environment.
    env: { ...withoutOwnerEnv(process.env), TESSERA_DATA_DIR: dataDir, TESSERA_RUNNER_DIR: path.join(repoRoot, 'runner'), DOTNET_NOLOGO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, () => output.slice(-4000));
  return {
    url,
    log: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium is not at ${executablePath}; install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

const tests = [];
export function test(name, fn) {
  tests.push({ name, fn });
}

export class AssertionError extends Error {}
export function expect(cond, message) {
  if (!cond) throw new AssertionError(message);
}

/** Runs the registered tests in order; a failed test does not stop the others unless they depend on it. */
export async function runAll(ctx) {
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  // E2E_GREP=regex runs only the matching tests, after the first one (it creates the owner everything else signs in as).
  const grep = process.env.E2E_GREP ? new RegExp(process.env.E2E_GREP, 'i') : null;
  const chosen = grep ? tests.filter((t, i) => i === 0 || grep.test(t.name)) : tests;
  for (const t of chosen) {
    const t0 = Date.now();
    try {
      await t.fn(ctx);
      passed++;
      console.log(`  ✓ ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${t.name} (${Date.now() - t0} ms)\n    ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n    ')}`);
      if (ctx.onFailure) await ctx.onFailure(t.name).catch(() => undefined);
    }
  }
  console.log(`\ne2e: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return failed;
}
