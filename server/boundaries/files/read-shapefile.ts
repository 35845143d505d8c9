import * as shapefile from 'shapefile';
import { AppError } from '../../http/app-error.ts';
import { crsFromPrj } from './crs.ts';
import { fieldsOf, scalarProperties, type SourceFeature, type SourceFile } from './source-feature.ts';
import { MAX_IMPORT_FEATURES, type FileNote } from './files-contract.ts';
import { damageCount } from './name-damage.ts';

/** The parts of a Shapefile that are read. */
export const SHAPEFILE_PARTS = ['.shp', '.dbf', '.prj', '.cpg'] as const;
const PARTS = SHAPEFILE_PARTS;

/**
 * A Shapefile from the entries of its archive: the .shp (shapes) and .dbf (attributes) are both
 * required, .prj says the coordinate system, .cpg the attribute encoding. The attributes are read
 * in what the .cpg says and in UTF-8 and GB18030 (what Chinese GIS tools write without one), and
 * the reading that damages fewest values is kept: a .cpg that lies is overruled and said so, and
 * names lost before the file reached us are reported with every encoding tried.
 */
export async function readShapefile(entries: Map<string, Uint8Array>): Promise<SourceFile> {
  const partOf = (name: string) => PARTS.find((p) => name.toLowerCase().endsWith(p));
  const found = new Map<string, { name: string; data: Uint8Array }>();
  const warnings: FileNote[] = [];
  for (const [name, data] of entries) {
    const part = partOf(name);
    if (!part) continue;
    if (found.has(part)) {
      if (part === '.shp')
        warnings.push({
          zh: `压缩包中有多个图层：只读取了 ${found.get(part)!.name}`,
          en: `more than one layer: only ${found.get(part)!.name} is read`,
        });
      continue;
    }
    found.set(part, { name, data });
  }
  for (const required of ['.shp', '.dbf'] as const)
    if (!found.has(required)) throw new AppError(422, 'shapefile_incomplete', { missing: required });
  const cpg = found.get('.cpg') ? new TextDecoder().decode(found.get('.cpg')!.data).trim() : null;
  const declared = cpg ? encodingOfCpg(cpg) : null;
  const shp = found.get('.shp')!.data;
  const dbf = found.get('.dbf')!.data;
  // The .dbf header says how many records follow: a file declaring more than an import may hold is
  // refused before a record is read, and reading stops at the limit whatever the .shp holds.
  const count = dbf.length >= 8 ? new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength).getUint32(4, true) : 0;
  if (count > MAX_IMPORT_FEATURES) throw tooMany(count);
  const geometries = await unreadable(async () => {
    const out: unknown[] = [];
    const source = await shapefile.openShp(toBuffer(shp));
    for (let record = await source.read(); !record.done; record = await source.read()) {
      if (out.length === MAX_IMPORT_FEATURES) throw tooMany(MAX_IMPORT_FEATURES + 1);
      out.push(record.value);
    }
    return out;
  });
  const trials: { encoding: string; rows: SourceFeature['properties'][]; damaged: number }[] = [];
  for (const encoding of [...new Set([declared, 'utf-8', 'gb18030'].filter((e): e is string => !!e))]) {
    if (!encodingKnown(encoding)) {
      warnings.push({ zh: `.cpg 声明的编码 ${cpg} 无法识别`, en: `the .cpg names an encoding not known: ${cpg}` });
      continue;
    }
    const rows = await unreadable(() => readDbf(dbf, encoding));
    trials.push({ encoding, rows, damaged: damageCount(rows.map((properties) => ({ properties, geometry: null }))) });
  }
  const best = trials.reduce((a, b) => (b.damaged < a.damaged ? b : a));
  if (declared && best.encoding !== declared && trials.some((t) => t.encoding === declared))
    warnings.push({
      zh: `.cpg 声明编码为 ${cpg}，但按它读出的属性有 ${trials.find((t) => t.encoding === declared)!.damaged} 处乱码；已改按 ${best.encoding} 读取`,
      en: `the .cpg says ${cpg}, but read so ${trials.find((t) => t.encoding === declared)!.damaged} values are garbled; read as ${best.encoding} instead`,
    });
  const features: SourceFeature[] = geometries.map((geometry, i) => ({ properties: best.rows[i] ?? {}, geometry }));
  const prj = found.get('.prj') ? new TextDecoder().decode(found.get('.prj')!.data) : null;
  const { definition, ...crs } = crsFromPrj(prj);
  return {
    features,
    fields: fieldsOf(features),
    crs,
    ...(definition ? { definition } : {}),
    warnings,
    encoding: { declared: cpg, used: best.encoding, tried: trials.map((t) => ({ encoding: t.encoding, damaged: t.damaged })) },
  };
}

/** A .cpg's code page as an encoding TextDecoder knows (936 and GBK read as GB18030, its superset). */
function encodingOfCpg(cpg: string): string {
  if (/^(utf-?8|65001)$/i.test(cpg)) return 'utf-8';
  if (/^(cp)?936$|gbk|gb2312|gb18030/i.test(cpg)) return 'gb18030';
  if (/^(8859[-_]?1|iso[-_]?8859[-_]?1|latin-?1|(cp)?1252)$/i.test(cpg)) return 'windows-1252';
  return cpg.toLowerCase();
}

function encodingKnown(encoding: string): boolean {
  try {
    new TextDecoder(encoding);
    return true;
  } catch {
    return false;
  }
}

async function readDbf(dbf: Uint8Array, encoding: string): Promise<SourceFeature['properties'][]> {
  const rows: SourceFeature['properties'][] = [];
  const source = await shapefile.openDbf(toBuffer(dbf), { encoding });
  for (let record = await source.read(); !record.done && rows.length <= MAX_IMPORT_FEATURES; record = await source.read())
    rows.push(scalarProperties(record.value));
  return rows;
}

/** The library's failures on a broken file as a 422 naming it; our own refusals pass through. */
async function unreadable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(422, 'boundary_file_unreadable', { reason: `Shapefile: ${(err as Error).message.slice(0, 120)}` });
  }
}

const tooMany = (n: number) => new AppError(422, 'boundary_file_unreadable', { reason: `${n} records; at most ${MAX_IMPORT_FEATURES}` });

function toBuffer(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}
