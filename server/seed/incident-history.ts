import { isStatus, PENDING_STEP, type Colour, type Step } from '../incidents/lifecycle.ts';
import { createRng, type Rng } from '../../geodata/random.ts';

/** A place incidents happen around: a building's point, its base grid and how many live there. */
export interface Anchor {
  lon: number;
  lat: number;
  gridCode: string;
  /** Relative chance of an incident here (households, or a fixed weight for shops and schools). */
  weight: number;
}

/** Inputs of the generator; categories and limits come from the database so the past obeys today's catalogue. */
export interface HistoryInput {
  seed: string;
  anchors: readonly Anchor[];
  categories: readonly { code: string; defaultColour: Colour }[];
  /** Minutes allowed per colour and step. */
  limits: Record<Colour, Record<Step, number>>;
  /** Epoch milliseconds: the first day starts at `from`, nothing happens at or after `now`. */
  from: number;
  now: number;
  /** Mean incidents per 1,000 weighted anchors per day. */
  ratePer1000: number;
}

/** One past incident with the moment it entered each status (epoch seconds); later steps absent if still open. */
interface HistoryIncident {
  category: string;
  colour: Colour;
  channel: 'patrol' | 'resident' | 'hotline' | 'department';
  description: string;
  lon: number;
  lat: number;
  gridCode: string;
  /** Statuses in order with their times; the last one is the current status. */
  steps: { status: string; at: number }[];
  /** Deadline of the pending step (epoch seconds), null once closed. */
  deadline: number | null;
  escalated: boolean;
  late: boolean;
  overdue: boolean;
}

/** Share of each category in a year of reports (environment and facilities dominate; emergencies are rare). */
const CATEGORY_SHARE: Record<string, number> = {
  environment: 25,
  infrastructure: 15,
  service: 15,
  dispute: 12,
  hazard: 12,
  public_order: 7,
  special_groups: 6,
  petition: 4,
  epidemic: 2,
  emergency: 2,
};

/** Reports per hour of day (Beijing time): patrols in the morning and afternoon, disputes in the evening. */
const DAY_CURVE = [1, 0.6, 0.4, 0.3, 0.3, 0.6, 2, 4, 7, 9, 9, 7, 5, 6, 8, 9, 8, 7, 6, 5, 4, 3, 2, 1.5];
const EVENING_CURVE = [2, 1.5, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 3, 3, 3, 3, 3, 3, 4, 4, 5, 7, 9, 9, 8, 5, 3];
const EVENING_CATEGORIES = new Set(['dispute', 'public_order', 'emergency']);

const CHANNELS = [
  ['patrol', 45],
  ['resident', 25],
  ['hotline', 20],
  ['department', 10],
] as const;

/** What residents and patrols actually write; no names, so nothing here is personal. */
const DESCRIPTIONS: Record<string, readonly string[]> = {
  environment: ['垃圾桶满溢未及时清运', '小区绿化带堆放建筑垃圾', '路边污水外溢', '楼道小广告需清理', '河道漂浮垃圾'],
  infrastructure: ['路灯不亮', '人行道地砖松动', '井盖缺失', '单元门禁损坏', '健身器材损坏'],
  service: ['居民咨询医保办理', '老人需要代办证明', '申请临时救助咨询', '快递柜占用消防通道协调', '独居老人求助更换灯泡'],
  dispute: ['邻里噪音纠纷', '楼上漏水引发邻里矛盾', '停车位纠纷', '物业费纠纷', '家庭矛盾需要调解'],
  hazard: ['电动车楼道内充电', '消防通道被占用', '燃气管道老化', '外墙瓷砖有脱落风险', '沿街商铺违规使用液化气'],
  public_order: ['夜间聚集喧哗', '可疑人员反复出现', '占道经营', '流浪犬伤人风险', '非法张贴'],
  special_groups: ['独居老人多日未见', '困难家庭需要帮扶', '留守儿童无人照看', '残疾人出行求助'],
  petition: ['居民反映拆迁补偿问题', '反映物业服务问题', '集体诉求需要接待'],
  epidemic: ['返乡人员健康登记', '发热人员排查'],
  emergency: ['民房起火', '燃气泄漏', '老人在家中摔倒', '车辆与行人相撞'],
};

/** What a report says before it has a place: category, colour, channel and words. */
interface ReportContent {
  category: string;
  colour: Colour;
  channel: HistoryIncident['channel'];
  description: string;
}

