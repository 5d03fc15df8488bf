import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { CONSOLE_BASE } from '../infra/web/console-headers.ts';

// The console lives under CONSOLE_BASE locally (beside the API on the gateway) and on CloudFront.
export default defineConfig({
  root: import.meta.dirname,
  base: CONSOLE_BASE,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
});
