import { useState } from 'react';
import type { NodeParameter } from '../api/types';
import { ExpressionPreview, type PreviewFn } from './ExpressionPreview';
import { buildFields, groupDefaults, initialValue, isExpression, isPlainObject, labelOf, toggleExpression, type Field, type Path } from './paramForm';
import { newId } from './graph';

export interface FormContext {
  version: number;
  disabled: boolean;
  preview: PreviewFn;
  onChange: (path: Path, value: unknown) => void;
}

const fieldId = (path: Path) => `p-${path.join('-').replace(/[^\w-]/g, '_')}`;

/** One level of parameters, generated from their descriptions. */
export function ParameterForm({ params, values, base, ctx, onlySet, onRemove }: {
  params: NodeParameter[];
  values: Record<string, unknown>;
  base: Path;
  ctx: FormContext;
  /** For collections: show only the options the node sets. */
  onlySet?: boolean;
  onRemove?: (name: string) => void;
}) {
  const fields = buildFields(params, values, ctx.version, base).filter((f) => !onlySet || f.isSet);
  const seen = new Set<string>();
  return (
    <div className="form">
      {fields.map((f) => {
        // A name can appear once per version range; show the first that applies.
        if (seen.has(f.param.name)) return null;
        seen.add(f.param.name);
        return <FieldRow key={f.param.name} field={f} ctx={ctx} onRemove={onRemove} />;
      })}
    </div>
  );
}

function FieldRow({ field, ctx, onRemove }: { field: Field; ctx: FormContext; onRemove?: (name: string) => void }) {
  const id = fieldId(field.path);
  const canExpress = !['collection', 'fixedCollection', 'notice', 'assignments', 'code'].includes(field.widget);
  const errId = `${id}-err`;
  const descId = `${id}-desc`;
  if (field.widget === 'notice') return <p className="notice">{field.param.displayName ?? String(field.value ?? '')}</p>;
  return (
    <div className={`field ${field.error ? 'invalid' : ''}`}>
      <div className="field-head">
        <label htmlFor={id}>{field.label}{field.param.required && <span aria-hidden="true"> *</span>}</label>
        <span className="spacer" />
        {canExpress && (
          <button type="button" className={`expr-toggle ${field.isExpression ? 'on' : ''}`} aria-pressed={field.isExpression} disabled={ctx.disabled}
            aria-label={`Expression mode for ${field.label}`} title="Fixed value or expression (=)"
            onClick={() => ctx.onChange(field.path, toggleExpression(field.value))}>=</button>
        )}
        {onRemove && <button type="button" className="ghost small" aria-label={`Remove ${field.label}`} disabled={ctx.disabled} onClick={() => onRemove(field.param.name)}>×</button>}
      </div>
      {field.isExpression ? (
        <>
          <textarea id={id} className="code expr" rows={2} value={(field.value as string).slice(1)} disabled={ctx.disabled} spellCheck={false}
            aria-describedby={`${id}-preview ${field.error ? errId : ''}`} aria-invalid={!!field.error}
            onChange={(e) => ctx.onChange(field.path, `=${e.target.value}`)} />
          <ExpressionPreview id={`${id}-preview`} expression={field.value as string} preview={ctx.preview} />
        </>
      ) : (
        <Widget field={field} id={id} ctx={ctx} describedBy={[field.param.description ? descId : '', field.error ? errId : ''].filter(Boolean).join(' ') || undefined} />
      )}
      {field.param.description && <div id={descId} className="muted small">{field.param.description}</div>}
      {field.error && <div id={errId} className="field-error" role="alert">{field.error}</div>}
    </div>
  );
}

