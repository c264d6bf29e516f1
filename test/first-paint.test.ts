/**
 * The council pages' first paint (scripts/first-paint.ts): the built page's cells are found as
 * Framework 1.13 writes them, each first-screen cell gets its drawn HTML as its placeholder and
 * each known inline expression its text, a page that does not fit fails by name, and the drawing
 * itself, from Medway's JSON built from the real snapshot, holds the page's own tiles, select and
 * spine chart. Browser behaviour (painted before any script, replaced in place, dropped for
 * another group or a narrow column) is in test/e2e/council.test.ts.
 */
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {buildCouncilPages, HEADLINE_INDICATORS} from "../loaders/council-pages/index.ts";
import {COUNCILS} from "../loaders/families/geography/index.ts";
import {loadSnapshot, readManifest} from "../loaders/snapshot.ts";
import {builtCells, drawFirstPaints, firstPaintFile, firstPaintsOf, registeredJson, writeFirstPaint, type FirstPaint} from "../scripts/first-paint.ts";

const MEDWAY = "E06000035";

/** A council page's shape as Framework 1.13 writes it: loading placeholders, empty block roots, the module script's cells. */
const PAGE = `<!DOCTYPE html>
<html><body><div id="observablehq-center"><main id="observablehq-main" class="observablehq">
<section class="print-section" id="headlines" aria-labelledby="council-name">
<h1 id="council-name"><a class="observablehq-header-anchor" href="#council-name"><observablehq-loading></observablehq-loading><!--:b5572be4:--></a></h1>
<p class="lede">Adult social care in <observablehq-loading></observablehq-loading><!--:b5572be4-1:--> against comparable councils; footer date <observablehq-loading></observablehq-loading><!--:f00d:-->.</p>
<div class="observablehq observablehq--block"><!--:f306db98:--></div>
<div class="observablehq observablehq--block"><!--:8be2ccd8:--></div>
</section>
<section class="print-section" id="cqc"><div class="observablehq observablehq--block"><!--:05a3f4ea:--></div></section>
</main></div>
<script type="module">

import {define} from "../_observablehq/client.71d170ba.js";
import {registerFile} from "../_observablehq/stdlib.b9740b43.js";

registerFile("../data/council-pages/E06000035.json", {"name":"../data/council-pages/E06000035.json","mimeType":"application/json","path":"../_file/data/council-pages/E06000035.2afb156f.json","lastModified":1796412121208,"size":92100});

define({id: "b5572be4", mode: "inline", inputs: ["data","display"], body: async (data,display) => {
display(await(
data.name
))
}});

define({id: "b5572be4-1", mode: "inline", inputs: ["data","display"], body: async (data,display) => {
display(await(
data.name
))
}});

define({id: "f00d", mode: "inline", inputs: ["data","display"], body: async (data,display) => {
display(await(
data.snapshot_generated_at.slice(0, 10)
))
}});

define({id: "f306db98", inputs: ["view","groupSelect","data","initialGroup"], outputs: ["groupId"], body: (view,groupSelect,data,initialGroup) => {
// first paint: select
const groupId = view(groupSelect(data, initialGroup(data)));
return {groupId};
}});

define({id: "8be2ccd8", inputs: ["display","headlineTiles","data","groupId"], body: (display,headlineTiles,data,groupId) => {
// first paint: tiles
display(headlineTiles(data, groupId));
}});

define({id: "05a3f4ea", inputs: ["painted","display","cqcPanel","data"], body: (painted,display,cqcPanel,data) => {
painted;
display(cqcPanel(data));
}});
</script>
</body></html>
`;

const PAINT: FirstPaint = {
  slots: {
    select: {html: `<div class="controls"><select name="group"><option value="cipfa-E06000035">CIPFA</option></select></div>`, slot: {byGroup: true, control: true}},
    tiles: {html: `<ul class="tiles"><li>61.2%</li></ul>`, slot: {byGroup: true, control: false}}
  },
  text: {"data.name": "Brighton & Hove <City>"},
  defaultGroup: "cipfa-E06000035"
};

