import { describe, expect, it } from 'vitest';
import type { NodeParameter } from '../api/types';
import { buildFields, collectErrors, getIn, groupDefaults, isVisible, setIn, toggleExpression, validate, widgetFor } from './paramForm';

const httpParams: NodeParameter[] = [
  { name: 'method', displayName: 'Method', type: 'options', default: 'GET', options: [{ name: 'GET', value: 'GET' }, { name: 'POST', value: 'POST' }] },
  { name: 'url', displayName: 'URL', type: 'string', default: '', required: true },
  { name: 'sendBody', displayName: 'Send Body', type: 'boolean', default: false, showWhen: { method: ['POST'] } },
  { name: 'body', displayName: 'Body', type: 'json', default: '{}', showWhen: { method: ['POST'], sendBody: [true] } },
  { name: 'timeout', displayName: 'Timeout', type: 'number', default: 1000 },
  { name: 'newOnly', displayName: 'New only', type: 'string', default: '', versions: [2] },
  {
    name: 'options', displayName: 'Options', type: 'collection', default: {},
    children: [{ name: 'retries', displayName: 'Retries', type: 'number', default: 3 }],
  },
];

describe('widgetFor', () => {
  it('maps every documented parameter type to a control, unknown ones to raw JSON', () => {
    expect(widgetFor('string')).toBe('text');
    expect(widgetFor('number')).toBe('number');
    expect(widgetFor('boolean')).toBe('toggle');
    expect(widgetFor('options')).toBe('select');
    expect(widgetFor('multiOptions')).toBe('multiSelect');
    expect(widgetFor('collection')).toBe('collection');
    expect(widgetFor('fixedCollection')).toBe('fixedCollection');
    expect(widgetFor('json')).toBe('json');
    expect(widgetFor('code')).toBe('code');
    expect(widgetFor('assignmentCollection')).toBe('assignments');
    expect(widgetFor('filter')).toBe('raw');
    expect(widgetFor('somethingNew')).toBe('raw');
  });
});

describe('buildFields', () => {
  it('shows defaults and hides parameters whose showWhen does not match', () => {
    const fields = buildFields(httpParams, {}, 1);
    expect(fields.map((f) => f.param.name)).toEqual(['method', 'url', 'timeout', 'options']);
    expect(fields[0].value).toBe('GET');
    expect(fields[0].isSet).toBe(false);
    expect(fields[0].widget).toBe('select');
  });

  it('reveals dependent parameters once their condition holds, chained', () => {
    expect(buildFields(httpParams, { method: 'POST' }, 1).map((f) => f.param.name)).toContain('sendBody');
    expect(buildFields(httpParams, { method: 'POST' }, 1).map((f) => f.param.name)).not.toContain('body');
    const names = buildFields(httpParams, { method: 'POST', sendBody: true }, 1).map((f) => f.param.name);
    expect(names).toContain('body');
  });

  it('keeps parameters of other node versions out', () => {
    expect(buildFields(httpParams, {}, 2).map((f) => f.param.name)).toContain('newOnly');
    expect(buildFields(httpParams, {}, 1).map((f) => f.param.name)).not.toContain('newOnly');
  });

  it('flags expressions and builds paths below a base', () => {
    const [f] = buildFields([httpParams[1]], { url: '={{ $json.url }}' }, 1, ['options', 0]);
    expect(f.isExpression).toBe(true);
    expect(f.path).toEqual(['options', 0, 'url']);
    expect(f.error).toBeNull();
  });

  it('reports a missing required value', () => {
    const url = buildFields(httpParams, {}, 1).find((f) => f.param.name === 'url')!;
    expect(url.error).toBe('URL is required.');
  });
});

describe('labels', () => {
  it('uses the display name, else turns the camelCase name into words', () => {
    expect(buildFields([{ name: 'includeOtherFields', type: 'boolean' }], {}, 1)[0].label).toBe('Include Other Fields');
    expect(buildFields([{ name: 'url', displayName: 'URL', type: 'string' }], {}, 1)[0].label).toBe('URL');
    expect(buildFields([{ name: 'jsCode', displayName: 'jsCode', type: 'code' }], {}, 1)[0].label).toBe('Js Code');
    expect(validate({ name: 'batchSize', type: 'number', required: true }, '', true)).toBe('Batch Size is required.');
  });
});

describe('isVisible', () => {
  it('compares numbers loosely and supports @version', () => {
    const p: NodeParameter = { name: 'x', type: 'string', showWhen: { '@version': [3], mode: [1] } };
    expect(isVisible(p, { mode: '1' }, [], 3)).toBe(true);
    expect(isVisible(p, { mode: 1 }, [], 2)).toBe(false);
  });
});

describe('validate', () => {
  it('rejects non-numbers, bad JSON, unknown options and unclosed expressions with where/what messages', () => {
    expect(validate(httpParams[4], 'abc', true)).toBe('Timeout must be a number.');
    expect(validate(httpParams[3], '{"a":', true)).toMatch(/^Body is not valid JSON/);
    expect(validate(httpParams[0], 'PUT', true)).toBe('Method: "PUT" is not one of the choices.');
    expect(validate(httpParams[1], '={{ $json.x ', true)).toMatch(/unclosed/);
    expect(validate(httpParams[4], 12, true)).toBeNull();
  });

  it('collects errors across the form, including inside set collection options', () => {
    const errors = collectErrors(httpParams, { url: '', options: { retries: 'many' } }, 1);
    expect(errors).toEqual([
      { path: ['url'], message: 'URL is required.' },
      { path: ['options', 'retries'], message: 'Retries must be a number.' },
    ]);
  });
});

describe('setIn / getIn', () => {
  it('updates nested values immutably and removes keys set to undefined', () => {
    const root = { a: { b: [1, { c: 2 }] } };
    const next = setIn(root, ['a', 'b', 1, 'c'], 3);
    expect(getIn(next, ['a', 'b', 1, 'c'])).toBe(3);
    expect(getIn(root, ['a', 'b', 1, 'c'])).toBe(2);
    expect(setIn(next, ['a', 'b'], undefined)).toEqual({ a: {} });
    expect(setIn({ list: [1, 2, 3] }, ['list', 1], undefined)).toEqual({ list: [1, 3] });
  });
});

describe('expressions', () => {
  it('toggles between fixed and expression mode keeping the text', () => {
    expect(toggleExpression('hello')).toBe('=hello');
    expect(toggleExpression('={{ 1 + 1 }}')).toBe('{{ 1 + 1 }}');
    expect(toggleExpression(5)).toBe('=5');
    expect(toggleExpression('=5')).toBe(5);
    expect(toggleExpression(undefined)).toBe('=');
  });
});

describe('groupDefaults', () => {
  it('fills a new fixed-collection entry with its children defaults', () => {
    const group: NodeParameter = {
      name: 'values', type: 'fixedCollection',
      children: [{ name: 'name', type: 'string', default: '' }, { name: 'value', type: 'number', default: 0 }, { name: 'v2', type: 'string', default: 'x', versions: [2] }],
    };
    expect(groupDefaults(group, 1)).toEqual({ name: '', value: 0 });
  });
});
