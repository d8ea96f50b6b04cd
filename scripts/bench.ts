import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Engine } from '../src/db/dialect.ts';
import { ensureBenchDatabase, forgetBenchStatements } from './bench-database.ts';
import { describeResult, measure, median, resultsTable, runRoutes, selectRoutes, targets, type RouteResult } from './bench-run.ts';
import { startServer, type RunningServer } from './bench-server.ts';
import { signInTenants, type BenchTenant } from './bench-session.ts';

// npm run bench                                           20,000 tenancies on SQLite, 32 connections
// npm run bench -- --engine postgres --duration 20
// npm run bench -- --compare 2000,20000 --repeat 3        the p50 growth at ten times the data
// npm run bench -- --routes dashboard,statement --tenants 1   a few routes, one tenant
// npm run bench -- --workers 1                            one server process instead of one per core
// npm run bench -- --repeat 3 --duration 5                each route three times, the median run kept
// npm run bench -- --no-keep                              pages read afresh on every visit (KEEP_PAGES=off)
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
    /** Runs of each route, the one with the median p50 kept: 3 when comparing sizes, otherwise 1. */
    repeat: { type: 'string' },
    /** Only the routes whose names start with these words (the bare route always runs). */
    routes: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    /** Server processes; by default one per core, as in production. */
    workers: { type: 'string' },
    /** The server with KEEP_PAGES=off: what a visit costs when nothing kept for the person can answer it. */
    'no-keep': { type: 'boolean', default: false },
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
  repeat: whole('repeat', values.repeat ?? (values.compare ? '3' : '1')),
  workers: values.workers ? whole('workers', values.workers) : null,
  only: values.routes ? values.routes.split(',').map((r) => r.trim().toLowerCase()) : null,
};
const sizes = values.compare ? values.compare.split(',').map((s) => whole('compare', s.trim())) : [whole('tenancies', values.tenancies)];
const label = (n: number) => n.toLocaleString('en-GB');
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');

console.log(`Doorstep benchmark: ${engine}, ${sizes.map(label).join(' and ')} tenancies, ${settings.connections} connections, ${settings.duration} s a route (after ${settings.warmup} s warm-up), ${settings.signIns} tenants signed in`);
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average (1, 5, 15 min) ${load()}`);
// The server process inherits this environment (bench-server.ts).
if (values['no-keep']) process.env.KEEP_PAGES = 'off';
console.log(`Server: ${settings.workers ?? availableParallelism()} worker process${(settings.workers ?? availableParallelism()) === 1 ? '' : 'es'} (${settings.workers ? '--workers' : 'one per core, as in production'}); pages kept per person: ${values['no-keep'] ? 'no (--no-keep)' : 'yes'}`);

interface Target {
  tenancies: number;
  server: RunningServer;
  tenants: BenchTenant[];
}

async function prepare(tenancies: number, port: number): Promise<Target> {
  const { url, seedSeconds } = await ensureBenchDatabase(engine, tenancies, values.rebuild);
  console.log(seedSeconds === null ? `Reusing ${url}` : `Built ${url} in ${seedSeconds.toFixed(1)} s`);
  await forgetBenchStatements(url);
  const server = await startServer(url, port, settings.workers);
  const tenants = await signInTenants(server.url, Math.min(...sizes), settings.signIns);
  console.log(`Signed in ${tenants.length} tenants at ${label(tenancies)}; their deep pages are up to ${Math.max(...tenants.map((t) => t.pagesDeep))} pages of 20 back.`);
  return { tenancies, server, tenants };
}

function report(tenancies: number, results: RouteResult[]): void {
  console.log(`\n${label(tenancies)} tenancies on ${engine} (load average now: ${load()}):\n`);
  console.log(resultsTable(results));
  console.log(`\n${targets(results).join('\n')}\n`);
}

const targetsRunning: Target[] = [];
try {
  if (sizes.length === 1) {
    const t = await prepare(sizes[0], settings.port);
    targetsRunning.push(t);
    report(t.tenancies, await runRoutes({ url: t.server.url, tenants: t.tenants, ...settings }, console.log));
  } else {
    // Both sizes are served at once and measured route by route, in turn, several times: on a
    // shared machine the load drifts, and this keeps each pair of figures side by side in time.
    for (const [i, size] of sizes.entries()) targetsRunning.push(await prepare(size, settings.port + i));
    const results = targetsRunning.map(() => [] as RouteResult[]);
    for (const route of selectRoutes(settings.only)) {
      const runs = targetsRunning.map(() => [] as RouteResult[]);
      for (let r = 0; r < settings.repeat; r++) {
        for (const [i, t] of targetsRunning.entries()) runs[i].push(await measure(route, { url: t.server.url, tenants: t.tenants, ...settings }));
      }
      for (const [i, t] of targetsRunning.entries()) {
        results[i].push(median(runs[i]));
        console.log(`  ${label(t.tenancies)}: ${describeResult(median(runs[i]))} (p50 of ${settings.repeat} runs: ${runs[i].map((x) => x.p50.toFixed(1)).join(', ')} ms; load ${load()})`);
      }
    }
    for (const [i, t] of targetsRunning.entries()) report(t.tenancies, results[i]);
    const [small, large] = [results[0], results[results.length - 1]];
    const growth = (a: number, b: number) => (a === 0 ? 'n/a' : `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(0)} %`);
    console.log(`p50 growth from ${label(sizes[0])} to ${label(sizes[sizes.length - 1])} tenancies on ${engine}, median of ${settings.repeat} interleaved runs (target: at most +30 % on each page):\n`);
    console.log(`| Route | p50 ms at ${label(sizes[0])} | p50 ms at ${label(sizes[sizes.length - 1])} | p50 growth | mean growth |`);
    console.log('|---|---:|---:|---:|---:|');
    for (const [i, r] of small.entries()) console.log(`| ${r.name} | ${r.p50.toFixed(1)} | ${large[i].p50.toFixed(1)} | ${growth(r.p50, large[i].p50)} | ${growth(r.mean, large[i].mean)} |`);
    console.log(`\nLoad average at the end: ${load()}`);
  }
} finally {
  for (const t of targetsRunning) await t.server.stop();
}
