/**
 * Whether a Content-Type header names JSON: `application/json` or a structured-syntax
 * `application/<name>+json` (RFC 6839), with any parameters (`; charset=utf-8`). Only the media
 * type itself — the part before the first `;` — counts, so "text/plain; x=application/json" (a
 * type a cross-site form or a simple CORS request may send) is not JSON.
 */
const JSON_TYPE = /^application\/(?:[a-z0-9!#$&^_.+-]+\+)?json$/;

export function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const [type = ""] = header.split(";", 1);
  return JSON_TYPE.test(type.trim().toLowerCase());
}
