import { describe, expect, it } from 'vitest';
import { findClashes, timesOverlap, type Booking } from './booking-overlaps.js';

const b = (over: Partial<Booking>): Booking => ({ id: 'x', date: '2026-07-14', start: '09:00', end: '12:00', place: 'Ward 7', inspectorIds: ['ann'], label: 'Visit', ...over });

describe('timesOverlap', () => {
  it.each([
    ['same times', b({}), b({ id: 'y' }), true],
    ['one inside the other', b({}), b({ id: 'y', start: '10:00', end: '11:00' }), true],
    ['partly overlapping', b({}), b({ id: 'y', start: '11:30', end: '13:00' }), true],
    ['touching: one ends as the next starts', b({}), b({ id: 'y', start: '12:00', end: '13:00' }), false],
    ['later the same day', b({}), b({ id: 'y', start: '13:00', end: '14:00' }), false],
    ['same times on another day', b({}), b({ id: 'y', date: '2026-07-15' }), false],
  ])('%s', (_l, x, y, expected) => {
    expect(timesOverlap(x, y)).toBe(expected);
    expect(timesOverlap(y, x)).toBe(expected);
  });
});

describe('findClashes', () => {
  it.each([
    ['an inspector booked twice', b({ place: 'A' }), [b({ id: 'y', place: 'B' })], [['inspector', 'ann']]],
    ['a place booked twice (case and spaces ignored)', b({ inspectorIds: ['ann'] }), [b({ id: 'y', inspectorIds: ['bob'], place: ' ward  7 ' })], [['place', 'Ward 7']]],
    ['both at once', b({}), [b({ id: 'y' })], [['inspector', 'ann'], ['place', 'Ward 7']]],
    ['different people and places', b({}), [b({ id: 'y', inspectorIds: ['bob'], place: 'Clinic' })], []],
    ['the booking itself (when changing it) is not a clash', b({}), [b({})], []],
    ['touching times are not a clash', b({}), [b({ id: 'y', start: '12:00', end: '13:00' })], []],
  ] as const)('%s', (_l, candidate, others, expected) => {
    expect(findClashes(candidate, others).map((c) => [c.kind, c.who])).toEqual(expected);
  });
});
