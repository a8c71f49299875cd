/**
 * The validation plan's final audit as a PDF, from either host. Inside Electron the main
 * process prints it and saves it where the trader picks. A browser cannot save a PDF itself:
 * the audit opens in a tab of its own (a one-time address bought with this tab's session, under
 * the report's own policy), where the browser's Print → Save as PDF makes it; the page is laid
 * out for A4.
 */
import { err, ok, type Result } from '../../../shared/result'
import { VALIDATION_REPORT_PAGE, type ReportPdfSaved } from '../../../shared/wire'
import { inElectron, saveValidationPdf } from './desk'
import { reportPageAddress } from './session'

/** What became of a request for the audit's PDF. */
export type ValidationPdfOutcome =
  /** Electron saved it (`path` null: the trader canceled the dialog). */
  | ({ readonly kind: 'saved' } & ReportPdfSaved)
  /** A browser opened the audit in a new tab, for its own print to PDF. */
  | { readonly kind: 'opened'; readonly url: string }

/** How a browser opens an address in a new tab; tests pass their own. */
export type OpenTab = (url: string) => void

function openInNewTab(url: string): void {
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.target = '_blank'
  anchor.rel = 'noopener noreferrer'
  anchor.style.display = 'none'
  document.body.appendChild(anchor)
  anchor.click()
  anchor.remove()
}

/** Saves (Electron) or opens for printing (browser) the validation audit. */
export async function exportValidationPdf(
  openTab: OpenTab = openInNewTab,
): Promise<Result<ValidationPdfOutcome>> {
  try {
    if (inElectron()) {
      const saved = await saveValidationPdf()
      return saved.ok ? ok({ kind: 'saved', ...saved.value }) : saved
    }
    const url = await reportPageAddress(VALIDATION_REPORT_PAGE)
    openTab(url)
    return ok({ kind: 'opened', url })
  } catch (error) {
    return err(
      'UNAVAILABLE',
      `Vigil could not export the audit: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

/** What the trader is told after an export, in words. */
export function validationPdfMessage(outcome: ValidationPdfOutcome): string {
  if (outcome.kind === 'opened')
    return 'The audit opened in a new tab: use the browser’s Print (Ctrl+P or ⌘P) and choose “Save as PDF”. Its link works once; export again for a fresh one.'
  return outcome.path === null
    ? 'Export canceled: nothing was saved.'
    : `Saved the audit as a PDF to ${outcome.path}.`
}
