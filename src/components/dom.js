// Small DOM helpers the components share: a stylesheet added once per page, and an element with a class and text.

/** Add `css` to the page once, under the element id `id`. */
export function ensureStyle(id, css) {
  if (typeof document === "undefined" || document.getElementById(id)) return;
  const style = document.createElement("style");
  style.id = id;
  style.textContent = css;
  document.head.append(style);
}

/** A new element with an optional class name and text. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}
