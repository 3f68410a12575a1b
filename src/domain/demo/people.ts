// Who lives in a household: a head (户主) of a believable age for the household size, a
// spouse, children, parents or grandchildren left with their grandparents (留守儿童), each
// with an ID number that agrees with their birth date and sex, and the household's tags.
import { idCheckDigit, phoneTail } from '../personal-data.ts';
import { personName, surname, type Gender } from './names.ts';
import { ID_AREAS, PHONE_PREFIXES, REFERENCE_DATE as REF } from './places.ts';
import { chance, digits, int, pick, weighted, type Rng } from './random.ts';

export type Relation = '户主' | '配偶' | '子女' | '父母' | '孙子女' | '其他';
export interface PersonDraft {
  name: string;
  gender: Gender;
  birth_date: string;
  id_number: string;
  phone: string | null;
  phone_tail: string | null;
  party_member: boolean;
  relation: Relation;
}

const EPOCH = Date.UTC(1900, 0, 1);
const DAY = 86_400_000;
const DAYS = 130 * 366;
const areaIndex = weighted(ID_AREAS.map(([, w], i) => [i, w] as const));

/**
 * Unique ID numbers without remembering them: the three sequence digits of an ID are a
 * per-(birthplace, birth date, sex) counter, scrambled by a fixed permutation of 0..499, so
 * two million residents need a 3 MB counter table instead of a set of every number issued.
 */
export class IdNumbers {
  private readonly used = new Uint16Array(ID_AREAS.length * DAYS * 2);
  constructor(private readonly seed: number) {}

