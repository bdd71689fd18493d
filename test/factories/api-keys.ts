import { issueApiKey, type ApiKeyScope } from '@frictionlens/domain';
import { ApiKeyRepository, createDataSource } from '@frictionlens/persistence';

/** Creates a key in the given database, as `npm run api-key -- create` does, and returns its token. */
export async function anApiKey(databaseUrl: string, scopes: ApiKeyScope[], name = 'test'): Promise<string> {
  const dataSource = createDataSource(databaseUrl, { logging: ['error'] });
  await dataSource.initialize();
  try {
    const issued = issueApiKey();
    await new ApiKeyRepository(dataSource).create({ id: issued.id, name, secretHash: issued.secretHash, scopes });
    return issued.token;
  } finally {
    await dataSource.destroy();
  }
}
