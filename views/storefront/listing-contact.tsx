import type { CurrentUser } from '../../src/accounts/queries.js';
import { conversationsPaths } from '../../src/conversations/paths.js';
import { paths } from '../../src/paths.js';
import { MESSAGE_MAX } from '../../src/storefront/contact.js';
import { Csrf, FormError, TextArea } from '../components/field.js';

export interface ContactState {
  value?: string;
  error?: string;
  formError?: string;
}

/** "Contact the seller": a message that opens (or continues) the buyer's conversation with the seller about this listing. Stable id `contact-<id>`. */
export function ContactBox(props: { listingId: number; listingUrl: string; viewer: CurrentUser | null; isOwner: boolean; csrf: string; state?: ContactState }) {
  const id = props.listingId;
  if (props.isOwner && !props.state?.formError) return '';
  return (
    <section id={`contact-${id}`} class="card contact" aria-labelledby={`contact-title-${id}`}>
      <h2 id={`contact-title-${id}`}>Contact the seller</h2>
      {props.isOwner ? (
        <FormError message={props.state?.formError} />
      ) : props.viewer ? (
        <form method="post" action={paths.listingEnquiries(id)}>
          <Csrf token={props.csrf} />
          <FormError message={props.state?.formError} />
          <TextArea
            label="Your message"
            name="message"
            rows={4}
            required
            maxlength={MESSAGE_MAX}
            value={props.state?.value}
            error={props.state?.error}
            hint={`Up to ${MESSAGE_MAX} characters. The seller sees your display name, never your email address, and replies in your messages.`}
          />
          <button type="submit">Send message</button>
          <p class="meta">
            Your conversations with sellers are in <a href={conversationsPaths.messages()}>Messages</a>.
          </p>
        </form>
      ) : (
        <p>
          <a href={`${paths.signIn()}?next=${encodeURIComponent(props.listingUrl)}`}>Sign in</a> to send the seller a message.
        </p>
      )}
    </section>
  );
}
