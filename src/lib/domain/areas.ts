/** Area codes the domain names by role rather than by data: England, the benchmark every figure is tested against. */

/** ONS GSS code of England (country), the national benchmark in every comparison. */
export const ENGLAND_CODE = "E92000001";
export const ENGLAND_NAME = "England";

/**
 * Medway, the council the seed papers are about: the council every explorer and the overview's
 * council picker show first, so the view a reader lands on is the one those papers discuss.
 */
export const DEFAULT_FOCAL_CODE = "E06000035";
