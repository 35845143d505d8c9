-- Boundary files may also arrive as KMZ (zipped KML) and GeoPackage.
ALTER TABLE boundary_imports DROP CONSTRAINT boundary_imports_format_check;
ALTER TABLE boundary_imports ADD CONSTRAINT boundary_imports_format_check
  CHECK (format IN ('geojson', 'shapefile', 'kml', 'kmz', 'geopackage'));
