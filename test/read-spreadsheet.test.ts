/**
 * Reading workbooks (loaders/read/spreadsheet.ts): SheetJS's "ODS number format may be incorrect"
 * message, printed for every conditional number style of an ODS file, stays out of build logs,
 * while anything else SheetJS prints still reaches the console.
 */
import * as XLSX from "@e965/xlsx";
import {afterEach, describe, expect, it, vi} from "vitest";
import {readSheet, readWorkbook} from "../loaders/read/spreadsheet.ts";

// SheetJS's read, with a hook to print something else while it runs.
const during = vi.hoisted(() => ({read: undefined as undefined | (() => void)}));
vi.mock("@e965/xlsx", async (importOriginal) => {
  const original = await importOriginal<typeof import("@e965/xlsx")>();
  return {...original, read: (...args: Parameters<typeof original.read>) => {
    during.read?.();
    return original.read(...args);
  }};
});

/** An ODS written by SheetJS, its styles.xml replaced by one whose number style has a conditional map SheetJS cannot translate. */
function odsWithConditionalFormat(): Uint8Array {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([["code", "value"], ["E06000035", 67.14]]), "Table_1");
  const zip = XLSX.CFB.read(new Uint8Array(XLSX.write(workbook, {bookType: "ods", type: "array"})), {type: "array"});
  const styles = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2">
<office:styles><number:number-style style:name="N1"><number:number number:decimal-places="1" number:min-integer-digits="1"/><style:map style:condition="value()&lt;0" style:apply-style-name="N2"/></number:number-style></office:styles>
</office:document-styles>`;
  XLSX.CFB.utils.cfb_add(zip, "styles.xml", new TextEncoder().encode(styles));
  return new Uint8Array(XLSX.CFB.write(zip, {fileType: "zip", type: "array"}));
}

describe("SheetJS's ODS number-format message", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is printed by SheetJS itself for this file (so the test below tests something)", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    XLSX.read(odsWithConditionalFormat(), {type: "array"});
    expect(error.mock.calls.map((call) => String(call[0]))).toContainEqual(expect.stringMatching(/^ODS number format may be incorrect/));
  });

  it("is not printed when the readers open the file, which still reads in full", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const bytes = odsWithConditionalFormat();
    expect(readSheet(bytes, "styled.ods").rows).toEqual([["E06000035", "67.14"]]);
    expect(readWorkbook(bytes, "styled.ods").sheet("Table_1").header).toEqual(["code", "value"]);
    expect(error).not.toHaveBeenCalled();
  });

  it("lets any other message SheetJS prints through, and puts console.error back after the read", () => {
    const original = console.error;
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const spied = console.error;
    during.read = () => console.error("Worksheet 'S' extends beyond column IV (255).  Data may be lost.");
    try {
      readSheet(odsWithConditionalFormat(), "styled.ods");
    } finally {
      during.read = undefined;
    }
    expect(error.mock.calls).toEqual([["Worksheet 'S' extends beyond column IV (255).  Data may be lost."]]);
    expect(console.error).toBe(spied);
    vi.restoreAllMocks();
    expect(console.error).toBe(original);
  });

  it("puts console.error back when SheetJS throws, and the failure is a located error", () => {
    const spied = vi.spyOn(console, "error").mockImplementation(() => {});
    const before = console.error;
    during.read = () => {
      throw new Error("bad content.xml");
    };
    try {
      expect(() => readSheet(odsWithConditionalFormat(), "broken.ods")).toThrow(/broken\.ods.*cannot read the workbook \(bad content\.xml\)/);
    } finally {
      during.read = undefined;
    }
    expect(console.error).toBe(before);
    expect(spied).not.toHaveBeenCalled();
  });
});
