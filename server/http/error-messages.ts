import type { ErrorCode } from './app-error.ts';

/** A language the API answers in (zh-CN first, en second). */
export type ApiLanguage = 'zh-CN' | 'en';

type Template = (d: Record<string, string | number>) => string;

const MESSAGES: Record<ErrorCode, Record<ApiLanguage, Template>> = {
  not_found: { 'zh-CN': () => '未找到', en: () => 'Not found' },
  route_not_found: {
    'zh-CN': (d) => `接口不存在：${d.method} ${d.path}`,
    en: (d) => `No such endpoint: ${d.method} ${d.path}`,
  },
  invalid_parameter: {
    'zh-CN': (d) => `参数 ${d.param} 无效：${d.reason}`,
    en: (d) => `Invalid parameter ${d.param}: ${d.reasonEn}`,
  },
  unknown_level: {
    'zh-CN': (d) => `参数 level 无效：没有名为“${d.level}”的网格层级（可用：${d.known}）`,
    en: (d) => `Invalid parameter level: there is no grid level "${d.level}" (known: ${d.known})`,
  },
  grid_not_found: {
    'zh-CN': (d) => `网格 ${d.code} 不存在`,
    en: (d) => `Grid ${d.code} does not exist`,
  },
  body_too_large: { 'zh-CN': () => '请求体过大', en: () => 'Request body too large' },
  invalid_json: { 'zh-CN': () => '请求体不是有效的 JSON', en: () => 'Request body is not valid JSON' },
  internal: { 'zh-CN': () => '服务器内部错误', en: () => 'Internal server error' },
};

/** Picks zh-CN unless the client prefers English (Accept-Language). */
export function pickLanguage(acceptLanguage: string | undefined): ApiLanguage {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]!.trim().toLowerCase();
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

/** The message for an error code in a language. */
export function errorMessage(code: ErrorCode, language: ApiLanguage, detail: Record<string, string | number>): string {
  return MESSAGES[code][language](detail);
}
