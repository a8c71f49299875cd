/**
 * One outgoing channel: on or off, the severities it sends, its address (and topic or chat),
 * its secret (stored or removed, never shown), a "Send a test" button with its answer, and the
 * last delivery's outcome, a failure in its own words.
 */
import { useState } from 'react'
import {
  CHANNEL_LABEL,
  type AlertChannel,
  type ChannelDelivery,
  type ChannelSecretSummary,
} from '../../../../shared/channels'
import { SEVERITIES, SEVERITY_LABEL } from '../../lib/alert-severity'
import { formatTime } from '../../lib/format'
import { useChannelsStore, type ChannelPatch } from '../../stores/channels-store'
import { useConnectionStore } from '../../stores/connection-store'
import { CHANNEL_FIELDS, deliveryWords } from './channel-words'

/** The card of one channel. */
export function ChannelCard({
  channel,
  secret,
  problem,
  last,
}: {
  readonly channel: AlertChannel
  readonly secret: ChannelSecretSummary
  readonly problem: string | null
  readonly last: ChannelDelivery | undefined
}) {
  const { configure, setSecret, test } = useChannelsStore.getState()
  const online = useConnectionStore((s) => s.status === 'online')
  const words = CHANNEL_FIELDS[channel.id]
  // A field follows the engine's value until the trader edits it (null: not edited).
  const [urlDraft, setUrl] = useState<string | null>(null)
  const [topicDraft, setTopic] = useState<string | null>(null)
  const [chatDraft, setChatId] = useState<string | null>(null)
  const url = urlDraft ?? channel.url
  const topic = topicDraft ?? channel.topic
  const chatId = chatDraft ?? channel.chatId
  const [secretText, setSecretText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [tested, setTested] = useState<ChannelDelivery | null>(null)
  const id = `channel-${channel.id}`

  const run = async (action: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setBusy(true)
    setError(null)
    const result = await action()
    setBusy(false)
    if (!result.ok) setError(result.error?.message ?? 'Vigil gave no reason.')
    return result.ok
  }
  const change = (patch: ChannelPatch) => void run(() => configure(channel.id, patch))
  const edited = url !== channel.url || topic !== channel.topic || chatId !== channel.chatId
  const saveFields = async () => {
    const patch: ChannelPatch = {
      url,
      ...(channel.id === 'ntfy' ? { topic } : {}),
      ...(channel.id === 'telegram' ? { chatId } : {}),
    }
    if (await run(() => configure(channel.id, patch))) {
      setUrl(null)
      setTopic(null)
      setChatId(null)
    }
  }
  const storeSecret = async () => {
    if (await run(() => setSecret(channel.id, secretText))) setSecretText('')
  }
  const sendTest = async () => {
    setBusy(true)
    setError(null)
    setTested(null)
    const result = await test(channel.id)
    setBusy(false)
    if (result.ok) setTested(result.value)
    else setError(result.error.message)
  }
  const shown = tested ?? last

  return (
    <li className="channel-card" data-testid={id} aria-labelledby={`${id}-title`}>
      <header className="channel-head">
        <h3 id={`${id}-title`} className="channel-title">
          {CHANNEL_LABEL[channel.id]}
        </h3>
        <label className="check">
          <input
            type="checkbox"
            data-testid={`${id}-enabled`}
            checked={channel.enabled}
            disabled={busy || !online}
            onChange={(e) => change({ enabled: e.target.checked })}
          />
          <span>{channel.enabled ? 'On' : 'Off'}</span>
        </label>
      </header>
      <fieldset className="notify-severities channel-severities">
        <legend className="label">Sends alerts that are</legend>
        {SEVERITIES.map((severity) => (
          <label key={severity} className="check">
            <input
              type="checkbox"
              data-testid={`${id}-${severity}`}
              checked={channel.severities[severity]}
              disabled={busy || !online}
              onChange={(e) => change({ severities: { [severity]: e.target.checked } })}
            />
            <span>{SEVERITY_LABEL[severity]}</span>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span className="label">{words.url}</span>
        <input
          data-testid={`${id}-url`}
          value={url}
          placeholder={channel.id === 'generic' ? 'https://example.com/hooks/vigil' : undefined}
          onChange={(e) => setUrl(e.target.value)}
        />
        <span className="field-note">{words.urlHelp}</span>
      </label>
      {channel.id === 'ntfy' ? (
        <label className="field">
          <span className="label">Topic</span>
          <input
            data-testid={`${id}-topic`}
            value={topic}
            placeholder="vigil-alerts-7f3k"
            onChange={(e) => setTopic(e.target.value)}
          />
        </label>
      ) : null}
      {channel.id === 'telegram' ? (
        <label className="field">
          <span className="label">Chat id</span>
          <input
            data-testid={`${id}-chat`}
            value={chatId}
            placeholder="123456789"
            onChange={(e) => setChatId(e.target.value)}
          />
        </label>
      ) : null}
      {edited ? (
        <button
          type="button"
          className="small primary"
          data-testid={`${id}-save`}
          disabled={busy || !online}
          onClick={() => void saveFields()}
        >
          Save {CHANNEL_LABEL[channel.id]} settings
        </button>
      ) : null}
      <div className="field">
        <label className="label" htmlFor={`${id}-secret`}>
          {words.secret}
        </label>
        <div className="channel-secret-row">
          <input
            id={`${id}-secret`}
            type="password"
            autoComplete="off"
            data-testid={`${id}-secret`}
            value={secretText}
            onChange={(e) => setSecretText(e.target.value)}
          />
          <button
            type="button"
            className="small"
            data-testid={`${id}-secret-store`}
            disabled={busy || !online || secretText.trim() === ''}
            onClick={() => void storeSecret()}
          >
            Store
          </button>
          {secret.stored ? (
            <button
              type="button"
              className="small"
              data-testid={`${id}-secret-remove`}
              disabled={busy || !online}
              onClick={() => void run(() => setSecret(channel.id, null))}
            >
              Remove
            </button>
          ) : null}
        </div>
        <span className="field-note" data-testid={`${id}-secret-state`}>
          {secret.stored
            ? `Stored (${secret.source ?? 'kept by Vigil'}); never shown again.`
            : words.secretNeeded
              ? `Needed. ${words.secretHelp}`
              : words.secretHelp}
        </span>
      </div>
      {problem ? (
        <p className="warn-text channel-problem" data-testid={`${id}-problem`}>
          {problem}
        </p>
      ) : null}
      <div className="channel-actions">
        <button
          type="button"
          className="small"
          data-testid={`${id}-test`}
          disabled={busy || !online}
          onClick={() => void sendTest()}
        >
          Send a test
        </button>
        {shown ? (
          <span
            className={shown.ok ? 'gain' : 'negative'}
            role={shown.ok ? 'status' : 'alert'}
            data-testid={`${id}-last`}
          >
            {shown.alertId === null ? 'Test' : 'Last alert'} at {formatTime(shown.ts).slice(11)}:{' '}
            {deliveryWords(shown)}
          </span>
        ) : null}
      </div>
      {error ? (
        <p className="negative" role="alert" data-testid={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </li>
  )
}
