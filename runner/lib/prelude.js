// Runs INSIDE the task's vm context. Builds n8n's Code-node / expression environment from the task payload
// (a JSON string parsed here, so every object belongs to this context) and returns a small API the host uses to
// select the current item and read the encoded result. `host` is a host-realm object: it is captured in this
// closure and never placed where user code can reach it.
(function (luxon, host, payloadText) {
  'use strict';
  const g = globalThis;
  const { DateTime, Duration, Interval, Settings } = luxon;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const isArray = Array.isArray;
  const objectKeys = Object.keys;
  const hasOwn = Object.prototype.hasOwnProperty;
  const ExtensionError = g.__tesseraExtensionError;
  delete g.__tesseraExtensionError;

  const hostRequire = host.require;
  const hostHash = host.hash;
  const hostJmespath = host.jmespath;
  const hasRequire = host.hasRequire;
  g.__tesseraHash = function (algorithm, text, encoding) {
    return String(hostHash(String(algorithm), String(text), String(encoding)));
  };

  /** Errors n8n itself raises (not JavaScript runtime errors): they fail an expression instead of yielding undefined. */
  class ExpressionError extends Error {
    constructor(message, description) {
      super(message);
      this.name = 'ExpressionError';
      this.description = description;
      this.n8n = true;
    }
  }

  const payload = parse(payloadText);
  const timezone = payload.timezone || 'UTC';
  const nowMs = typeof payload.nowMs === 'number' ? payload.nowMs : Date.now();
  Settings.defaultZone = timezone;
  Settings.throwOnInvalid = false;

  // ---- console capture -------------------------------------------------------------------------------------------
  const logs = [];
  let logBytes = 0;
  function formatArg(value) {
    if (typeof value === 'string') return value;
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return '[Function: ' + (value.name || 'anonymous') + ']';
    if (typeof value === 'bigint') return value + 'n';
    if (typeof value === 'symbol') return value.toString();
    if (value instanceof Error) return value.stack || String(value);
    if (DateTime.isDateTime(value)) return value.toISO();
    try {
      const text = stringify(value);
      return text === undefined ? String(value) : text;
    } catch {
      return String(value);
    }
  }
  function log(...args) {
    if (logs.length >= 1000 || logBytes > 1024 * 1024) return;
    const line = args.map(formatArg).join(' ');
    logBytes += line.length;
    logs.push(line);
  }
  const consoleObject = { log, info: log, warn: log, error: log, debug: log, trace: log };

  // ---- data access ----------------------------------------------------------------------------------------------
  const nodes = payload.nodes || {};
  const workflowNodeNames = new Set(payload.workflowNodes || objectKeys(nodes));
  const source = payload.source || [];
  const mode = payload.mode || 'expression';
  let inputItems = payload.items || [];
  let currentIndex = typeof payload.itemIndex === 'number' ? payload.itemIndex : 0;

  function lastRunIndex(name) {
    const runs = nodes[name] && nodes[name].runs;
    return runs && runs.length ? runs.length - 1 : -1;
  }

  function nodeOutput(name, outputIndex, runIndex) {
    if (!workflowNodeNames.has(name) && !nodes[name]) {
      throw new ExpressionError(`Referenced node doesn't exist`, `The node '${name}' is not in this workflow. Check the node name in $('${name}').`);
    }
    const entry = nodes[name];
    if (!entry || !entry.runs || entry.runs.length === 0) {
      throw new ExpressionError(`Node '${name}' hasn't been executed`, `Make sure '${name}' runs before this node, or check $('${name}').isExecuted first.`);
    }
    const run = entry.runs[runIndex === undefined || runIndex < 0 ? entry.runs.length - 1 : runIndex];
    if (!run) {
      throw new ExpressionError(`Run ${runIndex} of node '${name}' not found`);
    }
    return (run.data && run.data[outputIndex || 0]) || [];
  }

  function pairedOf(item, fallbackIndex) {
    const p = item && item.pairedItem;
    if (p === undefined || p === null) return [{ item: fallbackIndex, input: 0 }];
    if (typeof p === 'number') return [{ item: p, input: 0 }];
    if (isArray(p)) return p.map((x) => (typeof x === 'number' ? { item: x, input: 0 } : { item: x.item, input: x.input || 0 }));
    return [{ item: p.item, input: p.input || 0 }];
  }

  // Follows pairedItem links from an input item of this node back to `target` (n8n's item linking).
  function pairedItemFrom(target, inputIndex) {
    if (!workflowNodeNames.has(target) && !nodes[target]) {
      throw new ExpressionError(`Referenced node doesn't exist`, `The node '${target}' is not in this workflow.`);
    }
    if (!nodes[target] || !nodes[target].runs || nodes[target].runs.length === 0) {
      throw new ExpressionError(`Node '${target}' hasn't been executed`, `Make sure '${target}' runs before this node.`);
    }
    const start = source[0];
    if (!start) {
      throw new ExpressionError(`Can't get data for expression`, `No path back to '${target}': this node has no input connection.`);
    }
    const found = [];
    const seen = new Set();
    function walk(nodeName, outputIndex, runIndex, itemIndex, depth) {
      if (depth > 1000) return;
      const key = nodeName + '\u0000' + outputIndex + '\u0000' + runIndex + '\u0000' + itemIndex;
      if (seen.has(key)) return;
      seen.add(key);
      const entry = nodes[nodeName];
      if (!entry || !entry.runs) return;
      const run = entry.runs[runIndex] || entry.runs[entry.runs.length - 1];
      if (!run) return;
      const items = (run.data && run.data[outputIndex]) || [];
      const item = items[itemIndex];
      if (!item) return;
      if (nodeName === target) {
        found.push(item);
        return;
      }
      for (const p of pairedOf(item, itemIndex)) {
        const src = run.source && run.source[p.input];
        if (!src) continue;
        walk(src.previousNode, src.previousNodeOutput || 0, src.previousNodeRun || 0, p.item, depth + 1);
      }
    }
    walk(start.previousNode, start.previousNodeOutput || 0, start.previousNodeRun || 0, inputIndex, 0);
    if (found.length === 0) {
      throw new ExpressionError(`Paired item data for item from node '${target}' is unavailable`, `Ensure '${target}' is connected to this node through nodes that keep item links.`);
    }
    const distinct = [...new Set(found)];
    if (distinct.length > 1) {
      throw new ExpressionError(`Multiple matches found`, `More than one item of '${target}' is linked to this item; use $('${target}').all() or .first() instead.`);
    }
    return distinct[0];
  }

  function nodeAccessor(name) {
    if (typeof name !== 'string') {
      throw new ExpressionError(`$() needs a node name`, `Write $('Node name').`);
    }
    if (!workflowNodeNames.has(name) && !nodes[name]) {
      throw new ExpressionError(`Referenced node doesn't exist`, `The node '${name}' is not in this workflow. Check the node name in $('${name}').`);
    }
    return {
      all: (branchIndex, runIndex) => nodeOutput(name, branchIndex || 0, runIndex),
      first: (branchIndex, runIndex) => nodeOutput(name, branchIndex || 0, runIndex)[0],
      last: (branchIndex, runIndex) => {
        const items = nodeOutput(name, branchIndex || 0, runIndex);
        return items[items.length - 1];
      },
      get item() {
        return pairedItemFrom(name, currentIndex);
      },
      itemMatching: (index) => pairedItemFrom(name, index),
      pairedItem: (index) => pairedItemFrom(name, index === undefined ? currentIndex : index),
      get isExecuted() {
        return !!(nodes[name] && nodes[name].runs && nodes[name].runs.length > 0);
      },
      get params() {
        return (nodes[name] && nodes[name].parameters) || {};
      },
      get runIndex() {
        return lastRunIndex(name);
      },
      context: {},
    };
  }

  function legacyNode(name) {
    const entry = nodes[name];
    if (!entry) return undefined;
    const items = (entry.runs && entry.runs.length && entry.runs[entry.runs.length - 1].data && entry.runs[entry.runs.length - 1].data[0]) || [];
    const item = items[currentIndex] !== undefined ? items[currentIndex] : items[0];
    return {
      json: item ? item.json : undefined,
      binary: item ? item.binary : undefined,
      parameter: entry.parameters || {},
      runIndex: lastRunIndex(name),
      data: item ? item.json : undefined,
      context: {},
    };
  }

  const nodeProxy = new Proxy({}, {
    get(_, key) {
      return typeof key === 'string' ? legacyNode(key) : undefined;
    },
    has(_, key) {
      return typeof key === 'string' && !!nodes[key];
    },
    ownKeys() {
      return objectKeys(nodes);
    },
    getOwnPropertyDescriptor(_, key) {
      return typeof key === 'string' && nodes[key] ? { configurable: true, enumerable: true, value: legacyNode(key) } : undefined;
    },
  });

  function itemsOf(name, outputIndex, runIndex) {
    if (name === undefined) return inputItems;
    return nodeOutput(name, outputIndex || 0, runIndex);
  }

  const allItemsMode = mode === 'runOnceForAllItems' || mode === 'function';
  const input = {
    all: () => inputItems,
    first: () => inputItems[0],
    last: () => inputItems[inputItems.length - 1],
    get item() {
      if (allItemsMode) {
        throw new ExpressionError(`Can't use .item here`, `$input.item is available in 'Run Once for Each Item' mode; use $input.all() or $input.first() instead.`);
      }
      return inputItems[currentIndex];
    },
    get params() {
      return (payload.node && payload.node.parameters) || {};
    },
    context: {},
  };

  const prevSource = source[0];
  const workflow = payload.workflow || {};
  const execution = payload.execution || {};
  const customData = {};

  function defineGlobal(name, getter) {
    Object.defineProperty(g, name, { configurable: true, enumerable: false, get: getter });
  }
  function setGlobal(name, value) {
    Object.defineProperty(g, name, { configurable: true, enumerable: false, writable: true, value });
  }

  setGlobal('console', consoleObject);
  setGlobal('DateTime', DateTime);
  setGlobal('Duration', Duration);
  setGlobal('Interval', Interval);
  setGlobal('$input', input);
  setGlobal('$', nodeAccessor);
  setGlobal('$node', nodeProxy);
  setGlobal('$items', itemsOf);
  setGlobal('$workflow', { id: workflow.id, name: workflow.name, active: !!workflow.active });
  setGlobal('$execution', {
    id: execution.id,
    mode: execution.mode === 'manual' ? 'test' : 'production',
    resumeUrl: execution.resumeUrl,
    resumeFormUrl: execution.resumeUrl,
    customData: {
      set: (key, value) => { customData[String(key)] = String(value); },
      setAll: (obj) => { for (const k of objectKeys(obj || {})) customData[k] = String(obj[k]); },
      get: (key) => customData[String(key)],
      getAll: () => ({ ...customData }),
    },
  });
  setGlobal('$prevNode', prevSource
    ? { name: prevSource.previousNode, outputIndex: prevSource.previousNodeOutput || 0, runIndex: prevSource.previousNodeRun || 0 }
    : {});
  setGlobal('$runIndex', payload.runIndex || 0);
  setGlobal('$env', payload.env || {});
  setGlobal('$vars', payload.vars || {});
  setGlobal('$parameter', (payload.node && payload.node.parameters) || {});
  setGlobal('$nodeVersion', payload.node && payload.node.typeVersion);
  setGlobal('$now', DateTime.fromMillis(nowMs, { zone: timezone }));
  setGlobal('$today', DateTime.fromMillis(nowMs, { zone: timezone }).startOf('day'));
  setGlobal('$if', function (condition, whenTrue, whenFalse) {
    if (arguments.length < 2) throw new ExpressionError('$if requires at least 2 parameters');
    return condition ? whenTrue : (whenFalse === undefined ? false : whenFalse);
  });
  setGlobal('$ifEmpty', function (value, fallback) {
    if (arguments.length !== 2) throw new ExpressionError('$ifEmpty requires 2 parameters');
    if (value === undefined || value === null || value === '') return fallback;
    if (isArray(value) && value.length === 0) return fallback;
    if (typeof value === 'object' && !isArray(value) && objectKeys(value).length === 0 && !(value instanceof Date) && !DateTime.isDateTime(value)) return fallback;
    return value;
  });
  setGlobal('$max', (...values) => Math.max(...values));
  setGlobal('$min', (...values) => Math.min(...values));
  // n8n's argument order: the data first, then the query (jmespath.search(data, query)).
  let jmespath;
  setGlobal('$jmespath', function $jmespath(data, query) {
    if (!jmespath) {
      jmespath = hostJmespath();
      if (!jmespath) {
        throw new ExpressionError('$jmespath is unavailable: the runner\'s jmespath package is not installed', 'Run `npm ci` in the runner folder.');
      }
    }
    return jmespath.search(data, query);
  });
  setGlobal('$getWorkflowStaticData', () => {
    throw new ExpressionError('$getWorkflowStaticData is not supported by Tessera yet');
  });
  defineGlobal('$itemIndex', () => currentIndex);
  defineGlobal('$json', () => {
    if (allItemsMode) {
      throw new ExpressionError(`Can't use $json here`, `$json is available in 'Run Once for Each Item' mode; use $input.first().json or loop over $input.all().`);
    }
    const item = inputItems[currentIndex];
    return item ? item.json : undefined;
  });
  defineGlobal('$binary', () => {
    if (allItemsMode) {
      throw new ExpressionError(`Can't use $binary here`, `$binary is available in 'Run Once for Each Item' mode.`);
    }
    const item = inputItems[currentIndex];
    return item ? item.binary || {} : undefined;
  });
  if (mode === 'runOnceForAllItems' || mode === 'function') {
    setGlobal('items', inputItems);
  }
  if (mode === 'functionItem') {
    const it = inputItems[currentIndex];
    setGlobal('item', it ? it.json : {});
    setGlobal('getBinaryData', () => (inputItems[currentIndex] && inputItems[currentIndex].binary) || {});
    setGlobal('setBinaryData', (data) => { if (inputItems[currentIndex]) inputItems[currentIndex].binary = data; });
  }
  if (hasRequire) {
    setGlobal('require', function require(name) {
      return hostRequire(String(name));
    });
  }

  // ---- result encoding -------------------------------------------------------------------------------------------
  // Values are JSON, except for a tag object under the key "\u0000" for what JSON cannot carry:
  // undefined, NaN/±Infinity/-0, dates, Luxon values, functions and regular expressions.
  function tag(kind, value) {
    const o = { '\u0000': kind };
    if (value !== undefined) o.v = value;
    return o;
  }
  function encode(value, stack) {
    switch (typeof value) {
      case 'undefined': return tag('u');
      case 'boolean': return value;
      case 'string':
        // A lone surrogate (e.g. half of an emoji from .at(-1)) survives JSON.stringify as \udXXX, which strict
        // UTF-16 readers reject: send such strings as their code units.
        return value.isWellFormed() ? value : tag('s16', Array.from({ length: value.length }, (_, i) => value.charCodeAt(i)));
      case 'number':
        if (Number.isNaN(value)) return tag('n', 'NaN');
        if (value === Infinity) return tag('n', 'Infinity');
        if (value === -Infinity) return tag('n', '-Infinity');
        if (value === 0 && 1 / value < 0) return tag('n', '-0');
        return value;
      case 'bigint': return tag('bigint', value.toString());
      case 'symbol': return tag('symbol', value.toString());
      case 'function': return tag('function', value.name || '');
      default: break;
    }
    if (value === null) return null;
    if (value instanceof Date) return tag('Date', Number.isNaN(value.getTime()) ? null : value.toISOString());
    if (DateTime.isDateTime(value)) return tag('DateTime', value.isValid ? value.toISO() : null);
    if (Duration.isDuration(value)) return tag('Duration', value.isValid ? value.toISO() : null);
    if (Interval.isInterval(value)) return tag('Interval', value.isValid ? value.toISO() : null);
    if (value instanceof RegExp) return tag('RegExp', String(value));
    if (stack.includes(value) || stack.length > 500) return tag('circular');
    stack.push(value);
    try {
      if (isArray(value)) {
        const out = new Array(value.length);
        for (let i = 0; i < value.length; i++) out[i] = encode(value[i], stack);
        return out;
      }
      const out = {};
      const keys = objectKeys(value);
      for (const key of keys) out[key] = encode(value[key], stack);
      if (hasOwn.call(out, '\u0000')) return tag('o', out);
      return out;
    } finally {
      stack.pop();
    }
  }

  function lineOf(error) {
    const match = /tessera-(?:code|expression)\.js:(\d+)/.exec(String(error && error.stack));
    return match ? Number(match[1]) : undefined;
  }

  function describeError(error) {
    if (error === null || typeof error !== 'object') {
      return { name: 'Error', message: String(error), thrownValue: true };
    }
    const out = {
      name: String(error.name || 'Error'),
      message: String(error.message === undefined ? error : error.message),
      line: lineOf(error),
    };
    if (error.description !== undefined) out.description = String(error.description);
    if (error.n8n || error instanceof ExtensionError) out.n8n = true;
    if (error.stack) {
      // Only the user's frames: host paths and our own environment are noise (and nothing to leak).
      const lines = String(error.stack).split('\n');
      out.stack = [lines[0], ...lines.slice(1).filter((l) => /tessera-(?:code|expression)\.js:\d+/.test(l))].slice(0, 12).join('\n');
    }
    return out;
  }

  // ---- Code node result normalisation ------------------------------------------------------------------------
  const ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'error', 'index']);
  function codeError(message, description, itemIndex) {
    const e = new ExpressionError(message, description);
    e.name = 'Error';
    e.itemIndex = itemIndex;
    return e;
  }
  function isPlainObject(v) {
    return v !== null && typeof v === 'object' && !isArray(v);
  }
  function toItem(value, index, eachItem) {
    if (!isPlainObject(value)) {
      throw eachItem
        ? codeError("Code doesn't return an object", `Please return an object representing the output item. ('${isArray(value) ? 'array' : value === null ? 'null' : typeof value}' was returned instead.)`, index)
        : codeError("Code doesn't return items properly", 'Please return an array of objects, one for each item you would like to output.', index);
    }
    if (hasOwn.call(value, 'json')) {
      for (const key of objectKeys(value)) {
        if (!ITEM_KEYS.has(key)) {
          throw codeError(`Unknown top-level item key: ${key}`, 'Access the properties of an item under `.json`, e.g. `item.json`', index);
        }
      }
      if (!isPlainObject(value.json)) {
        throw codeError("A 'json' property isn't an object", "In the returned data, every key named 'json' must point to an object.", index);
      }
      const item = { json: value.json };
      if (value.binary !== undefined) {
        if (!isPlainObject(value.binary)) throw codeError("A 'binary' property isn't an object", "In the returned data, every key named 'binary' must point to an object.", index);
        item.binary = value.binary;
      }
      if (value.pairedItem !== undefined) item.pairedItem = value.pairedItem;
      if (value.error !== undefined) item.error = value.error;
      return item;
    }
    return { json: value };
  }
  function normaliseAll(result) {
    if (result === undefined || result === null) {
      throw codeError("Code doesn't return items properly", 'Please return an array of objects, one for each item you would like to output.');
    }
    const list = isArray(result) ? result : [result];
    return list.map((v, i) => toItem(v, i, false));
  }
  function normaliseOne(result, index) {
    if (result === undefined || result === null) {
      throw codeError("Code doesn't return an object", `Please return an object representing the output item. ('${result === null ? 'null' : 'undefined'}' was returned instead.)`, index);
    }
    if (isArray(result)) {
      throw codeError("Code doesn't return a single object", "An array of objects was returned. If you need to output multiple items, please use the 'Run Once for All Items' mode instead.", index);
    }
    const item = toItem(result, index, true);
    if (item.pairedItem === undefined) item.pairedItem = { item: index };
    return item;
  }

  // ---- task API --------------------------------------------------------------------------------------------------
  let output;
  function finish(obj) {
    try {
      output = stringify(obj).slice(1, -1);
    } catch (e) {
      output = stringify({ ok: false, error: { name: 'Error', message: 'The result cannot be converted to JSON: ' + e.message }, logs }).slice(1, -1);
    }
  }
  function fail(error, extra) {
    const described = describeError(error);
    if (extra && extra.itemIndex !== undefined && described.itemIndex === undefined) described.itemIndex = extra.itemIndex;
    if (error && error.itemIndex !== undefined) described.itemIndex = error.itemIndex;
    finish({ ok: false, error: described, logs });
  }

  function toJsonItems(items) {
    // Items leave the sandbox as JSON (as n8n's task runner sends them): dates become ISO strings, undefined drops.
    return parse(stringify(items, (key, value) => (typeof value === 'string' && !value.isWellFormed() ? value.toWellFormed() : value)));
  }

  async function invoke(fn) {
    try {
      if (mode === 'runOnceForEachItem' || mode === 'functionItem') {
        const out = [];
        for (let i = 0; i < inputItems.length; i++) {
          currentIndex = i;
          // Legacy syntax: Function Item sees the item's JSON as `item`; Code "each item" mode the whole item.
          g.item = mode === 'functionItem' ? inputItems[i].json : inputItems[i];
          let result;
          try {
            result = await fn.call({});
          } catch (e) {
            if (payload.continueOnFail) {
              // n8n's "continue" error modes: the failing item becomes an error item and the loop goes on.
              const d = describeError(e);
              out.push({ json: { error: d.line ? `${d.message} [line ${d.line}]` : d.message }, pairedItem: { item: i } });
              continue;
            }
            if (e && typeof e === 'object' && e.itemIndex === undefined) {
              try { e.itemIndex = i; } catch { /* frozen error */ }
            }
            throw e;
          }
          if (mode === 'functionItem') {
            if (result === undefined || result === null || typeof result !== 'object') {
              throw codeError("Code doesn't return an object", 'Please return an object with the item\'s data.', i);
            }
            const item = { json: result, pairedItem: { item: i } };
            if (inputItems[i].binary) item.binary = inputItems[i].binary;
            out.push(item);
          } else {
            out.push(normaliseOne(result, i));
          }
        }
        finish({ ok: true, items: toJsonItems(out), logs });
      } else {
        const result = await fn.call({});
        finish({ ok: true, items: toJsonItems(normaliseAll(result)), logs });
      }
    } catch (e) {
      fail(e);
    }
  }

  function isExtensionNotFound(error) {
    // A TypeError "x.toTitleCase is not a function" on a known extension name is n8n's
    // "not supported on this type" error, which fails the expression rather than yielding undefined.
    if (!(error instanceof TypeError)) return false;
    const match = /\.(\w+) is not a function/.exec(error.message);
    return !!(match && g.__tesseraExtensionNames && g.__tesseraExtensionNames.has(match[1]));
  }

  function complete(value) {
    try {
      finish({ ok: true, result: encode(value, []) });
    } catch (e) {
      fail(e);
    }
  }

  function failExpression(error) {
    if (error && (error.n8n || error instanceof ExtensionError || isExtensionNotFound(error))) {
      fail(error);
    } else {
      // n8n semantics: JavaScript runtime errors inside an expression yield undefined.
      finish({ ok: true, result: tag('u'), swallowed: describeError(error) });
    }
  }

  function evaluate(fn) {
    try {
      complete(fn());
    } catch (e) {
      failExpression(e);
    }
  }

  // Timers run on a virtual clock. The sandbox has no I/O to wait for, so once the code has run the host fires
  // pending timers in due order without real waiting, each followed by the microtasks it queued.
  const timers = [];
  let timerSeq = 0;
  let virtualNow = 0;
  function addTimer(fn, ms, args, repeat) {
    if (typeof fn !== 'function') {
      throw new TypeError('The "callback" argument must be of type function. Received ' + (fn === null ? 'null' : typeof fn));
    }
    const delay = Math.max(0, Math.min(Number(ms) || 0, 2147483647));
    const id = ++timerSeq;
    timers.push({ id, due: virtualNow + delay, fn, args, every: repeat ? Math.max(1, delay) : 0 });
    return id;
  }
  function clearTimer(id) {
    const at = timers.findIndex((t) => t.id === id);
    if (at >= 0) timers.splice(at, 1);
  }
  g.setTimeout = (fn, ms, ...args) => addTimer(fn, ms, args, false);
  g.setInterval = (fn, ms, ...args) => addTimer(fn, ms, args, true);
  g.setImmediate = (fn, ...args) => addTimer(fn, 0, args, false);
  g.clearTimeout = clearTimer;
  g.clearInterval = clearTimer;
  g.clearImmediate = clearTimer;

  function runTimer() {
    let next = 0;
    for (let i = 1; i < timers.length; i++) {
      if (timers[i].due < timers[next].due || (timers[i].due === timers[next].due && timers[i].id < timers[next].id)) next = i;
    }
    const timer = timers[next];
    if (timer.every) {
      timer.due += timer.every;
    } else {
      timers.splice(next, 1);
    }
    virtualNow = Math.max(virtualNow, timer.due - timer.every);
    try {
      timer.fn(...timer.args);
    } catch (e) {
      // An exception in a timer callback ends the task, as an uncaught exception would end a Node.js script.
      fail(e);
    }
  }

  let selections = 0;
  g.__tesseraTask = { invoke, evaluate, tick: () => { if (timers.length > 0) runTimer(); } };

  return {
    output() {
      const o = output;
      output = undefined;
      return o;
    },
    logs() {
      return stringify(logs);
    },
    pendingTimers() {
      return timers.length;
    },
    select(index) {
      // Each expression sees fresh data: an expression that sorts $json in place must not leak into the next one.
      if (selections++ > 0) {
        inputItems = parse(payloadText).items || [];
      }
      currentIndex = index;
    },
    complete,
    fail: failExpression,
  };
});
