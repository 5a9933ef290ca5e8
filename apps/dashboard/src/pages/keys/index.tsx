/**
 * The Keys page: client keys with their limits and what they used this budget period; create one
 * (its value is shown once, with a copy button, and never again), rotate (a new value, shown once)
 * and revoke. Every change goes through the management API (`/v1/keys`), as the CLI's do.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import type { JsonOf } from '../../api/types.ts';
import { QueryState } from '../../components/query-state.tsx';
import { formatCount, formatTime, formatUsd } from '../../lib/format.ts';
import { ConfirmDialog } from '../providers/confirm-dialog.tsx';
import { EMPTY_KEY_FORM, keyCreateBody, type KeyFormValues } from './key-form.ts';
import '../providers/page-styles.css';

type ClientKey = JsonOf<'/v1/keys'>['data'][number];

const KEYS_QUERY = ['keys'] as const;
const PERIODS = [
  { days: '', label: 'for the key\'s lifetime' },
  { days: '1', label: 'per day' },
  { days: '7', label: 'per 7 days' },
  { days: '30', label: 'per 30 days' },
  { days: '90', label: 'per 90 days' },
];

function budgetText(key: ClientKey): string {
  if (key.budget === null) return 'none';
  const days = key.budgetPeriodMs ? key.budgetPeriodMs / 86_400_000 : null;
  return `${formatUsd(key.budget)} ${days === null ? 'lifetime' : `/ ${Number.isInteger(days) ? `${days}d` : `${Math.round(key.budgetPeriodMs! / 3_600_000)}h`}`}`;
}

/** A key's value, shown this once, with a copy button. */
function IssuedKey({ name, value, onDone }: { name: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState<{ text: string; error: boolean } | null>(null);
  return (
    <div className="card" role="region" aria-label="New key value">
      <p>
        <strong>Key for {name}.</strong> Copy it now: it will not be shown again (the router keeps only its hash).
      </p>
      <div className="field">
        <label htmlFor="issued-key">Key value</label>
        <input id="issued-key" readOnly value={value} onFocus={(event) => event.target.select()} spellCheck={false} />
      </div>
      <div className="toolbar">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard
              .writeText(value)
              .then(() => setCopied({ text: 'Copied.', error: false }))
              .catch(() => setCopied({ text: 'Could not copy: select the value and copy it.', error: true }))
          }
        >
          Copy key
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Done
        </button>
        {copied ? (
          <span role={copied.error ? 'alert' : 'status'} className={copied.error ? 'error-text' : 'ok-text'}>
            {copied.text}
          </span>
        ) : null}
      </div>
    </div>
  );
}

