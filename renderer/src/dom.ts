/**
 * A tiny DOM helper. Text only ever goes in through `textContent` and
 * attributes through `setAttribute`, never `innerHTML`, so nothing from
 * Spotify (titles, names, URLs) can become markup. The setters compare
 * first so that re-rendering the same state touches nothing: no layout
 * work, no lost selection, no focus churn.
 */

/** Attribute values: a string sets it, `true` sets it empty, `false`/`undefined` leave it out. */
export type Attrs = Record<string, string | boolean | undefined>;

/** Children: nodes, text, or nothing (for conditional parts). */
export type Child = Node | string | null | undefined | false;

/** Creates an element with attributes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** Sets the text if it differs. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Sets (string), or removes (null), an attribute if it differs. */
export function setAttr(element: Element, name: string, value: string | null): void {
  if (value === null) {
    if (element.hasAttribute(name)) element.removeAttribute(name);
  } else if (element.getAttribute(name) !== value) {
    element.setAttribute(name, value);
  }
}

/** Shows or hides an element with the `hidden` attribute (the stylesheet makes it win over `display`). */
export function setHidden(element: HTMLElement, hidden: boolean): void {
  if (element.hidden !== hidden) element.hidden = hidden;
}

/**
 * Text that may be long or right-to-left: the direction follows the text,
 * and the full value sits in `title` because the stylesheet cuts it with an
 * ellipsis.
 */
export function setLongText(element: HTMLElement, text: string): void {
  setText(element, text);
  setAttr(element, 'dir', 'auto');
  setAttr(element, 'title', text === '' ? null : text);
}

/** A button that runs `action` on click (Enter and Space come with `<button>`). */
export function button(label: string, action: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const element = h('button', { type: 'button', ...attrs }, label);
  element.addEventListener('click', action);
  return element;
}
