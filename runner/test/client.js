'use strict';
// Test helper: starts runner.js with the same hardening flags the engine uses and exchanges frames with it.
const { spawn } = require('child_process');
const path = require('path');

const runnerDir = path.resolve(__dirname, '..');

function start(extraEnv = {}, memoryMb = 128) {
  const child = spawn(process.execPath, [
    `--max-old-space-size=${memoryMb}`,
    '--disallow-code-generation-from-strings',
    '--experimental-permission',
    `--allow-fs-read=${runnerDir}`,
    '--no-warnings',
    path.join(runnerDir, 'runner.js'),
  ], { env: { TZ: 'UTC', ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = Buffer.alloc(0);
  const waiting = [];
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 4) {
      const len = buffer.readUInt32BE(0);
      if (buffer.length < 4 + len) break;
      const body = buffer.subarray(4, 4 + len).toString('utf8');
      buffer = buffer.subarray(4 + len);
      const w = waiting.shift();
      if (w) w.resolve(JSON.parse(body));
    }
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    resolve({ code, signal });
    while (waiting.length) waiting.shift().reject(new Error('runner exited: ' + code + ' ' + signal + '\n' + stderr));
  }));
  let nextId = 1;
  return {
    child,
    exited,
    stderr: () => stderr,
    send(header, payload) {
      header = { id: nextId++, ...header };
      const body = Buffer.from(JSON.stringify(header) + '\n' + JSON.stringify(payload || {}), 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(body.length, 0);
      child.stdin.write(Buffer.concat([len, body]));
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close() { child.stdin.end(); },
  };
}

module.exports = { start };
