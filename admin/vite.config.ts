import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const hub = process.env.HUB_URL ?? 'http://127.0.0.1:4000';

// In development Vite serves the SPA and proxies the API; in production the hub serves admin/dist at `/`.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/graphql': hub, '/healthz': hub } },
  build: { outDir: 'dist', chunkSizeWarningLimit: 4000 },
});
