import { Deck, type Layer } from '@deck.gl/core';
import { Cartesian3, SceneTransforms, type Scene } from 'cesium';
import { CesiumView, cameraMatrices, toLocal, type LocalFrame } from './cesium-deck.view.ts';

// One Deck instance on a canvas laid exactly over Cesium's, redrawn synchronously inside Cesium's
// postRender: both canvases show the same camera in the same browser frame, so nothing lags while
// the camera flies. Deck never sees input (pointer-events: none) and never owns the camera.

// deck types view states per built-in view; ours carries raw matrices, which its base Viewport takes.
const asDeckViewState = (v: { viewMatrix: number[]; projectionMatrix: number[] } | null) => (v ?? undefined) as never;

export interface RegisterCheck {
  /** worst pixel distance between Cesium's and deck's projection of the probe points */
  maxErrorPx: number;
  probes: number;
}

export class DeckOverlay {
  readonly canvas: HTMLCanvasElement;
  private deck: Deck<CesiumView[]> | null = null;
  private layers: Layer[] = [];
  private visible = true;
  private removePostRender: (() => void) | null = null;
  private readonly view = new CesiumView({ id: 'cesium' });
  /** ms spent in our postRender hook (matrix derivation + deck draw call submission) */
  lastFrameMs = 0;
  frames = 0;
  errors = 0;

  constructor(
    private readonly scene: Scene,
    readonly frame: LocalFrame,
    private readonly onError: (message: string) => void,
  ) {
    const host = scene.canvas.parentElement ?? document.body;
    if (getComputedStyle(host).position === 'static') host.style.position = 'relative';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'gw-deck-overlay';
    Object.assign(this.canvas.style, {
      position: 'absolute',
      left: '0',
      top: '0',
      width: '100%',
      height: '100%',
      pointerEvents: 'none',
    });
    host.appendChild(this.canvas);
    this.deck = new Deck<CesiumView[]>({
      canvas: this.canvas,
      views: [this.view],
      viewState: asDeckViewState(this.viewState()),
      controller: false,
      // Only Cesium's frame drives drawing; deck's own loop would draw one frame late.
      _animate: false,
      useDevicePixels: Math.min(window.devicePixelRatio || 1, 2),
      layers: [],
      onError: (error) => {
        this.errors++;
        this.onError(`deck: ${error.message}`);
      },
    });
    this.removePostRender = scene.postRender.addEventListener(() => this.draw());
  }

  private viewState(): { viewMatrix: number[]; projectionMatrix: number[] } | null {
    const { clientWidth: w, clientHeight: h } = this.scene.canvas;
    if (!w || !h) return null;
    const m = cameraMatrices(this.scene.camera, this.frame, w / h);
    return m && { viewMatrix: m.viewMatrix, projectionMatrix: m.projectionMatrix };
  }

  setLayers(layers: Layer[]): void {
    this.layers = layers;
    this.deck?.setProps({ layers: this.visible ? layers : [] });
    this.scene.requestRender();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.canvas.style.display = visible ? '' : 'none';
    this.deck?.setProps({ layers: visible ? this.layers : [] });
    this.scene.requestRender();
  }

  private draw(): void {
    if (!this.deck || !this.visible) return;
    const t0 = performance.now();
    try {
      const viewState = this.viewState();
      if (!viewState) return;
      this.deck.setProps({ viewState: asDeckViewState(viewState) });
      this.deck.redraw('cesium-frame');
      this.frames++;
    } catch (err) {
      this.errors++;
      this.onError(`deck overlay: ${(err as Error).message}`);
    } finally {
      this.lastFrameMs = performance.now() - t0;
    }
  }

  /**
   * Projects probe points with Cesium (SceneTransforms) and with deck's current viewport and returns
   * the worst disagreement in CSS pixels: the proof that the two canvases stay in register.
   */
  checkRegister(points: readonly [number, number, number][]): RegisterCheck {
    const viewState = this.viewState();
    const deck = this.deck;
    if (!viewState || !deck) return { maxErrorPx: NaN, probes: 0 };
    const viewport = this.view.makeViewport({
      width: this.scene.canvas.clientWidth,
      height: this.scene.canvas.clientHeight,
      viewState: viewState as never,
    });
    if (!viewport) return { maxErrorPx: NaN, probes: 0 };
    let maxErrorPx = 0;
    let probes = 0;
    for (const [lng, lat, height] of points) {
      const c = SceneTransforms.worldToWindowCoordinates(this.scene, Cartesian3.fromDegrees(lng, lat, height));
      if (!c) continue;
      const [x, y] = viewport.project(toLocal(this.frame, lng, lat, height));
      if (x < 0 || y < 0 || x > viewport.width || y > viewport.height) continue;
      maxErrorPx = Math.max(maxErrorPx, Math.hypot(x - c.x, y - c.y));
      probes++;
    }
    return { maxErrorPx, probes };
  }

  destroy(): void {
    this.removePostRender?.();
    this.removePostRender = null;
    this.deck?.finalize();
    this.deck = null;
    this.canvas.remove();
  }
}
