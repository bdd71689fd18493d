export * from './category.js';
export * from './name-from-key.js';
export * from './taxonomy-problems.js';
export * from './category-rules.js';
export * from './taxonomy-document.js';
export * from './failure-types.js';
export * from './category-moves.js';
