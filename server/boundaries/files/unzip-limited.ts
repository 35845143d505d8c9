import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { AppError } from '../../http/app-error.ts';

/**
 * The entries of a ZIP that `wanted` picks, inflated in memory while counting: once all of them
 * together pass `limit` bytes the archive is refused (413) before more is inflated, so a zip bomb
 * (a few kilobytes that expand to gigabytes) costs no more than the limit.
 */
export function unzipLimited(bytes: Uint8Array, limit: number, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let expanded = 0;
  let failure: unknown = null;
  const unzip = new Unzip((file: UnzipFile) => {
    if (failure || !wanted(file.name)) return;
    const chunks: Uint8Array[] = [];
    file.ondata = (error, data, final) => {
      if (failure) return;
      try {
        if (error) throw new AppError(422, 'boundary_file_unreadable', { reason: error.message.slice(0, 120) });
        expanded += data.length;
        if (expanded > limit) throw new AppError(413, 'boundary_file_too_large', { max: Math.round(limit / 1024 / 1024) });
        chunks.push(data);
        if (final) out.set(file.name, concat(chunks));
      } catch (e) {
        failure = e;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !failure; at += 1 << 20) {
      const end = Math.min(at + (1 << 20), bytes.length);
      unzip.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch (error) {
    if (!failure) failure = new AppError(422, 'boundary_file_unreadable', { reason: (error as Error).message.slice(0, 120) });
  }
  if (failure) throw failure;
  return out;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}
