// The default request categories and their departments (copied from the mission's
// reference/categories.json, so an installed Lianxin carries its own). Water, power, gas and
// heat are answered within 24 hours; every other matter within 7 working days, urgent ones
// within 24 hours. The administrator edits all of it after installation.
import { createRequire } from 'node:module';

interface Reference {
  departments: { code: string; zh: string; en: string }[];
  categories: { code: string; zh: string; en: string; department: string; covers: string }[];
}
const ref = createRequire(import.meta.url)('./categories.json') as Reference;

const UTILITIES = new Set(['water-drainage', 'heating-gas']);

export const DEFAULT_CATEGORIES = ref.categories.map((c) => ({
  ...c,
  replyLimit: UTILITIES.has(c.code) ? '24h' : '7d',
  urgentLimit: UTILITIES.has(c.code) ? '4h' : '24h',
}));
export const REFERENCE_DEPARTMENTS = ref.departments;
/** The category department that means "the township (street office) the request lies in". */
export const LOCAL_DEPARTMENT = 'street-office';
