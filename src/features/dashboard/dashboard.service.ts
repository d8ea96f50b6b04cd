import type { Deps } from '../../deps.ts';
import type { Tile } from '../../lib/tile.ts';
import { moneySummary, type BalanceNotice } from '../money/money-dashboard.ts';
import { repairTiles } from '../repairs/repairs.service.ts';
import { describeActivity, mergeActivity, type ActivityItem } from './activity.ts';
import { readDashboard } from './dashboard-read.ts';
import { KeptPerPerson } from '../../lib/kept-per-person.ts';

export interface DashboardView {
  tiles: Tile[];
  balances: BalanceNotice[];
  activity: ActivityItem[];
}

/** People whose dashboards a worker process keeps: a few kilobytes each. */
const KEPT_DASHBOARDS = 10_000;

export class DashboardService {
  /** The dashboard is the page every visit starts at; it is kept per person while their data is unchanged (ADR 13). */
  private readonly kept: KeptPerPerson<DashboardView>;

  constructor(private readonly deps: Deps) {
    this.kept = new KeptPerPerson(deps.config.keepPages ? KEPT_DASHBOARDS : 0);
  }

  async recentActivity(personId: number, limit: number): Promise<ActivityItem[]> {
    const data = await readDashboard(this.deps.db, personId, limit);
    const money = moneySummary(data.agreements, data.comms, data.recent, limit);
    return mergeActivity([describeActivity(data.audit), money.activity], limit);
  }

  /** `pagesVersion` is the person's page version read with the session, before anything else. */
  async dashboard(personId: number, pagesVersion: number): Promise<DashboardView> {
    return this.kept.get(personId, pagesVersion, () => this.workOut(personId));
  }

  /** A tile shows only when it has something to show; features add theirs as they arrive. */
  private async workOut(personId: number): Promise<DashboardView> {
    const data = await readDashboard(this.deps.db, personId, 5);
    const money = moneySummary(data.agreements, data.comms, data.recent, 5);
    const tiles: Tile[] = [...money.tiles, ...repairTiles(data.openRepairs), { href: '/profile', title: 'My Profile', body: 'Your details, contact details and security settings' }];
    return { tiles, balances: money.balances, activity: mergeActivity([describeActivity(data.audit), money.activity], 5) };
  }
}
