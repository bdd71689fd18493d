import { runService } from '@frictionlens/platform';
import { apiService } from '../../api/src/api.service-definition.js';
import { classifierService } from '../../classifier/src/classifier.service-definition.js';
import { ingestService } from '../../ingest/src/ingest.service-definition.js';

// Small installs and the demo: the three services in one process, one port, one /health.
runService({
  name: 'all-in-one',
  modules: [...ingestService.modules, ...classifierService.modules, ...apiService.modules],
  consumesKafka: ingestService.consumesKafka || classifierService.consumesKafka,
  openApi: apiService.openApi,
});
