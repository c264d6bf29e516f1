/**
 * One service type per care location, from the care directory's Y/N flags. This is the only place
 * the rule lives; charts and facts use its labels.
 *
 * A location may carry several flags. The rule takes the most specific setting first: care homes
 * (with nursing before without), then Shared Lives, extra care housing and supported living, and
 * domiciliary care last, because CQC registers supported-living, extra-care and Shared Lives
 * schemes that deliver personal care with the domiciliary flag as well, so domiciliary care is
 * what remains once those are taken out.
 */
export const SERVICE_TYPES = [
  "Care home with nursing",
  "Care home without nursing",
  "Shared Lives",
  "Extra care",
  "Supported living",
  "Domiciliary care",
  "Other"
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** The breakdown that groups both kinds of care home, as LG Inform's "% care homes rated good or outstanding" does. */
export const CARE_HOME = "Care home";

export interface ServiceFlags {
  careHome: boolean;
  careHomeWithNursing: boolean;
  careHomeWithoutNursing: boolean;
  sharedLives: boolean;
  extraCare: boolean;
  supportedLiving: boolean;
  domiciliary: boolean;
}

export function serviceTypeOf(flags: ServiceFlags): ServiceType {
  if (flags.careHomeWithNursing) return "Care home with nursing";
  if (flags.careHomeWithoutNursing || flags.careHome) return "Care home without nursing";
  if (flags.sharedLives) return "Shared Lives";
  if (flags.extraCare) return "Extra care";
  if (flags.supportedLiving) return "Supported living";
  if (flags.domiciliary) return "Domiciliary care";
  return "Other";
}

/** A care home of either kind; plain "Care home" where the file cannot say which (CQC's latest-ratings layout). */
export function isCareHomeType(type: string): boolean {
  return type === "Care home with nursing" || type === "Care home without nursing" || type === CARE_HOME;
}

/** The breakdowns facts are published for: every location, both care home kinds together, then each type. */
export const SERVICE_TYPE_BREAKDOWNS: readonly {breakdown: string; includes: (type: string) => boolean; careHomes: boolean}[] = [
  {breakdown: "total", includes: () => true, careHomes: false},
  {breakdown: `service_type=${CARE_HOME}`, includes: isCareHomeType, careHomes: true},
  ...SERVICE_TYPES.map((type) => ({breakdown: `service_type=${type}`, includes: (t: string) => t === type, careHomes: isCareHomeType(type)}))
];
