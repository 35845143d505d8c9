/** A geometry read from WKB as GeoJSON-like `{ type, coordinates }` (x and y only), or a named failure. */
export type WkbGeometry = { type: string; coordinates?: unknown };

const TYPES: Record<number, string> = {
  1: 'Point',
  2: 'LineString',
  3: 'Polygon',
  4: 'MultiPoint',
  5: 'MultiLineString',
  6: 'MultiPolygon',
  7: 'GeometryCollection',
};

class Overrun extends Error {}

/**
 * Reads WKB (ISO and extended: Z, M, ZM, an embedded SRID), as GeoPackages store it after their
 * header. Every count is checked against the bytes left before anything is allocated, so a
 * corrupt or hostile blob is an "unreadable WKB" geometry for the shape checks to name, never a
 * crash or a huge allocation. Curves and other types come back by name, without coordinates.
 */
export function readWkb(bytes: Uint8Array, offset = 0): WkbGeometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = offset;
  const need = (n: number) => {
    if (n < 0 || at + n > bytes.length) throw new Overrun();
  };
  const geometry = (depth: number): WkbGeometry => {
    if (depth > 8) throw new Overrun();
    need(5);
    const little = view.getUint8(at) === 1;
    const u32 = () => {
      need(4);
      const v = view.getUint32(at, little);
      at += 4;
      return v;
    };
    at += 1;
    const raw = u32();
    let hasZ = (raw & 0x80000000) !== 0;
    let hasM = (raw & 0x40000000) !== 0;
    if (raw & 0x20000000) u32(); // an EWKB SRID: the GeoPackage's own srs_id rules
    let code = raw & 0x0fffffff;
    if (code >= 1000 && code < 4000) {
      const dims = Math.floor(code / 1000);
      hasZ ||= dims === 1 || dims === 3;
      hasM ||= dims === 2 || dims === 3;
      code %= 1000;
    }
    const type = TYPES[code];
    if (!type) return { type: `WKB type ${code}` };
    const stride = 8 * (2 + Number(hasZ) + Number(hasM));
    const point = (): [number, number] => {
      need(stride);
      const xy: [number, number] = [view.getFloat64(at, little), view.getFloat64(at + 8, little)];
      at += stride;
      return xy;
    };
    const points = (): [number, number][] => {
      const n = u32();
      need(n * stride);
      return Array.from({ length: n }, point);
    };
    const rings = (): [number, number][][] => {
      const n = u32();
      need(n * 4);
      return Array.from({ length: n }, points);
    };
    const parts = (): WkbGeometry[] => {
      const n = u32();
      need(n * 5);
      return Array.from({ length: n }, () => geometry(depth + 1));
    };
    switch (type) {
      case 'Point':
        return { type, coordinates: point() };
      case 'LineString':
        return { type, coordinates: points() };
      case 'Polygon':
        return { type, coordinates: rings() };
      case 'MultiPolygon':
        return { type, coordinates: parts().map((p) => (p.type === 'Polygon' ? p.coordinates : null)) };
      default:
        return { type, coordinates: parts().map((p) => p.coordinates) };
    }
  };
  try {
    return geometry(0);
  } catch (err) {
    if (err instanceof Overrun) return { type: 'unreadable WKB' };
    throw err;
  }
}

/**
 * A GeoPackage geometry blob: "GP", version, flags (byte order, envelope size, empty), the
 * srs_id, the envelope, then WKB. Null for an empty geometry or a blob that is not one.
 */
export function readGpkgGeometry(blob: Uint8Array): WkbGeometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) return { type: 'unreadable geometry blob' };
  const flags = blob[3]!;
  if (flags & 0x10) return null;
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0x07];
  if (envelope === undefined) return { type: 'unreadable geometry blob' };
  return readWkb(blob, 8 + envelope);
}
