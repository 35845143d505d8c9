/** What the health check reads: the PostGIS library, the migration level, whether a district is loaded. */
export const SELECT_HEALTH = `
  SELECT postgis_lib_version() AS postgis,
         (SELECT coalesce(max(version), 0) FROM schema_migrations)::int AS migration,
         EXISTS (SELECT 1 FROM district_meta) AS seeded`;
