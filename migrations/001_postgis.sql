-- PostGIS is the authority for every geometry; both backends load the same extension.
CREATE EXTENSION IF NOT EXISTS postgis;
