import { AppError } from '../../http/app-error.ts';
import { refuseNulInFile } from '../../http/input-guards.ts';
import { MAX_IMPORT_FEATURES, type BoundaryFormat } from './files-contract.ts';
import { readGeoJson } from './read-geojson.ts';
import { readGeoPackage } from './read-geopackage.ts';
import { readKml } from './read-kml.ts';
import { readShapefile, SHAPEFILE_PARTS } from './read-shapefile.ts';
import { fieldsOf, type SourceFile } from './source-feature.ts';
import { unzipLimited } from './unzip-limited.ts';

/** What a zipped file may expand to: real district layers are a few megabytes. */
const MAX_ARCHIVE_EXPANDED = 64 * 1024 * 1024;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

const isDoc = (name: string) => name.toLowerCase() === 'doc.kml';

/** What the bytes are, by content: a ZIP, a SQLite database (GeoPackage), XML (KML) or JSON (GeoJSON). */
function sniff(bytes: Uint8Array): 'zip' | 'geopackage' | 'kml' | 'geojson' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'zip';
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 16)) === SQLITE_MAGIC) return 'geopackage';
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 256))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) return 'kml';
  if (head.startsWith('{')) return 'geojson';
  throw new AppError(422, 'boundary_file_unreadable', {
    reason: 'not GeoJSON, KML, KMZ, a zipped Shapefile or a GeoPackage',
  });
}

/**
 * A ZIP is a Shapefile when it holds a .shp, else a KMZ when it holds a .kml (its doc.kml, or the
 * first); only those entries are inflated, so the images and models a KMZ may carry (or an image
 * bomb) are never expanded. Anything else is refused naming what the archive holds.
 */
async function readArchive(bytes: Uint8Array): Promise<{ format: BoundaryFormat; file: SourceFile & { links?: boolean } }> {
  const names: string[] = [];
  const wanted = (name: string) => {
    names.push(name);
    const lower = name.toLowerCase();
    return !lower.startsWith('__macosx/') && (lower.endsWith('.kml') || SHAPEFILE_PARTS.some((p) => lower.endsWith(p)));
  };
  const entries = await unzipLimited(bytes, MAX_ARCHIVE_EXPANDED, wanted);
  const all = [...entries.keys()];
  if (all.some((n) => n.toLowerCase().endsWith('.shp'))) return { format: 'shapefile', file: await readShapefile(entries) };
  // A KMZ's doc.kml may hold its placemarks or link to layers stored beside it (GDAL's LIBKML
  // writes layers/<name>.kml): every KML in the archive is read, links between them are not
  // external, and the placemarks of all are the file's features.
  const kmls = all.filter((n) => n.toLowerCase().endsWith('.kml')).sort((a, b) => Number(isDoc(b)) - Number(isDoc(a)));
  if (kmls.length > 0) {
    const inside = (href: string) => all.some((n) => n === href.replace(/^\.\//, '') || n.endsWith(`/${href.replace(/^\.\//, '')}`));
    const read = kmls.map((n) => readKml(entries.get(n)!, inside));
    const features = read.flatMap((r) => r.features);
    const warnings = [...new Map(read.flatMap((r) => r.warnings).map((w) => [w.en, w])).values()];
    return {
      format: 'kmz',
      file: { ...read[0]!, features, fields: fieldsOf(features), warnings, links: read.some((r) => r.links) },
    };
  }
  if (all.some((n) => n.toLowerCase().endsWith('.dbf'))) throw new AppError(422, 'shapefile_incomplete', { missing: '.shp' });
  const found = names.slice(0, 8).join(', ') + (names.length > 8 ? ` …（${names.length}）` : '');
  throw new AppError(422, 'archive_unrecognised', { found: found || '—' });
}

/**
 * Reads an uploaded boundary file of any accepted format, refusing what cannot be used: too many
 * features, none at all (or only links elsewhere), NUL characters in its attributes. `layer` picks
 * a GeoPackage's layer.
 */
export async function readUpload(bytes: Uint8Array, layer?: string): Promise<{ format: BoundaryFormat; file: SourceFile }> {
  if (bytes.length === 0) throw new AppError(422, 'boundary_file_unreadable', { reason: 'empty file' });
  const kind = sniff(bytes);
  const { format, file } =
    kind === 'zip'
      ? await readArchive(bytes)
      : kind === 'geopackage'
        ? { format: kind, file: await readGeoPackage(bytes, layer) }
        : kind === 'kml'
          ? { format: kind, file: readKml(bytes) }
          : { format: kind, file: readGeoJson(bytes) };
  if (file.features.length > MAX_IMPORT_FEATURES)
    throw new AppError(422, 'boundary_file_unreadable', { reason: `${file.features.length} features; at most ${MAX_IMPORT_FEATURES}` });
  if (file.features.length === 0) throw new AppError(422, 'boundary_file_empty', { links: 'links' in file && file.links ? 'yes' : 'no' });
  refuseNulInFile(nulInFeatures(file));
  if ('links' in file) delete (file as { links?: boolean }).links;
  return { format, file };
}

/** Where a file's attributes hold a NUL character (features counted from 1), or null. */
function nulInFeatures(file: SourceFile): { zh: string; en: string } | null {
  for (const [i, f] of file.features.entries())
    for (const [key, value] of Object.entries(f.properties))
      if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000')))
        return {
          zh: `第 ${i + 1} 个要素的属性 ${key.replaceAll('\u0000', '')} `,
          en: `Attribute ${key.replaceAll('\u0000', '')} of feature ${i + 1}`,
        };
  return null;
}
