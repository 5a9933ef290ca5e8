/** The provider page's card for a local server: each model it has, its load state and context (the router's last background refresh). */
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth.tsx';
import { unwrap } from '../../api/client.ts';
import { formatTime } from '../../lib/format.ts';
import { localModelRows, type Discovered } from './local-models.ts';

export function LocalModelsCard({ providerId }: { providerId: string }) {
  const api = useApi();
  const answer = useQuery({
    queryKey: ['providers', providerId, 'local-models'],
    queryFn: async () => (await unwrap(api.GET('/v1/providers/{id}/models', { params: { path: { id: providerId } } }))) as { discovered?: Discovered | null },
    refetchInterval: 30_000,
  });
  const discovered = answer.data?.discovered;
  if (!discovered) return null;
  const rows = localModelRows(discovered);
  return (
    <section className="card" aria-labelledby="local-models-heading">
      <h2 id="local-models-heading">Models on this server</h2>
      <p className="muted small">
        {discovered.reachable ? 'As the server reported them' : 'The server did not answer; as it last reported them'} {formatTime(Date.parse(discovered.reachable ? discovered.refreshedAt : (discovered.learnedAt ?? discovered.refreshedAt)))}. A request goes to the next target when its prompt cannot fit the context.
      </p>
      {discovered.error ? <p className="error-text small">{discovered.error}</p> : null}
      <table className="data-table">
        <caption className="visually-hidden">Models on {providerId}</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">State</th>
            <th scope="col">Context</th>
            <th scope="col">Max context</th>
            <th scope="col">Type</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                No models.
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <code>{row.id}</code>
                </td>
                <td>
                  <span className={row.state === 'loaded' ? 'badge ok' : row.state === 'unreachable' ? 'badge error' : 'badge'}>{row.state}</span>
                </td>
                <td>{row.context}</td>
                <td>{row.maxContext}</td>
                <td>{row.type}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
