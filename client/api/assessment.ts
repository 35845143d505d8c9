import type { AssessmentMonth, Weights } from '../../server/assessment/assessment-contract.ts';
import type { Coverage } from '../../server/coverage/coverage-contract.ts';
import { getJson } from './http.ts';

export type { AssessmentCell, AssessmentMonth, AssessmentWorker, Band } from '../../server/assessment/assessment-contract.ts';

/** GET /api/assessment: a month of a level in the viewer's area (or a cell of it). */
export const fetchAssessment = (month: string, level: string, area?: string | null): Promise<AssessmentMonth> =>
  getJson(`/api/assessment?month=${month}&level=${encodeURIComponent(level)}${area ? `&area=${encodeURIComponent(area)}` : ''}`);

/** GET /api/assessment/weights. */
export const fetchWeights = (): Promise<Weights> => getJson('/api/assessment/weights');

/** GET /api/coverage: the gaps of the viewer's area. */
export const fetchCoverage = (): Promise<Coverage> => getJson('/api/coverage');
export type { Coverage, CoverageGap } from '../../server/coverage/coverage-contract.ts';
