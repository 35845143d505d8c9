import type zh from './zh-CN.ts';

/** English, the second language; same keys as zh-CN. */
const en: typeof zh = {
  app: { title: 'Grid Governance Command Center', subtitle: 'One net, full coverage' },
  status: { live: 'Live', offline: 'Disconnected', embedded: 'Embedded database', postgres: 'PostGIS server' },
  level: { title: 'Level', county: 'County', township: 'Township', community: 'Community', grid: 'Grid', building: 'Building' },
  totals: {
    title: 'District overview',
    households: 'Households',
    residents: 'Residents',
    staff: 'Grid staff',
    workers: 'Grid workers',
    perWorker: 'Households/worker',
    buildings: 'Buildings',
    area: 'Area (km²)',
  },
  charts: {
    byLevel: 'Cells by level',
    workload: 'Worker load (households per worker)',
    households: 'Households',
    perWorker: 'Households/worker',
    top: 'heaviest {n}',
  },
  detail: {
    title: 'Cell details',
    empty: 'Click a cell on the map to see its figures',
    code: 'Code',
    level: 'Level',
    leader: 'Grid leader',
    parent: 'Parent',
    children: 'Contains',
    drill: 'Drill down',
    up: 'Up one level',
    close: 'Close',
    none: 'None',
    team: 'Grid team',
  },
  duty: { grid_leader: 'Grid leader', full_time: 'Full-time worker', part_time: 'Part-time worker' },
  children: { title: 'Cells: {level}', district: 'whole district', households: 'Households', workers: 'Workers', perWorker: 'Hh/worker' },
  units: { household: '', person: '', cell: '' },
  error: { load: 'Failed to load data: {message}', retry: 'Retry' },
  lang: { switch: '中文' },
};
export default en;
