import { describe, expect, it } from 'vitest';
import { readGpkgGeometry, readWkb } from '../../../../../server/boundaries/files/wkb.ts';

/** WKB of a polygon's rings, little-endian, ISO type code `type` (3, 1003 with Z…), `dims` numbers a point. */
function polygonWkb(rings: number[][][], type = 3, dims = 2, little = true): Uint8Array {
  const size = 9 + rings.reduce((n, r) => n + 4 + r.length * 8 * dims, 0);
  const v = new DataView(new ArrayBuffer(size));
  let at = 0;
  v.setUint8(at++, little ? 1 : 0);
  v.setUint32(at, type, little);
  v.setUint32((at += 4), rings.length, little);
  at += 4;
  for (const ring of rings) {
    v.setUint32(at, ring.length, little);
    at += 4;
    for (const p of ring)
      for (let d = 0; d < dims; d++) {
        v.setFloat64(at, p[d] ?? 7, little);
        at += 8;
      }
  }
  return new Uint8Array(v.buffer);
}

const ring = [
  [117, 34],
  [117.1, 34],
  [117.1, 34.1],
  [117, 34],
];

describe('WKB and GeoPackage geometry blobs', () => {
  it('reads polygons in either byte order, dropping Z and M', () => {
    expect(readWkb(polygonWkb([ring]))).toEqual({ type: 'Polygon', coordinates: [ring] });
    expect(readWkb(polygonWkb([ring], 3, 2, false))).toEqual({ type: 'Polygon', coordinates: [ring] });
    expect(readWkb(polygonWkb([ring], 1003, 3))).toEqual({ type: 'Polygon', coordinates: [ring] });
    expect(readWkb(polygonWkb([ring], 3003, 4))).toEqual({ type: 'Polygon', coordinates: [ring] });
  });

  it('reads a GeoPackage blob past its header and envelope, and an empty one as nothing', () => {
    const wkb = polygonWkb([ring]);
    const blob = new Uint8Array(8 + 32 + wkb.length);
    blob.set([0x47, 0x50, 0, 0b0000_0011]);
    blob.set(wkb, 40);
    expect(readGpkgGeometry(blob)).toEqual({ type: 'Polygon', coordinates: [ring] });
    blob[3] = 0b0001_0001;
    expect(readGpkgGeometry(blob)).toBeNull();
    expect(readGpkgGeometry(Uint8Array.from([1, 2, 3]))!.type).toBe('unreadable geometry blob');
  });

  it('names a truncated or hostile blob instead of allocating what it claims', () => {
    const wkb = polygonWkb([ring]);
    expect(readWkb(wkb.subarray(0, wkb.length - 3)).type).toBe('unreadable WKB');
    // A ring claiming four billion points in a 30-byte blob.
    const liar = polygonWkb([ring]).subarray(0, 30);
    new DataView(liar.buffer).setUint32(13, 0xffffffff, true);
    expect(readWkb(liar).type).toBe('unreadable WKB');
    const curve = polygonWkb([ring], 10);
    expect(readWkb(curve).type).toBe('WKB type 10');
  });
});
