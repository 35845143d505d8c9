import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Whether GDAL (Debian's gdal-bin) is here: CI installs it; elsewhere its tests skip. */
export const hasGdal = (): boolean => spawnSync('ogr2ogr', ['--version']).status === 0;

/**
 * Writes `inputs` into a fresh directory, runs each GDAL command there (`['ogr2ogr', …]` or
 * `['ogrinfo', …]`, paths relative to it) and returns every file they wrote, by name: the files
 * a survey office's GIS would deliver.
 */
export function gdalFiles(inputs: Record<string, string>, commands: string[][]): Map<string, Uint8Array> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gridline-gdal-'));
  try {
    for (const [name, text] of Object.entries(inputs)) writeFileSync(path.join(dir, name), text);
    for (const [tool, ...args] of commands) execFileSync(tool!, args, { cwd: dir, stdio: 'pipe' });
    const files = new Map<string, Uint8Array>();
    for (const name of readdirSync(dir)) if (!(name in inputs)) files.set(name, new Uint8Array(readFileSync(path.join(dir, name))));
    return files;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
