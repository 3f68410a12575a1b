// Household and resident rules shared by the API and the importer.
import { idNumberFacts, idNumberProblem, normaliseIdNumber, normalisePhone } from './personal-data.ts';
import { normaliseForSearch } from './text-search.ts';

export const RELATIONS = ['户主', '配偶', '子女', '父母', '孙子女', '兄弟姐妹', '其他'] as const;
export type Relation = (typeof RELATIONS)[number];

/** A household's stable key: its external code, or — when an office has none — its address. */
export function householdKey(externalCode: string | null | undefined, address: string): string {
  const code = externalCode?.trim();
  return code ? code : 'ADDR:' + normaliseForSearch(address);
}

/** Split a tag cell such as '低保户；五老、党员户' into distinct names. */
export function splitTags(raw: string | string[] | null | undefined): string[] {
  const parts = Array.isArray(raw) ? raw : (raw ?? '').split(/[;；,，、|\s]+/);
  return [...new Set(parts.map((t) => t.trim()).filter(Boolean))];
}

export interface FieldProblem { field: string; reason: string; reason_en: string; value?: unknown }

export interface ResidentInput {
  name: string; gender?: 'M' | 'F' | null; birthDate?: string | null; idNumber?: string | null; phone?: string | null;
  partyMember?: boolean; relation?: string | null;
}

/**
 * Normalise and check a resident's personal fields. The ID number decides birth date and gender
 * when they are not given, and must agree with them when they are.
 */
export function checkResident(input: ResidentInput): { value: ResidentInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const v: ResidentInput = { ...input, name: input.name?.trim() };
  if (!v.name) problems.push({ field: 'name', reason: '姓名必填', reason_en: 'name is required' });
  if (v.idNumber) {
    const id = normaliseIdNumber(v.idNumber);
    const p = idNumberProblem(id);
    if (p) {
      const [zh, en] = p === 'format' ? ['应为18位身份证号', 'must be an 18-character ID number']
        : p === 'birth_date' ? ['身份证号中的出生日期无效', 'the birth date inside the ID number is invalid']
          : ['身份证号校验位错误', 'the ID number check digit is wrong'];
      problems.push({ field: 'idNumber', reason: zh, reason_en: en, value: v.idNumber });
    } else {
      v.idNumber = id;
      const f = idNumberFacts(id);
      if (v.birthDate && v.birthDate !== f.birthDate) problems.push({ field: 'birthDate', reason: '与身份证号中的出生日期不一致', reason_en: 'does not match the ID number', value: v.birthDate });
      if (v.gender && v.gender !== f.gender) problems.push({ field: 'gender', reason: '与身份证号中的性别不一致', reason_en: 'does not match the ID number', value: v.gender });
      v.birthDate ??= f.birthDate;
      v.gender ??= f.gender;
    }
  } else v.idNumber = null;
  if (v.phone) {
    const p = normalisePhone(v.phone);
    if (!p) problems.push({ field: 'phone', reason: '不是有效的手机号或固定电话', reason_en: 'not a valid mobile or landline number', value: v.phone });
    else v.phone = p;
  } else v.phone = null;
  if (v.birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(v.birthDate)) problems.push({ field: 'birthDate', reason: '日期格式应为 YYYY-MM-DD', reason_en: 'date must be YYYY-MM-DD', value: v.birthDate });
  if (v.relation && !(RELATIONS as readonly string[]).includes(v.relation)) {
    problems.push({ field: 'relation', reason: `应为 ${RELATIONS.join('/')}`, reason_en: 'not a known relation', value: v.relation });
  }
  return { value: v, problems };
}

// What a household's fragment search indexes (address after its region prefix, head of household's
// name) is in household-search.ts. The external code is matched exactly instead — its digits would
// otherwise make every number gram common to every household.
