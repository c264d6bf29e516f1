// @vitest-environment jsdom
/**
 * Snapshot tests of every chart component, as Observable Plot tests its marks: each chart is drawn
 * under jsdom from a small fixed input (test/support/chart-fixtures.ts), serialised and normalised
 * (test/support/markup-snapshot.ts) and compared with its committed file in test/snapshots/. A
 * change to one chart fails that chart's snapshot alone, and its diff says what moved.
 *
 * To accept a change on purpose: `npm run test:snapshots:update` (UPDATE_SNAPSHOTS=1), then
 * review and commit the changed files. A missing snapshot is written on the first run (and is an
 * error on CI).
 */
import {existsSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {describe, expect, it} from "vitest";
import {compositionChart} from "../src/components/composition.ts";
import {cqcBandChart, qualityStatementTable} from "../src/components/council-cqc.ts";
import {cqcRatingsPanel, indicatorMultiples} from "../src/components/council-overview.ts";
import {cqcGrid} from "../src/components/cqc-grid.ts";
import {dataTable} from "../src/components/chart-frame.ts";
import {distributionStrip} from "../src/components/distribution.ts";
import {funnelChart} from "../src/components/funnel.ts";
import {FOCAL_COLOUR, legend} from "../src/components/palette.ts";
import {rankedBar} from "../src/components/ranked-bar.ts";
import {scoreInBand} from "../src/components/score-in-band.ts";
import {spineChart, SPINE_NARROW} from "../src/components/spine-chart.ts";
import {tile, tileGrid} from "../src/components/tiles.ts";
import {trendChart} from "../src/components/trend.ts";
import {otProfileChart, workforceProfileChart} from "../src/components/workforce-profile.ts";
import {
  ASSESSMENTS, BAND_POINTS, COMPOSITION_CATEGORIES, COMPOSITION_SEGMENTS, CQC_SUMMARY, FOCAL, FUNNEL_POINTS, FUNNEL_TARGET,
  OT_SEGMENTS, OVERVIEW, PROFILE_ROWS, PROPORTION, RESULT, SPINE_ROWS, TILES, TREND_ROWS
} from "./support/chart-fixtures.ts";
import {readOrWriteSnapshot, roundNumber, serialiseMarkup} from "./support/markup-snapshot.ts";

const SNAPSHOTS = join(dirname(fileURLToPath(import.meta.url)), "snapshots");
const MODE = {update: process.env.UPDATE_SNAPSHOTS === "1", ci: Boolean(process.env.CI)};

/** Every component, by its snapshot's name: a function drawing it from the fixtures. */
const CHARTS: Record<string, () => Element> = {
  "ranked-bar": () => rankedBar(RESULT, PROPORTION),
  "distribution-strip": () => distributionStrip(RESULT, PROPORTION),
  "trend": () => trendChart(TREND_ROWS, PROPORTION, {focalName: FOCAL.name}),
  "funnel": () => funnelChart(FUNNEL_POINTS, PROPORTION, FUNNEL_TARGET),
  "spine-chart": () => spineChart(SPINE_ROWS),
  "spine-chart-narrow": () => spineChart(SPINE_ROWS, {width: SPINE_NARROW - 240}),
  "composition": () => compositionChart(COMPOSITION_SEGMENTS, COMPOSITION_CATEGORIES, {focalCode: FOCAL.code, focalName: FOCAL.name}),
  "cqc-grid": () => cqcGrid(ASSESSMENTS),
  "score-in-band": () => scoreInBand(BAND_POINTS),
  "cqc-band": () => cqcBandChart(CQC_SUMMARY),
  "workforce-profile": () => workforceProfileChart(PROFILE_ROWS, {focalName: FOCAL.name}),
  "ot-profile": () => otProfileChart(OT_SEGMENTS),
  "overview-cqc-ratings": () => cqcRatingsPanel(OVERVIEW),
  "overview-multiples": () => indicatorMultiples(OVERVIEW, "E12000008"),
  "tiles": () => tileGrid(TILES.map(tile), "Headline indicators"),
  "quality-statements": () => qualityStatementTable(CQC_SUMMARY),
  "legend": () => legend([{swatch: "◆", colour: FOCAL_COLOUR, label: FOCAL.name}, {swatch: "┆", label: "Group median (dashed)", dash: true}]),
  "data-table": () => dataTable(RESULT.members, [{label: "Council", value: (m) => m.name}, {label: "%", value: (m) => String(m.value ?? "–"), numeric: true}], (m) => m.is_focal)
};

const extension = (root: Element) => (root.localName === "svg" ? "svg" : "html");

describe("chart snapshots", () => {
  for (const [name, draw] of Object.entries(CHARTS)) {
    it(name, () => {
      const root = draw();
      const actual = serialiseMarkup(root);
      const expected = readOrWriteSnapshot(join(SNAPSHOTS, `${name}.${extension(root)}`), actual, MODE);
      expect(actual).toBe(expected);
    });
  }
});

describe("snapshot normalisation", () => {
  it("draws the same markup twice, however many charts came before", () => {
    expect(serialiseMarkup(CHARTS["composition"]())).toBe(serialiseMarkup(CHARTS["composition"]()));
  });

  it("ignores floating-point noise but not a hundredth of a pixel", () => {
    const svg = (x: string) => {
      const node = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      node.setAttribute("x", x);
      node.setAttribute("fill", "#5e3c99");
      return serialiseMarkup(node);
    };
    expect(svg("10.300000000000001")).toBe(svg("10.3"));
    expect(svg("1e-14")).toBe(svg("0"));
    expect(svg("10.31")).not.toBe(svg("10.3"));
    expect(svg("M56,268.713L64,-0.004")).toContain('x="M56,268.71L64,0"');
    expect(svg("12")).toContain('fill="#5e3c99"');
    expect(roundNumber("-0.001")).toBe("0");
  });

  it("renumbers Plot's counted ids and its generated class name, and sorts attributes", () => {
    const make = (clip: number) => {
      const g = document.createElementNS("http://www.w3.org/2000/svg", "g");
      g.setAttribute("clip-path", `url(#plot-clip-${clip})`);
      g.setAttribute("class", "plot-d6a7b5");
      return g;
    };
    expect(serialiseMarkup(make(7))).toBe(serialiseMarkup(make(41)));
    expect(serialiseMarkup(make(7))).toBe('<g class="plot" clip-path="url(#plot-clip-1)" xmlns="http://www.w3.org/2000/svg"/>\n');
  });

  it("writes a missing snapshot, except on CI, where it is an error", () => {
    const dir = mkdtempSync(join(tmpdir(), "snapshots-"));
    try {
      expect(() => readOrWriteSnapshot(join(dir, "a.svg"), "<svg/>\n", {update: false, ci: true})).toThrow(/test:snapshots:update/);
      expect(existsSync(join(dir, "a.svg"))).toBe(false);
      expect(readOrWriteSnapshot(join(dir, "a.svg"), "<svg/>\n", {update: false, ci: false})).toBe("<svg/>\n");
      expect(readOrWriteSnapshot(join(dir, "a.svg"), "<g/>\n", {update: false, ci: true})).toBe("<svg/>\n");
      expect(readOrWriteSnapshot(join(dir, "a.svg"), "<g/>\n", {update: true, ci: true})).toBe("<g/>\n");
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
