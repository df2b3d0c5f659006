import L from 'leaflet';

/**
 * A small canvas heat layer (no plugin): each point adds a soft radial blot to an alpha
 * buffer, then the buffer is coloured through a blue→yellow→red palette.
 */
export class HeatLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private palette: Uint8ClampedArray;

  constructor(
    private points: [number, number][],
    private radius = 22,
  ) {
    super();
    this.palette = makePalette();
  }

  setPoints(points: [number, number][]): this {
    this.points = points;
    this.redraw();
    return this;
  }

  override onAdd(map: L.Map): this {
    const c = L.DomUtil.create('canvas', 'lx-heat leaflet-zoom-hide') as HTMLCanvasElement;
    c.setAttribute('aria-hidden', 'true');
    this.canvas = c;
    // Above the outline's fill (overlayPane, z 400), below markers (600).
    const pane = map.getPane('lx-heat') ?? map.createPane('lx-heat');
    pane.style.zIndex = '450';
    pane.style.pointerEvents = 'none';
    pane.appendChild(c);
    map.on('moveend zoomend resize', this.redraw, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend zoomend resize', this.redraw, this);
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  private redraw(): void {
    const map = this._map as L.Map | undefined;
    const c = this.canvas;
    if (!map || !c) return;
    const size = map.getSize();
    c.width = size.x;
    c.height = size.y;
    L.DomUtil.setPosition(c, map.containerPointToLayerPoint([0, 0]));
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const r = this.radius;
    const blot = document.createElement('canvas');
    blot.width = blot.height = r * 2;
    const b = blot.getContext('2d')!;
    const g = b.createRadialGradient(r, r, 0, r, r, r);
    g.addColorStop(0, 'rgba(0,0,0,0.5)');
    g.addColorStop(1, 'rgba(0,0,0,0)');
    b.fillStyle = g;
    b.fillRect(0, 0, r * 2, r * 2);
    for (const [lat, lng] of this.points) {
      const p = map.latLngToContainerPoint([lat, lng]);
      if (p.x < -r || p.y < -r || p.x > size.x + r || p.y > size.y + r) continue;
      ctx.drawImage(blot, p.x - r, p.y - r);
    }
    if (!size.x || !size.y) return;
    const img = ctx.getImageData(0, 0, size.x, size.y);
    const d = img.data;
    for (let i = 3; i < d.length; i += 4) {
      const a = d[i]!;
      if (!a) continue;
      const o = Math.min(255, a) * 4;
      d[i - 3] = this.palette[o]!;
      d[i - 2] = this.palette[o + 1]!;
      d[i - 1] = this.palette[o + 2]!;
      d[i] = Math.min(220, a + 90);
    }
    ctx.putImageData(img, 0, 0);
  }
}

function makePalette(): Uint8ClampedArray {
  const c = document.createElement('canvas');
  c.width = 256;
  c.height = 1;
  const ctx = c.getContext('2d')!;
  const g = ctx.createLinearGradient(0, 0, 256, 0);
  g.addColorStop(0.1, '#2b83ba');
  g.addColorStop(0.4, '#abdda4');
  g.addColorStop(0.6, '#fdae61');
  g.addColorStop(1, '#d7191c');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, 256, 1);
  return ctx.getImageData(0, 0, 256, 1).data;
}
