import { Module } from '@nestjs/common';
import { DemoSeeder } from './demo-seeder.js';

/** Loads the digital-bank demo into an empty database after start-up (see docs/demo.md). */
@Module({ providers: [DemoSeeder] })
export class DemoModule {}
