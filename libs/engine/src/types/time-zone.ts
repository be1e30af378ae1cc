import { ExecutionError } from '@sluice/contracts';

/**
 * Time-zone rules from the runtime's ICU data (Intl), with a per-hour cache of UTC offsets so
 * converting millions of values costs a Map lookup each. Accepts what java.time's ZoneId.of
 * accepts in practice: region ids, 'UTC'/'GMT'/'Z', fixed offsets '+08:00', 'GMT+8',
 * 'UTC-03:30', and Java's old three-letter ids (ZoneId.SHORT_IDS).
 */
export interface ZoneRules {
  readonly id: string;
  /** True when the offset never changes (UTC, '+08:00'). */
  readonly isFixed: boolean;
  /** Offset from UTC in ms at an instant: local wall-clock = instant + offset. */
  offsetAt(epochMs: number): number;
}

const SHORT_IDS: Record<string, string> = {
  ACT: 'Australia/Darwin', AET: 'Australia/Sydney', AGT: 'America/Argentina/Buenos_Aires',
  ART: 'Africa/Cairo', AST: 'America/Anchorage', BET: 'America/Sao_Paulo', BST: 'Asia/Dhaka',
  CAT: 'Africa/Harare', CNT: 'America/St_Johns', CST: 'America/Chicago', CTT: 'Asia/Shanghai',
  EAT: 'Africa/Addis_Ababa', ECT: 'Europe/Paris', IET: 'America/Indiana/Indianapolis',
  IST: 'Asia/Kolkata', JST: 'Asia/Tokyo', MIT: 'Pacific/Apia', NET: 'Asia/Yerevan',
  NST: 'Pacific/Auckland', PLT: 'Asia/Karachi', PNT: 'America/Phoenix', PRT: 'America/Puerto_Rico',
  PST: 'America/Los_Angeles', SST: 'Pacific/Guadalcanal', VST: 'Asia/Ho_Chi_Minh',
  EST: '-05:00', MST: '-07:00', HST: '-10:00',
};

const OFFSET_RE = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/;
const cache = new Map<string, ZoneRules>();

export const UTC_ZONE: ZoneRules = Object.freeze({ id: 'UTC', isFixed: true, offsetAt: () => 0 });

/** Rules for a zone id; throws ExecutionError for an unknown zone. Cached per id. */
export function zoneRules(id: string): ZoneRules {
  let rules = cache.get(id);
  if (!rules) {
    rules = createRules(id);
    cache.set(id, rules);
  }
  return rules;
}

/** Like zoneRules, but undefined for an unknown zone (for ids that come from data). */
export function tryZoneRules(id: string): ZoneRules | undefined {
  const cached = cache.get(id);
  if (cached) return cached;
  try {
    return zoneRules(id);
  } catch {
    return undefined;
  }
}

function createRules(rawId: string): ZoneRules {
  const id = rawId.trim();
  const upper = id.toUpperCase();
  if (upper === 'UTC' || upper === 'Z' || upper === 'GMT' || upper === 'UT' || upper === 'ETC/UTC') return UTC_ZONE;
  const alias = SHORT_IDS[upper];
  if (alias) return createRules(alias);
  const m = OFFSET_RE.exec(upper);
  if (m) {
    const hours = Number(m[2]);
    const minutes = m[3] ? Number(m[3]) : 0;
    const seconds = m[4] ? Number(m[4]) : 0;
    if (hours > 18 || minutes > 59 || seconds > 59) throw unknownZone(rawId);
    const offset = (m[1] === '-' ? -1 : 1) * ((hours * 60 + minutes) * 60 + seconds) * 1000;
    return Object.freeze({ id, isFixed: true, offsetAt: () => offset });
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw unknownZone(rawId);
  }
  return new IntlZoneRules(format.resolvedOptions().timeZone, format);
}

function unknownZone(id: string): ExecutionError {
  return new ExecutionError('EXECUTION_FAILED', `unknown time zone '${id}'`);
}

const HOUR_MS = 3_600_000;

class IntlZoneRules implements ZoneRules {
  readonly isFixed = false;
  /** Offset per UTC hour bucket; NaN marks an hour that contains a transition. */
  private readonly hours = new Map<number, number>();

  constructor(
    readonly id: string,
    private readonly format: Intl.DateTimeFormat,
  ) {}

  offsetAt(epochMs: number): number {
    const bucket = Math.floor(epochMs / HOUR_MS);
    let offset = this.hours.get(bucket);
    if (offset === undefined) {
      const start = this.exactOffset(bucket * HOUR_MS);
      const end = this.exactOffset(bucket * HOUR_MS + HOUR_MS - 1);
      offset = start === end ? start : NaN;
      if (this.hours.size > 50_000) this.hours.clear();
      this.hours.set(bucket, offset);
    }
    return Number.isNaN(offset) ? this.exactOffset(epochMs) : offset;
  }

  private exactOffset(epochMs: number): number {
    const seconds = Math.floor(epochMs / 1000) * 1000;
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const part of this.format.formatToParts(seconds)) {
      switch (part.type) {
        case 'year': year = Number(part.value); break;
        case 'month': month = Number(part.value); break;
        case 'day': day = Number(part.value); break;
        case 'hour': hour = Number(part.value); break;
        case 'minute': minute = Number(part.value); break;
        case 'second': second = Number(part.value); break;
        case 'era': bc = part.value.startsWith('B'); break;
        default: break;
      }
    }
    if (bc) year = 1 - year;
    const wall = wallMsOf(year, month, day) + ((hour * 60 + minute) * 60 + second) * 1000;
    return wall - seconds;
  }
}

function wallMsOf(year: number, month: number, day: number): number {
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** Wall-clock (TIMESTAMP) in `zone` of an instant (TIMESTAMP_LTZ). */
export function instantToWallClock(epochMs: number, zone: ZoneRules): number {
  return epochMs + zone.offsetAt(epochMs);
}

/**
 * Instant of a wall-clock time in `zone`, resolved like java.time's LocalDateTime.atZone: in an
 * overlap the earlier offset wins, in a gap the time moves forward by the gap's length.
 */
export function wallClockToInstant(wallMs: number, zone: ZoneRules): number {
  if (zone.isFixed) return wallMs - zone.offsetAt(0);
  const before = zone.offsetAt(wallMs - 86_400_000);
  const after = zone.offsetAt(wallMs + 86_400_000);
  if (before === after) {
    const guess = wallMs - before;
    const actual = zone.offsetAt(guess);
    // A transition pair within two days (rare): fall back to the offset found at the guess.
    return actual === before ? guess : wallMs - actual;
  }
  const early = wallMs - before;
  if (zone.offsetAt(early) === before) return early;
  const late = wallMs - after;
  if (zone.offsetAt(late) === after) return late;
  return early;
}

/** Formats an offset as Java's ZoneOffset.getId: 'Z', '+08:00', '-03:30'. */
export function formatOffset(offsetMs: number, style: 'id' | 'basic' = 'id'): string {
  if (offsetMs === 0 && style === 'id') return 'Z';
  const sign = offsetMs < 0 ? '-' : '+';
  const total = Math.round(Math.abs(offsetMs) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const hh = h < 10 ? `0${h}` : `${h}`;
  const mm = m < 10 ? `0${m}` : `${m}`;
  return style === 'basic' ? `${sign}${hh}${mm}` : `${sign}${hh}:${mm}`;
}
