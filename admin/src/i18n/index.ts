import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { mergeTranslations, type TranslationMessages } from 'react-admin';
import raChinese from './raChinese';
import { domainMessages } from './domain';

export const LOCALES = [
  { locale: 'zh-CN', name: '简体中文' },
  { locale: 'en', name: 'English' },
] as const;
export type Locale = (typeof LOCALES)[number]['locale'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const messages: Record<Locale, TranslationMessages> = {
  'zh-CN': mergeTranslations(raChinese, domainMessages('zh')) as TranslationMessages,
  en: mergeTranslations(englishMessages, domainMessages('en')) as TranslationMessages,
};

/** Dotted keys of a message tree. */
export function messageKeys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (v && typeof v === 'object' ? messageKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

// react-admin adds messages with each release: a key our Chinese catalogue lacks would show in English
// (or as the bare key), so say so loudly at start (the browser tests fail on console errors).
const zhKeys = new Set(messageKeys(messages['zh-CN']));
const missing = messageKeys(messages.en).filter((k) => !zhKeys.has(k));
if (missing.length) console.error(`zh-CN translation missing for: ${missing.join(', ')}`);

export const i18nProvider = polyglotI18nProvider((locale) => messages[locale as Locale] ?? messages[DEFAULT_LOCALE], DEFAULT_LOCALE, [...LOCALES], {
  allowMissing: true,
});

/** The UI language as the API understands it (its Accept-Language). */
export function apiLanguage(): string {
  return i18nProvider.getLocale() === 'en' ? 'en' : 'zh-CN';
}

export function shortLang(): 'zh' | 'en' {
  return i18nProvider.getLocale() === 'en' ? 'en' : 'zh';
}
