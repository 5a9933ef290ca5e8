/**
 * Sign-in state and the API client. On load the app reads `/health` (public): when the router needs
 * an admin key and this tab has none, the sign-in page shows at once. Otherwise it asks the router
 * for its active provider with the key of this tab's session (if any): an answer means signed in (no key is needed when the
 * router has no ADMIN_API_KEY and this is a local client); a 401 shows the sign-in page; any
 * other refusal (a remote client without an admin key on the router) is shown as it is.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createApiClient, errorMessageOf, type ApiClient } from '../api/client.ts';
import { readSessionKey, signInMessage, writeSessionKey } from './session-key.ts';

/** Where the session stands. */
export type AuthStatus = 'checking' | 'signed-in' | 'signed-out' | 'refused';

interface AuthState {
  status: AuthStatus;
  /** Why the sign-in page (or the refusal) is shown. */
  message: string | null;
}

interface AuthContextValue extends AuthState {
  /** The typed management API client. */
  api: ApiClient;
  /** The admin key in use (null: none is needed, or not signed in). */
  key: string | null;
  /** Tries a key; resolves with the refusal's message, or null when it was accepted. */
  signIn(key: string): Promise<string | null>;
  signOut(): void;
  /** A request made outside the client (the live tail) was refused with 401: back to the sign-in page with the server's message. */
  unauthorized(serverMessage: string): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** The sign-in state, the key and the API client. */
export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The management API client of the signed-in session. */
export function useApi(): ApiClient {
  return useAuth().api;
}

/** A probe of the management API with a key: 'ok', or the status and message of the refusal. */
async function probe(key: string | null): Promise<{ status: number; message: string | null }> {
  try {
    const response = await fetch('/v1/settings/active-provider', { headers: key ? { authorization: `Bearer ${key}` } : {} });
    if (response.ok) return { status: response.status, message: null };
    const body: unknown = await response.json().catch(() => null);
    return { status: response.status, message: errorMessageOf(body, response.status) };
  } catch (error) {
    return { status: 0, message: `The router could not be reached (${(error as Error).message}).` };
  }
}

/** Whether the router needs the admin key (`/health`'s adminKeyRequired; false when it cannot tell). */
async function keyRequired(): Promise<boolean> {
  try {
    const response = await fetch('/health');
    return response.ok && ((await response.json()) as { adminKeyRequired?: unknown }).adminKeyRequired === true;
  } catch {
    return false;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const keyRef = useRef<string | null>(readSessionKey());
  const [key, setKey] = useState<string | null>(keyRef.current);
  const [state, setState] = useState<AuthState>({ status: 'checking', message: null });

  const setSessionKey = useCallback((next: string | null) => {
    keyRef.current = next;
    writeSessionKey(next);
    setKey(next);
  }, []);

  const unauthorized = useCallback(
    (serverMessage: string) => {
      const hadKey = keyRef.current !== null;
      setSessionKey(null);
      queryClient.clear();
      setState({ status: 'signed-out', message: signInMessage(hadKey, serverMessage) });
    },
    [queryClient, setSessionKey],
  );

  const api = useMemo(() => createApiClient({ key: () => keyRef.current, onUnauthorized: unauthorized }), [unauthorized]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      // /health is public and says whether a key is needed: without one stored, go straight to sign-in
      if (keyRef.current === null && (await keyRequired())) return { status: 401, message: null as string | null, ask: true };
      return { ...(await probe(keyRef.current)), ask: false };
    })().then(({ status, message, ask }) => {
      if (cancelled) return;
      if (ask) setState({ status: 'signed-out', message: signInMessage(false, null) });
      else if (message === null) setState({ status: 'signed-in', message: null });
      else if (status === 401) unauthorized(message);
      else setState({ status: 'refused', message });
    });
    return () => {
      cancelled = true;
    };
  }, [unauthorized]);

  const signIn = useCallback(
    async (candidate: string) => {
      const { status, message } = await probe(candidate);
      if (message !== null) return status === 401 ? 'The router refused this key.' : message;
      setSessionKey(candidate);
      setState({ status: 'signed-in', message: null });
      return null;
    },
    [setSessionKey],
  );

  const signOut = useCallback(() => {
    setSessionKey(null);
    queryClient.clear();
    setState({ status: 'signed-out', message: 'Signed out.' });
  }, [queryClient, setSessionKey]);

  const value = useMemo<AuthContextValue>(() => ({ ...state, api, key, signIn, signOut, unauthorized }), [state, api, key, signIn, signOut, unauthorized]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
