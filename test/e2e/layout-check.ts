/**
 * What "a screen that fits" means, checked in the page: the page never scrolls sideways, no
 * panel does, the header is one line, and no text is cut by its container without an ellipsis
 * (an ellipsis is a choice; a clipped word is a fault), and no two pieces of text side by side
 * in the header or a panel are drawn over each other. Answers each problem in words, with
 * the element it is about. Written as page source because it runs in Chromium, not in Node.
 */
export const LAYOUT_PROBLEMS = `(() => {
  const problems = []
  const name = (el) => {
    const id = el.getAttribute('data-testid')
    if (id) return '[' + id + ']'
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.')
      : ''
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40)
    return el.tagName.toLowerCase() + cls + (text ? ' "' + text + '"' : '')
  }
  const visible = (el) => {
    const cs = getComputedStyle(el)
    if (cs.display === 'none' || cs.visibility === 'hidden') return false
    const r = el.getBoundingClientRect()
    // Text only for screen readers is clipped to a pixel on purpose.
    return r.width > 1 && r.height > 1
  }
  // Inside a panel that scrolls sideways, which is reported once on its own.
  const inScroller = (el) => {
    // main is the screen itself: what makes it scroll is named instead.
    for (let p = el.parentElement; p && p.tagName !== 'MAIN'; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX
      if ((ox === 'auto' || ox === 'scroll') && p.scrollWidth > p.clientWidth + 1) return true
    }
    return false
  }
  // Charts draw on canvases inside containers of their own sizing; their insides are not text.
  const inChart = (el) => el.closest('.tv-lightweight-charts, canvas, svg') !== null

  const root = document.documentElement
  // The header and the alarms stay put: only the main area and the navigation scroll.
  if (root.scrollHeight > root.clientHeight + 1) {
    problems.push('the whole page scrolls down, header and all: ' + root.scrollHeight + ' px in ' + root.clientHeight + ' px')
  }
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push('the page scrolls sideways: ' + root.scrollWidth + ' px in ' + root.clientWidth + ' px')
  }

  const header = document.querySelector('header')
  if (header) {
    const items = [...header.children].filter(visible)
    const tops = items.map((el) => Math.round(el.getBoundingClientRect().top))
    const centers = items.map((el) => {
      const r = el.getBoundingClientRect()
      return r.top + r.height / 2
    })
    const spread = Math.max(...centers) - Math.min(...centers)
    if (spread > 8) problems.push('the header wraps onto more than one line (items ' + tops.join(', ') + ' px from the top)')
    for (const el of header.querySelectorAll('*')) {
      if (!visible(el) || el.children.length > 0 || !(el.textContent || '').trim()) continue
      const cs = getComputedStyle(el)
      const line = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.3
      if (el.getBoundingClientRect().height > line * 1.6 + 12) {
        problems.push('header text wraps: ' + name(el))
      }
    }
  }

  const main = document.querySelector('main')
  const mainRight = main ? main.getBoundingClientRect().right : root.clientWidth
  for (const el of document.querySelectorAll('main, main *, header *, nav *')) {
    if (!visible(el) || inChart(el)) continue
    const cs = getComputedStyle(el)
    const sideways = el.scrollWidth > el.clientWidth + 1
    if (sideways && (cs.overflowX === 'auto' || cs.overflowX === 'scroll')) {
      problems.push('a panel scrolls sideways: ' + name(el) + ' (' + el.scrollWidth + ' px in ' + el.clientWidth + ' px)')
      continue
    }
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
    if (sideways && text && (cs.overflowX === 'hidden' || cs.overflowX === 'clip') && cs.textOverflow !== 'ellipsis') {
      problems.push('text is cut by its box: ' + name(el))
    }
    if (el.closest('main') && el.getBoundingClientRect().right > mainRight + 1 && !inScroller(el)) {
      const parent = el.parentElement
      // Report the outermost element that sticks out, not each of its descendants.
      if (!parent || parent.getBoundingClientRect().right <= mainRight + 1) {
        problems.push('sticks out of the screen to the right: ' + name(el))
      }
    }
  }

  // Two siblings with text drawn over each other ("9970.00" over "0.00%"): each line box of one
  // against each of the other, so an inline element that wraps is not taken for its whole
  // rectangle. Overlays placed on purpose (absolute or fixed) and charts are left out.
  const boxes = (el) => [...el.getClientRects()].filter((r) => r.width > 1 && r.height > 1)
  const placed = (el) => {
    const position = getComputedStyle(el).position
    return position === 'absolute' || position === 'fixed'
  }
  const hasText = (el) => (el.textContent || '').trim() !== ''
  for (const parent of document.querySelectorAll('header, header *, main, main *')) {
    if (parent.children.length < 2 || inChart(parent) || !visible(parent)) continue
    const items = [...parent.children].filter(
      (el) => visible(el) && hasText(el) && !placed(el) && !inChart(el),
    )
    for (let i = 0; i < items.length; i += 1) {
      for (let j = i + 1; j < items.length; j += 1) {
        const a = items[i]
        const b = items[j]
        const hit = boxes(a).some((ra) =>
          boxes(b).some(
            (rb) =>
              Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left) > 2 &&
              Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top) > 2,
          ),
        )
        if (hit) problems.push('text is drawn over other text: ' + name(a) + ' and ' + name(b))
      }
    }
  }

  // A select shows its chosen option in its own box: cut text there reads "(pape".
  const canvas = document.createElement('canvas').getContext('2d')
  for (const select of document.querySelectorAll('select')) {
    if (!visible(select) || !canvas) continue
    const cs = getComputedStyle(select)
    canvas.font = cs.font
    const chosen = select.options[select.selectedIndex]
    if (!chosen) continue
    const room = select.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16
    if (canvas.measureText(chosen.text).width > room + 1) {
      problems.push('a selector cuts its choice: ' + name(select) + ' shows ' + Math.round(room) + ' px of "' + chosen.text + '"')
    }
  }
  return problems
})()`
