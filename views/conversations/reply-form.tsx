import { MESSAGE_MAX } from '../../src/conversations/forms.js';
import { conversationsPaths as paths } from '../../src/conversations/paths.js';
import { Csrf, FormError, TextArea } from '../components/field.js';

export interface ReplyState {
  value?: string;
  error?: string;
  formError?: string;
}

/**
 * The reply form of a conversation (stable id `reply-form-<id>`). A plain form that
 * posts and comes back to the thread; with htmx it swaps itself (cleared, or with
 * the error beside the field) and the thread's messages out of band.
 */
export function ReplyForm(props: { id: number; csrf: string; state?: ReplyState; refusal?: string }) {
  const id = props.id;
  if (props.refusal && !props.state) {
    return (
      <div id={`reply-form-${id}`} class="reply-form">
        <p class="notice" safe>
          {props.refusal}
        </p>
      </div>
    );
  }
  return (
    <form
      id={`reply-form-${id}`}
      class="reply-form"
      method="post"
      action={paths.conversationReplies(id)}
      hx-post={paths.conversationReplies(id)}
      hx-target="this"
      hx-swap="outerHTML"
    >
      <Csrf token={props.csrf} />
      <FormError message={props.state?.formError} />
      <TextArea
        label="Your reply"
        name="body"
        rows={3}
        required
        maxlength={MESSAGE_MAX}
        value={props.state?.value}
        error={props.state?.error}
        hint={`Up to ${MESSAGE_MAX} characters. The other person sees your display name, never your email address.`}
      />
      <button type="submit">Send</button>
    </form>
  );
}
