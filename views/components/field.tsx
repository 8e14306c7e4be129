/** What a framed control needs to wire itself to its label, hint and error. */
export type FieldAria = { id: string; describedBy?: string; invalid?: 'true' };

/** Label, hint and error around one control, wired with aria-describedby / aria-invalid. */
export function FieldFrame(props: { label: string; name: string; error?: string; hint?: string; id?: string; control: (aria: FieldAria) => JSX.Element }) {
  const id = props.id ?? `f-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      {props.control({ id, describedBy, invalid: props.error ? 'true' : undefined })}
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

/** A labelled input with its error beside it. */
export function Field(props: {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'datetime-local' | 'search';
  value?: string;
  error?: string;
  hint?: string;
  inputmode?: 'decimal' | 'numeric' | 'text';
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  minlength?: number;
  autofocus?: boolean;
}) {
  return (
    <FieldFrame
      {...props}
      control={(a) => (
        <input
          id={a.id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          inputmode={props.inputmode}
          autocomplete={props.autocomplete}
          required={props.required}
          maxlength={props.maxlength}
          minlength={props.minlength}
          autofocus={props.autofocus}
          aria-invalid={a.invalid}
          aria-describedby={a.describedBy}
        />
      )}
    />
  );
}

/** A multi-line labelled control with its error beside it. */
export function TextArea(props: { label: string; name: string; value?: string; error?: string; hint?: string; required?: boolean; maxlength?: number; rows?: number }) {
  return (
    <FieldFrame
      {...props}
      control={(a) => (
        <textarea
          id={a.id}
          name={props.name}
          rows={String(props.rows ?? 4)}
          required={props.required}
          maxlength={props.maxlength}
          aria-invalid={a.invalid}
          aria-describedby={a.describedBy}
          safe
        >
          {props.value ?? ''}
        </textarea>
      )}
    />
  );
}

/** The hidden CSRF field every unsafe form carries. */
export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** An error for the whole form (not one field). */
export function FormError(props: { message?: string }) {
  if (!props.message) return '';
  return (
    <p class="form-error" role="alert" safe>
      {props.message}
    </p>
  );
}

/** A labelled select with its hint and its error beside it. */
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
    <FieldFrame
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
