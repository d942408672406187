type Attributes = Record<string, string | number | boolean | undefined | ((event: never) => void)>;

/**
 * Creates an element: `attrs` become attributes, except `on<event>` functions (listeners), `text`
 * (textContent) and `className`; children are appended (strings as text).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attributes = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.slice(2).toLowerCase(), value as EventListener);
    else if (name === "text") el.textContent = String(value);
    else if (name === "className") el.className = String(value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null) el.append(child);
  return el;
}

/** Whether keys typed now go to a text field (and so are not game keys). */
export function typingInField(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return !!target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
}
