import type { AttributeRow, CategoryRow, SchemaAttribute } from '../../src/catalog/queries.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { paths } from '../../src/paths.js';
import { Csrf, Field, FormError } from '../components/field.js';

export interface FormState {
  /** which form the values and errors belong to */
  form: 'create' | 'rename' | 'move' | 'retire' | 'attribute' | 'remove';
  values: Record<string, string>;
  errors: FieldErrors;
}

type Tree = Map<number | null, CategoryRow[]>;

function treeOf(categories: CategoryRow[]): Tree {
  const tree: Tree = new Map();
  for (const c of categories) {
    const list = tree.get(c.parent_id) ?? [];
    list.push(c);
    tree.set(c.parent_id, list);
  }
  return tree;
}

/** Categories in tree order with their depth, for parent selects. */
function flatten(tree: Tree, parent: number | null = null, depth = 0, out: { c: CategoryRow; depth: number }[] = []) {
  for (const c of tree.get(parent) ?? []) {
    out.push({ c, depth });
    if (depth < 50) flatten(tree, c.id, depth + 1, out);
  }
  return out;
}

function Branch(props: { tree: Tree; parent: number | null }) {
  const children = props.tree.get(props.parent) ?? [];
  if (children.length === 0) return '';
  return (
    <ul>
      {children.map((c) => (
        <li id={`category-${c.id}`} data-retired={c.retired_at ? 'true' : 'false'}>
          <a href={paths.adminCategory(c.id)} safe>
            {c.name}
          </a>{' '}
          <span class="meta" safe>
            {c.slug}
          </span>
          {c.retired_at ? <span class="badge badge-retired"> retired</span> : ''}
          <Branch tree={props.tree} parent={c.id} />
        </li>
      ))}
    </ul>
  );
}

/** A labelled select with its error beside it. */
function ParentSelect(props: { categories: CategoryRow[]; exclude?: Set<number>; value?: string; error?: string; label: string }) {
  const id = 'f-parent_id';
  const options = flatten(treeOf(props.categories)).filter(({ c }) => !c.retired_at && !props.exclude?.has(c.id));
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      <select id={id} name="parent_id" aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `${id}-error` : undefined}>
        <option value="">(top level)</option>
        {options.map(({ c, depth }) => (
          <option value={String(c.id)} selected={props.value === String(c.id)} safe>
            {`${'— '.repeat(depth)}${c.name}`}
          </option>
        ))}
      </select>
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

export function CategoriesPage(props: { categories: CategoryRow[]; csrf: string; state?: FormState }) {
  const s = props.state?.form === 'create' ? props.state : undefined;
  const e = s?.errors ?? {};
  const v = s?.values ?? {};
  const tree = treeOf(props.categories);
  return (
    <section>
      <h1>Categories</h1>
      <div id="category-tree" class="tree">
        {props.categories.length ? <Branch tree={tree} parent={null} /> : <p>No categories yet.</p>}
      </div>
      <h2>New category</h2>
      <form method="post" action={paths.adminCategories()} id="create-category-form" novalidate>
        <Csrf token={props.csrf} />
        <FormError message={e.form} />
        <Field label="Name" name="name" value={v.name} error={e.name} required maxlength={80} />
        <ParentSelect label="Parent" categories={props.categories} value={v.parent_id} error={e.parent_id} />
        <button type="submit">Create category</button>
      </form>
    </section>
  );
}

function AttributeDescription(props: { a: AttributeRow }) {
  const a = props.a;
  return (
    <>
      <code safe>{a.key}</code> — <span safe>{a.label}</span> ({a.type}
      {a.unit ? (
        <>
          , in <span safe>{a.unit}</span>
        </>
      ) : (
        ''
      )}
      {a.options ? (
        <>
          : <span safe>{a.options.join(', ')}</span>
        </>
      ) : (
        ''
      )}
      ){a.required ? ' · required' : ' · optional'}
      {a.filterable ? ' · filterable' : ''}
    </>
  );
}

