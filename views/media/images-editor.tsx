import { ALT_MAX, MAX_IMAGES_PER_LISTING } from '../../src/media/limits.js';
import type { ImageView } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import { Csrf } from '../components/field.js';
import { thumbSize } from './gallery.js';

export interface ImagesEditorProps {
  listingId: number;
  csrf: string;
  images: ImageView[];
  /** a refused upload: shown beside the file field */
  error?: string;
  /** a refused alt text: the image, what was typed and why */
  altError?: { imageId: number; value: string; message: string };
  /** the control to focus after an htmx swap (e.g. `up-12`), so keyboard users keep their place */
  focus?: string;
  /** admins see the photos without the controls */
  readOnly?: boolean;
  /** per-photo size limit, for the hint */
  maxBytes?: number;
}

const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/avif';

function hx(listingId: number) {
  return { 'hx-target': `#listing-images-${listingId}`, 'hx-swap': 'outerHTML' };
}

function ImageCard(props: { p: ImagesEditorProps; img: ImageView; i: number }) {
  const { p, img, i } = props;
  const id = p.listingId;
  const n = p.images.length;
  const t = thumbSize(img);
  const altErr = p.altError?.imageId === img.id ? p.altError : undefined;
  const altId = `alt-${img.id}`;
  const label = `photo ${i + 1}`;
  return (
    <li class="image-card" id={`listing-image-${img.id}`} data-image-id={String(img.id)}>
      <img src={img.thumbUrl} alt={img.alt} width={String(t.width)} height={String(t.height)} loading="lazy" />
      {i === 0 ? <p class="image-cover">Cover</p> : ''}
      {p.readOnly ? (
        <p class="image-alt" safe>
          {img.alt}
        </p>
      ) : (
        <>
          <form method="post" action={paths.sellerListingImage(id, img.id)} hx-patch={paths.sellerListingImage(id, img.id)} {...hx(id)} class="image-alt-form">
            <Csrf token={p.csrf} />
            <input type="hidden" name="_method" value="PATCH" />
            <div class={altErr ? 'field field-invalid' : 'field'}>
              <label for={altId} safe>
                {`Description of ${label}`}
              </label>
              <p class="hint" id={`${altId}-hint`}>
                What the photo shows, for people using a screen reader.
              </p>
              <input
                id={altId}
                name="alt"
                type="text"
                value={altErr ? altErr.value : img.alt}
                maxlength={ALT_MAX}
                required
                autofocus={p.focus === `alt-${img.id}`}
                aria-invalid={altErr ? 'true' : undefined}
                aria-describedby={altErr ? `${altId}-hint ${altId}-error` : `${altId}-hint`}
              />
              {altErr ? (
                <p class="error" id={`${altId}-error`} safe>
                  {altErr.message}
                </p>
              ) : (
                ''
              )}
            </div>
            <button type="submit">Save description</button>
          </form>
          <div class="image-actions">
            <form method="post" action={paths.sellerListingImagePosition(id, img.id)} hx-post={paths.sellerListingImagePosition(id, img.id)} {...hx(id)} class="inline">
              <Csrf token={p.csrf} />
              <input type="hidden" name="direction" value="up" />
              <button type="submit" class="secondary" disabled={i === 0} autofocus={p.focus === `up-${img.id}`} aria-label={`Move ${label} earlier`}>
                ↑ Earlier
              </button>
            </form>
            <form method="post" action={paths.sellerListingImagePosition(id, img.id)} hx-post={paths.sellerListingImagePosition(id, img.id)} {...hx(id)} class="inline">
              <Csrf token={p.csrf} />
              <input type="hidden" name="direction" value="down" />
              <button type="submit" class="secondary" disabled={i === n - 1} autofocus={p.focus === `down-${img.id}`} aria-label={`Move ${label} later`}>
                ↓ Later
              </button>
            </form>
            <form method="post" action={paths.sellerListingImage(id, img.id)} hx-delete={paths.sellerListingImage(id, img.id)} {...hx(id)} class="inline">
              <Csrf token={p.csrf} />
              <input type="hidden" name="_method" value="DELETE" />
              <button type="submit" class="danger" aria-label={`Delete ${label}`}>
                Delete
              </button>
            </form>
          </div>
        </>
      )}
    </li>
  );
}

