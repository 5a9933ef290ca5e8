/** The sign-in page: one password field for the admin key. The key goes to sessionStorage only. */
import { useState, type FormEvent } from 'react';
import { useAuth } from './auth.tsx';

export function SignInPage() {
  const { signIn, message } = useAuth();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!key.trim()) {
      setError('Enter the admin key.');
      return;
    }
    setBusy(true);
    const refused = await signIn(key.trim());
    setBusy(false);
    if (refused) setError(refused);
  }

  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit}>
        <h1>Sign in</h1>
        <p className="muted">{message ?? 'This router needs its admin key (ADMIN_API_KEY) to manage it.'}</p>
        <label htmlFor="admin-key">Admin key</label>
        <input id="admin-key" type="password" autoComplete="current-password" value={key} onChange={(event) => setKey(event.target.value)} autoFocus />
        {error ? (
          <p role="alert" className="error-text">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">The key is kept for this browser tab only and sent to this router as a bearer token.</p>
      </form>
    </main>
  );
}

/** Shown when the router refuses the dashboard for another reason (e.g. a remote client without an admin key). */
export function RefusedPage() {
  const { message } = useAuth();
  return (
    <main className="sign-in">
      <div className="card sign-in-card">
        <h1>Access refused</h1>
        <p role="alert" className="error-text">
          {message}
        </p>
      </div>
    </main>
  );
}
