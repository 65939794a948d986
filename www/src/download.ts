// Files out of the page: scenario, results and charts. Everything is made in the page; no
// request leaves it.

import { FONT } from './charts';

export function downloadText(filename: string, text: string, type: string) {
  downloadBlob(filename, new Blob([text], { type }));
}

export function downloadBlob(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** A file-name-safe version of a scenario name. */
export function fileStem(name: string): string {
  return (
    (name || 'scenario')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'scenario'
  );
}

const NS = 'http://www.w3.org/2000/svg';

/**
 * A standalone SVG of a chart: the plot with a title above and the provenance below, on a
 * white background, with fonts and colours written out (no page stylesheet needed).
 */
export function standaloneSvg(
  chart: SVGSVGElement,
  title: string,
  subtitle: string,
  footer: string,
): string {
  const width = Number(chart.getAttribute('width')) || chart.viewBox.baseVal.width || 640;
  const height = Number(chart.getAttribute('height')) || chart.viewBox.baseVal.height || 240;
  const top = subtitle ? 48 : 30;
  const bottom = 26;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('xmlns', NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height + top + bottom));
  svg.setAttribute('viewBox', `0 0 ${width} ${height + top + bottom}`);
  svg.setAttribute('font-family', FONT);
  const bg = document.createElementNS(NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', 'white');
  svg.append(bg);
  const text = (y: number, s: string, size: number, weight: string, fill: string) => {
    const t = document.createElementNS(NS, 'text');
    t.setAttribute('x', '8');
    t.setAttribute('y', String(y));
    t.setAttribute('font-size', String(size));
    t.setAttribute('font-weight', weight);
    t.setAttribute('fill', fill);
    t.textContent = s;
    svg.append(t);
  };
  text(20, title, 15, '600', '#1f2933');
  if (subtitle) text(38, subtitle, 11.5, '400', '#52606d');
  const inner = chart.cloneNode(true) as SVGSVGElement;
  inner.setAttribute('x', '0');
  inner.setAttribute('y', String(top));
  // Drop the interactive pointer marks (tip, crosshair) from the file.
  inner.querySelectorAll('[aria-label="tip"], .pointer-rule').forEach((n) => n.remove());
  inner.style.color = '#1f2933';
  svg.append(inner);
  text(height + top + 18, footer, 10.5, '400', '#52606d');
  const xml = new XMLSerializer().serializeToString(svg);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

/** Render SVG text to a PNG at twice its size (for sharp images in documents). */
export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const root = doc.documentElement;
  const width = Number(root.getAttribute('width')) || 640;
  const height = Number(root.getAttribute('height')) || 300;
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not draw the chart'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no canvas');
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
