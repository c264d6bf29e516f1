/**
 * What a refresh run reports for each source: its status, why it failed, and the summary table on
 * standard output (and on the GitHub Actions run page), with every failure on standard error.
 */
import {appendFileSync} from "node:fs";
import {formatBytes, isDownloadError, type DownloadFailure} from "../fetch.ts";

export type SourceStatus = "updated" | "unchanged" | "failed";

/**
 * Why a source failed: a download failure (timeout: the server did not answer within the
 * per-request timeout; deadline: the run's deadline stopped it or came before it started; http,
 * network, truncated ...), "invalid" (the file arrived but did not parse, gave no rows or was
 * another source's file) or "assembly" (it parsed but the snapshot does not assemble with it).
 */
export type SourceFailure = DownloadFailure | "invalid" | "assembly";

export interface SourceResult {
  source_id: string;
  status: SourceStatus;
  /** Set when status is "failed". */
  failure?: SourceFailure;
  /** The address the file was fetched from (the mirror's, with --base-url). */
  url: string;
  rows: number | null;
  bytes: number | null;
  seconds: number;
  message: string;
}

/** The message of whatever was thrown, for the summary and the log. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A download's own failure kind (timeout, deadline, http ...); anything else thrown while a file was checked makes it "invalid". */
export function failureKind(error: unknown): SourceFailure {
  return isDownloadError(error) ? error.kind : "invalid";
}

/** The run's table of sources on `out`, the deadline and every failure on `err`, and the same table on the GitHub Actions summary page. */
export function printSummary(results: SourceResult[], out: (line: string) => void, err: (line: string) => void, changesPath?: string, deadlineText?: string) {
  const rows = results.map((r) => [
    r.source_id, r.status, r.rows === null ? "" : r.rows.toLocaleString("en-GB"), r.bytes === null ? "" : formatBytes(r.bytes),
    r.seconds.toFixed(1), r.message.length > 120 && r.status !== "failed" ? r.message.slice(0, 117) + "..." : r.status === "failed" ? "see below" : r.message
  ]);
  const header = ["source", "status", "rows", "bytes", "seconds", "message"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => i === 2 || i === 3 || i === 4 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])).join("  ").trimEnd();
  out(line(header));
  out(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) out(line(row));
  const count = (status: SourceStatus) => results.filter((r) => r.status === status).length;
  const failed = results.filter((r) => r.status === "failed");
  const why = (kind: SourceFailure) => failed.filter((r) => r.failure === kind).length;
  const slow = [why("timeout") ? `${why("timeout")} timed out` : "", why("deadline") ? `${why("deadline")} stopped by the deadline` : ""].filter(Boolean).join(", ");
  out(`${count("updated")} updated, ${count("unchanged")} unchanged, ${count("failed")} failed${slow ? ` (${slow})` : ""}${changesPath ? `; change report: ${changesPath}` : ""}`);
  if (deadlineText) err(`${deadlineText}: ${why("deadline")} source${why("deadline") === 1 ? "" : "s"} unfinished, each keeping its previous file`);
  if (failed.length) {
    err(`refresh failed for ${failed.length} source${failed.length === 1 ? "" : "s"} (previous files kept):`);
    for (const r of failed) err(`  ${r.source_id}: ${r.message}`);
  }
  writeStepSummary(results, header);
}

/** In GitHub Actions, the same table on the run's summary page. */
function writeStepSummary(results: SourceResult[], header: string[]) {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = ["### Data refresh", "", `| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`,
    ...results.map((r) => `| ${[r.source_id, r.status, r.rows?.toString() ?? "", r.bytes === null ? "" : formatBytes(r.bytes), r.seconds.toFixed(1), cell(r.message)].join(" | ")} |`), ""];
  try { appendFileSync(file, lines.join("\n") + "\n"); } catch { /* the summary is a courtesy */ }
}
