import { Router, type RequestHandler } from 'express';
import type { Db } from '../db/db.ts';
import { requireAccess, type Access } from './auth-middleware.ts';

/** What the cross-area test substitutes into a route to aim it at another area's objects. */
export type ProbeFixture =
  | 'foreignGridCode'
  | 'foreignUserId'
  | 'foreignWallTokenId'
  | 'foreignIncidentId'
  | 'foreignApiKeyId'
  | 'foreignResidentId'
  | 'foreignMemberId'
  | 'foreignImportId'
  | 'foreignChangeSetId'
  | 'foreignBoundaryImportId'
  | 'foreignTakeoverId'
  /** A milestone's name, for routes that take one beside a foreign id. */
  | 'milestoneInform'
  /** A plain version number, for routes whose area comes from another parameter. */
  | 'versionOne';

/** One registered API route. */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Full path as Express sees it, e.g. /api/grids/:code */
  path: string;
  access: Access;
  /** How to point the route at another area: fixtures per path parameter and per query parameter. */
  probe?: {
    params?: Record<string, ProbeFixture>;
    query?: Record<string, ProbeFixture | string>;
    /** Top-level values are substituted; nested ones (a list of cells) are sent as written. */
    body?: Record<string, ProbeFixture | string | unknown[]>;
  };
}

/** A router and the path it is mounted at. */
export interface MountedRouter {
  base: string;
  router: Router;
}

/**
 * A router whose every route states its access rule, recorded in `registry`.
 * Routes cannot be added without one, and the registry lets a test walk them all.
 */
export function secureRouter(db: Db, registry: RouteSpec[], base: string) {
  const router = Router();
  const add =
    (method: RouteSpec['method']) =>
    (path: string, access: Access, handler: RequestHandler, probe?: RouteSpec['probe']): void => {
      registry.push({ method, path: base + path, access, probe });
      router[method](path, ...requireAccess(db, access), handler);
    };
  return { base, router, get: add('get'), post: add('post'), put: add('put'), patch: add('patch'), delete: add('delete') };
}
