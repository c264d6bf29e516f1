/**
 * The overview page's data: every council by region, CQC's assessments across England by rating,
 * and each headline indicator's latest council values with England, published measures first.
 */
import {COUNCILS, REGIONS} from "../families/geography/index.ts";
import type {Snapshot} from "../snapshot.ts";
import {ENGLAND_CODE} from "../../src/lib/domain/areas.ts";
import {RATINGS} from "../../src/lib/domain/cqc.ts";
import {anySampleSource} from "../../src/lib/domain/sources.ts";
import type {OverviewData} from "../../src/lib/domain/council-data.ts";
import {HEADLINE_INDICATORS, round, type BuildOptions, type SnapshotContext} from "./context.ts";
import {cqcSummary} from "./cqc.ts";
import {familyFreshness} from "./freshness.ts";

export function buildOverview(snapshot: Snapshot, context: SnapshotContext, options: BuildOptions, freshness = familyFreshness(options.manifest, context)): OverviewData {
  const assessed = COUNCILS.map((c) => ({council: c, cqc: cqcSummary(snapshot, c.code, c.name, context.sampleSources)})).filter((x) => x.cqc.assessed);
  return {
    version: 1,
    snapshot_generated_at: options.manifest.generated_at,
    councils: [...COUNCILS].sort((a, b) => a.name.localeCompare(b.name)).map((c) => ({code: c.code, name: c.name, region_code: c.region_code, region_name: c.region_name})),
    regions: REGIONS.map((r) => ({code: r.code, name: r.name})),
    cqc: {
      assessed: assessed.length,
      total: COUNCILS.length,
      by_rating: RATINGS.map((rating) => ({rating, count: assessed.filter((x) => x.cqc.rating === rating).length})),
      councils: assessed.map(({council, cqc}) => ({code: council.code, name: council.name, region_name: council.region_name, rating: cqc.rating ?? "", overall_pct: cqc.overall_pct, report_date: cqc.report_date ?? ""}))
        .sort((a, b) => (b.overall_pct ?? -1) - (a.overall_pct ?? -1) || a.name.localeCompare(b.name)),
      sample: assessed.some((x) => x.cqc.sample)
    },
    indicators: HEADLINE_INDICATORS.filter((h) => context.indicators.has(h.indicator_id)).map((h) => {
      const indicator = context.indicators.get(h.indicator_id)!;
      const period = h.latest === "per_area" ? null : (context.periods.get(h.indicator_id) ?? []).at(-1) ?? null;
      const values = COUNCILS.map((c) => {
        const fact = h.latest === "per_area" ? context.perArea.get(h.indicator_id)?.get(c.code)?.latest : period ? context.index.get(h.indicator_id)?.get(period)?.get(c.code) : undefined;
        return {code: c.code, value: fact?.value ?? null, source: fact?.source_id};
      }).filter((v): v is {code: string; value: number; source: string} => v.value !== null);
      return {
        indicator_id: h.indicator_id, family: indicator.family, title: indicator.title, short_title: indicator.short_title, unit: indicator.unit,
        polarity: indicator.polarity, period,
        england: period ? round(context.index.get(h.indicator_id)?.get(period)?.get(ENGLAND_CODE)?.value ?? null) : null,
        sample: anySampleSource(values.map((v) => v.source), context.sampleSources),
        values: values.map((v) => ({code: v.code, value: round(v.value, 4)!}))
      };
    })
      // The national picture leads with published measures; sample ones follow, labelled (a stable sort keeps page order within each).
      .sort((a, b) => Number(a.sample) - Number(b.sample)),
    freshness
  };
}
