import { formatMoney } from '../../src/lib/money.js';
import { REJECTION_REASONS } from '../../src/moderation/moderation.js';
import type { FieldErrors } from '../../src/http/validate.js';

/** "5 min", "3 h", "2 d" since `from`. */
export function age(from: Date | string | null, now: Date): string {
  if (!from) return '';
  const ms = Math.max(0, now.getTime() - new Date(from).getTime());
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

export function priceText(l: { kind: string; price: number | null; start_price?: number | null; currency: string; price_unit?: string | null }): string {
  if (l.kind === 'auction') return l.start_price == null ? '—' : `from ${formatMoney(l.start_price, l.currency)}`;
  if (l.price == null) return '—';
  return `${formatMoney(l.price, l.currency)}${l.price_unit ? ` / ${l.price_unit}` : ''}`;
}

/** A claim counts only until it runs out. */
export function activeClaim(l: { claimed_by: number | null; claimed_until: Date | null }, now: Date): boolean {
  return l.claimed_by !== null && l.claimed_until !== null && new Date(l.claimed_until) > now;
}

/** Preset rejection reasons and a free-text note, with errors beside each. */
export function RejectFields(props: { idPrefix: string; values?: Record<string, string>; errors?: FieldErrors; optional?: boolean }) {
  return (
    <ReasonNoteFields
      reasonId={`${props.idPrefix}-reason`}
      noteId={`${props.idPrefix}-note`}
      reasons={REJECTION_REASONS}
      reasonLabel="Reason for rejecting"
      choose="Choose a reason…"
      noteLabel={`Note to the seller${props.optional === false ? '' : ' (required for “Other”)'}`}
      noteRows="2"
      values={props.values}
      errors={props.errors}
    />
  );
}

/** A preset reason (`reason`) and a free-text note (`note`), each labelled with its error beside it. */
export function ReasonNoteFields(props: {
  reasonId: string;
  noteId: string;
  reasons: Record<string, string>;
  reasonLabel: string;
  /** the empty first option */
  choose: string;
  noteLabel: string;
  noteRows: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const e = props.errors ?? {};
  const v = props.values ?? {};
  const rid = props.reasonId;
  const nid = props.noteId;
  return (
    <>
      <div class={e.reason ? 'field field-invalid' : 'field'}>
        <label for={rid} safe>
          {props.reasonLabel}
        </label>
        <select id={rid} name="reason" aria-invalid={e.reason ? 'true' : undefined} aria-describedby={e.reason ? `${rid}-error` : undefined}>
          <option value="" safe>
            {props.choose}
          </option>
          {Object.entries(props.reasons).map(([code, label]) => (
            <option value={code} selected={v.reason === code} safe>
              {label}
            </option>
          ))}
        </select>
        {e.reason ? (
          <p class="error" id={`${rid}-error`} safe>
            {e.reason}
          </p>
        ) : (
          ''
        )}
      </div>
      <div class={e.note ? 'field field-invalid' : 'field'}>
        <label for={nid} safe>
          {props.noteLabel}
        </label>
        <textarea id={nid} name="note" rows={props.noteRows} maxlength={1000} aria-invalid={e.note ? 'true' : undefined} aria-describedby={e.note ? `${nid}-error` : undefined} safe>
          {v.note ?? ''}
        </textarea>
        {e.note ? (
          <p class="error" id={`${nid}-error`} safe>
            {e.note}
          </p>
        ) : (
          ''
        )}
      </div>
    </>
  );
}

/** The keyboard shortcuts, listed on the page; `?` opens this list. */
export function Shortcuts(props: { keys: [string, string][] }) {
  return (
    <details id="shortcut-help" class="shortcuts">
      <summary>
        Keyboard shortcuts <kbd>?</kbd>
      </summary>
      <dl>
        {props.keys.map(([k, what]) => (
          <>
            <dt>
              <kbd safe>{k}</kbd>
            </dt>
            <dd safe>{what}</dd>
          </>
        ))}
      </dl>
      <p class="hint">Shortcuts are off while you type in a field. Everything is also reachable with Tab.</p>
    </details>
  );
}