  issue(area: number, date: string, gender: Gender): { id: string; birthDate: string } {
    const start = Math.round((Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) - EPOCH) / DAY);
    for (let day = start; ; day++) {
      const slot = (area * DAYS + day) * 2 + (gender === 'M' ? 1 : 0);
      const n = this.used[slot];
      if (n < 500) {
        this.used[slot] = n + 1;
        const k = (n * 173 + ((day * 7919 + area * 104_729 + (this.seed >>> 0)) % 500)) % 500;
        const birthDate = day === start ? date : new Date(EPOCH + day * DAY).toISOString().slice(0, 10);
        const first17 = ID_AREAS[area][0] + birthDate.replaceAll('-', '') + String(2 * k + (gender === 'M' ? 1 : 0)).padStart(3, '0');
        return { id: first17 + idCheckDigit(first17), birthDate };
      }
      // 500 people of one sex born on one day in one place: the next day has room
    }
  }
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A birth date for someone `age` years old on the reference date. */
export function birthDate(rng: Rng, age: number): string {
  const y = REF.year - age;
  let m = int(rng, 1, 12), d = int(rng, 1, daysIn(y, m));
  if (y === REF.year && (m > REF.month || (m === REF.month && d > REF.day))) { m = int(rng, 1, REF.month - 1); d = int(rng, 1, 28); }
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function mobile(rng: Rng): string { return pick(rng, PHONE_PREFIXES) + digits(rng, 8); }

type Range = readonly [number, number];
const headAge: Record<number, (rng: Rng) => Range> = {
  1: weighted<Range>([[[22, 39], 18], [[40, 59], 27], [[60, 69], 20], [[70, 79], 22], [[80, 95], 13]]),
  2: weighted<Range>([[[24, 39], 15], [[40, 59], 35], [[60, 79], 40], [[80, 92], 10]]),
  3: weighted<Range>([[[27, 45], 50], [[46, 60], 38], [[61, 75], 12]]),
};

interface Member { relation: Relation; gender: Gender; age: number; family: string }

function members(rng: Rng, size: number, village: boolean): Member[] {
  const [lo, hi] = headAge[Math.min(size, 3)](rng);
  const age = Math.min(98, int(rng, lo, hi) + (village ? int(rng, 0, 5) : 0));
  const gender: Gender = size === 1 ? (chance(rng, age >= 70 ? 0.42 : 0.6) ? 'M' : 'F') : chance(rng, 0.78) ? 'M' : 'F';
  const head: Member = { relation: '户主', gender, age, family: surname(rng) };
  const out = [head];
  let line = head.family; // the children's surname: the husband's family
  if (size > 1 && chance(rng, 0.88)) {
    const spouse: Member = {
      relation: '配偶', gender: gender === 'M' ? 'F' : 'M', family: surname(rng),
      age: Math.max(20, Math.min(98, age + (gender === 'M' ? -int(rng, -1, 6) : int(rng, -1, 6)))),
    };
    if (gender === 'F') line = spouse.family;
    out.push(spouse);
  }
  let parents = 0;
  while (out.length < size) {
    const r = rng();
    if (age >= 50 && r < 0.4) {
      out.push({ relation: '孙子女', gender: chance(rng, 0.52) ? 'M' : 'F', age: int(rng, 0, Math.min(17, age - 46)), family: line });
    } else if (age <= 52 && parents < 2 && r < 0.6) {
      const g: Gender = parents === 0 ? (chance(rng, 0.5) ? 'M' : 'F') : out[out.length - 1].gender === 'M' ? 'F' : 'M';
      out.push({ relation: '父母', gender: g, age: Math.min(97, age + int(rng, 22, 32)), family: g === 'M' ? head.family : surname(rng) });
      parents++;
    } else if (r > 0.97) {
      out.push({ relation: '其他', gender: chance(rng, 0.5) ? 'M' : 'F', age: int(rng, 16, 70), family: surname(rng) });
    } else {
      out.push({ relation: '子女', gender: chance(rng, 0.52) ? 'M' : 'F', age: Math.max(0, age - int(rng, 22, 34)), family: line });
    }
  }
  return out;
}

export interface HouseholdDraft { people: PersonDraft[]; tags: string[] }

/** One household of `size` people; `seriouslyIll` is decided by the caller (an exact count). */
export function composeHousehold(rng: Rng, size: number, village: boolean, ids: IdNumbers, seriouslyIll: boolean): HouseholdDraft {
  const people = members(rng, size, village).map((m): PersonDraft => {
    const isHead = m.relation === '户主';
    const party = m.age >= 18 && chance(rng, 0.035 + (m.age >= 60 ? 0.05 : 0) + (m.gender === 'M' ? 0.02 : 0) + (isHead ? 0.01 : 0));
    const hasPhone = m.age >= 14 && (m.age < 80 || (isHead && m.age < 90) || chance(rng, 0.4));
    const phone = hasPhone ? mobile(rng) : null;
    const area = m.age < 18 && chance(rng, 0.9) ? 0 : areaIndex(rng);
    const { id, birthDate: born } = ids.issue(area, birthDate(rng, m.age), m.gender);
    return {
      name: personName(rng, m.gender, +born.slice(0, 4), m.family), gender: m.gender, birth_date: born, id_number: id,
      phone, phone_tail: phoneTail(phone), party_member: party, relation: m.relation,
    };
  });
  const head = people[0];
  const age = REF.year - +head.birth_date.slice(0, 4);
  const tags = new Set<string>();
  const poor = rng();
  if (poor < 0.025) tags.add('低保户');
  else if (poor < 0.06) tags.add('困难户');
  if (age >= 65 && chance(rng, head.party_member ? 0.3 : 0.04)) tags.add('五老');
  if (size === 1 && age >= 70 && chance(rng, 0.55)) tags.add('独居老人'); // the rest have children next door
  if (seriouslyIll) tags.add('重病');
  if (chance(rng, 0.03)) tags.add('残疾');
  if (people.some((p) => p.party_member)) tags.add('党员户');
  if (head.gender === 'M' && age >= 35 && chance(rng, 0.05)) tags.add('退役军人');
  if (chance(rng, village ? 0.35 : 0.03)) tags.add('渔民');
  return { people, tags: TAG_ORDER.filter((t) => tags.has(t)) };
}

const TAG_ORDER = ['低保户', '困难户', '五老', '独居老人', '重病', '残疾', '党员户', '退役军人', '渔民'];

/** Household sizes that add up to exactly `residents`; most households are one or two people. */
export function householdSizes(rng: Rng, households: number, residents: number, village: boolean): number[] {
  const size = weighted<number>(village
    ? [[1, 58], [2, 37], [3, 3.5], [4, 1.1], [5, 0.3], [6, 0.1]]
    : [[1, 50], [2, 38], [3, 8.5], [4, 2.5], [5, 0.8], [6, 0.2]]);
  if (households <= 0) return [];
  const out = Array.from({ length: households }, () => size(rng));
  const max = Math.max(6, Math.ceil(residents / Math.max(1, households)));
  let total = out.reduce((a, b) => a + b, 0);
  while (total < residents) { const i = int(rng, 0, households - 1); if (out[i] < max) { out[i]++; total++; } }
  while (total > residents) { const i = int(rng, 0, households - 1); if (out[i] > 1) { out[i]--; total--; } }
  return out;
}
