import { redact, redactDeep } from '@frictionlens/domain';

/**
 * A rejected message's value with its personal data replaced by placeholders. JSON is redacted
 * value by value (`redactDeep`: strings, object keys and numbers, at any depth) and written out
 * again; anything else, invalid JSON included, is redacted as UTF-8 text.
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
    return Buffer.from(JSON.stringify(redactDeep(json).value));
  } catch {
    // Nesting deeper than the stack: the text pass finds the same strings, escapes aside.
    return Buffer.from(redact(text).text);
  }
}

/** A key or header value as UTF-8 text with its personal data replaced. */
export function redactedText(data: Buffer | string): string {
  return redact(typeof data === 'string' ? data : data.toString('utf8')).text;
}
