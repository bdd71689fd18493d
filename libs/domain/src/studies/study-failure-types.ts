/**
 * The typology of failure demand a person may code in a study (Vanguard's usual kinds, as the
 * demo scenario's `failureTypes`), in the order the study screen numbers them (keys 1–6).
 * `not-for-here` is not among them: it is the code's own flag. Failure types the current
 * taxonomy's categories carry are accepted too.
 */
export const STUDY_FAILURE_TYPES = ['progress-chasing', 'not-done', 'done-wrong', 'did-not-work', 'not-understood', 'repeat'] as const;

/** The failure type a contact sent to the wrong place counts as. */
export const NOT_FOR_HERE_FAILURE_TYPE = 'not-for-here';
