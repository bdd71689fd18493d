import { runService } from '@frictionlens/platform';
import { ingestService } from './ingest.service-definition.js';

runService(ingestService);
