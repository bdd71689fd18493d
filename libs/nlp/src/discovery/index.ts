export { discoverThemes, DEFAULT_DISCOVERY_OPTIONS, type Discovery, type DiscoveryOptions, type DiscoveryProgress, type DiscoveryStage, type Theme } from './discover-themes.js';
export { matrixOf, centredUnitRows, type EmbeddingMatrix } from './embedding-matrix.js';
export { lsaEmbeddings, type LsaOptions } from './lsa-embeddings.js';
export { maskEntities, properNounsOf, type MaskKind } from './entity-masks.js';
export { themeTerms, themeNameOf, type ThemeTerm } from './theme-terms.js';
export { clusteringScoresOf, normalisedMutualInformation, adjustedRandIndex, clusteringAccuracy, type ClusteringScores } from './clustering-scores.js';
export { minimumCostAssignment } from './hungarian.js';
