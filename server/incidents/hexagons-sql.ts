/** The hexagon binning of hexagons.ts as SQL fragments, for the statistics and register queries. */

/**
 * The same binning in SQL: CTEs that bin the rows of `source` (Mercator metres in columns x and y)
 * into hexagons of Mercator size `size` (a SQL expression), ending in a CTE `binned` with q, r and
 * the `carry` columns. Arithmetic only, so a million points are one scan and one sort, with no
 * spatial join against a generated grid; hexBin above is its twin and the tests hold them together.
 */
export function hexBinCtes(source: string, carry: string, size: string): string {
  return `
  frac AS (
    SELECT ${carry}, (2.0 / 3 * x) / ${size} AS fq, (-1.0 / 3 * x + sqrt(3) / 3 * y) / ${size} AS fr FROM ${source}
  ),
  rounded AS (
    SELECT ${carry}, fq, fr, round(fq) AS rq, round(fr) AS rr, round(-fq - fr) AS rs FROM frac
  ),
  binned AS (
    SELECT ${carry},
      CASE WHEN abs(rq - fq) > abs(rr - fr) AND abs(rq - fq) > abs(rs + fq + fr) THEN -rr - rs ELSE rq END AS q,
      CASE WHEN NOT (abs(rq - fq) > abs(rr - fr) AND abs(rq - fq) > abs(rs + fq + fr)) AND abs(rr - fr) > abs(rs + fq + fr)
        THEN -rq - rs ELSE rr END AS r
    FROM rounded
  )`;
}

/** Spherical Mercator metres of a lon/lat point as SQL expressions (the twin of hexBin's projection). */
export const MERCATOR_X = (lon: string) => `(6378137 * radians(${lon}))`;
export const MERCATOR_Y = (lat: string) => `(6378137 * ln(tan(pi() / 4 + radians(${lat}) / 2)))`;
