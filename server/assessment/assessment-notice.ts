import type { Db } from '../db/db.ts';
import type { Viewer } from '../auth/scope.ts';
import { toXlsx } from '../files/export-xlsx.ts';
import type { AssessmentMonth, assessmentQuery } from './assessment-contract.ts';
import { WEIGHT_KEYS } from './assessment-contract.ts';
import { monthAssessment } from './assessment-service.ts';
import type { z } from 'zod';

const BAND = { green: '绿', yellow: '黄', red: '红' } as const;
const WEIGHT_NAMES: Record<(typeof WEIGHT_KEYS)[number], string> = {
  closure: '办结',
  onTime: '按时',
  arrival: '到场',
  settledLow: '就地解决',
  visits: '走访',
  workload: '负荷',
  repeats: '不重复',
};
const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((1000 * part) / whole) / 10}%` : '');

/** The notice's title: the area, the month and the level (青禾街道 2025年3月 网格考核通报). */
export function noticeTitle(areaName: string, month: string, levelName: string): string {
  const [y, m] = month.split('-');
  return `${areaName} ${y}年${Number(m)}月 ${levelName}考核通报`;
}

/**
 * The month's notice (通报) as rows of a sheet, in Chinese: the title, when the figures were
 * frozen and with what weights, the ranking with every indicator, then the cells named best and
 * worst (先进 / 后进). Ranked order; unscored cells last.
 */
export function noticeRows(m: AssessmentMonth, title: string): (string | number | null)[][] {
  const ranked = [...m.cells].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : 1));
  const names = (standing: 'best' | 'worst') =>
    ranked
      .filter((c) => c.standing === standing)
      .map((c) => c.name)
      .join('、') || '—';
  return [
    [title],
    [m.frozenAt ? `数据截至 ${m.month} 月末，已冻结` : `本月进行中，数据截至 ${m.asOf}`],
    [`权重：${WEIGHT_KEYS.map((k) => `${WEIGHT_NAMES[k]} ${Math.round(m.weights[k] * 100)}%`).join('，')}`],
    [],
    [
      '排名',
      '名称',
      '编码',
      '等级',
      '得分',
      '事件数',
      '办结率',
      '按时办结率',
      '到场中位（分钟）',
      '办结中位（分钟）',
      '超时未办',
      '就地解决率',
      '走访达标率',
      '户/网格员',
      '重复上报',
      '实际/预期',
      '调整后排名',
      '评定',
    ],
    ...ranked.map((c) => {
      const f = c.indicators;
      return [
        c.rank,
        c.name,
        c.code,
        c.band ? BAND[c.band] : null,
        c.score,
        f.reports,
        pct(f.closed, f.reports),
        pct(f.closedOnTime, f.closed),
        f.arriveP50,
        f.closeP50,
        f.overdueOpen,
        pct(f.settledLow, f.closed),
        pct(f.visited, f.members),
        f.workers > 0 ? Math.round(f.households / f.workers) : null,
        f.repeats,
        c.expected?.ratio ?? null,
        c.riskRank,
        c.standing === 'best' ? '先进' : c.standing === 'worst' ? '后进' : null,
      ];
    }),
    [],
    ['先进', names('best')],
    ['后进', names('worst')],
  ];
}

/** GET /api/assessment/notice.xlsx: the notice of a month and level for the viewer's area. */
export async function noticeXlsx(
  db: Db,
  viewer: Viewer,
  q: z.infer<typeof assessmentQuery>,
): Promise<{ fileName: string; body: Uint8Array }> {
  const m = await monthAssessment(db, viewer, q);
  const [level] = await db.query<{ name: string }>('SELECT name_zh AS name FROM grid_levels WHERE key = $1', [q.level]);
  const title = noticeTitle(m.areaName, q.month, level?.name ?? q.level);
  const rows = noticeRows(m, title);
  return { fileName: `${title}.xlsx`, body: await toXlsx(rows[0]!.map(String), rows.slice(1), `${q.month} 考核`) };
}
