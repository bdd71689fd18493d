import { join } from 'node:path';
import { Controller, Get, Header, Param, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { dashboardAssetsDir } from './dashboard-assets.js';
import { DashboardKeyService, type DashboardKeyAnswer } from './dashboard-key.service.js';

// The few members of Express's request and response used here (the project has no @types/express).
interface Request {
  socket: { remoteAddress?: string };
  headers: Record<string, string | string[] | undefined>;
}
interface Response {
  headersSent: boolean;
  setHeader(name: string, value: string): void;
  status(code: number): Response;
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

  constructor(private readonly keys: DashboardKeyService) {}

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
    res.sendFile('index.html', { root: this.builtDir() });
  }

  private builtDir(): string {
    if (!this.assets) throw new ServiceUnavailableException('the dashboard has not been built: run npm run build (npm start does it)');
    return this.assets;
  }
}
