/**
 * One council's page data, and every page with the overview and About: the headlines, one
 * comparison per headline in each of the council's groups, the default group and why, the CQC
 * assessment, freshness, what changed, and what on the page is sample.
 */
import {COUNCILS, type Council} from "../families/geography/index.ts";
import type {Snapshot} from "../snapshot.ts";
import {defaultComparatorGroup} from "../default-group.ts";
import type {AboutData, CouncilPageData, GroupComparison, OverviewData} from "../../src/lib/domain/council-data.ts";
import {HEADLINE_INDICATORS, snapshotContext, type BuildOptions, type SnapshotContext} from "./context.ts";
import {headlineValue} from "./headlines.ts";
import {groupComparison, groupsForCouncil} from "./comparison.ts";
import {cqcSummary} from "./cqc.ts";
import {familyFreshness} from "./freshness.ts";
import {councilChanges} from "./changes.ts";
import {buildOverview} from "./overview.ts";
import {buildAbout} from "./about.ts";

export function buildCouncilPage(snapshot: Snapshot, context: SnapshotContext, council: Council, options: BuildOptions, freshness = familyFreshness(options.manifest, context)): CouncilPageData {
  const groups = groupsForCouncil(snapshot.groups, council.code, context.names);
  const available = HEADLINE_INDICATORS.filter((h) => context.indicators.has(h.indicator_id));
  const headlines = available.map((h) => headlineValue(context, h.indicator_id, council.code, h.latest));
  const comparisons: Record<string, GroupComparison[]> = {};
  for (const group of groups) {
    comparisons[group.group_id] = headlines.map((headline, i) => groupComparison(context, headline, group, council, available[i].latest));
  }
  // The all-England group's member list is every council: the page needs only its size.
  for (const group of groups) if (group.kind === "all_england") group.members = [];
  const sample = headlines.some((h) => h.sample) || groups.some((g) => g.sample);
  const shown = headlines.filter((h) => h.value !== null);
  const samples = shown.filter((h) => h.sample).length;
  return {
    version: 1,
    code: council.code, name: council.name, short_name: council.short_name, region_code: council.region_code, region_name: council.region_name,
    snapshot_generated_at: options.manifest.generated_at,
    ...defaultComparatorGroup(council, groups),
    groups,
    headlines,
    comparisons,
    cqc: cqcSummary(snapshot, council.code, council.name, context.sampleSources),
    freshness: freshness.map((f) => ({...f, sources: f.sources.map(({source_id, title, url, vintage, retrieved_at, sample, seeded}) => ({source_id, title, url, vintage, retrieved_at, sample, seeded}))})),
    changes: councilChanges(options.changes, council.code, new Set(available.map((h) => h.indicator_id))),
    sample,
    published_headlines: shown.length - samples,
    sample_headlines: samples,
    sample_note: samples
      ? `${shown.length - samples} of the ${shown.length} headline figures on this page are published figures; the ${samples} marked “Sample” are illustrative values from the built-in sample (except figures taken from the seed council papers), until the publisher's file is in the build.`
      : sample ? "Every headline figure on this page is a published figure; a comparator group marked “Sample” is an illustrative list." : ""
  };
}

export interface CouncilPagesOutput {
  councils: Map<string, CouncilPageData>;
  overview: OverviewData;
  about: AboutData;
}

export function buildCouncilPages(snapshot: Snapshot, options: BuildOptions, councils: readonly Council[] = COUNCILS): CouncilPagesOutput {
  const context = snapshotContext(snapshot, options);
  const freshness = familyFreshness(options.manifest, context);
  const pages = new Map<string, CouncilPageData>();
  for (const council of councils) pages.set(council.code, buildCouncilPage(snapshot, context, council, options, freshness));
  return {councils: pages, overview: buildOverview(snapshot, context, options, freshness), about: buildAbout(snapshot, context, options, freshness)};
}
