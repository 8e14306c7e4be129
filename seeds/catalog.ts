import { base, en, Faker } from '@faker-js/faker';
import type { Knex } from 'knex';
import { loadConfig } from '../src/config.js';
import { insertAttribute, insertCategory, type AttributeRow } from '../src/catalog/queries.js';
import { addImages, cleanAlt } from '../src/media/images.js';
import { createStore, newKey, type FileStore } from '../src/media/storage.js';
import { createListing, createSeller, DEFAULT_PASSWORD, type ListingKind } from '../tests/factories.js';
import { listingPhotoSvg, renderPhoto, renderPng } from './photos.js';

/**
 * The demo market: a few hundred listings of every kind from a handful of shops,
 * made from a fixed faker seed so every run builds the same catalog. Every row is
 * keyed (shop by email, category by slug, listing by slug), so running it again
 * only fills in what is missing.
 */
export interface CatalogOptions {
  /** how many listings (default DEMO_LISTINGS or 300) */
  count?: number;
  /** make placeholder photos (default on unless DEMO_IMAGES=off) */
  images?: boolean;
  /** where photos go (default: the store STORAGE/STORAGE_DIR name) */
  store?: FileStore;
  /** sign-in password of the demo shops (default: the factories' password) */
  password?: string;
}

export interface CatalogResult {
  listings: number;
  images: number;
}

const SEED = 20261121;

type Attr = Pick<AttributeRow, 'key' | 'label' | 'type'> & Partial<Pick<AttributeRow, 'unit' | 'options' | 'filterable'>>;
interface CategorySpec {
  slug: string;
  name: string;
  parent?: string;
  attributes?: Attr[];
}

// The demo tree of seeds/demo.ts, with attributes where it has none, plus the
// categories that give every kind of listing a natural home.
const CATEGORIES: CategorySpec[] = [
  { slug: 'electronics', name: 'Electronics' },
  { slug: 'phones', name: 'Phones', parent: 'electronics' },
  {
    slug: 'laptops',
    name: 'Laptops',
    parent: 'electronics',
    attributes: [
      { key: 'ram', label: 'Memory', type: 'number', unit: 'GB', filterable: true },
      { key: 'screen', label: 'Screen size', type: 'number', unit: 'in', filterable: true },
    ],
  },
  { slug: 'home', name: 'Home', attributes: [{ key: 'style', label: 'Style', type: 'enum', options: ['Vintage', 'Modern', 'Scandinavian', 'Industrial', 'Rustic'], filterable: true }] },
  { slug: 'lamps', name: 'Lamps', parent: 'home' },
  {
    slug: 'furniture',
    name: 'Furniture',
    parent: 'home',
    attributes: [
      { key: 'wood', label: 'Wood', type: 'enum', options: ['Oak', 'Walnut', 'Pine', 'Teak', 'Beech'], filterable: true },
      { key: 'width', label: 'Width', type: 'number', unit: 'cm' },
    ],
  },
  { slug: 'clothing', name: 'Clothing', attributes: [{ key: 'label_brand', label: 'Brand', type: 'text' }] },
  { slug: 'shoes', name: 'Shoes', parent: 'clothing' },
  {
    slug: 't-shirts',
    name: 'T-shirts',
    parent: 'clothing',
    attributes: [
      { key: 'fit', label: 'Fit', type: 'enum', options: ['Regular', 'Relaxed', 'Slim'], filterable: true },
      { key: 'tee_size', label: 'Size', type: 'enum', options: ['XS', 'S', 'M', 'L', 'XL'], filterable: true },
      { key: 'tee_colour', label: 'Colour', type: 'enum', options: ['Black', 'White', 'Navy', 'Olive', 'Sand'], filterable: true },
    ],
  },
  { slug: 'art', name: 'Art & prints' },
  {
    slug: 'prints',
    name: 'Prints',
    parent: 'art',
    attributes: [
      { key: 'technique', label: 'Technique', type: 'enum', options: ['Screen print', 'Giclée', 'Linocut', 'Risograph'], filterable: true },
      { key: 'print_width', label: 'Width', type: 'number', unit: 'cm' },
      { key: 'print_height', label: 'Height', type: 'number', unit: 'cm' },
    ],
  },
  { slug: 'digital-downloads', name: 'Digital downloads', parent: 'art', attributes: [{ key: 'format', label: 'Format', type: 'enum', options: ['PNG', 'PDF', 'ZIP'], filterable: true }] },
  { slug: 'services', name: 'Services', attributes: [{ key: 'remote', label: 'Available remotely', type: 'boolean', filterable: true }] },
  { slug: 'lessons', name: 'Lessons', parent: 'services' },
  { slug: 'repairs', name: 'Repairs', parent: 'services' },
  {
    slug: 'bikes',
    name: 'Bikes',
    attributes: [
      { key: 'bike_type', label: 'Type', type: 'enum', options: ['City', 'Road', 'Gravel', 'Cargo', 'Kids'], filterable: true },
      { key: 'frame_size', label: 'Frame size', type: 'number', unit: 'cm', filterable: true },
    ],
  },
];

