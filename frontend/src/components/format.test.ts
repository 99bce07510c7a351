import { describe, expect, it } from 'vitest';
import { currencyExponent, formatAddress, formatMoney, minorToDecimal } from './format';

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

describe('addresses', () => {
  it('puts an address on one line, leaving out the blank parts', () => {
    expect(formatAddress({ line1: 'Kungsgatan 1', postal_code: '11143', city: 'Stockholm', country: 'SE' })).toBe('Kungsgatan 1, 11143 Stockholm, SE');
    expect(formatAddress({ line1: 'Waalhaven 1', line2: 'Hal 3', city: 'Rotterdam', region: 'ZH', country: 'NL' })).toBe('Waalhaven 1, Hal 3, Rotterdam, ZH, NL');
  });
});
