import type { Request, Response } from 'express';

/** Over TLS the cookie gets the `__Host-` prefix (Secure, path /, no domain); on plain HTTP (local use) it cannot. */
const SECURE_NAME = '__Host-gridline_sid';
const PLAIN_NAME = 'gridline_sid';

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

/** The session token from a Cookie header, preferring the secure cookie. */
export function sessionTokenFromCookieHeader(header: string | undefined): string | null {
  const cookies = parseCookies(header);
  return cookies.get(SECURE_NAME) ?? cookies.get(PLAIN_NAME) ?? null;
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
