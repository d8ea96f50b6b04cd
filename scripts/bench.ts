import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Engine } from '../src/db/dialect.ts';
import { ensureBenchDatabase, forgetBenchStatements } from './bench-database.ts';
import { resultsTable, runRoutes, targets, type RouteResult } from './bench-run.ts';
import { startServer } from './bench-server.ts';
import { signInTenants } from './bench-session.ts';

// npm run bench                                           20,000 tenancies on SQLite, 32 connections
// npm run bench -- --engine postgres --duration 20
// npm run bench -- --compare 2000,20000                   the p50 growth at ten times the data
const { values } = parseArgs({
  options: {
    tenancies: { type: 'string', default: '20000' },
    engine: { type: 'string', default: 'sqlite' },
    connections: { type: 'string', default: '32' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    tenants: { type: 'string', default: '16' },
    port: { type: 'string', default: '3950' },
    compare: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
  },
});

const whole = (name: string, value: string, min = 1) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, not ${value}`);
  return n;
};
if (values.engine !== 'sqlite' && values.engine !== 'postgres') throw new Error(`--engine is sqlite or postgres, not ${values.engine}`);
const engine: Engine = values.engine;
const settings = {
  connections: whole('connections', values.connections),
  duration: whole('duration', values.duration),
  warmup: whole('warmup', values.warmup, 0),
  signIns: whole('tenants', values.tenants),
  port: whole('port', values.port),
};
const sizes = values.compare ? values.compare.split(',').map((s) => whole('compare', s.trim())) : [whole('tenancies', values.tenancies)];

const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
console.log(`Doorstep benchmark: ${engine}, ${sizes.map((s) => s.toLocaleString('en-GB')).join(' and ')} tenancies, ${settings.connections} connections, ${settings.duration} s a route (after ${settings.warmup} s warm-up), ${settings.signIns} tenants signed in`);
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average (1, 5, 15 min) ${load()}`);

async function benchSize(tenancies: number): Promise<RouteResult[]> {
  const { url, seedSeconds } = await ensureBenchDatabase(engine, tenancies, values.rebuild);
  console.log(seedSeconds === null ? `Reusing ${url}` : `Built ${url} in ${seedSeconds.toFixed(1)} s`);
  await forgetBenchStatements(url);
  const server = await startServer(url, settings.port);
  try {
    const tenants = await signInTenants(server.url, tenancies, settings.signIns);
    const deepest = Math.max(...tenants.map((t) => t.pagesDeep));
    console.log(`Signed in ${tenants.length} tenants; their deep pages are up to ${deepest} pages of 20 back. Load average ${load()}`);
    const results = await runRoutes({ url: server.url, tenants, ...settings }, console.log);
    console.log(`\n${tenancies.toLocaleString('en-GB')} tenancies on ${engine} (load average after: ${load()}):\n`);
    console.log(resultsTable(results));
    console.log(`\n${targets(results).join('\n')}\n`);
    return results;
  } finally {
    await server.stop();
  }
}

const runs: RouteResult[][] = [];
for (const size of sizes) runs.push(await benchSize(size));

if (runs.length > 1) {
  const [small, large] = [runs[0], runs[runs.length - 1]];
  const growth = (a: number, b: number) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(0)} %`;
  const label = (n: number) => n.toLocaleString('en-GB');
  console.log(`p50 growth from ${label(sizes[0])} to ${label(sizes[sizes.length - 1])} tenancies on ${engine} (target: at most +30 % on each page):\n`);
  console.log(`| Route | p50 ms at ${label(sizes[0])} | p50 ms at ${label(sizes[sizes.length - 1])} | p50 growth | mean growth |`);
  console.log('|---|---:|---:|---:|---:|');
  for (const [i, r] of small.entries()) {
    const l = large[i];
    console.log(`| ${r.name} | ${r.p50} | ${l.p50} | ${growth(r.p50, l.p50)} | ${growth(r.mean, l.mean)} |`);
  }
  console.log(`\nLoad average at the end: ${load()}`);
}
