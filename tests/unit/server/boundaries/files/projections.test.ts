import { describe, expect, it } from 'vitest';
import { crsFromGeoJson, crsFromPrj, toWgs84 } from '../../../../../server/boundaries/files/crs.ts';
import { projectionChoices } from '../../../../../server/boundaries/files/projection-choices.ts';
import { inverseOf, projectionByCode, PROJECTIONS, readPrj, zoneOf } from '../../../../../server/boundaries/files/projections.ts';
import { parseWkt } from '../../../../../server/boundaries/files/wkt.ts';
import proj4 from 'proj4';

/** The .prj GDAL 3.6 writes for EPSG:4548 (ESRI dialect: no AUTHORITY, Gauss_Kruger by name). */
const PRJ_4548 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const PRJ_3857 =
  'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]';

const square = (x: number, y: number, d: number) => ({
  properties: { name: '第一网格' },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + d, y],
        [x + d, y + d],
        [x, y],
      ],
    ],
  },
});

describe('coordinate systems of boundary files', () => {
  it('ships the CGCS2000, Xian 1980 and Beijing 1954 Gauss–Krüger families, Web Mercator and UTM', () => {
    const codes = new Set(PROJECTIONS.map((p) => p.code));
    for (let c = 4491; c <= 4554; c++) expect(codes.has(`EPSG:${c}`), String(c)).toBe(true);
    for (const c of [2327, 2349, 2390, 2401, 2442, 21413, 21463, 3857, 32650]) expect(codes.has(`EPSG:${c}`), String(c)).toBe(true);
    expect(projectionByCode('EPSG:4548')!.name).toBe('CGCS2000 / 3-degree Gauss-Kruger CM 117E');
    expect(projectionByCode('EPSG:4549')!.proj4).toContain('+lon_0=120');
  });

  it('reads an ESRI .prj by its parameters, telling a 3-degree zone from the 6-degree one on the same meridian', () => {
    expect(crsFromPrj(PRJ_4548)).toMatchObject({ crs: 'EPSG:4548', projection: { code: 'EPSG:4548' } });
    expect(crsFromPrj(PRJ_4548.replace('3_Degree_', ''))).toMatchObject({ crs: 'EPSG:4509' });
    expect(crsFromPrj(PRJ_3857)).toMatchObject({ crs: 'EPSG:3857' });
    // Xian 1980's ellipsoid with the same zone is another entry of the catalogue.
    const xian = PRJ_4548.replace('6378137.0,298.257222101', '6378140.0,298.257');
    expect(crsFromPrj(xian).crs).toBe('EPSG:2384');
  });

  it('uses a projection outside the catalogue from the file itself, and names an unknown one', () => {
    const lambert =
      'PROJCS["Asia_Lambert",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Standard_Parallel_1",30.0],PARAMETER["Standard_Parallel_2",62.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    expect(crsFromPrj(lambert)).toMatchObject({ crs: 'file', projection: { code: null, name: 'Asia_Lambert' } });
    const made = crsFromPrj('PROJCS["Local_Grid",PROJECTION["Made_Up"],UNIT["Meter",1.0]]');
    expect(made).toMatchObject({ crs: null, projection: { name: 'Local_Grid' } });
    expect(crsFromPrj('this is not WKT').crs).toBeNull();
    expect(crsFromPrj(null).crs).toBeNull();
    expect(parseWkt('PROJCS["a",'.repeat(100))).toBeNull();
  });

  it('reads GDAL’s GeoJSON crs member and geographic .prj files', () => {
    expect(crsFromGeoJson({ crs: { properties: { name: 'urn:ogc:def:crs:EPSG::4548' } } }, []).crs).toBe('EPSG:4548');
    expect(crsFromGeoJson({ crs: { properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } }, []).crs).toBe('wgs84');
    expect(crsFromGeoJson({ crs: { properties: { name: 'EPSG:4490' } } }, []).crs).toBe('cgcs2000');
    expect(crsFromGeoJson({ crs: { properties: { name: 'urn:ogc:def:crs:EPSG::9999' } } }, []).crs).toBeNull();
    const geog = (datum: string, spheroid: string) =>
      `GEOGCS["g",DATUM["${datum}",SPHEROID["s",${spheroid}]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`;
    expect(crsFromPrj(geog('D_WGS_1984', '6378137.0,298.257223563')).crs).toBe('wgs84');
    expect(crsFromPrj(geog('D_China_2000', '6378137.0,298.257222101')).crs).toBe('cgcs2000');
    expect(crsFromPrj(geog('D_Beijing_1954', '6378245.0,298.3')).crs).toBe('EPSG:4214');
  });

  it('inverts Gauss–Krüger to the nanodegree of proj4’s own forward, and refuses positions outside the zone', () => {
    const def = projectionByCode('EPSG:4548')!.proj4;
    const [x, y] = proj4('WGS84', def).forward([117.2345678, 34.3456789]);
    const [lon, lat] = inverseOf(def)([x!, y!]);
    expect(Math.abs(lon - 117.2345678)).toBeLessThan(1e-9);
    expect(Math.abs(lat - 34.3456789)).toBeLessThan(1e-9);
    expect(zoneOf(projectionByCode('EPSG:4548')!)).toEqual({ from: 112.5, to: 121.5 });
    const inside = toWgs84([square(x!, y!, 500)], 'EPSG:4548');
    expect(inside.problems.size).toBe(0);
    // The same numbers with the zone number in front (39,500,000) are 40 degrees off in CM 117E.
    const outside = toWgs84([square(x! + 39_000_000, y!, 500)], 'EPSG:4548');
    expect(outside.problems.get(0)?.en).toMatch(/outside/);
    expect(outside.features[0]!.geometry).toBeNull();
    expect(() => toWgs84([square(x!, y!, 500)], 'EPSG:1234')).toThrow();
  });

  it('offers the zones that put a file with no stated system in the area, CGCS2000 3-degree first', () => {
    const def = projectionByCode('EPSG:4548')!.proj4;
    const [x, y] = proj4('WGS84', def).forward([117.05, 34.2]);
    const choices = projectionChoices([square(x!, y!, 100)], [117.0, 34.25]);
    expect(choices[0]).toMatchObject({ code: 'EPSG:4548' });
    expect(choices[0]!.distanceKm).toBeLessThan(10);
    expect(choices.map((c) => c.code)).toContain('EPSG:2384');
    // With the zone number in front of the easting only the zone-39 systems fit.
    const prefixed = projectionChoices([square(x! + 39_000_000, y!, 100)], [117.0, 34.25]);
    expect(prefixed[0]!.code).toBe('EPSG:4527');
    expect(prefixed.every((c) => / zone 39$/.test(c.name))).toBe(true);
    expect(projectionChoices([square(x!, y!, 100)], [87.6, 43.8])).toEqual([]);
    expect(readPrj('GEOGCS["x"]').kind).toBe('geographic');
  });
});
