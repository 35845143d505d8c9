import type { Rng } from './random.ts';

/** Two-character words that Chinese towns use for streets, compounds and communities. */
const WORDS = [
  '人民',
  '解放',
  '建设',
  '和平',
  '文化',
  '中山',
  '胜利',
  '光明',
  '新华',
  '长安',
  '青年',
  '东风',
  '朝阳',
  '滨河',
  '幸福',
  '振兴',
  '富民',
  '兴业',
  '育才',
  '府前',
  '工农',
  '团结',
  '友谊',
  '红星',
  '永安',
  '太平',
  '吉祥',
  '康宁',
  '丰收',
  '翠竹',
  '金桂',
  '银杏',
  '梧桐',
  '松柏',
  '杨柳',
  '桃园',
  '枫林',
  '荷塘',
  '清泉',
  '碧波',
  '锦绣',
  '阳光',
  '春晖',
  '秋实',
  '明珠',
  '凤凰',
  '龙腾',
  '瑞祥',
  '安居',
  '宜家',
  '和谐',
  '民主',
  '复兴',
  '兴华',
  '新村',
  '花园',
  '书香',
  '学府',
  '文昌',
  '启明',
  '长青',
  '怡和',
  '华苑',
  '紫荆',
  '丽景',
  '景泰',
  '泰和',
  '鸿运',
  '瑞丰',
  '德胜',
  '望湖',
  '观澜',
];
const DIRECTIONS = ['', '东', '西', '南', '北', '中'];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华玉兰文斌志强海燕红梅春梅晓东永刚丽娟宇浩欣怡子涵梓轩雨涵博文思远';
const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Chinese numeral for 1–99 (第三网格, 第十二网格). */
export function chineseNumber(n: number): string {
  if (n <= 10) return NUMERALS[n]!;
  if (n < 20) return `十${NUMERALS[n - 10]}`;
  const tens = Math.floor(n / 10);
  return `${NUMERALS[tens]}十${NUMERALS[n % 10]}`;
}

/**
 * Hands out names that are unique within one namer: words first, then the same
 * words with a direction (东/西/南/北/中), then numbered.
 */
export function createNamer(rng: Rng): (suffix: string) => string {
  const used = new Set<string>();
  const words = [...WORDS];
  for (let i = words.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [words[i], words[j]] = [words[j]!, words[i]!];
  }
  let cursor = 0;
  return (suffix) => {
    for (let tries = 0; tries < words.length * DIRECTIONS.length; tries++) {
      const w = words[cursor++ % words.length]!;
      const d = DIRECTIONS[Math.floor(tries / words.length) % DIRECTIONS.length]!;
      const name = `${d}${w}${suffix}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
    const name = `${words[cursor++ % words.length]!}${used.size}${suffix}`;
    used.add(name);
    return name;
  };
}

/** A plausible two- or three-character personal name. */
export function personName(rng: Rng): string {
  const surname = SURNAMES[rng.int(0, SURNAMES.length - 1)]!;
  const first = GIVEN[rng.int(0, GIVEN.length - 1)]!;
  return rng.chance(0.6) ? surname + first + GIVEN[rng.int(0, GIVEN.length - 1)]! : surname + first;
}

/** Suffixes by kind of place. */
export const SUFFIX = {
  arterial: ['大道', '路'],
  secondary: ['路', '大街'],
  local: ['街', '路', '巷'],
  lane: ['巷', '里'],
  compound: ['小区', '花园', '家园', '苑', '新村', '公寓', '佳苑', '名邸'],
  village: '村',
  community: '社区',
  street: '街道',
  town: '镇',
  township: '乡',
  river: '河',
  public: ['小学', '中学', '卫生院', '社区服务中心', '派出所', '文化站', '幼儿园'],
} as const;
