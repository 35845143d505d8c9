/** A unit a duration is read in on the wall. */
export type DurationUnit = 'day' | 'hour' | 'minute';

/** One number with its unit: "17" "小时". */
export interface DurationPart {
  value: number;
  unit: DurationUnit;
}

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 1440;

/**
 * A span of minutes as at most two parts a person reads at a glance, rounded to the minute:
 * "45 分", "17 小时 18 分", "2 天 3 小时" — never "1,038.7 分钟". Empty when unknown.
 */
export function durationParts(minutes: number | null | undefined): DurationPart[] {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes) || minutes < 0) return [];
  const total = Math.round(minutes);
  if (total < MINUTES_PER_HOUR) return [{ value: total, unit: 'minute' }];
  if (total < MINUTES_PER_DAY) {
    const m = total % MINUTES_PER_HOUR;
    const h = (total - m) / MINUTES_PER_HOUR;
    return m === 0
      ? [{ value: h, unit: 'hour' }]
      : [
          { value: h, unit: 'hour' },
          { value: m, unit: 'minute' },
        ];
  }
  // Past a day the minutes are noise: days and whole hours, carrying a rounded-up 24 h into a day.
  let d = Math.floor(total / MINUTES_PER_DAY);
  let h = Math.round((total - d * MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  if (h === 24) {
    d += 1;
    h = 0;
  }
  return h === 0
    ? [{ value: d, unit: 'day' }]
    : [
        { value: d, unit: 'day' },
        { value: h, unit: 'hour' },
      ];
}

/** The parts joined with their unit words ("17 小时 18 分"); '—' when unknown. */
export function formatDuration(minutes: number | null | undefined, unitName: (unit: DurationUnit) => string): string {
  const parts = durationParts(minutes);
  if (parts.length === 0) return '—';
  return parts.map((p) => `${p.value} ${unitName(p.unit)}`).join(' ');
}
