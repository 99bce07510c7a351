import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMoney, minorToDecimal } from './format';

describe('money', () => {
  it('knows each currency minor unit', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
  });

  it('moves the decimal point in the digits instead of dividing floats', () => {
    expect(minorToDecimal(12345, 2)).toBe('123.45');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(-5, 3)).toBe('-0.005');
    expect(minorToDecimal(1200, 0)).toBe('1200');
    expect(minorToDecimal(9007199254740993n, 2)).toBe('90071992547409.93');
  });

  it('formats minor units with the currency exponent', () => {
    expect(formatMoney(12345, 'EUR', 'en')).toBe('€123.45');
    expect(formatMoney(1500, 'JPY', 'en')).toBe('¥1,500');
    expect(formatMoney(1234, 'BHD', 'en')).toMatch(/^BHD\s1\.234$/);
    expect(formatMoney(30, 'USD', 'en')).toBe('$0.30');
  });
});
