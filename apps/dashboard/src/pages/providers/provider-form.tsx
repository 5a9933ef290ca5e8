/**
 * Adding and editing a provider: the provider's own fields, then a field per key of its type's
 * configuration schema (`GET /v1/provider-types`). A new provider is created with every value
 * given (`POST /v1/providers`); an edit sends only what changed (`PATCH /v1/providers/:id`), so
 * masked secrets left alone are kept. The server's validation errors show next to the field its
 * `param` names.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../auth/auth.tsx';
import { ApiError, unwrap } from '../../api/client.ts';
import { ConfigFieldEditor } from './config-fields.tsx';
import { configFields, createPayload, editPayload, fieldOfParam, formValues, type FieldValue, type FormValues, type ProviderType } from './config-form.ts';
import { pageKeys, type Provider } from './provider-api.ts';

/** Errors by form key: `id`, `name`, `defaultModel`, `config:<key>`, or `form` for the rest. */
type Errors = Record<string, string>;

function errorsOfApi(error: unknown): Errors {
  if (!(error instanceof ApiError)) return { form: (error as Error)?.message ?? String(error) };
  const field = fieldOfParam(error.param);
  // the server's message names the field already ("Invalid config.baseURL: …"); next to the field it need not
  const message = error.message.replace(/^Invalid [^:]+: /, '').replace(/^config\.[^ ]+ /, '');
  if (field && field !== 'config' && field !== 'config:(config)') return { [field]: message, form: `Not saved: ${error.message}` };
  return { form: error.message };
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span id={id} className="error-text small" role="alert">
      {error}
    </span>
  ) : null;
}

