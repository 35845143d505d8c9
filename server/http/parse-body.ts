import type { z } from 'zod';
import { invalidParameter } from './app-error.ts';

/** Parses input with a zod schema at the edge; the 400 names the first offending field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : 'body');
    throw invalidParameter(field, `不符合要求（${issue.message}）`, issue.message);
  }
  return result.data;
}
