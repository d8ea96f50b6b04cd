import { formatUkPhone } from '../../lib/forms.ts';
import type { RepairStatus } from '../../db/database.ts';
import type { Nation } from '../../lib/working-days.ts';
import { cursorParam } from './repairs-triage.forms.ts';
import { appointmentText, clockTag, PRIORITY_LABELS, SLOT_LABELS, STATUS_LABELS, WORK_ORDER_STATUS_LABELS } from './repairs-triage.labels.ts';
import { OPEN_STATUSES, type HistoryEntry, type InternalNote, type PhotoRecord, type QueueCursor, type QueueFilter, type QueueRow, type RepairRecord, type WorkOrderRecord } from './repairs-triage.repository.ts';
import { shortDateText } from '../../lib/date-text.ts';

const PRIORITY_COLOURS: Record<string, string> = { emergency: 'red', urgent: 'orange', routine: 'grey' };
const ACTORS: Record<string, string> = { tenant: 'Tenant', staff: 'Staff', contractor: 'Contractor', system: 'Housing system' };
const CHANNELS: Record<string, string> = { portal: 'Tenant portal', phone: 'Phone', staff: 'Staff', housing_system: 'Housing system' };
const HAZARDS: Record<string, string> = { damp_mould: 'Damp and mould', health_affected: 'Health affected by it' };
const LOCATIONS: Record<string, string> = { home: 'In the home', communal: 'Communal area', outside: 'Outside' };

/** "27 Nov 2026", kept on one line so the queue's narrow date columns stay readable. */
function shortDate(iso: string): string {
  return shortDateText(iso).replace(/ /g, '\u00a0');
}

function queueHref(filter: QueueFilter, after: QueueCursor | null): string {
  const q = new URLSearchParams();
  if (filter.status) q.set('status', filter.status);
  if (filter.priority) q.set('priority', filter.priority);
  if (filter.hazardOnly) q.set('damp', 'yes');
  if (after) q.set('after', cursorParam(after));
  const s = q.toString();
  return `/staff/repairs${s ? `?${s}` : ''}`;
}

export function queueView(page: { rows: QueueRow[]; next: QueueCursor | null; total: number; totalCapped: boolean }, filter: QueueFilter, paged: boolean, today: string, nation: Nation) {
  return {
    rows: page.rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      address: r.shortAddress,
      problem: `${r.area}: ${r.item} – ${r.problem}`,
      location: LOCATIONS[r.location] ?? r.location,
      priority: PRIORITY_LABELS[r.priority],
      priorityColour: PRIORITY_COLOURS[r.priority],
      hazard: r.hazard,
      status: STATUS_LABELS[r.status],
      reported: shortDate(r.reportedAt),
      targetDate: shortDate(r.targetDate),
      targetTag: clockTag(r.targetDate, today, nation),
      investigateBy: r.investigateBy ? shortDate(r.investigateBy) : null,
      investigateTag: clockTag(r.investigateBy, today, nation),
    })),
    total: page.total,
    totalText: `${page.totalCapped ? 'More than ' : ''}${page.total.toLocaleString('en-GB')} open repair${page.total === 1 && !page.totalCapped ? '' : 's'}`,
    filtered: Boolean(filter.status || filter.priority || filter.hazardOnly),
    nextHref: page.next ? queueHref(filter, page.next) : null,
    firstHref: paged ? queueHref(filter, null) : null,
    statusItems: [{ value: '', text: 'Any open status' }, ...OPEN_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], selected: filter.status === s }))],
    priorityItems: [{ value: '', text: 'Any priority' }, ...Object.entries(PRIORITY_LABELS).map(([value, text]) => ({ value, text, selected: filter.priority === value }))],
    hazardOnly: filter.hazardOnly,
  };
}

function parseJson(value: string | null): unknown {
  if (!value) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

/** "damp_mould" or "affectedRooms" read as words. */
function words(key: string): string {
  const s = key.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function answerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(answerText).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (value === null || value === undefined || value === '') return 'Not given';
  if (typeof value === 'object') return JSON.stringify(value);
  return words(String(value));
}

function availabilityText(raw: string): string {
  const a = parseJson(raw) as { days?: unknown; times?: unknown } | null;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string').map((x) => words(x)) : []);
  const days = list(a?.days);
  const times = list(a?.times);
  if (!days.length && !times.length) return 'Not given';
  return [days.length ? `Days: ${days.join(', ')}` : null, times.length ? `Times: ${times.join(', ')}` : null].filter(Boolean).join('. ');
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function repairView(repair: RepairRecord, related: { history: HistoryEntry[]; workOrders: WorkOrderRecord[]; photos: PhotoRecord[]; notes: InternalNote[] }, today: string, nation: Nation) {
  const open = !repair.completedAt && !repair.cancelledAt;
  const flags = parseJson(repair.hazardFlags);
  const damp = parseJson(repair.dampDetails);
  return {
    repair,
    open,
    problem: `${repair.area}: ${repair.item} – ${repair.problem}`,
    location: LOCATIONS[repair.location] ?? repair.location,
    channel: CHANNELS[repair.channel] ?? repair.channel,
    priority: PRIORITY_LABELS[repair.priority],
    priorityColour: PRIORITY_COLOURS[repair.priority],
    status: STATUS_LABELS[repair.status],
    targetTag: open ? clockTag(repair.targetDate, today, nation) : null,
    investigateTag: open ? clockTag(repair.investigateBy, today, nation) : null,
    hazards: Array.isArray(flags) ? flags.map((f) => HAZARDS[String(f)] ?? words(String(f))) : [],
    dampAnswers: damp && typeof damp === 'object' && !Array.isArray(damp) ? Object.entries(damp).map(([k, v]) => ({ key: words(k), value: answerText(v) })) : [],
    availability: availabilityText(repair.availability),
    contacts: repair.contacts.map((c) => ({ method: words(c.method), value: c.value })),
    photos: related.photos.map((p, i) => ({ id: p.id, text: `Photo ${i + 1}`, detail: `${p.contentType.replace('image/', '').toUpperCase()}, ${p.width} × ${p.height}, ${sizeText(p.sizeBytes)}` })),
    history: related.history.map((h) => ({ status: STATUS_LABELS[h.status] ?? h.status, note: h.note, by: ACTORS[h.actorType] ?? h.actorType, at: h.at })),
    workOrders: related.workOrders.map((w) => ({ ...w, contractorPhone: formatUkPhone(w.contractorPhone), statusText: WORK_ORDER_STATUS_LABELS[w.status], appointment: appointmentText(w.appointmentDate, w.appointmentSlot) })),
    notes: related.notes,
  };
}

export function statusChoices(current: RepairStatus) {
  return (Object.keys(STATUS_LABELS) as RepairStatus[]).filter((s) => s !== current).map((value) => ({ value, text: STATUS_LABELS[value] }));
}

export function workOrderChoices() {
  return {
    statuses: Object.entries(WORK_ORDER_STATUS_LABELS).map(([value, text]) => ({ value, text })),
    slots: Object.entries(SLOT_LABELS).map(([value, text]) => ({ value, text })),
  };
}
