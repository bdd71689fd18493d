// What a contact counts as, in SQL, in one place: the effective contact (label beats model, not
// for here, counted at all), the repeat rule (looked up per contact, or found in one pass), the
// failure type, and the one filter builder over contact rows and rollup rows. The same rule in
// plain TypeScript: libs/domain/src/counting.
export * from './effective-contact.sql.js';
export * from './repeats.sql.js';
export * from './filters.sql.js';
