// Moved to @frictionlens/platform (beside ZodPipe, whose 400 it shares). This re-export lasts until
// the two remaining importers, being edited by others right now, are switched over.
export { invalidRequest } from '@frictionlens/platform';