function Widget({ field, id, ctx, describedBy }: { field: Field; id: string; ctx: FormContext; describedBy?: string }) {
  const { param, value, path } = field;
  const set = (v: unknown) => ctx.onChange(path, v);
  const common = { id, disabled: ctx.disabled, 'aria-describedby': describedBy, 'aria-invalid': !!field.error };
  switch (field.widget) {
    case 'text':
    case 'dateTime':
      return <input {...common} type="text" value={value === undefined || value === null ? '' : String(value)} onChange={(e) => set(e.target.value)} />;
    case 'number':
      return <input {...common} type="number" value={value === undefined || value === null ? '' : String(value)} onChange={(e) => set(e.target.value === '' ? '' : Number.isNaN(e.target.valueAsNumber) ? e.target.value : e.target.valueAsNumber)} />;
    case 'toggle':
      return <input {...common} type="checkbox" role="switch" checked={value === true} onChange={(e) => set(e.target.checked)} />;
    case 'select':
      if (!param.options?.length) return <input {...common} type="text" value={value === undefined || value === null ? '' : String(value)} onChange={(e) => set(e.target.value)} />;
      return (
        <select {...common} value={JSON.stringify(value ?? null)} onChange={(e) => set(JSON.parse(e.target.value))}>
          {!param.options.some((o) => JSON.stringify(o.value) === JSON.stringify(value ?? null)) && <option value={JSON.stringify(value ?? null)}>{String(value ?? '')}</option>}
          {param.options.map((o) => <option key={JSON.stringify(o.value)} value={JSON.stringify(o.value)} title={o.description ?? undefined}>{o.name}</option>)}
        </select>
      );
    case 'multiSelect': {
      const list = Array.isArray(value) ? value : [];
      if (!param.options?.length) return <RawJson field={field} id={id} ctx={ctx} />;
      return (
        <div role="group" aria-labelledby={id} className="checks">
          {param.options.map((o) => (
            <label key={String(o.value)} className="inline">
              <input type="checkbox" disabled={ctx.disabled} checked={list.includes(o.value)} onChange={(e) => set(e.target.checked ? [...list, o.value] : list.filter((v) => v !== o.value))} />
              {o.name}
            </label>
          ))}
        </div>
      );
    }
    case 'json':
      return <textarea {...common} className="code" rows={6} spellCheck={false} value={typeof value === 'string' ? value : JSON.stringify(value ?? null, null, 2)} onChange={(e) => set(e.target.value)} />;
    case 'code':
      return <CodeEditor {...common} value={typeof value === 'string' ? value : ''} onChange={set} />;
    case 'collection':
      return param.children?.length ? <CollectionEditor field={field} ctx={ctx} /> : <RawJson field={field} id={id} ctx={ctx} />;
    case 'fixedCollection':
      return param.children?.length ? <FixedCollectionEditor field={field} ctx={ctx} /> : <RawJson field={field} id={id} ctx={ctx} />;
    case 'assignments':
      return <AssignmentsEditor field={field} ctx={ctx} />;
    case 'resourceLocator': {
      const rl = isPlainObject(value) ? value : { __rl: true, mode: 'id', value: value ?? '' };
      return <input {...common} type="text" value={String(rl.value ?? '')} onChange={(e) => set({ __rl: true, mode: rl.mode ?? 'id', value: e.target.value })} />;
    }
    default:
      return <RawJson field={field} id={id} ctx={ctx} />;
  }
}

