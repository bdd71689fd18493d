/**
 * A readable name for a category that has none: separators become spaces and the first letter
 * is capitalised, the rest kept as written (`card_arrival` → "Card arrival",
 * `Refund_not_showing_up` → "Refund not showing up").
 */
export function nameFromKey(key: string): string {
  const words = key.replace(/[_.-]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!words) return key;
  return words.charAt(0).toUpperCase() + words.slice(1);
}
