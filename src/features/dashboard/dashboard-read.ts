import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { jsonArrayFor, jsonList } from '../../db/json-arrays.ts';
import { reusableQuery, reusableQueryPerKey } from '../../db/reusable-query.ts';
import { auditOfPerson, toAuditRow, type AuditRow } from '../../lib/audit.ts';
import { communicationCounts, countsOf } from '../communications/communications.repository.ts';
import { agreementsQuery, latestTxnsOfAgreement, type TxnRow } from '../money/money-queries.ts';
import { toSummary, toTxn, type AgreementSummary, type SummaryRow, type Transaction } from '../money/money.repository.ts';
import { openRepairsCount } from '../repairs/repairs-queries.ts';

/**
 * Everything the dashboard and Recent activity show, in one read: the person's agreements, each
 * current one with its latest transactions; their communications counted; their open repairs
 * counted; their latest audit events. On PostgreSQL that is one round trip where it was five.
 * Each list is an index range read of at most `limit` rows (the transactions one per agreement).
 *
 * The limit is written into the SQL, one query for each limit, rather than sent as a value.
 * PostgreSQL guesses that a limit it cannot see keeps a tenth of the rows, so its plan for any
 * person looked dearer than a plan for the one at hand, and it planned this query afresh on
 * every visit (1.5 ms of the 2 ms it took) instead of keeping one plan.
 */
export const dashboardOfPerson = (db: Kysely<Database>, personId: number, limit: number) => dashboardQuery(limit)(db, personId);

const dashboardQuery = reusableQueryPerKey((limit: number) => reusableQuery((db, personId: number) => {
  const jsonArrayFrom = jsonArrayFor(db);
  return db.selectNoFrom((eb) => [
    jsonArrayFrom(
      agreementsQuery(db, personId).select((inner) =>
        // Former agreements' transactions are not recent activity.
        jsonArrayFrom(latestTxnsOfAgreement(db, limit).where(inner.ref('a.status'), '=', 'current')).as('recent'),
      ),
    ).as('agreements'),
    ...communicationCounts(eb, personId),
    openRepairsCount(eb, personId).as('open_repairs'),
    jsonArrayFrom(auditOfPerson(db, personId, sql.lit(limit))).as('audit'),
  ]);
}));

export interface DashboardData {
  /** Current first, then the most recent: the order of My Agreements. */
  agreements: AgreementSummary[];
  /** The latest transactions of each current agreement, in no particular order. */
  recent: Transaction[];
  comms: { total: number; unread: number };
  openRepairs: number;
  /** Newest first. */
  audit: AuditRow[];
}

type AgreementWithRecent = SummaryRow & { recent: TxnRow[] | string };

export async function readDashboard(db: Kysely<Database>, personId: number, limit: number): Promise<DashboardData> {
  const [row] = await dashboardOfPerson(db, personId, limit);
  // Neither engine promises that an aggregate keeps its subquery's order, so lists are put in order here.
  const agreementRows = jsonList<AgreementWithRecent>(row.agreements as AgreementWithRecent[] | string).sort(
    (a, b) => a.status.localeCompare(b.status) || b.start_date.localeCompare(a.start_date) || b.id - a.id,
  );
  return {
    agreements: agreementRows.map(toSummary),
    recent: agreementRows.flatMap((a) => jsonList(a.recent).map(toTxn)),
    comms: countsOf(row),
    openRepairs: Number(row.open_repairs),
    audit: jsonList(row.audit).sort((a, b) => b.id - a.id).map(toAuditRow),
  };
}
