import { createI18n } from 'vue-i18n';
import en from './en.ts';
import zhCN from './zh-CN.ts';

/** UI languages, Simplified Chinese first. */
type Locale = 'zh-CN' | 'en';

const STORAGE_KEY = 'gridline.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

/** The app's i18n instance (composition mode). */
export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

/** Switches the UI language and remembers the choice (not personal data). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}
