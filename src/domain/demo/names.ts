// Chinese personal names. Surnames are weighted towards the Jiaodong coast (王, 张, 刘, 李,
// and the local 于, 姜, 曲, 隋, 鞠, 栾, 丛); given names follow the fashion of the birth decade,
// so a 1948-born woman is 秀英 and her 2012-born granddaughter 梓涵.
import { chance, pick, weighted, type Rng } from './random.ts';

export type Gender = 'M' | 'F';

export const surname = weighted<string>([
  ['王', 90], ['张', 70], ['刘', 62], ['李', 60], ['孙', 42], ['于', 40], ['姜', 32], ['赵', 30], ['杨', 28],
  ['陈', 26], ['徐', 25], ['宋', 25], ['曲', 20], ['高', 20], ['林', 18], ['周', 16], ['吴', 14], ['马', 14],
  ['郭', 14], ['邹', 13], ['隋', 10], ['迟', 10], ['鞠', 9], ['栾', 9], ['丛', 9], ['滕', 8], ['董', 10],
  ['唐', 8], ['梁', 8], ['韩', 10], ['吕', 8], ['崔', 9], ['薛', 6], ['谭', 5], ['黄', 7], ['袁', 5], ['许', 7],
  ['范', 6], ['侯', 5], ['衣', 4], ['初', 4], ['慕', 3], ['牟', 4], ['战', 3], ['修', 3], ['臧', 3], ['葛', 4],
  ['曹', 6], ['冯', 6], ['邵', 5], ['孔', 4], ['毕', 4], ['乔', 3], ['田', 5], ['蒋', 4], ['欧阳', 1], ['司马', 0.3],
]);

type Era = 'old' | 'mid' | 'young';
const eraOf = (birthYear: number): Era => (birthYear < 1962 ? 'old' : birthYear < 1986 ? 'mid' : 'young');

const split = (s: string) => s.split(' ');
const GIVEN: Record<Era, Record<Gender, string[]>> = {
  old: {
    M: split('建国 国庆 德福 永福 长山 振海 福海 春生 德胜 玉山 宝山 庆余 同福 进财 洪海 连生 维新 志远 明德 守义 广田 兆林 树林 金海 茂林 丰年 学文 殿臣 庆祥 恩和 海山 成海 延年 克勤 有才 德顺 连福 永庆'),
    F: split('秀英 桂兰 玉兰 秀兰 凤英 桂英 玉珍 淑芬 素芳 翠花 玉梅 秀珍 兰英 桂芝 凤兰 淑贞 秀云 玉英 春兰 金凤 秀芳 爱莲 桂芳 淑兰 玉芹 美英 秀荣 素珍 淑英 月英 桂香 凤琴'),
  },
  mid: {
    M: split('海涛 志强 建华 建军 卫东 红军 永强 海波 立新 晓东 国强 伟 强 军 勇 斌 磊 涛 鹏 刚 海军 志刚 洪波 学军 春雷 兆峰 振宇 宏伟 海洋 文斌 爱国 胜利 军华 新华 明亮 洪涛 海滨 东升'),
    F: split('丽 静 燕 红梅 晓燕 丽娟 海燕 春燕 秀梅 丽华 玉霞 红霞 艳 敏 霞 娟 芳 丽萍 海霞 晓红 美玲 文静 爱华 彩霞 雪梅 晓梅 淑娟 慧 萍 玉红 海英 丽丽'),
  },
  young: {
    M: split('浩 宇 子轩 浩然 博文 宇航 俊杰 子豪 天宇 晨阳 一鸣 梓豪 鹏飞 浩宇 嘉豪 皓轩 家乐 明轩 俊熙 奕辰 瑞 睿 泽宇 思远 海川 子墨 逸飞 铭 沐阳 亦凡 宇轩 昊天'),
    F: split('欣怡 梓涵 雨桐 诗涵 佳怡 子涵 思雨 欣妍 雨欣 可馨 梦瑶 一诺 婉清 语嫣 雅琪 晓雪 佳琪 若曦 心怡 梓萱 紫涵 悦 萌 琳 静怡 海若 安琪 雨萱 诗雨 晨曦 思彤 芮'),
  },
};

// Composed names widen the pool so a district of two million people does not repeat a few
// hundred names over and over.
const FIRST: Record<Gender, string> = { M: '志建国海永立文明德振家俊子浩宇世宏庆长兆', F: '秀玉丽晓春海雪美佳欣淑桂红金彩慧婷' };
const SECOND: Record<Gender, string> = { M: '强华军平东涛波林峰杰辉龙成刚伟山生明亮超', F: '英兰芳燕梅霞娟红萍婷琳洁颖敏珍云凤娜丽静' };

export function givenName(rng: Rng, gender: Gender, birthYear: number): string {
  if (chance(rng, 0.6)) return pick(rng, GIVEN[eraOf(birthYear)][gender]);
  const first = FIRST[gender], second = SECOND[gender];
  return first[Math.floor(rng() * first.length)] + second[Math.floor(rng() * second.length)];
}

export function personName(rng: Rng, gender: Gender, birthYear: number, family?: string): string {
  return (family ?? surname(rng)) + givenName(rng, gender, birthYear);
}
