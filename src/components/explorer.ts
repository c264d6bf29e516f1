/**
 * The analyst explorer shared by every family page: controls for focal council, comparator
 * group, indicator, period and breakdown; the selection kept in the URL (permalinks, reload,
 * back and forward); the comparator SQL run by DuckDB-Wasm (the default indicator's latest period
 * from the page's first-view file instead, lib/first-view.ts, so the first chart needs no DuckDB;
 * the same rows, test/first-view.test.ts); one "About this view" panel for the
 * selection beside the controls (indicator, definition, source, group: said once); and a list of
 * panels (charts) that each render from the same context (panel.ts) and keep only what is their
 * own. A family page (explorer-page.ts) passes its indicators and panels.
 */
import type {QueryRunner, Selection} from "../lib/comparator.js";
import {comparatorResult, ensureIndicatorFacts, runComparator} from "../lib/comparator.js";
import {comparatorRows, firstViewCovers, type FirstView} from "../lib/first-view.js";
import {DEFAULT_FOCAL_CODE} from "../lib/domain/areas.js";
import {isSampleSelection} from "../lib/domain/sources.js";
import {checkSelection, defaultGroupReason, groupsForCouncil, type IndicatorOption, type Options} from "../lib/selection.js";
import {readUrlState, writeUrlState} from "../lib/url-state.js";
import {formatBreakdown, formatPeriod} from "../lib/format.js";
import {groupKindLabel} from "../lib/domain/groups.js";
import {aboutThisView} from "./about-view.js";
import {rankedBarPanel} from "./ranked-bar.js";
import {csvMetadata, SELECTION_KEYS, type Panel, type PanelContext} from "./panel.js";

/** Charts are drawn at the explorer's width, but never narrower than this (a 320 px phone scales them down a little). */
const MIN_CHART_WIDTH = 300;

export interface ExplorerOptions {
  options: Options;
  db: QueryRunner | Promise<QueryRunner>;
  /** The default indicator's latest period without DuckDB (lib/first-view.ts), when the page has the file. */
  firstView?: FirstView | null | Promise<FirstView | null>;
  indicators: string[];
  /** The kind of comparator group shown when the URL names none (default: CIPFA nearest neighbours, else the region). */
  defaultGroupKind?: string;
  panels?: Panel[];
  width?: number;
}

function select(name: string, label: string): {wrapper: HTMLLabelElement; control: HTMLSelectElement} {
  const wrapper = document.createElement("label");
  wrapper.textContent = label;
  const control = document.createElement("select");
  control.name = name;
  control.setAttribute("data-control", name);
  wrapper.append(control);
  return {wrapper, control};
}

function setChoices(control: HTMLSelectElement, choices: [string, string][], value: string) {
  const current = [...control.options].map((o) => `${o.value}\u0000${o.text}`).join("\u0001");
  const next = choices.map(([v, t]) => `${v}\u0000${t}`).join("\u0001");
  if (current !== next) control.replaceChildren(...choices.map(([v, t]) => new Option(t, v)));
  control.value = value;
}

