/**
 * Council names as publishers write them, mapped to GSS codes. Publishers disagree on `&` and
 * `and`, `St.` and `St`, hyphens, "City of" forms and "Council" suffixes (DESIGN.md: "Map names
 * to codes through an explicit alias table that fails loudly on an unknown name").
 *
 * Generic spelling drift is absorbed by `normaliseCouncilName`; the table below holds only the
 * names that normalisation cannot reach (a different word, an abbreviation, a renamed council).
 */

/** Published variants per GSS code, beyond the ONS name and short name. */
export const COUNCIL_ALIASES: Record<string, string[]> = {
  E06000047: ["Durham", "Durham County"],
  E08000021: ["Newcastle"],
  E06000003: ["Redcar"],
  E06000004: ["Stockton"],
  E06000008: ["Blackburn"],
  E06000050: ["Cheshire West"],
  E06000010: ["Kingston upon Hull", "Hull", "City of Kingston upon Hull", "Hull City"],
  E06000011: ["East Riding", "East Yorkshire"],
  E06000012: ["NE Lincolnshire", "North East Lincs"],
  E06000013: ["North Lincs"],
  E06000019: ["Herefordshire", "County of Herefordshire"],
  E06000020: ["Telford and the Wrekin", "Telford"],
  E06000021: ["Stoke"],
  E06000055: ["Bedford Borough"],
  E06000033: ["Southend", "Southend on Sea"],
  E09000020: ["Kensington"],
  E09000013: ["Hammersmith"],
  E09000027: ["Richmond"],
  E06000043: ["Brighton"],
  E06000035: ["Medway Towns"],
  E06000040: ["Windsor"],
  E06000022: ["Bath and NE Somerset", "BANES", "B&NES", "Bath"],
  E06000058: ["Bournemouth Christchurch and Poole", "BCP"],
  E06000023: ["Bristol", "City of Bristol", "Bristol City"],
  E06000053: ["Scilly", "Council of the Isles of Scilly"],
  E06000014: ["City of York"]
};

/**
 * Rows some publishers give for two councils together. Skills for Care publishes "Cornwall and
 * Isles of Scilly" as one row; NHS files sometimes merge City of London into Hackney. These are
 * never mapped to a single council silently: callers ask `resolveCombinedArea` and decide.
 */
export const COMBINED_AREAS: {names: string[]; members: string[]}[] = [
  {names: ["Cornwall and Isles of Scilly", "Cornwall and the Isles of Scilly", "Cornwall & Isles of Scilly"], members: ["E06000052", "E06000053"]},
  {names: ["Hackney and City of London", "City of London and Hackney", "Hackney & City of London"], members: ["E09000012", "E09000001"]}
];

/**
 * Reduce a name to the form aliases are compared in: lower case, `&` as `and`, `St.` as `st`,
 * hyphens and punctuation as spaces, no leading `The`.
 *
 * Every character outside a-z and 0-9 (a byte order mark, `St.`'s full stop, a run of spaces or
 * hyphens) becomes one space, so the form holds only a-z, 0-9 and single spaces; only `&` (a word)
 * and apostrophes (removed: "King's", "O’Neill") need handling first.
 */
export function normaliseCouncilName(name: string): string {
  let form = name.toLowerCase();
  if (form.includes("&")) form = form.replace(/&/g, " and ");
  if (form.includes("'") || form.includes("’")) form = form.replace(/['’]/g, "");
  if (!/^[a-z0-9]+(?: [a-z0-9]+)*$/.test(form)) form = form.replace(/[^a-z0-9]+/g, " ").trim();
  return form.startsWith("the ") ? form.slice(4) : form;
}

// Suffixes and prefixes for the council as a body rather than the place, tried longest first.
const BODY_SUFFIXES = [
  " metropolitan borough council", " metropolitan district council", " county borough council",
  " borough council", " county council", " district council", " city council", " unitary authority",
  " council", " city", " borough", " mbc", " cc"
];
const BODY_PREFIXES = ["london borough of ", "royal borough of ", "metropolitan borough of ", "borough of ", "city and county of ", "county of ", "city of ", "council of "];

/**
 * Names are looked up once per row in many files that repeat a few hundred names: candidates are
 * remembered for names up to this length, up to CANDIDATE_CACHE_SIZE names (then forgotten and
 * started again), so hostile input costs no more memory than that.
 */
const CANDIDATE_CACHE_NAME_LENGTH = 200;
const CANDIDATE_CACHE_SIZE = 4096;
const candidateCache = new Map<string, readonly string[]>();

/**
 * Candidate forms of a published name, the exact normalised form first, so that "City of London"
 * matches itself before a prefix rule could shorten it to "London".
 */
export function councilNameCandidates(name: string): string[] {
  if (name.length > CANDIDATE_CACHE_NAME_LENGTH) return computeCandidates(name);
  let candidates = candidateCache.get(name);
  if (!candidates) {
    if (candidateCache.size >= CANDIDATE_CACHE_SIZE) candidateCache.clear();
    candidates = computeCandidates(name);
    candidateCache.set(name, candidates);
  }
  // A copy: the remembered list is never handed out to be changed.
  return candidates.slice();
}

function computeCandidates(name: string): string[] {
  const normalised = normaliseCouncilName(name);
  const candidates = [normalised];
  const add = (form: string) => {
    if (form && !candidates.includes(form)) candidates.push(form);
  };
  for (const form of [...candidates]) {
    for (const suffix of BODY_SUFFIXES) if (form.endsWith(suffix)) add(form.slice(0, -suffix.length).trim());
  }
  for (const form of [...candidates]) {
    for (const prefix of BODY_PREFIXES) if (form.startsWith(prefix)) add(form.slice(prefix.length).trim());
  }
  return candidates;
}

/** Edit distance, for suggesting the closest known names when a name is unknown. */
export function editDistance(a: string, b: string): number {
  return boundedEditDistance(a, b, Infinity);
}

/**
 * Edit distance when it is at most `bound`, else `bound + 1`: the scan stops as soon as every
 * entry of a row exceeds the bound, and never starts when the lengths alone differ by more, so
 * comparing a long string with a short one costs nothing.
 */
export function boundedEditDistance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  let previous = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (current[j] < rowMinimum) rowMinimum = current[j];
    }
    if (rowMinimum > bound) return bound + 1;
    previous = current;
  }
  return Math.min(previous[b.length], bound + 1);
}
