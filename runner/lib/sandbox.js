'use strict';
// Host side of the sandbox: builds a fresh vm context per task, loads Luxon and the n8n environment into it,
// compiles the user's code and runs it under a time limit. Nothing from this (host) realm is handed to user code:
// data crosses as strings and is parsed inside the context, so `x.constructor.constructor` only ever reaches the
// context's own Function, which cannot compile strings (codeGeneration.strings = false).

const fs = require('fs');
const path = require('path');
const vm = require('vm');
const crypto = require('crypto');

const CODE_FILE = 'tessera-code.js';
const EXPR_FILE = 'tessera-expression.js';

function readLuxonSource() {
  const file = path.join(path.dirname(require.resolve('luxon/package.json')), 'build', 'node', 'luxon.js');
  return fs.readFileSync(file, 'utf8');
}

const luxonScript = new vm.Script(
  '(function () { var module = { exports: {} }; var exports = module.exports;\n' + readLuxonSource() + '\nreturn module.exports; })()',
  { filename: 'luxon.js' },
);
const extensionsScript = new vm.Script(fs.readFileSync(path.join(__dirname, 'extensions.js'), 'utf8'), { filename: 'tessera-extensions.js' });
// Fires the next virtual timer inside the context, so the callback runs under the task's time limit and the
// microtasks it queues drain when the script ends (microtaskMode: 'afterEvaluate').
const tickScript = new vm.Script('globalThis.__tesseraTask.tick();', { filename: 'tessera-timers.js' });
const MAX_TIMER_RUNS = 100000;
// The jmespath package ($jmespath) is compiled once, on first use, and run inside each task's context that calls it,
// like Luxon: its objects then belong to the task's realm. User code cannot require it (it is not an allowed module).
let jmespathScript;
function jmespathSource() {
  if (!jmespathScript) {
    let file;
    try {
      file = require.resolve('jmespath');
    } catch {
      return undefined;
    }
    jmespathScript = new vm.Script(
      '(function () { var exports = {};\n' + fs.readFileSync(file, 'utf8') + '\nreturn exports; })()',
      { filename: 'jmespath.js' },
    );
  }
  return jmespathScript;
}
const preludeScript = new vm.Script(fs.readFileSync(path.join(__dirname, 'prelude.js'), 'utf8'), { filename: 'tessera-prelude.js' });

