/**
 * Assertions on the located errors every parser throws (loaders/validate.ts DataError), shared by the
 * family tests so each says only what it expects: file, sheet, row, column, value, and the message.
 */
import {expect} from "vitest";
import {DataError} from "../../loaders/validate.ts";

export type ExpectedDataError = Partial<Pick<DataError, "file" | "sheet" | "row" | "column" | "value" | "expected">> & {message?: RegExp};

/** Run `run`, expect it to throw a DataError matching `expected`, and return the error. */
export function expectDataError(run: () => unknown, expected: ExpectedDataError = {}): DataError {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error, "expected a DataError").toBeInstanceOf(DataError);
  const {message, ...location} = expected;
  expect(error).toMatchObject(location);
  if (message) expect((error as DataError).message).toMatch(message);
  return error as DataError;
}
