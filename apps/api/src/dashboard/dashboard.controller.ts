import { join } from 'node:path';
import { Controller, Get, Header, Param, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { dashboardAssetsDir } from './dashboard-assets.js';
import { DashboardKeyService, type DashboardKeyAnswer } from './dashboard-key.service.js';
import { DASHBOARD_READINESS, waitingPage, type DashboardReadiness } from './dashboard-readiness.js';

const WAITING_RETRY_SECONDS = 2;

// The few members of Express's request and response used here (the project has no @types/express).
interface Request {
  socket: { remoteAddress?: string };
  headers: Record<string, string | string[] | undefined>;
}
interface Response {
  headersSent: boolean;
  setHeader(name: string, value: string): void;
  status(code: number): Response;
  send(body: string): void;
  json(body: unknown): void;
  sendFile(path: string, options: Record<string, unknown>, done?: (error?: Error) => void): void;
}

/**
 * Serves the built dashboard (a static page that reads the public /v1 API with an API key, as
 * any BI tool does) and, in embedded mode only, its key to pages opened from this machine.
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly assets = dashboardAssetsDir();

  private readiness: DashboardReadiness | null | undefined;

  constructor(
    private readonly keys: DashboardKeyService,
    private readonly modules: ModuleRef,
  ) {}

  @Get()
  index(@Res() res: Response): void {
    this.sendIndex(res);
  }

  @Get('dashboard')
  dashboard(@Res() res: Response): void {
    this.sendIndex(res);
  }

  @Get('dashboard/config.json')
  @Header('cache-control', 'no-store')
  config(@Req() req: Request): DashboardKeyAnswer {
    return this.keys.keyFor({ remoteAddress: req.socket.remoteAddress, headers: req.headers });
  }

  @Get('dashboard/assets/*path')
  asset(@Param('path') path: string[] | string, @Res() res: Response): void {
    const file = Array.isArray(path) ? path.join('/') : path;
    // File names carry a content hash, so a browser may keep them; sendFile refuses `..`.
    res.sendFile(file, { root: join(this.builtDir(), 'assets'), maxAge: '365d', immutable: true, dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent) res.status(404).json({ statusCode: 404, message: `no dashboard asset ${file}`, error: 'Not Found' });
    });
  }

  private sendIndex(res: Response): void {
    res.setHeader('cache-control', 'no-cache');
    const pending = this.startUpWork()?.pending();
    if (pending) {
      // 503 with Retry-After: a probe or script waiting for the page waits for the figures too.
      res.setHeader('retry-after', String(WAITING_RETRY_SECONDS));
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.status(503).send(waitingPage(pending, WAITING_RETRY_SECONDS));
      return;
    }
    res.sendFile('index.html', { root: this.builtDir() });
  }

  /** The provider of DASHBOARD_READINESS in any module of the app (the demo's), looked up once. */
  private startUpWork(): DashboardReadiness | null {
    if (this.readiness === undefined) {
      try {
        this.readiness = this.modules.get<DashboardReadiness>(DASHBOARD_READINESS, { strict: false });
      } catch {
        this.readiness = null;
      }
    }
    return this.readiness;
  }

  private builtDir(): string {
    if (!this.assets) throw new ServiceUnavailableException('the dashboard has not been built: run npm run build (npm start does it)');
    return this.assets;
  }
}
