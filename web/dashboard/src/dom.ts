// A small element builder: text always goes in as text (contacts are customers' own words), never as HTML.

type Child = Node | string | number | null | undefined | false | Child[];
type Attributes = Record<string, string | number | boolean | undefined | null | ((event: Event) => void)>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children.flat(Infinity as 1) as Child[]) {
    if (child === null || child === undefined || child === false || Array.isArray(child)) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function clear(element: Element): void {
  element.replaceChildren();
}

/**
 * A panel that shows "Loading…" until `fill` has fetched what it needs and put it in the body
 * (charts are drawn after that, into a mounted element), or the API's message when it fails.
 */
export async function panel(parent: HTMLElement, title: string | null, fill: (body: HTMLElement) => Promise<void>, className = ''): Promise<void> {
  const body = el('div', { class: 'panel-body' }, el('p', { class: 'loading' }, 'Loading…'));
  parent.appendChild(el('section', { class: `panel ${className}`.trim() }, title ? el('h2', {}, title) : null, body));
  try {
    await fill(body);
  } catch (error) {
    body.replaceChildren(errorBox(error));
  }
}

export function errorBox(error: unknown): HTMLElement {
  return el('div', { class: 'error', role: 'alert' }, el('strong', {}, 'Could not load: '), error instanceof Error ? error.message : String(error));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe to put in HTML, for the one place the dashboard writes HTML: ECharts tooltip
 * formatters, whose result ECharts sets as innerHTML. Category, step and failure-type names come
 * from the API (an admin names them), so every name in a tooltip goes through this.
 */
export function escapeHtml(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
