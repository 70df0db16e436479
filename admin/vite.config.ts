import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const hub = process.env.HUB_URL ?? 'http://127.0.0.1:4000';

// In development Vite serves the SPA and proxies the API; in production the hub serves admin/dist at `/`.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/graphql': hub, '/healthz': hub, '/api': hub } },
  // The shared vocabulary is a CommonJS workspace package: pre-bundle it for the dev server.
  optimizeDeps: { include: ['@fupin/schema'] },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // GraphiQL's modules carry React Compiler's "use no memo" directive, meaningless once bundled.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
