export * from './value-stream.js';
export * from './step-links.js';
export * from './handling-costs.js';
export * from './value-stream-document.js';
export * from './step-volumes-csv.js';
