/** Image types a photo may be, recognised by their first bytes (never by the name or the claimed type). */
type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The type the bytes say they are, or null when they are not a JPEG, PNG or WebP image. */
export function sniffImage(bytes: Uint8Array): PhotoType | null {
  const at = (offset: number, ...expected: number[]) => expected.every((b, i) => bytes[offset + i] === b);
  if (bytes.length >= 4 && at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  // RIFF....WEBP
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}
