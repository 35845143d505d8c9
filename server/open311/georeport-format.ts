/**
 * GeoReport v2 answers in JSON or XML, as the spec defines: JSON is an array of objects; XML wraps
 * the same fields in a root element and one element per item (services/service,
 * service_requests/request, errors/error). Pure, so both forms are tested without a server.
 */
export type Format = 'json' | 'xml';

type Value = string | number | boolean | null | undefined | Date | readonly Record<string, unknown>[];

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** XML 1.0 forbids most control characters even escaped; drop them rather than emit a broken document. */
function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return escapeXml(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));
}

function field(name: string, value: Value, itemNames: Record<string, string>): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${name}/>`;
    const item = itemNames[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v, itemNames)).join('')}</${name}>`;
  }
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `<${name}>${xmlSafe(text)}</${name}>`;
}

function element(name: string, obj: Record<string, unknown>, itemNames: Record<string, string>): string {
  return `<${name}>${Object.entries(obj)
    .map(([k, v]) => field(k, v as Value, itemNames))
    .join('')}</${name}>`;
}

/** The XML document of a list: `<root><item>…</item>…</root>`; nested lists use `itemNames` (e.g. attributes → attribute). */
export function toXml(
  root: string,
  item: string,
  rows: readonly Record<string, unknown>[],
  itemNames: Record<string, string> = {},
): string {
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${rows.map((r) => element(item, r, itemNames)).join('')}</${root}>`;
}

/** The XML document of one object (the service definition). */
export function objectToXml(root: string, obj: Record<string, unknown>, itemNames: Record<string, string> = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, obj, itemNames)}`;
}

/** A GeoReport error list, in the chosen format. */
export function errorBody(format: Format, code: number, description: string): { type: string; body: string } {
  const rows = [{ code, description }];
  return format === 'xml'
    ? { type: 'application/xml; charset=utf-8', body: toXml('errors', 'error', rows) }
    : { type: 'application/json; charset=utf-8', body: JSON.stringify(rows) };
}

/** Dates as the spec wants them: W3C/ISO 8601 with offset. */
export function w3c(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
