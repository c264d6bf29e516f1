/**
 * The CQC care-directory sample: illustrative locations in the exact layout of CQC's
 * `DD_Month_YYYY_HSCA_Active_Locations.ods` (README sheet first, data on `HSCA_Active_Locations`,
 * headers from data-sources.md §2.2), for every one of the 153 councils under the local authority
 * names CQC uses, plus a few locations of other directorates and dormant ones that the parser must
 * leave out. Two editions a month apart, so change over time exists.
 *
 * Deterministic (seeded generator, fixed workbook properties): running it twice writes the same
 * bytes. Run: `npx tsx scripts/sample/cqc.ts` (writes data/raw/cqc/*.ods).
 *
 * The builders are exported for the tests (fixtures in the publisher's layout) and the bench
 * (a directory the size of the July 2026 edition). The locations are NOT real: names, IDs,
 * ratings and beds are invented; only the layout and the council names are CQC's.
 */
import {mkdirSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {deflateRawSync} from "node:zlib";
import {fileURLToPath, pathToFileURL} from "node:url";
import * as XLSX from "@e965/xlsx";
import {COUNCILS} from "../../loaders/families/geography/index.ts";
import {editionFileStem} from "../../loaders/families/cqc/parse-care-directory.ts";

/** The data sheet's headers, in CQC's order (data-sources.md §2.2; July 2026 edition). */
export const DIRECTORY_HEADERS = [
  "Location ID", "Location HSCA start date", "Dormant (Y/N)", "Care home?", "Location Name",
  "Registered manager", "Care homes beds", "Location Inspection Directorate", "Location Primary Inspection Category",
  "Location Latest Overall Rating", "Publication Date", "Inherited Rating (Y/N)", "Location Region",
  "Location Local Authority", "Location Postal Code", "Location Latitude", "Location Longitude",
  "Location Dual Registered", "Primary ID (Dual registration locations)", "Provider ID", "Provider Name", "Brand Name",
  "Provider Ownership Type", "Provider Companies House Number",
  "Regulated activity - Personal care", "Regulated activity - Accommodation for persons who require nursing or personal care",
  "Service type - Care home service with nursing", "Service type - Care home service without nursing",
  "Service type - Domiciliary care service", "Service type - Extra Care housing services", "Service type - Shared Lives",
  "Service type - Supported living service", "Service type - Community based services for people with a learning disability",
  "Service user band - Older People", "Service user band - Dementia", "Service user band - Learning disabilities or autistic spectrum disorder",
  "Service user band - Mental Health", "Service user band - Physical Disability", "Service user band - Younger Adults"
] as const;
export type DirectoryHeader = (typeof DIRECTORY_HEADERS)[number];

export type Kind = "nursing" | "residential" | "domiciliary" | "supported" | "extra" | "shared" | "other";

export interface DirectoryLocation {
  id: string;
  name: string;
  localAuthority: string;
  region: string;
  directorate: string;
  category: string;
  kind: Kind;
  dormant: boolean;
  beds: number | null;
  rating: string; // "" = not yet rated
  publicationDate: Date | null;
  providerId: string;
  providerName: string;
  startDate: Date;
  /** Extra flags a location of this kind often also carries (a nursing home registered for both kinds of care home; a supported-living scheme with the domiciliary flag). */
  alsoWithoutNursing: boolean;
  alsoDomiciliary: boolean;
}

/** mulberry32: small, fast and deterministic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let x = random() * total;
  for (const [value, weight] of weighted) if ((x -= weight) < 0) return value;
  return weighted[weighted.length - 1][0];
}

// Rough England shares of active ASC locations by kind, and of ratings by setting (illustrative).
const KINDS: readonly (readonly [Kind, number])[] = [
  ["nursing", 13], ["residential", 33], ["domiciliary", 40], ["supported", 8.5], ["extra", 2.5], ["shared", 0.7], ["other", 2.3]
];
const CARE_HOME_RATINGS = [["Outstanding", 4], ["Good", 74], ["Requires improvement", 16], ["Inadequate", 1.2], ["", 4.8]] as const;
const COMMUNITY_RATINGS = [["Outstanding", 3], ["Good", 55], ["Requires improvement", 8], ["Inadequate", 0.8], ["", 33.2]] as const;

const CATEGORY: Record<Kind, string> = {
  nursing: "Residential social care", residential: "Residential social care", domiciliary: "Community based adult social care services",
  supported: "Community based adult social care services", extra: "Community based adult social care services",
  shared: "Community based adult social care services", other: "Community based adult social care services"
};

function randomDate(random: () => number, from: Date, to: Date): Date {
  const days = Math.floor(random() * ((to.getTime() - from.getTime()) / 86_400_000));
  return new Date(from.getTime() + days * 86_400_000);
}

function newLocation(random: () => number, serial: number, council: (typeof COUNCILS)[number], edition: Date, forceNew = false): DirectoryLocation {
  const kind = pick(random, KINDS);
  const careHome = kind === "nursing" || kind === "residential";
  const startDate = forceNew ? randomDate(random, new Date(edition.getTime() - 40 * 86_400_000), edition) : randomDate(random, new Date(Date.UTC(2011, 0, 1)), edition);
  const recentlyRegistered = edition.getTime() - startDate.getTime() < 270 * 86_400_000;
  const rating = forceNew || recentlyRegistered ? "" : pick(random, careHome ? CARE_HOME_RATINGS : COMMUNITY_RATINGS);
  const provider = 1 + Math.floor(random() * 9000);
  return {
    id: `1-${String(100_000_000 + serial * 7919).padStart(9, "0")}`,
    name: `Illustrative ${careHome ? "Care Home" : "Care Service"} ${serial}`,
    localAuthority: council.name,
    region: council.region_name,
    directorate: "Adult social care",
    category: CATEGORY[kind],
    kind,
    dormant: false,
    beds: kind === "nursing" ? 20 + Math.floor(random() * 100) : kind === "residential" ? 4 + Math.floor(random() * 56) : null,
    rating,
    publicationDate: rating === "" ? null : randomDate(random, new Date(Math.max(startDate.getTime(), Date.UTC(2017, 0, 1))), edition),
    providerId: `1-${String(200_000_000 + provider * 104_729).slice(0, 10)}`,
    providerName: `Illustrative Provider ${provider}`,
    startDate,
    alsoWithoutNursing: kind === "nursing" && random() < 0.35,
    alsoDomiciliary: (kind === "supported" || kind === "extra" || kind === "shared") && random() < 0.6
  };
}

export interface GenerateOptions {
  /** ISO date of the edition. */
  edition: string;
  seed?: number;
  /** Average ASC locations per council (county councils get three times as many). */
  perCouncil?: number;
  /** Locations of other directorates and dormant ASC locations to mix in, which the parser must drop. */
  others?: number;
  dormant?: number;
}

