/**
 * ccxt's errors in the engine's terms: transient (network, timeout, rate limit, exchange
 * unavailable) or permanent (insufficient funds, invalid order, authentication, not found).
 */
import {
  AuthenticationError,
  BadRequest,
  BaseError,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  NotSupported,
  OperationFailed,
  OrderNotFound,
  RateLimitExceeded,
  RequestTimeout,
  type Exchange,
} from 'ccxt'
import { BrokerError, type BrokerErrorCode } from './broker'

/**
 * Classifies a failed ccxt call. `venue` names the exchange in the message. Anything that is
 * not a ccxt error is a bug, not a broker problem, and is thrown again as it is.
 */
export function toBrokerError(error: unknown, venue: string, exchange?: Exchange): BrokerError {
  if (error instanceof BrokerError) return error
  if (!(error instanceof BaseError)) throw error
  const [code, summary] = classify(error, venue)
  const detail = exchangeDetail(error.message, exchange?.id)
  const message = detail ? `${summary} (${venue} said: ${detail})` : summary
  const retryAfterMs = code === 'rate_limited' ? retryAfter(exchange) : undefined
  return new BrokerError(code, message, retryAfterMs)
}

function classify(error: BaseError, venue: string): [BrokerErrorCode, string] {
  // Subclasses come before the classes they extend (OrderNotFound is an InvalidOrder, a
  // RequestTimeout is a NetworkError).
  if (error instanceof RequestTimeout) return ['timeout', `${venue} did not answer in time.`]
  if (error instanceof RateLimitExceeded || error instanceof DDoSProtection)
    return ['rate_limited', `${venue} is refusing requests for a while: too many requests.`]
  if (error instanceof ExchangeNotAvailable)
    return ['unavailable', `${venue} is unavailable or under maintenance.`]
  if (error instanceof InvalidNonce)
    return ['network', `${venue} rejected the request's timing (nonce); it can be sent again.`]
  if (error instanceof NetworkError) return ['network', `Could not reach ${venue}.`]
  if (error instanceof OperationFailed)
    return ['unavailable', `${venue} sent an answer Vigil could not read.`]
  if (error instanceof InsufficientFunds)
    return [
      'insufficient_funds',
      `${venue} says the account has insufficient funds for this order.`,
    ]
  if (error instanceof OrderNotFound) return ['not_found', `${venue} has no such order.`]
  if (error instanceof AuthenticationError)
    return [
      'authentication',
      `${venue} refused the API key. Check the key, its secret and that it has the permissions Vigil needs.`,
    ]
  if (error instanceof NotSupported)
    return ['not_supported', `${venue} does not support this through ccxt.`]
  if (error instanceof InvalidOrder || error instanceof BadRequest)
    return ['invalid_order', `${venue} rejected the request as invalid.`]
  if (error instanceof ExchangeError) return ['invalid_order', `${venue} refused the request.`]
  return ['unavailable', `${venue} failed in a way Vigil does not recognise.`]
}

/** The exchange's own words, without ccxt's exchange-id prefix or secrets, kept short. */
function exchangeDetail(message: string, exchangeId: string | undefined): string {
  let text = withoutSecrets(message.trim())
  if (exchangeId && text.startsWith(`${exchangeId} `)) text = text.slice(exchangeId.length + 1)
  return text.length > 200 ? `${text.slice(0, 197)}...` : text
}

// A query string (`?a=1&b=2`) wherever it appears: an address in an error may be a signed one.
const QUERY_STRING = /\?[\w.%[\]-]+=[^\s#"'<>]*/g
// A named credential or signature (`signature=…`, `"apiKey": "…"`, `API-Sign: …`) and its value.
const CREDENTIAL =
  /(["']?)([\w-]*(?:sign|signature|key|secret|passphrase|token|password)[\w-]*)\1(\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s&,;"'}]+)/gi

/**
 * ccxt puts the request it sent in some errors (for an exchange that signs in the URL, the
 * whole signed address); this text reaches the console, the log and the journal, so query
 * strings and anything named as a key, secret, token or signature are removed first.
 */
function withoutSecrets(text: string): string {
  return text
    .replace(QUERY_STRING, '')
    .replace(CREDENTIAL, (_all, quote: string, name: string, sep: string, value: string) => {
      // A quoted value keeps its quotes, so JSON stays JSON.
      const q = value.startsWith('"') || value.startsWith("'") ? value[0] : ''
      return `${quote}${name}${quote}${sep}${q}[removed]${q}`
    })
}

/** The Retry-After the exchange sent with its last answer, in milliseconds. */
function retryAfter(exchange: Exchange | undefined): number | undefined {
  const headers = exchange?.last_response_headers ?? {}
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after')
  const seconds = key === undefined ? Number.NaN : Number(headers[key])
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}
