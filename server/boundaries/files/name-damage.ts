import type { NameDamage } from './files-contract.ts';
import type { SourceFeature } from './source-feature.ts';

/** Latin-1 letters in a row: how text in GBK or UTF-8 reads when taken for Latin-1 (第一 → µÚÒ»). */
const LATIN_RUN = /[\u00a0-\u00ff]{2,}/;
const CJK = /[\u3400-\u9fff]/;

/** Whether a Latin-1 reading of a string's bytes is, read again as GB18030 or UTF-8, Chinese. */
function isMojibake(value: string): boolean {
  if (!LATIN_RUN.test(value) || CJK.test(value) || [...value].some((c) => c.codePointAt(0)! > 0xff)) return false;
  const bytes = Uint8Array.from([...value].map((c) => c.codePointAt(0)!));
  for (const encoding of ['utf-8', 'gb18030'])
    try {
      if (CJK.test(new TextDecoder(encoding, { fatal: true }).decode(bytes))) return true;
    } catch {
      // not this encoding
    }
  return false;
}

/** What, if anything, an encoding did to one value. */
export function damageOf(value: string): NameDamage['kind'] | null {
  if (value.includes('\ufffd')) return 'undecodable';
  // Characters an encoding could not hold are written as "?": a name of only "?" (and digits or
  // separators) is lost for good, whatever it is read as now.
  if ((value.match(/\?/g)?.length ?? 0) >= 2 && /^[?\s\d_\-.()（）#]*$/.test(value)) return 'lost';
  if (isMojibake(value)) return 'mojibake';
  return null;
}

/**
 * The text attributes that an encoding destroyed, with how many values of each and a few
 * examples: a Shapefile written in an encoding without Chinese imports as "????????", and one
 * read in the wrong encoding as mojibake, both silently unless someone looks.
 */
export function damagedNames(features: readonly SourceFeature[]): NameDamage[] {
  const byField = new Map<string, NameDamage>();
  for (const f of features)
    for (const [field, value] of Object.entries(f.properties)) {
      if (typeof value !== 'string') continue;
      const kind = damageOf(value);
      if (!kind) continue;
      const d = byField.get(field) ?? { field, kind, count: 0, examples: [] };
      d.count++;
      if (d.examples.length < 3) d.examples.push(value.slice(0, 40));
      byField.set(field, d);
    }
  return [...byField.values()];
}

/** How many values an encoding damaged, over all attributes. */
export const damageCount = (features: readonly SourceFeature[]): number => damagedNames(features).reduce((n, d) => n + d.count, 0);