export function CategoryPage(props: {
  category: CategoryRow;
  path: CategoryRow[];
  categories: CategoryRow[];
  subtree: number[];
  schema: SchemaAttribute[];
  csrf: string;
  state?: FormState;
}) {
  const c = props.category;
  const st = props.state;
  const of = (form: FormState['form']) => (st?.form === form ? st : { values: {} as Record<string, string>, errors: {} as FieldErrors });
  const rename = of('rename');
  const move = of('move');
  const retire = of('retire');
  const attr = of('attribute');
  const remove = of('remove');
  const own = props.schema.filter((a) => a.category_id === c.id);
  const inherited = props.schema.filter((a) => a.category_id !== c.id);
  const type = attr.values.type ?? 'text';
  return (
    <section>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={paths.adminCategories()}>Categories</a>
        {props.path.map((p) => (
          <>
            {' › '}
            <a href={paths.adminCategory(p.id)} safe>
              {p.name}
            </a>
          </>
        ))}
      </nav>
      <h1 id="category-name" safe>
        {c.name}
      </h1>
      <p>
        Slug <code safe>{c.slug}</code>
        {c.retired_at ? <strong id="category-retired"> · retired</strong> : ''}
      </p>

      <h2>Attributes</h2>
      <h3>Inherited</h3>
      {inherited.length ? (
        <ul id="inherited-attributes">
          {inherited.map((a) => (
            <li id={`attribute-${a.id}`} data-key={a.key}>
              <AttributeDescription a={a} /> · from <span safe>{a.category_name}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}
      <h3>Own</h3>
      <FormError message={remove.errors.form} />
      {own.length ? (
        <ul id="own-attributes">
          {own.map((a) => (
            <li id={`attribute-${a.id}`} data-key={a.key}>
              <AttributeDescription a={a} />{' '}
              <form method="post" action={paths.adminCategoryAttribute(c.id, a.id)} class="inline-form">
                <Csrf token={props.csrf} />
                <input type="hidden" name="_method" value="DELETE" />
                <button type="submit" class="danger">
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}

      <h3>Add an attribute</h3>
      <form method="post" action={paths.adminCategoryAttributes(c.id)} id="attribute-form" novalidate>
        <Csrf token={props.csrf} />
        <FormError message={attr.errors.form} />
        <Field label="Label" name="label" value={attr.values.label} error={attr.errors.label} required maxlength={60} />
        <Field label="Key" name="key" value={attr.values.key} error={attr.errors.key} required maxlength={40} hint="Lowercase letters, digits and underscores, e.g. screen_size." />
        <div class={attr.errors.type ? 'field field-invalid' : 'field'}>
          <label for="f-type">Type</label>
          <select id="f-type" name="type" aria-invalid={attr.errors.type ? 'true' : undefined}>
            {(['text', 'number', 'enum', 'boolean'] as const).map((t) => (
              <option value={t} selected={type === t}>
                {t}
              </option>
            ))}
          </select>
          {attr.errors.type ? (
            <p class="error" id="f-type-error" safe>
              {attr.errors.type}
            </p>
          ) : (
            ''
          )}
        </div>
        <Field label="Unit (numbers only)" name="unit" value={attr.values.unit} error={attr.errors.unit} maxlength={12} hint="e.g. GB, cm, EU" />
        <Field label="Options (enums only)" name="options" value={attr.values.options} error={attr.errors.options} hint="Separated by commas, e.g. Red, Green, Blue" />
        <div class="field">
          <label>
            <input type="checkbox" name="required" id="f-required" checked={attr.values.required === 'on'} /> Required
          </label>
        </div>
        <div class="field">
          <label>
            <input type="checkbox" name="filterable" id="f-filterable" checked={attr.values.filterable === 'on'} /> Filterable
          </label>
        </div>
        <button type="submit">Add attribute</button>
      </form>

      <h2>Rename</h2>
      <form method="post" action={paths.adminCategoryName(c.id)} id="rename-form" novalidate>
        <Csrf token={props.csrf} />
        <FormError message={rename.errors.form} />
        <Field label="Name" name="name" value={rename.values.name ?? c.name} error={rename.errors.name} required maxlength={80} />
        <button type="submit">Rename</button>
      </form>

      <h2>Move</h2>
      <form method="post" action={paths.adminCategoryParent(c.id)} id="move-form" novalidate>
        <Csrf token={props.csrf} />
        <FormError message={move.errors.form} />
        <ParentSelect
          label="New parent"
          categories={props.categories}
          exclude={move.errors.parent_id ? undefined : new Set(props.subtree)}
          value={move.values.parent_id ?? (c.parent_id === null ? '' : String(c.parent_id))}
          error={move.errors.parent_id}
        />
        <button type="submit">Move</button>
      </form>

      <h2>{c.retired_at ? 'Restore' : 'Retire'}</h2>
      <form method="post" action={paths.adminCategoryRetirement(c.id)} id="retire-form">
        <Csrf token={props.csrf} />
        <FormError message={retire.errors.form} />
        {c.retired_at ? (
          <>
            <input type="hidden" name="_method" value="DELETE" />
            <p>Restoring also restores the subcategories retired with it.</p>
            <button type="submit">Restore</button>
          </>
        ) : (
          <>
            <p>A retired category and its subcategories stay, but take no new listings.</p>
            <button type="submit" class="danger">
              Retire
            </button>
          </>
        )}
      </form>
    </section>
  );
}
