import { parse } from 'cookie';
import type { Request, Response } from 'express';

/** Over TLS the cookie gets the `__Host-` prefix (Secure, path /, no domain); on plain HTTP (local use) it cannot. */
const SECURE_NAME = '__Host-gridline_sid';
const PLAIN_NAME = 'gridline_sid';

/**
 * The session token from a Cookie header, preferring the secure cookie. The `cookie` library reads
 * the header; a value it cannot decode (a stray `%`) is kept as sent, so it simply matches no
 * session: a malformed cookie is a request without one, never an error.
 */
export function sessionTokenFromCookieHeader(header: string | undefined): string | null {
  const cookies = parse(header ?? '');
  return cookies[SECURE_NAME] ?? cookies[PLAIN_NAME] ?? null;
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure over TLS, no Max-Age (the server decides expiry). */
export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(req.secure ? SECURE_NAME : PLAIN_NAME, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

/** Removes both possible session cookies. */
export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SECURE_NAME, { httpOnly: true, sameSite: 'strict', secure: true, path: '/' });
  res.clearCookie(PLAIN_NAME, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}
