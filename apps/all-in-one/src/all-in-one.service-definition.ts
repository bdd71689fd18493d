import type { ServiceDefinition } from '@frictionlens/platform';
import { apiService } from '../../api/src/index.js';
import { classifierService } from '../../classifier/src/index.js';
import { ingestService } from '../../ingest/src/index.js';
import { DemoModule } from './demo/demo.module.js';

// Small installs and the demo: the three services in one process, one port, one /health, and the
// digital-bank demo loaded into an empty embedded database.
export const allInOneService: ServiceDefinition = {
  name: 'all-in-one',
  modules: [...ingestService.modules, ...classifierService.modules, ...apiService.modules, DemoModule],
  consumesKafka: ingestService.consumesKafka || classifierService.consumesKafka,
  consumerGroups: [...(ingestService.consumerGroups ?? []), ...(classifierService.consumerGroups ?? [])],
  openApi: apiService.openApi,
};
