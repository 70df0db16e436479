import { parseIdNumber } from '@fupin/schema';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../test/hub';

describe('resident ID number', () => {
  const valid = makeIdNumber('511321', '19850312', '123');

  it('accepts a valid number and derives birth date and gender', () => {
    const r = parseIdNumber(valid);
    expect(r).toEqual({ ok: true, info: { idNumber: valid, regionCode: '511321', birthDate: '1985-03-12', gender: 'MALE' } });
    expect(parseIdNumber(makeIdNumber('511321', '19900101', '124'))).toMatchObject({ ok: true, info: { gender: 'FEMALE' } });
  });

  it('knows the published example 11010519491231002X', () => {
    expect(parseIdNumber('11010519491231002X')).toMatchObject({ ok: true, info: { birthDate: '1949-12-31', gender: 'FEMALE' } });
  });

  it('refuses a bad check character', () => {
    const last = valid[17];
    const wrong = valid.slice(0, 17) + (last === '0' ? '1' : '0');
    expect(parseIdNumber(wrong)).toEqual({ ok: false, problem: 'CHECKSUM' });
  });

  it('refuses an impossible birth date', () => {
    expect(parseIdNumber(makeIdNumber('511321', '19850230', '123'))).toEqual({ ok: false, problem: 'BIRTH_DATE' });
    expect(parseIdNumber(makeIdNumber('511321', '19851301', '123'))).toEqual({ ok: false, problem: 'BIRTH_DATE' });
    expect(parseIdNumber(makeIdNumber('511321', '18991231', '123'))).toEqual({ ok: false, problem: 'BIRTH_DATE' });
    expect(parseIdNumber(makeIdNumber('511321', '20991231', '123'))).toEqual({ ok: false, problem: 'BIRTH_DATE' });
    expect(parseIdNumber(makeIdNumber('511321', '20000229', '123'))).toMatchObject({ ok: true });
    expect(parseIdNumber(makeIdNumber('511321', '19000229', '123'))).toEqual({ ok: false, problem: 'BIRTH_DATE' });
  });

  it('refuses a wrong length and stray characters', () => {
    expect(parseIdNumber(valid.slice(0, 17))).toEqual({ ok: false, problem: 'LENGTH' });
    expect(parseIdNumber(`${valid}1`)).toEqual({ ok: false, problem: 'LENGTH' });
    expect(parseIdNumber('')).toEqual({ ok: false, problem: 'LENGTH' });
    expect(parseIdNumber(`51132119850312A12${valid[17]}`)).toEqual({ ok: false, problem: 'CHARS' });
  });

  it('refuses an unknown region part', () => {
    expect(parseIdNumber(makeIdNumber('991321', '19850312', '123'))).toEqual({ ok: false, problem: 'REGION' });
    expect(parseIdNumber(makeIdNumber('510000', '19850312', '123'))).toEqual({ ok: false, problem: 'REGION' });
  });

  it('takes a lower-case x and gives it back upper-case', () => {
    // Find a sequence whose check character is X.
    let withX = '';
    for (let s = 100; s < 999 && !withX; s++) {
      const id = makeIdNumber('511321', '19850312', String(s));
      if (id.endsWith('X')) withX = id;
    }
    expect(withX).toMatch(/X$/);
    expect(parseIdNumber(withX.toLowerCase())).toMatchObject({ ok: true, info: { idNumber: withX } });
  });
});
