/**
 * The one small DOM helper the components build HTML with (charts come from Plot; this is for
 * the tiles, tables, panels and notes around them): `el("p", {className: "note"}, "text", child)`.
 * Properties are assigned as the element's own (className, id, href, title, tabIndex, ...);
 * `text` sets the text content; null, undefined and false children are skipped.
 */
export type Child = Node | string | null | undefined | false;

export type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], "style" | "dataset">> & {text?: string};

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props<K> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const {text, ...own} = props;
  Object.assign(node, own);
  if (text) node.textContent = text;
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}
