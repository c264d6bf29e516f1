/**
 * Selections live in the URL so that a permalink or a reload restores the view and the
 * browser's back and forward buttons move between views. Values read here are untrusted:
 * callers check them with checkSelection before use.
 */
export function readUrlState(keys: readonly string[], search = globalThis.location?.search ?? ""): Record<string, string | null> {
  const params = new URLSearchParams(search);
  return Object.fromEntries(keys.map((key) => [key, params.get(key)]));
}

/** Record a new view: pushState when the state changed, so back returns to the previous view. */
export function writeUrlState(state: Record<string, string>, {replace = false} = {}): void {
  const url = new URL(globalThis.location.href);
  const before = url.search;
  for (const [key, value] of Object.entries(state)) url.searchParams.set(key, value);
  if (url.search === before) return;
  if (replace) history.replaceState(state, "", url);
  else history.pushState(state, "", url);
}
