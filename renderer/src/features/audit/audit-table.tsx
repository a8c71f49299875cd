/**
 * The audit list: every trade decision, newest first, in a virtualized grid that holds only the
 * rows on screen. It knows the total from the engine and asks for pages as the viewport moves;
 * rows not loaded yet show as light placeholders. Arrow keys (and Page Up/Down, Home, End) move
 * the selection, Enter opens the decision, Escape closes it.
 *
 * A browser cannot lay out an element millions of pixels tall (Firefox stops near 17.9 million,
 * Chromium near 33.5 million), so past MAX_SCROLL_PX the scroll range is compressed: the
 * scrollbar covers the whole list, and rows are placed relative to the scroll position, each
 * still ROW_HEIGHT tall.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  memo,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react'
import type { AuditRow } from '../../../../shared/types'
import { baseAsset, formatDecimal, formatQuantity, formatTime, formatUsd } from '../../lib/format'
import {
  auditIndexOfSeq,
  auditRowAt,
  useAuditStore,
  type AuditSelection,
} from '../../stores/audit-store'
import { OutcomeBadge } from './outcome-badge'

/** Height of one row, in CSS pixels (styles.css agrees). */
export const ROW_HEIGHT = 30
/** Height of the column header, which sticks to the top of the scrolling grid. */
export const HEADER_HEIGHT = 32
/** The tallest scroll range the grid lays out; longer lists are compressed into it. */
export const MAX_SCROLL_PX = 15_000_000
// Rows drawn beyond each edge, so a short scroll never shows a blank strip.
const OVERSCAN_ROWS = 4

/** Props of AuditTable. */
export interface AuditTableProps {
  /** Opens a decision's full record (click or Enter). */
  readonly onOpen: (seq: number) => void
}

