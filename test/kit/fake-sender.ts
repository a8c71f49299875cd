/**
 * A stand-in for the alert channels' HTTP sender: it keeps every request, answers with what the
 * test scripted (a status, or a thrown error), and lets a test wait for the n-th request.
 */
import type { AlertSender, OutgoingRequest, SenderResponse } from '../../electron/engine/alerts'

/** One scripted answer: a response, or an error the network would throw. */
export type ScriptedAnswer = SenderResponse | Error

/** A fake sender and what it saw. */
export interface FakeSender {
  readonly send: AlertSender
  readonly requests: OutgoingRequest[]
  /** Resolves once `count` requests have been sent. */
  sent(count: number): Promise<void>
}

/** Answers from `script` in turn (the last one repeats). */
export function fakeSender(...script: ScriptedAnswer[]): FakeSender {
  const requests: OutgoingRequest[] = []
  const waiting: { count: number; resolve: () => void }[] = []
  const send: AlertSender = async (request) => {
    requests.push(request)
    for (const w of waiting.filter((x) => x.count <= requests.length)) w.resolve()
    const answer = script[Math.min(requests.length - 1, script.length - 1)] ?? {
      status: 200,
      body: '',
    }
    if (answer instanceof Error) throw answer
    return answer
  }
  return {
    send,
    requests,
    sent: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push({ count, resolve })),
  }
}
