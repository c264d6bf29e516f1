/**
 * What changed for one council since the previous refresh, from the refresh's change report
 * (loaders/changes.ts): new periods of headline data, rank moves, revised values and changed
 * source files, as plain sentences, most important first.
 */
import type {ChangeReport} from "../changes.ts";
import {formatNumber, formatPeriod, ordinal} from "../../src/lib/format.ts";
import type {CouncilChanges} from "../../src/lib/domain/council-data.ts";

export function councilChanges(report: ChangeReport | null, code: string, headlineIds: ReadonlySet<string>, limit = 8): CouncilChanges {
  const empty = {revisions: 0, rank_moves: 0, new_periods: 0, sources: 0};
  if (!report) {
    return {available: false, generated_at: null, message: "No previous snapshot exists yet, so there is nothing to compare with: this is the first published refresh.", items: [], counts: empty};
  }
  const items: string[] = [];
  const revisions = report.revisions.filter((r) => r.area_code === code);
  const moves = report.rank_moves.filter((m) => m.area_code === code);
  const newPeriods = report.new_periods.filter((p) => headlineIds.has(p.indicator_id));
  for (const p of newPeriods) items.push(`New data: ${p.title}, ${formatPeriod(p.period)} (${p.areas} areas).`);
  for (const m of moves.sort((a, b) => Math.abs(b.old_rank - b.new_rank) - Math.abs(a.old_rank - a.new_rank))) {
    items.push(`${m.title} (${formatPeriod(m.period)}): moved from ${ordinal(m.old_rank)} to ${ordinal(m.new_rank)} of ${m.ranked} in ${m.group_label}${m.polarity === "no_judgement" ? "" : `, ${m.direction}`}.`);
  }
  for (const r of revisions) {
    const before = r.old_value === null ? r.old_status : formatNumber(r.old_value, 2);
    const after = r.new_value === null ? r.new_status : formatNumber(r.new_value, 2);
    items.push(`${r.title} (${formatPeriod(r.period)}${r.breakdown === "total" ? "" : `, ${r.breakdown}`}) revised from ${before} to ${after}.`);
  }
  for (const s of report.sources) {
    items.push(`Source ${s.change}: ${s.file}${s.vintage_before && s.vintage_after && s.vintage_before !== s.vintage_after ? ` (release ${s.vintage_before} → ${s.vintage_after})` : s.vintage_after ? ` (release ${s.vintage_after})` : ""}.`);
  }
  const byCouncil = report.by_council?.[code];
  const counts = {revisions: byCouncil?.revisions ?? revisions.length, rank_moves: byCouncil?.rank_moves ?? moves.length, new_periods: newPeriods.length, sources: report.sources.length};
  let message: string;
  if (report.first_snapshot) message = "This is the first snapshot with data: everything in it is new, so there are no changes to list yet.";
  else if (report.message && !items.length) message = report.message;
  else if (!items.length) message = `Nothing changed for this council since the previous refresh (compared ${formatPeriod(report.generated_at.slice(0, 10))}).`;
  else message = `Compared with the previous refresh (report of ${formatPeriod(report.generated_at.slice(0, 10))}): ${counts.revisions} revised value${counts.revisions === 1 ? "" : "s"} and ${counts.rank_moves} rank move${counts.rank_moves === 1 ? "" : "s"} for this council, ${counts.new_periods} new period${counts.new_periods === 1 ? "" : "s"} of headline data, ${counts.sources} source file${counts.sources === 1 ? "" : "s"} changed.`;
  const shown = items.slice(0, limit);
  if (items.length > limit) shown.push(`… and ${items.length - limit} more on the “What changed” page.`);
  return {available: true, generated_at: report.generated_at, message, items: shown, counts};
}
