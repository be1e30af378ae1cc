import { describe, expect, it } from 'vitest';
import {
  addMonthsToDays,
  civilFromDays,
  compileDateTimeFormatter,
  compileDateTimeParser,
  dayOfWeek,
  daysFromCivil,
  floorTimestamp,
  formatDate,
  formatTime,
  formatTimestamp,
  formatTimestampTrimmed,
  instantToWallClock,
  isoWeek,
  parseDate,
  parseIntervalLiteral,
  parseTime,
  parseTimestamp,
  wallClockToInstant,
  zoneRules,
  formatDayTimeInterval,
  formatYearMonthInterval,
} from './temporal';

const day = (s: string) => parseDate(s)!;
const ts = (s: string) => parseTimestamp(s)!.wallMs;

describe('civil dates', () => {
  it('round-trips days and y/m/d across eras', () => {
    for (const days of [-719468, -1, 0, 1, 11016, 18262, 2932896]) {
      const { year, month, day: d } = civilFromDays(days);
      expect(daysFromCivil(year, month, d)).toBe(days);
    }
    expect(civilFromDays(0)).toEqual({ year: 1970, month: 1, day: 1 });
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
  });

  it('adds months clamping to the end of the month', () => {
    expect(formatDate(addMonthsToDays(day('2020-01-31'), 1))).toBe('2020-02-29');
    expect(formatDate(addMonthsToDays(day('2019-01-31'), 1))).toBe('2019-02-28');
    expect(formatDate(addMonthsToDays(day('2020-03-31'), -13))).toBe('2019-02-28');
  });

  it('computes day of week (1 = Sunday) and ISO weeks', () => {
    expect(dayOfWeek(day('1994-09-27'))).toBe(3);
    expect(isoWeek(day('1994-09-27')).week).toBe(39);
    expect(isoWeek(day('2021-01-03'))).toEqual({ weekYear: 2020, week: 53 });
  });
});

describe('parsing and formatting', () => {
  it('parses dates, strictly for Flink and leniently for Spark', () => {
    expect(formatDate(day('2016-7-3'))).toBe('2016-07-03');
    expect(parseDate('2016-02-30')).toBeUndefined();
    expect(parseDate('2016')).toBeUndefined();
    expect(formatDate(parseDate('2016', true)!)).toBe('2016-01-01');
    expect(formatDate(parseDate(' 2016-07-30 12:00:00 ', true)!)).toBe('2016-07-30');
  });

  it('parses timestamps with T, fractions and zones', () => {
    expect(formatTimestamp(ts('2020-01-02 03:04:05.123456789'), 9)).toBe('2020-01-02 03:04:05.123456000');
    expect(formatTimestamp(ts('2020-01-02T03:04:05'))).toBe('2020-01-02 03:04:05.000');
    expect(formatTimestamp(ts('2020-01-02'))).toBe('2020-01-02 00:00:00.000');
    expect(parseTimestamp('2020-01-02T03:04:05Z')).toEqual({ wallMs: ts('2020-01-02 03:04:05'), zone: 'Z' });
    expect(parseTimestamp('2020-01-02 03:04:05+08:00')!.zone).toBe('+08:00');
    expect(parseTimestamp('2020-13-02 03:04:05')).toBeUndefined();
  });

  it('formats times and timestamps with the requested fraction digits', () => {
    expect(formatTime(parseTime('12:34:56.789')!, 0)).toBe('12:34:56');
    expect(formatTime(parseTime('12:34:56.789')!, 3)).toBe('12:34:56.789');
    expect(formatTimestamp(ts('1969-12-31 23:59:59.5'), 3)).toBe('1969-12-31 23:59:59.500');
    expect(formatTimestamp(ts('2020-01-01 00:00:00.123456'), 6)).toBe('2020-01-01 00:00:00.123456');
    expect(formatTimestampTrimmed(ts('2020-01-01 00:00:00.100'))).toBe('2020-01-01 00:00:00.1');
    expect(formatTimestampTrimmed(ts('2020-01-01 00:00:00'))).toBe('2020-01-01 00:00:00');
  });

  it('floors timestamps to units', () => {
    expect(formatTimestamp(floorTimestamp(ts('2020-05-17 12:44:31'), 'HOUR'))).toBe('2020-05-17 12:00:00.000');
    expect(formatTimestamp(floorTimestamp(ts('2020-05-17 12:44:31'), 'QUARTER'))).toBe('2020-04-01 00:00:00.000');
    expect(formatTimestamp(floorTimestamp(ts('2020-05-20 12:44:31'), 'WEEK', 'MONDAY'))).toBe('2020-05-18 00:00:00.000');
  });
});

