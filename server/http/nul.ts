/**
 * PostgreSQL refuses U+0000 in `text` and `jsonb` ("invalid byte sequence for encoding UTF8"), so
 * a NUL that reached a query was a 500. Every request input is checked for one at the edge
 * (route parameters, query strings, JSON bodies — route.ts — and the login form) and refused
 * with a 400 that names where it was (DESIGN invariant 10: bad input gets a clear error).
 */
const NUL = "\u0000";

export const NUL_MESSAGE = "must not contain NUL bytes";

export function hasNul(text: string): boolean {
  return text.includes(NUL);
}

/**
 * The dotted path of the first string (or object key) holding a NUL in a parsed JSON value,
 * "(root)" for the value itself, or null when there is none.
 */
export function nulPath(value: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof value === "string") return hasNul(value) ? pathName(path) : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (hasNul(key)) return pathName([...path, key]);
      const found = nulPath(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** The first name in a list of (name, value) pairs whose name or value holds a NUL. */
export function firstNulEntry(entries: Iterable<readonly [string, string | readonly string[] | undefined]>): string | null {
  for (const [name, value] of entries) {
    const values = typeof value === "string" ? [value] : (value ?? []);
    if (hasNul(name) || values.some(hasNul)) return name;
  }
  return null;
}

function pathName(path: readonly (string | number)[]): string {
  return path.length > 0 ? path.map(String).join(".") : "(root)";
}
