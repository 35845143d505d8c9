import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { adminRoutes } from './admin/admin-routes.ts';
import { authRoutes } from './auth/auth-routes.ts';
import { createSignIn, type SessionHub } from './auth/sign-in.ts';
import { basemapRoutes } from './basemap/basemap-routes.ts';
import type { Cluster } from './cluster/cluster.ts';
import type { Config } from './config.ts';
import type { Db } from './db/db.ts';
import { gridsRoutes } from './grids/grids-routes.ts';
import { attachViewer, csrfGuard } from './http/auth-middleware.ts';
import { compressAnswers } from './http/compress.ts';
import { apiNotFound, errorMiddleware } from './http/error-middleware.ts';
import { refuseDeepJson, refuseNulText } from './http/input-guards.ts';
import { healthRoutes } from './health/health-routes.ts';
import { incidentsRoutes } from './incidents/incidents-routes.ts';
import { open311Routes } from './open311/open311-routes.ts';
import { residentsRoutes } from './people/residents-routes.ts';
import { importRoutes } from './people/import/import-routes.ts';
import { registersRoutes } from './people/registers-routes.ts';
import { visitsRoutes } from './people/visits-routes.ts';
import { boundariesRoutes, boundaryJson } from './boundaries/boundaries-routes.ts';
import type { MountedRouter, RouteSpec } from './http/route-registry.ts';
import { auditRoutes } from './audit/audit-routes.ts';
import { settingsRoutes } from './settings/settings-routes.ts';
import { assessmentRoutes } from './assessment/assessment-routes.ts';
import { coverageRoutes } from './coverage/coverage-routes.ts';
import { toursRoutes } from './tours/tours-routes.ts';
import { takeoversRoutes } from './takeovers/takeovers-routes.ts';

/** The app and the list of every API route with its access rule. */
interface AppParts {
  app: Express;
  routes: RouteSpec[];
}

/**
 * Content-Security-Policy that still lets MapLibre and deck.gl run: MapLibre
 * starts its worker from a blob: URL, deck.gl compiles shaders (no eval) and
 * rasterises its font atlas on a canvas; nothing loads from other hosts.
 */
const CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    childSrc: ["'self'", 'blob:'],
    imgSrc: ["'self'", 'data:', 'blob:'],
    styleSrc: ["'self'", "'unsafe-inline'"],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
};

/** Assembles the Express app: headers, session, CSRF guard, API routes, the built client, one error middleware. */
export function createApp(db: Db, config: Config, hub: SessionHub, cluster: Cluster): AppParts {
  const app = express();
  app.disable('x-powered-by');
  // A hop count, never `true`: a spoofed X-Forwarded-For must not pick the client's address.
  app.set('trust proxy', config.trustProxyHops);
  app.use(
    helmet({
      contentSecurityPolicy: CSP,
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use(compressAnswers());
  app.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use('/api/boundaries', boundaryJson);
  app.use(express.json({ limit: config.jsonLimit, verify: refuseDeepJson }));
  app.use('/api', refuseNulText);
  app.use(attachViewer(db, config));
  app.use('/api', csrfGuard);

  const routes: RouteSpec[] = [];
  const parts: MountedRouter[] = [
    healthRoutes(db, routes, cluster),
    authRoutes(db, routes, createSignIn(db, config, hub), config),
    gridsRoutes(db, routes),
    basemapRoutes(db, routes),
    adminRoutes(db, routes, hub),
    auditRoutes(db, routes),
    settingsRoutes(db, routes),
    assessmentRoutes(db, routes),
    coverageRoutes(db, routes),
    takeoversRoutes(db, routes),
    toursRoutes(db, routes),
    incidentsRoutes(db, routes, cluster.floodGuard('incidents', config.intakePerSecond, config.intakeBurst)),
    open311Routes(db, routes, cluster.floodGuard('open311', config.intakePerSecond, config.intakeBurst)),
    residentsRoutes(db, routes),
    visitsRoutes(db, routes),
    boundariesRoutes(db, routes),
    registersRoutes(db, routes),
    importRoutes(db, routes),
  ];
  for (const part of parts) app.use(part.base, part.router);
  app.use('/api', apiNotFound);

  const index = path.join(config.clientDir, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(config.clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/, /login, /wall, /admin …) all load the single page.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
  app.use(errorMiddleware);
  return { app, routes };
}
