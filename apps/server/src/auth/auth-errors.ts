/** The errors the auth middleware throws; the app's `onError` shapes them for the route's clients. */
import { RouterError } from '@router/core';

/** 401: no key, or the wrong one. */
export function missingOrWrongKey(present: boolean, what: 'admin' | 'client'): RouterError {
  const message = present
    ? `Incorrect ${what === 'admin' ? 'admin ' : ''}API key provided.`
    : what === 'admin'
      ? 'This management route needs the admin key: send Authorization: Bearer <ADMIN_API_KEY>.'
      : "You didn't provide an API key. Send it as Authorization: Bearer <key> or x-api-key: <key>.";
  return new RouterError(message, { status: 401, type: 'invalid_request_error', code: 'invalid_api_key' });
}

/** 403: no admin key is configured and the client is not on this machine. */
export function loopbackOnly(): RouterError {
  return new RouterError('Management routes answer only local clients when ADMIN_API_KEY is not set; set ADMIN_API_KEY to manage the router remotely.', {
    status: 403, type: 'permission_error', code: 'admin_loopback_only',
  });
}

/** 401: a client key that was revoked, or has expired. */
export function clientKeyRefused(why: 'revoked' | 'expired', expiredAt?: number): RouterError {
  const message = why === 'revoked' ? 'This API key has been revoked.' : `This API key expired at ${new Date(expiredAt ?? 0).toISOString()}.`;
  return new RouterError(message, { status: 401, type: 'invalid_request_error', code: 'invalid_api_key' });
}
