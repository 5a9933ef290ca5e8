/**
 * The editors of a provider configuration's fields, one per field kind (see config-form.ts).
 * Every input is labelled by its config key, and its error (the form's or the server's) is tied
 * to it with `aria-describedby`.
 */
import { useId } from 'react';
import { isMasked, type ConfigField, type FieldValue } from './config-form.ts';

interface FieldProps {
  field: ConfigField;
  value: FieldValue;
  error?: string;
  onChange: (value: FieldValue) => void;
}

function placeholderOf(field: ConfigField): string | undefined {
  if (field.defaultValue === undefined) return undefined;
  return `default: ${typeof field.defaultValue === 'string' ? field.defaultValue : JSON.stringify(field.defaultValue)}`;
}

function notesOf(field: ConfigField): string[] {
  return [field.required ? 'required' : null, field.extra ? 'not in this type\'s schema' : null, field.description ?? null].filter((note): note is string => note !== null);
}

function Hint({ field, id }: { field: ConfigField; id: string }) {
  const notes = notesOf(field);
  return notes.length ? (
    <span id={id} className="muted small">
      {notes.join(' · ')}
    </span>
  ) : null;
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span id={id} className="error-text small" role="alert">
      {error}
    </span>
  ) : null;
}

/** One field's editor. */
export function ConfigFieldEditor({ field, value, error, onChange }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  // the field's description and its error are read out with it
  const described = [notesOf(field).length ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const invalid = error ? true : undefined;

  if (field.kind === 'boolean') {
    return (
      <div className="field">
        <label>
          <input type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} aria-describedby={described} aria-invalid={invalid} /> {field.key}
        </label>
        <Hint field={field} id={hintId} />
        <ErrorText id={errorId} error={error} />
      </div>
    );
  }

  if (field.kind === 'enum') {
    return (
      <div className="field">
        <label htmlFor={id}>{field.key}</label>
        <select id={id} value={String(value)} onChange={(event) => onChange(event.target.value)} aria-describedby={described} aria-invalid={invalid}>
          <option value="">{field.defaultValue !== undefined ? `(default: ${String(field.defaultValue)})` : '(not set)'}</option>
          {field.options?.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        <Hint field={field} id={hintId} />
        <ErrorText id={errorId} error={error} />
      </div>
    );
  }

  if (field.kind === 'enum-list') {
    const selected = new Set(value as string[]);
    return (
      <fieldset className="field" aria-describedby={described}>
        <legend>{field.key}</legend>
        <div className="choice-row">
          {field.options?.map((option) => (
            <label key={option} className="choice">
              <input
                type="checkbox"
                checked={selected.has(option)}
                onChange={(event) => onChange(field.options!.filter((item) => (item === option ? event.target.checked : selected.has(item))))}
              />{' '}
              {option}
            </label>
          ))}
        </div>
        <Hint field={field} id={hintId} />
        <ErrorText id={errorId} error={error} />
      </fieldset>
    );
  }

  if (field.kind === 'string-list') {
    const items = value as string[];
    return (
      <fieldset className="field" aria-describedby={described}>
        <legend>{field.key}</legend>
        {items.map((item, index) => (
          <div key={index} className="row-editor">
            <input aria-label={`${field.key} ${index + 1}`} value={item} onChange={(event) => onChange(items.map((entry, at) => (at === index ? event.target.value : entry)))} />
            <button type="button" className="secondary" aria-label={`Remove ${field.key} ${index + 1}`} onClick={() => onChange(items.filter((_, at) => at !== index))}>
              Remove
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="secondary" onClick={() => onChange([...items, ''])}>
            Add to {field.key}
          </button>
        </div>
        <Hint field={field} id={hintId} />
        <ErrorText id={errorId} error={error} />
      </fieldset>
    );
  }

  if (field.kind === 'string-map') {
    const rows = value as [string, string][];
    const set = (index: number, at: 0 | 1, text: string) => onChange(rows.map((row, position) => (position === index ? ((at === 0 ? [text, row[1]] : [row[0], text]) as [string, string]) : row)));
    return (
      <fieldset className="field" aria-describedby={described}>
        <legend>{field.key}</legend>
        {rows.map(([name, inner], index) => (
          <div key={index} className="row-editor">
            <input aria-label={`${field.key} name ${index + 1}`} value={name} onChange={(event) => set(index, 0, event.target.value)} placeholder="name" />
            <input
              aria-label={`${field.key} value ${index + 1}`}
              type={field.secretValues || isMasked(inner) ? 'password' : 'text'}
              autoComplete="off"
              value={inner}
              onChange={(event) => set(index, 1, event.target.value)}
              placeholder="value"
            />
            <button type="button" className="secondary" aria-label={`Remove ${field.key} ${index + 1}`} onClick={() => onChange(rows.filter((_, position) => position !== index))}>
              Remove
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="secondary" onClick={() => onChange([...rows, ['', '']])}>
            Add to {field.key}
          </button>
        </div>
        <Hint field={field} id={hintId} />
        {field.secretValues ? <span className="muted small">Values are masked; a value left as it is keeps the stored one.</span> : null}
        <ErrorText id={errorId} error={error} />
      </fieldset>
    );
  }

  if (field.kind === 'json') {
    return (
      <div className="field">
        <label htmlFor={id}>{field.key}</label>
        <textarea id={id} rows={4} spellCheck={false} value={String(value)} onChange={(event) => onChange(event.target.value)} aria-describedby={described} aria-invalid={invalid} placeholder="JSON" />
        <Hint field={field} id={hintId} />
        <ErrorText id={errorId} error={error} />
      </div>
    );
  }

  const secret = field.kind === 'secret';
  return (
    <div className="field">
      <label htmlFor={id}>{field.key}</label>
      <input
        id={id}
        type={secret ? 'password' : field.kind === 'number' ? 'number' : 'text'}
        autoComplete={secret ? 'new-password' : 'off'}
        inputMode={field.kind === 'number' ? 'decimal' : undefined}
        value={String(value)}
        placeholder={placeholderOf(field)}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={described}
        aria-invalid={invalid}
      />
      <Hint field={field} id={hintId} />
      {secret && isMasked(value) ? <span className="muted small">Stored secret ({String(value)}); leave it to keep it, or type a new one.</span> : null}
      <ErrorText id={errorId} error={error} />
    </div>
  );
}