/** The virtualized audit grid. */
export function AuditTable({ onOpen }: AuditTableProps) {
  const total = useAuditStore((s) => s.total)
  // Redraws when loaded rows change; the rows themselves are read from the page cache.
  useAuditStore((s) => s.revision)
  const filter = useAuditStore((s) => s.filter)
  const selection = useAuditStore((s) => s.selection)
  const select = useAuditStore((s) => s.select)
  const setViewport = useAuditStore((s) => s.setViewport)
  const closeDetail = useAuditStore((s) => s.closeDetail)
  const scrollRef = useRef<HTMLDivElement>(null)
  const [viewHeight, setViewHeight] = useState(0)
  const gridId = useId()

  const count = total ?? 0
  const content = count * ROW_HEIGHT
  const listHeight = Math.max(0, viewHeight - HEADER_HEIGHT)
  const compressed = content > MAX_SCROLL_PX
  // Maps the laid-out scroll range onto the whole list, end to end.
  const scale = compressed ? (content - listHeight) / (MAX_SCROLL_PX - listHeight) : 1
  const itemSize = ROW_HEIGHT / scale

  // The console is not compiled with the React Compiler; the virtualizer re-renders this
  // component itself whenever the scroll position or size changes.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => itemSize,
    overscan: OVERSCAN_ROWS,
    onChange: (instance) => setViewHeight(instance.scrollRect?.height ?? 0),
  })

  // A resize changes the compression; the virtualizer must forget the old row size.
  useLayoutEffect(() => {
    virtualizer.measure()
  }, [virtualizer, itemSize])

  const scrollOffset = virtualizer.scrollOffset ?? 0
  const virtualOffset = scrollOffset * scale
  const firstVisible = Math.min(Math.max(0, count - 1), Math.floor(virtualOffset / ROW_HEIGHT))
  const lastVisible = Math.min(
    count - 1,
    Math.floor((virtualOffset + Math.max(listHeight, ROW_HEIGHT) - 1) / ROW_HEIGHT),
  )

  useEffect(() => {
    setViewport(firstVisible, Math.max(firstVisible, lastVisible))
  }, [firstVisible, lastVisible, count, setViewport])

  // A new filter starts at the top.
  useLayoutEffect(() => {
    if ((virtualizer.scrollOffset ?? 0) !== 0) virtualizer.scrollToOffset(0)
  }, [virtualizer, filter])

  // New decisions arrive at the top; a trader reading further down keeps the same rows in view.
  const previous = useRef<{ count: number; virtualOffset: number } | null>(null)
  useLayoutEffect(() => {
    const before = previous.current
    previous.current = { count, virtualOffset }
    if (!before || before.count === 0 || count <= before.count || before.virtualOffset <= 0) return
    const next = before.virtualOffset + (count - before.count) * ROW_HEIGHT
    previous.current = { count, virtualOffset: next }
    virtualizer.scrollToOffset(next / scale)
  }, [count, virtualOffset, scale, virtualizer])

  const selectedIndex =
    selection === null
      ? null
      : selection.seq !== null
        ? (auditIndexOfSeq(selection.seq) ?? selection.index)
        : selection.index

  // A selection made on a placeholder takes the row's identity once it loads.
  const selectedRow = selectedIndex === null ? undefined : auditRowAt(selectedIndex)
  useEffect(() => {
    if (selection && selection.seq === null && selectedRow) {
      select({ index: selection.index, seq: selectedRow.seq })
    }
  }, [selection, selectedRow, select])

  const scrollIntoView = (index: number): void => {
    const top = index * ROW_HEIGHT
    let next = virtualOffset
    if (top < virtualOffset) next = top
    else if (top + ROW_HEIGHT > virtualOffset + listHeight) next = top + ROW_HEIGHT - listHeight
    if (next !== virtualOffset) virtualizer.scrollToOffset(Math.max(0, next) / scale)
  }

  const moveTo = (index: number): void => {
    if (count === 0) return
    const to = Math.max(0, Math.min(count - 1, index))
    const next: AuditSelection = { index: to, seq: auditRowAt(to)?.seq ?? null }
    select(next)
    scrollIntoView(to)
  }

  const pageRows = Math.max(1, Math.floor(listHeight / ROW_HEIGHT) - 1)
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    // The first key press with nothing selected selects the top row on screen.
    const step = (delta: number) => () =>
      moveTo(selectedIndex === null ? firstVisible : selectedIndex + delta)
    const keys: Record<string, () => void> = {
      ArrowDown: step(1),
      ArrowUp: step(-1),
      PageDown: step(pageRows),
      PageUp: step(-pageRows),
      Home: () => moveTo(0),
      End: () => moveTo(count - 1),
      Enter: () => {
        const seq = selectedIndex === null ? undefined : auditRowAt(selectedIndex)?.seq
        if (seq !== undefined) onOpen(seq)
      },
      Escape: closeDetail,
    }
    const action = keys[event.key]
    if (!action) return
    event.preventDefault()
    action()
  }

  // Rows are keyed by slot, not index: the element of a row that scrolls out is reused for
  // the one that scrolls in. Contiguous indexes never share a slot.
  const slots = Math.ceil(listHeight / ROW_HEIGHT) + 2 * OVERSCAN_ROWS + 2
  const rows: { index: number; top: number }[] = []
  const overscanPx = OVERSCAN_ROWS * ROW_HEIGHT
  for (const item of virtualizer.getVirtualItems()) {
    // Whole pixels keep text sharp; every row shares the same rounding, so spacing stays even.
    const top = Math.round(scrollOffset + (item.index * ROW_HEIGHT - virtualOffset))
    if (top + ROW_HEIGHT < scrollOffset - overscanPx) continue
    if (top > scrollOffset + listHeight + overscanPx) break
    rows.push({ index: item.index, top })
  }

  return (
    <div
      ref={scrollRef}
      className="audit-grid"
      data-testid="audit-table"
      role="grid"
      aria-label="Audit trail, newest first"
      aria-rowcount={count + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={
        selectedIndex !== null && rows.some((r) => r.index === selectedIndex)
          ? `${gridId}-row-${selectedIndex}`
          : undefined
      }
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className="audit-header" role="row" aria-rowindex={1}>
        {COLUMNS.map((c) => (
          <span key={c.id} role="columnheader" className={`audit-cell ${c.className}`}>
            {c.label}
          </span>
        ))}
      </div>
      <div
        className="audit-rows"
        role="rowgroup"
        style={{ height: compressed ? MAX_SCROLL_PX : content }}
      >
        {rows.map(({ index, top }) => (
          <AuditGridRow
            key={index % slots}
            id={`${gridId}-row-${index}`}
            index={index}
            top={top}
            row={auditRowAt(index)}
            selected={index === selectedIndex}
            onSelect={select}
            onOpen={onOpen}
          />
        ))}
      </div>
      {total === 0 ? (
        <p className="audit-empty" role="status">
          No trade decisions match these filters.
        </p>
      ) : null}
      {total === null ? (
        <p className="audit-empty" role="status">
          Loading the audit trail…
        </p>
      ) : null}
    </div>
  )
}

