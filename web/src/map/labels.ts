import L from 'leaflet';
import { cullOverlaps, LABEL_MIN_ZOOM, type LabelKind, type MapLabel } from './orient';

const FONT_PX: Record<LabelKind, number> = { street: 15, community: 13, grid: 12 };
const ORDER: Record<LabelKind, number> = { street: 0, community: 1, grid: 2 };

/**
 * Names on the offline base map: streets from afar, communities closer, grids closest; a label
 * that would overlap a more important one is left out at that zoom. Drawn as plain text in a
 * pane between the outline and the markers, never catching taps.
 */
export class LabelLayer extends L.Layer {
  private box: HTMLElement | null = null;

  constructor(
    private labels: MapLabel[],
    private project: (l: MapLabel) => [number, number],
  ) {
    super();
  }

  setLabels(labels: MapLabel[]): this {
    this.labels = labels;
    this.redraw();
    return this;
  }

  override onAdd(map: L.Map): this {
    const pane = map.getPane('lx-labels') ?? map.createPane('lx-labels');
    pane.style.zIndex = '420';
    pane.style.pointerEvents = 'none';
    this.box = L.DomUtil.create('div', 'lx-labels leaflet-zoom-hide', pane);
    this.box.setAttribute('data-testid', 'map-labels');
    map.on('zoomend moveend resize', this.redraw, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('zoomend moveend resize', this.redraw, this);
    this.box?.remove();
    this.box = null;
    return this;
  }

  private redraw(): void {
    const map = this._map as L.Map | undefined;
    const box = this.box;
    if (!map || !box) return;
    const zoom = map.getZoom();
    const size = map.getSize();
    const shown = this.labels
      .filter((l) => zoom >= LABEL_MIN_ZOOM[l.kind])
      .sort((a, b) => ORDER[a.kind] - ORDER[b.kind])
      .map((l) => {
        const pt = map.latLngToContainerPoint(this.project(l));
        const px = FONT_PX[l.kind];
        // CJK text is about one em per character; a few pixels of halo on each side
        const w = [...l.text].length * px + 6;
        return { l, pt, box: { x: pt.x - w / 2, y: pt.y - px - 8, w, h: px + 6 } };
      })
      .filter(({ pt }) => pt.x > -80 && pt.y > -20 && pt.x < size.x + 80 && pt.y < size.y + 20);
    const keep = cullOverlaps(shown.map((s) => s.box));
    const html: string[] = [];
    for (const i of keep) {
      const { l, pt } = shown[i]!;
      const at = map.containerPointToLayerPoint(pt);
      html.push(
        `<span class="lx-label is-${l.kind}" style="transform:translate(${Math.round(at.x)}px,${Math.round(at.y)}px)">${escapeHtml(l.text)}</span>`,
      );
    }
    box.innerHTML = html.join('');
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
