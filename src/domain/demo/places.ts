// The fictional island district 长屿区, modelled on 长岛: three urban sub-districts on the main
// island in the south and seven township islands strung northwards across the strait, each
// with its fishing villages (渔村). Coordinates are plain lng/lat around 120.7E 37.9N.
import type { Rect } from './geometry.ts';

export const DISTRICT = { code: '370699', name: '长屿区', city: '烟台市', areaCode: '0535' } as const;
/** Ages and birth dates are computed against this day, not the clock (the report's date). */
export const REFERENCE_DATE = { year: 2026, month: 11, day: 21 } as const;

export type StreetKind = 'subdistrict' | 'township' | 'town';
export interface StreetSeed {
  name: string;
  kind: StreetKind;
  urban: boolean;
  rect: Rect;
  communities: string[];   // named communities at scale 1 (urban sub-districts only)
  villages: string[];      // named fishing villages at scale 1
}

const r = (minLng: number, minLat: number, maxLng: number, maxLat: number): Rect => ({ minLng, minLat, maxLng, maxLat });
const s = (x: string) => x.split(' ');

export const STREETS: StreetSeed[] = [
  { name: '南城街道', kind: 'subdistrict', urban: true, rect: r(120.70, 37.88, 120.76, 37.92), communities: s('海港 乐园 明珠 长山'), villages: s('王沟村 黄山村') },
  { name: '北城街道', kind: 'subdistrict', urban: true, rect: r(120.70, 37.92, 120.76, 37.96), communities: s('望海 渔港 金沙'), villages: s('嵩前村') },
  { name: '港湾街道', kind: 'subdistrict', urban: true, rect: r(120.76, 37.88, 120.80, 37.94), communities: s('月牙湾 观澜 银滩'), villages: s('孙家村') },
  { name: '北屿乡', kind: 'township', urban: false, rect: r(120.68, 37.97, 120.74, 38.01), communities: [], villages: s('花沟村 北庄村 店子村 嵩山村 英庄村 峰山村') },
  { name: '砣山镇', kind: 'town', urban: false, rect: r(120.70, 38.08, 120.76, 38.13), communities: [], villages: s('井口村 磨石嘴村 大口村 后口村 东村') },
  { name: '大钦乡', kind: 'township', urban: false, rect: r(120.66, 38.20, 120.72, 38.23), communities: [], villages: s('大钦东村 大钦南村 大钦北村 小濠村 鹊嘴村') },
  { name: '小钦乡', kind: 'township', urban: false, rect: r(120.70, 38.25, 120.74, 38.27), communities: [], villages: s('小钦村 龙爪村 山前村 西山村 黄石村') },
  { name: '南隍城乡', kind: 'township', urban: false, rect: r(120.72, 38.32, 120.76, 38.35), communities: [], villages: s('南隍城村 山后村 沙滩村 石板村 前坡村') },
  { name: '北隍城乡', kind: 'township', urban: false, rect: r(120.72, 38.37, 120.76, 38.40), communities: [], villages: s('北隍城村 北山前村 山后东村 后坡村 羊角村') },
  { name: '黑石乡', kind: 'township', urban: false, rect: r(120.58, 37.95, 120.64, 37.99), communities: [], villages: s('黑石北村 黑石南村 宋家村 于家村 姜家村') },
];

// Beyond scale 1 further names are composed; the sets below give thousands of distinct,
// plausible names before a numeric suffix is ever needed.
const COMMUNITY_A = '海港滨望观金银明乐长新青云松翠碧春安和福';
const COMMUNITY_B = '港湾园苑城海山沙澜滩林泉庭岸阁';
const COMMUNITY_C = ['', '东', '西', '南', '北', '中'];
const VILLAGE_A = ['东', '西', '南', '北', '前', '后', '大', '小', '上', '下', '中', '新', '老'];
const VILLAGE_B = ['', '石', '沙', '岭', '林', '峰', '家', '王', '李', '刘', '张', '孙'];
const VILLAGE_C = ['湾', '口', '岙', '嘴', '滩', '港', '山', '庄', '沟', '崖', '坨', '礁', '井', '坡', '台'];

/** The nth composed community stem (without 社区); deterministic, used after the named ones. */
export function composedCommunity(n: number): string {
  const pairs = COMMUNITY_A.length * COMMUNITY_B.length;
  const c = COMMUNITY_C[Math.floor(n / pairs) % COMMUNITY_C.length];
  const k = n % pairs;
  const base = COMMUNITY_A[k % COMMUNITY_A.length] + COMMUNITY_B[Math.floor(k / COMMUNITY_A.length)] + c;
  const round = Math.floor(n / (pairs * COMMUNITY_C.length));
  return round ? base + (round + 1) : base;
}

export function composedVillage(n: number): string {
  const per = VILLAGE_A.length * VILLAGE_C.length;
  const total = per * VILLAGE_B.length;
  const k = n % total;
  const a = VILLAGE_A[k % VILLAGE_A.length];
  const c = VILLAGE_C[Math.floor(k / VILLAGE_A.length) % VILLAGE_C.length];
  const b = VILLAGE_B[Math.floor(k / per)];
  const round = Math.floor(n / total);
  return a + b + c + (round ? String(round + 1) : '') + '村';
}

