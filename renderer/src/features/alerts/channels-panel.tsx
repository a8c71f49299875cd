/**
 * Alerts away from the desk: the outgoing channels (a JSON webhook, ntfy, a Telegram bot,
 * Discord), each sending the severities the trader picks, and the latest deliveries with every
 * failure in its own words. Secrets are stored by the host and never shown.
 */
import { useEffect } from 'react'
import { CHANNEL_LABEL } from '../../../../shared/channels'
import { formatTime } from '../../lib/format'
import { useChannelsStore } from '../../stores/channels-store'
import { useConnectionStore } from '../../stores/connection-store'
import { ChannelCard } from './channel-card'
import { deliveryWords } from './channel-words'

/** Deliveries listed under the channels. */
const LISTED = 10

/** The channels panel. */
export function ChannelsPanel() {
  const status = useChannelsStore((s) => s.status)
  const loadError = useChannelsStore((s) => s.loadError)
  const online = useConnectionStore((s) => s.status === 'online')
  useEffect(() => {
    if (online) void useChannelsStore.getState().load()
  }, [online])

  const failed = status?.channels.filter((c) => {
    const last = status.deliveries.find((d) => d.channel === c.id && d.alertId !== null)
    return c.enabled && last !== undefined && !last.ok
  })

  return (
    <section className="panel" aria-labelledby="channels-title" data-testid="alert-channels">
      <h2 id="channels-title" className="panel-title">
        Alerts away from the desk
      </h2>
      <p className="muted alerts-note">
        Each channel sends the alerts of the severities you pick. A failed send is tried again after
        1 s, 5 s and 30 s; then the failure shows here.
        {status?.secretStore ? ` Secrets are kept in ${status.secretStore}.` : null}
      </p>
      {loadError ? (
        <p className="banner banner-warn" role="alert">
          Vigil could not load the channels: {loadError}
        </p>
      ) : null}
      {failed && failed.length > 0 ? (
        <p className="banner banner-warn" role="alert" data-testid="channels-failing">
          Not delivered: the last alert to {failed.map((c) => CHANNEL_LABEL[c.id]).join(' and ')}{' '}
          failed. See the reason below; fix the channel and send a test.
        </p>
      ) : null}
      {status ? (
        <>
          <ul className="channel-grid">
            {status.channels.map((channel) => (
              <ChannelCard
                key={channel.id}
                channel={channel}
                secret={status.secrets[channel.id]}
                problem={status.problems[channel.id]}
                last={status.deliveries.find((d) => d.channel === channel.id)}
              />
            ))}
          </ul>
          <h3 className="channel-subtitle">Latest deliveries</h3>
          <div className="table-wrap">
            <table className="table" data-testid="channel-deliveries">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Channel</th>
                  <th scope="col">What</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {status.deliveries.length === 0 ? (
                  <tr>
                    <td colSpan={4} className="empty">
                      Nothing sent yet.
                    </td>
                  </tr>
                ) : (
                  status.deliveries.slice(0, LISTED).map((d) => (
                    <tr key={d.id} data-testid="delivery-row">
                      <td className="num nowrap">{formatTime(d.ts)}</td>
                      <td className="nowrap">{CHANNEL_LABEL[d.channel]}</td>
                      <td className="nowrap">
                        {d.alertId === null ? 'Test' : `${d.severity} alert`}
                      </td>
                      <td className={`reason ${d.ok ? 'gain' : 'negative'}`}>{deliveryWords(d)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  )
}