/** One edition of illustrative locations, every council represented. */
export function generateDirectory(options: GenerateOptions): DirectoryLocation[] {
  const random = seededRandom(options.seed ?? 20260401);
  const edition = new Date(`${options.edition}T00:00:00Z`);
  const perCouncil = options.perCouncil ?? 20;
  const locations: DirectoryLocation[] = [];
  let serial = 1;
  for (const council of COUNCILS) {
    const weight = council.type === "CC" ? 3 : council.code === "E09000001" || council.code === "E06000053" ? 0.15 : 1;
    const count = Math.max(2, Math.round(perCouncil * weight * (0.6 + 0.8 * random())));
    for (let i = 0; i < count; i++) locations.push(newLocation(random, serial++, council, edition));
  }
  for (let i = 0; i < (options.dormant ?? 5); i++) {
    const council = COUNCILS[Math.floor(random() * COUNCILS.length)];
    locations.push({...newLocation(random, serial++, council, edition), dormant: true});
  }
  const otherDirectorates = [["Hospitals", "Acute hospital - NHS non-specialist"], ["Primary medical services", "GP Practices"], ["Primary medical services", "Dentists"]] as const;
  for (let i = 0; i < (options.others ?? 12); i++) {
    const council = COUNCILS[Math.floor(random() * COUNCILS.length)];
    const [directorate, category] = otherDirectorates[i % otherDirectorates.length];
    locations.push({
      ...newLocation(random, serial++, council, edition),
      directorate, category, kind: "other", beds: null, alsoWithoutNursing: false, alsoDomiciliary: false,
      // CQC lists some non-social-care locations without a council; the parser never resolves them.
      localAuthority: i % 4 === 3 ? "Unspecified" : council.name
    });
  }
  return locations;
}