interface ShopSpec {
  email: string;
  display_name: string;
  shop_name: string;
}

const SHOPS: ShopSpec[] = [
  { email: 'seller@souk.test', display_name: 'Samir the seller', shop_name: 'Samir’s Lamps' },
  { email: 'oak@souk.test', display_name: 'Lotte Visser', shop_name: 'Lumen & Oak' },
  { email: 'byteback@souk.test', display_name: 'Jonas Weber', shop_name: 'Byte Back Refurbished' },
  { email: 'atelier@souk.test', display_name: 'Ingrid Dahl', shop_name: 'Atelier Nord' },
  { email: 'threads@souk.test', display_name: 'Marta Ruiz', shop_name: 'Threadbare Studio' },
  { email: 'fix@souk.test', display_name: 'Tomasz Nowak', shop_name: 'Fix & Teach' },
  { email: 'velo@souk.test', display_name: 'Giulia Conti', shop_name: 'Velo Verde' },
];

const CITIES: [string, number, number][] = [
  ['Lisbon', 38.7223, -9.1393],
  ['Porto', 41.1579, -8.6291],
  ['Madrid', 40.4168, -3.7038],
  ['Barcelona', 41.3874, 2.1686],
  ['Valencia', 39.4699, -0.3763],
  ['Marseille', 43.2965, 5.3698],
  ['Lyon', 45.764, 4.8357],
  ['Paris', 48.8566, 2.3522],
  ['Brussels', 50.8503, 4.3517],
  ['Amsterdam', 52.3676, 4.9041],
  ['Rotterdam', 51.9244, 4.4777],
  ['Cologne', 50.9375, 6.9603],
  ['Berlin', 52.52, 13.405],
  ['Hamburg', 53.5511, 9.9937],
  ['Munich', 48.1351, 11.582],
  ['Vienna', 48.2082, 16.3738],
  ['Prague', 50.0755, 14.4378],
  ['Kraków', 50.0647, 19.945],
  ['Milan', 45.4642, 9.19],
  ['Bologna', 44.4949, 11.3426],
  ['Copenhagen', 55.6761, 12.5683],
  ['Stockholm', 59.3293, 18.0686],
  ['Dublin', 53.3498, -6.2603],
  ['Ljubljana', 46.0569, 14.5058],
];

/** One listing to create, before it gets a seller, city and dates. */
interface Spec {
  category: string;
  shop: number;
  kind: ListingKind;
  title: string;
  /** what the photos show (each listing's pictures are drawn for it: colours, angle, title) */
  subject: string;
  description: string;
  price: number | null;
  condition: 'new' | 'used' | 'refurbished' | null;
  attributes: Record<string, string | number | boolean>;
  stock?: number | null;
  price_unit?: 'hour' | 'unit' | 'day' | 'session';
  auction?: { start: number; reserve: number | null; buyNow: number | null };
  variants?: { axes: string[]; rows: { options: Record<string, string>; price: number; stock: number; sku: string }[] };
  digital?: { name: string };
}

