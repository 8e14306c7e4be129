import type { ImageView, MediaListing } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import { DigitalFileBox } from './digital-file.js';
import { ImagesEditor, type ImagesEditorProps } from './images-editor.js';

/**
 * A listing's photos (and, for a digital listing, its file) on a page of their
 * own: where a refused upload is shown without JavaScript, with the message
 * beside its field.
 */
export function MediaPage(props: {
  listing: MediaListing;
  csrf: string;
  images: ImageView[];
  editor?: Partial<ImagesEditorProps>;
  file?: { errors?: Record<string, string>; values?: Record<string, string> };
  maxBytes: number;
  digitalMaxBytes: number;
  readOnly: boolean;
}) {
  const l = props.listing;
  return (
    <article class="media-page">
      <p>
        <a href={paths.sellerListing(l.id)}>← Back to the listing</a>
      </p>
      <h1 safe>{`Photos of ${l.title}`}</h1>
      <ImagesEditor listingId={l.id} csrf={props.csrf} images={props.images} readOnly={props.readOnly} maxBytes={props.maxBytes} {...props.editor} />
      {props.readOnly ? '' : <DigitalFileBox listing={l} csrf={props.csrf} maxBytes={props.digitalMaxBytes} errors={props.file?.errors} values={props.file?.values} />}
    </article>
  );
}
