/**
 * Whether to try loading the demo at start-up: FRICTIONLENS_DEMO decides when set; unset, only
 * the embedded database (a single-machine try-out) gets it. Either way it loads only into a
 * database without contacts or taxonomy.
 */
export function demoWanted(flag: boolean | undefined, databaseEmbedded: boolean): boolean {
  return flag ?? databaseEmbedded;
}
