// Turns a node type's parameter descriptions into form fields: which are shown, their values, and what is wrong.
import type { NodeParameter } from '../api/types';

export type Path = (string | number)[];

export type Widget =
  | 'text'
  | 'number'
  | 'toggle'
  | 'select'
  | 'multiSelect'
  | 'collection'
  | 'fixedCollection'
  | 'json'
  | 'code'
  | 'dateTime'
  | 'assignments'
  | 'resourceLocator'
  | 'notice'
  | 'raw';

export interface Field {
  param: NodeParameter;
  path: Path;
  label: string;
  widget: Widget;
  /** The value set on the node, or the default when the node leaves it out. */
  value: unknown;
  /** True when the node sets the value itself (not the default). */
  isSet: boolean;
  /** True when the value is an n8n expression (a string starting with `=`). */
  isExpression: boolean;
  /** A problem with the value, for the message beside the field. */
  error: string | null;
}

const WIDGETS: Record<string, Widget> = {
  string: 'text',
  number: 'number',
  boolean: 'toggle',
  options: 'select',
  multiOptions: 'multiSelect',
  collection: 'collection',
  fixedCollection: 'fixedCollection',
  json: 'json',
  code: 'code',
  dateTime: 'dateTime',
  assignmentCollection: 'assignments',
  resourceLocator: 'resourceLocator',
  notice: 'notice',
};

/** The control that edits a parameter type; unknown types (filter, any…) edit as raw JSON. */
export function widgetFor(type: string): Widget {
  return WIDGETS[type] ?? 'raw';
}

/** A label for a parameter without a display name: `includeOtherFields` → `Include Other Fields`. */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of a parameter; a display name that is just the raw key (`includeOtherFields`) is turned into words. */
export function labelOf(param: NodeParameter): string {
  if (!param.displayName || param.displayName === param.name) return humanize(param.name);
  return param.displayName;
}

export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}

/** True when the parameter exists in this node version. */
export function appliesToVersion(param: NodeParameter, version: number): boolean {
  return !param.versions || param.versions.length === 0 || param.versions.includes(version);
}

function valueOf(params: Record<string, unknown>, all: NodeParameter[], name: string): unknown {
  if (name in params) return params[name];
  return all.find((p) => p.name === name)?.default;
}

function looselyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b) && a !== '' && b !== '';
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * n8n's `displayOptions.show`: every named parameter must hold one of the listed values. `@version` compares with the
 * node's typeVersion. Names are looked up among the siblings (the same collection level).
 */
export function isVisible(param: NodeParameter, siblings: Record<string, unknown>, all: NodeParameter[], version: number): boolean {
  if (!appliesToVersion(param, version)) return false;
  const show = param.showWhen;
  if (!show) return true;
  for (const [key, allowed] of Object.entries(show)) {
    if (!Array.isArray(allowed)) continue;
    const actual = key === '@version' ? version : valueOf(siblings, all, key.replace(/^\//, ''));
    if (!allowed.some((v) => looselyEqual(v, actual))) return false;
  }
  return true;
}

/** A problem with one value, or null. */
export function validate(param: NodeParameter, value: unknown, isSet: boolean): string | null {
  if (isExpression(value)) {
    const open = (value.match(/\{\{/g) ?? []).length;
    const close = (value.match(/\}\}/g) ?? []).length;
    return open === close ? null : 'The expression has an unclosed {{ }}; close it with }}.';
  }
  const label = labelOf(param);
  if (param.required && (value === undefined || value === null || value === '')) return `${label} is required.`;
  switch (param.type) {
    case 'number':
      if (isSet && value !== '' && value !== null && typeof value !== 'number' && Number.isNaN(Number(value))) return `${label} must be a number.`;
      return null;
    case 'json':
      if (typeof value === 'string' && value.trim() !== '') {
        try {
          JSON.parse(value);
        } catch (e) {
          return `${label} is not valid JSON: ${(e as Error).message}`;
        }
      }
      return null;
    case 'options':
      if (isSet && param.options?.length && !param.options.some((o) => looselyEqual(o.value, value)))
        return `${label}: "${String(value)}" is not one of the choices.`;
      return null;
    default:
      return null;
  }
}

/** The fields to show for one level of parameters (the node's top level, or inside a collection). */
export function buildFields(params: NodeParameter[], values: Record<string, unknown>, version: number, base: Path = []): Field[] {
  const fields: Field[] = [];
  for (const param of params) {
    if (!isVisible(param, values, params, version)) continue;
    const isSet = Object.prototype.hasOwnProperty.call(values, param.name);
    const value = isSet ? values[param.name] : param.default;
    fields.push({
      param,
      path: [...base, param.name],
      label: labelOf(param),
      widget: widgetFor(param.type),
      value,
      isSet,
      isExpression: isExpression(value),
      error: validate(param, value, isSet),
    });
  }
  return fields;
}

/** Every validation message of a node, with the path of the parameter, for the panel's summary. */
export function collectErrors(params: NodeParameter[], values: Record<string, unknown>, version: number, base: Path = []): { path: Path; message: string }[] {
  const out: { path: Path; message: string }[] = [];
  for (const f of buildFields(params, values, version, base)) {
    if (f.error) out.push({ path: f.path, message: f.error });
    if (f.widget === 'collection' && f.isSet && isPlainObject(f.value) && f.param.children)
      out.push(...collectErrors(f.param.children, f.value, version, f.path).filter((e) => (f.value as Record<string, unknown>)[String(e.path[e.path.length - 1])] !== undefined));
  }
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Returns a copy of `root` with `value` at `path`; `undefined` removes the key (back to the default). */
export function setIn<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(root) ? [...root] : [];
    if (rest.length === 0 && value === undefined) arr.splice(head, 1);
    else arr[head] = setIn(arr[head], rest, value);
    return arr as T;
  }
  const obj: Record<string, unknown> = isPlainObject(root) ? { ...root } : {};
  if (rest.length === 0 && value === undefined) delete obj[head];
  else obj[head] = setIn(obj[head], rest, value);
  return obj as T;
}

export function getIn(root: unknown, path: Path): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || cur === undefined) return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** An empty value for a newly added collection entry or fixed-collection group. */
export function initialValue(param: NodeParameter): unknown {
  if (param.default !== undefined && param.default !== null) return structuredCloneSafe(param.default);
  switch (param.type) {
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'options':
      return param.options?.[0]?.value ?? '';
    case 'multiOptions':
      return [];
    case 'collection':
    case 'fixedCollection':
      return {};
    default:
      return '';
  }
}

/** The defaults of a fixed-collection group's visible children, as n8n fills a newly added entry. */
export function groupDefaults(group: NodeParameter, version: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const child of group.children ?? []) {
    if (!appliesToVersion(child, version)) continue;
    if (child.default !== undefined && child.default !== null) out[child.name] = structuredCloneSafe(child.default);
  }
  return out;
}

function structuredCloneSafe<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Switches a value into expression mode (`=` prefix) or back, keeping the text. */
export function toggleExpression(value: unknown): unknown {
  if (isExpression(value)) {
    const text = value.slice(1);
    const n = Number(text);
    if (text.trim() !== '' && !Number.isNaN(n) && String(n) === text.trim()) return n;
    if (text === 'true') return true;
    if (text === 'false') return false;
    return text;
  }
  if (value === undefined || value === null) return '=';
  if (typeof value === 'object') return `=${JSON.stringify(value)}`;
  return `=${String(value)}`;
}
