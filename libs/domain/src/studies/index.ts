export * from './sample-size.js';
export * from './seeded-random.js';
export * from './stratified-sample.js';
export * from './agreement.js';
export * from './study-results.js';
export * from './study-failure-types.js';
