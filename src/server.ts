import cluster from 'node:cluster';
import { loadConfig } from './config.ts';
import { prepareDatabase } from './runtime/prepare-database.ts';
import { serve } from './runtime/serve.ts';
import { superviseWorkers } from './runtime/workers.ts';

// One process prepares the database (migrations, the demo seed), then serves on its own or starts
// one worker per core; the workers share the port, and each one serves whole requests.
const config = loadConfig();
if (cluster.isPrimary) {
  await prepareDatabase(config);
  if (config.workers === 1) await serve(config, { mailWorker: true });
  else superviseWorkers(config);
} else {
  await serve(config, { mailWorker: process.env.DOORSTEP_WORKER === '1' });
}
