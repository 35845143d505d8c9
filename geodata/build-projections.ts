/**
 * Writes geodata/projections.json, the projections a boundary file may arrive in, from GDAL's EPSG
 * database: `npx tsx geodata/build-projections.ts` on a machine with gdal-bin (gdalsrsinfo). The
 * file is committed, so the server needs no GDAL; run this again only to change the list.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The EPSG codes: what Chinese survey offices deliver, the web's Mercator and the UTM zones over China. */
const CODES = [
  // CGCS2000 geographic and Gauss–Krüger: 6-degree zones 13–23 and CM 75–135°E, 3-degree zones 25–45 and CM 75–135°E.
  4490,
  ...range(4491, 4554),
  // Xian 1980, and Beijing 1954, the same four families.
  4610,
  ...range(2327, 2390),
  4214,
  ...range(2401, 2442),
  ...range(21413, 21423),
  ...range(21453, 21463),
  // Web Mercator (tile services, many web downloads) and WGS 84 / UTM 43N–53N.
  3857,
  ...range(32643, 32653),
];

const srs = (code: number, format: string): string =>
  execFileSync('gdalsrsinfo', ['-o', format, `EPSG:${code}`], { encoding: 'utf8' })
    .trim()
    .replace(/^'|'$/g, '');

const entries = CODES.map((code) => {
  const wkt2 = srs(code, 'wkt2');
  const name = /^(?:PROJCRS|GEOGCRS|GEODCRS)\["([^"]+)"/.exec(wkt2)?.[1];
  if (!name) throw new Error(`EPSG:${code}: no name in ${wkt2.slice(0, 80)}`);
  return { code: `EPSG:${code}`, name, proj4: srs(code, 'proj4') };
});
const out = path.join(import.meta.dirname, 'projections.json');
writeFileSync(out, `${JSON.stringify(entries, null, 2)}\n`);
console.log(`${entries.length} projections → ${out}`);
