import { planBlock, type PlannedBuilding } from './buildings.ts';
import type { Household, Resident } from './people.ts';
import type { Block, Building, Compound, District, GridCell, GridLevel, Road, Staff, StaffAssignment, Waterway } from './district.ts';
import { centroid, signedArea, smoothLine, type Vec } from './geometry.ts';
import { buildHierarchy, type BlockGroup } from './hierarchy.ts';
import { assignLandUse, type LandUse } from './land-use.ts';
import { buildMesh, largestComponent, spacingAt } from './mesh.ts';
import { chineseNumber, createNamer, personName, SUFFIX } from './names.ts';
import { generateRegisters } from './registers.ts';
import { birthDateFor, drawAge, drawHouseholdSize } from './people.ts';
import { createProjection, type LonLat } from './projection.ts';
import { createRng, type Rng } from './random.ts';
import { SCALES, type ScaleName, type TownCentre } from './scales.ts';
import { planStreets, SETBACK_M } from './streets.ts';

/** Where the fictional 青禾县 lies (North China Plain); only our own data is ever drawn there. */
const DISTRICT_ORIGIN: LonLat = [116.95, 34.78];
/** GB/T 2260-style prefix of the fictional county (province 37, an unused city code 99). */
const COUNTY_PREFIX = '379901';

/** The levels of the generated hierarchy; configurable in the database. */
const DEFAULT_LEVELS: GridLevel[] = [
  { key: 'county', rank: 1, nameZh: '县', nameEn: 'County', tilesParent: true },
  { key: 'township', rank: 2, nameZh: '乡镇/街道', nameEn: 'Township / street', tilesParent: true },
  { key: 'community', rank: 3, nameZh: '社区/村', nameEn: 'Community / village', tilesParent: true },
  { key: 'grid', rank: 4, nameZh: '网格', nameEn: 'Grid', tilesParent: true },
  { key: 'building', rank: 5, nameZh: '楼栋', nameEn: 'Building', tilesParent: false },
];

function placeTownCentres(rng: Rng, radius: number, count: number): TownCentre[] {
  const seat: TownCentre = { x: 0, y: 0, radius: count === 0 ? radius * 1.5 : radius * 0.09 };
  const towns: TownCentre[] = [seat];
  for (let tries = 0; towns.length < count + 1 && tries < 5000; tries++) {
    const a = rng.range(0, 2 * Math.PI);
    const r = radius * Math.sqrt(rng.range(0.1, 0.62));
    const p = { x: r * Math.cos(a), y: r * Math.sin(a), radius: rng.range(380, 600) };
    if (towns.every((t) => Math.hypot(t.x - p.x, t.y - p.y) > radius * 0.22)) towns.push(p);
  }
  return towns;
}

