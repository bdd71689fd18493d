export * from './discovery-scope.js';
export * from './dismissed-themes.js';
export * from './theme-suggestions.js';
export * from './theme-vectors.js';
export * from './weekly-trend.js';
export * from './emerging-growth.js';
export * from './emerging-themes.js';
