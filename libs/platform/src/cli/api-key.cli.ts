import { ApiKeyScopes, issueApiKey, type ApiKeyScope } from '@frictionlens/domain';
import { loadConfig } from '@frictionlens/config';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ApiKeyRepository, openDatabase, PersistenceModule } from '@frictionlens/persistence';

const usage = `usage:
  npm run api-key -- create --name <who uses it> --scope <${ApiKeyScopes.join('|')}> [--scope …]
  npm run api-key -- list
  npm run api-key -- revoke <id>`;

/** Exit codes: 0 done, 1 failed, 2 the command line was wrong, 3 the key to revoke does not exist. */
const NOT_FOUND = 3;

// Keys are made and revoked here, on the machine, never over the API: whoever can run this
// already holds the database credentials.
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || !['create', 'list', 'revoke'].includes(command)) return fail(`unknown command "${command ?? ''}"`);
  const config = loadConfig();
  const database = await openDatabase(config, () => undefined);
  // Only the database: this runs where no service config need be valid, and migrates whatever
  // DATABASE_MIGRATE_ON_START says, so that a key can be made before the first start.
  const app = await NestFactory.createApplicationContext(PersistenceModule.forRoot(database.url, { logging: ['error'] }), { logger: false, abortOnError: false }).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  try {
    await app.get(DataSource).runMigrations({ transaction: 'each' });
    const keys = app.get(ApiKeyRepository);
    if (command === 'create') {
      const name = option(rest, '--name')[0];
      const scopes = option(rest, '--scope');
      if (!name) return fail('--name is required');
      const unknown = scopes.filter((s) => !(ApiKeyScopes as readonly string[]).includes(s));
      if (scopes.length === 0 || unknown.length) return fail(`--scope must be one of ${ApiKeyScopes.join(', ')}${unknown.length ? ` (got ${unknown.join(', ')})` : ''}`);
      const issued = issueApiKey();
      await keys.create({ id: issued.id, name, secretHash: issued.secretHash, scopes: scopes as ApiKeyScope[] });
      console.log(`created API key ${issued.id} "${name}" with ${scopes.join(', ')}. It is shown once, keep it safe:`);
      console.log(issued.token);
    } else if (command === 'list') {
      for (const key of await keys.list()) {
        console.log([key.id, key.name, key.scopes.join(','), `created ${key.createdAt.toISOString()}`, key.lastUsedAt ? `used ${key.lastUsedAt.toISOString()}` : 'never used', key.revokedAt ? `REVOKED ${key.revokedAt.toISOString()}` : 'active'].join('\t'));
      }
    } else {
      const id = rest[0];
      if (!id) return fail('revoke needs the key id (see npm run api-key -- list)');
      if (await keys.revoke(id)) {
        console.log(`revoked ${id}`);
      } else {
        // Nothing was revoked: say why, and fail when there was nothing to revoke, so a script
        // that meant to stop a key learns that it named none.
        const known = (await keys.list()).find((key) => key.id === id);
        if (!known) {
          console.error(`no API key ${id}: nothing revoked (npm run api-key -- list shows the ids)`);
          return NOT_FOUND;
        }
        console.log(`${id} was already revoked on ${known.revokedAt?.toISOString() ?? 'an earlier run'}`);
      }
    }
    return 0;
  } finally {
    await app.close();
    await database.stop();
  }
}

function option(args: string[], name: string): string[] {
  return args.flatMap((arg, i) => (arg === name && args[i + 1] ? [args[i + 1]!] : []));
}

function fail(problem: string): number {
  console.error(`${problem}\n${usage}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