/** Generates a whole district; the same (seed, scale) always yields identical data. */
export function generateDistrict(seed: string, scaleName: ScaleName = 'demo'): District {
  const spec = SCALES[scaleName];
  const root = createRng(`${seed}:${scaleName}`);
  const projection = createProjection(DISTRICT_ORIGIN);
  const centres = placeTownCentres(root.fork('towns'), spec.radiusM, spec.townCentres);
  const urbanity = (p: Vec): number =>
    spec.ruralSpacingM === spec.urbanSpacingM
      ? 1
      : (spec.ruralSpacingM - spacingAt(spec, centres, p)) / (spec.ruralSpacingM - spec.urbanSpacingM);
  const mesh = largestComponent(buildMesh(spec, centres, projection, root.fork('mesh')));
  const streets = planStreets(mesh, spec, centres, (p) => urbanity(p) >= 0.5, root.fork('streets'));
  const landUse: LandUse[] = assignLandUse(
    mesh,
    streets.edgeKind,
    urbanity,
    (p) => Math.hypot(p[0], p[1]) / spec.radiusM,
    root.fork('landuse'),
  );

  // Edge lookup per cell so each block side gets the setback of what runs along it.
  const edgeOf = new Map<string, number>();
  mesh.edges.forEach((e, i) => edgeOf.set(`${e.a}:${e.b}`, i));
  const kindBetween = (a: number, b: number) => streets.edgeKind[edgeOf.get(a < b ? `${a}:${b}` : `${b}:${a}`)!]!;
  const neighbours = mesh.cells.map(() => [] as number[]);
  for (const e of mesh.edges)
    if (e.cells.length === 2) {
      neighbours[e.cells[0]!]!.push(e.cells[1]!);
      neighbours[e.cells[1]!]!.push(e.cells[0]!);
    }

  const buildRng = root.fork('buildings');
  const plans = mesh.cells.map((cell, c) => {
    const points = cell.ring.map((v) => mesh.vertices[v]!);
    const margins = cell.ring.map((v, k) => SETBACK_M[kindBetween(v, cell.ring[(k + 1) % cell.ring.length]!)]);
    return planBlock({ points, margins }, landUse[c]!, buildRng);
  });

  // Occupancy scales dwellings to the target household count (some flats stand empty).
  const capacity = plans.reduce((s, p) => s + p.buildings.reduce((t, b) => t + b.capacity, 0), 0);
  const occupancy = Math.min(1, spec.households / Math.max(1, capacity));
  if (process.env.GEODATA_DEBUG) console.log('capacity', capacity, 'occupancy', occupancy);
  let carry = 0;
  const occupied = plans.map((p) =>
    p.buildings.map((b) => {
      const exact = b.capacity * occupancy + carry;
      const n = Math.round(exact);
      carry = exact - n;
      return n;
    }),
  );
  const blockHouseholds = occupied.map((list) => list.reduce((a, b) => a + b, 0));
  const centreOf = mesh.cells.map((cell) => centroid(cell.ring.map((v) => mesh.vertices[v]!)));
  const areaOf = mesh.cells.map((cell) => signedArea(cell.ring.map((v) => mesh.vertices[v]!)));

  const tree = buildHierarchy(
    mesh.cells.map((_, i) => i),
    { neighbours: (b) => neighbours[b]!, centre: (b) => centreOf[b]!, households: (b) => blockHouseholds[b]!, area: (b) => areaOf[b]! },
    [spec.townships, spec.communities, spec.grids],
    root.fork('hierarchy'),
    spec.townCentres > 0 ? centres.map((c) => [c.x, c.y] as Vec) : undefined,
  );

  // Codes and names, top down.
  const names = createNamer(root.fork('names'));
  const peopleRng = root.fork('people');
  const cells: GridCell[] = [];
  const staff: Staff[] = [];
  const assignments: StaffAssignment[] = [];
  const gridOfBlock = new Array<string>(mesh.cells.length);
  const communityNameOfBlock = new Array<string>(mesh.cells.length);
  const hire = (gridCode: string, role: Staff['role']): number => {
    const id = staff.length + 1;
    staff.push({ id, name: personName(peopleRng), gender: peopleRng.chance(0.55) ? 'F' : 'M', role });
    assignments.push({ staffId: id, gridCode, duty: role });
    return id;
  };
  const isUrbanGroup = (g: BlockGroup): boolean => {
    const urban = g.blocks.filter((b) => urbanity(centreOf[b]!) >= 0.5).length;
    return urban * 2 >= g.blocks.length;
  };
  const countyCode = `${COUNTY_PREFIX}000000`;
  cells.push({ code: countyCode, name: '青禾县', level: 'county', parentCode: null, leaderStaffId: hire(countyCode, 'grid_leader') });
  tree.children.forEach((township, ti) => {
    const tCode = `${COUNTY_PREFIX}${String(ti + 1).padStart(3, '0')}000`;
    const tUrban = isUrbanGroup(township);
    const tName = scaleName === 'demo' ? '青禾街道' : names(tUrban ? SUFFIX.street : ti % 3 === 0 ? SUFFIX.township : SUFFIX.town);
    cells.push({ code: tCode, name: tName, level: 'township', parentCode: countyCode, leaderStaffId: hire(tCode, 'grid_leader') });
    let urbanSeq = 0;
    let ruralSeq = 0;
    township.children.forEach((community) => {
      const urban = isUrbanGroup(community);
      const cCode = `${tCode.slice(0, 9)}${urban ? String(++urbanSeq).padStart(3, '0') : String(200 + ++ruralSeq)}`;
      const cName = names(urban ? SUFFIX.community : SUFFIX.village);
      cells.push({ code: cCode, name: cName, level: 'community', parentCode: tCode, leaderStaffId: hire(cCode, 'grid_leader') });
      community.children.forEach((grid, gi) => {
        const gCode = `${cCode}${String(gi + 1).padStart(3, '0')}`;
        const leader = hire(gCode, 'grid_leader');
        hire(gCode, 'full_time');
        const partTime = Math.max(1, Math.round(spec.staffPerGrid - 2 + peopleRng.range(-1, 1)));
        for (let k = 0; k < partTime; k++) hire(gCode, 'part_time');
        cells.push({
          code: gCode,
          name: `${cName}第${chineseNumber(gi + 1)}网格`,
          level: 'grid',
          parentCode: cCode,
          leaderStaffId: leader,
        });
        for (const b of grid.blocks) {
          gridOfBlock[b] = gCode;
          communityNameOfBlock[b] = cName;
        }
      });
    });
  });

  const toRing = (pts: readonly Vec[]): LonLat[] => pts.map((p) => projection.toLonLat(p));
  const blocks: Block[] = mesh.cells.map((cell, i) => ({
    id: i + 1,
    landUse: landUse[i]!,
    gridCode: gridOfBlock[i]!,
    ring: cell.ring.map((v) => projection.toLonLat(mesh.vertices[v]!)),
  }));

  const compounds: Compound[] = [];
  const buildings: Building[] = [];
  const households: Household[] = [];
  const residents: Resident[] = [];
  const houseRng = root.fork('households');
  plans.forEach((plan, b) => {
    const compoundIds = plan.compounds.map((c) => {
      if (c.ring.length < 3) return null;
      const id = compounds.length + 1;
      compounds.push({ id, blockId: b + 1, name: names(houseRng.pick(SUFFIX.compound)), ring: toRing(c.ring) });
      return id;
    });
    const publicName = landUse[b] === 'public' ? names(houseRng.pick(SUFFIX.public)) : null;
    let number = 0;
    plan.buildings.forEach((pb: PlannedBuilding, k) => {
      const id = buildings.length + 1;
      const compoundId = pb.compound >= 0 ? (compoundIds[pb.compound] ?? null) : null;
      const place = compoundId ? compounds[compoundId - 1]!.name : pb.kind === 'house' ? communityNameOfBlock[b]! : (publicName ?? '');
      number++;
      const name =
        pb.kind === 'house' ? `${place}${number}号` : pb.kind === 'residential' ? `${place}${number}号楼` : `${place}${number}号楼`;
      buildings.push({ id, blockId: b + 1, compoundId, name, kind: pb.kind, floors: pb.floors, units: pb.units, ring: toRing(pb.ring) });
      const centre = centroid(pb.ring);
      const dwellings = occupied[b]![k]!;
      for (let h = 0; h < dwellings; h++) {
        const hid = households.length + 1;
        const unit = (h % pb.units) + 1;
        const floor = (Math.floor(h / (pb.units * 2)) % pb.floors) + 1;
        const room = `${floor}${String((h % 2) + 1).padStart(2, '0')}`;
        const address = pb.kind === 'residential' ? `${name}${unit}单元${room}室` : h === 0 ? name : `${name}之${h + 1}`;
        households.push({ id: hid, buildingId: id, address, unit, floor, size: 0, location: projection.toLonLat(centre) });
        const size = drawHouseholdSize(houseRng);
        households[hid - 1]!.size = size;
        for (let r = 0; r < size; r++) {
          const age = r === 0 ? Math.max(20, drawAge(houseRng)) : drawAge(houseRng);
          residents.push({
            id: residents.length + 1,
            householdId: hid,
            gender: houseRng.chance(0.5) ? 'M' : 'F',
            birthDate: birthDateFor(age, houseRng),
          });
        }
      }
    });
  });

  const roadNames = createNamer(root.fork('road-names'));
  const minNamedLength = spec.urbanSpacingM * 2.2;
  const routeNames = new Map<number, string>();
  const nameRoute = (route: number, roadClass: 'arterial' | 'secondary'): string => {
    if (!routeNames.has(route)) routeNames.set(route, roadNames(root.pick(SUFFIX[roadClass])));
    return routeNames.get(route)!;
  };
  const roads: Road[] = streets.chains.map((chain, i) => {
    const pts = chain.vertices.map((v) => mesh.vertices[v]!);
    let length = 0;
    for (let k = 1; k < pts.length; k++) length += Math.hypot(pts[k]![0] - pts[k - 1]![0], pts[k]![1] - pts[k - 1]![1]);
    const cls = chain.roadClass;
    const name =
      chain.route !== null && (cls === 'arterial' || cls === 'secondary')
        ? nameRoute(chain.route, cls)
        : length >= minNamedLength && cls !== 'lane'
          ? roadNames(root.pick(SUFFIX[cls]))
          : null;
    return { id: i + 1, name, roadClass: cls, line: toRing(pts) };
  });
  const waterways: Waterway[] =
    streets.river.length > 1
      ? [
          {
            id: 1,
            name: '清禾河',
            widthM: scaleName === 'demo' ? 40 : 70,
            line: toRing(
              smoothLine(
                streets.river.map((v) => mesh.vertices[v]!),
                3,
              ),
            ),
          },
        ]
      : [];

  return {
    seed,
    scale: scaleName,
    origin: DISTRICT_ORIGIN,
    levels: DEFAULT_LEVELS,
    cells,
    blocks,
    roads,
    waterways,
    compounds,
    buildings,
    households,
    residents,
    staff,
    assignments,
    registers: generateRegisters(root.fork('registers'), COUNTY_PREFIX, households, residents),
  };
}
