/**
 * Reads an HTML page the way a browser would (parse5, the parser jsdom uses), so a test asserts
 * what a reader sees (elements and their text) instead of matching the markup with patterns.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5'

type Node = DefaultTreeAdapterMap['node']
export type HtmlElement = DefaultTreeAdapterMap['element']

function isElement(node: Node): node is HtmlElement {
  return 'tagName' in node
}

function children(node: Node): readonly Node[] {
  const own = 'childNodes' in node ? node.childNodes : []
  // A <template>'s content is a fragment of its own.
  return isElement(node) && node.tagName === 'template' && 'content' in node
    ? [...own, ...(node as DefaultTreeAdapterMap['template']).content.childNodes]
    : own
}

/** The page's document. */
export function parseHtml(html: string): Node {
  return parse(html)
}

/** An attribute's value, or null. */
export function attr(el: HtmlElement, name: string): string | null {
  return el.attrs.find((a) => a.name === name)?.value ?? null
}

/** Whether the element has a class. */
export function hasClass(el: HtmlElement, cls: string): boolean {
  return (attr(el, 'class') ?? '').split(/\s+/).includes(cls)
}

/**
 * Every element under `root` (document order) matching a simple selector: a tag, `.class`,
 * `#id`, `[name=value]`, or a combination such as `tr[data-criterion=win_rate]`.
 */
export function all(root: Node, selector: string): HtmlElement[] {
  const m = /^([a-z0-9]*)((?:[.#][\w-]+|\[[\w-]+=[^\]]*\])*)$/i.exec(selector)
  if (!m) throw new Error(`unsupported selector ${selector}`)
  const tag = m[1] ?? ''
  const parts = [...(m[2] ?? '').matchAll(/([.#])([\w-]+)|\[([\w-]+)=([^\]]*)\]/g)]
  const matches = (el: HtmlElement): boolean =>
    (tag === '' || el.tagName === tag.toLowerCase()) &&
    parts.every((p) =>
      p[1] === '.'
        ? hasClass(el, p[2] as string)
        : p[1] === '#'
          ? attr(el, 'id') === p[2]
          : attr(el, p[3] as string) === p[4],
    )
  const out: HtmlElement[] = []
  const walk = (node: Node): void => {
    for (const child of children(node)) {
      if (isElement(child)) {
        if (matches(child)) out.push(child)
      }
      walk(child)
    }
  }
  walk(root)
  return out
}

/** The one element matching `selector` under `root`; fails the test when there is not exactly one. */
export function one(root: Node, selector: string): HtmlElement {
  const found = all(root, selector)
  if (found.length !== 1) throw new Error(`expected one ${selector}, found ${found.length}`)
  return found[0] as HtmlElement
}

/** An element's text as a reader sees it: entities decoded, white space collapsed. */
export function text(node: Node): string {
  let out = ''
  const walk = (n: Node): void => {
    if (n.nodeName === '#text') out += (n as DefaultTreeAdapterMap['textNode']).value
    else for (const child of children(n)) walk(child)
  }
  walk(node)
  return out.replace(/\s+/g, ' ').trim()
}

/** Each cell's text of a table row. */
export function cells(row: HtmlElement): string[] {
  return all(row, 'td').map(text)
}
