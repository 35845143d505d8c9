import { setImmediate } from 'node:timers/promises';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import type { AppError } from '../http/app-error.ts';

/** Compressed bytes inflated between two turns of the event loop: at most about 1 MB expanded, a few ms of parsing. */
const SLICE = 1024;

/** The errors an upload's kind answers with: too large (413), unreadable (422). */
interface ZipErrors {
  tooLarge: () => AppError;
  unreadable: (reason: string) => AppError;
}

/**
 * Streams the entries of a ZIP that `wanted` picks through `onData`, counting what is inflated:
 * past `limit` bytes in all the archive is refused before more is inflated, so a zip bomb (a few
 * kilobytes that expand to gigabytes) costs no more than the limit. Returns every entry's name.
 * Spreadsheets (XLSX) and Shapefiles arrive this way.
 *
 * The archive is fed a few kilobytes at a time with a turn of the event loop between: deflate
 * expands at most about 1,000 to 1, so no slice keeps the server from others for more than a few
 * milliseconds, where a workbook of a million rows inflated in one go held it for most of a second.
 */
export async function inflateZip(
  bytes: Uint8Array,
  limit: number,
  wanted: (name: string) => boolean,
  onData: (name: string, data: Uint8Array, final: boolean) => void,
  errors: ZipErrors,
): Promise<string[]> {
  let expanded = 0;
  let failure: unknown = null;
  const names: string[] = [];
  const unzip = new Unzip((file: UnzipFile) => {
    names.push(file.name);
    if (failure || !wanted(file.name)) return;
    file.ondata = (error, data, final) => {
      if (failure) return;
      try {
        if (error) throw errors.unreadable(error.message.slice(0, 200));
        expanded += data.length;
        if (expanded > limit) throw errors.tooLarge();
        onData(file.name, data, final);
      } catch (e) {
        failure = e;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    // Fed in slices so a failure stops the work early instead of after the whole archive.
    for (let at = 0; at < bytes.length && !failure; at += SLICE) {
      const end = Math.min(at + SLICE, bytes.length);
      unzip.push(bytes.subarray(at, end), end === bytes.length);
      if (end < bytes.length) await setImmediate();
    }
  } catch (error) {
    if (!failure) failure = errors.unreadable((error as Error).message.slice(0, 200));
  }
  if (failure) throw failure;
  return names;
}
