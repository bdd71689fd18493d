import { wordsOf } from '../text/words.js';

/** Phrases by which customers say a contact cost them effort: repeats, waiting, being ignored. */
export const EFFORT_CUES = {
  again: ['again'],
  second_time: ['second time', '2nd time', 'twice'],
  third_time: ['third time', '3rd time', 'three times', 'fourth time', 'fifth time'],
  how_many_times: ['how many times', 'how many more times'],
  still_waiting: ['still waiting', 'still not', "still haven't", "still hasn't", "still don't", "still didn't", "still can't", 'still no'],
  already: ['already'],
  keep_getting: ['keep getting', 'keeps getting', 'keep having', 'keeps happening', 'keep being'],
  nobody: ['nobody', 'no one has', 'no one got back', 'no one called', 'no one replied', 'no-one'],
  chased: ['chased', 'chasing', 'chase'],
  no_reply: ['no reply', 'no response', 'never replied', 'never heard back', 'not heard back'],
} as const satisfies Record<string, readonly string[]>;

export type EffortCue = keyof typeof EFFORT_CUES;

const patterns: Array<{ cue: EffortCue; words: string[] }> = Object.entries(EFFORT_CUES).flatMap(([cue, phrases]) =>
  phrases.map((phrase) => ({ cue: cue as EffortCue, words: wordsOf(phrase) })),
);

/** The effort cues a text contains, each once, in the order of EFFORT_CUES. */
export function effortCuesIn(text: string): EffortCue[] {
  const words = wordsOf(text);
  const found = new Set<EffortCue>();
  for (const { cue, words: pattern } of patterns) if (!found.has(cue) && containsRun(words, pattern)) found.add(cue);
  return (Object.keys(EFFORT_CUES) as EffortCue[]).filter((cue) => found.has(cue));
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  outer: for (let start = 0; start + run.length <= words.length; start++) {
    for (let i = 0; i < run.length; i++) if (words[start + i] !== run[i]) continue outer;
    return true;
  }
  return false;
}
