import type { DataSource } from 'typeorm';
import { DiscoveryRepository, EmbeddingRepository, ModelVersionRepository, TaxonomyRepository, ValueStreamRepository } from '@frictionlens/persistence';
import { DiscoveryRunner, type DiscoveryRunnerSettings } from '../../apps/classifier/src/discovery/discovery-runner.js';
import { fixedRunEncoder } from '../../apps/classifier/src/discovery/discovery-encoder.js';
import { ClassifierEncoder } from '../../apps/classifier/src/encoder/classifier-encoder.js';

/** A discovery runner on a test database, with the repositories the classifier's DiscoveryUpkeep is given, and no encoder (tests run without onnxruntime). */
export function aDiscoveryRunner(db: DataSource, settings: DiscoveryRunnerSettings = {}): DiscoveryRunner {
  const store = { runs: new DiscoveryRepository(db), taxonomy: new TaxonomyRepository(db), models: new ModelVersionRepository(db), embeddings: new EmbeddingRepository(db), streams: new ValueStreamRepository(db) };
  return new DiscoveryRunner(store, fixedRunEncoder(ClassifierEncoder.none('tests run without onnxruntime')), settings);
}
