/**
 * `npm run relay`: starts the relay from flags and environment (relay/config.ts), prints
 * `Anxin relay listening on http://<host>:<port>`, and shuts down gracefully on SIGTERM/SIGINT
 * (stop accepting, drain in-flight requests, close sockets, close storage). A second signal exits at once.
 */
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startRelay } from './server';
import { openPostgresStorage } from './storage/postgres';
import { openSqliteStorage } from './storage/sqlite';

async function main() {
  let config;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  const storage = config.backend === 'postgres' ? await openPostgresStorage(config.postgresUrl!) : openSqliteStorage(config.dataDir);
  const relay = await startRelay(config, { storage, logger, processMetrics: true });
  console.log(`Anxin relay listening on ${relay.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('shutting down', { signal });
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error(`relay failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
