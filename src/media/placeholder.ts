import { createHash } from 'node:crypto';
import { loadSharp } from './images.js';

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Splits a label into at most two lines of about `width` characters. */
function lines(label: string, width = 22): string[] {
  const words = label.replace(/\s+/g, ' ').trim().split(' ');
  const out: string[] = [''];
  for (const w of words) {
    const cur = out[out.length - 1];
    if (cur && (cur + ' ' + w).length > width) {
      if (out.length === 2) {
        out[1] = `${cur.slice(0, width - 1)}…`;
        return out;
      }
      out.push(w);
    } else out[out.length - 1] = cur ? `${cur} ${w}` : w;
  }
  return out.map((l) => (l.length > width + 6 ? `${l.slice(0, width + 5)}…` : l));
}

/**
 * A pleasant demo picture made locally: a two-colour gradient and soft shapes
 * whose colours and places follow from `seed`, with a short label. Text uses
 * generic font families, so whatever fonts the machine has are used and none
 * are downloaded. Returns PNG bytes (1200×900).
 */
export async function createPlaceholderImage(seed: string, label: string): Promise<Buffer> {
  const h = createHash('sha256').update(seed).digest();
  const hue = (h[0] * 256 + h[1]) % 360;
  const from = hslToHex(hue, 0.62, 0.62);
  const to = hslToHex((hue + 35 + (h[2] % 50)) % 360, 0.55, 0.38);
  const shapes = [0, 1, 2, 3]
    .map((i) => {
      const cx = 100 + ((h[3 + i * 3] * 1000) >> 8);
      const cy = 80 + ((h[4 + i * 3] * 740) >> 8);
      const r = 80 + (h[5 + i * 3] % 220);
      return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#ffffff" fill-opacity="${(0.06 + (i % 3) * 0.04).toFixed(2)}"/>`;
    })
    .join('');
  const text = lines(label);
  const y0 = 450 - (text.length - 1) * 42;
  const tspans = text.map((t, i) => `<tspan x="600" y="${y0 + i * 90}">${xml(t)}</tspan>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900" viewBox="0 0 1200 900">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
  <rect width="1200" height="900" fill="url(#g)"/>${shapes}
  <text text-anchor="middle" dominant-baseline="middle" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="72" font-weight="bold" fill="#ffffff" fill-opacity="0.92">${tspans}</text>
</svg>`;
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg)).png().toBuffer();
}
