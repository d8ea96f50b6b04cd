import type { RepairPriority, RepairStatus, WorkOrderStatus } from '../../db/database.ts';
import { FormErrors, parseDateInput, normaliseUkPhone, type FormBody } from '../../lib/forms.ts';
import { isKey, PRIORITY_LABELS, SLOT_LABELS, STATUS_LABELS, WORK_ORDER_STATUS_LABELS } from './repairs-triage.labels.ts';
import { OPEN_STATUSES, type QueueCursor, type QueueFilter, type RepairRecord, type WorkOrderInput, type WorkOrderRecord } from './repairs-triage.repository.ts';

export const MAX_NOTE = 2000;

/** A year ahead is as far as any repair or appointment is planned; a later date is a typing slip. */
function yearAhead(today: string): string {
  return `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
}

function text(value: string | undefined, field: string, rule: { missing?: string; label: string; max: number }, errors: FormErrors): string {
  const v = (value ?? '').trim();
  if (!v && rule.missing) errors.add(field, rule.missing);
  else if (v.length > rule.max) errors.add(field, `${rule.label} must be ${rule.max} characters or fewer`);
  return v;
}

/** The queue's filters and page cursor from the query string; anything but the offered choices is an error. */
export function parseQueueQuery(query: FormBody, errors: FormErrors): { filter: QueueFilter; after: QueueCursor | null } {
  const filter: QueueFilter = { status: null, priority: null, hazardOnly: query.damp === 'yes' };
  if (query.status) {
    if ((OPEN_STATUSES as readonly string[]).includes(query.status)) filter.status = query.status as RepairStatus;
    else errors.add('status', 'Choose a status from the list');
  }
  if (query.priority) {
    if (isKey(PRIORITY_LABELS, query.priority)) filter.priority = query.priority;
    else errors.add('priority', 'Choose a priority from the list');
  }
  let after: QueueCursor | null = null;
  if (query.after) {
    const m = /^([0-3])~(\d{4}-\d{2}-\d{2})~([1-9]\d{0,9})$/.exec(query.after);
    if (m) after = { rank: Number(m[1]), due: m[2], id: Number(m[3]) };
    else errors.add('after', 'This page link is not valid: start again from the first page', '#queue');
  }
  return { filter, after };
}

export function cursorParam(cursor: QueueCursor): string {
  return `${cursor.rank}~${cursor.due}~${cursor.id}`;
}

export function parseStatusForm(body: FormBody, repair: RepairRecord, errors: FormErrors): { from: RepairStatus; to: RepairStatus; message: string | null } {
  const from = isKey(STATUS_LABELS, body.current) ? body.current : repair.status;
  let to: RepairStatus = repair.status;
  if (!body.status) errors.add('status', 'Choose the repair’s new status');
  else if (!isKey(STATUS_LABELS, body.status)) errors.add('status', 'Choose a status from the list');
  else if (body.status === repair.status) errors.add('status', `The repair is already ${STATUS_LABELS[repair.status].toLowerCase()}: choose a different status, or add a note instead`);
  else to = body.status;
  const message = text(body.message, 'message', { label: 'Message to the tenant', max: MAX_NOTE }, errors);
  return { from, to, message: message || null };
}

export function parsePriorityForm(body: FormBody, repair: RepairRecord, today: string, errors: FormErrors): { priority: RepairPriority; targetDate: string } {
  let priority = repair.priority;
  if (!body.priority) errors.add('priority', 'Choose a priority');
  else if (!isKey(PRIORITY_LABELS, body.priority)) errors.add('priority', 'Choose a priority from the list');
  else priority = body.priority;
  const reported = repair.reportedAt.slice(0, 10);
  const targetDate = parseDateInput(
    body,
    {
      name: 'target',
      label: 'Target date',
      missing: 'Enter the target date',
      today,
      notBefore: { date: reported, message: 'Target date must be on or after the day the repair was reported' },
      notAfter: { date: yearAhead(today), message: 'Target date must be within a year from today' },
    },
    errors,
  );
  if (errors.empty && priority === repair.priority && targetDate === repair.targetDate) errors.add('priority', 'Change the priority or the target date, or go back to the repair');
  return { priority, targetDate: targetDate ?? repair.targetDate };
}

/** The appointment fields shared by a new work order and an update: a date and a slot, both or neither. */
function parseAppointment(body: FormBody, status: WorkOrderStatus | null, today: string, unchanged: string | null, errors: FormErrors): { appointmentDate: string | null; appointmentSlot: string | null } {
  const given = ['appointment-day', 'appointment-month', 'appointment-year'].some((k) => (body[k] ?? '').trim() !== '');
  // "none" is the form's explicit "no appointment" choice, so a booked slot can be taken off again.
  const slot = body.slot === 'none' ? '' : (body.slot ?? '');
  if (slot && !isKey(SLOT_LABELS, slot)) errors.add('slot', 'Choose morning, afternoon or all day');
  const needed = status === 'appointment_booked' || Boolean(slot);
  if (!given && !needed) return { appointmentDate: null, appointmentSlot: null };
  let date: string | null = null;
  if (!given) errors.add('appointment', 'Enter the appointment date', '#appointment-day');
  else date = parseDateInput(body, { name: 'appointment', label: 'Appointment date', missing: 'Enter the appointment date', today, notAfter: { date: yearAhead(today), message: 'Appointment date must be within a year from today' } }, errors);
  // A past appointment may stay on record while its work order is closed; a new one cannot be in the past.
  if (date && date < today && date !== unchanged) errors.add('appointment', 'Appointment date must be today or in the future', '#appointment-day');
  if (!slot) errors.add('slot', 'Choose the appointment slot: morning, afternoon or all day');
  return { appointmentDate: date, appointmentSlot: slot || null };
}

function parseWorkOrderStatus(body: FormBody, errors: FormErrors): WorkOrderStatus | null {
  if (!body.status) errors.add('status', 'Choose the work order’s status');
  else if (!isKey(WORK_ORDER_STATUS_LABELS, body.status)) errors.add('status', 'Choose a status from the list');
  else return body.status;
  return null;
}

export function parseWorkOrderForm(body: FormBody, repair: RepairRecord, today: string, errors: FormErrors): WorkOrderInput {
  const contractorName = text(body.contractorName, 'contractorName', { missing: 'Enter the contractor’s name', label: 'Contractor’s name', max: 100 }, errors);
  const rawPhone = (body.contractorPhone ?? '').trim();
  const contractorPhone = rawPhone ? normaliseUkPhone(rawPhone) : null;
  if (!rawPhone) errors.add('contractorPhone', 'Enter the contractor’s phone number');
  else if (!contractorPhone) errors.add('contractorPhone', 'Enter a UK phone number, like 01632 960 001 or 07700 900 982');
  const trade = text(body.trade, 'trade', { missing: 'Enter the trade, like Plumbing', label: 'Trade', max: 60 }, errors);
  const targetDate = parseDateInput(
    body,
    {
      name: 'target',
      label: 'Target date',
      missing: 'Enter the work order’s target date',
      today,
      notBefore: { date: repair.reportedAt.slice(0, 10), message: 'Target date must be on or after the day the repair was reported' },
      notAfter: { date: yearAhead(today), message: 'Target date must be within a year from today' },
    },
    errors,
  );
  const status = parseWorkOrderStatus(body, errors);
  const appointment = parseAppointment(body, status, today, null, errors);
  return { contractorName, contractorPhone: contractorPhone ?? '', trade, targetDate: targetDate ?? '', status: status ?? 'issued', ...appointment };
}

export function parseWorkOrderUpdate(body: FormBody, order: WorkOrderRecord, today: string, errors: FormErrors): Pick<WorkOrderInput, 'status' | 'appointmentDate' | 'appointmentSlot'> {
  const status = parseWorkOrderStatus(body, errors);
  const appointment = parseAppointment(body, status, today, order.appointmentDate, errors);
  if (errors.empty && status === order.status && appointment.appointmentDate === order.appointmentDate && appointment.appointmentSlot === order.appointmentSlot) {
    errors.add('status', 'Change the status or the appointment, or go back to the repair');
  }
  return { status: status ?? order.status, ...appointment };
}

export function parseNoteForm(body: FormBody, errors: FormErrors): { audience: 'tenant' | 'internal'; note: string } {
  const audience = body.audience === 'tenant' || body.audience === 'internal' ? body.audience : null;
  if (!audience) errors.add('audience', 'Choose who can see the note');
  const note = text(body.note, 'note', { missing: 'Enter a note', label: 'Note', max: MAX_NOTE }, errors);
  return { audience: audience ?? 'internal', note };
}
