import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { ProcessedImage } from '../src/media/images.js';
import { THUMB_MAX_EDGE } from '../src/media/limits.js';

/**
 * Demo pictures drawn locally: an SVG composed for each listing (colours,
 * backdrop, the object's shape, size and angle, and the title) rendered with
 * sharp, so no two listings look alike and nothing is downloaded. Text uses
 * generic font families: whatever the machine has is used.
 */

// small enough to render quickly at seeding, large enough for the listing page
const W = 800;
const H = 600;

function hsl(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round((l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))) * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Bytes of a hash of `seed`, read as numbers from 0 to 1. */
function dice(seed: string): (i: number) => number {
  const h = createHash('sha256').update(seed).digest();
  return (i: number) => h[i % h.length] / 255;
}

/** The object of each subject, drawn around (0, 0) in a 400×400 box, in `c` (main) and `d` (detail). */
const OBJECTS: Record<string, (c: string, d: string, r: (i: number) => number) => string> = {
  Phone: (c, d) =>
    `<rect x="-95" y="-190" width="190" height="380" rx="30" fill="${c}"/><rect x="-80" y="-165" width="160" height="320" rx="12" fill="${d}"/><circle cx="0" cy="172" r="8" fill="${d}"/>`,
  Laptop: (c, d) =>
    `<rect x="-170" y="-150" width="340" height="220" rx="12" fill="${c}"/><rect x="-152" y="-134" width="304" height="188" rx="4" fill="${d}"/><path d="M-210 80 H210 L185 112 H-185 Z" fill="${c}"/>`,
  Lamp: (c, d, r) =>
    `<path d="M-${90 + r(20) * 40} -40 L-55 -170 H55 L${90 + r(21) * 40} -40 Z" fill="${c}"/><rect x="-8" y="-40" width="16" height="190" fill="${d}"/><ellipse cx="0" cy="160" rx="90" ry="22" fill="${d}"/>`,
  'Vintage lamp': (c, d) =>
    `<ellipse cx="0" cy="-90" rx="120" ry="80" fill="${c}"/><path d="M-10 -10 C-60 40 60 80 -10 150" stroke="${d}" stroke-width="18" fill="none"/><ellipse cx="0" cy="160" rx="100" ry="24" fill="${d}"/>`,
  Furniture: (c, d, r) =>
    `<rect x="-190" y="-${60 + r(22) * 60}" width="380" height="${60 + r(23) * 70}" rx="8" fill="${c}"/><rect x="-175" y="40" width="24" height="140" fill="${d}"/><rect x="151" y="40" width="24" height="140" fill="${d}"/>`,
  Shoes: (c, d) =>
    `<path d="M-200 60 C-200 -20 -140 -40 -90 -40 C-40 -40 -10 -90 30 -90 C80 -90 60 10 200 40 C230 50 220 110 190 110 H-190 C-210 110 -205 80 -200 60 Z" fill="${c}"/><rect x="-205" y="95" width="415" height="22" rx="10" fill="${d}"/>`,
  'Printed tee': (c, d, r) =>
    `<path d="M-80 -180 C-40 -150 40 -150 80 -180 L200 -120 L160 -40 L120 -60 V190 H-120 V-60 L-160 -40 L-200 -120 Z" fill="${c}"/><circle cx="0" cy="10" r="${40 + r(24) * 30}" fill="${d}"/>`,
  'Art print': (c, d, r) =>
    `<rect x="-170" y="-200" width="340" height="400" fill="${d}"/><rect x="-145" y="-175" width="290" height="350" fill="${c}"/><path d="M-145 175 L-${60 - r(25) * 40} ${-20 - r(26) * 80} L10 90 L${70 + r(27) * 40} -60 L145 175 Z" fill="${d}" fill-opacity=".75"/><circle cx="${60 - r(28) * 120}" cy="-110" r="28" fill="#fff" fill-opacity=".8"/>`,
  'Digital download': (c, d) =>
    `<path d="M-130 -190 H60 L130 -120 V190 H-130 Z" fill="${c}"/><path d="M60 -190 V-120 H130" fill="${d}"/><path d="M0 -60 V80 M-55 25 L0 80 L55 25" stroke="${d}" stroke-width="24" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`,
  Lesson: (c, d) =>
    `<path d="M0 -120 C-60 -160 -150 -160 -200 -130 V150 C-150 120 -60 120 0 160 C60 120 150 120 200 150 V-130 C150 -160 60 -160 0 -120 Z" fill="${c}"/><path d="M0 -120 V160" stroke="${d}" stroke-width="10"/>`,
  Repair: (c, d) =>
    `<g transform="rotate(-35)"><rect x="-30" y="-60" width="60" height="260" rx="26" fill="${c}"/><path d="M-80 -150 A90 90 0 1 0 80 -150 L40 -120 V-60 H-40 V-120 Z" fill="${c}"/><circle cx="0" cy="150" r="12" fill="${d}"/></g>`,
  Bike: (c, d) =>
    `<circle cx="-130" cy="70" r="95" stroke="${c}" stroke-width="18" fill="none"/><circle cx="130" cy="70" r="95" stroke="${c}" stroke-width="18" fill="none"/><path d="M-130 70 L-40 -60 H90 L130 70 M-40 -60 L10 70 L90 -60 M-60 -95 H-10 M70 -100 L90 -60" stroke="${d}" stroke-width="14" fill="none" stroke-linecap="round"/>`,
  'Cargo bike': (c, d) =>
    `<circle cx="-150" cy="90" r="70" stroke="${c}" stroke-width="16" fill="none"/><circle cx="150" cy="90" r="70" stroke="${c}" stroke-width="16" fill="none"/><rect x="-220" y="-60" width="160" height="110" rx="10" fill="${d}"/><path d="M-60 50 H80 L150 90 M80 50 L60 -60 H110" stroke="${c}" stroke-width="14" fill="none"/>`,
};

