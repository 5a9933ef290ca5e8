/**
 * The Routing page: model mappings (ordered targets with weights and priorities; edited as a
 * list), the model catalogue with its provider links, and the models each provider reports.
 */
import { useState } from 'react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import { QueryState } from '../../components/query-state.tsx';
import { ConfirmDialog } from '../providers/confirm-dialog.tsx';
import { fetchProviderModels, pageKeys, useProviders, type Provider, type ProviderModels } from '../providers/provider-api.ts';
import { MappingEditor } from './mapping-editor.tsx';
import { describeTargets, type Mapping } from './mapping-edit.ts';
import '../providers/page-styles.css';

export default function RoutingPage() {
  return (
    <section>
      <h1>Routing</h1>
      <Mappings />
      <Catalogue />
    </section>
  );
}

function Mappings() {
  const api = useApi();
  const queryClient = useQueryClient();
  const providers = useProviders();
  const mappings = useQuery({ queryKey: pageKeys.mappings, queryFn: async () => ((await unwrap(api.GET('/v1/mappings'))) as unknown as { data: Mapping[] }).data });
  const [editing, setEditing] = useState<Mapping | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Mapping | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (model: string) => unwrap(api.DELETE('/v1/mappings/{model}', { params: { path: { model } } })),
    onSuccess: async (_, model) => {
      await queryClient.invalidateQueries({ queryKey: pageKeys.mappings });
      setDeleting(null);
      setMessage(`Mapping ${model} deleted.`);
    },
  });
  const rows = mappings.data ?? [];
  return (
    <section className="page-part" aria-labelledby="mappings-heading">
      <h2 id="mappings-heading">Model mappings</h2>
      <p className="muted small">A request for a mapped model name goes to its targets in order; the first that answers serves it, the others are its fallbacks.</p>
      <div className="toolbar">
        <button type="button" onClick={() => setEditing('new')} disabled={!providers.data?.length}>
          Add mapping
        </button>
        {message ? (
          <span role="status" className="ok-text">
            {message}
          </span>
        ) : null}
      </div>
      <QueryState isLoading={mappings.isLoading} error={mappings.error} what="the mappings" />
      {mappings.data ? (
        <table className="data-table">
          <caption className="visually-hidden">Model mappings</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Targets, in order</th>
              <th scope="col">Source</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  No mappings: requests go by the catalogue, the active provider and the default provider.
                </td>
              </tr>
            ) : (
              rows.map((mapping) => (
                <tr key={mapping.model}>
                  <td>
                    <code>{mapping.model}</code>
                  </td>
                  <td>{describeTargets(mapping.targets)}</td>
                  <td>{mapping.source === 'env' ? 'environment' : 'database'}</td>
                  <td className="actions">
                    <button type="button" className="secondary" aria-label={`Edit mapping ${mapping.model}`} onClick={() => setEditing(mapping)}>
                      Edit
                    </button>
                    {mapping.source !== 'env' ? (
                      <button type="button" className="secondary danger-text" aria-label={`Delete mapping ${mapping.model}`} onClick={() => setDeleting(mapping)}>
                        Delete
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      ) : null}
      {editing && providers.data ? (
        <MappingEditor
          key={editing === 'new' ? 'new' : editing.model}
          mapping={editing === 'new' ? undefined : editing}
          providers={providers.data}
          onClose={(saved) => {
            setEditing(null);
            setMessage(saved ? `Mapping ${saved} saved.` : null);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete mapping ${deleting.model}?`}
          confirmLabel="Delete"
          busy={remove.isPending}
          error={remove.error ? (remove.error as Error).message : null}
          onConfirm={() => remove.mutate(deleting.model)}
          onCancel={() => setDeleting(null)}
        >
          <p>Requests for {deleting.model} then route by the catalogue and the active provider.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** Each provider's links and reported models, in the providers' order. */
function useProvidersModels(providers: Provider[]) {
  const api = useApi();
  return useQueries({ queries: providers.map((provider) => ({ queryKey: pageKeys.providerModels(provider.id), queryFn: () => fetchProviderModels(api, provider.id) })) });
}

function LinkForm({ providers, onDone }: { providers: Provider[]; onDone: (text: string) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [modelId, setModelId] = useState('');
  const [providerId, setProviderId] = useState(providers[0]?.id ?? '');
  const [upstreamModel, setUpstreamModel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const link = useMutation({
    mutationFn: async () => {
      const body = { modelId: modelId.trim(), ...(upstreamModel.trim() ? { upstreamModel: upstreamModel.trim() } : {}) };
      try {
        return await unwrap(api.POST('/v1/providers/{id}/models', { params: { path: { id: providerId } }, body }));
      } catch (caught) {
        // the model is not in the catalogue yet: create it with this link
        if ((caught as { code?: string }).code !== 'model_not_found') throw caught;
        return unwrap(api.POST('/v1/models', { body: { id: modelId.trim(), providers: [{ providerId, ...(upstreamModel.trim() ? { upstreamModel: upstreamModel.trim() } : {}) }] } }));
      }
    },
    onSuccess: async () => {
      setError(null);
      await queryClient.invalidateQueries({ queryKey: ['providers', 'models'] });
      onDone(`${modelId.trim()} linked to ${providerId}.`);
      setModelId('');
      setUpstreamModel('');
    },
    onError: (caught) => setError((caught as Error).message),
  });
  return (
    <form
      className="toolbar"
      aria-label="Link a model"
      onSubmit={(event) => {
        event.preventDefault();
        if (!modelId.trim() || !providerId) setError('Give the model and the provider.');
        else link.mutate();
      }}
    >
      <div className="field">
        <label htmlFor="link-model">Catalogue model</label>
        <input id="link-model" value={modelId} onChange={(event) => setModelId(event.target.value)} placeholder="e.g. qwen3-coder" />
      </div>
      <div className="field">
        <label htmlFor="link-provider">Served by</label>
        <select id="link-provider" value={providerId} onChange={(event) => setProviderId(event.target.value)}>
          {providers.map((provider) => (
            <option key={provider.id} value={provider.id}>
              {provider.id}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="link-upstream">As upstream model</label>
        <input id="link-upstream" value={upstreamModel} onChange={(event) => setUpstreamModel(event.target.value)} placeholder="(the same name)" />
      </div>
      <button type="submit" disabled={link.isPending}>
        Link model
      </button>
      {error ? (
        <span role="alert" className="error-text">
          {error}
        </span>
      ) : null}
    </form>
  );
}

function Catalogue() {
  const api = useApi();
  const queryClient = useQueryClient();
  const providers = useProviders();
  const list = providers.data ?? [];
  const models = useProvidersModels(list);
  const [message, setMessage] = useState<string | null>(null);
  const unlink = useMutation({
    mutationFn: ({ providerId, modelId }: { providerId: string; modelId: string }) => unwrap(api.DELETE('/v1/providers/{id}/models/{modelId}', { params: { path: { id: providerId, modelId } } })),
    onSuccess: async (_, { providerId, modelId }) => {
      await queryClient.invalidateQueries({ queryKey: ['providers', 'models'] });
      setMessage(`${modelId} unlinked from ${providerId}.`);
    },
    onError: (error) => setMessage((error as Error).message),
  });
  const links = list.flatMap((provider, index) => ((models[index]?.data as ProviderModels | undefined)?.data ?? []).map((link) => ({ provider, link })));
  links.sort((a, b) => a.link.modelId.localeCompare(b.link.modelId) || a.link.priority - b.link.priority);
  return (
    <>
      <section className="page-part" aria-labelledby="catalogue-heading">
        <h2 id="catalogue-heading">Model catalogue</h2>
        <p className="muted small">Catalogue models are listed by GET /v1/models and routed to the providers linked to them (a lower priority first).</p>
        {list.length ? <LinkForm providers={list} onDone={setMessage} /> : null}
        {message ? (
          <p role="status" className="muted">
            {message}
          </p>
        ) : null}
        <QueryState isLoading={providers.isLoading} error={providers.error} what="the providers" />
        <table className="data-table">
          <caption className="visually-hidden">Model catalogue links</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Provider</th>
              <th scope="col">Upstream model</th>
              <th scope="col" className="numeric">
                Priority
              </th>
              <th scope="col">Capabilities</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {links.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  No catalogue models linked to a provider.
                </td>
              </tr>
            ) : (
              links.map(({ provider, link }) => (
                <tr key={`${link.modelId} ${provider.id}`}>
                  <td>
                    <code>{link.modelId}</code>
                    {link.displayName ?? link.name ? <span className="muted small"> {link.displayName ?? link.name}</span> : null}
                  </td>
                  <td>{provider.id}</td>
                  <td>{link.upstreamModel ?? <span className="muted">(same)</span>}</td>
                  <td className="numeric">{link.priority}</td>
                  <td>{link.capabilities?.join(', ')}</td>
                  <td>
                    <button type="button" className="secondary" aria-label={`Unlink ${link.modelId} from ${provider.id}`} onClick={() => unlink.mutate({ providerId: provider.id, modelId: link.modelId })}>
                      Unlink
                    </button>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>
      <section className="page-part" aria-labelledby="reported-heading">
        <h2 id="reported-heading">Models each provider reports</h2>
        <table className="data-table">
          <caption className="visually-hidden">Models each provider reports</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Default model</th>
              <th scope="col">Reported models</th>
            </tr>
          </thead>
          <tbody>
            {list.map((provider, index) => {
              const answer = models[index]?.data as ProviderModels | undefined;
              return (
                <tr key={provider.id}>
                  <td>
                    {provider.id}
                    {provider.enabled ? null : <span className="muted small"> (disabled)</span>}
                  </td>
                  <td>{answer?.defaultModel ?? <span className="muted">none</span>}</td>
                  <td>
                    {models[index]?.isLoading ? (
                      <span className="muted">…</span>
                    ) : answer?.reported === null || answer?.reported === undefined ? (
                      <span className="muted">not known yet (the router asks enabled providers in the background)</span>
                    ) : answer.reported.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      <details>
                        <summary>{answer.reported.length === 1 ? '1 model' : `${answer.reported.length} models`}</summary>
                        <p className="small">{answer.reported.join(', ')}</p>
                      </details>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </>
  );
}
