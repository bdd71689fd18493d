import { Module } from '@nestjs/common';
import { DASHBOARD_READINESS } from '../../../api/src/index.js';
import { DemoSeeder } from './demo-seeder.js';

/** Loads the digital-bank demo into an empty database after start-up (see docs/demo.md); the dashboard waits for it. */
@Module({ providers: [DemoSeeder, { provide: DASHBOARD_READINESS, useExisting: DemoSeeder }] })
export class DemoModule {}
