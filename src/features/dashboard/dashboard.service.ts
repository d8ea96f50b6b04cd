import type { Deps } from '../../deps.ts';
import type { Tile } from '../../lib/tile.ts';
import { moneySummary, type BalanceNotice } from '../money/money-dashboard.ts';
import { repairTiles } from '../repairs/repairs.service.ts';
import { describeActivity, mergeActivity, type ActivityItem } from './activity.ts';
import { readDashboard } from './dashboard-read.ts';

export interface DashboardView {
  tiles: Tile[];
  balances: BalanceNotice[];
  activity: ActivityItem[];
}

export class DashboardService {
  constructor(private readonly deps: Deps) {}

  async recentActivity(personId: number, limit: number): Promise<ActivityItem[]> {
    const data = await readDashboard(this.deps.db, personId, limit);
    const money = moneySummary(data.agreements, data.comms, data.recent, limit);
    return mergeActivity([describeActivity(data.audit), money.activity], limit);
  }

  /** A tile shows only when it has something to show; features add theirs as they arrive. */
  async dashboard(personId: number): Promise<DashboardView> {
    const data = await readDashboard(this.deps.db, personId, 5);
    const money = moneySummary(data.agreements, data.comms, data.recent, 5);
    const tiles: Tile[] = [...money.tiles, ...repairTiles(data.openRepairs), { href: '/profile', title: 'My Profile', body: 'Your details, contact details and security settings' }];
    return { tiles, balances: money.balances, activity: mergeActivity([describeActivity(data.audit), money.activity], 5) };
  }
}
