/** Form controls for the listing forms: each labelled, with its hint and its error beside it. */
import { FieldFrame as Frame } from '../components/field.js';

export function Input(props: {
  label: string;
  name: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: 'text' | 'datetime-local' | 'search';
  inputmode?: 'decimal' | 'numeric' | 'text';
  required?: boolean;
  maxlength?: number;
  autocomplete?: string;
}) {
  return (
    <Frame
      {...props}
      control={(a) => (
        <input
          id={a.id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          inputmode={props.inputmode}
          required={props.required}
          maxlength={props.maxlength}
          autocomplete={props.autocomplete ?? 'off'}
          aria-invalid={a.invalid}
          aria-describedby={a.describedBy}
        />
      )}
    />
  );
}

export function Select(props: {
  label: string;
  name: string;
  value?: string;
  error?: string;
  hint?: string;
  options: { value: string; label: string }[];
  placeholder?: string;
  required?: boolean;
  /** htmx attributes that re-render the form when the choice changes */
  hx?: Record<string, string>;
}) {
  return (
    <Frame
      {...props}
      control={(a) => (
        <select id={a.id} name={props.name} required={props.required} aria-invalid={a.invalid} aria-describedby={a.describedBy} {...(props.hx ?? {})}>
          {props.placeholder !== undefined ? (
            <option value="" safe>
              {props.placeholder}
            </option>
          ) : (
            ''
          )}
          {props.options.map((o) => (
            <option value={o.value} selected={props.value === o.value} safe>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

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