/** The form; `provider` absent: a new provider. */
export function ProviderForm({ types, provider }: { types: ProviderType[]; provider?: Provider }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const editing = provider !== undefined;

  const [type, setType] = useState(provider?.type ?? 'openai-compatible');
  const [id, setId] = useState(provider?.id ?? '');
  const [name, setName] = useState(provider?.name ?? '');
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const [defaultModel, setDefaultModel] = useState(provider?.defaultModel ?? '');
  const typeInfo = types.find((entry) => entry.type === type) ?? types.find((entry) => entry.type === 'openai-compatible') ?? null;
  // what is stored: the provider as loaded, then as each save returned it
  const [base, setBase] = useState(provider);
  const stored = useMemo(() => base?.config ?? {}, [base]);
  const fields = useMemo(() => configFields(typeInfo, stored), [typeInfo, stored]);
  const initial = useMemo(() => formValues(fields, stored), [fields, stored]);
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<string | null>(null);

  const changeType = (next: string) => {
    setType(next);
    const nextFields = configFields(types.find((entry) => entry.type === next) ?? null, stored);
    // keep what was typed for the keys both types have
    setValues((before) => ({ ...formValues(nextFields, stored), ...Object.fromEntries(nextFields.filter((field) => field.key in before).map((field) => [field.key, before[field.key]])) }));
    setErrors({});
  };

  const save = useMutation({
    mutationFn: async () => {
      const problems: Errors = {};
      if (!editing && !id.trim()) problems.id = 'is required';
      const payload = editing ? editPayload(fields, initial, values) : createPayload(fields, values);
      if (!payload.ok) for (const [key, message] of Object.entries(payload.errors)) problems[`config:${key}`] = message;
      if (Object.keys(problems).length || !payload.ok) {
        setErrors({ ...problems, form: 'Not saved: fix the fields marked below.' });
        return null;
      }
      if (!editing) {
        const body = { id: id.trim(), type, enabled, ...(name.trim() ? { name: name.trim() } : {}), ...(defaultModel.trim() ? { defaultModel: defaultModel.trim() } : {}), config: payload.config };
        return (await unwrap(api.POST('/v1/providers', { body }))) as unknown as Provider;
      }
      const body: { name?: string; enabled?: boolean; defaultModel?: string | null; config?: Record<string, unknown> } = {};
      const before = base ?? provider;
      if (name.trim() !== before.name) body.name = name.trim();
      if (enabled !== before.enabled) body.enabled = enabled;
      if (defaultModel.trim() !== (before.defaultModel ?? '')) body.defaultModel = defaultModel.trim() || null;
      if (payload.changed) body.config = payload.config;
      if (Object.keys(body).length === 0) {
        setErrors({});
        setSaved('Nothing changed.');
        return null;
      }
      return (await unwrap(api.PATCH('/v1/providers/{id}', { params: { path: { id: provider.id } }, body }))) as unknown as Provider;
    },
    onSuccess: async (result) => {
      if (!result) return;
      setErrors({});
      await queryClient.invalidateQueries({ queryKey: ['providers'] });
      await queryClient.invalidateQueries({ queryKey: pageKeys.settings });
      if (!editing) {
        navigate(`/providers/${encodeURIComponent(result.id)}`, { state: { created: true } });
        return;
      }
      // the form now starts from what was stored: secrets typed are shown masked again
      setBase(result);
      setValues(formValues(configFields(typeInfo, result.config), result.config));
      setSaved(`Saved ${new Date().toLocaleTimeString('en-GB', { hour12: false })}.`);
    },
    onError: (error) => {
      setSaved(null);
      setErrors(errorsOfApi(error));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    save.mutate();
  };
  const setValue = (key: string, value: FieldValue) => setValues((before) => ({ ...before, [key]: value }));

  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-label={editing ? `Edit provider ${provider.id}` : 'Add provider'}>
      {errors.form ? (
        <p role="alert" className="error-text">
          {errors.form}
        </p>
      ) : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="provider-id">ID</label>
          <input id="provider-id" value={id} onChange={(event) => setId(event.target.value)} readOnly={editing} aria-invalid={errors.id ? true : undefined} aria-describedby={errors.id ? 'provider-id-error' : undefined} required />
          <span className="muted small">letters, digits, . _ - (it names the provider in targets: <code>{id || 'id'}/model</code>)</span>
          <FieldError id="provider-id-error" error={errors.id} />
        </div>
        <div className="field">
          <label htmlFor="provider-type">Type</label>
          <select id="provider-type" value={type} onChange={(event) => changeType(event.target.value)} disabled={editing} aria-describedby="provider-type-description">
            {types.map((entry) => (
              <option key={entry.type} value={entry.type}>
                {entry.type}
              </option>
            ))}
            {types.some((entry) => entry.type === type) ? null : <option value={type}>{type} (unknown: generic adapter)</option>}
          </select>
          <span id="provider-type-description" className="muted small">
            {typeInfo?.description}
          </span>
          <FieldError id="provider-type-error" error={errors.type} />
        </div>
        <div className="field">
          <label htmlFor="provider-name">Name</label>
          <input id="provider-name" value={name} onChange={(event) => setName(event.target.value)} placeholder={id || undefined} />
          <FieldError id="provider-name-error" error={errors.name} />
        </div>
        <div className="field">
          <label htmlFor="provider-default-model">Default model</label>
          <input id="provider-default-model" value={defaultModel} onChange={(event) => setDefaultModel(event.target.value)} placeholder="(none)" aria-describedby={errors.defaultModel ? 'provider-default-model-error' : undefined} />
          <FieldError id="provider-default-model-error" error={errors.defaultModel} />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} /> Enabled
          </label>
        </div>
      </div>
      <h2>Configuration</h2>
      <div className="form-grid">
        {fields.map((field) => (
          <ConfigFieldEditor key={field.key} field={field} value={values[field.key] ?? ''} error={errors[`config:${field.key}`]} onChange={(value) => setValue(field.key, value)} />
        ))}
      </div>
      <div className="toolbar form-actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <Link to="/providers">Back to providers</Link>
        {saved ? (
          <span role="status" className="ok-text">
            {saved}
          </span>
        ) : null}
      </div>
    </form>
  );
}
