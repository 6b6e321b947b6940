'use strict';
// Run with `npm test` (node --test). The C# tests cover the same ground end to end; these check the runner alone.
const test = require('node:test');
const assert = require('node:assert');
const { start } = require('./client');

test('code task returns items and escape attempts fail', async () => {
  const r = start();
  try {
    const ok = await r.send({ type: 'code', code: 'return $input.all().map(i => ({ json: { n: i.json.n * 2 } }));', timeoutMs: 2000 },
      { mode: 'runOnceForAllItems', items: [{ json: { n: 2 } }] });
    assert.deepStrictEqual(ok.items, [{ json: { n: 4 } }]);
    const escape = await r.send({ type: 'code', code: "return this.constructor.constructor('return process')();", timeoutMs: 2000 },
      { mode: 'runOnceForAllItems', items: [] });
    assert.strictEqual(escape.ok, false);
    assert.strictEqual(escape.error.name, 'EvalError');
    const loop = await r.send({ type: 'code', code: 'while (true) {}', timeoutMs: 200 }, { mode: 'runOnceForAllItems', items: [] });
    assert.strictEqual(loop.error.name, 'TimeoutError');
  } finally {
    r.close();
    await r.exited;
  }
});

test('timers fire on a virtual clock in due order, and loops inside them still time out', async () => {
  const r = start();
  try {
    const ordered = await r.send({
      type: 'code',
      code: `const seen = [];
        await new Promise((resolve) => {
          setTimeout(() => seen.push('late'), 200);
          setTimeout(() => seen.push('early'), 10);
          const id = setTimeout(() => seen.push('cleared'), 5);
          clearTimeout(id);
          let ticks = 0;
          const every = setInterval(() => { seen.push('tick' + ++ticks); if (ticks === 2) clearInterval(every); }, 50);
          setTimeout(resolve, 300);
        });
        return [{ json: { seen } }];`,
      timeoutMs: 2000,
    }, { mode: 'runOnceForAllItems', items: [] });
    assert.deepStrictEqual(ordered.items, [{ json: { seen: ['early', 'tick1', 'tick2', 'late'] } }]);

    const loop = await r.send({ type: 'code', code: 'await new Promise(() => setTimeout(() => { while (true) {} }, 1)); return [];', timeoutMs: 200 },
      { mode: 'runOnceForAllItems', items: [] });
    assert.strictEqual(loop.error.name, 'TimeoutError');

    const forever = await r.send({ type: 'code', code: 'setInterval(() => {}, 1); await new Promise(() => {}); return [];', timeoutMs: 300 },
      { mode: 'runOnceForAllItems', items: [] });
    assert.strictEqual(forever.error.name, 'TimeoutError');

    const thrown = await r.send({ type: 'code', code: "await new Promise(() => setTimeout(() => { throw new Error('boom in timer'); }, 1)); return [];", timeoutMs: 500 },
      { mode: 'runOnceForAllItems', items: [] });
    assert.strictEqual(thrown.ok, false);
    assert.match(thrown.error.message, /boom in timer/);
  } finally {
    r.close();
    await r.exited;
  }
});
