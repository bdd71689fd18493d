import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run build` runs this after tsc: web/dashboard → dist/dashboard, served by the API app's
// DashboardModule at `/` (index.html) and `/dashboard/assets/…`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // ECharts is most of the bundle (~600 kB before gzip) and is loaded once.
    chunkSizeWarningLimit: 1500,
  },
});
