/**
 * Facts per council, region and England from the care directory's locations: how many locations
 * of each service type, care home beds, and the share with each latest overall rating. The
 * denominator of every share is all active locations of that type, rated or not, as in LG Inform
 * metric 17443 ("all CQC registered care homes that are currently active ... rated good or
 * outstanding") and CQC's own figures quoted for Medway (seed 003 L1338, where the shares
 * include "not yet rated").
 */
import type {CqcLocationRow, FactRow} from "../../model.ts";
import {COUNCILS, ENGLAND_CODE, REGIONS, councilByCode} from "../geography/index.ts";
import {NOT_YET_RATED, type LocationRating} from "../../../src/lib/domain/cqc.ts";
import {SERVICE_TYPE_BREAKDOWNS} from "./service-types.ts";

/** The rating-share indicators and which ratings each counts. */
export const RATING_SHARE_INDICATORS: readonly {indicator_id: string; counts: readonly LocationRating[]}[] = [
  {indicator_id: "cqc_locations_good_or_outstanding_pct", counts: ["Outstanding", "Good"]},
  {indicator_id: "cqc_locations_outstanding_pct", counts: ["Outstanding"]},
  {indicator_id: "cqc_locations_good_pct", counts: ["Good"]},
  {indicator_id: "cqc_locations_requires_improvement_pct", counts: ["Requires improvement"]},
  {indicator_id: "cqc_locations_inadequate_pct", counts: ["Inadequate"]},
  {indicator_id: "cqc_locations_not_yet_rated_pct", counts: [NOT_YET_RATED]}
];

export interface AggregateOptions {
  period: string;
  source_id: string;
  vintage: string;
}

interface Tally {
  locations: number;
  beds: number;
  byRating: Map<string, number>;
}

/**
 * Every council, region and England gets a count for every breakdown, zero included (a council
 * with no Shared Lives scheme has 0, which is data); shares are left out where there is nothing
 * to divide by.
 */
export function aggregateLocations(locations: readonly CqcLocationRow[], options: AggregateOptions): FactRow[] {
  const areaCodes = [...COUNCILS.map((c) => c.code), ...REGIONS.map((r) => r.code), ENGLAND_CODE];
  const tallies = new Map<string, Tally>();
  const tallyFor = (area: string, breakdown: string) => {
    const key = `${area}\u0000${breakdown}`;
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = {locations: 0, beds: 0, byRating: new Map()}));
    return tally;
  };

  for (const location of locations) {
    const council = councilByCode(location.area_code);
    if (!council) throw new Error(`location ${location.location_id} has area code ${location.area_code}, which is not a council`);
    for (const {breakdown, includes} of SERVICE_TYPE_BREAKDOWNS) {
      if (!includes(location.service_type)) continue;
      for (const area of [council.code, council.region_code, ENGLAND_CODE]) {
        const tally = tallyFor(area, breakdown);
        tally.locations++;
        tally.beds += location.beds ?? 0;
        tally.byRating.set(location.rating, (tally.byRating.get(location.rating) ?? 0) + 1);
      }
    }
  }

  const facts: FactRow[] = [];
  const fact = (indicator_id: string, area_code: string, breakdown: string, value: number, numerator: number | null, denominator: number | null): FactRow => ({
    indicator_id, area_code, period: options.period, breakdown, value, numerator, denominator,
    status: "ok", source_id: options.source_id, vintage: options.vintage
  });
  for (const area of areaCodes) {
    for (const {breakdown, careHomes} of SERVICE_TYPE_BREAKDOWNS) {
      const tally = tallies.get(`${area}\u0000${breakdown}`) ?? {locations: 0, beds: 0, byRating: new Map<string, number>()};
      facts.push(fact("cqc_locations_count", area, breakdown, tally.locations, null, null));
      if (careHomes) facts.push(fact("cqc_care_home_beds", area, breakdown, tally.beds, null, null));
      if (tally.locations === 0) continue;
      for (const {indicator_id, counts} of RATING_SHARE_INDICATORS) {
        const numerator = counts.reduce((sum, rating) => sum + (tally.byRating.get(rating) ?? 0), 0);
        facts.push(fact(indicator_id, area, breakdown, (100 * numerator) / tally.locations, numerator, tally.locations));
      }
    }
  }
  return facts;
}
