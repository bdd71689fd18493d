import { matchDismissed, type DismissedTheme, type ThemeFingerprint } from './dismissed-themes.js';
import type { ThemeGrowth } from './emerging-growth.js';

/** A theme raised as emerging before (whatever people made of it since): the fingerprint it is recognised by. */
export type RaisedTheme = DismissedTheme;

/** What becomes of one theme of an emerging run. */
export type EmergingDecision =
  /** A new theme that grows: raised, once. */
  | { action: 'raise' }
  /** The theme raised before, seen again: not raised again, its figures are updated. */
  | { action: 'update'; themeId: number; by: 'centroid' | 'terms'; score: number }
  /** Not raised: it matches a dismissed theme, or it does not grow against its baseline. */
  | { action: 'none'; reason: 'dismissed' | 'not growing' };

/**
 * Raise once: a theme of an emerging run that is a theme raised before (recognised as dismissed
 * themes are, by centroid cosine or shared top terms: `matchDismissed`) updates that one and is
 * not raised again, whether it grows or not and whatever people decided about it; a theme that
 * matches a dismissed theme is never raised; otherwise it is raised when it grows.
 */
export function emergingDecision(
  theme: { fingerprint: ThemeFingerprint; dismissed: boolean; growth: Pick<ThemeGrowth, 'emerging'> },
  raised: readonly RaisedTheme[],
  thresholds: { cosine?: number; terms?: number } = {},
): EmergingDecision {
  if (theme.dismissed) return { action: 'none', reason: 'dismissed' };
  const match = matchDismissed(theme.fingerprint, raised, thresholds);
  if (match) return { action: 'update', ...match };
  return theme.growth.emerging ? { action: 'raise' } : { action: 'none', reason: 'not growing' };
}