type Maker = (f: Faker) => Spec;

const euros = (f: Faker, min: number, max: number, step = 1) => Math.round(f.number.int({ min: min / step, max: max / step }) * step) * 100;
const pick = <T,>(f: Faker, xs: readonly T[]): T => f.helpers.arrayElement(xs as T[]);
const para = (...lines: (string | false)[]) => lines.filter((l) => l !== false).join('\n');

const PHONES: Record<string, string[]> = {
  Apple: ['iPhone 13', 'iPhone 13 mini', 'iPhone 14', 'iPhone 14 Pro', 'iPhone 15', 'iPhone SE (2022)'],
  Samsung: ['Galaxy S22', 'Galaxy S23', 'Galaxy A54', 'Galaxy Z Flip5'],
  Google: ['Pixel 7', 'Pixel 7a', 'Pixel 8', 'Pixel 8 Pro'],
  Xiaomi: ['Redmi Note 12', 'Xiaomi 13T', 'Poco F5'],
  Other: ['Fairphone 4', 'Fairphone 5', 'Nothing Phone (2)'],
};
const LAPTOPS: [string, string][] = [
  ['Apple', 'MacBook Air M1'],
  ['Apple', 'MacBook Air M2'],
  ['Apple', 'MacBook Pro 14" M1 Pro'],
  ['Other', 'ThinkPad T14 Gen 2'],
  ['Other', 'ThinkPad X1 Carbon Gen 9'],
  ['Other', 'Dell XPS 13 9310'],
  ['Samsung', 'Galaxy Book3'],
  ['Other', 'Framework Laptop 13'],
];

