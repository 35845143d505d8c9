import type { Standards } from '../../server/settings/settings-contract.ts';
import { getJson } from './http.ts';

export type { Standards } from '../../server/settings/settings-contract.ts';

/** GET /api/settings/standards: what every chart measures against. */
export const fetchStandards = (): Promise<Standards> => getJson('/api/settings/standards');
