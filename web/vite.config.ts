// Builds the web app from web/ into web/dist, which the server serves with an SPA fallback.
// In development `npm run dev:web` proxies /api to a server on :3000 (LIANXIN_API overrides).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // antd alone is ~1 MB before gzip; the warning is about the entry, which we keep small.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // Three pages: the office app (antd), the field app for cadres on phones (small, offline),
      // and the resident's page opened from a service card's QR code (no sign-in).
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        field: fileURLToPath(new URL('./field/index.html', import.meta.url)),
        card: fileURLToPath(new URL('./card/index.html', import.meta.url)),
      },
      output: {
        // React changes rarely: its own chunk stays cached across releases of the app.
        manualChunks(id) {
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: process.env.LIANXIN_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
