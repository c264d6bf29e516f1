/**
 * Which address a source is fetched from: its registered file, or the link its landing page
 * gives; the mirror's address for a publisher's (--base-url); and what kind of file must arrive.
 */
import type {SourceDefinition} from "../families/types.ts";
import {download, type DownloadOptions, type ExpectedFormat} from "../fetch.ts";
import {errorMessage} from "./results.ts";

/** The publisher URL's path and query on the mirror: https://host/A4/766F29/x.csv -> <base>/A4/766F29/x.csv. */
export function mirrorUrl(baseUrl: string | undefined, publisherUrl: string): string {
  if (!baseUrl) return publisherUrl;
  const publisher = new URL(publisherUrl);
  return baseUrl.replace(/\/+$/, "") + publisher.pathname + publisher.search;
}

/**
 * Every link on a landing page matching the source's pattern, in page order, as absolute URLs:
 * href values (entities decoded, relative ones resolved against the page) whose raw or resolved
 * form matches, then absolute addresses matching anywhere else in the page (scripts, JSON).
 */
export function findDiscoveredLinks(html: string, linkPattern: string, pageUrl: string): string[] {
  const decode = (text: string) => text.replace(/&amp;/g, "&").replace(/&#x2F;/gi, "/").replace(/&#47;/g, "/");
  const pattern = new RegExp(linkPattern);
  const links: string[] = [];
  for (const match of html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
    const raw = decode(match[1]).trim();
    let resolved: string;
    try { resolved = new URL(raw, pageUrl).href; } catch { continue; }
    if (pattern.test(raw) || pattern.test(resolved)) links.push(resolved);
  }
  for (const match of decode(html).matchAll(new RegExp(linkPattern, "g"))) {
    if (/^https?:\/\//.test(match[0])) links.push(match[0]);
  }
  return [...new Set(links)];
}

/** The first of findDiscoveredLinks, or undefined. */
export function findDiscoveredLink(html: string, linkPattern: string, pageUrl: string): string | undefined {
  return findDiscoveredLinks(html, linkPattern, pageUrl)[0];
}

/**
 * What a download must be. Readers go by content, so a CSV source may arrive as the publisher's
 * XLSX copy (ASCOF 2020-21 is kept that way); everything else must be the registered kind.
 */
export function expectedFormats(source: SourceDefinition): ExpectedFormat[] {
  switch (source.format) {
    case "csv": return ["csv", "spreadsheet"];
    case "xlsx": return ["xlsx"];
    case "ods": return ["ods"];
    case "json": return ["json"];
    case "html": return ["html"];
  }
}

/**
 * The publisher address of the file to fetch, in two cases.
 * - A source registered with its own file address (and a landing page too): that address, always,
 *   so an edition is never filled with another edition's file. The landing page is read after the
 *   file (landingPageNote) only to say, in the summary, when it no longer links that address and
 *   what it links instead; a file that failed is not followed by a request for the page.
 * - A source whose registered url is the landing page: the first link on the page matching its
 *   pattern that is not another source's registered file (two editions often share one page).
 */
export function registeredAddress(source: SourceDefinition): string | undefined {
  if (!source.discovery) return source.url;
  return source.url !== source.discovery.landing_page ? source.url : undefined;
}

async function readLandingPage(source: SourceDefinition & {discovery: NonNullable<SourceDefinition["discovery"]>}, baseUrl: string | undefined,
  downloadOptions: DownloadOptions): Promise<string[]> {
  const pageUrl = mirrorUrl(baseUrl, source.discovery.landing_page);
  const page = await download(pageUrl, {...downloadOptions, expected: "html", maxBytes: Math.min(downloadOptions.maxBytes ?? Infinity, 20 * 1024 * 1024)});
  return findDiscoveredLinks(new TextDecoder().decode(page.bytes), source.discovery.link_pattern, source.discovery.landing_page);
}

export async function discoverFileUrl(source: SourceDefinition, baseUrl: string | undefined, downloadOptions: DownloadOptions, claimed: ReadonlySet<string>): Promise<string> {
  const discovery = source.discovery!;
  const pageUrl = mirrorUrl(baseUrl, discovery.landing_page);
  let links: string[];
  try {
    links = await readLandingPage({...source, discovery}, baseUrl, downloadOptions);
  } catch (error) {
    // Keep the download's failure kind (timeout, deadline ...) for the report.
    if (error instanceof Error) error.message = `landing page unusable: ${error.message}`;
    throw error;
  }
  const link = links.find((l) => !claimed.has(l));
  if (link) return link;
  throw new Error(links.length
    ? `${pageUrl}: every link matching the pattern is another source's registered file (${links.slice(0, 3).join(", ")})`
    : `${pageUrl}: no link on the landing page matches /${discovery.link_pattern}/ (${discovery.note})`);
}

/** For a registered file address with a landing page: what the page says about it, when worth saying. */
export async function landingPageNote(source: SourceDefinition, registered: string, baseUrl: string | undefined, downloadOptions: DownloadOptions,
  claimed: ReadonlySet<string>): Promise<string | undefined> {
  if (!source.discovery) return undefined;
  let links: string[];
  try {
    links = await readLandingPage({...source, discovery: source.discovery}, baseUrl, downloadOptions);
  } catch (error) {
    return `the landing page was unusable (${errorMessage(error)}); fetched the registered file address`;
  }
  if (links.includes(registered)) return undefined;
  const others = links.filter((link) => !claimed.has(link));
  return others.length ? `the landing page no longer links the registered address but links ${others[0]}: a newer file? (update the registry)`
    : "the landing page does not link the registered address; fetched it directly";
}
