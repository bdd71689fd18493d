import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { DashboardKeyService } from './dashboard-key.service.js';
import { DASHBOARD_SETTINGS, dashboardSettings } from './dashboard-settings.js';

/** The web dashboard at `/`: static files from web/dashboard's build, and the embedded-mode key. */
@Module({
  controllers: [DashboardController],
  providers: [DashboardKeyService, { provide: DASHBOARD_SETTINGS, useFactory: () => dashboardSettings(process.env) }],
})
export class DashboardModule {}
