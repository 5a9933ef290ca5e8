/** Classifies upstream failures: what may be retried, what goes back to the client, and in which shape. */
import { ClientClosedError, RouterError, UpstreamConnectionError, UpstreamTimeoutError } from '../errors.js';

export { PassbackError, isRetryableStatus, upstreamErrorFromResponse } from '../providers/shared/upstream-errors.js';

const TIMEOUT_MESSAGES = {
  connect: 'could not connect in time',
  headers: 'timed out before answering',
  body: 'went silent for longer than its idle timeout',
} as const;

/**
 * Normalises a transport failure into a typed error. When the request's signal
 * (or `Cancellation`) was aborted, its reason decides: a `RouterError` reason (e.g. shutdown) is
 * returned as is, anything else means the client went away.
 */
export function classifyTransportError(error: unknown, providerId: string, clientSignal: Pick<AbortSignal, 'aborted' | 'reason'> | undefined): RouterError {
  if (clientSignal?.aborted) return RouterError.isInstance(clientSignal.reason) ? clientSignal.reason : new ClientClosedError();
  if (RouterError.isInstance(error)) return error;
  const name = (error as { name?: string })?.name ?? '';
  const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code ?? '';
  const message = (error as Error)?.message ?? String(error);
  if (name === 'TimeoutError' || /TIMEOUT/.test(code)) {
    const phase = /BODY/.test(code) ? 'body' : /CONNECT/.test(code) ? 'connect' : 'headers';
    return new UpstreamTimeoutError(`Provider "${providerId}" ${TIMEOUT_MESSAGES[phase]}`, phase, error);
  }
  return new UpstreamConnectionError(`Provider "${providerId}" could not be reached: ${code ? `${code} ` : ''}${message}`, error);
}
