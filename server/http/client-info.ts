import type { Request } from 'express';
import type { ClientInfo } from '../auth/sessions.ts';

/** The caller's address (as `trust proxy` resolves it) and user agent. */
export function clientInfo(req: Request): ClientInfo {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
}
