import { MESSAGE_MAX } from '../../src/conversations/forms.js';
import { conversationsPaths as cpaths } from '../../src/conversations/paths.js';
import { paths } from '../../src/paths.js';
import { Csrf, FormError, TextArea } from '../components/field.js';
import type { ReplyState } from './reply-form.js';

/** The first message about one seller's part of an order, from its buyer or its seller. */
export function NewOrderConversation(props: { sellerOrderId: number; orderId: number; viewerIsBuyer: boolean; otherName: string; csrf: string; state?: ReplyState }) {
  const to = props.viewerIsBuyer ? 'seller' : 'buyer';
  const back = props.viewerIsBuyer ? paths.order(props.orderId) : paths.sellerOrder(props.sellerOrderId);
  return (
    <section aria-labelledby="new-conversation-title">
      <p>
        <a href={back} safe>{`← Order #${props.orderId}`}</a>
      </p>
      <h1 id="new-conversation-title" safe>{`Message the ${to} about order #${props.orderId}`}</h1>
      <form method="post" action={cpaths.sellerOrderConversation(props.sellerOrderId)} class="card">
        <Csrf token={props.csrf} />
        <FormError message={props.state?.formError} />
        <TextArea
          label={`Your message to ${props.otherName}`}
          name="body"
          rows={5}
          required
          maxlength={MESSAGE_MAX}
          value={props.state?.value}
          error={props.state?.error}
          hint={`Up to ${MESSAGE_MAX} characters. They see your display name, never your email address.`}
        />
        <button type="submit">Send message</button>
      </form>
    </section>
  );
}
