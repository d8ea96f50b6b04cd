import type { RepairStatus, WorkOrderStatus } from '../db/database.ts';

/** The statuses a seeded repair passes through to reach each status, in order. */
export const STATUS_PATHS: Record<RepairStatus, RepairStatus[]> = {
  reported: ['reported'],
  assigned: ['reported', 'assigned'],
  appointment_booked: ['reported', 'assigned', 'appointment_booked'],
  in_progress: ['reported', 'assigned', 'appointment_booked', 'in_progress'],
  on_hold: ['reported', 'assigned', 'on_hold'],
  completed: ['reported', 'assigned', 'appointment_booked', 'in_progress', 'completed'],
  cancelled: ['reported', 'cancelled'],
};

/** The state of a seeded repair's work order for each repair status; none before a contractor has it. */
export const WORK_ORDER_STATUS: Record<RepairStatus, WorkOrderStatus | null> = {
  reported: null,
  cancelled: null,
  assigned: 'issued',
  on_hold: 'issued',
  appointment_booked: 'appointment_booked',
  in_progress: 'in_progress',
  completed: 'completed',
};