export const ROADS = s('滨海路 海港路 迎宾路 长山路 乐园路 渔港路 环山路 望海路 明珠路 黄海路 渤海路 港湾街 花园街 文化街 学府路 林海路 金沙路 银滩路 观澜路 月牙湾路 峰山路 海韵路 新港路 东山路 西山路 南山路 北山路 和平路 建设路 人民路 振兴路 海滨大道 古镇街 渔村巷 灯塔路 海鸥路 珍珠路 海燕路 望礁路 九丈崖路');

/** Buildings a fishing village has besides its houses; households never live in them. */
export const VILLAGE_BUILDINGS = s('村委会 渔业合作社 冷藏库 渔港服务楼 卫生室 文化活动中心 老年活动室 海产品加工厂');

// Area codes of the birthplaces written into ID numbers: mostly the district itself, then
// the rest of 烟台, the province, and 大连 across the strait.
export const ID_AREAS: readonly (readonly [string, number])[] = [
  ['370699', 78], ['370602', 3], ['370611', 2], ['370612', 2], ['370613', 1.5], ['370681', 2], ['370682', 1.5],
  ['370683', 1.5], ['370685', 1], ['370686', 1], ['370687', 1], ['371002', 1], ['370202', 1], ['370102', 1],
  ['210202', 1.5], ['210203', 0.5], ['230103', 0.5],
];

export const PHONE_PREFIXES = s('130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199');

export interface DepartmentSeed { code: string; name: string; kind: 'bureau' | 'office' }
/**
 * The 24 district departments: the 18 handling departments of reference/categories.json
 * (every one but 'street-office', which means "the local township") plus six more.
 */
export const DEPARTMENTS: DepartmentSeed[] = [
  { code: 'liaison-office', name: '连心服务办公室', kind: 'office' },
  { code: 'organisation', name: '组织部', kind: 'bureau' },
  { code: 'housing', name: '住房和城乡建设局', kind: 'bureau' },
  { code: 'urban-mgmt', name: '综合行政执法局（城管）', kind: 'bureau' },
  { code: 'transport', name: '交通运输局', kind: 'bureau' },
  { code: 'traffic-police', name: '公安交警大队', kind: 'bureau' },
  { code: 'police', name: '公安分局', kind: 'bureau' },
  { code: 'environment', name: '生态环境分局', kind: 'bureau' },
  { code: 'water', name: '水利局', kind: 'bureau' },
  { code: 'utilities', name: '公用事业服务中心（供水、供热、燃气）', kind: 'bureau' },
  { code: 'health', name: '卫生健康局', kind: 'bureau' },
  { code: 'medical-insurance', name: '医疗保障局', kind: 'bureau' },
  { code: 'hr-social', name: '人力资源和社会保障局', kind: 'bureau' },
  { code: 'civil-affairs', name: '民政局', kind: 'bureau' },
  { code: 'education', name: '教育局', kind: 'bureau' },
  { code: 'agriculture', name: '农业农村局', kind: 'bureau' },
  { code: 'market', name: '市场监督管理局', kind: 'bureau' },
  { code: 'culture-tourism', name: '文化和旅游局', kind: 'bureau' },
  { code: 'justice', name: '司法局', kind: 'bureau' },
  { code: 'discipline', name: '纪委监委', kind: 'bureau' },
  { code: 'finance', name: '财政局', kind: 'bureau' },
  { code: 'development', name: '发展和改革局', kind: 'bureau' },
  { code: 'ocean-fishery', name: '海洋发展和渔业局', kind: 'bureau' },
  { code: 'emergency', name: '应急管理局', kind: 'bureau' },
];

export interface TagSeed { name: string; priority: boolean; description: string }
export const HOUSEHOLD_TAGS: TagSeed[] = [
  { name: '低保户', priority: true, description: '享受最低生活保障的家庭 Households on the subsistence allowance' },
  { name: '困难户', priority: true, description: '生活困难、需要帮扶的家庭 Households in hardship' },
  { name: '五老', priority: true, description: '老党员、老干部、老教师、老军人、老模范 Veteran party members, cadres, teachers, soldiers, model workers' },
  { name: '独居老人', priority: true, description: '70岁以上独自居住的老人 People over 70 living alone' },
  { name: '重病', priority: true, description: '家庭成员身患重病，需及时走访 A member is seriously ill: visit promptly' },
  { name: '残疾', priority: false, description: '家庭成员持有残疾证 A member holds a disability certificate' },
  { name: '党员户', priority: false, description: '家庭中有中共党员 A member is a party member' },
  { name: '退役军人', priority: false, description: '家庭中有退役军人 A member is a veteran' },
  { name: '渔民', priority: false, description: '以海洋捕捞、养殖为业 Fishing or aquaculture household' },
];
