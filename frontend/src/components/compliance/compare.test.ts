import { describe, expect, it } from 'vitest';
import type { ListEntry } from '../../api/types';
import { compareBirthDate, compareCountry, compareKind, countryCode, entryCountries, parseBirthDate } from './compare';

const entry = (e: Partial<ListEntry>): ListEntry => ({ kind: 'individual', ...e });

describe('countries', () => {
  it('resolves codes and the names lists publish', () => {
    expect(countryCode('de')).toBe('DE');
    expect(countryCode('Iran, Islamic Republic of')).toBe('IR');
    expect(countryCode('Russian Federation')).toBe('RU');
    expect(countryCode('Korea, North')).toBe('KP');
    expect(countryCode('Syria')).toBe('SY');
    expect(countryCode('United Kingdom')).toBe('GB');
    expect(countryCode('Germany')).toBe('DE');
    expect(countryCode('UK')).toBe('GB'); // deprecated codes map to the current one
    expect(countryCode('ZZ')).toBeUndefined();
    expect(countryCode('Atlantis')).toBeUndefined();
  });

  it('collects the countries of an entry with what names them', () => {
    const e = entry({
      nationalities: ['IR'],
      documents: [{ type: 'Passport', number: 'A123', country: 'SY' }],
      addresses: ['Tehran, Iran', 'Valletta, Malta (registered office)'],
      birth_places: ['Giza, EG'],
    });
    expect(entryCountries(e)).toEqual([
      { code: 'IR', from: 'nationality' },
      { code: 'SY', from: 'document' },
      { code: 'IR', from: 'address' },
      { code: 'MT', from: 'address' },
      { code: 'EG', from: 'birth place' },
    ]);
  });

  it('agrees when any country of the entry is the party’s, differs when none is, and says nothing without both', () => {
    const e = entry({ nationalities: ['IR'], addresses: ['Hamburg, Germany'] });
    expect(compareCountry('DE', e).state).toBe('agree');
    expect(compareCountry('FR', e).state).toBe('differ');
    expect(compareCountry(undefined, e).state).toBe('unknown');
    expect(compareCountry('FR', entry({ addresses: ['Somewhere'] })).state).toBe('unknown');
  });
});

describe('birth dates', () => {
  it('parses ISO dates and years in free text', () => {
    expect(parseBirthDate('1964-03-12')).toEqual({ year: 1964, month: 3, day: 12 });
    expect(parseBirthDate('30 Aug 1954')).toEqual({ year: 1954, month: 8, day: 30 });
    expect(parseBirthDate('Aug 1954')).toEqual({ year: 1954, month: 8, day: undefined });
    expect(parseBirthDate('circa 1960')).toEqual({ year: 1960, toYear: undefined });
    expect(parseBirthDate('1960 to 1962')).toEqual({ year: 1960, toYear: 1962 });
    expect(parseBirthDate('unknown')).toBeUndefined();
  });

  it('compares on the precision both dates have', () => {
    const e = entry({ birth_dates: ['1964-03-12', 'circa 1970'] });
    expect(compareBirthDate('1964', e)).toEqual({ state: 'agree', agreeing: ['1964-03-12'] });
    expect(compareBirthDate('1964-03-12', e).state).toBe('agree');
    expect(compareBirthDate('1964-04', e).state).toBe('differ');
    expect(compareBirthDate('1964-03-13', e).state).toBe('differ');
    expect(compareBirthDate('1970-01-01', e)).toEqual({ state: 'agree', agreeing: ['circa 1970'] });
    expect(compareBirthDate('1961', entry({ birth_dates: ['1960 to 1962'] })).state).toBe('agree');
    // OFAC writes "30 Aug 1954": the day counts.
    const ofac = entry({ birth_dates: ['30 Aug 1954', '31 Aug 1954'] });
    expect(compareBirthDate('1954-08-30', ofac)).toEqual({ state: 'agree', agreeing: ['30 Aug 1954'] });
    expect(compareBirthDate('1954-09-30', ofac).state).toBe('differ');
    expect(compareBirthDate(undefined, e).state).toBe('unknown');
    expect(compareBirthDate('1964', entry({})).state).toBe('unknown');
  });
});

describe('kinds', () => {
  it('differs only when both sides know the kind', () => {
    expect(compareKind('entity', entry({ kind: 'individual' }))).toBe('differ');
    expect(compareKind('entity', entry({ kind: 'entity' }))).toBe('agree');
    expect(compareKind(undefined, entry({ kind: 'entity' }))).toBe('unknown');
    expect(compareKind('vessel', entry({ kind: 'unknown' }))).toBe('unknown');
  });
});
