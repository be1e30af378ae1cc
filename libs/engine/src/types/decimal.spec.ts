import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal';

const d = (s: string) => Decimal.fromString(s)!;

describe(Decimal.name, () => {
  it('parses and prints with its scale', () => {
    expect(d('12.50').toString()).toBe('12.50');
    expect(d('-0.05').toString()).toBe('-0.05');
    expect(d('1e3').toString()).toBe('1000');
    expect(d('1.5e-3').toString()).toBe('0.0015');
    expect(Decimal.fromString('abc')).toBeUndefined();
  });

  it('adds exactly where doubles do not', () => {
    expect(d('0.1').add(d('0.2')).toString()).toBe('0.3');
  });

  it('multiplies with the sum of scales', () => {
    expect(d('1.25').multiply(d('0.5')).toString()).toBe('0.625');
  });

  it('divides rounding half up', () => {
    expect(d('1').divide(d('3'), 6)!.toString()).toBe('0.333333');
    expect(d('2').divide(d('3'), 2)!.toString()).toBe('0.67');
    expect(d('-2').divide(d('3'), 2)!.toString()).toBe('-0.67');
    expect(d('1').divide(d('0'), 2)).toBeUndefined();
  });

  it('rescales half up, away from zero', () => {
    expect(d('2.345').rescale(2).toString()).toBe('2.35');
    expect(d('-2.345').rescale(2).toString()).toBe('-2.35');
    expect(d('2.344').rescale(2).toString()).toBe('2.34');
  });

  it('compares across scales and hashes equal values alike', () => {
    expect(d('1.0').compare(d('1.00'))).toBe(0);
    expect(d('1.0').hashKey()).toBe(d('1.000').hashKey());
    expect(d('-1.5').compare(d('1'))).toBe(-1);
  });

  it('floors and ceils negative values correctly', () => {
    expect(d('-1.5').floor().toString()).toBe('-2');
    expect(d('-1.5').ceil().toString()).toBe('-1');
    expect(d('1.5').floor().toString()).toBe('1');
  });

  it('checks precision limits', () => {
    expect(d('999.99').fits(5)).toBe(true);
    expect(d('1000.00').fits(5)).toBe(false);
  });
});
