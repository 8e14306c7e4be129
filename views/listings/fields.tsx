/** Form controls for the listing forms: each labelled, with its hint and its error beside it. */
import { Field } from '../components/field.js';

/** A labelled input; listing fields are not autofilled unless they say so. */
export function Input(props: Parameters<typeof Field>[0] & { type?: 'text' | 'datetime-local' | 'search' }) {
  return <Field {...props} autocomplete={props.autocomplete ?? 'off'} />;
}

export { Select } from '../components/field.js';

export function Checkbox(props: { label: string; name: string; checked: boolean; error?: string; hint?: string }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label>
        <input type="checkbox" id={id} name={props.name} checked={props.checked} aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `${id}-error` : undefined} />{' '}
        <span safe>{props.label}</span>
      </label>
      {props.hint ? (
        <p class="hint" safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      {props.error ? (
        <p class="error" id={`${id}-error`} safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}
