'use strict';
// Tessera JavaScript runner: one long-lived process per pool slot.
// Protocol (PROTOCOL.md): frames of a 4-byte big-endian length followed by that many bytes of UTF-8.
// A request frame is a compact JSON header, a newline, then the task payload as JSON text; the payload is parsed
// only inside the task's sandbox so no host-realm object ever reaches user code.
// A response frame is one JSON object. stdout carries frames only; diagnostics go to stderr.

const { Sandbox } = require('./lib/sandbox');

const sandbox = new Sandbox({
  allowModules: (process.env.TESSERA_CODE_ALLOW_MODULES || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
});

const MAX_FRAME = 512 * 1024 * 1024;
let buffered = Buffer.alloc(0);

function writeFrame(text) {
  const body = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  process.stdout.write(Buffer.concat([header, body]));
}

function handleFrame(body) {
  const text = body.toString('utf8');
  const newline = text.indexOf('\n');
  const headerText = newline < 0 ? text : text.slice(0, newline);
  const payloadText = newline < 0 ? '{}' : text.slice(newline + 1);
  let header;
  try {
    header = JSON.parse(headerText);
  } catch (e) {
    writeFrame(JSON.stringify({ id: null, ok: false, error: { name: 'ProtocolError', message: 'Bad request header: ' + e.message } }));
    return;
  }

  let response;
  try {
    response = sandbox.run(header, payloadText);
  } catch (e) {
    response = '{"id":' + JSON.stringify(header.id ?? null) + ',"ok":false,"error":' +
      JSON.stringify({ name: 'RunnerError', message: 'The runner failed: ' + (e && e.message) }) + '}';
  }

  writeFrame(response);
}

process.stdin.on('data', (chunk) => {
  buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
  while (buffered.length >= 4) {
    const length = buffered.readUInt32BE(0);
    if (length > MAX_FRAME) {
      process.stderr.write('tessera-runner: frame too large (' + length + ' bytes); exiting\n');
      process.exit(3);
    }

    if (buffered.length < 4 + length) {
      break;
    }

    const body = buffered.subarray(4, 4 + length);
    buffered = buffered.subarray(4 + length);
    // Tasks are synchronous (the sandbox drains its own microtasks), so frames are answered strictly in order.
    handleFrame(Buffer.from(body));
  }
});

process.stdin.on('end', () => process.exit(0));
process.stderr.write('tessera-runner: ready (node ' + process.version + ')\n');
