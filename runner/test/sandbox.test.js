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