/** Relative chance of a category at an hour of day (Beijing): its share times its hour curve. */
function categoryWeightAt(code: string, hour: number): number {
  const curve = EVENING_CATEGORIES.has(code) ? EVENING_CURVE : DAY_CURVE;
  const mean = curve.reduce((a, b) => a + b, 0) / curve.length;
  return (CATEGORY_SHARE[code] ?? 5) * (curve[hour % 24]! / mean);
}

/** Draws what is reported at a given hour, from the catalogue in the database (the simulator's source). */
export function createReportSampler(categories: HistoryInput['categories']) {
  const pickChannel = weightedPicker(CHANNELS, (c) => c[1]);
  const byHour = Array.from({ length: 24 }, (_, h) => weightedPicker(categories, (c) => categoryWeightAt(c.code, h)));
  return (rng: Rng, hour: number): ReportContent => {
    const category = byHour[hour % 24]!(rng);
    return {
      category: category.code,
      colour: rng.chance(0.1) ? bump(category.defaultColour) : category.defaultColour,
      channel: pickChannel(rng)[0],
      description: rng.pick(DESCRIPTIONS[category.code] ?? ['群众反映问题']),
    };
  };
}

/** How long a step takes, in minutes: around 30 % of its limit, slower by `slowness`; above the limit it runs late. */
export function stepMinutes(rng: Rng, limitMinutes: number, slowness = 1): number {
  return limitMinutes * 0.3 * slowness * Math.exp(0.55 * rng.normal());
}

const STEPS: readonly (readonly [string, Step])[] = [
  ['accepted', 'accept'],
  ['dispatched', 'dispatch'],
  ['on_site', 'arrive'],
  ['resolved', 'resolve'],
  ['verified', 'verify'],
  ['closed', 'close'],
];
/** Steps whose lateness makes the dispatcher climb a level (as the live loop does). */
const CLIMBING: ReadonlySet<Step> = new Set(['accept', 'dispatch', 'arrive']);
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Picks by weight with a cumulative table and binary search (anchors run to the hundred thousand). */
export function weightedPicker<T>(items: readonly T[], weight: (t: T) => number): (rng: Rng) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) cumulative.push((total += weight(item)));
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

/** Poisson draw (Knuth for small means, normal approximation above 50). */
function poisson(rng: Rng, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

/** A stable slowness per grid: most near 1, a few grids chronically slow (the heat map's hot spots). */
function slownessOf(rng: Rng, gridCodes: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const code of gridCodes) {
    const slow = rng.chance(0.08) ? rng.range(1.8, 3) : 1;
    out.set(code, slow * Math.exp(0.3 * rng.normal()));
  }
  return out;
}

/**
 * Generates a believable past of incidents, day by day, deterministically from the seed: reports
 * cluster on busy buildings and a few hot spots, follow the hour of day per category, and move
 * through the closed loop with delays drawn around a fraction of each step's limit, slower in some
 * grids, so that some run late and climb a level as the live dispatcher would make them.
 */
