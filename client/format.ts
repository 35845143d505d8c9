/** Formats a count for the wall: grouped digits, '—' when unknown. */
export function formatCount(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 1 }).format(value);
}

/** The name of a level in the UI language, from the configured level row. */
export function levelName(level: { nameZh: string; nameEn: string } | undefined, locale: string): string {
  if (!level) return '';
  return locale === 'en' ? level.nameEn : level.nameZh;
}
