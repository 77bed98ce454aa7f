import { defineConfig } from 'vite';

// Served by the platform at /: hashed assets under /assets, no source maps (the sources are in the repository).
// The charting library goes into a chunk of its own, so a change to a page does not invalidate it in caches.
export default defineConfig({
  base: '/',
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: (id: string) => (id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'charts' : undefined),
      },
    },
  },
});
