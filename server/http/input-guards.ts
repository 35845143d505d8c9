import type { RequestHandler } from 'express';
import { AppError, invalidParameter } from './app-error.ts';

/**
 * How deep a JSON body may nest. The deepest thing the API takes is a MultiPolygon inside a
 * request (about eight levels); walking a body nested thousands deep would overflow the stack.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether JSON text nests deeper than `max`: a linear scan of the bytes that skips strings, run before anything parses them. */
export function jsonNestsDeeper(bytes: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** A body parser's `verify`: refuses JSON nested deeper than the limit before it is parsed. */
export function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  if (jsonNestsDeeper(buf)) throw new AppError(400, 'json_too_deep', { max: MAX_JSON_DEPTH });
}

/** The first string (or key) holding a NUL character, as a field path; null when there is none. */
export function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : null;
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return here;
    const found = nulPath(inner, here);
    if (found) return found;
  }
  return null;
}

/** Refuses a NUL character anywhere in the path, query or parsed body: PostgreSQL cannot store one in text. */
export const refuseNulText: RequestHandler = (req, _res, next) => {
  const field = req.path.includes('\u0000') ? 'path' : (nulPath(req.query) ?? nulPath(req.body));
  if (field) throw nulRefused(field);
  next();
};

/** The 400 for a NUL character in a field (also for the fields of uploaded files). */
export const nulRefused = (field: string): AppError =>
  invalidParameter(field, '含有空字符（U+0000），无法保存', 'contains a NUL character (U+0000), which cannot be stored');

/** Refuses an uploaded file holding a NUL character, saying where (rows or features are counted from 1). */
export function refuseNulInFile(where: { zh: string; en: string } | null): void {
  if (where)
    throw invalidParameter(
      'file',
      `${where.zh}含有空字符（U+0000），无法保存`,
      `${where.en} contains a NUL character (U+0000), which cannot be stored`,
    );
}