const makers: { weight: number; make: Maker }[] = [
  {
    weight: 11,
    make: (f) => {
      const brand = pick(f, Object.keys(PHONES));
      const model = pick(f, PHONES[brand]);
      const storage = pick(f, [64, 128, 256, 512]);
      const condition = pick(f, ['used', 'used', 'refurbished'] as const);
      const battery = f.number.int({ min: 81, max: 100 });
      const classified = f.datatype.boolean({ probability: 0.25 });
      return {
        category: 'phones',
        shop: 2,
        kind: classified ? 'classified' : f.datatype.boolean({ probability: 0.1 }) ? 'auction' : 'fixed',
        title: `${model} ${storage} GB${condition === 'refurbished' ? ' – refurbished' : ''}`,
        subject: 'Phone',
        description: para(
          `${model} with ${storage} GB of storage, ${condition === 'refurbished' ? 'professionally refurbished and tested' : 'well looked after'}.`,
          `Battery health ${battery}%. ${pick(f, ['No scratches on the screen.', 'A light scratch on the back, invisible with a case.', 'Screen protector applied since day one.'])}`,
          '',
          pick(f, ['Comes with a USB-C cable and the original box.', 'Sold with a clear case; no charger.', 'Factory reset and ready for a new SIM.']),
        ),
        price: euros(f, brand === 'Apple' ? 320 : 140, brand === 'Apple' ? 890 : 560, 5),
        condition,
        attributes: { brand, storage, unlocked: f.datatype.boolean({ probability: 0.85 }) },
        stock: classified ? null : f.number.int({ min: 1, max: 4 }),
      };
    },
  },
  {
    weight: 6,
    make: (f) => {
      const [brand, model] = pick(f, LAPTOPS);
      const ram = pick(f, [8, 16, 16, 32]);
      return {
        category: 'laptops',
        shop: 2,
        kind: f.datatype.boolean({ probability: 0.15 }) ? 'auction' : 'fixed',
        title: `${model}, ${ram} GB RAM`,
        subject: 'Laptop',
        description: para(
          `${model} with ${ram} GB of memory and a fresh operating system install.`,
          `Keyboard and trackpad work perfectly; battery holds ${f.number.int({ min: 4, max: 11 })} hours of normal use.`,
          '',
          'Tested over 40 points before listing. Twelve months warranty from the shop.',
        ),
        price: euros(f, 380, 1400, 10),
        condition: 'refurbished',
        attributes: { brand, ram, screen: model.includes('14') ? 14 : 13 },
        stock: f.number.int({ min: 1, max: 3 }),
      };
    },
  },
  {
    weight: 12,
    make: (f) => {
      const material = pick(f, ['Brass', 'Copper', 'Glass', 'Wood'] as const);
      const type = pick(f, ['table lamp', 'desk lamp', 'pendant lamp', 'floor lamp', 'wall sconce']);
      const style = pick(f, ['Vintage', 'Modern', 'Scandinavian', 'Industrial'] as const);
      const height = f.number.int({ min: 25, max: 160 });
      const vintage = style === 'Vintage';
      return {
        category: 'lamps',
        shop: f.datatype.boolean({ probability: 0.6 }) ? 0 : 1,
        kind: vintage && f.datatype.boolean({ probability: 0.35 }) ? 'auction' : 'fixed',
        title: `${style} ${material.toLowerCase()} ${type}`,
        subject: vintage ? 'Vintage lamp' : 'Lamp',
        description: para(
          `A ${style.toLowerCase()} ${type} in ${material.toLowerCase()}, ${height} cm tall.`,
          vintage ? `Found in ${pick(f, ['Marrakesh', 'Lyon', 'Antwerp', 'Turin'])} and restored by hand: new cloth cable, new switch, original patina.` : 'Made in small batches in our workshop.',
          '',
          'Takes an E27 bulb (not included). Ships well packed within two working days.',
        ),
        price: euros(f, 45, 420, 5),
        condition: vintage ? 'used' : 'new',
        attributes: { style, material, height },
        stock: vintage ? 1 : f.number.int({ min: 2, max: 12 }),
      };
    },
  },
  {
    weight: 10,
    make: (f) => {
      const wood = pick(f, ['Oak', 'Walnut', 'Pine', 'Teak', 'Beech'] as const);
      const piece = pick(f, ['dining table', 'sideboard', 'bookshelf', 'coffee table', 'armchair', 'chest of drawers', 'bench']);
      const style = pick(f, ['Vintage', 'Modern', 'Scandinavian', 'Rustic'] as const);
      const width = f.number.int({ min: 45, max: 220 });
      const classified = f.datatype.boolean({ probability: 0.35 });
      return {
        category: 'furniture',
        shop: 1,
        kind: classified ? 'classified' : style === 'Vintage' && f.datatype.boolean({ probability: 0.3 }) ? 'auction' : 'fixed',
        title: `${style} ${wood.toLowerCase()} ${piece}`,
        subject: 'Furniture',
        description: para(
          `Solid ${wood.toLowerCase()} ${piece}, ${width} cm wide.`,
          style === 'Vintage' ? 'Mid-century piece with honest signs of use; sanded and oiled.' : 'Finished with a natural hard-wax oil.',
          '',
          classified ? 'Pick-up only. Bring a friend, it is heavy.' : 'Delivery by van within the city; elsewhere on request.',
        ),
        price: euros(f, 60, 1600, 10),
        condition: style === 'Vintage' || classified ? 'used' : 'new',
        attributes: { style, wood, width },
        stock: classified ? null : 1,
      };
    },
  },
  {
    weight: 8,
    make: (f) => {
      const model = pick(f, ['trail runners', 'leather boots', 'canvas sneakers', 'loafers', 'Chelsea boots', 'sandals']);
      const colour = pick(f, ['Black', 'White', 'Brown', 'Red', 'Blue'] as const);
      const size = f.number.int({ min: 36, max: 46 });
      const used = f.datatype.boolean({ probability: 0.4 });
      return {
        category: 'shoes',
        shop: 4,
        kind: used && f.datatype.boolean({ probability: 0.3 }) ? 'classified' : 'fixed',
        title: `${colour} ${model}, EU ${size}`,
        subject: 'Shoes',
        description: para(
          `${colour} ${model} in EU size ${size}.`,
          used ? 'Worn a handful of times; soles in very good shape.' : 'New, in the box.',
          '',
          'Fits true to size.',
        ),
        price: euros(f, 25, 190, 5),
        condition: used ? 'used' : 'new',
        attributes: { label_brand: pick(f, ['Veja', 'Birkenstock', 'Blundstone', 'Salomon', 'Camper']), size, colour },
        stock: used ? 1 : f.number.int({ min: 1, max: 6 }),
      };
    },
  },
  {
    weight: 7,
    make: (f) => {
      const motif = pick(f, ['mountain', 'tram', 'lighthouse', 'citrus', 'bicycle', 'fern', 'harbour']);
      const colours = f.helpers.arrayElements(['Black', 'White', 'Navy', 'Olive', 'Sand'], { min: 1, max: 3 });
      const sizes = ['XS', 'S', 'M', 'L', 'XL'];
      const price = euros(f, 24, 39);
      const code = `TEE${f.number.int({ min: 100, max: 999 })}`;
      const rows = colours.flatMap((colour) =>
        sizes.map((size) => ({
          options: { tee_size: size, tee_colour: colour },
          price: size === 'XL' ? price + 200 : price,
          stock: f.number.int({ min: 0, max: 8 }),
        })),
      );
      return {
        category: 't-shirts',
        shop: 4,
        kind: 'fixed',
        title: `Organic cotton tee – ${motif} print`,
        subject: 'Printed tee',
        description: para(`Screen-printed by hand with a ${motif} motif on heavyweight organic cotton.`, 'Pre-shrunk. Wash cold, inside out.', '', `Available in ${colours.join(', ').toLowerCase()}.`),
        price,
        condition: 'new',
        attributes: { label_brand: 'Threadbare', fit: pick(f, ['Regular', 'Relaxed', 'Slim']) },
        variants: { axes: ['tee_size', 'tee_colour'], rows: rows.map((r) => ({ ...r, sku: `${code}-${r.options.tee_size}-${r.options.tee_colour.slice(0, 3).toUpperCase()}` })) },
      };
    },
  },
  {
    weight: 8,
    make: (f) => {
      const scene = pick(f, ['Alfama rooftops', 'North Sea dunes', 'Night train', 'Olive grove', 'Harbour cranes', 'Fjord at dawn', 'Market day']);
      const technique = pick(f, ['Screen print', 'Giclée', 'Linocut', 'Risograph'] as const);
      const [w, h] = pick(f, [
        [30, 40],
        [40, 50],
        [50, 70],
        [21, 30],
      ] as const);
      const edition = f.number.int({ min: 20, max: 100 });
      const auction = f.datatype.boolean({ probability: 0.25 });
      return {
        category: 'prints',
        shop: 3,
        kind: auction ? 'auction' : 'fixed',
        title: `“${scene}” – ${technique.toLowerCase()}, ${w}×${h} cm`,
        subject: 'Art print',
        description: para(
          `${technique} on 300 g cotton paper, signed and numbered, edition of ${edition}.`,
          'Shipped flat between boards.',
          auction ? '\nThe artist’s proof, sold by auction.' : false,
        ),
        price: euros(f, 35, 260, 5),
        condition: 'new',
        attributes: { technique, print_width: w, print_height: h },
        stock: auction ? null : f.number.int({ min: 1, max: 15 }),
      };
    },
  },
  {
    weight: 7,
    make: (f) => {
      const item = pick(f, [
        ['Risograph colour palettes', 'PDF'],
        ['Seamless botanical patterns', 'ZIP'],
        ['Phone wallpapers – coastal set', 'PNG'],
        ['Printable city map poster', 'PDF'],
        ['Hand-lettered alphabet brushes', 'ZIP'],
        ['Linocut texture pack', 'ZIP'],
      ] as const);
      return {
        category: 'digital-downloads',
        shop: 3,
        kind: 'digital',
        title: `${item[0]} (${item[1]})`,
        subject: 'Digital download',
        description: para(`${item[0]}, delivered as a ${item[1]} file.`, 'Personal and small-business use included.', '', 'Download link right after purchase; no shipping.'),
        price: euros(f, 3, 24),
        condition: null,
        attributes: { format: item[1] },
        digital: { name: `${item[0].toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png` },
      };
    },
  },
  {
    weight: 9,
    make: (f) => {
      const lesson = f.datatype.boolean({ probability: 0.55 });
      const what = lesson
        ? pick(f, ['Portuguese conversation', 'Guitar for beginners', 'Watercolour basics', 'Sourdough baking', 'Python programming', 'Bike maintenance'])
        : pick(f, ['Phone screen replacement', 'Lamp rewiring', 'Bicycle tune-up', 'Furniture restoration', 'Laptop cleaning and repaste', 'Zip and hem repairs']);
      const unit = lesson ? pick(f, ['hour', 'session'] as const) : pick(f, ['unit', 'hour', 'day'] as const);
      return {
        category: lesson ? 'lessons' : 'repairs',
        shop: 5,
        kind: 'service',
        title: what,
        subject: lesson ? 'Lesson' : 'Repair',
        description: para(
          lesson ? `${what}, one to one, at your pace.` : `${what}, done properly with quality parts.`,
          lesson ? 'First session includes a short plan of what we will cover.' : 'Quote confirmed before any work starts.',
          '',
          `Booked by the ${unit}.`,
        ),
        price: unit === 'day' ? euros(f, 120, 320, 10) : euros(f, 20, 75, 5),
        price_unit: unit,
        condition: null,
        attributes: { remote: lesson && f.datatype.boolean({ probability: 0.5 }) },
      };
    },
  },
  {
    weight: 8,
    make: (f) => {
      const type = pick(f, ['City', 'Road', 'Gravel', 'Cargo', 'Kids'] as const);
      const maker = pick(f, ['Gazelle', 'Batavus', 'Cannondale', 'Trek', 'Brompton', 'Urban Arrow', 'Canyon']);
      const frame = type === 'Kids' ? f.number.int({ min: 30, max: 40 }) : f.number.int({ min: 48, max: 60 });
      const classified = f.datatype.boolean({ probability: 0.7 });
      return {
        category: 'bikes',
        shop: 6,
        kind: classified ? 'classified' : 'fixed',
        title: `${maker} ${type.toLowerCase()} bike, ${frame} cm frame`,
        subject: type === 'Cargo' ? 'Cargo bike' : 'Bike',
        description: para(
          `${type} bike by ${maker}, ${frame} cm frame.`,
          pick(f, ['New chain and brake pads last spring.', 'Serviced last month; tyres almost new.', 'Some paint chips, rides beautifully.']),
          '',
          classified ? 'Test ride welcome. Cash or bank transfer on pick-up.' : 'Shipped boxed, 90% assembled.',
        ),
        price: euros(f, type === 'Kids' ? 60 : 180, type === 'Cargo' ? 2600 : 1300, 10),
        condition: 'used',
        attributes: { bike_type: type, frame_size: frame },
        stock: classified ? null : 1,
      };
    },
  },
];