// The security rule n8n applies to expressions: some property names may not be read at all.
const BLOCKED_PROPERTY = /(?:\.\s*|\[\s*(['"`]))(__proto__|prototype|constructor|getPrototypeOf|mainModule|__defineGetter__|__defineSetter__|__lookupGetter__|__lookupSetter__)\b\1?/;

class LruCache {
  constructor(limit) {
    this.limit = limit;
    this.map = new Map();
  }

  get(key) {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key, value) {
    this.map.set(key, value);
    if (this.map.size > this.limit) {
      this.map.delete(this.map.keys().next().value);
    }
  }
}

function syntaxErrorResponse(e, file) {
  // V8 puts "file:line" on the first line of a SyntaxError's stack.
  const match = new RegExp(file.replace('.', '\\.') + ':(\\d+)').exec(String(e && e.stack));
  const line = match ? Number(match[1]) : undefined;
  return {
    name: 'SyntaxError',
    message: String(e && e.message),
    line,
  };
}

class Sandbox {
  constructor(options) {
    this.allowModules = new Set(options.allowModules || []);
    this.codeCache = new LruCache(64);
    this.exprCache = new LruCache(2048);
  }

  hostApi(context) {
    const allow = this.allowModules;
    return {
      jmespath() {
        const script = jmespathSource();
        return script ? script.runInContext(context) : undefined;
      },
      require(name) {
        const id = String(name);
        if (!allow.has(id)) {
          throw new Error(`Cannot find module '${id}' (modules must be allowed by the administrator in TESSERA_CODE_ALLOW_MODULES)`);
        }
        return require(id);
      },
      hasRequire: allow.size > 0,
      hash(algorithm, text, encoding) {
        return crypto.createHash(String(algorithm)).update(String(text), 'utf8').digest(encoding === 'hex' ? 'hex' : 'base64');
      },
    };
  }

  createContext(payloadText) {
    const context = vm.createContext(Object.create(null), {
      name: 'tessera-task',
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    const luxon = luxonScript.runInContext(context);
    extensionsScript.runInContext(context)(luxon);
    const api = preludeScript.runInContext(context)(luxon, this.hostApi(context), payloadText);
    return { context, api };
  }

  compileCode(code) {
    let script = this.codeCache.get(code);
    if (!script) {
      // One prefix line (lineOffset -1) so the user's first line is line 1 in stack traces.
      script = new vm.Script(
        'globalThis.__tesseraTask.invoke(async function () {\n' + code + '\n});',
        { filename: CODE_FILE, lineOffset: -1 },
      );
      this.codeCache.set(code, script);
    }
    return script;
  }

  compileExpression(expression) {
    let entry = this.exprCache.get(expression);
    if (!entry) {
      const blocked = BLOCKED_PROPERTY.exec(expression);
      if (blocked) {
        entry = { error: { name: 'ExpressionError', message: `Cannot access "${blocked[2]}" due to security concerns` } };
      } else {
        try {
          entry = {
            script: new vm.Script('globalThis.__tesseraTask.evaluate(function () { return (\n' + expression + '\n); });', { filename: EXPR_FILE, lineOffset: -1 }),
          };
        } catch (first) {
          try {
            // Statements (e.g. an IIFE-free `let a = 1; a + 1`): the script's completion value is the result.
            entry = { script: new vm.Script(expression, { filename: EXPR_FILE }), statements: true };
          } catch {
            entry = { error: syntaxErrorResponse(first, EXPR_FILE) };
          }
        }
      }
      this.exprCache.set(expression, entry);
    }
    return entry;
  }

  run(header, payloadText) {
    const id = JSON.stringify(header.id ?? null);
    const timeout = Math.max(1, Number(header.timeoutMs) || 5000);
    switch (header.type) {
      case 'ping':
        return '{"id":' + id + ',"ok":true,"result":"pong"}';
      case 'code':
        return '{"id":' + id + ',' + this.runCode(header, payloadText, timeout) + '}';
      case 'expressions':
        return '{"id":' + id + ',' + this.runExpressions(header, payloadText, timeout) + '}';
      default:
        return '{"id":' + id + ',"ok":false,"error":' + JSON.stringify({ name: 'ProtocolError', message: 'Unknown task type ' + header.type }) + '}';
    }
  }

  runCode(header, payloadText, timeout) {
    let script;
    try {
      script = this.compileCode(String(header.code ?? ''));
    } catch (e) {
      return '"ok":false,"error":' + JSON.stringify(syntaxErrorResponse(e, CODE_FILE));
    }

    const { context, api } = this.createContext(payloadText);
    const deadline = Date.now() + timeout;
    const timedOut = () => '"ok":false,"error":' + JSON.stringify({ name: 'TimeoutError', message: `The code ran longer than its time limit of ${timeout} ms and was stopped` }) + ',"logs":' + api.logs();
    try {
      script.runInContext(context, { timeout });
    } catch (e) {
      if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        return timedOut();
      }
      return '"ok":false,"error":' + JSON.stringify({ name: 'Error', message: String(e && e.message) });
    }

    let output = api.output();
    for (let runs = 0; output === undefined && api.pendingTimers() > 0; runs++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || runs >= MAX_TIMER_RUNS) {
        return timedOut();
      }
      try {
        tickScript.runInContext(context, { timeout: remaining });
      } catch (e) {
        if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
          return timedOut();
        }
        return '"ok":false,"error":' + JSON.stringify({ name: 'Error', message: String(e && e.message) });
      }
      output = api.output();
    }

    if (output === undefined) {
      return '"ok":false,"error":' + JSON.stringify({
        name: 'Error',
        message: 'The code did not finish: it awaits a promise that never settles (network and file access are not available in the sandbox)',
      }) + ',"logs":' + api.logs();
    }

    return output;
  }

  runExpressions(header, payloadText, timeout) {
    const list = Array.isArray(header.expressions) ? header.expressions : [];
    const { context, api } = this.createContext(payloadText);
    const results = [];
    const deadline = Date.now() + timeout;
    for (const task of list) {
      const entry = this.compileExpression(String(task.expression ?? ''));
      if (entry.error) {
        results.push('{"ok":false,"error":' + JSON.stringify(entry.error) + '}');
        continue;
      }

      api.select(Number(task.itemIndex) || 0);
      const remaining = Math.max(1, deadline - Date.now());
      try {
        const value = entry.script.runInContext(context, { timeout: remaining });
        if (entry.statements) {
          api.complete(value);
        }
      } catch (e) {
        if (entry.statements && !(e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')) {
          api.fail(e);
          results.push('{' + api.output() + '}');
          continue;
        }
        if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
          results.push('{"ok":false,"error":' + JSON.stringify({ name: 'TimeoutError', message: `The expression ran longer than its time limit of ${timeout} ms and was stopped` }) + '}');
          continue;
        }
        results.push('{"ok":false,"error":' + JSON.stringify({ name: 'Error', message: String(e && e.message) }) + '}');
        continue;
      }

      const output = api.output();
      results.push(output === undefined ? '{"ok":true,"result":{"\\u0000":"u"}}' : '{' + output + '}');
    }

    return '"ok":true,"results":[' + results.join(',') + ']';
  }
}

module.exports = { Sandbox };
