import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves the build under /ui (apps/server/src/dashboard/dashboard-routes.ts); in
// `vite` dev mode the API calls go to a router on localhost:3001.
export default defineConfig({
  base: '/ui/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/v1': 'http://127.0.0.1:3001',
      '/health': 'http://127.0.0.1:3001',
    },
  },
});