function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** The whole catalog as data: the same list on every run for the same count. */
export function planCatalog(count: number): (Spec & { slug: string; city: [string, number, number]; status: 'active' | 'pending' | 'sold_out' | 'expired'; ageHours: number; boost: number })[] {
  const f = new Faker({ locale: [en, base] });
  f.seed(SEED);
  const weighted = makers.map((m) => ({ weight: m.weight, value: m.make }));
  return Array.from({ length: count }, (_, i) => {
    const spec = f.helpers.weightedArrayElement(weighted)(f);
    const roll = f.number.int({ min: 0, max: 99 });
    const drawn = roll < 5 ? 'pending' : roll < 7 && spec.kind === 'fixed' && !spec.variants ? 'sold_out' : 'active';
    const boostRoll = drawn === 'active' && f.number.int({ min: 0, max: 99 }) < 6 ? f.number.int({ min: 1, max: 3 }) : 0;
    // a market with a past: more sold out, and some that ran their 30 days and expired (decided after
    // the draws above, so the rest of the plan stays the same list it always was)
    const soldOut = roll < 9 && spec.kind === 'fixed' && !spec.variants;
    const status = drawn !== 'active' ? drawn : soldOut ? 'sold_out' : roll >= 95 && spec.kind !== 'auction' ? 'expired' : 'active';
    const boost = status === 'active' ? boostRoll : 0;
    return { ...spec, slug: `${slugify(spec.title)}-demo-${i + 1}`, city: pick(f, CITIES), status, ageHours: f.number.int({ min: 1, max: 24 * 20 }), boost };
  });
}

