const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe to put into HTML. Every piece of code that builds HTML (chart tooltip formatters,
 * anything given to innerHTML) passes user-controlled text (names of cells, categories, people)
 * through this one helper: a name holding markup shows as that text, never as elements.
 */
export const escapeHtml = (text: unknown): string => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
