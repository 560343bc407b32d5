// Vite build of the wall/console renderer. Root is renderer/, output dist/renderer, relative base so
// the same bundle loads from file:// (Electron) and from the hub's HTTP server (browser mode).
// Nothing is fetched from outside: fonts are bundled (@fontsource/ibm-plex-sans), the map style is
// built in code from the hub's GeoJSON, maplibre's worker is emitted as an ES module asset.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
// import.meta.dirname: this file's folder (no node: import here — the renderer layer's lint forbids them).
const root = import.meta.dirname;

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1' },
});
