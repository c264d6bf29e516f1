/**
 * Serialising a rendered chart (SVG) or component (HTML) into a stable, line-per-element text for
 * snapshot tests, in the manner of Observable Plot's own test/plot-test: what varies between runs
 * without the chart changing is normalised away, and nothing else is.
 *
 * - Plot's generated class name (plot-d6a7b5, which changes whenever Plot's default styles change)
 *   becomes "plot", in attributes and in the inline <style>.
 * - Ids from Plot's global counters (plot-clip-7, plot-marker-3) are renumbered in order of first
 *   appearance, so a chart's snapshot does not depend on how many charts were drawn before it.
 * - Decimal numbers in attribute values (coordinates, path data, transforms) are rounded to two
 *   places, so floating-point noise in the last digits is not a change but a shift of a hundredth
 *   of a pixel is. Text content (labels, titles) is kept exactly: a reader sees it.
 * - Attributes are sorted by name, whitespace-only text between elements is dropped (HTML text
 *   collapses its spaces, as a browser shows it; SVG text is kept exactly, as Plot draws it with
 *   white-space: pre) and every element starts a line, so one changed mark is one changed line.
 */
import {existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {dirname} from "node:path";

const SVG_NS = "http://www.w3.org/2000/svg";
const PLOT_CLASS = /\bplot-[0-9a-f]{6}\b/g;
const COUNTED_ID = /\bplot-(clip|marker|pattern)-\d+\b/g;
/**
 * A decimal or exponent number, whole: path commands may touch it ("L12.345,6"), but it is not
 * the tail of a longer number or part of a hex colour ("#5e3c99").
 */
const DECIMAL = /(?<!#[0-9a-f]*)(?<![\d.])-?(?:\d+\.\d+|\.\d+|\d+(?:\.\d+)?e[-+]?\d+)(?![\d.])/gi;
const HTML_VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** Two decimal places, without trailing zeros, and never "-0". */
export function roundNumber(text: string): string {
  const rounded = Math.round(Number(text) * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/** Renumbers counter ids (plot-clip-N ...) in order of first appearance in the whole markup. */
function idRenumberer(): (text: string) => string {
  const seen = new Map<string, string>();
  const counts = new Map<string, number>();
  return (text) => text.replace(COUNTED_ID, (id, kind: string) => {
    if (!seen.has(id)) {
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      seen.set(id, `plot-${kind}-${n}`);
    }
    return seen.get(id)!;
  });
}

/**
 * A text node as a reader sees it: in HTML, runs of whitespace collapse to one space; in SVG,
 * Plot sets white-space: pre, so the text is kept as it is, its line breaks written as &#10;.
 */
function textOf(node: Node): string {
  const text = node.textContent ?? "";
  if (!text.trim()) return "";
  return node.parentElement?.namespaceURI === SVG_NS ? text : text.replace(/\s+/g, " ").trim();
}

const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "&#10;");
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, "&quot;");

/**
 * The normalised text of an element and everything in it. An <svg> at the root gets its xmlns, so
 * a committed .svg snapshot opens in a browser as the chart it records.
 */
export function serialiseMarkup(root: Element): string {
  const renumber = idRenumberer();
  const normalise = (value: string) => renumber(value.replace(PLOT_CLASS, "plot"));
  const lines: string[] = [];

  const attributes = (element: Element, isRoot: boolean): string => {
    const pairs = [...element.attributes].map((a) => [a.name, normalise(a.value).replace(DECIMAL, roundNumber)] as [string, string]);
    if (isRoot && element.namespaceURI === SVG_NS && !element.hasAttribute("xmlns")) pairs.push(["xmlns", SVG_NS]);
    return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join("");
  };

  const visit = (node: Node, depth: number, isRoot = false): void => {
    const indent = "  ".repeat(depth);
    if (node.nodeType === node.TEXT_NODE) {
      const text = textOf(node);
      if (text) lines.push(`${indent}${escapeText(normalise(text))}`);
      return;
    }
    if (node.nodeType !== node.ELEMENT_NODE) return;
    const element = node as Element;
    const tag = element.localName;
    const open = `${indent}<${tag}${attributes(element, isRoot)}`;
    const isSvg = element.namespaceURI === SVG_NS;
    if (tag === "style") {
      // Plot's inline stylesheet: one rule per line, the generated class name normalised.
      lines.push(`${open}>`);
      for (const rule of normalise(element.textContent ?? "").split("\n").map((l) => l.trim()).filter(Boolean)) lines.push(`${indent}  ${escapeText(rule)}`);
      lines.push(`${indent}</${tag}>`);
      return;
    }
    const children = [...element.childNodes].filter((c) => c.nodeType === c.ELEMENT_NODE || (c.nodeType === c.TEXT_NODE && (c.textContent ?? "").trim()));
    if (!children.length) {
      lines.push(isSvg ? `${open}/>` : HTML_VOID.has(tag) ? `${open}>` : `${open}></${tag}>`);
      return;
    }
    if (children.length === 1 && children[0].nodeType === children[0].TEXT_NODE) {
      lines.push(`${open}>${escapeText(normalise(textOf(children[0])))}</${tag}>`);
      return;
    }
    lines.push(`${open}>`);
    for (const child of children) visit(child, depth + 1);
    lines.push(`${indent}</${tag}>`);
  };

  visit(root, 0, true);
  return `${lines.join("\n")}\n`;
}

/**
 * The committed snapshot at `file`. When it is missing, or `update` is set, the actual text is
 * written there (and returned, so the comparison passes): a snapshot only changes on purpose. On
 * CI a missing snapshot is an error instead, so deleting one cannot pass unseen.
 */
export function readOrWriteSnapshot(file: string, actual: string, {update, ci}: {update: boolean; ci: boolean}): string {
  const exists = existsSync(file);
  if (exists && !update) return readFileSync(file, "utf8");
  if (!exists && ci && !update) throw new Error(`No snapshot ${file}: run \`npm run test:snapshots:update\` and commit it`);
  mkdirSync(dirname(file), {recursive: true});
  writeFileSync(file, actual);
  return actual;
}
