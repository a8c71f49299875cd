/** The Roadmap screen opened on a fake host: what each Roadmap test starts from. */
import { fireEvent, render, screen } from '@testing-library/react'
import { ok } from '../../../shared/result'
import type { ValidationView } from '../../../shared/validation'
import { App } from '../../../renderer/src/app'
import { connectFake, exchangeAccount, FakeTransport, paperAccount, snapshot } from './harness'

/** Opens the Roadmap, its host answering `validation:get` with `view`; the host and its hang-up. */
export async function openRoadmap(
  view: ValidationView,
): Promise<{ host: FakeTransport; disconnect: () => void }> {
  const host = new FakeTransport(snapshot({ accounts: [paperAccount(), exchangeAccount()] }))
  host.responders['validation:get'] = () => ok(view)
  const disconnect = await connectFake(host)
  render(<App />)
  fireEvent.click(screen.getByTestId('nav-roadmap'))
  return { host, disconnect }
}
