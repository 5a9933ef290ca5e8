/**
 * The app: server state through TanStack Query, sign-in (auth/), and the client routes under /ui
 * (the server answers every /ui page with index.html, so each page has its own linkable URL).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AuthProvider, useAuth } from './auth/auth.tsx';
import { RefusedPage, SignInPage } from './auth/sign-in-page.tsx';
import { Layout } from './layout/layout.tsx';
import { ApiError } from './api/client.ts';
import OverviewPage from './pages/overview/index.tsx';
import LiveRequestsPage from './pages/live/index.tsx';
import RequestPage from './pages/request/index.tsx';
import ProvidersPage from './pages/providers/index.tsx';
import RoutingPage from './pages/routing/index.tsx';
import ComparePage from './pages/compare/index.tsx';
import HistoryPage from './pages/history/index.tsx';
import SettingsPage from './pages/settings/index.tsx';
import KeysPage from './pages/keys/index.tsx';
import ExperimentsPage from './pages/experiments/index.tsx';
import ScorecardPage from './pages/scorecard/index.tsx';
import NotFoundPage from './pages/not-found.tsx';

/** The base path the server serves the app under. */
export const BASE_PATH = '/ui';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // a refusal or a missing thing does not get better by asking again
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Gate() {
  const { status } = useAuth();
  if (status === 'checking') return <p className="muted centered">Connecting to the router…</p>;
  if (status === 'signed-out') return <SignInPage />;
  if (status === 'refused') return <RefusedPage />;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<OverviewPage />} />
        <Route path="live" element={<LiveRequestsPage />} />
        <Route path="requests/:id" element={<RequestPage />} />
        <Route path="providers/*" element={<ProvidersPage />} />
        <Route path="routing/*" element={<RoutingPage />} />
        <Route path="compare/*" element={<ComparePage />} />
        <Route path="scorecard" element={<ScorecardPage />} />
        <Route path="history/*" element={<HistoryPage />} />
        <Route path="experiments/*" element={<ExperimentsPage />} />
        <Route path="keys/*" element={<KeysPage />} />
        <Route path="settings/*" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename={BASE_PATH}>
        <AuthProvider>
          <Gate />
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
