import type { Db } from '../db/db.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { assessmentQuery, weightsBody } from './assessment-contract.ts';
import { noticeXlsx } from './assessment-notice.ts';
import { monthAssessment, readWeights, saveWeights } from './assessment-service.ts';

/** /api/assessment: leaders' and commanders' monthly figures; the administrator sets the weights (audited). */
export function assessmentRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  r.get(
    '/assessment',
    'assessment:read',
    async (req, res) => {
      res.json(await monthAssessment(db, req.viewer!, parseWith(assessmentQuery, req.query)));
    },
    { query: { month: '2026-01', level: 'grid', area: 'foreignGridCode' } },
  );
  r.get(
    '/assessment/notice.xlsx',
    'assessment:read',
    async (req, res) => {
      const q = parseWith(assessmentQuery, req.query);
      const { fileName, body } = await noticeXlsx(db, req.viewer!, q);
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .set(
          'Content-Disposition',
          `attachment; filename="notice-${q.month}-${q.level}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .set('Cache-Control', 'no-store')
        .send(Buffer.from(body));
    },
    { query: { month: '2026-01', level: 'grid', area: 'foreignGridCode' } },
  );
  r.get('/assessment/weights', 'assessment:read', async (_req, res) => {
    res.json(await readWeights(db));
  });
  r.put('/assessment/weights', 'settings:manage', async (req, res) => {
    res.json(await saveWeights(db, req.viewer!, parseWith(weightsBody, req.body), clientInfo(req)));
  });
  return r;
}
