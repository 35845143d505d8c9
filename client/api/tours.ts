import type { OwnTour, TourStep, WallTour } from '../../server/tours/tours-contract.ts';
import { getJson, sendJson } from './http.ts';

export type { OwnTour, Scene, ScenePanel, TourStep, WallTour } from '../../server/tours/tours-contract.ts';

/** The tour of the wall asking (none for other viewers). */
export const fetchOwnTour = (): Promise<OwnTour> => getJson('/api/tour');
/** A wall token's tour, for its editor. */
export const fetchTour = (tokenId: number): Promise<WallTour> => getJson(`/api/wall-tokens/${tokenId}/tour`);
/** Saves a wall token's tour over the version the editor saw. */
export const saveTour = (tokenId: number, steps: TourStep[], version: number): Promise<WallTour> =>
  sendJson('PUT', `/api/wall-tokens/${tokenId}/tour`, { steps, version });
/** Stops a wall token's tour. */
export const stopTour = (tokenId: number, version: number): Promise<WallTour> =>
  sendJson('DELETE', `/api/wall-tokens/${tokenId}/tour`, { version });
