/** The active provider, switched with one click (`PUT /v1/settings/active-provider`). */
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import { queryKeys, useActiveProvider } from '../../api/queries.ts';

/** The select's value for "no active provider". */
const NONE = '';

export function ActiveProviderSwitch() {
  const api = useApi();
  const queryClient = useQueryClient();
  const active = useActiveProvider();
  const providers = useQuery({ queryKey: queryKeys.providers, queryFn: () => unwrap(api.GET('/v1/providers')) });
  const current = active.data?.providerId ?? NONE;
  const [choice, setChoice] = useState(current);
  useEffect(() => setChoice(current), [current]);
  const [done, setDone] = useState<string | null>(null);

  const switchTo = useMutation({
    mutationFn: (providerId: string | null) => unwrap(api.PUT('/v1/settings/active-provider', { body: { providerId } })),
    onSuccess: (setting) => {
      queryClient.setQueryData(queryKeys.activeProvider, setting);
      void queryClient.invalidateQueries({ queryKey: queryKeys.settings });
      setDone(setting.providerId ? `The active provider is now ${setting.providerId}.` : 'No provider is active: requests are routed by model.');
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    switchTo.mutate(choice === NONE ? null : choice);
  }

  const enabled = (providers.data?.data ?? []).filter((provider) => provider.enabled || provider.id === current);
  return (
    <form className="card" onSubmit={submit}>
      <h2 className="card-title">Switch the active provider</h2>
      <p className="muted small">
        Every request goes to the active provider unless it names one. In effect now: <strong>{active.data?.effective ?? 'none'}</strong>
        {active.data?.source === 'env' ? ' (from the environment)' : ''}.
      </p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="active-provider">Active provider</label>
          <select id="active-provider" value={choice} onChange={(event) => setChoice(event.target.value)} disabled={providers.isLoading}>
            <option value={NONE}>None (route by model)</option>
            {enabled.map((provider) => (
              <option key={provider.id} value={provider.id}>
                {provider.name && provider.name !== provider.id ? `${provider.name} (${provider.id})` : provider.id}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={switchTo.isPending || choice === current}>
          {switchTo.isPending ? 'Switching…' : 'Switch'}
        </button>
      </div>
      {switchTo.error ? (
        <p role="alert" className="error-text">
          {(switchTo.error as Error).message}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="ok-text">
          {done}
        </p>
      ) : null}
    </form>
  );
}
