import { defineConfig } from 'vite';

// The server serves the built page at /app/ (copied into the jar under static/app/).
export default defineConfig({
  base: '/app/',
  build: { outDir: 'dist', emptyOutDir: true },
});