async function ensureCategories(db: Knex): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const c of CATEGORIES) {
    let row = await db('categories').where({ slug: c.slug }).first('id');
    if (!row) {
      const parent = c.parent ? (ids.get(c.parent) ?? null) : null;
      const position = Number((await db('categories').where({ parent_id: parent }).count<{ n: string }[]>('* as n'))[0].n);
      row = await insertCategory(db, { parent_id: parent, name: c.name, slug: c.slug, position });
    }
    ids.set(c.slug, Number(row.id));
    for (const a of c.attributes ?? []) {
      if (await db('category_attributes').where({ category_id: row.id, key: a.key }).first('id')) continue;
      await insertAttribute(db, {
        category_id: Number(row.id),
        key: a.key,
        label: a.label,
        type: a.type,
        unit: a.unit ?? null,
        options: a.options ?? null,
        required: false,
        filterable: a.filterable ?? false,
      });
    }
  }
  return ids;
}

async function ensureShops(db: Knex, password: string): Promise<number[]> {
  const ids: number[] = [];
  for (const s of SHOPS) {
    const user = await db('users').whereRaw('lower(email) = ?', [s.email]).first('id');
    if (user) {
      ids.push(Number(user.id));
      if (!(await db('sellers').where({ user_id: user.id }).first('user_id'))) {
        await db('sellers').insert({ user_id: user.id, shop_name: s.shop_name, description: 'Demo shop.' });
      }
      continue;
    }
    const created = await createSeller(db, { email: s.email, display_name: s.display_name, password, shop_name: s.shop_name });
    ids.push(created.id);
  }
  return ids;
}