function CreateKeyForm({ onIssued }: { onIssued: (name: string, value: string) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<KeyFormValues>(EMPTY_KEY_FORM);
  const [problem, setProblem] = useState<{ field: keyof KeyFormValues | null; message: string } | null>(null);
  const create = useMutation({
    mutationFn: (body: object) => unwrap(api.POST('/v1/keys', { body: body as never })) as Promise<{ name: string; value: string }>,
    onSuccess: async (issued) => {
      setValues(EMPTY_KEY_FORM);
      setProblem(null);
      onIssued(issued.name, issued.value);
      await queryClient.invalidateQueries({ queryKey: KEYS_QUERY });
    },
    onError: (error) => setProblem({ field: null, message: (error as Error).message }),
  });
  const field = (name: keyof KeyFormValues, label: string, help?: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`key-${name}`}>{label}</label>
      <input
        id={`key-${name}`}
        type={type}
        value={values[name]}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
        aria-invalid={problem?.field === name ? true : undefined}
        aria-describedby={help ? `key-${name}-help` : undefined}
      />
      {help ? (
        <span id={`key-${name}-help`} className="muted small">
          {help}
        </span>
      ) : null}
    </div>
  );
  return (
    <form
      className="card"
      aria-label="Create a key"
      onSubmit={(event) => {
        event.preventDefault();
        const checked = keyCreateBody(values);
        if ('field' in checked) setProblem(checked);
        else create.mutate(checked.body);
      }}
    >
      <div className="grid">
        {field('name', 'Name', 'Who or what uses the key.')}
        {field('models', 'Models', 'Comma-separated; a trailing * matches a prefix. Empty: any.')}
        {field('providers', 'Providers', 'Comma-separated provider ids. Empty: any.')}
        {field('rpm', 'Requests per minute', 'Empty: no limit.')}
        {field('tpm', 'Tokens per minute', 'Empty: no limit.')}
        {field('budget', 'Budget (US dollars)', 'Empty: no limit.')}
        <div className="field">
          <label htmlFor="key-periodDays">Budget period</label>
          <select id="key-periodDays" value={values.periodDays} onChange={(event) => setValues({ ...values, periodDays: event.target.value })}>
            {PERIODS.map((period) => (
              <option key={period.days} value={period.days}>
                {period.label}
              </option>
            ))}
          </select>
        </div>
        {field('expires', 'Expires', 'Empty: never.', 'date')}
      </div>
      <div className="toolbar">
        <button type="submit" disabled={create.isPending}>
          Create key
        </button>
        {problem ? (
          <span role="alert" className="error-text">
            {problem.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}

export default function KeysPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: KEYS_QUERY, queryFn: async () => (await unwrap(api.GET('/v1/keys'))).data, refetchInterval: 10_000 });
  const [issued, setIssued] = useState<{ name: string; value: string } | null>(null);
  const [confirming, setConfirming] = useState<{ key: ClientKey; action: 'revoke' | 'rotate' } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: ({ key, action }: { key: ClientKey; action: 'revoke' | 'rotate' }) =>
      // an empty JSON body: management writes must say Content-Type: application/json
      unwrap(api.POST(action === 'revoke' ? '/v1/keys/{id}/revoke' : '/v1/keys/{id}/rotate', { params: { path: { id: key.id } }, body: {} as never })) as Promise<{ name: string; value?: string }>,
    onSuccess: async (answer, { action }) => {
      setConfirming(null);
      if (action === 'rotate' && answer.value) setIssued({ name: answer.name, value: answer.value });
      setMessage(action === 'revoke' ? `Revoked ${answer.name}.` : `Rotated ${answer.name}: the old value is refused from now on.`);
      await queryClient.invalidateQueries({ queryKey: KEYS_QUERY });
    },
  });
  return (
    <section>
      <h1>Keys</h1>
      <p className="muted small">
        Client keys for the proxy routes (<code>Authorization: Bearer</code> or <code>x-api-key</code>). Once one exists, every client needs a key. A key's value is shown only when it is
        created or rotated.
      </p>
      {issued ? <IssuedKey name={issued.name} value={issued.value} onDone={() => setIssued(null)} /> : null}
      <h2>Create a key</h2>
      <CreateKeyForm onIssued={(name, value) => setIssued({ name, value })} />
      <h2>All keys</h2>
      {message ? (
        <p role="status" className="ok-text">
          {message}
        </p>
      ) : null}
      <QueryState isLoading={keys.isLoading} error={keys.error} what="the keys" />
      {keys.data ? (
        <table className="data-table">
          <caption className="visually-hidden">Client keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Status</th>
              <th scope="col">Models</th>
              <th scope="col">Providers</th>
              <th scope="col" className="numeric">
                RPM
              </th>
              <th scope="col" className="numeric">
                TPM
              </th>
              <th scope="col">Budget</th>
              <th scope="col" className="numeric">
                Spent
              </th>
              <th scope="col" className="numeric">
                Requests
              </th>
              <th scope="col" className="numeric">
                Tokens
              </th>
              <th scope="col">Last used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.length === 0 ? (
              <tr>
                <td colSpan={13} className="muted">
                  No keys yet: the proxy routes are open (unless ROUTER_API_KEYS is set).
                </td>
              </tr>
            ) : null}
            {keys.data.map((key) => (
              <tr key={key.id}>
                <th scope="row">
                  {key.name} <span className="muted small">{key.id}</span>
                </th>
                <td>
                  <code>{key.keyPrefix}…</code>
                </td>
                <td>{key.status}</td>
                <td>{key.models?.join(', ') ?? 'any'}</td>
                <td>{key.providers?.join(', ') ?? 'any'}</td>
                <td className="numeric">{key.rpm ?? '-'}</td>
                <td className="numeric">{key.tpm ?? '-'}</td>
                <td>{budgetText(key)}</td>
                <td className="numeric">{formatUsd(key.usage.spent)}</td>
                <td className="numeric">{formatCount(key.usage.requests)}</td>
                <td className="numeric">{formatCount(key.usage.promptTokens + key.usage.completionTokens)}</td>
                <td>{key.lastUsedAt === null ? 'never' : formatTime(key.lastUsedAt)}</td>
                <td className="actions">
                  {key.status === 'revoked' ? null : (
                    <>
                      <button type="button" className="secondary" aria-label={`Rotate ${key.name}`} onClick={() => setConfirming({ key, action: 'rotate' })}>
                        Rotate
                      </button>
                      <button type="button" className="secondary danger-text" aria-label={`Revoke ${key.name}`} onClick={() => setConfirming({ key, action: 'revoke' })}>
                        Revoke
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={confirming.action === 'revoke' ? `Revoke ${confirming.key.name}?` : `Rotate ${confirming.key.name}?`}
          confirmLabel={confirming.action === 'revoke' ? 'Revoke key' : 'Rotate key'}
          busy={act.isPending}
          error={act.error ? (act.error as Error).message : null}
          onConfirm={() => act.mutate(confirming)}
          onCancel={() => {
            setConfirming(null);
            act.reset();
          }}
        >
          {confirming.action === 'revoke'
            ? 'Clients using this key are refused from the next request on. This cannot be undone.'
            : 'The key gets a new value, shown once; clients using the old value are refused from the next request on.'}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
