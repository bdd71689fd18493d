import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { DashboardKeyService } from './dashboard-key.service.js';

/** The web dashboard at `/`: static files from web/dashboard's build, and the embedded-mode key. */
@Module({
  controllers: [DashboardController],
  providers: [DashboardKeyService],
})
export class DashboardModule {}
