import { accountPaths } from '../../src/accounts/paths.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FormError } from '../components/field.js';

export function SignInForm(props: { csrf: string; next?: string; values?: Record<string, string>; errors?: FieldErrors }) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  return (
    <form id="signin-form" method="post" action={paths.session()} hx-post={paths.session()} hx-target="this" hx-swap="outerHTML" novalidate>
      <FormError message={e.form} />
      <Csrf token={props.csrf} />
      {props.next ? <input type="hidden" name="next" value={props.next} /> : ''}
      <Field label="Email" name="email" type="email" value={v.email} error={e.email} autocomplete="username" required />
      <Field label="Password" name="password" type="password" error={e.password} autocomplete="current-password" required />
      <button type="submit">Sign in</button>
    </form>
  );
}

export function SignInPage(props: { csrf: string; next?: string; notice?: string; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <section class="narrow">
      <h1>Sign in</h1>
      {props.notice ? (
        <p class="notice" role="alert" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      <SignInForm csrf={props.csrf} next={props.next} values={props.values} errors={props.errors} />
      <p>
        <a href={accountPaths.passwordReset()}>Forgot your password?</a>
      </p>
      <p>
        New to Souk? <a href={paths.signUp()}>Create an account</a>
      </p>
    </section>
  );
}
