/** Time reaches the pure domain only as a Clock value, never via Date.now(). */
export interface Clock {
  now(): Date;
}

export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at);
  return { now: () => new Date(instant) };
}
