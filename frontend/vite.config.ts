import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The Go server serves the built app from the same origin as the API, so the dev server
// proxies /api to it and production code only ever calls relative /api/v1 paths.
export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // One vendor chunk keeps the embedded asset list short and cache-friendly.
    rollupOptions: {
      output: {
        manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined),
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
    // Whole-app renders in jsdom are slow on a 2-core CI machine running files in parallel.
    testTimeout: 20_000,
  },
});
