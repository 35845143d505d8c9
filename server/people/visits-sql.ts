/** SQL of visits (四访), as named constants with `$n` parameters only. */
import { SEES_MEMBER } from './people-scope.ts';

const IN_AREA = `(g.path = $1 OR g.path LIKE $1 || '.%')`;

/**
 * Members of key groups in a cell ($4, inside the area $1) with their next visit due, soonest
 * (most overdue) first; watch categories as people-scope.ts says ($2, $3). $5 limit, $6 offset.
 */
export const DUE_VISITS = `
  SELECT m.id AS "memberId", r.id AS "residentId", r.name, h.address, h.grid_code AS "gridCode", m.category, c.kind,
    lv.at AS "lastVisitAt",
    coalesce(lv.at, m.since::timestamptz) + make_interval(days => c.visit_every_days) AS "dueAt",
    count(*) OVER ()::int AS total
  FROM key_group_members m
  JOIN key_group_categories c ON c.code = m.category
  JOIN residents r ON r.id = m.resident_id
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  LEFT JOIN LATERAL (SELECT max(v.visited_at) AS at FROM visits v WHERE v.member_id = m.id) lv ON true
  WHERE m.until IS NULL AND c.active AND ${IN_AREA}
    AND (g.code = $4 OR g.path LIKE (SELECT path FROM grids WHERE code = $4) || '.%')
    AND ${SEES_MEMBER}
  ORDER BY "dueAt", m.id
  LIMIT $5 OFFSET $6`;

/** A current membership ($4) the viewer may visit: inside the area ($1), watch categories as people-scope.ts says. */
export const SELECT_MEMBER = `
  SELECT m.id, c.visit_every_days AS "everyDays", ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat
  FROM key_group_members m
  JOIN key_group_categories c ON c.code = m.category
  JOIN residents r ON r.id = m.resident_id
  JOIN households h ON h.id = r.household_id
  JOIN grids g ON g.code = h.grid_code
  WHERE m.id = $4::int AND m.until IS NULL AND ${IN_AREA} AND ${SEES_MEMBER}`;

/**
 * Records a visit. $1 member, $2 user, $3 visitor, $4 lon, $5 lat (both NULL when unknown), $6 found,
 * $7 follow-up, $8 the incident it raised (or NULL).
 */
export const INSERT_VISIT = `
  INSERT INTO visits (member_id, user_id, visitor_name, geom, found, follow_up, incident_id)
  VALUES ($1, $2, $3, CASE WHEN $4::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($4::float8, $5::float8), 4326) END, $6, $7,
    $8::bigint)
  RETURNING id::text AS id, visited_at AS "visitedAt"`;
