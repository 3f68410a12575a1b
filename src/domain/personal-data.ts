// Residents' ID numbers and phones: validation (GB 11643 check digit, mainland mobile and
// landline formats) and masking. Pure functions.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type IdProblem = 'format' | 'birth_date' | 'check_digit';

/** Checks an 18-digit resident ID number; returns null when valid, else what is wrong. */
export function idNumberProblem(raw: string): IdProblem | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1890 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'birth_date';
  if (idCheckDigit(id.slice(0, 17)) !== id[17]) return 'check_digit';
  return null;
}

export function normaliseIdNumber(raw: string): string { return raw.trim().toUpperCase(); }

/** Birth date and gender as encoded in an ID number (odd 17th digit: male). */
export function idNumberFacts(id: string): { birthDate: string; gender: 'M' | 'F' } {
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
  };
}

/** Mainland mobile (11 digits, 1[3-9]…) or landline with area code (0xx-xxxxxxx[x]). */
export function normalisePhone(raw: string): string | null {
  const s = raw.trim().replace(/[\s()（）]/g, '').replace(/^\+?86-?/, '');
  if (/^1[3-9]\d{9}$/.test(s)) return s;
  const land = s.match(/^(0\d{2,3})-?(\d{7,8})$/);
  if (land) return `${land[1]}-${land[2]}`;
  return null;
}

export function phoneTail(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/** 110101199003071234 → 110101********1234 */
export function maskIdNumber(id: string | null): string | null {
  if (!id) return id;
  if (id.length < 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** 13812345678 → 138****5678; 0535-1234567 → 0535-***4567 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  if (/^1\d{10}$/.test(phone)) return phone.slice(0, 3) + '****' + phone.slice(-4);
  const dash = phone.indexOf('-');
  const head = dash > 0 ? phone.slice(0, dash + 1) : '';
  const body = phone.slice(head.length);
  return head + '*'.repeat(Math.max(0, body.length - 4)) + body.slice(-4);
}