describe("writing the first paint into a built page", () => {
  it("finds the page's cells and the JSON it registers as Framework writes them", () => {
    const cells = builtCells(PAGE);
    expect(cells.map((c) => [c.id, c.inline])).toEqual([["b5572be4", true], ["b5572be4-1", true], ["f00d", true], ["f306db98", false], ["8be2ccd8", false], ["05a3f4ea", false]]);
    expect(cells[0].source).toBe("data.name");
    expect(cells[4].source).toBe("// first paint: tiles\ndisplay(headlineTiles(data, groupId));");
    expect(registeredJson(PAGE)).toBe("../_file/data/council-pages/E06000035.2afb156f.json");
  });

  it("gives each first-screen cell its drawing as the placeholder Framework removes when the cell displays", () => {
    const out = writeFirstPaint(PAGE, "E06000035.html", PAINT);
    // Both inline cells of the same expression, escaped as text; an expression it does not know keeps Framework's spinner.
    expect(out.match(/<observablehq-loading class="first-paint">Brighton &amp; Hove &lt;City&gt;<\/observablehq-loading><!--:b5572be4(-1)?:-->/g)).toHaveLength(2);
    expect(out).toContain("footer date <observablehq-loading></observablehq-loading><!--:f00d:-->");
    // Block cells: the placeholder is the root's first child, just before the cell's comment; the select is inert until its cell runs.
    expect(out).toContain(`<div class="observablehq observablehq--block"><observablehq-loading class="first-paint" data-slot="select" data-by-group inert>${PAINT.slots.select.html}</observablehq-loading><!--:f306db98:--></div>`);
    expect(out).toContain(`<div class="observablehq observablehq--block"><observablehq-loading class="first-paint" data-slot="tiles" data-by-group>${PAINT.slots.tiles.html}</observablehq-loading><!--:8be2ccd8:--></div>`);
    // A cell without a first paint is left as Framework wrote it.
    expect(out).toContain(`<div class="observablehq observablehq--block"><!--:05a3f4ea:--></div>`);
    // The guard comes straight after the last slot, so it runs before the first paint, and names the default group.
    const guard = out.indexOf("<script>(() => {");
    expect(guard).toBe(out.indexOf("<!--:8be2ccd8:--></div>") + "<!--:8be2ccd8:--></div>".length);
    expect(out.slice(guard)).toMatch(/group !== "cipfa-E06000035"\) document\.querySelectorAll\("observablehq-loading\.first-paint\[data-by-group\]"\)/);
    // Nothing else changed.
    expect(out.replace(/<observablehq-loading class="first-paint"[^>]*>.*?<\/observablehq-loading>/g, "").replace(/<script>\(\(\) => \{.*?<\/script>/, "")).toBe(PAGE.replace(/<observablehq-loading><\/observablehq-loading>(<!--:b5572be4(-1)?:-->)/g, "$1"));
  });

  it("refuses a page it does not fit, naming the page and the cell", () => {
    expect(() => writeFirstPaint(PAGE, "E06000035.html", {...PAINT, slots: {select: PAINT.slots.select}})).toThrow(/E06000035\.html: cell 8be2ccd8 asks for first paint 'tiles', which scripts\/first-paint\.ts FIRST_PAINT_SLOTS does not draw \(it draws select\)/);
    const moved = PAGE.replace(`<div class="observablehq observablehq--block"><!--:8be2ccd8:--></div>`, `<div class="observablehq observablehq--block"><p>x</p><!--:8be2ccd8:--></div>`);
    expect(() => writeFirstPaint(moved, "E06000035.html", PAINT)).toThrow(/cell 8be2ccd8 \(first paint 'tiles'\) has no empty block root/);
    const once = writeFirstPaint(PAGE, "E06000035.html", PAINT);
    expect(() => writeFirstPaint(once, "E06000035.html", PAINT)).toThrow(/already has its first paint written/);
  });
});

describe("drawing the first paint from the real snapshot", () => {
  let json: Uint8Array;
  let data: ReturnType<typeof buildCouncilPages>["councils"] extends Map<string, infer P> ? P : never;
  let siteDir: string;
  beforeAll(async () => {
    const snapshot = await loadSnapshot();
    const output = buildCouncilPages(snapshot, {manifest: readManifest(), changes: null, explorers: ["reablement", "safeguarding", "workforce", "cqc"]}, COUNCILS.filter((c) => c.code === MEDWAY));
    data = output.councils.get(MEDWAY)!;
    json = new TextEncoder().encode(JSON.stringify(data));
    siteDir = mkdtempSync(path.join(tmpdir(), "asc-first-paint-"));
  }, 180_000);
  afterAll(() => rmSync(siteDir, {recursive: true, force: true}));

  it("draws Medway's select, group line, tiles and spine chart for its default group, and its heading text", async () => {
    const [paint] = Object.values(await drawFirstPaints([json]));
    expect(paint.defaultGroup).toBe(data.default_group);
    expect(paint.text["data.name"]).toBe("Medway");
    expect(paint.text["data.region_name"]).toBe("South East");
    expect(paint.text["formatDate(data.snapshot_generated_at)"]).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(paint.slots.select.html).toContain(`<option value="${data.default_group}" selected`);
    expect(paint.slots["group-line"].html).toContain(`data-group="${data.default_group}"`);
    // One tile per headline, each with its value as the page shows it.
    const tiles = [...paint.slots.tiles.html.matchAll(/data-tile="tile-([^"]+)"/g)].map((m) => m[1]);
    expect(tiles).toEqual(data.headlines.map((h) => h.indicator_id));
    expect(tiles.every((id) => HEADLINE_INDICATORS.some((h) => h.indicator_id === id))).toBe(true);
    // The spine chart: its frame, Plot's SVG at the page's full width, a row in its table per headline.
    expect(paint.slots.spine.html).toMatch(/^<figure class="chart" id="spine-chart" data-chart="spine-chart"/);
    expect(paint.slots.spine.html).toMatch(/<svg[^>]* width="960"/);
    expect(paint.slots.spine.html.match(/<tbody>.*<\/tbody>/s)?.[0].match(/<tr[\s>]/g)?.length).toBe(data.headlines.length);
    expect(paint.slots.spine.slot).toEqual({byGroup: true, control: false});
  }, 60_000);

  it("keeps what it drew beside the site data, keyed by the JSON's bytes and by the code that draws it", async () => {
    let asked = 0;
    const first = await firstPaintsOf(siteDir, () => (asked++, [json]));
    const again = await firstPaintsOf(siteDir, () => (asked++, [json]));
    expect(asked).toBe(1);
    expect([first.drawn, again.drawn]).toEqual([true, false]);
    expect(again.paints).toEqual(first.paints);
    expect(path.basename(firstPaintFile(siteDir))).toMatch(/^first-paint-[0-9a-f]{24}\.json$/);
  }, 60_000);
});
