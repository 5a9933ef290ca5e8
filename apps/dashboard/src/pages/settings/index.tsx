/**
 * The Settings page: the active and default providers, and the live tunables (retries, circuit
 * breaker, deadline, timeouts, fallbacks, the request log's policy), each set or reset on its own
 * (`PUT`/`DELETE /v1/settings/tuning/:key`) with the server's validation message beside it.
 * Every change applies at once, without a restart. Below them, the price overrides (`price-overrides.tsx`).
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import { queryKeys } from '../../api/queries.ts';
import { QueryState } from '../../components/query-state.tsx';
import { pageKeys, useProviders, useSettings, type ProviderSetting } from '../providers/provider-api.ts';
import '../providers/page-styles.css';
import { PriceOverrides } from './price-overrides.tsx';

interface Tunable {
  key: string;
  value: string | null;
  description: string;
}

function sourceText(setting: ProviderSetting | undefined): string {
  if (!setting) return '';
  if (setting.source === 'env') return `${setting.effective} (from the environment; not stored)`;
  if (setting.effective) return setting.effective;
  return 'none';
}

function ProviderSettingRow({ which, label, help }: { which: 'active' | 'default'; label: string; help: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const providers = useProviders();
  const settings = useSettings();
  const current = which === 'active' ? settings.data?.activeProvider : settings.data?.defaultProvider;
  const [choice, setChoice] = useState<string | null>(null);
  const value = choice ?? current?.providerId ?? '';
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const path = which === 'active' ? '/v1/settings/active-provider' : '/v1/settings/default-provider';
  const save = useMutation({
    mutationFn: (providerId: string | null) => unwrap(api.PUT(path, { body: { providerId } })),
    onSuccess: async (_, providerId) => {
      setChoice(null);
      setMessage({ text: providerId ? `${label}: ${providerId}.` : `${label} cleared.`, error: false });
      await Promise.all([queryClient.invalidateQueries({ queryKey: pageKeys.settings }), queryClient.invalidateQueries({ queryKey: queryKeys.activeProvider })]);
    },
    onError: (error) => setMessage({ text: (error as Error).message, error: true }),
  });
  const id = `setting-${which}-provider`;
  return (
    <div className="card setting-row">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select id={id} value={value} onChange={(event) => setChoice(event.target.value)} aria-describedby={`${id}-help`}>
          <option value="">(none)</option>
          {(providers.data ?? []).map((provider) => (
            <option key={provider.id} value={provider.id}>
              {provider.id}
              {provider.enabled ? '' : ' (disabled)'}
            </option>
          ))}
        </select>
        <span id={`${id}-help`} className="muted small">
          {help} Now: {sourceText(current)}.
        </span>
      </div>
      <div className="toolbar">
        <button type="button" disabled={save.isPending || value === (current?.providerId ?? '')} onClick={() => save.mutate(value || null)}>
          Set {label.toLowerCase()}
        </button>
        {message ? (
          <span role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'ok-text'}>
            {message.text}
          </span>
        ) : null}
      </div>
    </div>
  );
}

function TunableRow({ tunable }: { tunable: Tunable }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const value = draft ?? tunable.value ?? '';
  const refresh = () => queryClient.invalidateQueries({ queryKey: pageKeys.tuning });
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT('/v1/settings/tuning/{key}', { params: { path: { key: tunable.key as never } }, body: { value: value.trim() } })),
    onSuccess: async () => {
      setDraft(null);
      setMessage({ text: 'Saved.', error: false });
      await refresh();
    },
    onError: (error) => setMessage({ text: (error as Error).message, error: true }),
  });
  const reset = useMutation({
    mutationFn: () => unwrap(api.DELETE('/v1/settings/tuning/{key}', { params: { path: { key: tunable.key as never } } })),
    onSuccess: async () => {
      setDraft(null);
      setMessage({ text: 'Back to the default.', error: false });
      await refresh();
    },
    onError: (error) => setMessage({ text: (error as Error).message, error: true }),
  });
  const id = `tunable-${tunable.key}`;
  return (
    <tr>
      <th scope="row">
        <label htmlFor={id}>
          <code>{tunable.key}</code>
        </label>
      </th>
      <td className="muted small" id={`${id}-description`}>
        {tunable.description}
      </td>
      <td>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (value.trim() === '') reset.mutate();
            else save.mutate();
          }}
        >
          <input
            id={id}
            value={value}
            placeholder="default"
            onChange={(event) => {
              setDraft(event.target.value);
              setMessage(null);
            }}
            aria-describedby={`${id}-description${message ? ` ${id}-message` : ''}`}
            aria-invalid={message?.error ? true : undefined}
          />
          <button type="submit" className="secondary" aria-label={`Save ${tunable.key}`} disabled={save.isPending || draft === null}>
            Save
          </button>
          <button type="button" className="secondary" aria-label={`Reset ${tunable.key}`} disabled={reset.isPending || tunable.value === null} onClick={() => reset.mutate()}>
            Reset
          </button>
        </form>
        {message ? (
          <span id={`${id}-message`} role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text small' : 'ok-text small'}>
            {message.text}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

export default function SettingsPage() {
  const api = useApi();
  const tuning = useQuery({ queryKey: pageKeys.tuning, queryFn: async () => ((await unwrap(api.GET('/v1/settings/tuning'))) as unknown as { data: Tunable[] }).data });
  return (
    <section>
      <h1>Settings</h1>
      <h2>Providers</h2>
      <div className="grid">
        <ProviderSettingRow which="active" label="Active provider" help="Requests that no mapping or catalogue link claims go here first." />
        <ProviderSettingRow which="default" label="Default provider" help="The fallback when there is no active provider and nothing else matches." />
      </div>
      <h2>Tunables</h2>
      <p className="muted small">Applied at once, without a restart. Empty means the built-in default.</p>
      <QueryState isLoading={tuning.isLoading} error={tuning.error} what="the tunable settings" />
      {tuning.data ? (
        <table className="data-table">
          <caption className="visually-hidden">Tunable settings</caption>
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">What it does</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {tuning.data.map((tunable) => (
              <TunableRow key={tunable.key} tunable={tunable} />
            ))}
          </tbody>
        </table>
      ) : null}
      <PriceOverrides />
    </section>
  );
}
