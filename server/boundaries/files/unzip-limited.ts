import { inflateZip } from '../../files/inflate-zip.ts';
import { AppError } from '../../http/app-error.ts';

/**
 * The entries of a ZIP that `wanted` picks, inflated into memory; refused (413) once all of them
 * together pass `limit` bytes, before more is inflated (see inflate-zip.ts).
 */
export async function unzipLimited(bytes: Uint8Array, limit: number, wanted: (name: string) => boolean): Promise<Map<string, Uint8Array>> {
  const chunks = new Map<string, Uint8Array[]>();
  const out = new Map<string, Uint8Array>();
  await inflateZip(
    bytes,
    limit,
    wanted,
    (name, data, final) => {
      const list = chunks.get(name) ?? [];
      list.push(data);
      chunks.set(name, list);
      if (final) out.set(name, concat(list));
    },
    {
      tooLarge: () => new AppError(413, 'boundary_file_too_large', { max: Math.round(limit / 1024 / 1024) }),
      unreadable: (reason) => new AppError(422, 'boundary_file_unreadable', { reason }),
    },
  );
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
