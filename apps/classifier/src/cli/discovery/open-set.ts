import type { DiscoveryRequest } from './discovery-args.js';

export async function runOpenSet(_request: DiscoveryRequest, _modelsFolder: string): Promise<Record<string, unknown>> {
  throw new Error('--open-set is not built yet');
}