/**
 * The next edition: a few locations deregister, a few are re-rated, new ones register unrated.
 * Deterministic for a given seed.
 */
export function nextEdition(previous: readonly DirectoryLocation[], options: {edition: string; seed?: number}): DirectoryLocation[] {
  const random = seededRandom(options.seed ?? 20260505);
  const edition = new Date(`${options.edition}T00:00:00Z`);
  const from = new Date(edition.getTime() - 31 * 86_400_000);
  const next: DirectoryLocation[] = [];
  let serial = 900_000;
  for (const location of previous) {
    const roll = random();
    if (location.directorate === "Adult social care" && roll < 0.01) continue; // deregistered
    if (location.directorate === "Adult social care" && !location.dormant && roll < 0.04) {
      const careHome = location.kind === "nursing" || location.kind === "residential";
      const rating = pick(random, (careHome ? CARE_HOME_RATINGS : COMMUNITY_RATINGS).filter(([r]) => r !== ""));
      next.push({...location, rating, publicationDate: randomDate(random, from, edition)});
      continue;
    }
    next.push(location);
  }
  const newcomers = Math.round(previous.length * 0.012);
  for (let i = 0; i < newcomers; i++) next.push(newLocation(random, serial++, COUNCILS[Math.floor(random() * COUNCILS.length)], edition, true));
  return next;
}

const yn = (flag: boolean) => (flag ? "Y" : "N");

/** One location as the cells of a data row, keyed by header. */
export function directoryRecord(location: DirectoryLocation): Record<DirectoryHeader, string | number | Date> {
  const {kind} = location;
  const careHome = kind === "nursing" || kind === "residential";
  return {
    "Location ID": location.id,
    "Location HSCA start date": location.startDate,
    "Dormant (Y/N)": yn(location.dormant),
    "Care home?": yn(careHome),
    "Location Name": location.name,
    "Registered manager": "",
    "Care homes beds": location.beds ?? "",
    "Location Inspection Directorate": location.directorate,
    "Location Primary Inspection Category": location.category,
    "Location Latest Overall Rating": location.rating,
    "Publication Date": location.publicationDate ?? "",
    "Inherited Rating (Y/N)": "N",
    "Location Region": location.region,
    "Location Local Authority": location.localAuthority,
    "Location Postal Code": "ZZ99 9ZZ",
    "Location Latitude": "",
    "Location Longitude": "",
    "Location Dual Registered": "N",
    "Primary ID (Dual registration locations)": "",
    "Provider ID": location.providerId,
    "Provider Name": location.providerName,
    "Brand Name": "-",
    "Provider Ownership Type": "Organisation",
    "Provider Companies House Number": "",
    "Regulated activity - Personal care": yn(!careHome),
    "Regulated activity - Accommodation for persons who require nursing or personal care": yn(careHome),
    "Service type - Care home service with nursing": yn(kind === "nursing"),
    "Service type - Care home service without nursing": yn(kind === "residential" || location.alsoWithoutNursing),
    "Service type - Domiciliary care service": yn(kind === "domiciliary" || location.alsoDomiciliary),
    "Service type - Extra Care housing services": yn(kind === "extra"),
    "Service type - Shared Lives": yn(kind === "shared"),
    "Service type - Supported living service": yn(kind === "supported"),
    "Service type - Community based services for people with a learning disability": yn(kind === "other"),
    "Service user band - Older People": yn(careHome || kind === "extra"),
    "Service user band - Dementia": yn(kind === "nursing"),
    "Service user band - Learning disabilities or autistic spectrum disorder": yn(kind === "supported" || kind === "shared" || kind === "other"),
    "Service user band - Mental Health": "N",
    "Service user band - Physical Disability": yn(kind === "domiciliary"),
    "Service user band - Younger Adults": yn(kind !== "nursing" && kind !== "residential")
  };
}

