import { paths } from '../../src/paths.js';
import type { SynonymGroupRow } from '../../src/search/queries.js';
import { MAX_TERMS } from '../../src/search/synonyms.js';
import { Csrf, FieldFrame } from '../components/field.js';

export interface SynonymFormState {
  /** which form the value and error belong to: the add form, or a group's id */
  form: 'create' | number;
  value: string;
  error?: string;
}

const HINT = `Words or short phrases separated by commas, e.g. “t-shirt, tee, tshirt”. A search for any of them finds all of them (${MAX_TERMS} at most).`;

function TermsField(props: { id: string; label: string; value: string; error?: string; hint?: string }) {
  return (
    <FieldFrame
      label={props.label}
      name="terms"
      id={props.id}
      hint={props.hint}
      error={props.error}
      control={(a) => (
        <input id={a.id} name="terms" value={props.value} maxlength={1000} required aria-invalid={a.invalid} aria-describedby={a.describedBy} autocomplete="off" />
      )}
    />
  );
}

/** One group: its words, editable in place, and its removal. */
function Group(props: { group: SynonymGroupRow; csrf: string; state?: SynonymFormState; n: number }) {
  const g = props.group;
  const mine = props.state?.form === g.id ? props.state : undefined;
  return (
    <li id={`synonyms-${g.id}`} class="synonym-group">
      <form method="post" action={paths.adminSynonymGroup(g.id)} class="inline-form">
        <Csrf token={props.csrf} />
        <input type="hidden" name="_method" value="PATCH" />
        <TermsField id={`f-terms-${g.id}`} label={`Group ${props.n}`} value={mine ? mine.value : g.terms.join(', ')} error={mine?.error} />
        <button type="submit">Save</button>
      </form>
      <form method="post" action={paths.adminSynonymGroup(g.id)} class="inline-form">
        <Csrf token={props.csrf} />
        <input type="hidden" name="_method" value="DELETE" />
        <button type="submit" class="secondary" aria-label={`Remove group ${props.n}: ${g.terms.join(', ')}`}>
          Remove
        </button>
      </form>
    </li>
  );
}

/** GET /admin/search/synonyms: the groups of words search treats as the same. */
export function SynonymsPage(props: { groups: SynonymGroupRow[]; csrf: string; state?: SynonymFormState }) {
  const create = props.state?.form === 'create' ? props.state : undefined;
  return (
    <div class="admin-synonyms">
      <h1>Search synonyms</h1>
      <p>Buyers call the same thing by different names. Each group below makes search treat its words as one.</p>
      <section aria-labelledby="add-synonyms">
        <h2 id="add-synonyms">Add a group</h2>
        <form method="post" action={paths.adminSynonyms()} class="stack-form">
          <Csrf token={props.csrf} />
          <TermsField id="f-terms-new" label="Words that mean the same" value={create?.value ?? ''} error={create?.error} hint={HINT} />
          <button type="submit">Add group</button>
        </form>
      </section>
      <section aria-labelledby="synonym-groups">
        <h2 id="synonym-groups">Groups</h2>
        {props.groups.length === 0 ? (
          <p class="empty">No synonym groups yet.</p>
        ) : (
          <ul class="synonym-groups">
            {props.groups.map((g, i) => (
              <Group group={g} csrf={props.csrf} state={props.state} n={i + 1} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
