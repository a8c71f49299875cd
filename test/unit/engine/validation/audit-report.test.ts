/**
 * The final audit of the validation plan, read as a reader reads it (the page parsed, its
 * text checked): the plan and today, the timeline, every phase with its criteria, verdicts in
 * words (not enough data never shown as a pass), sign-off, checklist, every incident with its
 * day and time, drills, downtime, health-check failures, the proof and the journal's head.
 */
import { describe, expect, it } from 'vitest'
import { renderValidationAudit } from '../../../../electron/engine/validation/audit-report'
import { PHASE_GOALS, type PhaseView, type ValidationView } from '../../../../shared/validation'
import { all, attr, cells, one, parseHtml, text } from '../../../kit/html-dom'
import {
  FIXTURE_HEAD_HASH,
  FIXTURE_START,
  atDay,
  validationFixture,
} from '../../../kit/validation-audit-fixture'

const WORDS = { pass: 'PASS', fail: 'FAIL', not_enough_data: 'NOT ENOUGH DATA' } as const
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'

function render(view: ValidationView = validationFixture()) {
  const html = renderValidationAudit(view)
  return { html, doc: parseHtml(html) }
}

/** A criterion's row in a phase's criteria table. */
function criterionRow(doc: ReturnType<typeof parseHtml>, phase: number, id: string) {
  return one(one(one(doc, `section#phase-${phase}`), 'table.criteria'), `tr[data-criterion=${id}]`)
}

function withPhase(view: ValidationView, n: 1 | 2 | 3, change: Partial<PhaseView>): ValidationView {
  return {
    ...view,
    phases: view.phases.map((p) => (p.phase === n ? { ...p, ...change } : p)),
  }
}

