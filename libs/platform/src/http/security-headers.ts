import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of every page a FrictionLens service serves: the dashboard (Vite's
 * build: one module script and one stylesheet from /dashboard/assets, no inline script; ECharts
 * draws on canvas), its "starting" page and the Swagger UI at /docs. Scripts only from this
 * origin; inline styles allowed, because ECharts' tooltips and Swagger UI write style attributes
 * and <style> blocks; with img-src, font-src and connect-src kept to this origin, injected CSS
 * has nowhere to send what it reads. No page may be framed (clickjacking: the review screen
 * labels with one click).
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * `Cache-Control` of a /v1 answer. They carry customers' words (contacts, the review queue,
 * studies, CSV exports) or figures about them, so no cache may keep them (`no-store`); metrics
 * answers are aggregates that a browser may keep only to revalidate by ETag (`private,
 * no-cache`: the metrics cache answers a matching If-None-Match with 304). Other paths keep what
 * their handlers set (the dashboard's index no-cache, its hashed assets a year).
 */
export function cacheControlOf(path: string): string | undefined {
  if (path.startsWith('/v1/metrics/')) return 'private, no-cache';
  if (path === '/v1' || path.startsWith('/v1/')) return 'no-store';
  return undefined;
}

// The few members of Express's request and response used here (the project has no @types/express).
interface Request {
  path: string;
}
interface Response {
  setHeader(name: string, value: string): void;
}

/**
 * Security headers on every response of a service, set before any route runs: helmet's set
 * (nosniff, Referrer-Policy: no-referrer, Cross-Origin-Opener/Resource-Policy: same-origin,
 * X-Frame-Options: DENY for browsers without frame-ancestors…) with the CSP above, no
 * X-Powered-By, and the /v1 Cache-Control. Not sent: HSTS (FrictionLens serves plain HTTP; the
 * TLS proxy in front of it decides) and upgrade-insecure-requests (it would break the dashboard
 * opened over http:// on another machine).
 */
export function useSecurityHeaders(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use((req: Request, res: Response, next: () => void) => {
    const cacheControl = cacheControlOf(req.path);
    if (cacheControl) res.setHeader('cache-control', cacheControl);
    next();
  });
}
