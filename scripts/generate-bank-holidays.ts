/*
 * Writes src/lib/bank-holidays.json: the UK bank holidays of each nation, by the rules of the
 * Banking and Financial Dealings Act 1971 and the royal proclamations that moved or added days.
 * The result was checked by hand against the published lists for 2018–2026. Run again to extend
 * the years: `npx tsx scripts/generate-bank-holidays.ts`.
 */
import { writeFileSync } from 'node:fs';

type Division = 'england-and-wales' | 'scotland' | 'northern-ireland';
interface Holiday { date: string; title: string }

const FIRST = 2015;
const LAST = 2030;

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

function easterSunday(y: number): Date {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(y, month, day);
}
function firstMonday(y: number, m: number): Date {
  let d = utc(y, m, 1);
  while (d.getUTCDay() !== 1) d = addDays(d, 1);
  return d;
}
function lastMonday(y: number, m: number): Date {
  let d = addDays(utc(y, m + 1, 1), -1);
  while (d.getUTCDay() !== 1) d = addDays(d, -1);
  return d;
}
/** Fixed-date holidays falling at a weekend move to the next weekday not already taken. */
function withSubstitutes(days: Array<{ date: Date; title: string }>): Holiday[] {
  const taken = new Set<string>();
  const out: Holiday[] = [];
  for (const { date, title } of days) {
    let d = date;
    let substituted = false;
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6 || taken.has(iso(d))) {
      d = addDays(d, 1);
      substituted = true;
    }
    taken.add(iso(d));
    out.push({ date: iso(d), title: substituted ? `${title} (substitute day)` : title });
  }
  return out;
}

function year(y: number, division: Division): Holiday[] {
  const easter = easterSunday(y);
  const fixedStart = division === 'scotland'
    ? [{ date: utc(y, 1, 1), title: 'New Year’s Day' }, { date: utc(y, 1, 2), title: '2nd January' }]
    : [{ date: utc(y, 1, 1), title: 'New Year’s Day' }];
  const list: Holiday[] = [...withSubstitutes(fixedStart)];
  if (division === 'northern-ireland') list.push(...withSubstitutes([{ date: utc(y, 3, 17), title: 'St Patrick’s Day' }]));
  list.push({ date: iso(addDays(easter, -2)), title: 'Good Friday' });
  if (division !== 'scotland') list.push({ date: iso(addDays(easter, 1)), title: 'Easter Monday' });
  // 2020: the early May bank holiday moved to Friday 8 May for the 75th anniversary of VE Day.
  list.push({ date: y === 2020 ? '2020-05-08' : iso(firstMonday(y, 5)), title: 'Early May bank holiday' });
  if (y === 2023) list.push({ date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III' });
  // 2022: the spring bank holiday moved to Thursday 2 June, with Friday 3 June added, for the Platinum Jubilee.
  if (y === 2022) {
    list.push({ date: '2022-06-02', title: 'Spring bank holiday' });
    list.push({ date: '2022-06-03', title: 'Platinum Jubilee bank holiday' });
  } else {
    list.push({ date: iso(lastMonday(y, 5)), title: 'Spring bank holiday' });
  }
  if (division === 'northern-ireland') list.push(...withSubstitutes([{ date: utc(y, 7, 12), title: 'Battle of the Boyne (Orangemen’s Day)' }]));
  list.push({ date: iso(division === 'scotland' ? firstMonday(y, 8) : lastMonday(y, 8)), title: 'Summer bank holiday' });
  if (y === 2022) list.push({ date: '2022-09-19', title: 'Bank Holiday for the State Funeral of Queen Elizabeth II' });
  if (division === 'scotland') list.push(...withSubstitutes([{ date: utc(y, 11, 30), title: 'St Andrew’s Day' }]));
  list.push(...withSubstitutes([{ date: utc(y, 12, 25), title: 'Christmas Day' }, { date: utc(y, 12, 26), title: 'Boxing Day' }]));
  return list.sort((a, b) => a.date.localeCompare(b.date));
}

const divisions: Division[] = ['england-and-wales', 'scotland', 'northern-ireland'];
const data = Object.fromEntries(divisions.map((d) => {
  const events: Holiday[] = [];
  for (let y = FIRST; y <= LAST; y++) events.push(...year(y, d));
  return [d, { division: d, events }];
}));
writeFileSync(new URL('../src/lib/bank-holidays.json', import.meta.url), JSON.stringify(data, null, 1) + '\n');
console.log(`Wrote ${divisions.length} divisions, ${FIRST}–${LAST}.`);
