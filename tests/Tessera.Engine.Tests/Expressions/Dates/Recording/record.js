const w = require('n8n-workflow');
require('luxon').Settings.now = () => Date.parse('2024-03-15T12:30:45.123Z');
const nodeTypes = { getByName: () => ({ description: { properties: [], inputs: ['main'], outputs: ['main'] } }), getByNameAndVersion: () => ({ description: { properties: [], inputs: ['main'], outputs: ['main'], name: 'x', version: 1 } }), getKnownTypes: () => ({}) };
const cases = JSON.parse(require('fs').readFileSync(process.env.CASES || 'cases.json', 'utf8'));
const zone = process.env.WFTZ || 'UTC';
const workflow = new w.Workflow({ id: '1', nodes: [{ id: '1', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 1, position: [0, 0], parameters: {} }], connections: {}, active: false, nodeTypes, settings: { timezone: zone } });
const js = (v) => {
  if (Array.isArray(v) && typeof v[0] === 'string' && /^(from|local|utc)/.test(v[0])) return 'DateTime.' + v[0] + '(' + v.slice(1).map(js).join(', ') + ')';
  if (Array.isArray(v) && typeof v[0] === 'string' && /^(Duration|Interval)\./.test(v[0])) return v[0] + '(' + v.slice(1).map(js).join(', ') + ')';
  if (Array.isArray(v) && v[0] === 'newDate') return 'new Date(' + v.slice(1).map(js).join(', ') + ')';
  if (Array.isArray(v)) return '[' + v.map(js).join(', ') + ']';
  if (v && typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => JSON.stringify(k) + ': ' + js(x)).join(', ') + '}';
  return JSON.stringify(v);
};
const out = [];
for (const cs of cases) {
  let e = js(cs.start);
  for (const [name, args] of cs.chain) e += '.' + name + (args === undefined ? '' : '(' + args.map(js).join(', ') + ')');
  let r;
  try {
    const v = workflow.expression.getParameterValue('={{ ' + e + ' }}', null, 0, 0, 'Set', [{ json: {} }], 'manual', {});
    r = v && v.isLuxonDateTime ? 'DT:' + v.toISO() : v && v.isLuxonDuration ? 'DUR:' + v.toISO() : v instanceof Date ? 'DATE:' + v.getTime() : v === undefined ? 'UNDEFINED' : (typeof v === 'number' && !isFinite(v)) ? 'NUM:' + v : v;
  } catch (err) { r = 'ERROR:' + err.constructor.name + ':' + err.message; }
  out.push({ expr: e, ...cs, expected: r });
}
console.log(JSON.stringify(out, null, 1));
