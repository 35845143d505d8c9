/** The two sizes of generated district, with the figures each must reach. */
export type ScaleName = 'demo' | 'county';

/** A density peak: a county seat or a township seat. */
export interface TownCentre {
  /** Position in metres from the district centre. */
  x: number;
  y: number;
  /** Radius in metres within which blocks are urban. */
  radius: number;
}

/** Parameters of one generated scale. */
export interface ScaleSpec {
  name: ScaleName;
  /** Mean radius of the district outline in metres. */
  radiusM: number;
  /** Distance between block centres in town cores and in open country, metres. */
  urbanSpacingM: number;
  ruralSpacingM: number;
  /** Target totals (DOMAIN.md for the county). */
  households: number;
  townships: number;
  communities: number;
  grids: number;
  /** Grid staff per base grid on average (leader + full-time + part-time). */
  staffPerGrid: number;
  /** Number of arterial roads crossing the district. */
  arterials: number;
  /** Number of township seats besides the main centre (county only). */
  townCentres: number;
}

/** Scale table: `demo` is one street office, `county` the figures of DOMAIN.md (seed 003). */
export const SCALES: Record<ScaleName, ScaleSpec> = {
  demo: {
    name: 'demo',
    radiusM: 1000,
    urbanSpacingM: 115,
    ruralSpacingM: 115,
    households: 10_000,
    townships: 1,
    communities: 5,
    grids: 30,
    staffPerGrid: 5,
    arterials: 3,
    townCentres: 0,
  },
  county: {
    name: 'county',
    radiusM: 21_000,
    urbanSpacingM: 120,
    ruralSpacingM: 560,
    households: 245_641,
    townships: 18,
    communities: 247,
    grids: 2_425,
    staffPerGrid: 5,
    arterials: 4,
    townCentres: 17,
  },
};
