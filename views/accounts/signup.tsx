import type { FieldErrors } from '../../src/http/validate.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FormError } from '../components/field.js';

export function SignUpForm(props: { csrf: string; values?: Record<string, string>; errors?: FieldErrors }) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <form id="signup-form" method="post" action={paths.users()} hx-post={paths.users()} hx-target="this" hx-swap="outerHTML" novalidate>
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      <Field label="Email" name="email" type="email" value={v.email} error={e.email} autocomplete="email" required maxlength={254} />
      <Field label="Display name" name="display_name" value={v.display_name} error={e.display_name} autocomplete="nickname" required maxlength={60} hint="Shown to other people on Souk." />
      <Field label="Password" name="password" type="password" error={e.password} autocomplete="new-password" required minlength={10} hint="At least 10 characters." />
      <button type="submit">Create account</button>
    </form>
  );
}

export function SignUpPage(props: { csrf: string; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>Create your Souk account</h1>
      <SignUpForm {...props} />
      <p>
        Already have an account? <a href={paths.signIn()}>Sign in</a>
      </p>
    </section>
  );
}