function UploadForm(props: { p: ImagesEditorProps }) {
  const { p } = props;
  const id = p.listingId;
  const room = MAX_IMAGES_PER_LISTING - p.images.length;
  const size = p.maxBytes ? `, up to ${Math.round(p.maxBytes / 1024 / 1024)} MB each` : '';
  const describedBy = p.error ? 'f-images-hint f-images-error' : 'f-images-hint';
  return (
    <form
      method="post"
      action={paths.sellerListingImages(id)}
      enctype="multipart/form-data"
      hx-post={paths.sellerListingImages(id)}
      hx-encoding="multipart/form-data"
      {...hx(id)}
      class="image-upload"
    >
      {/* first, so the token is read even when a later file is refused for its size */}
      <Csrf token={p.csrf} />
      <div class={p.error ? 'field field-invalid' : 'field'}>
        <label for="f-images">Add photos</label>
        <p class="hint" id="f-images-hint" safe>
          {`JPEG, PNG, WebP, GIF or AVIF${size}. ${room > 0 ? `You can add ${room} more (at most ${MAX_IMAGES_PER_LISTING}).` : `This listing has the most photos it can have (${MAX_IMAGES_PER_LISTING}).`} Location data is removed.`}
        </p>
        <input
          id="f-images"
          name="images"
          type="file"
          accept={ACCEPT}
          multiple
          disabled={room <= 0}
          autofocus={p.focus === 'images'}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={describedBy}
        />
        {p.error ? (
          <p class="error" id="f-images-error" role="alert" safe>
            {p.error}
          </p>
        ) : (
          ''
        )}
      </div>
      <div class="field">
        <label for="f-images-alt">Describe these photos (optional)</label>
        <p class="hint" id="f-images-alt-hint">
          Used for people who cannot see them; the listing title is used if you leave it empty. You can change each one afterwards.
        </p>
        <input id="f-images-alt" name="alt" type="text" maxlength={ALT_MAX} aria-describedby="f-images-alt-hint" />
      </div>
      <button type="submit" disabled={room <= 0}>
        Upload photos
      </button>
    </form>
  );
}

function GenerateCover(props: { p: ImagesEditorProps }) {
  const id = props.p.listingId;
  return (
    <form method="post" action={paths.sellerListingImages(id)} hx-post={paths.sellerListingImages(id)} {...hx(id)} class="image-generate">
      <Csrf token={props.p.csrf} />
      <input type="hidden" name="generate" value="cover" />
      <p class="hint">No photo yet, e.g. for a download or a service? Souk can make a simple cover from the title.</p>
      <button type="submit" class="secondary">
        Make a cover from the title
      </button>
    </form>
  );
}

/** The seller's image editor for one listing (upload several, reorder, alt text). Stable id `listing-images-<id>`. */
export function ImagesEditor(props: ImagesEditorProps) {
  const p = props;
  return (
    <section id={`listing-images-${p.listingId}`} class="images-editor card" aria-labelledby={`listing-images-${p.listingId}-title`} data-count={String(p.images.length)}>
      <h2 id={`listing-images-${p.listingId}-title`}>Photos</h2>
      {p.images.length === 0 ? (
        <p class="meta">No photos yet. Listings with photos sell better; the first photo is the cover in search results.</p>
      ) : (
        <>
          {p.readOnly ? '' : <p class="meta">The first photo is the cover. Use Earlier and Later to change the order.</p>}
          <ol class="image-list">
            {p.images.map((img, i) => (
              <ImageCard p={p} img={img} i={i} />
            ))}
          </ol>
        </>
      )}
      {p.readOnly ? '' : <UploadForm p={p} />}
      {!p.readOnly && p.images.length === 0 ? <GenerateCover p={p} /> : ''}
    </section>
  );
}
