/**
 * Where the admin key lives while the dashboard is open: `sessionStorage` only (gone when the tab
 * closes; never in a URL, a cookie or a log).
 */
const STORAGE_KEY = 'router.adminKey';

/** The key of this tab's session, or null. */
export function readSessionKey(storage: Pick<Storage, 'getItem'> | undefined = globalThis.sessionStorage): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

/** Keeps the key for this tab's session (null forgets it). */
export function writeSessionKey(key: string | null, storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined = globalThis.sessionStorage): void {
  try {
    if (key) storage?.setItem(STORAGE_KEY, key);
    else storage?.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: the key lasts until the page is reloaded
  }
}

/** What the sign-in page says after the router refused a request with 401. */
export function signInMessage(hadKey: boolean, serverMessage: string | null): string {
  if (!hadKey) return 'This router needs its admin key (ADMIN_API_KEY) to manage it.';
  return `The router refused the admin key${serverMessage ? `: ${serverMessage}` : '.'} Sign in again.`;
}