export function createExplorer(config: ExplorerOptions): HTMLElement {
  const {options} = config;
  const root = document.createElement("div");
  root.className = "explorer";
  const councils = new Map(options.councils.map((c) => [c.code, c]));
  const indicatorsById = new Map(options.indicators.map((i) => [i.indicator_id, i]));
  const defaults = {focal: DEFAULT_FOCAL_CODE, indicators: config.indicators};
  const panels = config.panels ?? [rankedBarPanel];

  const controls = document.createElement("div");
  controls.className = "controls";
  controls.setAttribute("role", "group");
  controls.setAttribute("aria-label", "Choose what to compare");
  const focalSelect = select("focal", "Council");
  const groupSelect = select("group", "Comparator group");
  const indicatorSelect = select("indicator", "Indicator");
  const periodSelect = select("period", "Period");
  const breakdownSelect = select("breakdown", "Breakdown");
  controls.append(focalSelect.wrapper, groupSelect.wrapper, indicatorSelect.wrapper, periodSelect.wrapper, breakdownSelect.wrapper);
  // Why the council's default group is not its CIPFA nearest neighbours, while that default is shown.
  const groupReason = document.createElement("p");
  groupReason.className = "group-reason";
  groupReason.hidden = true;
  const problemsBox = document.createElement("div");
  problemsBox.className = "problems";
  problemsBox.setAttribute("role", "alert");
  problemsBox.hidden = true;
  // One "About this view" panel per selection, beside the controls (replaced when the selection changes).
  const aboutSlot = document.createElement("div");
  aboutSlot.className = "about-view-slot";
  const output = document.createElement("div");
  output.className = "explorer-output";
  output.setAttribute("aria-live", "polite");
  output.setAttribute("aria-busy", "true");
  root.append(controls, groupReason, problemsBox, aboutSlot, output);

  let state: Selection;
  let renderSequence = 0;
  // The width charts are drawn at, kept up to date by a ResizeObserver: reading clientWidth during
  // a render would force a layout of the whole page before every chart.
  let observedWidth = 0;
  if (typeof ResizeObserver !== "undefined") new ResizeObserver((entries) => (observedWidth = entries[0]?.contentRect.width ?? observedWidth)).observe(root);

  function showProblems(problems: string[]) {
    problemsBox.replaceChildren(...problems.map((p) => Object.assign(document.createElement("p"), {textContent: p})));
    problemsBox.hidden = problems.length === 0;
  }

  function syncControls() {
    setChoices(focalSelect.control, options.councils.map((c) => [c.code, c.name]), state.focal);
    setChoices(groupSelect.control, groupsForCouncil(options, state.focal).map((g) => [g.group_id, `${g.label} (${groupKindLabel(g.kind)}, ${g.members.length})`]), state.group);
    // A page that defaults to another kind of group (CQC: the region) has its own reason.
    const reason = config.defaultGroupKind ? "" : defaultGroupReason(options, state.focal, state.group);
    groupReason.textContent = reason;
    groupReason.hidden = reason === "";
    setChoices(indicatorSelect.control, config.indicators.map((id) => indicatorsById.get(id)).filter((i): i is IndicatorOption => !!i && i.periods.length > 0).map((i) => [i.indicator_id, i.title]), state.indicator);
    const indicator = indicatorsById.get(state.indicator)!;
    setChoices(periodSelect.control, [...indicator.periods].reverse().map((p) => [p, formatPeriod(p)]), state.period);
    setChoices(breakdownSelect.control, (indicator.breakdowns[state.period] ?? ["total"]).map((b) => [b, formatBreakdown(b)]), state.breakdown);
  }

  async function render() {
    const sequence = ++renderSequence;
    output.setAttribute("aria-busy", "true");
    const indicator = indicatorsById.get(state.indicator)!;
    const group = options.groups.find((g) => g.group_id === state.group)!;
    const focal = councils.get(state.focal)!;
    try {
      // Timings for the bench (scripts/bench/explorers.ts): the comparator query, then each panel.
      const started = performance.now();
      if (performance.getEntriesByName("explorer:apply", "mark").length) performance.measure("explorer:apply-to-query", "explorer:apply");
      // The default indicator's latest period comes from the first-view file (any council, group
      // and breakdown), with no wait for DuckDB; every other selection is DuckDB's comparatorSql.
      const view = await config.firstView;
      const covered = firstViewCovers(view, state);
      const db = covered ? undefined : await config.db;
      const result = covered
        ? comparatorResult(comparatorRows(view, state, indicator.polarity, group, focal.region_code), state, indicator, group, focal.name)
        : await runComparator(db!, state, indicator, group, focal.name, focal.region_code);
      performance.measure("explorer:comparator", {start: started});
      if (sequence !== renderSequence) return;
      const selection = {...state};
      const context: PanelContext = {
        // Set before the first panel that may query it (the ranked bar, first, needs only the result).
        db: db as QueryRunner, options, selection, indicator, group, focal, result, width: config.width ?? Math.min(900, Math.max(MIN_CHART_WIDTH, observedWidth || 760)),
        sample: isSampleSelection(indicator, selection.period, group),
        csvMetadata: (extra = []) => csvMetadata(options, indicator, selection, group, (code) => councils.get(code)?.name ?? code, extra)
      };
      aboutSlot.replaceChildren(aboutThisView(context));
      // Each panel replaces its predecessor as soon as it is ready, so the first chart (the ranked
      // bar, which needs no further query) updates without waiting for the slower panels.
      const previous = [...output.children] as HTMLElement[];
      const rendered: HTMLElement[] = [];
      for (const [index, panel] of panels.entries()) {
        if (index > 0 && !context.db) {
          context.db = await config.db;
          if (sequence !== renderSequence) return;
        }
        const panelStarted = performance.now();
        const element = await panel(context);
        performance.measure(`explorer:panel:${element?.getAttribute("data-chart") ?? element?.className ?? index}`, {start: panelStarted});
        if (sequence !== renderSequence) return;
        if (element) rendered.push(element);
        const stale = previous.slice(index + 1);
        for (const node of stale) node.setAttribute("aria-busy", "true");
        output.replaceChildren(...rendered, ...stale);
      }
      output.setAttribute("data-selection", JSON.stringify(selection));
      prepareOtherIndicators();
    } catch (error) {
      if (sequence !== renderSequence) return;
      const message = document.createElement("p");
      message.className = "problems";
      message.textContent = `The query for this view failed: ${(error as Error).message}`;
      output.replaceChildren(message);
      aboutSlot.replaceChildren();
      console.error(error);
    } finally {
      if (sequence === renderSequence) output.setAttribute("aria-busy", "false");
    }
  }

  // Each indicator's first view costs a scan of the family's facts into a table of its own, then
  // of that into its breakdown's (ensureIndicatorFacts, 30 to 60 ms in DuckDB-Wasm's worker). Once a view has drawn every panel,
  // the other indicators' tables are made one at a time while the page is idle, so a later change
  // of indicator queries a table that is already there; a change in the meantime waits for at
  // most the one being made.
  let preparing = false;
  function prepareOtherIndicators() {
    if (preparing) return;
    preparing = true;
    const pending = config.indicators.filter((id) => indicatorsById.get(id)?.periods.length);
    const idle = (callback: () => void) => (typeof requestIdleCallback === "function" ? requestIdleCallback(callback, {timeout: 2000}) : setTimeout(callback, 50));
    const next = async () => {
      const id = pending.shift();
      if (id === undefined) return;
      try {
        // The breakdown a change to this indicator shows first: the total where published.
        const indicator = indicatorsById.get(id)!;
        const breakdowns = indicator.breakdowns[indicator.periods[indicator.periods.length - 1]] ?? ["total"];
        await ensureIndicatorFacts(await config.db, id, breakdowns.includes("total") ? "total" : breakdowns[0]);
      } catch {
        // A table that cannot be made is made (or reported) by the view that needs it.
      }
      idle(next);
    };
    idle(next);
  }

  // pushState records the scroll position of the entry it leaves, which forces a layout of the
  // page when the DOM has just changed (15-30 ms here, before the query could start). So the URL
  // is written just after the next frame, when layout is clean and the new chart is on its way.
  let pendingUrl: Selection | null = null;
  const flushUrl = () => {
    if (pendingUrl) writeUrlState({...pendingUrl});
    pendingUrl = null;
  };
  function writeUrlSoon(selection: Selection) {
    pendingUrl = selection;
    requestAnimationFrame(() => setTimeout(flushUrl, 0));
    setTimeout(flushUrl, 100); // a background tab runs no animation frames
  }

  function apply(requested: Partial<Selection>, {fromUrl = false, push = true} = {}) {
    performance.mark("explorer:apply");
    const checked = checkSelection(options, requested, defaults);
    state = checked.selection;
    showProblems(fromUrl ? checked.problems : []);
    syncControls();
    if (push) writeUrlSoon({...state});
    void render();
  }

  const onChange = (key: keyof Selection) => (event: Event) => {
    const value = (event.target as HTMLSelectElement).value;
    const next: Partial<Selection> = {...state, [key]: value};
    if (key === "focal") {
      // Keep the kind of group the reader chose (CIPFA, region...) when the council changes.
      const kind = options.groups.find((g) => g.group_id === state.group)?.kind;
      const sameKind = groupsForCouncil(options, value).find((g) => g.kind === kind && (kind !== "custom" || g.group_id === state.group));
      next.group = sameKind?.group_id;
    }
    apply(next);
  };
  focalSelect.control.addEventListener("change", onChange("focal"));
  groupSelect.control.addEventListener("change", onChange("group"));
  indicatorSelect.control.addEventListener("change", onChange("indicator"));
  periodSelect.control.addEventListener("change", onChange("period"));
  breakdownSelect.control.addEventListener("change", onChange("breakdown"));
  addEventListener("popstate", () => {
    pendingUrl = null;
    apply(readUrlState(SELECTION_KEYS) as Partial<Selection>, {fromUrl: true, push: false});
  });

  if (!options.indicators.some((i) => config.indicators.includes(i.indicator_id) && i.periods.length)) {
    output.replaceChildren(Object.assign(document.createElement("p"), {className: "problems", textContent: "This snapshot has no data for these indicators yet."}));
    output.setAttribute("aria-busy", "false");
    controls.hidden = true;
    return root;
  }
  const fromUrl = readUrlState(SELECTION_KEYS);
  // The page's first indicator with data is the default (checkSelection alone would take the catalogue's order).
  if (!fromUrl.indicator) fromUrl.indicator = config.indicators.find((id) => indicatorsById.get(id)?.periods.length) ?? null;
  if (!fromUrl.group && config.defaultGroupKind) {
    const focalCode = councils.has(fromUrl.focal ?? "") ? fromUrl.focal! : defaults.focal;
    fromUrl.group = groupsForCouncil(options, focalCode).find((g) => g.kind === config.defaultGroupKind)?.group_id ?? null;
  }
  const checked = checkSelection(options, fromUrl, defaults);
  state = checked.selection;
  showProblems(checked.problems);
  syncControls();
  writeUrlState({...state}, {replace: true});
  void render();
  return root;
}