describe('time zones', () => {
  it('converts between instants and wall-clock times', () => {
    const shanghai = zoneRules('Asia/Shanghai');
    expect(instantToWallClock(0, shanghai)).toBe(8 * 3_600_000);
    expect(wallClockToInstant(8 * 3_600_000, shanghai)).toBe(0);
    expect(instantToWallClock(0, zoneRules('GMT-08:00'))).toBe(-8 * 3_600_000);
    expect(instantToWallClock(0, zoneRules('+05:30'))).toBe(5.5 * 3_600_000);
  });

  it('resolves DST gaps forward and overlaps to the earlier offset, like java.time', () => {
    const berlin = zoneRules('Europe/Berlin');
    // 2021-03-28 02:30 does not exist in Berlin: java.time gives 03:30 CEST = 01:30Z.
    expect(wallClockToInstant(ts('2021-03-28 02:30:00'), berlin)).toBe(ts('2021-03-28 01:30:00'));
    // 2021-10-31 02:30 happens twice: the earlier (CEST, +02:00) wins.
    expect(wallClockToInstant(ts('2021-10-31 02:30:00'), berlin)).toBe(ts('2021-10-31 00:30:00'));
  });

  it('rejects unknown zones', () => {
    expect(() => zoneRules('Mars/Olympus')).toThrow(/unknown time zone/);
  });
});

describe('Java date-time patterns', () => {
  it('formats the common letters', () => {
    const f = compileDateTimeFormatter("yyyy-MM-dd HH:mm:ss.SSS EEE MMM a hh 'at' D");
    expect(f(ts('2020-03-05 14:07:09.045'))).toBe('2020-03-05 14:07:09.045 Thu Mar PM 02 at 65');
    expect(compileDateTimeFormatter('yy/M/d')(ts('2009-01-05'))).toBe('09/1/5');
    expect(compileDateTimeFormatter('XXX Z')(0, 8 * 3_600_000)).toBe('+08:00 +0800');
    expect(compileDateTimeFormatter('MMdd-yyyy')(ts('2017-09-15'))).toBe('0915-2017');
  });

  it('parses with a pattern, optionally ignoring trailing text', () => {
    const p = compileDateTimeParser('yyyy-MM-dd HH:mm:ss.SSS X');
    expect(p('1970-01-01 08:00:01.001 +0800')).toEqual({ wallMs: 8 * 3_600_000 + 1001, offsetMs: 8 * 3_600_000 });
    expect(p('1970-01-01 08:00:01.001')).toBeUndefined();
    const lenient = compileDateTimeParser('yyyy-MM-dd HH:mm:ss.SSS', { allowTrailing: true });
    expect(lenient('1970-01-01 08:00:01.001 +0800')!.wallMs).toBe(8 * 3_600_000 + 1001);
    expect(compileDateTimeParser('yyyyMMdd')('20200229')!.wallMs).toBe(ts('2020-02-29'));
    expect(compileDateTimeParser('dd/MMM/yyyy')('05/Mar/2020')!.wallMs).toBe(ts('2020-03-05'));
    expect(compileDateTimeParser('yyyy-MM-dd')('2020-02-30')).toBeUndefined();
  });
});

describe('intervals', () => {
  it('parses interval literals into ms or months', () => {
    expect(parseIntervalLiteral('10 00:00:00.004', 'DAY', 'SECOND')).toBe(864_000_004);
    expect(parseIntervalLiteral('2-10', 'YEAR', 'MONTH')).toBe(34);
    expect(parseIntervalLiteral('-1', 'HOUR')).toBe(-3_600_000);
    expect(parseIntervalLiteral('1:30', 'DAY', 'SECOND')).toBeUndefined();
  });

  it('prints intervals per dialect', () => {
    expect(formatDayTimeInterval(90_061_001, 'flink')).toBe('+1 01:01:01.001');
    expect(formatDayTimeInterval(-90_061_000, 'spark')).toBe("INTERVAL '-1 01:01:01' DAY TO SECOND");
    expect(formatYearMonthInterval(14, 'flink')).toBe('+1-02');
    expect(formatYearMonthInterval(14, 'spark')).toBe("INTERVAL '1-2' YEAR TO MONTH");
  });
});