export const README_LINES = [
  "Care directory with filters (ILLUSTRATIVE SAMPLE)",
  "This workbook reproduces the layout of CQC's 'HSCA Active Locations' care directory: a README sheet, then the data on sheet HSCA_Active_Locations.",
  "The locations, names, IDs, ratings and beds in it are invented by scripts/sample/cqc.ts for the ASC Benchmark project. They are not CQC data.",
  "The real file is published monthly at https://www.cqc.org.uk/about-us/transparency/using-cqc-data",
  "Flags are Y/N. A blank overall rating means the location has not yet been rated."
];

export interface WorkbookLayout {
  bookType: "ods" | "xlsx";
  /**
   * current: README sheet, then `HSCA_Active_Locations` with the header on row 1 (ODS editions).
   * header-row-7: one sheet whose first six rows are titles and notes (December 2020 XLSX).
   * sheet-2: README sheet, then the data on a second sheet named `HSCA Active Locations` (March 2024 XLSX).
   */
  layout?: "current" | "header-row-7" | "sheet-2";
  /** Rename or drop headers, to build drifted or broken fixtures. */
  headers?: Partial<Record<DirectoryHeader, string | null>>;
  dataSheetName?: string;
}

type Cell = string | number | Date | undefined;
interface Sheet {
  name: string;
  rows: Cell[][];
}

/** Write locations as a care-directory workbook, byte-for-byte reproducible. */
export function writeCareDirectory(locations: readonly DirectoryLocation[], layout: WorkbookLayout): Uint8Array {
  const columns = DIRECTORY_HEADERS.filter((h) => layout.headers?.[h] !== null);
  const header = columns.map((h) => layout.headers?.[h] ?? h);
  const body = locations.map((location) => {
    const record = directoryRecord(location);
    // Empty cells are left empty, as spreadsheet programs write them.
    return columns.map((h) => (record[h] === "" ? undefined : record[h]));
  });
  const kind = layout.layout ?? "current";
  const sheets: Sheet[] = kind === "header-row-7"
    ? [{name: layout.dataSheetName ?? "HSCA Active Locations", rows: [["Care Quality Commission"], ["HSCA Active Locations"], [README_LINES[0]], [README_LINES[2]], [], [], header, ...body]}]
    : [
      {name: "README", rows: README_LINES.map((line) => [line])},
      {name: layout.dataSheetName ?? (kind === "sheet-2" ? "HSCA Active Locations" : "HSCA_Active_Locations"), rows: [header, ...body]}
    ];
  if (layout.bookType === "ods") return writeOds(sheets);
  const workbook = XLSX.utils.book_new();
  for (const sheet of sheets) XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(sheet.rows, {cellDates: true, dateNF: "dd/mm/yyyy"}), sheet.name);
  return new Uint8Array(XLSX.write(workbook, {type: "buffer", bookType: "xlsx", compression: true}) as Buffer);
}

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function odsCell(cell: Cell): string {
  if (cell === undefined) return "<table:table-cell/>";
  if (cell instanceof Date) {
    const iso = cell.toISOString().slice(0, 10);
    return `<table:table-cell table:style-name="date" office:value-type="date" office:date-value="${iso}"><text:p>${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}</text:p></table:table-cell>`;
  }
  if (typeof cell === "number") return `<table:table-cell office:value-type="float" office:value="${cell}"><text:p>${cell}</text:p></table:table-cell>`;
  return `<table:table-cell office:value-type="string"><text:p>${xml(cell)}</text:p></table:table-cell>`;
}

/**
 * A minimal OpenDocument spreadsheet: `mimetype` first and stored, a manifest, styles and content.xml
 * with text, number and date cells (dates shown DD/MM/YYYY, as CQC's file shows them). Written
 * directly because SheetJS's ODS writer takes about a second per thousand rows and compresses
 * lightly; the bench needs 30,000 rows.
 */
