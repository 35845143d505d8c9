/** A node of WKT1 (what a Shapefile's .prj holds): `KEYWORD[arg, …]`, each argument a string, a number or a node. */
export interface WktNode {
  key: string;
  args: (string | number | WktNode)[];
}

/** The longest .prj read: real ones are under 1 KB; anything far longer is not a coordinate system. */
const MAX_WKT = 16 * 1024;

/**
 * Parses WKT1 in either dialect (OGC's, with AUTHORITY nodes, or ESRI's, which GIS tools write
 * into .prj files), or returns null for anything that is not well-formed WKT: a .prj is the
 * uploader's text, so a broken one is "not stated" rather than an error.
 */
export function parseWkt(text: string): WktNode | null {
  const src = text.trim();
  if (src.length === 0 || src.length > MAX_WKT) return null;
  let at = 0;
  const space = () => {
    while (at < src.length && /\s/.test(src[at]!)) at++;
  };
  const node = (depth: number): WktNode | null => {
    if (depth > 32) return null;
    space();
    const key = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(at))?.[0];
    if (!key) return null;
    at += key.length;
    space();
    const open = src[at];
    if (open !== '[' && open !== '(') return null;
    at++;
    const args: WktNode['args'] = [];
    for (;;) {
      space();
      const c = src[at];
      if (c === '"') {
        const end = src.indexOf('"', at + 1);
        if (end < 0) return null;
        args.push(src.slice(at + 1, end));
        at = end + 1;
      } else if (c !== undefined && /[-+0-9.]/.test(c)) {
        const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(at))?.[0];
        if (!num) return null;
        args.push(Number(num));
        at += num.length;
      } else {
        const child = node(depth + 1);
        if (!child) return null;
        args.push(child);
      }
      space();
      if (src[at] === ',') at++;
      else if (src[at] === ']' || src[at] === ')') {
        at++;
        return { key: key.toUpperCase(), args };
      } else return null;
    }
  };
  const root = node(0);
  space();
  return root && at === src.length ? root : null;
}

/** The node's child nodes of a keyword. */
export const childrenOf = (n: WktNode, key: string): WktNode[] =>
  n.args.filter((a): a is WktNode => typeof a === 'object' && a.key === key);

/** The first node of a keyword anywhere below `n` (depth first). */
export function findNode(n: WktNode, key: string): WktNode | null {
  for (const a of n.args) {
    if (typeof a !== 'object') continue;
    if (a.key === key) return a;
    const deeper = findNode(a, key);
    if (deeper) return deeper;
  }
  return null;
}

/** The node's name (its first argument) when it is a string. */
export const nameOf = (n: WktNode | null): string => (n && typeof n.args[0] === 'string' ? n.args[0] : '');
