import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { dateParts, formBody } from '../../lib/forms.ts';
import { formatBalance, formatPence } from '../../lib/money.ts';
import { requireTenant } from '../../plugins/auth.ts';
import { parseRangeFilter } from './money.schemas.ts';
import { MoneyService, PRINT_LIMIT, toRow, type AgreementSummary, type Range } from './money.service.ts';
import { statementRoutes } from './statement.routes.ts';

type RefParams = { reference: string };

/** My Agreements, the rent account, My Balance and Ways to Pay. */
export async function moneyRoutes(app: FastifyInstance, opts: { deps: Deps }): Promise<void> {
  const { deps } = opts;
  const money = new MoneyService(deps);
  app.addHook('preHandler', requireTenant);

  const own = (request: FastifyRequest) => money.agreement(request.account!.personId, (request.params as RefParams).reference);
  const base = (a: AgreementSummary) => `/agreements/${encodeURIComponent(a.reference)}`;

  // Menu items name no agreement: they open the current one (or the latest, for a former tenant).
  const shortcut = (suffix: string, title: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const primary = await money.primary(request.account!.personId);
    if (!primary) return reply.page('money/views/no-agreements.njk', { title });
    return reply.redirect(`${base(primary)}${suffix}`, 303);
  };
  app.get('/balance', shortcut('/transactions', 'My Balance'));
  app.get('/ways-to-pay', shortcut('/ways-to-pay', 'Ways to Pay'));
  app.get('/statement', shortcut('/statement', 'Download a Statement'));

  app.get('/agreements', async (request, reply) => {
    const agreements = await money.agreements(request.account!.personId);
    return reply.page('money/views/agreements.njk', {
      title: 'My Agreements',
      agreements: agreements.map((a) => ({ ...a, href: base(a), balanceWords: money.balanceWords(a) })),
    });
  });

  app.get<{ Params: RefParams }>('/agreements/:reference', async (request, reply) => {
    const { agreement, breakdown } = await money.rentAccount(request.account!, request.params.reference);
    return reply.page('money/views/rent-account.njk', {
      title: 'Your rent account details',
      backLink: '/agreements',
      agreement,
      href: base(agreement),
      balanceWords: money.balanceWords(agreement),
      breakdown,
    });
  });

  const filterOf = (request: FastifyRequest) => {
    const query = formBody(request.query);
    const { range, errors } = parseRangeFilter(query, money.today());
    const filterQuery = errors.empty ? rangeQuery(range) : '';
    return { query, range, errors, filterQuery };
  };

  app.get<{ Params: RefParams }>('/agreements/:reference/transactions', async (request, reply) => {
    const f = filterOf(request);
    const model = (agreement: AgreementSummary) => ({
      title: 'My Balance',
      backLink: base(agreement),
      agreement,
      href: base(agreement),
      balanceWords: money.balanceWords(agreement),
      values: { ...f.query },
      filtered: Boolean(f.range.from || f.range.to),
      printHref: `${base(agreement)}/transactions/print${f.filterQuery ? `?${f.filterQuery}` : ''}`,
    });
    if (!f.errors.empty) return reply.code(400).page('money/views/transactions.njk', { ...model(await own(request)), errors: f.errors.view(), page: null });
    const { agreement, page } = await money.transactionsPage(request.account!, request.params.reference, f.range, request.query as Record<string, unknown>);
    const link = (cursor: string | null) => (cursor ? `${base(agreement)}/transactions?${[f.filterQuery, cursor].filter(Boolean).join('&')}` : null);
    return reply.page('money/views/transactions.njk', { ...model(agreement), page: { rows: page.rows, newer: link(page.newer), older: link(page.older) } });
  });

  app.get<{ Params: RefParams }>('/agreements/:reference/transactions/print', async (request, reply) => {
    const agreement = await own(request);
    const f = filterOf(request);
    if (!f.errors.empty) return reply.redirect(`${base(agreement)}/transactions?${new URLSearchParams(f.query).toString()}`, 303);
    const period = await money.period(agreement, f.range, PRINT_LIMIT);
    return reply.page('money/views/transactions-print.njk', {
      title: `Rent account ${agreement.reference}`,
      sideNav: null,
      wide: true,
      backLink: `${base(agreement)}/transactions${f.filterQuery ? `?${f.filterQuery}` : ''}`,
      agreement,
      range: f.range,
      opening: formatBalance(period.opening),
      closing: formatBalance(period.closing),
      truncated: period.truncated,
      printLimit: PRINT_LIMIT,
      rows: period.items.map(toRow),
    });
  });

  app.get<{ Params: RefParams }>('/agreements/:reference/ways-to-pay', async (request, reply) => {
    const agreement = await own(request);
    const methods = deps.config.landlord.waysToPay.map((m) => ({
      title: m.title,
      text: m.text.replaceAll('{reference}', agreement.reference),
      details: m.details.map((d) => ({ key: { text: d.label }, value: { text: d.value.replaceAll('{reference}', agreement.reference) } })),
    }));
    const account = agreement.account;
    return reply.page('money/views/ways-to-pay.njk', {
      title: 'Ways to Pay',
      backLink: base(agreement),
      agreement,
      balanceWords: money.balanceWords(agreement),
      methods,
      lastPayment: account?.lastPaymentDate ? { date: account.lastPaymentDate, amount: formatPence(account.lastPaymentPence ?? 0) } : null,
    });
  });

  await app.register(statementRoutes, { deps, money });
}

/** The filter as a query string for page links, so paging keeps the filter. */
function rangeQuery(range: Range): string {
  const params = new URLSearchParams({ ...dateParts('from', range.from), ...dateParts('to', range.to) });
  return params.toString();
}
