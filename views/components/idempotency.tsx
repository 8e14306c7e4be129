import { newIdempotencyKey } from '../../src/http/idempotency.js';

/**
 * The one-time key of a money-moving form: a double click, a retry or a resubmit
 * of this rendering moves money once (see `once()` in src/http/idempotency.ts).
 * Each render carries a fresh key, so re-rendering a form gives a new operation.
 */
export function IdempotencyField(props: { value?: string } = {}): JSX.Element {
  return <input type="hidden" name="idempotency_key" value={props.value ?? newIdempotencyKey()} />;
}