/** Edits any value as JSON text; the value is stored once the text parses. */
function RawJson({ field, id, ctx }: { field: Field; id: string; ctx: FormContext }) {
  const [text, setText] = useState(() => JSON.stringify(field.value ?? null, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <textarea id={id} className="code" rows={Math.min(10, Math.max(2, text.split('\n').length))} spellCheck={false} disabled={ctx.disabled} value={text} aria-invalid={!!error}
        onChange={(e) => {
          setText(e.target.value);
          try {
            ctx.onChange(field.path, JSON.parse(e.target.value));
            setError(null);
          } catch (err) {
            setError(`${field.label} is not valid JSON yet: ${(err as Error).message}`);
          }
        }} />
      {error && <div className="field-error" role="alert">{error}</div>}
    </>
  );
}

/** A textarea that keeps Tab for indentation (Escape then Tab leaves it, for keyboard users). */
function CodeEditor({ value, onChange, ...rest }: { value: string; onChange: (v: string) => void; id: string; disabled: boolean; 'aria-describedby'?: string }) {
  const [escaped, setEscaped] = useState(false);
  return (
    <textarea {...rest} className="code editor" rows={14} spellCheck={false} value={value}
      onKeyDown={(e) => {
        if (e.key === 'Escape') return setEscaped(true);
        if (e.key === 'Tab' && !e.shiftKey && !escaped) {
          e.preventDefault();
          const el = e.currentTarget;
          const { selectionStart: s, selectionEnd: t } = el;
          const next = value.slice(0, s) + '  ' + value.slice(t);
          onChange(next);
          requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
        } else setEscaped(false);
      }}
      onChange={(e) => onChange(e.target.value)} />
  );
}

function CollectionEditor({ field, ctx }: { field: Field; ctx: FormContext }) {
  const value = isPlainObject(field.value) ? field.value : {};
  const children = field.param.children ?? [];
  const unset = children.filter((c) => !(c.name in value));
  return (
    <div className="collection">
      {Object.keys(value).length === 0 && <div className="muted small">No options set.</div>}
      <ParameterForm params={children} values={value} base={field.path} ctx={ctx} onlySet onRemove={(name) => ctx.onChange([...field.path, name], undefined)} />
      {unset.length > 0 && (
        <select aria-label={`Add option to ${field.label}`} disabled={ctx.disabled} value=""
          onChange={(e) => {
            const child = children.find((c) => c.name === e.target.value);
            if (child) ctx.onChange([...field.path, child.name], initialValue(child));
          }}>
          <option value="">Add option…</option>
          {unset.map((c) => <option key={c.name} value={c.name}>{labelOf(c)}</option>)}
        </select>
      )}
    </div>
  );
}

function FixedCollectionEditor({ field, ctx }: { field: Field; ctx: FormContext }) {
  const value = isPlainObject(field.value) ? field.value : {};
  const groups = field.param.children ?? [];
  return (
    <div className="collection">
      {groups.map((g) => {
        const label = labelOf(g);
        const groupPath = [...field.path, g.name];
        const entries: Record<string, unknown>[] = field.param.multipleValues
          ? (Array.isArray(value[g.name]) ? (value[g.name] as Record<string, unknown>[]) : [])
          : isPlainObject(value[g.name]) ? [value[g.name] as Record<string, unknown>] : [];
        return (
          <fieldset key={g.name} className="group">
            <legend>{label}</legend>
            {entries.map((entry, i) => (
              <div key={i} className="group-entry">
                <ParameterForm params={g.children ?? []} values={entry} base={field.param.multipleValues ? [...groupPath, i] : groupPath} ctx={ctx} />
                <button type="button" className="ghost small" disabled={ctx.disabled} aria-label={`Remove ${label} ${i + 1}`}
                  onClick={() => ctx.onChange(field.param.multipleValues ? [...groupPath, i] : groupPath, undefined)}>Remove</button>
              </div>
            ))}
            {(field.param.multipleValues || entries.length === 0) && (
              <button type="button" className="small" disabled={ctx.disabled} aria-label={`Add ${label}`}
                onClick={() => ctx.onChange(field.param.multipleValues ? [...groupPath, entries.length] : groupPath, groupDefaults(g, ctx.version))}>+ Add {label}</button>
            )}
          </fieldset>
        );
      })}
    </div>
  );
}

interface Assignment {
  id: string;
  name: string;
  value: unknown;
  type: string;
}

const ASSIGN_TYPES = ['string', 'number', 'boolean', 'array', 'object'];

/** n8n's assignment list (Edit Fields): name, type and value per row, values may be expressions. */
function AssignmentsEditor({ field, ctx }: { field: Field; ctx: FormContext }) {
  const value = isPlainObject(field.value) ? field.value : {};
  const list: Assignment[] = Array.isArray(value.assignments) ? (value.assignments as Assignment[]) : [];
  const base = [...field.path, 'assignments'];
  return (
    <div className="assignments">
      {list.length === 0 && <div className="muted small">No fields set yet.</div>}
      {list.map((a, i) => {
        const idBase = `${fieldId(base)}-${i}`;
        const expr = isExpression(a.value);
        return (
          <div key={a.id ?? i} className="assignment">
            <div className="row">
              <input id={`${idBase}-name`} aria-label={`Field ${i + 1} name`} placeholder="name" disabled={ctx.disabled} value={a.name ?? ''} onChange={(e) => ctx.onChange([...base, i, 'name'], e.target.value)} />
              <select aria-label={`Field ${i + 1} type`} disabled={ctx.disabled} value={a.type ?? 'string'} onChange={(e) => ctx.onChange([...base, i, 'type'], e.target.value)}>
                {ASSIGN_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
              </select>
              <button type="button" className={`expr-toggle ${expr ? 'on' : ''}`} aria-pressed={expr} disabled={ctx.disabled} aria-label={`Expression mode for field ${i + 1} value`}
                onClick={() => ctx.onChange([...base, i, 'value'], toggleExpression(a.value))}>=</button>
              <button type="button" className="ghost small" disabled={ctx.disabled} aria-label={`Remove field ${i + 1}`} onClick={() => ctx.onChange([...base, i], undefined)}>×</button>
            </div>
            {expr ? (
              <>
                <textarea className="code expr" rows={2} spellCheck={false} aria-label={`Field ${i + 1} value`} disabled={ctx.disabled} value={(a.value as string).slice(1)} onChange={(e) => ctx.onChange([...base, i, 'value'], `=${e.target.value}`)} />
                <ExpressionPreview id={`${idBase}-preview`} expression={a.value as string} preview={ctx.preview} />
              </>
            ) : (
              <input aria-label={`Field ${i + 1} value`} placeholder="value" disabled={ctx.disabled} value={a.value === undefined || a.value === null ? '' : typeof a.value === 'object' ? JSON.stringify(a.value) : String(a.value)}
                onChange={(e) => ctx.onChange([...base, i, 'value'], e.target.value)} />
            )}
          </div>
        );
      })}
      <button type="button" className="small" disabled={ctx.disabled} onClick={() => ctx.onChange([...base, list.length], { id: newId(), name: '', value: '', type: 'string' })}>+ Add field</button>
    </div>
  );
}
