import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { basemapRoutes } from '../basemap/basemap-routes.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { createGridsRepo } from '../grids/grids-repo.ts';
import { gridsRoutes } from '../grids/grids-routes.ts';
import { createGridsService } from '../grids/grids-service.ts';
import { apiNotFound, errorMiddleware } from './error-middleware.ts';
import { healthRoutes } from './health-routes.ts';

/** Assembles the Express app: API routes, the built client, one error middleware. */
export function createApp(db: Db, config: Pick<Config, 'clientDir' | 'jsonLimit'>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
    next();
  });
  app.use(express.json({ limit: config.jsonLimit }));

  const api = express.Router();
  api.use(healthRoutes(db));
  api.use(gridsRoutes(createGridsService(createGridsRepo(db))));
  api.use('/basemap', basemapRoutes(db));
  api.use(apiNotFound);
  app.use('/api', api);

  const index = path.join(config.clientDir, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(config.clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/, /wall, …) all load the single page.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
  app.use(errorMiddleware);
  return app;
}
