import { type z } from 'zod';
import { auditSuccess } from '../audit/audit.ts';
import { can } from '../auth/permissions.ts';
import type { Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { reportIncident } from '../incidents/incidents-service.ts';
import type { Queryable } from '../db/db.ts';
import { maskName, maskRoom } from './masking.ts';
import { categoryParams } from './people-scope.ts';
import { requireCellInArea } from './residents-service.ts';
import * as sql from './visits-sql.ts';
import { RESIDENTS_PAGE_SIZE, type dueQuery, type visitBody } from './people-contract.ts';

/* Must-visit lists and the visits themselves, inside the viewer's area, audited. */
/** The must-visit list of a cell, overdue first, masked, the read audited. */
export async function dueVisits(db: Db, viewer: Viewer, q: z.infer<typeof dueQuery>, client: ClientInfo, now = new Date()) {
  await requireCellInArea(db, viewer, q.grid);
  const rows = await db.query<{ name: string | null; address: string; dueAt: string; total: number }>(sql.DUE_VISITS, [
    viewer.areaPath,
    ...categoryParams(viewer),
    q.grid,
    RESIDENTS_PAGE_SIZE,
    (q.page - 1) * RESIDENTS_PAGE_SIZE,
  ]);
  await auditSuccess(db, viewer, client, 'people.list', ['grid', q.grid], { list: 'visits_due', page: q.page, rows: rows.length });
  return {
    total: rows[0]?.total ?? 0,
    page: q.page,
    pageSize: RESIDENTS_PAGE_SIZE,
    rows: rows.map(({ total: _t, ...r }) => ({
      ...r,
      name: r.name === null ? null : maskName(r.name),
      address: maskRoom(r.address),
      overdue: Date.parse(r.dueAt) < now.getTime(),
    })),
  };
}

export async function recordVisit(db: Db, viewer: Viewer, body: z.infer<typeof visitBody>, client: ClientInfo) {
  const [member] = await db.query<{ id: number; everyDays: number; lon: number; lat: number }>(sql.SELECT_MEMBER, [
    viewer.areaPath,
    ...categoryParams(viewer),
    body.memberId,
  ]);
  if (!member) throw new AppError(404, 'not_found');
  const write = async (tx: Queryable, incidentId: string | null) => {
    const [visit] = await tx.query<{ id: string; visitedAt: string }>(sql.INSERT_VISIT, [
      member.id,
      viewer.userId,
      viewer.displayName,
      body.location?.lon ?? null,
      body.location?.lat ?? null,
      body.found,
      body.followUp || incidentId !== null,
      incidentId,
    ]);
    await auditSuccess(tx, viewer, client, 'visit.create', ['key_group_member', String(member.id)], {
      visit: visit!.id,
      followUp: body.followUp,
      ...(incidentId ? { incident: incidentId } : {}),
    });
    const next = new Date(Date.parse(visit!.visitedAt) + member.everyDays * 86_400_000).toISOString();
    return { id: visit!.id, visitedAt: visit!.visitedAt, nextDueAt: next, incidentId };
  };
  if (!body.raise) return db.transaction((tx) => write(tx, null));
  if (!can(viewer.role, 'incidents:report')) throw new AppError(403, 'forbidden');
  // The incident is filed where the visit happened (or at the household), and the visit is written in its transaction.
  let result: Awaited<ReturnType<typeof write>> | null = null;
  await reportIncident(
    db,
    viewer,
    {
      location: body.location ?? { lon: member.lon, lat: member.lat },
      category: body.raise.category,
      channel: 'patrol',
      description: body.raise.description,
      colour: body.raise.colour,
    },
    client,
    { within: async (tx, incidentId) => void (result = await write(tx, incidentId)) },
  );
  return result!;
}
