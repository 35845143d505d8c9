import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { can, type Action } from '../auth/permissions.ts';
import type { Viewer } from '../auth/scope.ts';
import { viewerForToken, type SessionConfig } from '../auth/sessions.ts';
import { safeEqual } from '../auth/tokens.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../db/db.ts';
import { AppError } from './app-error.ts';
import { clientInfo } from './client-info.ts';
import { sessionTokenFromCookieHeader } from './session-cookie.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user or wall display, when the session cookie is valid. */
    viewer?: Viewer;
  }
}

/** The header a same-origin client sends on sign-in, where no CSRF token exists yet (a simple cross-site form cannot set it). */
const CLIENT_HEADER = { name: 'x-requested-with', value: 'gridline' } as const;
/** The header carrying the session's CSRF token on state-changing requests. */
const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Loads the viewer from the session cookie on every request (so role or area changes apply at once). */
export function attachViewer(db: Db, config: SessionConfig): RequestHandler {
  return async (req, _res, next) => {
    const token = sessionTokenFromCookieHeader(req.headers.cookie);
    if (token) req.viewer = (await viewerForToken(db, token, config)) ?? undefined;
    next();
  };
}

/** The image types the photo route takes as a raw body (a photo of an incident). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** The spreadsheet types the register import takes as a raw body. */
export const SPREADSHEET_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  // What browsers on Windows with Excel installed call a .csv file.
  'application/vnd.ms-excel',
  'application/octet-stream',
];

/** The boundary file types the boundary import takes as a raw body (GeoJSON, zipped Shapefile, KML). */
export const BOUNDARY_FILE_TYPES = [
  'application/geo+json',
  'application/zip',
  'application/x-zip-compressed',
  'application/vnd.google-earth.kml+xml',
  'application/vnd.google-earth.kmz',
  'application/geopackage+sqlite3',
  'application/x-sqlite3',
  'application/xml',
  'text/xml',
  'application/octet-stream',
];

/** The upload routes and the raw body types each takes; every other state change is JSON. */
const UPLOADS: [RegExp, string[]][] = [
  [/^\/incidents\/[1-9][0-9]{0,17}\/photos$/, PHOTO_TYPES],
  [/^\/registers\/imports$/, SPREADSHEET_TYPES],
  [/^\/boundaries\/imports$/, BOUNDARY_FILE_TYPES],
];

/**
 * State changes need JSON bodies (or the upload route's own types) and either the session's CSRF
 * token or, before sign-in, the client header.
 */
export const csrfGuard: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const upload = UPLOADS.some(([route, types]) => route.test(req.path) && req.is(types));
  if (req.headers['content-length'] && req.headers['content-length'] !== '0' && !req.is('application/json') && !upload) {
    throw new AppError(415, 'unsupported_media_type');
  }
  if (req.viewer) {
    const sent = req.get(CSRF_HEADER);
    if (!sent || !safeEqual(sent, req.viewer.csrfToken)) throw new AppError(403, 'csrf_failed');
  } else if (req.get(CLIENT_HEADER.name) !== CLIENT_HEADER.value) {
    throw new AppError(403, 'csrf_failed');
  }
  next();
};

/** What a route requires: nothing, any session, or a permission. */
export type Access = 'public' | 'session' | Action;

/** Routes a user must reach before changing a one-time password. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/api/auth/session', '/api/auth/password', '/api/auth/logout']);

/** Guards a route: 401 without a session, 403 (audited) without the permission. */
export function requireAccess(db: Db, access: Access): RequestHandler[] {
  if (access === 'public') return [];
  const requireViewer = (req: Request, _res: Response, next: NextFunction): void => {
    if (!req.viewer) throw new AppError(401, 'unauthorized');
    if (req.viewer.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(req.baseUrl + req.path)) {
      throw new AppError(403, 'password_change_required');
    }
    next();
  };
  if (access === 'session') return [requireViewer];
  const requirePermission = async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const viewer = req.viewer!;
    if (!can(viewer.role, access)) {
      await recordAudit(db, {
        action: 'access.denied',
        outcome: 'denied',
        viewer,
        ip: clientInfo(req).ip,
        detail: { permission: access, method: req.method, path: req.originalUrl.slice(0, 200) },
      });
      throw new AppError(403, 'forbidden');
    }
    next();
  };
  return [requireViewer, requirePermission];
}
