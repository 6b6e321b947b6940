import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { NodeParameter } from '../api/types';
import { ParameterForm, type FormContext } from './ParameterForm';

const ctx: FormContext = { version: 1, disabled: false, preview: async () => ({ value: 1 }), onChange: () => undefined };

function render(params: NodeParameter[], values: Record<string, unknown>, over: Partial<FormContext> = {}) {
  const html = renderToStaticMarkup(<ParameterForm params={params} values={values} base={[]} ctx={{ ...ctx, ...over }} />);
  return new DOMParserLite(html);
}

/** Just enough HTML inspection for markup assertions, without a DOM library. */
class DOMParserLite {
  constructor(readonly html: string) {}
  count(re: RegExp) {
    return (this.html.match(new RegExp(re, 'g')) ?? []).length;
  }
  has(s: string | RegExp) {
    return typeof s === 'string' ? this.html.includes(s) : s.test(this.html);
  }
}

describe('ParameterForm', () => {
  it('renders one control per parameter type, labelled', () => {
    const f = render(
      [
        { name: 'url', displayName: 'URL', type: 'string', default: '' },
        { name: 'limit', type: 'number', default: 5 },
        { name: 'enabled', type: 'boolean', default: true },
        { name: 'method', type: 'options', default: 'GET', options: [{ name: 'GET', value: 'GET' }, { name: 'POST', value: 'POST' }] },
        { name: 'body', type: 'json', default: '{}' },
        { name: 'jsCode', displayName: 'JavaScript', type: 'code', default: 'return items;' },
        { name: 'conditions', type: 'filter', default: { combinator: 'and' } },
      ],
      {},
    );
    expect(f.has('<label for="p-url">URL</label>')).toBe(true);
    expect(f.has(/<input id="p-limit"[^>]*type="number"[^>]*value="5"/)).toBe(true);
    expect(f.has(/<input id="p-enabled"[^>]*type="checkbox"[^>]*role="switch"[^>]*checked=""/)).toBe(true);
    expect(f.count(/<option value="&quot;(GET|POST)&quot;"/)).toBe(2);
    expect(f.has(/<textarea id="p-body"[^>]*class="code"/)).toBe(true);
    expect(f.has(/<textarea[^>]*id="p-jsCode"[^>]*class="code editor"/)).toBe(true);
    // A type with no dedicated control is edited as JSON.
    expect(f.has('&quot;combinator&quot;: &quot;and&quot;')).toBe(true);
    // Every field but code offers the expression toggle.
    expect(f.count(/aria-label="Expression mode for /)).toBe(6);
  });

  it('shows an expression with its preview box instead of the fixed control, and the validation message', () => {
    const f = render(
      [{ name: 'url', displayName: 'URL', type: 'string', required: true }, { name: 'count', type: 'number' }],
      { url: '={{ $json.host', count: 'many' },
    );
    expect(f.has(/<textarea id="p-url"[^>]*class="code expr"[^>]*>\{\{ \$json.host<\/textarea>/)).toBe(true);
    expect(f.has('aria-label="Expression result"')).toBe(true);
    expect(f.has('aria-pressed="true" aria-label="Expression mode for URL"')).toBe(true);
    expect(f.has('The expression has an unclosed {{ }}; close it with }}.')).toBe(true);
    expect(f.has('Count must be a number.')).toBe(true);
  });

  it('renders collections with only their set options and a picker for the rest', () => {
    const f = render(
      [{ name: 'options', type: 'collection', default: {}, children: [{ name: 'timeout', type: 'number', default: 1000 }, { name: 'proxy', type: 'string', default: '' }] }],
      { options: { timeout: 50 } },
    );
    expect(f.has(/id="p-options-timeout"[^>]*value="50"/)).toBe(true);
    expect(f.has('id="p-options-proxy"')).toBe(false);
    expect(f.has('aria-label="Add option to Options"')).toBe(true);
    expect(f.has('<option value="proxy">Proxy</option>')).toBe(true);
    expect(f.has('aria-label="Remove Timeout"')).toBe(true);
  });

  it('renders fixed collections as groups with repeatable entries', () => {
    const headers: NodeParameter = {
      name: 'headers', type: 'fixedCollection', multipleValues: true, default: {},
      children: [{ name: 'parameter', displayName: 'Header', type: 'fixedCollection', children: [{ name: 'name', type: 'string', default: '' }, { name: 'value', type: 'string', default: '' }] }],
    };
    const f = render([headers], { headers: { parameter: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] } });
    expect(f.has('<legend>Header</legend>')).toBe(true);
    expect(f.has(/id="p-headers-parameter-1-name"[^>]*value="b"/)).toBe(true);
    expect(f.count(/aria-label="Remove Header \d"/)).toBe(2);
    expect(f.has('aria-label="Add Header"')).toBe(true);
  });

  it('renders assignment rows with name, type and value', () => {
    const f = render([{ name: 'assignments', type: 'assignmentCollection', default: {} }], {
      assignments: { assignments: [{ id: '1', name: 'greeting', type: 'string', value: '=hi {{ 1 }}' }] },
    });
    expect(f.has(/aria-label="Field 1 name"[^>]*value="greeting"/)).toBe(true);
    expect(f.has('aria-label="Field 1 type"')).toBe(true);
    expect(f.has(/aria-label="Field 1 value"[^>]*>hi \{\{ 1 \}\}<\/textarea>/)).toBe(true);
    expect(f.has('+ Add field')).toBe(true);
  });

  it('hides parameters whose showWhen does not hold and disables everything when read-only', () => {
    const params: NodeParameter[] = [
      { name: 'mode', type: 'options', default: 'manual', options: [{ name: 'Manual', value: 'manual' }, { name: 'JSON', value: 'raw' }] },
      { name: 'jsonOutput', type: 'json', default: '{}', showWhen: { mode: ['raw'] } },
    ];
    expect(render(params, {}).has('p-jsonOutput')).toBe(false);
    const raw = render(params, { mode: 'raw' }, { disabled: true });
    expect(raw.has('p-jsonOutput')).toBe(true);
    expect(raw.count(/disabled=""/)).toBeGreaterThanOrEqual(4);
  });
});
