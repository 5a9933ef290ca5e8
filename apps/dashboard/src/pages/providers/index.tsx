/**
 * The Providers page: the list (health, active and default marks, enable/disable, set active,
 * test, delete), `/providers/new` to add one and `/providers/:id` to edit and test one.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { useApi } from '../../auth/auth.tsx';
import { ApiError, unwrap } from '../../api/client.ts';
import { queryKeys } from '../../api/queries.ts';
import { QueryState } from '../../components/query-state.tsx';
import { formatMs } from '../../lib/format.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ProviderForm } from './provider-form.tsx';
import { fetchProvider, pageKeys, useProviders, useProvidersHealth, useProviderTypes, useSettings, type Provider, type ProviderHealth } from './provider-api.ts';
import { forceReason, needsForce, rolesOf } from './provider-rules.ts';
import { ProviderTest } from './provider-test.tsx';
import { LocalModelsCard } from './local-models-card.tsx';
import './page-styles.css';

export default function ProvidersPage() {
  return (
    <Routes>
      <Route index element={<ProviderList />} />
      <Route path="new" element={<AddProvider />} />
      <Route path=":id" element={<ProviderDetail />} />
    </Routes>
  );
}

function Check({ health }: { health: ProviderHealth }) {
  if (health.status === 'up') return <span className="badge ok" title={`${health.models ?? '?'} models`}>up {formatMs(health.latencyMs)}</span>;
  if (health.status === 'unknown') return <span className="badge" title="no models endpoint">unknown</span>;
  return <span className="badge error" title={health.error}>down</span>;
}

function HealthCell({ provider, health }: { provider: Provider; health: ProviderHealth | undefined }) {
  if (!provider.enabled) return <span className="muted">disabled</span>;
  if (!health) return <span className="muted">…</span>;
  const circuit = health.circuit;
  return (
    <>
      <Check health={health} />
      {circuit && circuit.state !== 'closed' ? (
        <span className="badge warn" title={`${circuit.failures} failures${circuit.retryInMs > 0 ? `, retry in ${formatMs(circuit.retryInMs)}` : ''}`}>
          circuit {circuit.state === 'half_open' ? 'half-open' : circuit.state}
        </span>
      ) : null}
      {health.status === 'down' && health.error ? <div className="error-text small">{health.error}</div> : null}
    </>
  );
}

/** Invalidates what a provider write changes. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: ['providers'] }), queryClient.invalidateQueries({ queryKey: ['settings'] }), queryClient.invalidateQueries({ queryKey: queryKeys.activeProvider })]);
}

function DeleteProvider({ provider, onClose, onDeleted }: { provider: Provider; onClose: () => void; onDeleted?: () => void }) {
  const api = useApi();
  const settings = useSettings();
  const refresh = useRefresh();
  const [refusal, setRefusal] = useState<string | null>(null);
  const reason = refusal ?? forceReason(provider.id, settings.data);
  const remove = useMutation({
    mutationFn: (force: boolean) => unwrap(api.DELETE('/v1/providers/{id}', { params: { path: { id: provider.id }, query: force ? { force: 'true' } : {} } })),
    onSuccess: async () => {
      await refresh();
      onClose();
      onDeleted?.();
    },
    onError: (error) => {
      if (needsForce(error)) setRefusal((error as Error).message);
    },
  });
  const error = remove.error && !needsForce(remove.error) ? (remove.error as Error).message : null;
  return (
    <ConfirmDialog
      title={`Delete provider ${provider.id}?`}
      confirmLabel="Delete"
      busy={remove.isPending}
      error={error}
      onConfirm={() => remove.mutate(false)}
      onCancel={onClose}
      extra={reason ? { label: 'Remove anyway', onClick: () => remove.mutate(true) } : null}
    >
      <p>Its model links and the mapping targets that name it go with it. This cannot be undone.</p>
      {reason ? <p className="warn-text">{reason}</p> : null}
    </ConfirmDialog>
  );
}

function ProviderList() {
  const api = useApi();
  const navigate = useNavigate();
  const providers = useProviders();
  const health = useProvidersHealth();
  const settings = useSettings();
  const refresh = useRefresh();
  const [deleting, setDeleting] = useState<Provider | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const act = useMutation({
    mutationFn: async ({ provider, action }: { provider: Provider; action: 'enable' | 'disable' | 'activate' }) => {
      if (action === 'activate') await unwrap(api.PUT('/v1/settings/active-provider', { body: { providerId: provider.id } }));
      else if (action === 'enable') await unwrap(api.POST('/v1/providers/{id}/enable', { params: { path: { id: provider.id } } }));
      else await unwrap(api.POST('/v1/providers/{id}/disable', { params: { path: { id: provider.id } } }));
      return { provider, action };
    },
    onSuccess: async ({ provider, action }) => {
      await refresh();
      setMessage({ text: action === 'activate' ? `${provider.id} is now the active provider.` : `${provider.id} ${action}d.`, error: false });
    },
    onError: (error) => setMessage({ text: (error as Error).message, error: true }),
  });

  const byId = new Map((health.data ?? []).map((entry) => [entry.id, entry]));
  const rows = providers.data ?? [];
  return (
    <section>
      <h1>Providers</h1>
      <div className="toolbar">
        <Link className="button-link" to="/providers/new">
          Add provider
        </Link>
        <button type="button" className="secondary" onClick={() => void health.refetch()} disabled={health.isFetching}>
          {health.isFetching ? 'Checking health…' : 'Check health'}
        </button>
        {message ? (
          <span role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'ok-text'}>
            {message.text}
          </span>
        ) : null}
      </div>
      <QueryState isLoading={providers.isLoading} error={providers.error} what="the providers" />
      {providers.data ? (
        <table className="data-table">
          <caption className="visually-hidden">Providers</caption>
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Enabled</th>
              <th scope="col">Health</th>
              <th scope="col">Role</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
                  No providers yet: add one.
                </td>
              </tr>
            ) : (
              rows.map((provider) => {
                const roles = rolesOf(provider.id, settings.data);
                const active = roles.includes('active');
                return (
                  <tr key={provider.id}>
                    <td>
                      <Link to={`/providers/${encodeURIComponent(provider.id)}`}>{provider.id}</Link>
                    </td>
                    <td>{provider.name}</td>
                    <td>
                      <code>{provider.type}</code>
                    </td>
                    <td>{provider.enabled ? <span className="badge ok">enabled</span> : <span className="badge">disabled</span>}</td>
                    <td>
                      <HealthCell provider={provider} health={byId.get(provider.id)} />
                    </td>
                    <td>
                      {roles.map((role) => (
                        <span key={role} className={role === 'active' ? 'badge ok' : 'badge'}>
                          {role}
                        </span>
                      ))}
                    </td>
                    <td className="actions">
                      <button type="button" className="secondary" aria-label={`Set active ${provider.id}`} disabled={active || !provider.enabled || act.isPending} onClick={() => act.mutate({ provider, action: 'activate' })}>
                        Set active
                      </button>
                      <button type="button" className="secondary" aria-label={`${provider.enabled ? 'Disable' : 'Enable'} ${provider.id}`} disabled={act.isPending} onClick={() => act.mutate({ provider, action: provider.enabled ? 'disable' : 'enable' })}>
                        {provider.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <button type="button" className="secondary" aria-label={`Edit ${provider.id}`} onClick={() => navigate(`/providers/${encodeURIComponent(provider.id)}`)}>
                        Edit
                      </button>
                      <button type="button" className="secondary" aria-label={`Test ${provider.id}`} onClick={() => navigate(`/providers/${encodeURIComponent(provider.id)}`, { state: { test: true } })}>
                        Test
                      </button>
                      <button type="button" className="secondary danger-text" aria-label={`Delete ${provider.id}`} onClick={() => setDeleting(provider)}>
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      ) : null}
      {deleting ? <DeleteProvider provider={deleting} onClose={() => setDeleting(null)} /> : null}
    </section>
  );
}

function AddProvider() {
  const types = useProviderTypes();
  return (
    <section>
      <h1>Add provider</h1>
      <QueryState isLoading={types.isLoading} error={types.error} what="the provider types" />
      {types.data ? <ProviderForm types={types.data} /> : null}
    </section>
  );
}

function ProviderDetail() {
  const { id = '' } = useParams();
  const api = useApi();
  const location = useLocation();
  const navigate = useNavigate();
  const types = useProviderTypes();
  const provider = useQuery({ queryKey: pageKeys.provider(id), queryFn: () => fetchProvider(api, id) });
  const [deleting, setDeleting] = useState(false);
  const state = (location.state ?? {}) as { created?: boolean; test?: boolean };
  const notFound = provider.error instanceof ApiError && provider.error.status === 404;
  return (
    <section>
      <h1>Provider {id}</h1>
      <p>
        <Link to="/providers">All providers</Link>
      </p>
      {state.created ? (
        <p role="status" className="ok-text">
          Provider {id} added. Test it below.
        </p>
      ) : null}
      {notFound ? <p role="alert" className="error-text">No provider “{id}”.</p> : <QueryState isLoading={provider.isLoading || types.isLoading} error={provider.error ?? types.error} what="the provider" />}
      {provider.data && types.data ? (
        <>
          <ProviderForm key={provider.data.id} types={types.data} provider={provider.data} />
          <ProviderTest providerId={provider.data.id} autoStart={state.test === true} />
          <LocalModelsCard providerId={provider.data.id} />
          <div className="toolbar">
            <button type="button" className="secondary danger-text" onClick={() => setDeleting(true)}>
              Delete provider
            </button>
          </div>
          {deleting ? (
            <DeleteProvider provider={provider.data} onClose={() => setDeleting(false)} onDeleted={() => navigate('/providers', { state: { deleted: id } })} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
