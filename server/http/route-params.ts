import { GRID_CODE } from '../grids/grids-contract.ts';
import { AppError, invalidParameter } from './app-error.ts';

/** The largest id an `integer` column holds; a larger one would make PostgreSQL fail, not miss. */
const INT4_MAX = 2 ** 31 - 1;

/** How a route answers a parameter that is not a well-formed id or code. */
interface ParamOptions {
  /** The parameter's name in the 400 (default `id`, or `code` for grid codes). */
  param?: string;
  /** The error to answer instead of a 400, for ids that name a thing the client asked for (a 404). */
  missing?: (raw: string) => AppError;
}

const badId = (raw: unknown, o: ParamOptions): AppError =>
  o.missing ? o.missing(String(raw).slice(0, 40)) : invalidParameter(o.param ?? 'id', '应为正整数', 'expected a positive integer');

/**
 * A positive integer id from a path parameter. `big` ids (bigint columns) stay decimal strings of
 * up to 18 digits; the others are numbers an `integer` column can hold.
 */
export function idParam(raw: unknown, options: ParamOptions & { big: true }): string;
export function idParam(raw: unknown, options?: ParamOptions): number;
export function idParam(raw: unknown, options: ParamOptions & { big?: boolean } = {}): number | string {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,17}$/.test(raw)) throw badId(raw, options);
  if (options.big) return raw;
  const id = Number(raw);
  if (id > INT4_MAX) throw badId(raw, options);
  return id;
}

/** A grid code from a path parameter; by default a malformed one is a cell that does not exist. */
export function gridCodeParam(raw: unknown, options: ParamOptions = {}): string {
  if (typeof raw === 'string' && GRID_CODE.test(raw)) return raw;
  if (options.missing || !options.param) {
    throw (options.missing ?? ((code: string) => new AppError(404, 'grid_not_found', { code })))(String(raw).slice(0, 40));
  }
  throw invalidParameter(
    options.param,
    '网格编码应为 12 位行政区划代码加若干组 3 位数字',
    'a grid code is a 12-digit division code followed by groups of 3 digits',
  );
}