describe('validation audit report', () => {
  it('is one self-contained page that prints on A4 with a page per phase', () => {
    const { html, doc } = render()
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(all(doc, 'script')).toEqual([])
    expect(all(doc, 'link')).toEqual([])
    expect(all(doc, 'img')).toEqual([])
    expect(html).not.toMatch(/https?:\/\//)
    const css = text(one(doc, 'style'))
    expect(css).toContain('@page { size: A4')
    expect(css).toMatch(/@media print \{[^]*section\.phase \{ break-before: page; \}/)
  })

  it('heads with the plan start, today as day N of 90 and the phase', () => {
    const { doc } = render()
    expect(text(one(doc, 'h1'))).toBe(`Validation audit — plan started ${FIXTURE_START}`)
    expect(text(one(doc, 'p.headline'))).toBe('Day 40 of 90 · phase 2 of 3')
    expect(text(one(doc, 'header.top'))).toContain('Today 2026-12-02 (Europe/Berlin)')
    expect(text(one(doc, 'header.top'))).toContain('planned end 2027-01-21')
    const done = render(validationFixture({ phase: 'complete', day: 95 })).doc
    expect(text(one(done, 'p.headline'))).toBe(
      'The plan is complete: all three phases are signed off.',
    )
  })

  it('has a section for each phase with its goals, size band and status', () => {
    const { doc } = render()
    const expected = [
      ['Phase 1 — days 1–30', 'Done: signed off', '$10.00–$50.00 per order'],
      [
        'Phase 2 — days 31–60',
        'Current phase (day 40 of the plan, day 10 of 30 in this phase)',
        '$50.00–$200.00 per order',
      ],
      ['Phase 3 — days 61–90', 'Upcoming', "from $0.00 up to each account's own limits, per order"],
    ]
    for (const [i, [title, status, band]] of expected.entries()) {
      const section = one(doc, `section#phase-${i + 1}`)
      expect(text(one(section, 'h2'))).toBe(title)
      expect(text(one(section, 'dd.status'))).toBe(status)
      expect(text(one(section, 'dd.band'))).toBe(band)
      expect(all(one(section, 'ul.goals'), 'li').map(text)).toEqual(
        PHASE_GOALS[(i + 1) as 1 | 2 | 3],
      )
    }
    expect(text(one(doc, 'section#phase-2'))).toContain(
      'Slippage within the model fails: 71.0% against ≥ 80.0%.',
    )
  })

  it('shows every criterion with its value, target, verdict in words, gating and interval', () => {
    const view = validationFixture()
    const { doc } = render(view)
    for (const phase of view.phases) {
      const rows = all(one(doc, `section#phase-${phase.phase}`), 'table.criteria')
      const trs = all(rows[0] ?? doc, 'tr').filter((r) => attr(r, 'data-criterion') !== null)
      expect(trs.map((r) => attr(r, 'data-criterion'))).toEqual(phase.criteria.map((c) => c.id))
      for (const [i, c] of phase.criteria.entries()) {
        const row = trs[i]!
        expect(text(one(row, 'td.verdict'))).toBe(WORDS[c.verdict])
        expect(text(row)).toContain(c.gating ? 'gates the phase' : 'shown, does not gate')
      }
    }
    const slippage = criterionRow(doc, 2, 'slippage_in_model')
    expect(text(one(slippage, 'td.value'))).toBe('71.0% n = 96 fills')
    expect(text(one(slippage, 'td.target'))).toBe('≥ 80.0%')
    expect(text(one(slippage, 'td.verdict'))).toBe('FAIL')
    expect(text(one(slippage, 'td.interval'))).toBe('95 %: 62.0% to 79.0%')
    expect(text(slippage)).toContain('does not reach the 80.0% target')
    const winRate = criterionRow(doc, 2, 'win_rate')
    expect(text(one(winRate, 'td.verdict'))).toBe('NOT ENOUGH DATA')
    expect(text(winRate)).toContain('shown, does not gate')
    const drawdown = criterionRow(doc, 1, 'max_drawdown')
    expect(text(one(drawdown, 'td.target'))).toBe('< 15.0%')
    expect(text(one(drawdown, 'td.verdict'))).toBe('PASS')
    const upcoming = criterionRow(doc, 3, 'recovery_time')
    expect(text(one(upcoming, 'td.value'))).toBe('— nothing measured yet n = 0 days')
    expect(text(one(upcoming, 'td.target'))).toBe('≤ 5.0 min')
  })

  it('never shows not enough data as a pass, nor with a tick', () => {
    const view = validationFixture()
    const { doc } = render(view)
    const undecided = all(doc, 'tr').filter((row) =>
      all(row, 'span.badge').some((b) => attr(b, 'data-verdict') === 'not_enough_data'),
    )
    // Phase 1's win rate (in the table and at sign-off), phase 2's two, all of phase 3.
    expect(undecided).toHaveLength(2 + 2 + view.phases[2]!.criteria.length)
    for (const row of undecided) {
      const badge = one(row, 'span.badge')
      expect(text(badge)).toBe('NOT ENOUGH DATA')
      expect(attr(badge, 'class')).not.toMatch(/\bpass\b/)
      expect(text(row)).not.toMatch(/PASS|✓|✔|☑/)
    }
  })

  it('draws each history as a sparkline against its target', () => {
    const { doc } = render()
    const slippage = criterionRow(doc, 2, 'slippage_in_model')
    const spark = one(slippage, 'svg.spark')
    expect(attr(spark, 'aria-label')).toBe(
      'Slippage within the model: 77.3% on day 31, 71.0% on day 40; target ≥ 80.0%',
    )
    expect(attr(one(spark, 'path.line'), 'd')?.match(/[ML]/g)).toHaveLength(10)
    expect(all(spark, 'line.target')).toHaveLength(1)
    // Phase 1's win rate has no value on its first three days: the line starts on day 4.
    const winRate = criterionRow(doc, 1, 'win_rate')
    expect(attr(one(winRate, 'path.line'), 'd')?.match(/[ML]/g)).toHaveLength(27)
    const upcoming = criterionRow(doc, 3, 'sharpe')
    expect(text(one(upcoming, 'td.history'))).toBe('no history yet')
  })

  it('keeps a history that reaches past its phase inside its sparkline', () => {
    const view = validationFixture()
    const late = view.phases[1]!.criteria.map((c) => ({
      ...c,
      history: [
        { day: 58, value: 0.5 },
        { day: 75, value: 0.6 },
      ],
    }))
    const { doc } = render(withPhase(view, 2, { criteria: late }))
    const d = attr(one(criterionRow(doc, 2, 'win_rate'), 'path.line'), 'd') ?? ''
    const xs = [...d.matchAll(/[ML]([\d.-]+),/g)].map((m) => Number(m[1]))
    expect(xs).toHaveLength(2)
    for (const x of xs) expect(x >= 0 && x <= 140, String(x)).toBe(true)
    expect(xs[1]).toBeCloseTo(137, 0)
  })

  it('records who signed off, when, their note and the criteria at that moment', () => {
    const { doc } = render()
    const signOff = one(one(doc, 'section#phase-1'), 'div.signoff')
    expect(text(all(signOff, 'p')[0]!)).toBe(
      'Signed off by Jordan Okafor on 29 Nov 2026, 08:45 (day 37 of the plan).',
    )
    expect(text(one(signOff, 'p.note'))).toContain('stale price check')
    const rows = all(one(signOff, 'table.signed-criteria'), 'tr').filter((r) =>
      attr(r, 'data-criterion'),
    )
    expect(rows.map(cells)).toEqual([
      ['Capital protection violations', '0', '≤ 0', 'PASS'],
      ['All trades tracked', '100.0%', '≥ 100.0%', 'PASS'],
      ['Win rate', '52.0%', '> 45.0%', 'NOT ENOUGH DATA'],
      ['Max drawdown', '6.1%', '< 15.0%', 'PASS'],
    ])
    expect(text(one(one(doc, 'section#phase-2'), 'div.signoff'))).toBe('Not signed off.')
    const checklist = all(one(one(doc, 'section#phase-2'), 'table.checklist'), 'tr').slice(1)
    expect(checklist.map(cells)).toEqual([
      ['Run the exchange-outage drill', 'Open', 'no note', '30 Nov 2026, 10:05'],
      [
        'Review the fee tier after the first 30 days',
        'Done',
        'Tier 2 since day 33; the cost model was recalibrated.',
        '1 Dec 2026, 16:30',
      ],
    ])
  })

  it('draws the 90 days with today, every incident and drill and the roll-back', () => {
    const view = validationFixture()
    const { doc } = render(view)
    const svg = one(one(doc, 'section#timeline'), 'svg')
    expect(all(svg, 'rect.phase-band').map((r) => attr(r, 'class'))).toEqual([
      'phase-band done',
      'phase-band current',
      'phase-band upcoming',
    ])
    expect(text(one(svg, 'g.today'))).toBe('today · day 40')
    expect(all(svg, 'circle.mark')).toHaveLength(6)
    expect(all(svg, 'path.drill')).toHaveLength(1)
    expect(text(one(svg, 'path.drill'))).toBe(
      'Day 26, 18 Nov 2026, 11:00: Drill: Drill: exchange disconnect; recovered in 48 s.',
    )
    const back = one(svg, 'g.roll-back')
    expect(text(one(back, 'text'))).toBe('↩ 1')
    expect(text(one(back, 'title'))).toContain('Day 34: rolled back from phase 2 to phase 1')
    expect(all(svg, 'g.advance')).toHaveLength(2)
    const changes = all(one(doc, 'table.changes'), 'tr').slice(1).map(cells)
    expect(changes[1]).toEqual([
      '34',
      '26 Nov 2026, 14:07',
      'Roll-back',
      'phase 2 → phase 1',
      'Critical failure: order o-88 failed verification.',
      '11873',
    ])
  })

  it('lists every incident with day and time, drills, downtime and health failures', () => {
    const view = validationFixture()
    const { doc } = render(view)
    const incidents = all(one(doc, 'table.incidents'), 'tr').slice(1).map(cells)
    expect(incidents).toHaveLength(view.incidents.length)
    expect(incidents[1]).toEqual([
      '19',
      '2026-11-11',
      '22:04',
      'Crash',
      'The engine exited unexpectedly (out of memory).',
      '6655',
    ])
    const recoveries = all(one(doc, 'table.recoveries'), 'tr').slice(1).map(cells)
    expect(recoveries).toEqual([
      [
        '11 Nov 2026, 22:07',
        'Restart after a crash',
        'Recovered',
        '3.2 min',
        'Ready 3.2 min after the crash.',
      ],
      ['18 Nov 2026, 11:01', 'Drill', 'Recovered', '48 s', 'Exchange disconnect drill.'],
    ])
    const downtime = one(doc, 'section#downtime')
    expect(text(all(downtime, 'p')[0]!)).toBe('3 gaps in the heartbeats, 59.0 min in all.')
    expect(
      all(downtime, 'tr')
        .slice(1)
        .map((r) => cells(r)[3]),
    ).toEqual(['Crash', 'Stopped', 'Halted'])
    expect(all(one(doc, 'table.health'), 'tr').slice(1).map(cells)).toEqual([
      ['market-data', '2'],
      ['exchange-connection', '1'],
    ])
    expect(text(one(doc, 'p.proof'))).toBe(view.proof)
  })

  it('ends with the journal head: seq, the full hash and how to verify it', () => {
    const { doc } = render()
    const journal = one(doc, 'section#journal')
    expect(text(one(journal, 'code.hash'))).toBe(FIXTURE_HEAD_HASH)
    expect(FIXTURE_HEAD_HASH).toMatch(/^[0-9a-f]{64}$/)
    expect(text(journal)).toContain('up to record seq 13587')
    expect(text(journal)).toContain('run vigil verify-audit DATA_FOLDER')
    expect(all(doc, 'section').at(-1)).toBe(journal)
  })

  it('escapes every text the trader or the journal wrote', () => {
    let view = validationFixture({
      settings: { ...validationFixture().settings, accounts: [HOSTILE] },
      allows: HOSTILE,
      healthFailures: { [HOSTILE]: 1 },
      incidents: [{ ts: atDay(5, 9), day: 5, kind: 'crash', text: HOSTILE, seq: 9 }],
      proof: HOSTILE,
      journal: { seq: 1, hash: HOSTILE },
    })
    const [one1, two, three] = view.phases as [PhaseView, PhaseView, PhaseView]
    view = withPhase(view, 1, {
      signOff: { ...one1.signOff!, by: HOSTILE, note: HOSTILE },
      checklist: [{ ...one1.checklist[0]!, text: HOSTILE, note: HOSTILE }],
      goals: [HOSTILE],
    })
    view = withPhase(view, 2, {
      criteria: two.criteria.map((c) => ({ ...c, note: HOSTILE, label: HOSTILE })),
      canSignOff: { ok: false, blockers: [HOSTILE] },
    })
    view = withPhase(view, 3, { criteria: three.criteria })
    const { html, doc } = render(view)
    expect(all(doc, 'script')).toEqual([])
    expect(all(doc, 'img')).toEqual([])
    expect(html).not.toContain('<script')
    // Each of them reads as the words that were written.
    const shown = text(doc).split(HOSTILE).length - 1
    expect(shown).toBeGreaterThanOrEqual(10)
    expect(text(one(doc, 'p.proof'))).toBe(HOSTILE)
    expect(text(one(one(doc, 'section#journal'), 'code.hash'))).toBe(HOSTILE)
  })

  it('says there is nothing to audit without a plan', () => {
    const view = validationFixture({
      settings: { ...validationFixture().settings, startDay: null, accounts: [] },
      day: null,
      phase: null,
      changes: [],
      incidents: [],
      downtime: [],
      recoveries: [],
      healthFailures: {},
    })
    const { doc } = render(view)
    expect(text(one(doc, 'h1'))).toBe('Validation audit — no plan yet')
    expect(text(one(doc, 'p.headline'))).toBe(
      'No plan has been started: there is nothing to audit yet.',
    )
    expect(all(doc, 'g.today')).toEqual([])
    expect(text(one(doc, 'section#incidents'))).toContain('No incident was journaled')
    expect(text(one(doc, 'section#health'))).toContain('No health check went to failing')
  })
})
