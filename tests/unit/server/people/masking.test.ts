import { describe, expect, it } from 'vitest';
import { maskBirthDate, maskIdNumber, maskName, maskPhone, maskRoom } from '../../../../server/people/masking.ts';

describe('masking', () => {
  it('masks names, IDs, phones and room numbers as the issue shows', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('*');
    expect(maskIdNumber('110101199003071234')).toBe('110101********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone('0516-87654321')).toBe('051*******21');
    expect(maskRoom('清河小区3号楼2单元501室')).toBe('清河小区3号楼2单元***室');
    expect(maskBirthDate('1990-03-07')).toBe('1990-**-**');
  });

  it('never returns short or odd input as it was', () => {
    expect(maskIdNumber('12345')).toBe('*****');
    expect(maskPhone('110')).toBe('***');
    expect(maskName('')).toBe('');
    expect(maskBirthDate('07/03/1990')).toBe('**********');
  });
});
