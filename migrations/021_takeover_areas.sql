-- A takeover belongs to a wall area; when a boundary publish deletes or merges that cell, its wall
-- is gone with it, and so are its takeovers (before, the publish failed on the reference).
ALTER TABLE takeovers DROP CONSTRAINT takeovers_area_code_fkey;
ALTER TABLE takeovers ADD CONSTRAINT takeovers_area_code_fkey FOREIGN KEY (area_code) REFERENCES grids (code) ON DELETE CASCADE;
