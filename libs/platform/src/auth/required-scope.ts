/** Metadata key under which a route records the API key scope it needs. */
export const REQUIRED_SCOPE = 'frictionlens:required-scope';
