/** What a list row or the drawer says of where a case is and how long it has run, from its summary. */
interface Locatable {
  status: string;
  gridName?: string | null;
  placeKind?: 'compound' | 'road' | null;
  placeName?: string | null;
  createdAt: string;
}

/** Grid and place as the dispatcher reads them: "松柏社区第一网格 · 清泉路附近"; '' when neither is known. */
export function whereText(row: Locatable, near: (name: string) => string): string {
  const place = row.placeName ? (row.placeKind === 'road' ? near(row.placeName) : row.placeName) : null;
  return [row.gridName, place].filter(Boolean).join(' · ');
}

/** Minutes an open case has run at `now`; null once closed (its time of day is what a list shows then). */
export function openMinutes(row: Locatable, now: number): number | null {
  if (row.status === 'closed') return null;
  return Math.max(0, (now - Date.parse(row.createdAt)) / 60_000);
}
