import { SaxesParser, type SaxesTagNS } from 'saxes';
import { AppError } from '../../http/app-error.ts';
import { fieldsOf, type SourceFeature, type SourceFile } from './source-feature.ts';
import type { FileNote } from './files-contract.ts';

/** Elements that refer to other files, outermost first: what an href is named by in a warning. */
const REFERRERS = ['NetworkLink', 'GroundOverlay', 'ScreenOverlay', 'Model', 'Icon', 'Link'];

/**
 * KML placemarks with polygons (in MultiGeometry too), their name and extended data. The file is
 * read as XML by a streaming parser that does not resolve entities or DTDs, and nothing it refers
 * to (network links, icons, styles elsewhere) is fetched: such references become warnings, except
 * those `inside` says are files of the same KMZ (which its reader reads itself). `links` says
 * whether a network link to elsewhere was seen.
 */
export function readKml(bytes: Uint8Array, inside: (href: string) => boolean = () => false): SourceFile & { links: boolean } {
  const features: SourceFeature[] = [];
  const warnings = new Map<string, FileNote>();
  const stack: string[] = [];
  let text = '';
  let placemark: { properties: SourceFeature['properties']; polygons: number[][][][] } | null = null;
  let polygon: number[][][] | null = null;
  let dataName: string | null = null;
  const parser = new SaxesParser({ xmlns: true });
  let failure: Error | null = null;
  parser.on('error', (e) => {
    failure ??= e;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const name = tag.local;
    stack.push(name);
    text = '';
    if (name === 'Placemark') placemark = { properties: {}, polygons: [] };
    else if (name === 'Polygon' && placemark) polygon = [];
    else if ((name === 'Data' || name === 'SimpleData') && placemark) dataName = String(tag.attributes.name?.value ?? '') || null;
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('cdata', (t) => {
    text += t;
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    const name = tag.local;
    const parent = stack[stack.length - 2];
    if (name === 'href' && text.trim() && !inside(text.trim())) {
      const by = REFERRERS.find((r) => stack.includes(r)) ?? 'href';
      warnings.set(by, { zh: `${by}：外部引用，未获取`, en: `${by}: external reference not followed` });
    }
    if (placemark) {
      if (name === 'name' && parent === 'Placemark') placemark.properties.name = text.trim();
      else if (name === 'description' && parent === 'Placemark') placemark.properties.description = text.trim().slice(0, 500);
      else if ((name === 'value' && parent === 'Data') || name === 'SimpleData') {
        if (dataName) placemark.properties[dataName] = text.trim();
      } else if (name === 'coordinates' && polygon) polygon.push(parseCoordinates(text));
      else if (name === 'Polygon' && polygon) {
        placemark.polygons.push(polygon);
        polygon = null;
      } else if (name === 'Placemark') {
        const p = placemark;
        features.push({
          properties: p.properties,
          geometry:
            p.polygons.length === 0
              ? null
              : p.polygons.length === 1
                ? { type: 'Polygon', coordinates: p.polygons[0] }
                : { type: 'MultiPolygon', coordinates: p.polygons },
        });
        placemark = null;
      }
    }
    stack.pop();
    text = '';
  });
  try {
    parser.write(new TextDecoder('utf-8').decode(bytes)).close();
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure) throw new AppError(422, 'boundary_file_unreadable', { reason: `KML: ${(failure as Error).message.slice(0, 120)}` });
  return {
    links: warnings.has('NetworkLink'),
    features,
    fields: fieldsOf(features),
    crs: { crs: 'wgs84', reason: 'KML is WGS-84 by definition', reasonZh: 'KML 按定义为 WGS-84' },
    warnings: [...warnings.values()],
  };
}

/** "lon,lat[,alt] lon,lat …" → positions (altitude dropped; unparsable numbers kept as NaN for the checks to refuse). */
function parseCoordinates(text: string): number[][] {
  return text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((tuple) => tuple.split(',').slice(0, 2).map(Number));
}
