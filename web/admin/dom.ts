// Small DOM helpers: find the elements index.html declares, and build new ones without innerHTML.

export function byId<T extends Element> (id: string, type: new () => T): T {
  const element = document.getElementById(id)
  if (!(element instanceof type)) throw new Error(`#${id} is missing from index.html`)
  return element
}

export function h<K extends keyof HTMLElementTagNameMap> (tag: K, className?: string, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  if (className !== undefined) element.className = className
  element.append(...children)
  return element
}

/** Shows a message in an element (empty hides it) with a tone the stylesheet colours. */
export function say (element: HTMLElement, text: string, tone: 'info' | 'ok' | 'warning' | 'error' = 'info'): void {
  element.textContent = text
  element.dataset.tone = tone
  element.hidden = text === ''
}