/** The store STORAGE and STORAGE_DIR name (seeds run outside a web process). */
export function envStore(): FileStore {
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'unused', REDIS_URL: process.env.REDIS_URL ?? 'unused', SESSION_SECRET: 'x'.repeat(32) });
  return createStore(config);
}

/** Runs `fn` over `items`, `size` at a time. */
async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Loads the demo catalog; safe to run again (only what is missing is added). */
export async function seedCatalog(db: Knex, opts: CatalogOptions = {}): Promise<CatalogResult> {
  const count = opts.count ?? Number(process.env.DEMO_LISTINGS ?? 300);
  const withImages = opts.images ?? process.env.DEMO_IMAGES !== 'off';
  const plan = planCatalog(count);
  const categories = await ensureCategories(db);
  const shops = await ensureShops(db, opts.password ?? DEFAULT_PASSWORD);

  const existing = new Set((await db('listings').whereIn('slug', plan.map((p) => p.slug)).select('slug')).map((r) => r.slug as string));
  const now = Date.now();
  const hour = 3_600_000;
  let created = 0;
  await db.transaction(async (trx) => {
    for (const p of plan) {
      if (existing.has(p.slug)) continue;
      // an expired listing was published over 30 days ago
      const published = new Date(now - (p.ageHours + (p.status === 'expired' ? 30 * 24 : 0)) * hour);
      const live = p.status !== 'pending';
      const listing = await createListing(trx, {
        seller_id: shops[p.shop],
        category_id: categories.get(p.category)!,
        kind: p.kind,
        status: p.status,
        title: p.title,
        slug: p.slug,
        description: p.description,
        condition: p.condition,
        city: p.city[0],
        // a point near the city centre, never an exact address
        lat: Math.round(p.city[1] * 100) / 100,
        lng: Math.round(p.city[2] * 100) / 100,
        attributes: p.attributes,
        price: p.kind === 'auction' ? null : p.price,
        price_unit: p.kind === 'service' ? (p.price_unit ?? 'hour') : null,
        stock: p.kind === 'fixed' && !p.variants ? (p.status === 'sold_out' ? 0 : (p.stock ?? 1)) : null,
        variant_axes: p.variants?.axes ?? [],
        start_price: p.kind === 'auction' ? p.price : null,
        reserve_price: p.kind === 'auction' && p.price !== null && p.ageHours % 2 === 0 ? Math.round((p.price * 1.6) / 100) * 100 : null,
        buy_now_price: p.kind === 'auction' && p.price !== null && p.ageHours % 3 === 0 ? p.price * 3 : null,
        starts_at: p.kind === 'auction' ? published : null,
        ends_at: p.kind === 'auction' ? new Date(now + (12 + (p.ageHours % 144)) * hour) : null,
        digital_file_name: p.digital?.name ?? null,
        submitted_at: published,
        published_at: live ? published : null,
        expires_at: live ? new Date(published.getTime() + 30 * 24 * hour) : null,
        promoted_until: p.boost && p.status === 'active' ? new Date(now + (2 + p.boost * 2) * 24 * hour) : null,
        promoted_weight: p.boost,
        views: live ? (p.ageHours * 7) % 400 : 0,
      });
      if (p.variants) {
        await trx('listing_variants').insert(
          p.variants.rows.map((v, position) => ({ listing_id: listing.id, options: JSON.stringify(v.options), sku: v.sku, price: v.price, stock: v.stock, position })),
        );
      }
      created++;
    }
  });

  return { listings: created, images: withImages ? await seedPhotos(db, plan, opts.store ?? envStore()) : 0 };
}

