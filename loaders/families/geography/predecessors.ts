/**
 * Councils that existed in earlier publications but not in the April 2023 geography. Older
 * extracts (ASCOF 2017-18 onwards, SAC) carry their codes. Where the successor covers the same
 * area under a new code (Buckinghamshire in April 2020, North Yorkshire and Somerset in April 2023 became unitary
 * on their county boundary), facts are recoded to the successor so the series runs on; where a council was
 * split or merged, it stays an area of its own (type "former") so nothing is silently reassigned.
 */
export interface PredecessorArea {
  code: string;
  name: string;
  /** Last financial year the area published under this code. */
  last_period: string;
  successor_codes: string[];
  /** True when the successor covers exactly the same area: facts are recoded to it. */
  same_boundary: boolean;
}

export const PREDECESSORS: PredecessorArea[] = [
  {code: "E10000023", name: "North Yorkshire (county council)", last_period: "2022-23", successor_codes: ["E06000065"], same_boundary: true},
  {code: "E10000027", name: "Somerset (county council)", last_period: "2022-23", successor_codes: ["E06000066"], same_boundary: true},
  {code: "E10000002", name: "Buckinghamshire (county council)", last_period: "2019-20", successor_codes: ["E06000060"], same_boundary: true},
  {code: "E10000006", name: "Cumbria", last_period: "2022-23", successor_codes: ["E06000063", "E06000064"], same_boundary: false},
  {code: "E10000021", name: "Northamptonshire", last_period: "2020-21", successor_codes: ["E06000061", "E06000062"], same_boundary: false},
  {code: "E10000009", name: "Dorset (county council)", last_period: "2018-19", successor_codes: ["E06000059", "E06000058"], same_boundary: false},
  {code: "E06000028", name: "Bournemouth", last_period: "2018-19", successor_codes: ["E06000058"], same_boundary: false},
  {code: "E06000029", name: "Poole", last_period: "2018-19", successor_codes: ["E06000058"], same_boundary: false}
];

const byCode = new Map(PREDECESSORS.map((p) => [p.code, p]));

export function predecessorByCode(code: string): PredecessorArea | undefined {
  return byCode.get(code);
}

/** The code a fact should carry: the successor's for a same-boundary change, else the code itself. */
export function currentAreaCode(code: string): string {
  const predecessor = byCode.get(code);
  return predecessor?.same_boundary ? predecessor.successor_codes[0] : code;
}
