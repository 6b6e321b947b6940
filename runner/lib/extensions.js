// Runs INSIDE the task's vm context. Adds n8n's data transformation functions ("extension functions") to this
// context's own prototypes, written from n8n's public documentation. Native methods always win: an extension is only
// added where the prototype has no member of that name (DateTime plus/minus accept n8n's (amount, unit) form too).
(function (luxon) {
  'use strict';
  const g = globalThis;
  const { DateTime, Duration } = luxon;
  const names = new Set();

  class ExpressionExtensionError extends Error {
    constructor(message, description) {
      super(message);
      this.name = 'ExpressionExtensionError';
      this.description = description;
      this.n8n = true;
    }
  }

  function define(proto, name, fn, override) {
    names.add(name);
    if (!override && Object.prototype.hasOwnProperty.call(proto, name)) return;
    Object.defineProperty(proto, name, { configurable: true, enumerable: false, writable: true, value: fn });
  }
  function fail(message, description) {
    throw new ExpressionExtensionError(message, description);
  }
  function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }
  // JSON-like objects and arrays (not dates or Luxon values), which compact() walks into.
  function isPlainData(v) {
    return v !== null && typeof v === 'object' && !(v instanceof Date) && !DateTime.isDateTime(v);
  }
  function isCompactable(v) {
    return v === null || v === undefined || v === '' || (isPlainData(v) && Object.keys(v).length === 0);
  }
  function deepEqual(a, b) {
    if (a === b) return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return Number.isNaN(a) && Number.isNaN(b);
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  function uniqueBy(list, keyOf) {
    const out = [];
    const keys = [];
    for (const v of list) {
      const k = keyOf(v);
      if (!keys.some((x) => deepEqual(x, k))) {
        keys.push(k);
        out.push(v);
      }
    }
    return out;
  }

  // ---- UTF-8 and base64 (no Buffer/TextEncoder/btoa in the sandbox) -------------------------------------------
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function utf8Bytes(text) {
    const bytes = [];
    for (const ch of text) {
      let cp = ch.codePointAt(0);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      if (cp < 0x80) bytes.push(cp);
      else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
      else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    }
    return bytes;
  }
  function utf8Text(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i];
      let cp;
      let n;
      if (b < 0x80) { cp = b; n = 1; } else if (b >= 0xf0) { cp = b & 7; n = 4; } else if (b >= 0xe0) { cp = b & 15; n = 3; } else if (b >= 0xc0) { cp = b & 31; n = 2; } else { cp = 0xfffd; n = 1; }
      for (let j = 1; j < n; j++) cp = (cp << 6) | ((bytes[i + j] ?? 0) & 63);
      out += String.fromCodePoint(cp > 0x10ffff ? 0xfffd : cp);
      i += n;
    }
    return out;
  }
  function base64Encode(text) {
    const bytes = utf8Bytes(text);
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
      out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
    }
    return out;
  }
  function base64Decode(text) {
    const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
    const bytes = [];
    let buffer = 0;
    let bits = 0;
    for (const ch of clean) {
      buffer = (buffer << 6) | B64.indexOf(ch);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes.push((buffer >> bits) & 255);
      }
    }
    return utf8Text(bytes);
  }

  // ---- strings -------------------------------------------------------------------------------------------------
  const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
  const URL_RE = /(?:https?|ftp):\/\/[^\s/$.?#][^\s]*/i;
  const S = String.prototype;
  define(S, 'isEmpty', function () { return this.length === 0; });
  define(S, 'isNotEmpty', function () { return this.length > 0; });
  define(S, 'toJsonString', function () { return JSON.stringify(String(this)); });
  define(S, 'base64Encode', function () { return base64Encode(String(this)); });
  define(S, 'base64Decode', function () { return base64Decode(String(this)); });
  define(S, 'urlEncode', function (entireString = false) { return entireString ? encodeURI(String(this)) : encodeURIComponent(String(this)); });
  define(S, 'urlDecode', function (entireString = false) { return entireString ? decodeURI(String(this)) : decodeURIComponent(String(this)); });
  define(S, 'hash', function (algorithm = 'md5') {
    const algo = String(algorithm).toLowerCase();
    if (algo === 'base64') return base64Encode(String(this));
    const map = { md5: 'md5', sha1: 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', sha3: 'sha3-512' };
    if (!map[algo]) fail(`Unknown algorithm ${algorithm}`, 'Use md5, sha1, sha224, sha256, sha384, sha512, sha3 or base64.');
    return g.__tesseraHash(map[algo], String(this), 'hex');
  });
  define(S, 'quote', function (mark = '"') { return mark + String(this).split(mark).join('\\' + mark) + mark; });
  define(S, 'removeTags', function () { return String(this).replace(/<[^>]*>?/g, ''); });
  define(S, 'removeMarkdown', function () {
    return String(this)
      .replace(/```[\s\S]*?```/g, (m) => m.replace(/```\w*\n?/g, ''))
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/^\s{0,3}#{1,6}\s+/gm, '')
      .replace(/^\s{0,3}>\s?/gm, '')
      .replace(/^\s*[-*+]\s+/gm, '')
      .replace(/(\*\*|__)(.*?)\1/g, '$2')
      .replace(/(\*|_)(.*?)\1/g, '$2')
      .replace(/~~(.*?)~~/g, '$1')
      .replace(/`([^`]*)`/g, '$1');
  });
  define(S, 'replaceSpecialChars', function () { return String(this).normalize('NFKD').replace(/[\u0300-\u036f]/g, ''); });
  // Words split on spaces and hyphens; small words after the first, and words with capitals inside (iPhone, HELLO),
  // stay as written — as n8n does.
  const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'en', 'for', 'if', 'in', 'nor', 'of', 'on', 'or', 'per', 'the', 'to', 'v', 'v.', 'vs', 'vs.', 'via']);
  define(S, 'toTitleCase', function () {
    let index = 0;
    return String(this).split(/([ -])/).map((part) => {
      if (part === ' ' || part === '-' || part === '') return part;
      const keep = (index++ > 0 && SMALL_WORDS.has(part.toLowerCase())) || /\p{Lu}/u.test(part.slice(1));
      return keep ? part : part[0].toUpperCase() + part.slice(1);
    }).join('');
  });
  define(S, 'toSentenceCase', function () {
    const s = String(this).toLowerCase();
    return s.replace(/(^\s*|[.!?]\s+)(\p{L})/gu, (m, p, ch) => p + ch.toUpperCase());
  });
  // Lower-cased; spaces and hyphens become "_", other ASCII punctuation and dashes are dropped, everything else stays.
  define(S, 'toSnakeCase', function () {
    return String(this).toLowerCase()
      .replace(/[ -]/g, '_')
      .replace(/[!-/:-@[-^`{-~]|\p{Pd}/gu, '');
  });
  define(S, 'isNumeric', function () { const s = String(this); return s.trim() !== '' && !Number.isNaN(Number(s)) && Number.isFinite(Number(s)); });
  define(S, 'isEmail', function () { return new RegExp('^' + EMAIL.source + '$').test(String(this)); });
  define(S, 'isUrl', function () { return new RegExp('^' + URL_RE.source + '$', 'i').test(String(this)); });
  define(S, 'isDomain', function () { return /^(?!-)(?:[a-z0-9-]{1,63}\.)+[a-z]{2,}$/i.test(String(this)); });
  define(S, 'extractEmail', function () { const m = EMAIL.exec(String(this)); return m ? m[0] : undefined; });
  define(S, 'extractUrl', function () { const m = URL_RE.exec(String(this)); return m ? m[0] : undefined; });
  // The domain of a whole email address, URL or bare host (with optional path); undefined otherwise.
  define(S, 'extractDomain', function () {
    const s = String(this);
    if (new RegExp('^' + EMAIL.source + '$').test(s)) return s.slice(s.lastIndexOf('@') + 1);
    const m = /^(?:(?:https?|ftp):\/\/)?([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)(?::\d+)?(?:[/?#]\S*)?$/.exec(s);
    return m ? m[1] : undefined;
  });
  define(S, 'extractUrlPath', function () {
    const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)[^/\s?#]+(\/[^\s?#]*)?/i.exec(String(this));
    return m ? (m[1] || '/') : undefined;
  });
  define(S, 'parseJson', function () {
    try {
      return JSON.parse(String(this));
    } catch (e) {
      fail('Parsing failed. Check you have a valid JSON string', String(e.message));
    }
  });
  define(S, 'toBoolean', function () {
    const s = String(this).trim().toLowerCase();
    return !(s === '' || s === 'false' || s === '0' || s === 'no');
  });
  define(S, 'toNumber', function () {
    const s = String(this);
    const n = Number(s); // JavaScript's Number(): '' is 0, as in n8n
    if (Number.isNaN(n)) fail('cannot convert to number', `'${s}' is not a number.`);
    return n;
  });
  define(S, 'toFloat', function () {
    const s = String(this);
    const n = Number.parseFloat(s);
    if (Number.isNaN(n)) fail('cannot convert to float', `'${s}' is not a number.`);
    return n;
  });
  define(S, 'toInt', function () {
    const s = String(this);
    const n = Number.parseInt(s); // no radix: '0x1F' is 31, as in n8n
    if (Number.isNaN(n)) fail('cannot convert to integer', `'${s}' is not a number.`);
    return n;
  });
  define(S, 'toWholeNumber', function () {
    const s = String(this);
    const n = Number.parseFloat(s);
    if (Number.isNaN(n)) fail('cannot convert to number', `'${s}' is not a number.`);
    return Math.trunc(n);
  });
  define(S, 'toDateTime', function (format) {
    const s = String(this);
    let dt = format ? DateTime.fromFormat(s, format) : DateTime.fromISO(s);
    if (!dt.isValid && !format) dt = DateTime.fromRFC2822(s);
    if (!dt.isValid && !format) dt = DateTime.fromHTTP(s);
    if (!dt.isValid && !format) dt = DateTime.fromSQL(s);
    if (!dt.isValid && !format) {
      const d = new Date(s);
      if (!Number.isNaN(d.getTime())) dt = DateTime.fromJSDate(d);
    }
    if (!dt.isValid) fail(`cannot convert '${s}' to a DateTime`, 'Use an ISO 8601 date, or pass the format as toDateTime(format).');
    return dt;
  });
  define(S, 'toDate', function () {
    const d = new Date(String(this));
    if (Number.isNaN(d.getTime())) fail('cannot convert to date', `'${String(this)}' is not a date.`);
    return d;
  });

  // ---- numbers -------------------------------------------------------------------------------------------------
  const N = Number.prototype;
  // n8n rounds with toFixed: halves away from zero on the exact binary value ((1.005).round(2) is 1).
  define(N, 'round', function (decimals = 0) {
    const n = Number(this);
    if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return n;
    return Number(n.toFixed(decimals));
  });
  define(N, 'ceil', function () { return Math.ceil(Number(this)); });
  define(N, 'floor', function () { return Math.floor(Number(this)); });
  define(N, 'abs', function () { return Math.abs(Number(this)); });
  define(N, 'isInteger', function () { return Number.isInteger(Number(this)); });
  define(N, 'isEven', function () {
    const n = Number(this);
    if (!Number.isInteger(n)) fail('isEven() is only callable on integers');
    return n % 2 === 0;
  });
  define(N, 'isOdd', function () {
    const n = Number(this);
    if (!Number.isInteger(n)) fail('isOdd() is only callable on integers');
    return Math.abs(n % 2) === 1;
  });
  define(N, 'isEmpty', function () { return false; });
  define(N, 'toBoolean', function () { return Number(this) !== 0; });
  define(N, 'toInt', function () { return Math.trunc(Number(this)); });
  define(N, 'toFloat', function () { return Number(this); });
  define(N, 'format', function (locales = 'en-US', options = {}) { return new Intl.NumberFormat(locales, options).format(Number(this)); });
  define(N, 'toDateTime', function (format = 'ms') {
    const n = Number(this);
    if (format === 's') return DateTime.fromSeconds(n);
    if (format === 'excel') return DateTime.fromMillis(Math.round((n - 25569) * 86400000), { zone: 'UTC' }).setZone(luxon.Settings.defaultZone);
    return DateTime.fromMillis(n);
  });

  // ---- booleans ------------------------------------------------------------------------------------------------
  const Bo = Boolean.prototype;
  define(Bo, 'toNumber', function () { return this.valueOf() ? 1 : 0; });
  define(Bo, 'toInt', function () { return this.valueOf() ? 1 : 0; });
  define(Bo, 'toFloat', function () { return this.valueOf() ? 1 : 0; });
  define(Bo, 'isEmpty', function () { return false; });

  // ---- arrays --------------------------------------------------------------------------------------------------
  const A = Array.prototype;
  function numbers(list, name) {
    for (const v of list) {
      if (typeof v !== 'number') fail(`${name}(): all array elements must be numbers`, `Found ${JSON.stringify(v)}.`);
    }
    return list;
  }
  define(A, 'isEmpty', function () { return this.length === 0; });
  define(A, 'isNotEmpty', function () { return this.length > 0; });
  define(A, 'first', function () { return this[0]; });
  define(A, 'last', function () { return this[this.length - 1]; });
  define(A, 'sum', function () { return numbers(this, 'sum').reduce((a, b) => a + b, 0); });
  define(A, 'average', function () {
    numbers(this, 'average');
    if (this.length === 0) return 0;
    return this.reduce((a, b) => a + b, 0) / this.length;
  });
  define(A, 'max', function () { return Math.max(...numbers(this, 'max')); });
  define(A, 'min', function () { return Math.min(...numbers(this, 'min')); });
  define(A, 'append', function (...values) { return [...this, ...values]; });
  define(A, 'chunk', function (size = 1) {
    const n = Math.max(1, Math.floor(Number(size)));
    const out = [];
    for (let i = 0; i < this.length; i += n) out.push(this.slice(i, i + n));
    return out;
  });
  define(A, 'compact', function () {
    return this.filter((v) => !isCompactable(v)).map((v) => (isPlainData(v) ? compactObject(v) : v));
  });
  define(A, 'unique', function (...fields) {
    return uniqueBy(this, (v) => (fields.length && isObject(v) ? fields.map((f) => v[f]) : v));
  });
  define(A, 'removeDuplicates', A.unique);
  define(A, 'difference', function (other) {
    if (!Array.isArray(other)) fail('difference(): expected an array argument');
    return this.filter((v) => !other.some((o) => deepEqual(o, v)));
  });
  define(A, 'intersection', function (other) {
    if (!Array.isArray(other)) fail('intersection(): expected an array argument');
    return uniqueBy(this.filter((v) => other.some((o) => deepEqual(o, v))), (v) => v);
  });
  define(A, 'union', function (other) {
    if (!Array.isArray(other)) fail('union(): expected an array argument');
    return uniqueBy([...this, ...other], (v) => v);
  });
  define(A, 'merge', function (...others) {
    if (others.length === 0) {
      const out = {};
      for (const v of this) {
        if (!isObject(v)) continue;
        for (const key of Object.keys(v)) if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = v[key];
      }
      return out;
    }
    const other = others[0];
    if (!Array.isArray(other)) fail('merge(): expected an array argument');
    const out = [];
    for (let i = 0; i < Math.max(this.length, other.length); i++) {
      out.push({ ...(isObject(other[i]) ? other[i] : {}), ...(isObject(this[i]) ? this[i] : {}) });
    }
    return out;
  });
  define(A, 'pluck', function (...fields) {
    if (fields.length === 0) return this.slice();
    const out = [];
    for (const v of this) {
      if (!isObject(v)) continue;
      const present = fields.filter((f) => Object.prototype.hasOwnProperty.call(v, f));
      if (present.length === 0) continue;
      if (present.length === 1) {
        out.push(v[present[0]]);
      } else {
        out.push(present.map((f) => v[f]));
      }
    }
    return out;
  });
  define(A, 'randomItem', function () { return this[Math.floor(Math.random() * this.length)]; });
  define(A, 'renameKeys', function (...pairs) {
    if (pairs.length % 2 !== 0) fail('renameKeys(): expected pairs of old and new key names');
    return this.map((v) => {
      if (!isObject(v)) return v;
      const out = { ...v };
      for (let i = 0; i < pairs.length; i += 2) {
        if (Object.prototype.hasOwnProperty.call(out, pairs[i])) {
          const value = out[pairs[i]];
          delete out[pairs[i]];
          out[pairs[i + 1]] = value;
        }
      }
      return out;
    });
  });
  define(A, 'smartJoin', function (keyField, valueField) {
    const out = {};
    for (const v of this) if (isObject(v)) out[v[keyField]] = v[valueField];
    return out;
  });
  define(A, 'toJsonString', function () { return JSON.stringify(this); });

  // ---- objects -------------------------------------------------------------------------------------------------
  const O = Object.prototype;
  // Drops null, undefined, '' and empty arrays/objects at every depth; nested arrays become objects keyed "0", "1"…
  function compactObject(value) {
    const out = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (isCompactable(v)) continue;
      out[key] = isPlainData(v) ? compactObject(v) : v;
    }
    return out;
  }
  define(O, 'isEmpty', function () { return Object.keys(this).length === 0; });
  define(O, 'isNotEmpty', function () { return Object.keys(this).length > 0; });
  define(O, 'hasField', function (name) { return Object.prototype.hasOwnProperty.call(this, name); });
  define(O, 'removeField', function (name) {
    const out = { ...this };
    delete out[name];
    return out;
  });
  define(O, 'removeFieldsContaining', function (value) {
    const out = {};
    for (const key of Object.keys(this)) {
      const v = this[key];
      if (!(typeof v === 'string' && v.includes(String(value)))) out[key] = v;
    }
    return out;
  });
  define(O, 'keepFieldsContaining', function (value) {
    const out = {};
    for (const key of Object.keys(this)) {
      const v = this[key];
      if (typeof v === 'string' && v.includes(String(value))) out[key] = v;
    }
    return out;
  });
  define(O, 'compact', function () { return compactObject(this); });
  define(O, 'keys', function () { return Object.keys(this); });
  define(O, 'values', function () { return Object.values(this); });
  define(O, 'toJsonString', function () { return JSON.stringify(this); });
  define(O, 'urlEncode', function () {
    return Object.keys(this).map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(String(this[k]))).join('&');
  });

  // ---- dates (Luxon DateTime and JS Date) -------------------------------------------------------------------
  const D = DateTime.prototype;
  const nativePlus = D.plus;
  const nativeMinus = D.minus;
  function unitDuration(amount, unit) {
    if (typeof amount === 'number' && typeof unit === 'string') {
      const u = unit.endsWith('s') ? unit : unit + 's';
      return { [u]: amount };
    }
    return amount;
  }
  define(D, 'plus', function (amount, unit) { return nativePlus.call(this, unitDuration(amount, unit)); }, true);
  define(D, 'minus', function (amount, unit) { return nativeMinus.call(this, unitDuration(amount, unit)); }, true);
  define(D, 'format', function (fmt) { return this.toFormat(fmt); });
  define(D, 'beginningOf', function (unit = 'week') { return this.startOf(unit); });
  define(D, 'endOfMonth', function () { return this.endOf('month'); });
  define(D, 'extract', function (part = 'week') {
    const map = { week: 'weekNumber', weekday: 'weekday', day: 'day', month: 'month', year: 'year', hour: 'hour', minute: 'minute', second: 'second', millisecond: 'millisecond', quarter: 'quarter', dayOfYear: 'ordinal', ordinal: 'ordinal' };
    const key = map[part] || part;
    return this[key];
  });
  define(D, 'isBetween', function (a, b) {
    const x = toDT(a);
    const y = toDT(b);
    const lo = x < y ? x : y;
    const hi = x < y ? y : x;
    return this > lo && this < hi;
  });
  define(D, 'isDst', function () { return this.isInDST; });
  // Luxon 3.4+ has an isWeekend getter; n8n documents isWeekend() as a method, so the method wins.
  define(D, 'isWeekend', function () { return this.weekday === 6 || this.weekday === 7; }, true);
  define(D, 'isInLast', function (amount = 0, unit = 'minutes') {
    const now = DateTime.now();
    return this >= nativeMinus.call(now, unitDuration(amount, unit)) && this <= now;
  });
  define(D, 'toDateTime', function () { return this; });
  define(D, 'isEmpty', function () { return false; });
  define(D, 'diffTo', function (other, unit = 'days') { return this.diff(toDT(other), unit).as(unit); });
  function toDT(v) {
    if (DateTime.isDateTime(v)) return v;
    if (v instanceof Date) return DateTime.fromJSDate(v);
    if (typeof v === 'number') return DateTime.fromMillis(v);
    return DateTime.fromISO(String(v));
  }

  const Dt = Date.prototype;
  const viaLuxon = (name) => function (...args) { return D[name].apply(DateTime.fromJSDate(this), args); };
  define(Dt, 'format', viaLuxon('format'));
  define(Dt, 'extract', viaLuxon('extract'));
  define(Dt, 'isBetween', viaLuxon('isBetween'));
  define(Dt, 'isDst', viaLuxon('isDst'));
  define(Dt, 'isWeekend', viaLuxon('isWeekend'));
  define(Dt, 'isInLast', viaLuxon('isInLast'));
  define(Dt, 'toDateTime', function () { return DateTime.fromJSDate(this); });
  define(Dt, 'beginningOf', function (unit) { return D.beginningOf.call(DateTime.fromJSDate(this), unit).toJSDate(); });
  define(Dt, 'endOfMonth', function () { return D.endOfMonth.call(DateTime.fromJSDate(this)).toJSDate(); });
  define(Dt, 'plus', function (amount, unit) { return D.plus.call(DateTime.fromJSDate(this), amount, unit).toJSDate(); });
  define(Dt, 'minus', function (amount, unit) { return D.minus.call(DateTime.fromJSDate(this), amount, unit).toJSDate(); });
  void Duration;

  Object.defineProperty(g, '__tesseraExtensionError', { configurable: true, enumerable: false, writable: true, value: ExpressionExtensionError });
  Object.defineProperty(g, '__tesseraExtensionNames', { configurable: true, enumerable: false, writable: true, value: names });
});
