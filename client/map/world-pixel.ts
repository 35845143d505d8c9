/** Pixel position of a point in the whole world's image at a zoom (Web Mercator, 512-pixel tiles as MapLibre draws them). */
export function worldPixel([lon, lat]: readonly [number, number], zoom: number): [number, number] {
  const size = 512 * 2 ** zoom;
  const sin = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size];
}

/** The XYZ tile holding a point at a zoom (the base map's tile addresses). */
export function tileOf(lonLat: readonly [number, number], zoom: number): [number, number] {
  const [x, y] = worldPixel(lonLat, zoom);
  return [Math.floor(x / 512), Math.floor(y / 512)];
}
