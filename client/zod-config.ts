import { z } from 'zod';

// The API's contracts build zod schemas when they load. Zod would probe `new Function` to compile
// fast parsers, which the Content-Security-Policy (no 'unsafe-eval') reports as a violation even
// though zod catches the refusal; the client never parses with them, so the compiler is turned off.
// Imported first in main.ts, before any contract module evaluates.
z.config({ jitless: true });