const COLUMNS = [
  { id: 'time', label: 'Time', className: '' },
  { id: 'symbol', label: 'Symbol', className: '' },
  { id: 'action', label: 'Action', className: '' },
  { id: 'quantity', label: 'Quantity', className: 'right' },
  { id: 'outcome', label: 'Outcome', className: '' },
  { id: 'fill', label: 'Fill price', className: 'right' },
  { id: 'slippage', label: 'Slippage', className: 'right' },
  { id: 'reason', label: 'Reason', className: '' },
] as const

/**
 * One row of the grid. Loaded and placeholder rows have the same elements, so when the row
 * element is reused for another index (see `slot`) React only changes text and attributes:
 * a fast scroll replaces every row on every frame, and creating elements would cost more.
 */
const AuditGridRow = memo(function AuditGridRow(props: {
  readonly id: string
  readonly index: number
  readonly top: number
  readonly row: AuditRow | undefined
  readonly selected: boolean
  readonly onSelect: (selection: AuditSelection) => void
  readonly onOpen: (seq: number) => void
}) {
  const { row, index } = props
  const classes = `audit-row${row ? '' : ' placeholder'}${props.selected ? ' selected' : ''}`
  return (
    <div
      id={props.id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      aria-busy={row ? undefined : true}
      className={classes}
      style={{ transform: `translateY(${props.top}px)` }}
      data-testid={row ? `audit-row-${row.seq}` : undefined}
      data-seq={row?.seq}
      onClick={() => {
        props.onSelect({ index, seq: row?.seq ?? null })
        if (row) props.onOpen(row.seq)
      }}
    >
      <span role="gridcell" className="audit-cell num">
        {row ? formatTime(row.ts) : ''}
      </span>
      <span role="gridcell" className="audit-cell">
        {row?.symbol ?? ''}
      </span>
      <span
        role="gridcell"
        className={`audit-cell ${row ? (row.action === 'BUY' ? 'side-buy' : 'side-sell') : ''}`}
      >
        {row ? (row.action === 'BUY' ? 'Buy' : 'Sell') : ''}
      </span>
      <span role="gridcell" className="audit-cell right num">
        {row ? formatQuantity(row.quantity, baseAsset(row.symbol)) : ''}
      </span>
      <span role="gridcell" className="audit-cell">
        <OutcomeBadge outcome={row?.outcome ?? null} />
      </span>
      <span role="gridcell" className="audit-cell right num">
        {row ? (row.fillPrice === null ? '—' : formatUsd(row.fillPrice)) : ''}
      </span>
      <span role="gridcell" className="audit-cell right num">
        {row ? (row.slippageBps === null ? '—' : `${formatDecimal(row.slippageBps, 1)} bps`) : ''}
      </span>
      <span role="gridcell" className="audit-cell reason" title={row?.reason ?? undefined}>
        {row?.reason ?? ''}
      </span>
    </div>
  )
})
