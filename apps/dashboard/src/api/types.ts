/** Named answer types, picked from the generated paths (schema.d.ts). */
import type { paths } from './schema';

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** The JSON of a path's success answer (200 or 201). */
export type JsonOf<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 201: { content: { 'application/json': infer T } } }
      ? T
      : never
  : never;

export type HealthAnswer = JsonOf<'/health'>;
export type SeriesAnswer = JsonOf<'/v1/stats/series'>;
export type SeriesRow = SeriesAnswer['data'][number];
export type ScorecardAnswer = JsonOf<'/v1/stats/scorecard'>;
export type ScorecardRow = ScorecardAnswer['data'][number];
export type ProvidersHealthAnswer = JsonOf<'/v1/providers/health'>;
export type ProviderHealth = ProvidersHealthAnswer['providers'][number];
export type Provider = JsonOf<'/v1/providers'>['data'][number];
export type ProviderSetting = JsonOf<'/v1/settings/active-provider'>;
export type RequestSummary = JsonOf<'/v1/requests'>['data'][number];
export type RequestDetail = JsonOf<'/v1/requests/{id}'>;
export type Attempt = RequestDetail['attempts'][number];