/** How many photos a listing of the plan gets: most one, every fourth a small gallery of three. */
export const photosOf = (index: number) => (index % 4 === 0 ? 3 : 1);

/**
 * Photos for each listing that has none, drawn for that listing (its colours,
 * the object's angle, its title); every fourth gets three, so galleries have
 * thumbnails. Rendering is the slow part; it runs a few at a time.
 */
async function seedPhotos(db: Knex, plan: ReturnType<typeof planCatalog>, store: FileStore): Promise<number> {
  const rows: { id: number; slug: string; kind: string; digital_file_key: string | null }[] = await db('listings as l')
    .whereIn('l.slug', plan.map((p) => p.slug))
    .whereNotExists(db('listing_images as i').whereRaw('i.listing_id = l.id'))
    .select('l.id', 'l.slug', 'l.kind', 'l.digital_file_key');
  if (rows.length === 0) return 0;
  const index = new Map(plan.map((p, i) => [p.slug, i]));
  let stored = 0;
  await inBatches(rows, 4, async (r) => {
    const i = index.get(r.slug)!;
    const p = plan[i];
    const photos = [];
    for (let n = 0; n < photosOf(i); n++) {
      photos.push({ image: await renderPhoto(listingPhotoSvg(p, n)), alt: cleanAlt(n === 0 ? p.title : `${p.title}, photo ${n + 1}`, 'Photo') });
    }
    await addImages(db, store, r.id, photos);
    stored += photos.length;
    if (r.kind === 'digital' && !r.digital_file_key) {
      // the purchasable file of a demo download is its full-size picture
      const png = await renderPng(listingPhotoSvg(p, 0));
      const key = newKey('file');
      await store.put(key, png, 'image/png');
      await db('listings').where({ id: r.id }).update({ digital_file_key: key, digital_file_bytes: png.length });
    }
  });
  return stored;
}
