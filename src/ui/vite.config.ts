import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The UI is served by `meshbridge server` from dist/ui at `/`; hashed assets are immutable there.
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: new URL('../../dist/ui', import.meta.url).pathname,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
