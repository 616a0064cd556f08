/**
 * Double bookings in a programme: an inspector, or a place, booked for two visits or meetings
 * whose times overlap on the same day. A warning, not a refusal: a lead may mean it (two
 * inspectors sharing a room), but must see it. Touching times (one ends at 12:00, the next
 * starts at 12:00) do not overlap. Pure.
 */

export interface Booking {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  start: string;
  end: string;
  place: string;
  inspectorIds: readonly string[];
  /** What the booking is, in words ("Visit to the children's ward"). */
  label: string;
}

export interface BookingClash {
  kind: 'inspector' | 'place';
  /** The inspector's id, or the place as written. */
  who: string;
  with: Booking;
}

export function timesOverlap(a: Pick<Booking, 'date' | 'start' | 'end'>, b: Pick<Booking, 'date' | 'start' | 'end'>): boolean {
  return a.date === b.date && a.start < b.end && b.start < a.end;
}

function samePlace(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  return norm(a) !== '' && norm(a) === norm(b);
}

/** Every clash between the candidate and the other bookings (the candidate's own id is skipped). */
export function findClashes(candidate: Booking, others: readonly Booking[]): BookingClash[] {
  const clashes: BookingClash[] = [];
  for (const other of others) {
    if (other.id === candidate.id || !timesOverlap(candidate, other)) continue;
    for (const inspector of candidate.inspectorIds) if (other.inspectorIds.includes(inspector)) clashes.push({ kind: 'inspector', who: inspector, with: other });
    if (samePlace(candidate.place, other.place)) clashes.push({ kind: 'place', who: candidate.place.trim(), with: other });
  }
  return clashes;
}