export function* generateIncidentHistory(input: HistoryInput): Generator<HistoryIncident> {
  const rng = createRng(`${input.seed}/incident-history`);
  const gridCodes = [...new Set(input.anchors.map((a) => a.gridCode))].sort();
  const slowness = slownessOf(rng.fork('slowness'), gridCodes);
  const hotRng = rng.fork('hot-spots');
  const hot = new Set<Anchor>();
  const hotCount = Math.max(3, Math.round(input.anchors.length / 150));
  for (let i = 0; i < hotCount; i++) hot.add(hotRng.pick(input.anchors));
  const pickAnchor = weightedPicker(input.anchors, (a) => a.weight * (hot.has(a) ? 12 : 1));
  const known = input.categories.filter((c) => CATEGORY_SHARE[c.code] !== undefined);
  const catalogue = known.length > 0 ? known : input.categories;
  const pickCategory = weightedPicker(catalogue, (c) => CATEGORY_SHARE[c.code] ?? 5);
  const pickChannel = weightedPicker(CHANNELS, (c) => c[1]);
  const pickHour = weightedPicker(
    DAY_CURVE.map((_, h) => h),
    (h) => DAY_CURVE[h]!,
  );
  const pickEveningHour = weightedPicker(
    EVENING_CURVE.map((_, h) => h),
    (h) => EVENING_CURVE[h]!,
  );
  const totalWeight = input.anchors.reduce((s, a) => s + a.weight, 0);
  const dailyMean = (input.ratePer1000 * totalWeight) / 1000;
  const now = input.now / 1000;

  for (let day = input.from - ((input.from + BEIJING_OFFSET_MS) % DAY_MS); day < input.now; day += DAY_MS) {
    const dayRng = rng.fork(`day/${day}`);
    const weekday = new Date(day + BEIJING_OFFSET_MS + DAY_MS / 2).getUTCDay();
    const count = poisson(dayRng, dailyMean * (weekday === 0 || weekday === 6 ? 0.8 : 1));
    for (let n = 0; n < count; n++) {
      const category = pickCategory(dayRng);
      const hour = EVENING_CATEGORIES.has(category.code) ? pickEveningHour(dayRng) : pickHour(dayRng);
      const reportedAt = (day + hour * 3_600_000 + dayRng.next() * 3_600_000) / 1000;
      if (reportedAt * 1000 < input.from || reportedAt >= now) continue;
      const anchor = pickAnchor(dayRng);
      const colour = dayRng.chance(0.1) ? bump(category.defaultColour) : category.defaultColour;
      // ~30 m of scatter: the report is made at the door or on the street outside
      const lon = anchor.lon + dayRng.normal() * 0.0003;
      const lat = anchor.lat + dayRng.normal() * 0.00025;
      const slow = slowness.get(anchor.gridCode) ?? 1;
      const night = hour < 7 || hour >= 22 ? 1.6 : 1;
      yield walkLoop(dayRng, input.limits[colour], reportedAt, now, slow * night, {
        category: category.code,
        colour,
        channel: pickChannel(dayRng)[0],
        description: dayRng.pick(DESCRIPTIONS[category.code] ?? ['群众反映问题']),
        lon: Math.round(lon * 1e6) / 1e6,
        lat: Math.round(lat * 1e6) / 1e6,
        gridCode: anchor.gridCode,
      });
    }
  }
}

function bump(colour: Colour): Colour {
  return colour === 'blue' ? 'yellow' : colour === 'yellow' ? 'orange' : 'red';
}

/** Moves one incident through the loop from `reportedAt`, cut at `now`. */
function walkLoop(
  rng: Rng,
  limits: Record<Step, number>,
  reportedAt: number,
  now: number,
  slowness: number,
  base: Omit<HistoryIncident, 'steps' | 'deadline' | 'escalated' | 'late' | 'overdue'>,
): HistoryIncident {
  const steps = [{ status: 'reported', at: reportedAt }];
  let at = reportedAt;
  let escalated = false;
  // when the first deadline was missed: only lateness that has happened by `now` counts
  let lateAt = Infinity;
  for (const [status, step] of STEPS) {
    const limit = limits[step] * 60;
    const took = stepMinutes(rng, limits[step], slowness) * 60;
    if (took > limit) {
      lateAt = Math.min(lateAt, at + limit);
      if (CLIMBING.has(step) && !escalated) {
        // The dispatcher climbs at the deadline; the upper level accepts and re-enters the loop.
        escalated = true;
        const deadline = at + limit;
        steps.push({ status: 'escalated', at: deadline });
        at = deadline + limits.accept * 60 * 0.3 * Math.exp(0.4 * rng.normal());
        steps.push({ status: 'accepted', at });
        if (status !== 'accepted') {
          at += limits.dispatch * 60 * 0.2 * Math.exp(0.4 * rng.normal());
          steps.push({ status: 'dispatched', at });
        }
        if (status === 'on_site') {
          at += limit * 0.3 * Math.exp(0.4 * rng.normal());
          steps.push({ status, at });
        }
        continue;
      }
    }
    at += took;
    steps.push({ status, at });
  }
  // Whole seconds, each step at least a second after the one before, so a timeline sorted by time keeps its order.
  const past: { status: string; at: number }[] = [];
  for (const s of steps) {
    const at = Math.max(Math.round(s.at), (past[past.length - 1]?.at ?? -Infinity) + 1);
    if (at >= now) break;
    past.push({ status: s.status, at });
  }
  const current = past[past.length - 1]!;
  const pending = isStatus(current.status) ? PENDING_STEP[current.status] : null;
  const deadline = pending ? current.at + limits[pending] * 60 : null;
  const overdue = deadline !== null && deadline < now;
  const escalatedByNow = past.some((s) => s.status === 'escalated');
  return { ...base, steps: past, deadline, escalated: escalatedByNow, late: lateAt < now || overdue, overdue };
}
