import type { MultiPolygon } from 'geojson';
import { strToU8, zipSync } from 'fflate';

/** One cell to write: its attributes and its shape with exterior rings clockwise (the Shapefile rule). */
interface ShapefileRecord {
  geometry: MultiPolygon;
  attributes: { CODE: string; NAME: string; LEVEL: string; PARENT: string; VERSION: number; AREA_KM2: number };
}

const FIELDS = [
  { name: 'CODE', type: 'C', length: 24, decimals: 0 },
  { name: 'NAME', type: 'C', length: 120, decimals: 0 },
  { name: 'LEVEL', type: 'C', length: 20, decimals: 0 },
  { name: 'PARENT', type: 'C', length: 24, decimals: 0 },
  { name: 'VERSION', type: 'N', length: 6, decimals: 0 },
  { name: 'AREA_KM2', type: 'N', length: 14, decimals: 3 },
] as const;

/** WGS-84, as ArcGIS and QGIS write it. */
const PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

function header(view: DataView, bytes: number, box: number[]): void {
  view.setInt32(0, 9994, false);
  view.setInt32(24, bytes / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, 5, true);
  box.forEach((v, i) => view.setFloat64(36 + i * 8, v, true));
}

/** A polygon Shapefile (.shp, .shx, .dbf, .prj, .cpg in UTF-8) of the records, zipped under `base`. */
export function writeShapefileZip(base: string, records: ShapefileRecord[]): Uint8Array {
  const contents = records.map((r) => {
    const rings = r.geometry.coordinates.flat();
    const points = rings.flat();
    const xs = points.map((p) => p[0]!);
    const ys = points.map((p) => p[1]!);
    const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    const length = 44 + 4 * rings.length + 16 * points.length;
    const buf = new ArrayBuffer(length);
    const v = new DataView(buf);
    v.setInt32(0, 5, true);
    box.forEach((b, i) => v.setFloat64(4 + i * 8, b, true));
    v.setInt32(36, rings.length, true);
    v.setInt32(40, points.length, true);
    let at = 0;
    rings.forEach((ring, i) => {
      v.setInt32(44 + i * 4, at, true);
      at += ring.length;
    });
    points.forEach((p, i) => {
      v.setFloat64(44 + 4 * rings.length + i * 16, p[0]!, true);
      v.setFloat64(44 + 4 * rings.length + i * 16 + 8, p[1]!, true);
    });
    return { bytes: new Uint8Array(buf), box };
  });
  const all = contents.map((c) => c.box);
  const box = all.length
    ? [
        Math.min(...all.map((b) => b[0]!)),
        Math.min(...all.map((b) => b[1]!)),
        Math.max(...all.map((b) => b[2]!)),
        Math.max(...all.map((b) => b[3]!)),
      ]
    : [0, 0, 0, 0];
  const shpLength = 100 + contents.reduce((n, c) => n + 8 + c.bytes.length, 0);
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(100 + 8 * contents.length);
  header(new DataView(shp.buffer), shpLength, box);
  header(new DataView(shx.buffer), shx.length, box);
  const shpView = new DataView(shp.buffer);
  const shxView = new DataView(shx.buffer);
  let offset = 100;
  contents.forEach((c, i) => {
    shpView.setInt32(offset, i + 1, false);
    shpView.setInt32(offset + 4, c.bytes.length / 2, false);
    shp.set(c.bytes, offset + 8);
    shxView.setInt32(100 + i * 8, offset / 2, false);
    shxView.setInt32(100 + i * 8 + 4, c.bytes.length / 2, false);
    offset += 8 + c.bytes.length;
  });
  return zipSync({
    [`${base}.shp`]: shp,
    [`${base}.shx`]: shx,
    [`${base}.dbf`]: writeDbf(records),
    [`${base}.prj`]: strToU8(PRJ),
    [`${base}.cpg`]: strToU8('UTF-8'),
  });
}

/** UTF-8 bytes of a value cut to a field's width without splitting a character. */
function fit(value: string, width: number): Uint8Array {
  const enc = new TextEncoder();
  let bytes = enc.encode(value);
  let s = value;
  while (bytes.length > width) {
    s = s.slice(0, -1);
    bytes = enc.encode(s);
  }
  return bytes;
}

function writeDbf(records: ShapefileRecord[]): Uint8Array {
  const recordLength = 1 + FIELDS.reduce((n, f) => n + f.length, 0);
  const headerLength = 32 + 32 * FIELDS.length + 1;
  const out = new Uint8Array(headerLength + recordLength * records.length + 1);
  const v = new DataView(out.buffer);
  const now = new Date();
  out[0] = 0x03;
  out[1] = now.getFullYear() - 1900;
  out[2] = now.getMonth() + 1;
  out[3] = now.getDate();
  v.setUint32(4, records.length, true);
  v.setUint16(8, headerLength, true);
  v.setUint16(10, recordLength, true);
  FIELDS.forEach((f, i) => {
    const at = 32 + i * 32;
    out.set(strToU8(f.name), at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.length;
    out[at + 17] = f.decimals;
  });
  out[headerLength - 1] = 0x0d;
  records.forEach((r, i) => {
    let at = headerLength + i * recordLength;
    out[at++] = 0x20;
    for (const f of FIELDS) {
      out.fill(0x20, at, at + f.length);
      const raw = r.attributes[f.name];
      if (f.type === 'N') {
        const text = strToU8((raw as number).toFixed(f.decimals).slice(0, f.length));
        out.set(text, at + f.length - text.length);
      } else out.set(fit(String(raw), f.length), at);
      at += f.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}
