/**
 * Collects items pushed within `ms` of each other and hands them over once: several cells of one
 * publish arrive as several events, and one reload of their parents serves them all.
 */
export function batched<T>(ms: number, flush: (items: T[]) => void): { push(item: T): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const items = new Set<T>();
  return {
    push(item) {
      items.add(item);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const all = [...items];
        items.clear();
        flush(all);
      }, ms);
    },
    cancel() {
      clearTimeout(timer);
      items.clear();
    },
  };
}
