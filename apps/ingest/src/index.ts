// What another app may use of the ingest app: only apps/all-in-one composes it (its demo stores the
// demo's contacts through the same service a Kafka batch goes through). Shared code belongs in libs/.
export { ingestService } from './ingest.service-definition.js';
export { IngestService } from './ingest.service.js';
