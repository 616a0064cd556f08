import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, toICalendar } from './icalendar.js';

describe('escapeText', () => {
  it.each([
    ['plain', 'Ward 7', 'Ward 7'],
    ['comma', 'Luton, Bedfordshire', 'Luton\\, Bedfordshire'],
    ['semicolon', 'a; b', 'a\\; b'],
    ['backslash first', 'C:\\notes', 'C:\\\\notes'],
    ['line breaks', 'one\ntwo\r\nthree', 'one\\ntwo\\nthree'],
  ])('%s', (_l, input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });
});

describe('foldLine', () => {
  it('leaves a line of 75 octets alone', () => {
    const line = 'x'.repeat(75);
    expect(foldLine(line)).toBe(line);
  });

  it('folds a longer line with CRLF and a space, no line over 75 octets', () => {
    const folded = foldLine(`SUMMARY:${'a'.repeat(200)}`);
    const parts = folded.split('\r\n');
    expect(parts.length).toBe(3);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(`SUMMARY:${'a'.repeat(200)}`);
  });

  it('never splits a multi-byte character', () => {
    const folded = foldLine(`LOCATION:${'é'.repeat(60)}`);
    for (const p of folded.split('\r\n')) {
      expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
      expect(p).not.toContain('\uFFFD');
    }
    expect(folded.split('\r\n').map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(`LOCATION:${'é'.repeat(60)}`);
  });
});

describe('toICalendar', () => {
  const ics = toICalendar({
    name: 'INS-1 programme',
    stamp: new Date('2026-12-05T10:00:00Z'),
    events: [{ uid: 'visit-1@inspectorate', date: '2026-07-14', start: '09:30', end: '12:00', summary: 'Visit: Children’s ward, Luton & Dunstable', location: 'Lewsey Road, Luton', description: 'Case tracking; meet staff' }],
  });

  it('is a calendar with CRLF line ends and London times', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics).not.toMatch(/[^\r]\n/);
    expect(ics).toContain('DTSTART;TZID=Europe/London:20260714T093000');
    expect(ics).toContain('DTEND;TZID=Europe/London:20260714T120000');
    expect(ics).toContain('DTSTAMP:20261205T100000Z');
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/London');
    expect(ics).toContain('LOCATION:Lewsey Road\\, Luton');
    expect(ics).toContain('DESCRIPTION:Case tracking\\; meet staff');
    expect(ics).toContain('UID:visit-1@inspectorate');
  });

  it('has one event per item', () => {
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });
});
