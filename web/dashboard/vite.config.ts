import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run build` runs this after tsc: web/dashboard → dist/dashboard, served by the API app's
// DashboardModule at `/` (index.html) and `/dashboard/assets/…`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  logLevel: 'warn',
  // The same alias as tsconfig.json's paths: the views import the API's types from libs/contracts.
  resolve: { alias: { '@frictionlens/contracts': fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)) } },
  // `npx vite --config web/dashboard/vite.config.ts`: the page with reloading at
  // http://localhost:5173/dashboard/, reading the API at FRICTIONLENS_API (default :3000).
  server: {
    proxy: Object.fromEntries(['/v1', '/dashboard/config.json'].map((path) => [path, process.env.FRICTIONLENS_API ?? 'http://127.0.0.1:3000'])),
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // ECharts is most of the bundle (~600 kB before gzip) and is loaded once.
    chunkSizeWarningLimit: 1500,
  },
});
