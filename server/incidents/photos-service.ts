import { createHash } from 'node:crypto';
import { auditSuccess } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { sniffImage } from './photo-sniff.ts';
import * as sql from './photos-sql.ts';

/** Largest photo accepted (a phone's JPEG is 2–4 MB) and how many one incident may carry. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const MAX_PHOTOS = 6;

/* Photos of incidents: stored in the database, typed by their bytes, served only inside the viewer's area. */
/** Stores one photo; `declared` is the request's Content-Type, which must agree with the bytes. */
export async function addPhoto(db: Db, viewer: Viewer, incidentId: string, declared: string, bytes: Buffer, client: ClientInfo) {
  const type = sniffImage(bytes);
  if (!type || type !== declared) throw new AppError(415, 'not_an_image', {}, 'photo');
  return db.transaction(async (tx) => {
    if ((await tx.query(sql.LOCK_VISIBLE_INCIDENT, [incidentId, viewer.areaPath])).length === 0)
      throw new AppError(404, 'incident_not_found', { id: incidentId });
    const [count] = await tx.query<{ n: number }>(sql.COUNT_PHOTOS, [incidentId]);
    if (count!.n >= MAX_PHOTOS) throw new AppError(409, 'too_many_photos', { max: MAX_PHOTOS }, 'photo');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const [photo] = await tx.query<{ id: string }>(sql.INSERT_PHOTO, [incidentId, type, bytes.length, sha256, bytes]);
    await auditSuccess(tx, viewer, client, 'incident.photo.add', ['incident', incidentId], { photo: photo!.id, type, size: bytes.length });
    return photo!;
  });
}

export const listPhotos = (db: Db, incidentId: string) => db.query(sql.LIST_PHOTOS, [incidentId]);

/** One photo's bytes; a photo may show people, so every read is audited. */
export async function readPhoto(db: Db, viewer: Viewer, incidentId: string, photoId: string, client: ClientInfo) {
  const [row] = await db.query<{ contentType: string; bytes: Uint8Array; sha256: string }>(sql.SELECT_PHOTO, [
    photoId,
    incidentId,
    viewer.areaPath,
  ]);
  if (!row) throw new AppError(404, 'photo_not_found');
  await auditSuccess(db, viewer, client, 'incident.photo.read', ['incident', incidentId], { photo: photoId });
  return { contentType: row.contentType, bytes: Buffer.from(row.bytes), etag: `"${row.sha256}"` };
}
