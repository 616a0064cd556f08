/**
 * iCalendar (RFC 5545) files of an inspection programme: one VEVENT per visit or meeting, local
 * times in Europe/London (with the VTIMEZONE a calendar needs to place them), TEXT values escaped
 * (backslash, semicolon, comma, line breaks) and content lines folded at 75 octets with CRLF.
 * Pure: the caller passes the time stamp.
 */

export interface CalendarEvent {
  /** Globally unique and stable, so a re-imported file updates the event instead of duplicating it. */
  uid: string;
  /** YYYY-MM-DD, London. */
  date: string;
  /** HH:MM, London. */
  start: string;
  end: string;
  summary: string;
  location?: string | null;
  description?: string | null;
}

export interface CalendarInput {
  /** The calendar's name (X-WR-CALNAME), e.g. "INS-2026-0001 programme". */
  name: string;
  events: readonly CalendarEvent[];
  /** When the file was made (DTSTAMP). */
  stamp: Date;
}

export const ICS_PRODID = '-//Inspectorate//Inspection programme//EN';

/** TEXT escaping (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line so no line is longer than 75 octets (RFC 5545 3.1): continuation lines
 * start with one space. Never splits a UTF-8 character.
 */
const utf8 = new TextEncoder();

export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74; // continuation lines lose one octet to the leading space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function localStamp(date: string, time: string): string {
  return `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;
}

/** The Europe/London rules since 1996: BST from the last Sunday of March to the last Sunday of October. */
const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

export function toICalendar(input: CalendarInput): string {
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${ICS_PRODID}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(input.name)}`, 'X-WR-TIMEZONE:Europe/London', ...LONDON_VTIMEZONE];
  const stamp = utcStamp(input.stamp);
  for (const e of input.events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${stamp}`, `DTSTART;TZID=Europe/London:${localStamp(e.date, e.start)}`, `DTEND;TZID=Europe/London:${localStamp(e.date, e.end)}`, `SUMMARY:${escapeText(e.summary)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
