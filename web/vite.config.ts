import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './scripts/precompress.mjs';

// One SPA, split by audience: the resident and grid-worker pages load a small core; the desk
// (Ant Design), the charts (ECharts) and the map (Leaflet) are separate chunks loaded on demand.
// Every text asset is written again as .br and .gz for the server to send as they are.
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react(), precompress()],
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
