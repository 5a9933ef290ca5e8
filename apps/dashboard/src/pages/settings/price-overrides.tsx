/**
 * The Settings page's price overrides: what requests to a model cost, in US dollars per million
 * tokens (`/v1/prices`). An override wins over the bundled price list (a provider's own reported
 * cost still wins over both) and prices every request logged from then on, and `x-router-cost`.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import { QueryState } from '../../components/query-state.tsx';
import { formatTime, formatUsd } from '../../lib/format.ts';
import { checkPriceDraft, type PriceDraft } from './price-form.ts';

interface PriceRow {
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
  cachedInputPerMillion: number | null;
  updatedAt: number;
}

interface Bundled {
  model: string;
  provider: string;
  inputPerMillion: number | null;
  outputPerMillion: number | null;
  cachedInputPerMillion: number | null;
  tiered: boolean;
}

const PRICES_KEY = ['prices'] as const;
const EMPTY: PriceDraft = { model: '', input: '', output: '', cachedInput: '' };

/** What the bundled list says of a model, in words. */
function describeBundled(model: string, bundled: Bundled | null): string {
  if (!bundled) return `The bundled price list does not know ${model}: without an override its cost is unknown.`;
  if (bundled.tiered) return `The bundled price list prices ${model} (${bundled.provider} ${bundled.model}) by tiers or dates.`;
  return `The bundled price list says ${model} (${bundled.provider} ${bundled.model}): input ${formatUsd(bundled.inputPerMillion)}, output ${formatUsd(bundled.outputPerMillion)}, cached input ${formatUsd(bundled.cachedInputPerMillion)} per million tokens.`;
}

export function PriceOverrides() {
  const api = useApi();
  const queryClient = useQueryClient();
  const prices = useQuery({ queryKey: PRICES_KEY, queryFn: async () => (await unwrap(api.GET('/v1/prices'))) as unknown as { data: PriceRow[]; catalogue: { source: string; date: string } } });
  const [draft, setDraft] = useState<PriceDraft>(EMPTY);
  const [message, setMessage] = useState<{ text: string; error: boolean; field?: keyof PriceDraft } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: PRICES_KEY });

  const save = useMutation({
    mutationFn: (checked: Extract<ReturnType<typeof checkPriceDraft>, { ok: true }>) => unwrap(api.PUT('/v1/prices/{model}', { params: { path: { model: checked.model } }, body: checked.body })),
    onSuccess: async (_, checked) => {
      setDraft(EMPTY);
      setMessage({ text: `Saved the price of ${checked.model}.`, error: false });
      await refresh();
    },
    onError: (error) => setMessage({ text: (error as Error).message, error: true }),
  });
  const remove = useMutation({
    mutationFn: (model: string) => unwrap(api.DELETE('/v1/prices/{model}', { params: { path: { model } } })),
    onSuccess: async (_, model) => {
      setMessage({ text: `Removed the price override of ${model}.`, error: false });
      await refresh();
    },
    onError: (error) => setMessage({ text: (error as Error).message, error: true }),
  });
  const lookUp = useMutation({
    mutationFn: async (model: string) => ((await unwrap(api.GET('/v1/prices', { params: { query: { model } } }))) as unknown as { bundled: Bundled | null }).bundled,
    onSuccess: (found, model) => setMessage({ text: describeBundled(model, found), error: false }),
    onError: (error) => setMessage({ text: (error as Error).message, error: true }),
  });

  const field = (name: keyof PriceDraft, label: string, placeholder: string) => {
    const id = `price-${name}`;
    const wrong = message?.error && message.field === name;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          value={draft[name]}
          placeholder={placeholder}
          inputMode={name === 'model' ? undefined : 'decimal'}
          aria-invalid={wrong ? true : undefined}
          aria-describedby={wrong ? 'price-message' : undefined}
          onChange={(event) => {
            setDraft({ ...draft, [name]: event.target.value });
            setMessage(null);
          }}
        />
      </div>
    );
  };

  return (
    <>
      <h2>Price overrides</h2>
      <p className="muted small">
        US dollars per million tokens. An override wins over the bundled price list (a provider&apos;s own reported cost still wins over both) and prices every request logged from now on, and the <code>x-router-cost</code> header.
        {prices.data ? ` Bundled list: ${prices.data.catalogue.source}, ${prices.data.catalogue.date}.` : ''}
      </p>
      <form
        className="card"
        aria-label="Set a price override"
        onSubmit={(event) => {
          event.preventDefault();
          const checked = checkPriceDraft(draft);
          if (!checked.ok) setMessage({ text: checked.message, error: true, field: checked.field });
          else save.mutate(checked);
        }}
      >
        <div className="grid">
          {field('model', 'Model', 'my-finetune')}
          {field('input', 'Input per million', '0.50')}
          {field('output', 'Output per million', '1.50')}
          {field('cachedInput', 'Cached input per million', 'as input')}
        </div>
        <div className="toolbar">
          <button type="submit" disabled={save.isPending}>
            Save price
          </button>
          <button type="button" className="secondary" disabled={lookUp.isPending || draft.model.trim() === ''} onClick={() => lookUp.mutate(draft.model.trim())}>
            Bundled price
          </button>
          {message ? (
            <span id="price-message" role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'ok-text'}>
              {message.text}
            </span>
          ) : null}
        </div>
      </form>
      <QueryState isLoading={prices.isLoading} error={prices.error} what="the price overrides" />
      {prices.data && prices.data.data.length === 0 ? <p className="muted">No price overrides: requests are priced by the provider&apos;s own figure or the bundled list, else their cost is unknown.</p> : null}
      {prices.data && prices.data.data.length > 0 ? (
        <table className="data-table">
          <caption className="visually-hidden">Price overrides</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Input</th>
              <th scope="col">Output</th>
              <th scope="col">Cached input</th>
              <th scope="col">Changed</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {prices.data.data.map((row) => (
              <tr key={row.model}>
                <th scope="row">{row.model}</th>
                <td>{formatUsd(row.inputPerMillion)}</td>
                <td>{formatUsd(row.outputPerMillion)}</td>
                <td>{row.cachedInputPerMillion === null ? 'as input' : formatUsd(row.cachedInputPerMillion)}</td>
                <td>{formatTime(row.updatedAt)}</td>
                <td>
                  <button type="button" className="secondary" aria-label={`Remove the price of ${row.model}`} disabled={remove.isPending} onClick={() => remove.mutate(row.model)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
