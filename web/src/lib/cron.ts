import cronstrue from "cronstrue";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

interface Field {
  min: number;
  max: number;
  names?: string[];
  nameBase?: number;
}

const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 7, names: DAYS, nameBase: 0 },
];
const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"];

export interface ParsedCron {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

function value(text: string, field: Field, label: string): number {
  const lower = text.toLowerCase();
  const named = field.names?.indexOf(lower) ?? -1;
  const number = named >= 0 ? named + (field.nameBase ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(number) || number < field.min || number > field.max) {
    throw new Error(`${label}: "${text}" is not between ${field.min} and ${field.max}`);
  }
  return number;
}

function parseField(text: string, field: Field, label: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const [range = "", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`${label}: bad step "${stepText}"`);
    let low: number;
    let high: number;
    if (range === "*") {
      low = field.min;
      high = field.max;
    } else if (range.includes("-")) {
      const [a = "", b = ""] = range.split("-");
      low = value(a, field, label);
      high = value(b, field, label);
      if (low > high) throw new Error(`${label}: range "${range}" goes backwards`);
    } else {
      low = value(range, field, label);
      high = stepText === undefined ? low : field.max;
    }
    for (let n = low; n <= high; n += step) out.add(n);
  }
  return out;
}

/** Parse a 5-field cron expression (minute hour day-of-month month day-of-week); throws with the bad field. */
export function parseCron(expression: string): ParsedCron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`A schedule has 5 fields (minute hour day month weekday); got ${parts.length}`);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i] as Field, FIELD_NAMES[i] as string));
  const weekdays = sets[4] as Set<number>;
  if (weekdays.has(7)) weekdays.add(0);
  return {
    minutes: sets[0] as Set<number>,
    hours: sets[1] as Set<number>,
    days: sets[2] as Set<number>,
    months: sets[3] as Set<number>,
    weekdays,
    daysRestricted: parts[2] !== "*",
    weekdaysRestricted: parts[4] !== "*",
  };
}

function dayMatches(cron: ParsedCron, date: Date): boolean {
  if (!cron.months.has(date.getMonth() + 1)) return false;
  const byDay = cron.days.has(date.getDate());
  const byWeekday = cron.weekdays.has(date.getDay());
  if (cron.daysRestricted && cron.weekdaysRestricted) return byDay || byWeekday; // cron's OR rule
  if (cron.daysRestricted) return byDay;
  if (cron.weekdaysRestricted) return byWeekday;
  return true;
}

/** The next `count` times (local time, like the backend's scheduler) strictly after `from`. */
export function nextRuns(expression: string, from: Date, count = 3): Date[] {
  const cron = parseCron(expression);
  const hours = [...cron.hours].sort((a, b) => a - b);
  const minutes = [...cron.minutes].sort((a, b) => a - b);
  const out: Date[] = [];
  const day = new Date(from.getFullYear(), from.getMonth(), from.getDate());
  for (let i = 0; i < 366 * 8 && out.length < count; i += 1) {
    if (dayMatches(cron, day)) {
      for (const hour of hours) {
        for (const minute of minutes) {
          const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), hour, minute);
          if (at.getHours() !== hour || at.getMinutes() !== minute) continue; // skipped by a DST change
          if (at > from && out.length < count) out.push(at);
        }
      }
    }
    day.setDate(day.getDate() + 1);
  }
  return out;
}

/** The schedule in words, or the parse error. */
export function describeCron(expression: string): { ok: true; text: string } | { ok: false; error: string } {
  try {
    parseCron(expression);
    return { ok: true, text: cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false }) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
