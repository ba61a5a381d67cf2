import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The server serves the built pages at /app/ (copied into the jar under static/app/).
export default defineConfig({
  base: '/app/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Two pages: the uploader, and the same backend behind Uppy's Dashboard.
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        uppy: resolve(import.meta.dirname, 'uppy.html'),
      },
    },
    // The CSP forbids inline scripts; never inline a small asset as a data: script either.
    assetsInlineLimit: 0,
  },
});
