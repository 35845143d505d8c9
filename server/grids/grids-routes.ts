import { Router } from 'express';
import { invalidParameter } from '../http/app-error.ts';
import { GRID_CODE, parseGridQuery } from './grids-params.ts';
import type { GridsService } from './grids-service.ts';

function parseCode(raw: string): string {
  if (!GRID_CODE.test(raw)) {
    throw invalidParameter(
      'code',
      '网格编码应为 12 位行政区划代码加若干组 3 位数字',
      'a grid code is a 12-digit division code followed by groups of 3 digits',
    );
  }
  return raw;
}

/** Routes under /api: levels, the grid FeatureCollection, one cell's figures and a breakdown. */
export function gridsRoutes(service: GridsService): Router {
  const router = Router();
  router.get('/levels', async (_req, res) => {
    res.json(await service.listLevels());
  });
  router.get('/grids', async (req, res) => {
    const body = await service.featureCollection(parseGridQuery(req.query));
    res.type('application/geo+json').send(body);
  });
  router.get('/grids/:code', async (req, res) => {
    res.json(await service.detail(parseCode(req.params.code)));
  });
  router.get('/grids/:code/breakdown', async (req, res) => {
    const level = req.query.level;
    if (typeof level !== 'string' || !/^[a-z_]{1,40}$/.test(level)) {
      throw invalidParameter('level', '需要一个层级名，例如 community', 'a level key is required, e.g. community');
    }
    res.json(await service.breakdown(parseCode(req.params.code), level));
  });
  return router;
}
