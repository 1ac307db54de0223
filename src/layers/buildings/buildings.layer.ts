import { Cesium3DTileFeature, Cesium3DTileset, Cesium3DTileStyle } from 'cesium';
import type { Translate } from '../../i18n/i18n.ts';
import type { MessageKey } from '../../i18n/messages.types.ts';
import type { Focus } from '../../state/area-id.ts';
import type { WallState } from '../../state/wall.model.ts';
import { layerState } from '../../state/wall.model.ts';
import type { LayerContext, LayerDiagnostics, LegendEntry, PickHit, WallLayer } from '../layer.types.ts';
import { buildingStyleFor, DIMMED_COLOR, SELECTED_COLOR, USE_COLORS } from './buildings.style.ts';

export const TILESET_URL = '/tiles/buildings/tileset.json';

/** The 3D city model (3D Tiles 1.1 with per-building metadata), styled by the current focus. */
export class BuildingsLayer implements WallLayer {
  readonly id = 'buildings';
  private ctx: LayerContext | null = null;
  private tileset: Cesium3DTileset | null = null;
  private focus: Focus | null = null;
  private visible = true;
  private failed = false;
  private initialLoaded = false;
  private loaded = 0;
  private failedTiles = 0;
  private errors: string[] = [];
  private destroyed = false;
  /** The focus the current style was built for ('' until one applies): what the tests check. */
  private styledFor = '';
  /** At district scale on a street token: the street kept lit while the rest is dimmed ('' otherwise). */
  private contextFor = '';

  async create(ctx: LayerContext): Promise<void> {
    this.ctx = ctx;
    try {
      const tileset = await Cesium3DTileset.fromUrl(TILESET_URL, {
        maximumScreenSpaceError: 16,
        // The wall sits still for hours: keep what it loaded instead of re-fetching on small moves.
        cacheBytes: 768 * 1024 * 1024,
      });
      if (this.destroyed) {
        tileset.destroy();
        return;
      }
      tileset.tileLoad.addEventListener(() => {
        this.loaded++;
      });
      tileset.tileFailed.addEventListener((err: { url?: string; message?: string }) => {
        this.failedTiles++;
        this.report(`buildings: tile failed ${err?.url ?? ''} ${err?.message ?? ''}`.trim());
      });
      tileset.initialTilesLoaded.addEventListener(() => {
        this.initialLoaded = true;
        ctx.requestRender();
      });
      tileset.show = this.visible;
      this.tileset = ctx.scene.primitives.add(tileset);
      ctx.scene.primitives.lowerToBottom(tileset);
      if (this.focus) this.applyStyle(this.focus);
      ctx.requestRender();
    } catch (err) {
      this.failed = true;
      this.report(`buildings: tileset ${TILESET_URL} failed to load: ${(err as Error).message ?? err}`);
    }
  }

  update(state: WallState): void {
    const layer = layerState(state, this.id);
    if (layer.visible !== this.visible) this.setVisible(layer.visible);
    if (!state.index) return;
    if (this.focus && this.focus.id === state.focus.id && this.focus.level === state.focus.level) return;
    this.focus = state.focus;
    this.applyStyle(state.focus);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (this.tileset) this.tileset.show = visible;
    this.ctx?.requestRender();
  }

  legend(state: WallState, t: Translate): LegendEntry | null {
    // At district scale the buildings are specks: their key would only push the district's own
    // figures out of the column they share.
    if (!this.visible || state.focus.level === 'district') return null;
    if (state.focus.level === 'grid') {
      return {
        layerId: this.id,
        title: t('layer.buildings'),
        items: [
          { color: SELECTED_COLOR, label: t('legend.selected') },
          { color: DIMMED_COLOR, label: t('legend.others') },
        ],
      };
    }
    return {
      layerId: this.id,
      title: t('layer.buildings'),
      items: Object.entries(USE_COLORS).map(([use, color]) => ({ color, label: t(`use.${use}` as MessageKey) })),
    };
  }

  pick(picked: unknown): PickHit | null {
    if (!(picked instanceof Cesium3DTileFeature)) return null;
    const gridId = picked.getProperty('gridId');
    // A building stands in its grid: the click or hover belongs to the grid layer's area.
    return typeof gridId === 'string' ? { layerId: 'grids', id: gridId } : null;
  }

  diagnostics(): LayerDiagnostics {
    return {
      count: this.loaded,
      visible: this.visible,
      // initialTilesLoaded only fires after some tile was requested; a view that needs no tile
      // content (e.g. the whole model far away) is settled once the tileset reports nothing pending.
      settled: this.failed || this.initialLoaded || (this.tileset?.tilesLoaded ?? false),
      errors: [...this.errors],
      extra: {
        styledFor: this.styledFor,
        contextFor: this.contextFor,
        loaded: this.initialLoaded,
        tilesLoaded: this.loaded,
        tilesFailed: this.failedTiles,
        failed: this.failed,
        allTilesLoaded: this.tileset?.tilesLoaded ?? false,
      },
    };
  }

  destroy(): void {
    this.destroyed = true;
    if (this.tileset && this.ctx) this.ctx.scene.primitives.remove(this.tileset);
    this.tileset = null;
    this.ctx = null;
  }

  private applyStyle(focus: Focus) {
    if (!this.tileset) return;
    // A street hall's wall drilled up to the district: its street stands out, the rest of the
    // district is context, dimmed (its live data is not this wall's to see)
    const scope = this.ctx?.live.current()?.client.scope;
    const styleFocus: Focus =
      focus.level === 'district' && scope && scope !== 'district' ? { level: 'street', id: scope } : focus;
    try {
      this.tileset.style = new Cesium3DTileStyle(buildingStyleFor(styleFocus));
      this.styledFor = `${focus.level}:${focus.id}`;
      this.contextFor = styleFocus === focus ? '' : styleFocus.id;
    } catch (err) {
      this.report(`buildings: style failed: ${(err as Error).message}`);
    }
    this.ctx?.requestRender();
  }

  private report(message: string) {
    if (this.errors.length < 20) this.errors.push(message);
    this.ctx?.reportError(message);
  }
}

export const buildingsLayer = (): WallLayer => new BuildingsLayer();
