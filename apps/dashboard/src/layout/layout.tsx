/** The frame of every page: the header (version, active provider, sign-out) and the left navigation. */
import { NavLink, Outlet } from 'react-router';
import { useActiveProvider, useHealth } from '../api/queries.ts';
import { useAuth } from '../auth/auth.tsx';

/** The pages in the navigation, in order; `path` is relative to the app's base (/ui). */
export const NAV_ITEMS = [
  { path: '/', label: 'Overview' },
  { path: '/live', label: 'Live requests' },
  { path: '/providers', label: 'Providers' },
  { path: '/routing', label: 'Routing' },
  { path: '/compare', label: 'Compare' },
  { path: '/experiments', label: 'Experiments' },
  { path: '/scorecard', label: 'Scorecard' },
  { path: '/history', label: 'History' },
  { path: '/keys', label: 'Keys' },
  { path: '/settings', label: 'Settings' },
] as const;

function activeProviderText(data: { providerId?: string | null; effective?: string | null } | undefined): string {
  const effective = data?.effective ?? data?.providerId ?? null;
  return effective ?? 'none (routing by model)';
}

export function Layout() {
  const { key, signOut } = useAuth();
  const health = useHealth();
  const active = useActiveProvider();
  const version = (health.data as { version?: string } | undefined)?.version;
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Router</span>
        <span className="muted" aria-label="Router version">
          {version ? `v${version}` : '…'}
        </span>
        <span className="topbar-active">
          Active provider: <strong>{active.isLoading ? '…' : activeProviderText(active.data as { providerId?: string | null; effective?: string | null } | undefined)}</strong>
        </span>
        <span className="spacer" />
        {key ? (
          <button type="button" className="secondary" onClick={signOut}>
            Sign out
          </button>
        ) : null}
      </header>
      <nav className="sidenav" aria-label="Pages">
        <ul>
          {NAV_ITEMS.map((item) => (
            <li key={item.path}>
              <NavLink to={item.path} end={item.path === '/'}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
