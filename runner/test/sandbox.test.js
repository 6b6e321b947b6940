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

test('$jmespath queries data (data first, query second) in Code tasks and expressions', async () => {
  const r = start();
  try {
    const items = [{ json: { people: [{ name: 'Ada', age: 36 }, { name: 'Bob', age: 17 }] } }];
    const code = await r.send({
      type: 'code',
      code: "return [{ json: { adults: $jmespath($input.first().json, 'people[?age > `18`].name'), isArray: Array.isArray($jmespath({ a: [1] }, 'a')) } }];",
      timeoutMs: 2000,
    }, { mode: 'runOnceForAllItems', items });
    assert.deepStrictEqual(code.items, [{ json: { adults: ['Ada'], isArray: true } }]);

    const failing = await r.send({ type: 'code', code: "return [{ json: { v: $jmespath($json, 'abs(`\"x\"`)') } }];", timeoutMs: 2000 },
      { mode: 'runOnceForEachItem', items });
    assert.strictEqual(failing.ok, false);
    assert.match(failing.error.message, /abs\(\) expected argument 1 to be type number/);

    const expr = await r.send({
      type: 'expressions',
      timeoutMs: 2000,
      expressions: [
        { expression: "$jmespath($json, 'sort_by(people, &age)[0].name')", itemIndex: 0 },
        { expression: "$jmespath($json, 'people[')", itemIndex: 0 },
      ],
    }, { mode: 'expression', items });
    assert.deepStrictEqual(expr.results[0], { ok: true, result: 'Bob' });
    // A JMESPath error is a JavaScript error inside the expression: n8n's expressions yield undefined for those.
    assert.strictEqual(expr.results[1].ok, true);
    assert.deepStrictEqual(expr.results[1].result, { '\u0000': 'u' });

    const noRequire = await r.send({ type: 'code', code: "return [{ json: { v: require('jmespath') } }];", timeoutMs: 2000 },
      { mode: 'runOnceForAllItems', items: [] });
    assert.strictEqual(noRequire.ok, false);
  } finally {
    r.close();
    await r.exited;
  }
});
