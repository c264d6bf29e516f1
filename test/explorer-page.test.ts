/**
 * The explorer pages take their indicators from the catalogue and say only what is their own:
 * each page names its family and loads that family's facts (so its first view fetches nothing
 * else), and no page lists indicators or names a council. The browser behaviour of the pages is
 * test/e2e/explorers.test.ts.
 */
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {HEADLINE_INDICATORS} from "../loaders/council-pages/index.ts";
import {indicatorRows} from "../loaders/indicators.ts";
import {familyIndicators} from "../src/components/explorer-page.ts";
import {FAMILIES} from "../src/lib/domain/families.ts";
import type {Options} from "../src/lib/selection.ts";

const catalogue = {indicators: indicatorRows()} as unknown as Pick<Options, "indicators">;

describe("familyIndicators", () => {
  it("offers each indicator on exactly one explorer, its family's, in the catalogue's order", () => {
    const offered = FAMILIES.flatMap(({family}) => familyIndicators(catalogue, family));
    expect(offered.sort()).toEqual(catalogue.indicators.map((i) => i.indicator_id).sort());
    for (const {family} of FAMILIES) {
      const ids = familyIndicators(catalogue, family);
      const positions = ids.map((id) => catalogue.indicators.findIndex((i) => i.indicator_id === id));
      expect(positions, family).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it("opens each explorer on the measure its family's council-page headlines lead with", () => {
    const byId = new Map(catalogue.indicators.map((i) => [i.indicator_id, i]));
    for (const {family} of FAMILIES) {
      const lead = HEADLINE_INDICATORS.find((h) => byId.get(h.indicator_id)?.family === family)?.indicator_id;
      expect(familyIndicators(catalogue, family)[0], family).toBe(lead);
    }
  });
});

describe.each(FAMILIES.map(({family}) => family))("the %s explorer page", (family) => {
  const page = readFileSync(`src/${family}.md`, "utf-8");
  const code = [...page.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");

  it("names its family and loads that family's facts only", () => {
    expect(code).toContain(`explorerPage({family: "${family}"`);
    expect([...code.matchAll(/FileAttachment\("data\/site\/(facts[^"]*)"\)/g)].map((m) => m[1])).toEqual([`facts-${family}.arrow`]);
  });

  it("lists no indicator and names no council: both come from one place", () => {
    for (const {indicator_id} of catalogue.indicators) expect(code, indicator_id).not.toContain(`"${indicator_id}"`);
    expect(code).not.toMatch(/E0\d{7}/);
  });
});