/** Splits a title into at most two lines of about `width` characters. */
function lines(label: string, width: number): string[] {
  const out: string[] = [''];
  for (const w of label.replace(/\s+/g, ' ').trim().split(' ')) {
    const cur = out[out.length - 1];
    if (cur && `${cur} ${w}`.length > width) {
      if (out.length === 2) {
        out[1] = `${cur.slice(0, width - 1)}…`;
        return out;
      }
      out.push(w);
    } else out[out.length - 1] = cur ? `${cur} ${w}` : w;
  }
  return out;
}

/** The SVG of photo `n` (0: the cover) of one listing; other photos show the object from other "angles". */
export function listingPhotoSvg(p: { slug: string; title: string; subject: string }, n = 0): string {
  const r = dice(`${p.slug}#${n}`);
  const base = dice(p.slug);
  const hue = Math.floor(base(0) * 360);
  const bgFrom = hsl(hue, 0.35 + base(1) * 0.3, 0.86 - n * 0.05);
  const bgTo = hsl((hue + 30 + base(2) * 60) % 360, 0.3, 0.7 - n * 0.05);
  const objHue = (hue + 150 + base(3) * 80) % 360;
  const c = hsl(objHue, 0.45 + base(4) * 0.35, 0.35 + base(5) * 0.2);
  const d = hsl((objHue + 20) % 360, 0.25, 0.18 + base(6) * 0.15);
  const draw = OBJECTS[p.subject] ?? OBJECTS['Digital download'];
  const scale = (n === 0 ? 0.78 : n === 1 ? 1.15 : 0.62) + r(7) * 0.12;
  const angle = n === 0 ? (r(8) - 0.5) * 10 : (r(8) - 0.5) * 40;
  const cx = W / 2 + (r(9) - 0.5) * (n === 1 ? 160 : 80);
  const cy = H / 2 - 40 + (r(10) - 0.5) * 40;
  // a table or floor the object stands on, and soft shapes behind it, placed by the dice
  const floor = `<rect x="0" y="${H - 150 - r(11) * 60}" width="${W}" height="260" fill="${hsl(hue, 0.2, 0.55 + base(12) * 0.15)}" fill-opacity=".35"/>`;
  const blobs = [0, 1, 2]
    .map((i) => `<circle cx="${Math.round(r(13 + i) * W)}" cy="${Math.round(r(16 + i) * H * 0.7)}" r="${Math.round(60 + r(19 + i) * 160)}" fill="#fff" fill-opacity="${(0.12 + i * 0.05).toFixed(2)}"/>`)
    .join('');
  const shadow = `<ellipse cx="${cx}" cy="${cy + 200 * scale}" rx="${200 * scale}" ry="${26 * scale}" fill="#000" fill-opacity=".12"/>`;
  const text = lines(p.title, 34);
  const band = n === 0 ? 110 + (text.length - 1) * 40 : 0;
  const caption =
    n === 0
      ? `<rect x="0" y="${H - band}" width="${W}" height="${band}" fill="#000" fill-opacity=".55"/><text x="40" y="${H - band + 62}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="38" font-weight="bold" fill="#fff">${text
          .map((t, i) => `<tspan x="40" dy="${i === 0 ? 0 : 46}">${xml(t)}</tspan>`)
          .join('')}</text>`
      : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<defs><linearGradient id="g" x1="0" y1="0" x2="${r(22) > 0.5 ? 1 : 0}" y2="1"><stop offset="0" stop-color="${bgFrom}"/><stop offset="1" stop-color="${bgTo}"/></linearGradient></defs>
<rect width="${W}" height="${H}" fill="url(#g)"/>${blobs}${floor}${shadow}
<g transform="translate(${cx.toFixed(0)} ${cy.toFixed(0)}) rotate(${angle.toFixed(1)}) scale(${scale.toFixed(2)})">${draw(c, d, r)}</g>${caption}
</svg>`;
}

/** A shop's round logo: its initials on its own colour. */
export function shopLogoSvg(name: string): string {
  const r = dice(`logo:${name}`);
  const hue = Math.floor(r(0) * 360);
  const initials = name
    .replace(/[’']\w*/g, '')
    .split(/[\s&-]+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
<rect width="256" height="256" fill="${hsl(hue, 0.55, 0.32)}"/><circle cx="${60 + r(1) * 140}" cy="${60 + r(2) * 140}" r="${70 + r(3) * 50}" fill="#fff" fill-opacity=".12"/>
<text x="128" y="150" text-anchor="middle" font-family="DejaVu Serif, Georgia, serif" font-size="96" font-weight="bold" fill="#fff">${xml(initials)}</text></svg>`;
}

