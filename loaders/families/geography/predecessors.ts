/**
 * How facts published under a retired council's code are filed (the councils themselves are in
 * RETIRED_COUNCILS, councils.ts). Where the successor covers the same area under a new code
 * (Buckinghamshire in April 2020, North Yorkshire and Somerset in April 2023 became unitary on
 * their county boundary), facts are recoded to the successor so the series runs on; where a
 * council was split or merged, it stays an area of its own (type "former") so nothing is
 * silently reassigned.
 */
import {RETIRED_COUNCILS, type RetiredCouncil} from "./councils.ts";

const byCode = new Map(RETIRED_COUNCILS.map((council) => [council.code, council]));

export function predecessorByCode(code: string): RetiredCouncil | undefined {
  return byCode.get(code);
}

/** The code a fact should carry: the successor's for a same-boundary change, else the code itself. */
export function currentAreaCode(code: string): string {
  const retired = byCode.get(code);
  return retired?.same_boundary ? retired.successors[0] : code;
}
