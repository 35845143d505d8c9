/** Option keys whose numbers are pixels in ECharts: text, bars, legend marks, grid margins, label widths. */
const PIXEL_KEYS = new Set([
  'fontSize',
  'lineHeight',
  'barWidth',
  'barMaxWidth',
  'itemWidth',
  'itemHeight',
  'itemGap',
  'symbolSize',
  'width',
  'left',
  'right',
  'top',
  'bottom',
  'padding',
  'distance',
]);

/** The size ECharts gives text it is not told the size of. */
const ECHARTS_TEXT_PX = 12;

function scaled(value: unknown, k: number, key: string | null): unknown {
  if (typeof value === 'number') return key !== null && PIXEL_KEYS.has(key) ? value * k : value;
  if (Array.isArray(value))
    return key !== null && PIXEL_KEYS.has(key)
      ? value.map((v) => (typeof v === 'number' ? v * k : v))
      : value.map((v) => scaled(v, k, null));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([kk, v]) => [kk, scaled(v, k, kk)]));
  return value;
}

/**
 * A chart option drawn for a 1920×1080 wall, at the display's scale `k`: every pixel size
 * multiplied (percentages and data untouched), and text left unsized set to the scaled default,
 * since ECharts draws on a canvas that CSS sizes do not reach.
 */
export function scaleChartOption<T extends object>(option: T, k: number): T {
  const out = scaled(option, k, null) as T & { textStyle?: object };
  return { ...out, textStyle: { fontSize: ECHARTS_TEXT_PX * k, ...out.textStyle } };
}
