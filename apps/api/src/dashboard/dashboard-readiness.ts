/**
 * Start-up work the dashboard waits for before it has anything to show: the demo's first load on
 * `npm start` (contacts stored, the first model trained, the backlog classified). Whoever does
 * such work provides it under DASHBOARD_READINESS, in any module of the app; without a provider
 * the dashboard is always ready.
 */
export interface DashboardReadiness {
  /** What is still happening, in a sentence for the waiting page; undefined once ready. */
  pending(): string | undefined;
}

export const DASHBOARD_READINESS = Symbol('DASHBOARD_READINESS');

/** The page shown while start-up work runs: it says what is happening and looks again by itself. */
export function waitingPage(pending: string, retrySeconds: number): string {
  const escaped = pending.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${retrySeconds}"><title>FrictionLens is starting</title>
<style>body{font-family:system-ui,sans-serif;color:#1f2933;background:#f6f7f9;margin:0;display:grid;place-items:center;min-height:100vh}main{background:#fff;border:1px solid #d9dee3;border-radius:6px;padding:1.5rem 2rem;max-width:40rem}</style>
</head><body><main><h1>FrictionLens is starting</h1><p id="pending">${escaped}</p><p>This page looks again every ${retrySeconds} seconds and shows the dashboard when there is something to show.</p></main></body></html>
`;
}
