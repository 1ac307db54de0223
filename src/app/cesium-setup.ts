import {
  buildModuleUrl,
  Color,
  EllipsoidTerrainProvider,
  ImageryLayer,
  Rectangle,
  TileMapServiceImageryProvider,
  UrlTemplateImageryProvider,
  WebMercatorTilingScheme,
  type Viewer,
} from 'cesium';
import { planGroundLayers, type GroundMeta } from './ground-plan.ts';

export const GROUND_META_URL = '/tiles/ground/ground.json';
export const GROUND_TILE_URL = '/tiles/ground/{z}/{x}/{y}.png';
export { validateGroundMeta, type GroundMeta } from './ground-plan.ts';

/**
 * Constructor options for the wall's Viewer: only what the wall uses, and nothing that talks to a
 * server other than ours (no default imagery, terrain, geocoder or picker that would reach out).
 */
export function viewerOptions() {
  return {
    baseLayer: ImageryLayer.fromProviderAsync(
      TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')),
      {
        brightness: 0.75,
        saturation: 0.7,
      },
    ),
    terrainProvider: new EllipsoidTerrainProvider(),
    animation: false,
    timeline: false,
    baseLayerPicker: false,
    geocoder: false,
    homeButton: false,
    sceneModePicker: false,
    navigationHelpButton: false,
    fullscreenButton: false,
    vrButton: false,
    infoBox: false,
    selectionIndicator: false,
    scene3DOnly: true,
    // The wall runs unattended for days: render only when something changed.
    requestRenderMode: true,
    maximumRenderTimeChange: Number.POSITIVE_INFINITY,
    // A render error must not freeze the city behind a modal: the engine records it and recovers.
    showRenderLoopErrors: false,
    shadows: false,
    orderIndependentTranslucency: false,
  } as const;
}

/** Our own ground imagery over the district, above the Natural Earth base. */
export function addGroundImagery(
  viewer: Viewer,
  meta: GroundMeta,
  onTileError: (message: string) => void,
): ImageryLayer[] {
  return planGroundLayers(meta).map((plan) => {
    const provider = new UrlTemplateImageryProvider({
      url: GROUND_TILE_URL,
      tilingScheme: new WebMercatorTilingScheme(),
      minimumLevel: plan.minimumLevel,
      maximumLevel: plan.maximumLevel,
      rectangle: Rectangle.fromDegrees(...plan.rectangle),
      credit: 'gridwall ground',
    });
    provider.errorEvent.addEventListener((err: { message?: string; x?: number; y?: number; level?: number }) => {
      onTileError(`ground tile ${err.level}/${err.x}/${err.y}: ${err.message ?? 'failed'}`);
    });
    const layer = new ImageryLayer(
      provider,
      plan.minimumTerrainLevel === undefined ? {} : { minimumTerrainLevel: plan.minimumTerrainLevel },
    );
    viewer.imageryLayers.add(layer);
    return layer;
  });
}

/** Command-hall look: dark globe and background, no sun glare. */
export function styleScene(viewer: Viewer): void {
  const { scene } = viewer;
  scene.backgroundColor = Color.fromCssColorString('#02060c');
  scene.globe.baseColor = Color.fromCssColorString('#0a1420');
  scene.globe.enableLighting = false;
  scene.globe.showGroundAtmosphere = false;
  if (scene.sun) scene.sun.show = false;
  if (scene.moon) scene.moon.show = false;
  scene.fog.enabled = true;
  scene.globe.maximumScreenSpaceError = 2;
  scene.screenSpaceCameraController.enableCollisionDetection = true;
  scene.screenSpaceCameraController.minimumZoomDistance = 80;
  scene.screenSpaceCameraController.maximumZoomDistance = 400_000;
}
