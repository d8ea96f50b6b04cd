import { FormErrors, formBody, type FormBody } from '../../lib/forms.ts';

export interface Emergency {
  id: string;
  label: string;
  hint?: string;
  /** What to do while waiting for us, shown with the emergency number. */
  meanwhile: string[];
}

export const EMERGENCIES: Emergency[] = [
  { id: 'gas', label: 'You can smell gas', meanwhile: [] },
  {
    id: 'heating',
    label: 'You have no heating or no hot water',
    meanwhile: ['Check your boiler’s pressure gauge and the display for a fault code.', 'If you have a prepayment meter, check it has credit.', 'Tell us if anyone at home is elderly, unwell or a young child.'],
  },
  {
    id: 'water',
    label: 'There is flooding or a leak that will not stop',
    meanwhile: ['Turn off the water at the stop tap (often under the kitchen sink).', 'If water is near electrics, switch the electricity off at the fuse box if it is safe to do so.', 'Move belongings away from the water.'],
  },
  {
    id: 'electrics',
    label: 'The electrics are dangerous',
    hint: 'Sparking, a burning smell, exposed wires, or no power at all',
    meanwhile: ['Do not touch anything that is sparking or wet.', 'If it is safe, switch the electricity off at the fuse box.'],
  },
  {
    id: 'security',
    label: 'A door or window will not lock',
    hint: 'So your home is not secure',
    meanwhile: ['If someone has broken in, call the police on 999 first.', 'Keep valuables out of sight.'],
  },
];

export const DAMP_QUESTIONS = [
  {
    name: 'extent',
    legend: 'How much damp or mould is there?',
    missing: 'Select how much damp or mould there is',
    options: [
      { id: 'small', label: 'A small patch', hint: 'Smaller than a sheet of A4 paper' },
      { id: 'large', label: 'A large area in one room' },
      { id: 'several', label: 'In more than one room' },
    ],
  },
  {
    name: 'duration',
    legend: 'How long has it been there?',
    missing: 'Select how long it has been there',
    options: [
      { id: 'weeks', label: 'Less than a month' },
      { id: 'months', label: 'Between 1 and 6 months' },
      { id: 'longer', label: 'More than 6 months' },
    ],
  },
  {
    name: 'health',
    legend: 'Is it affecting anyone’s health?',
    hint: 'For example, breathing problems, asthma or allergies that are worse at home',
    missing: 'Select if it is affecting anyone’s health',
    options: [
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
      { id: 'not-sure', label: 'Not sure' },
    ],
  },
] as const;

export const DAYS = [
  { id: 'monday', label: 'Monday' },
  { id: 'tuesday', label: 'Tuesday' },
  { id: 'wednesday', label: 'Wednesday' },
  { id: 'thursday', label: 'Thursday' },
  { id: 'friday', label: 'Friday' },
];
export const TIMES = [
  { id: 'morning', label: 'Morning', hint: '8am to 12pm' },
  { id: 'afternoon', label: 'Afternoon', hint: '12pm to 5pm' },
];

export const DESCRIPTION_MAX = 1000;
export const ACCESS_NOTES_MAX = 500;

export function parseDamp(body: FormBody, errors: FormErrors): { extent: string; duration: string; health: string } | null {
  const out: Record<string, string> = {};
  for (const q of DAMP_QUESTIONS) {
    const value = body[q.name] ?? '';
    if (!q.options.some((o) => o.id === value)) errors.add(q.name, value ? 'Select one of the options shown' : q.missing, `#${q.name}`);
    else out[q.name] = value;
  }
  return errors.empty ? { extent: out.extent, duration: out.duration, health: out.health } : null;
}

export function parseDescription(body: FormBody, errors: FormErrors): string | null {
  const text = (body.description ?? '').replace(/\r\n/g, '\n').trim();
  if (!text) errors.add('description', 'Describe the problem');
  else if (text.length < 5) errors.add('description', 'Tell us a little more about the problem');
  else if (text.length > DESCRIPTION_MAX) errors.add('description', `Description must be ${DESCRIPTION_MAX} characters or fewer`);
  return errors.empty ? text : null;
}

/** Checkboxes arrive as one value or an array; anything not offered is ignored rather than stored. */
function picked(value: unknown, allowed: Array<{ id: string }>): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return allowed.map((a) => a.id).filter((id) => list.includes(id));
}

export function parseAccess(rawBody: unknown, errors: FormErrors): { days: string[]; times: string[]; accessNotes: string } {
  const raw = (rawBody ?? {}) as Record<string, unknown>;
  const body = formBody(rawBody);
  const days = picked(raw.days, DAYS);
  const times = picked(raw.times, TIMES);
  const accessNotes = (body.accessNotes ?? '').replace(/\r\n/g, '\n').trim();
  if (days.length === 0) errors.add('days', 'Select at least one day that suits you', '#days');
  if (times.length === 0) errors.add('times', 'Select at least one time of day that suits you', '#times');
  if (accessNotes.length > ACCESS_NOTES_MAX) errors.add('accessNotes', `What the operative should know must be ${ACCESS_NOTES_MAX} characters or fewer`);
  return { days, times, accessNotes };
}
