import type { Deps } from '../../deps.ts';
import { recentAuditForPerson } from '../../lib/audit.ts';
import { MoneyDashboardService, type BalanceNotice } from '../money/money-dashboard.service.ts';
import { repairTiles } from '../repairs/repairs.service.ts';
import { describeActivity, mergeActivity, type ActivityItem } from './activity.ts';

export interface Tile {
  href: string;
  title: string;
  body: string;
}

export interface DashboardView {
  tiles: Tile[];
  balances: BalanceNotice[];
  activity: ActivityItem[];
}

export class DashboardService {
  constructor(private readonly deps: Deps) {}

  async recentActivity(personId: number, limit: number): Promise<ActivityItem[]> {
    const [money, audit] = await Promise.all([new MoneyDashboardService(this.deps).summary(personId, limit), recentAuditForPerson(this.deps.db, personId, limit)]);
    return mergeActivity([describeActivity(audit), money.activity], limit);
  }

  /** A tile shows only when it has something to show; features add theirs as they arrive. */
  async dashboard(personId: number): Promise<DashboardView> {
    // Each part reads on its own; together they cost one round trip's wait instead of several.
    const [money, repairs, auditRows] = await Promise.all([
      new MoneyDashboardService(this.deps).summary(personId, 5),
      repairTiles(this.deps, personId),
      recentAuditForPerson(this.deps.db, personId, 5),
    ]);
    const tiles: Tile[] = [...money.tiles, ...repairs, { href: '/profile', title: 'My Profile', body: 'Your details, contact details and security settings' }];
    return { tiles, balances: money.balances, activity: mergeActivity([describeActivity(auditRows), money.activity], 5) };
  }
}
