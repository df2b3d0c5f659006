import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { languagePreload } from './scripts/language-preload.mjs';
import { precompress } from './scripts/precompress.mjs';

// One SPA, split by audience: the resident and grid-worker pages load a small core; the desk
// (Ant Design), the charts (ECharts) and the map (Leaflet) are separate chunks loaded on demand.
// Every text asset is written again as .br and .gz for the server to send as they are; index.html
// fetches the remembered language's shared words with the entry.
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react(), languagePreload(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
