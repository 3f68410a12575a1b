// Chinese first, English on request. The choice is a module-level store (no provider needed),
// saved in localStorage so a cadre who switched once stays switched.
import { useSyncExternalStore } from 'react';
import type { ConfigProviderProps } from 'antd';
import zhModule from 'antd/es/locale/zh_CN.js';
import enModule from 'antd/es/locale/en_US.js';
import { messages, type MessageKey } from './messages.ts';

type Locale = NonNullable<ConfigProviderProps['locale']>;
// antd ships ESM without "type": "module", so TypeScript (NodeNext) sees the CommonJS shape
// while Vite hands over the default export; accept either.
const unwrap = (m: unknown) => ((m as { default?: Locale }).default ?? m) as Locale;
const zhCN = unwrap(zhModule);
const enUS = unwrap(enModule);

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'lx_lang';
const listeners = new Set<() => void>();

function stored(): Lang {
  try { return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh'; } catch { return 'zh'; }
}
let current: Lang = stored();
document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';

export function getLang(): Lang { return current; }

export function setLang(lang: Lang) {
  if (lang === current) return;
  current = lang;
  try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* private mode: the choice lasts the session */ }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((fn) => fn());
}

function subscribe(fn: () => void) { listeners.add(fn); return () => { listeners.delete(fn); }; }

export type Vars = Record<string, string | number>;

export function translate(key: MessageKey, vars?: Vars, lang: Lang = current): string {
  const pair = messages[key];
  let s: string = pair ? pair[lang === 'zh' ? 0 : 1] : key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function useI18n() {
  const lang = useSyncExternalStore(subscribe, getLang, getLang);
  return {
    lang,
    setLang,
    t: (key: MessageKey, vars?: Vars) => translate(key, vars, lang),
    /** Server texts come in pairs (message/message_en, reason/reason_en, roleLabel.zh/en). */
    pick: (zh: string | null | undefined, en: string | null | undefined) => (lang === 'en' && en ? en : zh ?? en ?? ''),
    antdLocale: lang === 'zh' ? zhCN : enUS,
  };
}

export type { MessageKey };