export function writeOds(sheets: readonly Sheet[]): Uint8Array {
  const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"';
  const parts: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ns} office:version="1.2">`,
    '<office:automatic-styles><number:date-style style:name="ddmmyyyy"><number:day number:style="long"/><number:text>/</number:text>' +
      '<number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>' +
      '<style:style style:name="date" style:family="table-cell" style:data-style-name="ddmmyyyy"/></office:automatic-styles>',
    "<office:body><office:spreadsheet>"
  ];
  for (const sheet of sheets) {
    parts.push(`<table:table table:name="${xml(sheet.name)}">`);
    for (const row of sheet.rows) parts.push(`<table:table-row>${row.length ? row.map(odsCell).join("") : "<table:table-cell/>"}</table:table-row>`);
    parts.push("</table:table>");
  }
  parts.push("</office:spreadsheet></office:body></office:document-content>");
  const manifest = '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>' +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>';
  const styles = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${ns} office:version="1.2"><office:styles/></office:document-styles>`;
  const encode = (text: string) => new TextEncoder().encode(text);
  return zip([
    {name: "mimetype", data: encode("application/vnd.oasis.opendocument.spreadsheet"), store: true},
    {name: "META-INF/manifest.xml", data: encode(manifest)},
    {name: "content.xml", data: encode(parts.join("\n"))},
    {name: "styles.xml", data: encode(styles)}
  ]);
}

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A zip archive with fixed timestamps (1 January 1980), so the same entries give the same bytes. */
function zip(entries: readonly {name: string; data: Uint8Array; store?: boolean}[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const {name: fileName, data, store} of entries) {
    const name = new TextEncoder().encode(fileName);
    const body = store ? data : new Uint8Array(deflateRawSync(data, {level: 9}));
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true); local.setUint16(4, 20, true); local.setUint16(8, store ? 0 : 8, true);
    local.setUint16(12, 33, true); local.setUint32(14, crc, true); local.setUint32(18, body.length, true);
    local.setUint32(22, data.length, true); local.setUint16(26, name.length, true);
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true); central.setUint16(4, 20, true); central.setUint16(6, 20, true);
    central.setUint16(10, store ? 0 : 8, true); central.setUint16(14, 33, true); central.setUint32(16, crc, true);
    central.setUint32(20, body.length, true); central.setUint32(24, data.length, true); central.setUint16(28, name.length, true);
    central.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, body);
    directory.push(new Uint8Array(central.buffer), name);
    offset += 30 + name.length + body.length;
  }
  const directorySize = directory.reduce((sum, part) => sum + part.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true); end.setUint16(8, entries.length, true); end.setUint16(10, entries.length, true);
  end.setUint32(12, directorySize, true); end.setUint32(16, offset, true);
  const all = [...parts, ...directory, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of all) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The sample editions committed under data/raw/cqc/. */
export const SAMPLE_EDITIONS = ["2026-04-01", "2026-05-05"] as const;

export function sampleEditions(): {edition: string; file: string; bytes: Uint8Array}[] {
  const april = generateDirectory({edition: SAMPLE_EDITIONS[0], seed: 20260401, perCouncil: 16});
  const may = nextEdition(april, {edition: SAMPLE_EDITIONS[1], seed: 20260505});
  return [
    {edition: SAMPLE_EDITIONS[0], locations: april},
    {edition: SAMPLE_EDITIONS[1], locations: may}
  ].map(({edition, locations}) => ({edition, file: `${editionFileStem(edition)}.ods`, bytes: writeCareDirectory(locations, {bookType: "ods"})}));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), "../../data/raw/cqc");
  mkdirSync(outDir, {recursive: true});
  for (const {file, bytes} of sampleEditions()) {
    writeFileSync(join(outDir, file), bytes);
    console.log(`wrote data/raw/cqc/${file} (${bytes.length.toLocaleString("en-GB")} bytes)`);
  }
}
