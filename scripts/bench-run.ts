import autocannon, { type RawRequest } from 'autocannon';
import type { BenchTenant } from './bench-session.ts';

export interface RouteResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  requests: number;
  /** Answers other than the one the route should give (a 500, a 429, a redirect to sign-in…). */
  unexpected: number;
}

export interface Route {
  name: string;
  expect: number;
  /** The page for one tenant; null for pages asked for signed out. */
  request(tenant: BenchTenant | null, n: number): RawRequest;
}

const runId = Date.now().toString(36);

export const ROUTES: Route[] = [
  { name: 'bare route (/health)', expect: 200, request: () => ({ method: 'GET', path: '/health' }) },
  { name: 'sign-in page', expect: 200, request: () => ({ method: 'GET', path: '/sign-in' }) },
  { name: 'dashboard', expect: 200, request: (t) => signedIn(t, '/dashboard') },
  { name: 'rent account', expect: 200, request: (t) => signedIn(t, `/agreements/${t!.reference}`) },
  { name: 'transactions, first page', expect: 200, request: (t) => signedIn(t, `/agreements/${t!.reference}/transactions`) },
  { name: 'transactions, deep page', expect: 200, request: (t) => signedIn(t, t!.deepPath) },
  { name: 'my repairs', expect: 200, request: (t) => signedIn(t, '/repairs') },
  { name: 'repair page', expect: 200, request: (t) => signedIn(t, `/repairs/${t!.repairReference ?? 'none-seeded'}`) },
  { name: 'repairs at this address', expect: 200, request: (t) => signedIn(t, '/repairs/address') },
  { name: 'communal repairs', expect: 200, request: (t) => signedIn(t, '/repairs/communal') },
  {
    // Each POST carries a new idempotency key, so every request draws and stores a new PDF.
    name: 'statement PDF (12 months)',
    expect: 303,
    request: (t, n) => ({
      ...signedIn(t, `/agreements/${t!.reference}/statement`, 'application/x-www-form-urlencoded'),
      method: 'POST',
      body: new URLSearchParams({ period: 'last-12-months', key: `bench_${runId}_${String(n).padStart(9, '0')}`, _csrf: t!.csrf }).toString(),
    }),
  },
];

function signedIn(tenant: BenchTenant | null, path: string, contentType?: string): RawRequest {
  const headers: Record<string, string> = { cookie: tenant!.cookie };
  if (contentType) headers['content-type'] = contentType;
  return { method: 'GET', path, headers };
}

export interface RunOptions {
  url: string;
  tenants: BenchTenant[];
  connections: number;
  duration: number;
  warmup: number;
  only: string[] | null;
}

/** Drives one route: a short warm-up, then the measured run, tenants taken in turn. */
/** Counts every request this process sends, so no statement key is ever sent twice (a repeat would be answered from the first). */
let sent = 0;

async function drive(route: Route, o: RunOptions, seconds: number): Promise<RouteResult> {
  const run = autocannon({
    url: o.url,
    connections: o.connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const n = sent++;
          const next = route.request(o.tenants[n % o.tenants.length], n);
          return { ...request, ...next, headers: { ...(request.headers ?? {}), ...(next.headers ?? {}) } };
        },
      },
    ],
  });
  // Each expected answer's time, to the microsecond: autocannon's own percentiles are whole
  // milliseconds, so a page at 2.4 ms against 2.6 ms read as 2 against 3, "+50 %".
  const times: number[] = [];
  run.on('response', (_client, status, _bytes, ms) => {
    if (status === route.expect) times.push(ms);
  });
  const result = await run;
  const answered = Object.entries(result.statusCodeStats ?? {});
  const unexpected = answered.filter(([status]) => Number(status) !== route.expect).reduce((sum, [, s]) => sum + Number(s.count), 0) + result.errors;
  times.sort((a, b) => a - b);
  return {
    name: route.name,
    rps: result.requests.average,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    mean: times.length ? times.reduce((sum, t) => sum + t, 0) / times.length : 0,
    requests: answered.reduce((sum, [, s]) => sum + Number(s.count), 0),
    unexpected,
  };
}

/** The value below which `fraction` of the sorted times fall (nearest rank), to a tenth of a millisecond. */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
  return Math.round(value * 10) / 10;
}

/** The routes to run, in order; the statement route goes last so the PDFs it stores cannot weigh on the others. */
export function selectRoutes(only: string[] | null): Route[] {
  return ROUTES.filter((route, i) => i === 0 || !only || only.some((name) => route.name.startsWith(name)));
}

/** One route: a short warm-up, then the measured run. */
export async function measure(route: Route, o: RunOptions): Promise<RouteResult> {
  if (o.warmup > 0) await drive(route, o, o.warmup);
  return drive(route, o, o.duration);
}

export const describeResult = (r: RouteResult) => `${r.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.unexpected ? `, ${r.unexpected} unexpected answers` : ''}`;

/** Every selected route, `repeat` times in a row; the run with the median p50 is kept. */
export async function runRoutes(o: RunOptions & { repeat: number }, log: (line: string) => void): Promise<RouteResult[]> {
  const results: RouteResult[] = [];
  for (const route of selectRoutes(o.only)) {
    const runs: RouteResult[] = [];
    for (let i = 0; i < o.repeat; i++) runs.push(await measure(route, o));
    const r = median(runs);
    log(`  ${describeResult(r)}${o.repeat > 1 ? ` (p50 of ${o.repeat} runs: ${runs.map((x) => x.p50.toFixed(1)).join(', ')} ms; p99: ${runs.map((x) => x.p99.toFixed(1)).join(', ')} ms)` : ''}`);
    results.push(r);
  }
  return results;
}

/** The run with the middle p50 of several, so one disturbed run on a shared machine does not decide. */
export function median(runs: RouteResult[]): RouteResult {
  const sorted = [...runs].sort((a, b) => a.p50 - b.p50 || a.mean - b.mean);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function resultsTable(results: RouteResult[]): string {
  const bare = results[0].rps;
  const lines = ['| Route | req/s | × bare | p50 ms | p99 ms | mean ms | unexpected |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of results) {
    lines.push(`| ${r.name} | ${r.rps.toFixed(0)} | ${(r.rps / bare).toFixed(2)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.mean.toFixed(1)} | ${r.unexpected} |`);
  }
  return lines.join('\n');
}

/** The issue's targets, each with whether this run met it. */
export function targets(results: RouteResult[]): string[] {
  const bare = results[0].rps;
  const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix));
  // The statement is a PDF download with a target of its own (p50 ≤ 150 ms); "every page" is the HTML pages.
  const pages = results.slice(1).filter((r) => !r.name.startsWith('statement'));
  const mark = (ok: boolean) => (ok ? 'met    ' : 'NOT met');
  const dashboard = byName('dashboard');
  const statement = byName('statement');
  const lines: string[] = [];
  if (dashboard) lines.push(`${mark(dashboard.rps / bare >= 0.25)} dashboard ≥ 0.25 of the bare route: ${(dashboard.rps / bare).toFixed(2)}`);
  if (pages.length) {
    const slowest = pages.reduce((a, b) => (b.p99 > a.p99 ? b : a));
    lines.push(`${mark(slowest.p99 <= 50)} p99 ≤ 50 ms on every page (the HTML pages): worst ${slowest.p99} ms (${slowest.name})`);
  }
  if (statement) lines.push(`${mark(statement.p50 <= 150)} statement PDF p50 ≤ 150 ms: ${statement.p50} ms`);
  lines.push(`${mark(results.every((r) => r.unexpected === 0))} every answer as expected`);
  return lines;
}
