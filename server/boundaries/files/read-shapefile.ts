import * as shapefile from 'shapefile';
import { AppError } from '../../http/app-error.ts';
import { crsFromPrj } from './crs.ts';
import { fieldsOf, scalarProperties, type SourceFeature, type SourceFile } from './source-feature.ts';
import { unzipLimited } from './unzip-limited.ts';
import { MAX_IMPORT_FEATURES } from './files-contract.ts';

/** What a zipped Shapefile may expand to: real district layers are a few megabytes. */
const MAX_SHAPEFILE_EXPANDED = 64 * 1024 * 1024;

const PARTS = ['.shp', '.dbf', '.prj', '.cpg'] as const;

/**
 * A zipped Shapefile: the .shp (shapes) and .dbf (attributes) are both required, .prj says the
 * coordinate system, .cpg the attribute encoding (Chinese layers without one are usually GBK).
 */
export async function readShapefileZip(bytes: Uint8Array): Promise<SourceFile> {
  const partOf = (name: string) => PARTS.find((p) => name.toLowerCase().endsWith(p));
  const entries = await unzipLimited(bytes, MAX_SHAPEFILE_EXPANDED, (name) => !name.startsWith('__MACOSX/') && partOf(name) !== undefined);
  const found = new Map<string, { name: string; data: Uint8Array }>();
  const warnings: string[] = [];
  for (const [name, data] of entries) {
    const part = partOf(name)!;
    if (found.has(part)) {
      if (part === '.shp') warnings.push(`more than one layer: only ${found.get(part)!.name} is read`);
      continue;
    }
    found.set(part, { name, data });
  }
  for (const required of ['.shp', '.dbf'] as const)
    if (!found.has(required)) throw new AppError(422, 'shapefile_incomplete', { missing: required });
  const cpg = found.get('.cpg') ? new TextDecoder().decode(found.get('.cpg')!.data).trim() : null;
  const encoding = cpg ? (/^(utf-?8|65001)$/i.test(cpg) ? 'utf-8' : /936|gbk|gb2312|gb18030/i.test(cpg) ? 'gb18030' : cpg) : null;
  const shp = found.get('.shp')!.data;
  const dbf = found.get('.dbf')!.data;
  // The .dbf header says how many records follow: a file declaring more than an import may hold is
  // refused before a record is read, and reading stops at the limit whatever the .shp holds.
  const declared = dbf.length >= 8 ? new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength).getUint32(4, true) : 0;
  if (declared > MAX_IMPORT_FEATURES) throw tooMany(declared);
  const features: SourceFeature[] = [];
  try {
    const source = await shapefile.open(toBuffer(shp), toBuffer(dbf), { encoding: encoding ?? guessEncoding(dbf) });
    for (let record = await source.read(); !record.done; record = await source.read()) {
      if (features.length === MAX_IMPORT_FEATURES) throw tooMany(MAX_IMPORT_FEATURES + 1);
      features.push({ properties: scalarProperties(record.value.properties), geometry: record.value.geometry });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(422, 'boundary_file_unreadable', { reason: `Shapefile: ${(err as Error).message.slice(0, 120)}` });
  }
  const prj = found.get('.prj') ? new TextDecoder().decode(found.get('.prj')!.data) : null;
  return { features, fields: fieldsOf(features), crs: crsFromPrj(prj), warnings };
}

const tooMany = (n: number) => new AppError(422, 'boundary_file_unreadable', { reason: `${n} records; at most ${MAX_IMPORT_FEATURES}` });

function toBuffer(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

/** Without a .cpg: UTF-8 when the attribute bytes decode as UTF-8, else GB18030 (what Chinese GIS tools write). */
function guessEncoding(dbf: Uint8Array): string {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(0, Math.min(dbf.length, 1 << 20)));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}
