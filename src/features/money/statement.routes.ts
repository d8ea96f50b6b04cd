import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { formBody, keepValues, type FormBody } from '../../lib/forms.ts';
import { randomToken } from '../../lib/tokens.ts';
import { PERIOD_LABELS, PERIODS, parseStatementRequest, periodRange } from './money.schemas.ts';
import type { AgreementSummary, MoneyService } from './money.service.ts';
import { STATEMENT_LIMIT, StatementService } from './statement.service.ts';
import { longDateText } from '../../lib/date-text.ts';

type RefParams = { reference: string };

/** Download a Statement: choose a period, get a PDF that is also kept in My Communications. */
export async function statementRoutes(app: FastifyInstance, opts: { deps: Deps; money: MoneyService }): Promise<void> {
  const { deps, money } = opts;
  const statements = new StatementService(deps, money);
  const own = (request: FastifyRequest) => money.agreement(request.account!.personId, (request.params as RefParams).reference);

  const model = (agreement: AgreementSummary, values: FormBody) => {
    const today = money.today();
    return {
      title: 'Download a Statement',
      backLink: `/agreements/${encodeURIComponent(agreement.reference)}`,
      agreement,
      action: `/agreements/${encodeURIComponent(agreement.reference)}/statement`,
      values,
      periods: PERIODS.filter((p) => p !== 'custom').map((p) => {
        const r = periodRange(p, today);
        return { value: p, text: PERIOD_LABELS[p], hint: `${longDateText(r.from)} to ${longDateText(r.to)}` };
      }),
      customLabel: PERIOD_LABELS.custom,
    };
  };

  app.get<{ Params: RefParams }>('/agreements/:reference/statement', async (request, reply) => {
    const agreement = await own(request);
    return reply.page('money/views/statement.njk', model(agreement, { key: randomToken() }));
  });

  app.post<{ Params: RefParams }>('/agreements/:reference/statement', async (request, reply) => {
    const agreement = await own(request);
    const body = formBody(request.body);
    const { range, errors } = parseStatementRequest(body, money.today());
    // A fresh key when the form came without one, so the page can still be sent again safely.
    const values = { ...keepValues(body), key: /^[A-Za-z0-9_-]{16,64}$/.test(body.key ?? '') ? body.key : randomToken() };
    if (!errors.empty || !range) return reply.code(400).page('money/views/statement.njk', { ...model(agreement, values), errors: errors.view() });

    const account = request.account!;
    const name = [account.title, account.forenames, account.surname].filter(Boolean).join(' ');
    const result = await statements.create(account.personId, name, agreement, range, values.key);
    if (!result.ok) {
      errors.add('period', `This period has more than ${STATEMENT_LIMIT.toLocaleString('en-GB')} transactions. Choose a shorter period`);
      return reply.code(400).page('money/views/statement.njk', { ...model(agreement, values), errors: errors.view() });
    }
    request.session.set('flash', 'Your statement is ready. We have also kept it in My Communications.');
    return reply.redirect(`/communications/${result.communicationId}`, 303);
  });
}