/** A shop's banner: bands and shapes in the shop's colours, no text (the page says the name). */
export function shopBannerSvg(name: string): string {
  const r = dice(`banner:${name}`);
  const hue = Math.floor(r(0) * 360);
  const shapes = Array.from({ length: 7 }, (_, i) => {
    const x = Math.round(r(1 + i) * 1600);
    const y = Math.round(r(8 + i) * 400);
    const s = Math.round(40 + r(15 + i) * 160);
    const fill = hsl((hue + i * 25) % 360, 0.45, 0.45 + r(22 + i) * 0.3);
    return i % 2 ? `<circle cx="${x}" cy="${y}" r="${s}" fill="${fill}" fill-opacity=".5"/>` : `<rect x="${x}" y="${y}" width="${s * 2}" height="${s}" rx="${s / 4}" transform="rotate(${Math.round(r(29 + i) * 60 - 30)} ${x} ${y})" fill="${fill}" fill-opacity=".45"/>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="400" viewBox="0 0 1600 400">
<defs><linearGradient id="b" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${hsl(hue, 0.4, 0.75)}"/><stop offset="1" stop-color="${hsl((hue + 50) % 360, 0.45, 0.55)}"/></linearGradient></defs>
<rect width="1600" height="400" fill="url(#b)"/>${shapes}</svg>`;
}

/** An SVG rendered once and encoded as the stored photo and its thumbnail (what `processImage` gives for an upload). */
export async function renderPhoto(svg: string): Promise<ProcessedImage> {
  const { data, info } = await sharp(Buffer.from(svg)).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const scale = THUMB_MAX_EDGE / Math.max(info.width, info.height);
  const [main, thumb] = await Promise.all([
    // effort 0: several times faster to encode, and plenty for flat demo drawings
    sharp(data, raw).webp({ quality: 80, effort: 0 }).toBuffer(),
    sharp(data, raw)
      .resize({ width: Math.round(info.width * scale), height: Math.round(info.height * scale), kernel: 'linear' })
      .webp({ quality: 72, effort: 0 })
      .toBuffer(),
  ]);
  return { main, thumb, width: info.width, height: info.height };
}

/** An SVG rendered as WebP at its own size (logos and banners). */
export function renderWebp(svg: string): Promise<Buffer> {
  // a few per shop: worth the slower encoder that keeps gradients smooth
  return sharp(Buffer.from(svg)).webp({ quality: 85 }).toBuffer();
}

/** An SVG rendered as PNG (the file a demo download delivers). */
export function renderPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}
