import { describe, expect, it } from 'vitest';
import { idCheckDigit, idNumberFacts, idNumberProblem, maskIdNumber, maskPhone, normalisePhone, phoneTail } from './personal-data.ts';

describe('ID numbers', () => {
  it('computes the GB 11643 check digit', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X'); // the standard's own example
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('11010519491231002x')).toBeNull();
  });
  it('names what is wrong', () => {
    expect(idNumberProblem('123')).toBe('format');
    expect(idNumberProblem('110105194913310021')).toBe('birth_date');
    expect(idNumberProblem('110105194912310021')).toBe('check_digit');
  });
  it('reads birth date and gender', () => {
    expect(idNumberFacts('11010519491231002X')).toEqual({ birthDate: '1949-12-31', gender: 'F' });
  });
  it('masks all but the region code and the last four', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110101********1234');
    expect(maskIdNumber(null)).toBeNull();
  });
});

describe('phones', () => {
  it('accepts mobiles and landlines, rejects the rest', () => {
    expect(normalisePhone('138 1234 5678')).toBe('13812345678');
    expect(normalisePhone('+86 13812345678')).toBe('13812345678');
    expect(normalisePhone('0535-3212345')).toBe('0535-3212345');
    expect(normalisePhone('05353212345')).toBe('0535-3212345');
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('23812345678')).toBeNull();
    expect(normalisePhone('1381234567a')).toBeNull();
  });
  it('masks the middle four of a mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0535-3212345')).toBe('0535-***2345');
    expect(phoneTail('13812345678')).toBe('5678');
  });
});
