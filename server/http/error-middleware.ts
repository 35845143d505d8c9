import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from './app-error.ts';
import { errorMessage, pickLanguage } from './error-messages.ts';

/** Unknown API routes answer a JSON 404 that names the route. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'route_not_found', { method: req.method, path: req.path }));
};

/** Turns every error into `{ error: { code, message, param? } }`; only 5xx are logged. */
export const errorMiddleware: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  let appError: AppError;
  if (err instanceof AppError) appError = err;
  else if (isBodyParserError(err, 'entity.too.large')) {
    const limit = (err as { limit?: number }).limit;
    appError = new AppError(413, 'body_too_large', limit ? { limitMb: Math.round((limit / 2 ** 20) * 10) / 10 } : {});
  } else if (isBodyParserError(err, 'entity.parse.failed')) appError = new AppError(400, 'invalid_json');
  else if (isBodyParserError(err, 'charset.unsupported') || isBodyParserError(err, 'encoding.unsupported')) {
    const e = err as { charset?: string; encoding?: string };
    appError = new AppError(415, 'unsupported_body_encoding', { name: String(e.charset ?? e.encoding ?? '') });
  } else if (isClientBodyError(err)) appError = new AppError(400, 'unreadable_body');
  else {
    // Message and stack only: a database error's detail can quote the row it refused (a name, an ID number).
    const e = err as { message?: unknown; code?: unknown; stack?: unknown };
    console.error(`[http] ${req.method} ${req.path} failed:`, e?.code ?? '', e?.stack ?? e?.message ?? String(err));
    appError = new AppError(500, 'internal');
  }
  const language = pickLanguage(req.headers['accept-language']);
  res.set(appError.headers);
  res.status(appError.status).json({
    error: {
      code: appError.code,
      message: errorMessage(appError.code, language, appError.detail),
      ...(appError.param ? { param: appError.param } : {}),
    },
    ...appError.extra,
  });
};

function isBodyParserError(err: unknown, type: string): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === type;
}

/** Any other body-parser refusal (aborted upload, wrong length, too many fields) is the client's, never a 500. */
function isClientBodyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { type?: unknown; status?: unknown; expose?: unknown };
  return typeof e.type === 'string' && e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}
