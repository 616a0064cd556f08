/**
 * Values a view model hands out again and again unchanged (the search page's filter lists, the same
 * objects while the register's options stand): marked once, frozen, and named by a short token, so
 * a component macro's kept output (`MacroOutputs`) is found without writing the whole list out as
 * its key on every request.
 */
const tokens = new WeakMap<object, string>();
let made = 0;

/** Freezes the value and its direct members (a list of items) and gives it a token for good. */
export function markStable<T extends object>(value: T): T {
  if (!tokens.has(value)) {
    if (Array.isArray(value)) for (const member of value) if (member && typeof member === 'object') Object.freeze(member);
    tokens.set(value, `\u0001stable ${++made}`);
    Object.freeze(value);
  }
  return value;
}

/** The token of a marked value, or undefined. */
export function stableToken(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? tokens.get(value) : undefined;
}
