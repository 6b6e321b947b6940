const w = require('n8n-workflow');
const nodeTypes = { getByName: () => ({ description: { properties: [], inputs: ['main'], outputs: ['main'] } }), getByNameAndVersion: () => ({ description: { properties: [], inputs: ['main'], outputs: ['main'], name: 'x', version: 1 } }), getKnownTypes: () => ({}) };
const workflow = new w.Workflow({ id: '1', nodes: [{ id: '1', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 1, position: [0, 0], parameters: {} }], connections: {}, active: false, nodeTypes, settings: { timezone: process.env.WFTZ || 'UTC' } });
const exprs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = {};
const show = (v) => {
  if (v && typeof v === 'object' && v.isLuxonDateTime) return 'DT:' + v.toISO();
  if (v && typeof v === 'object' && v.isLuxonDuration) return 'DUR:' + v.toISO();
  if (v instanceof Date) return 'DATE:' + (isNaN(v) ? 'Invalid' : v.toISOString());
  if (v === undefined) return 'UNDEFINED';
  if (typeof v === 'number' && !isFinite(v)) return 'NUM:' + String(v);
  return v;
};
for (const e of exprs) {
  try {
    const v = workflow.expression.getParameterValue('={{ ' + e + ' }}', null, 0, 0, 'Set', [{ json: {} }], 'manual', {});
    out[e] = show(v);
  } catch (err) { out[e] = 'ERROR:' + err.constructor.name + ':' + err.message; }
}
console.log(JSON.stringify(out, null, 1));
