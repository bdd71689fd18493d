import { redact } from '@frictionlens/domain';

/**
 * A rejected message's value with its personal data replaced by placeholders. JSON is redacted
 * value by value (strings, object keys and numbers, at any depth) and written out again; anything
 * else, invalid JSON included, is redacted as UTF-8 text.
 */
export function redactedValue(value: Buffer): Buffer {
  const text = value.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return Buffer.from(redact(text).text);
  }
  try {
    return Buffer.from(JSON.stringify(redactJson(json)));
  } catch {
    // Nesting deeper than the stack: the text pass finds the same strings, escapes aside.
    return Buffer.from(redact(text).text);
  }
}

/** A key or header value as UTF-8 text with its personal data replaced. */
export function redactedText(data: Buffer | string): string {
  return redact(typeof data === 'string' ? data : data.toString('utf8')).text;
}

function redactJson(item: unknown): unknown {
  if (typeof item === 'string') return redact(item).text;
  if (typeof item === 'number') return redactNumber(item);
  if (Array.isArray(item)) return item.map(redactJson);
  if (item !== null && typeof item === 'object') {
    // fromEntries defines keys, so a "__proto__" key from JSON stays a plain key.
    return Object.fromEntries(Object.entries(item).map(([key, inner]) => [redact(key).text, redactJson(inner)]));
  }
  return item;
}

// A card number sent as a JSON number. Past 2^53 the parsed number no longer holds the digits
// that were sent (so no checksum can be made of them): such a number is withheld as a whole.
function redactNumber(value: number): number | string {
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return '[NUMBER]';
  const text = redact(String(value)).text;
  return text === String(value) ? value : text;
}
