/**
 * Places in words from our own base map: what a dispatcher reads instead of coordinates. The
 * radius and the search box are one constant each, so the "nearest road" means the same everywhere.
 */

/** A named road further than this is not "near" a point. */
const NEAR_METRES = 300;

/**
 * The compound a point lies in, else the nearest named road within 300 m, as `(kind, name)`;
 * no row when neither (`pointExpr` a 4326 point). The box (~500 m) lets the road index cut the
 * candidates before the exact distance.
 */
export const PLACE_OF = (pointExpr: string) => `
  SELECT kind, name FROM (
    (SELECT 'compound' AS kind, c.name, 0 AS rank FROM compounds c WHERE ST_Contains(c.geom, ${pointExpr}) LIMIT 1)
    UNION ALL
    (SELECT 'road', rd.name, 1 FROM roads rd
     WHERE rd.name IS NOT NULL AND rd.geom && ST_Expand(${pointExpr}, 0.005)
       AND ST_DWithin(rd.geom::geography, ${pointExpr}::geography, ${NEAR_METRES})
     ORDER BY rd.geom <-> ${pointExpr} LIMIT 1)
  ) p ORDER BY rank LIMIT 1`;

/** Fills the place of incidents filed before places were kept (migration 020); none is a no-op scan. */
export const FILL_MISSING_PLACES = `
  UPDATE incidents i SET place_kind = coalesce(p.kind, 'none'), place_name = p.name
  FROM incidents x LEFT JOIN LATERAL (${PLACE_OF('x.geom')}) p ON true
  WHERE x.id = i.id AND i.place_kind IS NULL`;
